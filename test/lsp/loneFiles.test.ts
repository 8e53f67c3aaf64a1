// A document outside the workspace folders (or with no folder open: `code overlays/prod/patch.yaml`), through the
// protocol: the kustomizations above it, up to the repository's root, and what their builds include are read into the
// index before its first check (server/src/indexer/kustomizeContext.ts), so an overlay's Rollout patch is checked as a
// patch — no whole-object errors — and against the base's Rollout. An open kustomization stands for its file: an
// unsaved edit that drops the patch entry makes the patch a whole object, closing it without saving makes it a patch
// again (the build's files go back to their disk text, not out of the index). With a client that takes watchers with a
// base folder (LSP 3.17 `relativePatternSupport`, as VS Code's language client), each folder of the builds is watched
// (not its subfolders), and each folder of the walk up for its kustomization alone, and the index follows the disk: a
// base Rollout changed, deleted or created again, a kustomization that includes another file, or one created where
// there was none, re-check the patch; so does a kustomization typed in the editor, unsaved; the last document of the
// folder closed gives the watchers up. Without it nothing is registered for them and they are read once (a
// kustomization typed in the editor still walks them again).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient, delay, type StartOptions } from './client';
import { writeFiles } from '../support/files';
import { LOSSY_PATCH as PATCH, OVERLAY_KUSTOMIZATION as KUSTOMIZATION, WEB_ROLLOUT as ROLLOUT } from '../support/kustomizeFixtures';

const tmp = mkdtempSync(join(tmpdir(), 'rp lone files-'));
const clients: LspClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
  rmSync(tmp, { recursive: true, force: true });
});

function repo(name: string): string {
  const root = join(tmp, name);
  writeFiles(root, {
    'base/kustomization.yaml': 'resources: [rollout.yaml]\n',
    'base/rollout.yaml': ROLLOUT,
    'overlays/prod/kustomization.yaml': KUSTOMIZATION,
    'overlays/prod/patch.yaml': PATCH,
  });
  mkdirSync(join(root, '.git'));
  return root;
}

async function start(rootUri?: string, opts: StartOptions = {}): Promise<LspClient> {
  const c = await LspClient.start({ ...opts, ...(rootUri ? { rootUri } : {}) });
  clients.push(c);
  if (rootUri) await c.firstRead();
  return c;
}

const codes = (ds: Array<{ code?: unknown }>) => ds.map((d) => String(d.code));

/** Opens the overlay's patch of the repository at `root`, as the editor would: its URI and its first diagnostics. */
async function openPatch(c: LspClient, root: string): Promise<{ u: string; first: Diagnostic[] }> {
  const u = pathToFileURL(join(root, 'overlays/prod/patch.yaml')).href;
  await c.open(u, PATCH);
  return { u, first: await c.diagnosticsFor(u, 1) };
}


/** The base Rollout with a sidecar, which the patch's containers list (`web` alone) drops. */
const ROLLOUT_WITH_SIDECAR = ROLLOUT.replace('}}}]', '}}}, {name: log-shipper, image: busybox}]');
const dropsSidecar = (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === 'rollout-patch-replaces-list' && /`log-shipper`/.test(d.message));

/** The file watchers the server registered (workspace/didChangeWatchedFiles), with their registration's id. */
function watchers(c: LspClient): Array<{ id: string; globPattern: unknown }> {
  return c.registrations
    .filter((r) => r.method === 'workspace/didChangeWatchedFiles')
    .flatMap((r) => (r.registerOptions as { watchers: Array<{ globPattern: unknown }> }).watchers.map((w) => ({ id: r.id, globPattern: w.globPattern })));
}

/** The registrations sent with a base folder, by their base folder (a file: URI). */
const relative = (c: LspClient) =>
  watchers(c)
    .filter((w) => typeof w.globPattern === 'object')
    .map((w) => ({ id: w.id, ...(w.globPattern as { baseUri: string; pattern: string }) }));

/** What VS Code sends when its watcher sees files change: `workspace/didChangeWatchedFiles`. */
function changed(c: LspClient, ...changes: Array<[path: string, type: 1 | 2 | 3]>): Promise<void> {
  return c.notify('workspace/didChangeWatchedFiles', { changes: changes.map(([path, type]) => ({ uri: pathToFileURL(path).href, type })) });
}
/** The pattern of a walk-up folder's watcher (its kustomization alone), and of a folder of the builds that the walk up
 * visits too (all its YAML files, and a `Kustomization`). */
const KUSTOMIZATIONS = '{kustomization.yaml,kustomization.yml,Kustomization}';
const YAML_AND_KUSTOMIZATION = '{*.yaml,*.yml,Kustomization}';
const dirUri = (root: string, dir: string) => pathToFileURL(join(root, dir)).href.replace(/\/$/, '');
const CREATED = 1;
const CHANGED = 2;
const DELETED = 3;

test('no folder open: a Rollout patch opened alone is a patch, judged against the base\'s Rollout', async () => {
  const root = repo('no-folder');
  const c = await start();
  const { first: ds } = await openPatch(c, root);
  assert.deepEqual(codes(ds), ['rollout-patch-replaces-list'], JSON.stringify(ds));
  assert.match(ds[0]!.message, /^Container `web` of Rollout `web` loses `resources`/);
  // a client that lets the server register no watchers is asked for none
  assert.deepEqual(c.registrations, []);
});

test('a folder open elsewhere: the same for a file outside it; an unsaved kustomization edit counts, closing it restores the disk\'s', async () => {
  const root = repo('outside');
  const other = join(tmp, 'other-folder');
  writeFiles(other, { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n' });
  const c = await start(pathToFileURL(other).href);
  const { u, first } = await openPatch(c, root);
  assert.deepEqual(codes(first), ['rollout-patch-replaces-list']);

  // the kustomization opened and edited (not saved): the patch is no longer listed, so it is a whole Rollout
  const k = pathToFileURL(join(root, 'overlays/prod/kustomization.yaml')).href;
  await c.open(k, KUSTOMIZATION);
  await c.change(k, 2, [{ text: 'resources: [../../base, patch.yaml]\n' }]);
  const whole = await c.diagnostics(u, (p) => p.diagnostics.some((d) => d.code === 'argo-selector'));
  assert.ok(!codes(whole.diagnostics).includes('rollout-patch-replaces-list'), JSON.stringify(whole.diagnostics));
  // closed without saving: the disk's kustomization again, and the patch a patch
  await c.close(k);
  const back = await c.diagnostics(u, (p) => codes(p.diagnostics).join() === 'rollout-patch-replaces-list');
  assert.deepEqual(codes(back.diagnostics), ['rollout-patch-replaces-list']);
});

test('without any kustomization around it, a file opened alone is a whole object', async () => {
  const loose = join(tmp, 'loose');
  writeFiles(loose, { 'patch.yaml': PATCH });
  mkdirSync(join(loose, '.git'));
  const c = await start();
  const u = pathToFileURL(join(loose, 'patch.yaml')).href;
  await c.open(u, PATCH);
  const found = codes(await c.diagnosticsFor(u, 1));
  assert.ok(found.includes('argo-selector'), found.join(' '));
  assert.ok(!found.includes('rollout-patch-replaces-list'), found.join(' '));
});

test('the builds\' folders are watched: the base Rollout changed, deleted and created again on disk re-checks the patch', async () => {
  const root = repo('followed');
  const c = await start(undefined, { relativePatterns: true });
  const { u, first } = await openPatch(c, root);
  assert.deepEqual(codes(first), ['rollout-patch-replaces-list']);
  // one registration: a watcher for each folder of the builds (the base's, the overlay's), not for their subfolders,
  // and for the kustomization of each folder above the patch up to the repository's root
  assert.deepEqual(
    relative(c).map(({ baseUri, pattern }) => ({ baseUri, pattern })),
    [
      { baseUri: dirUri(root, ''), pattern: KUSTOMIZATIONS },
      { baseUri: dirUri(root, 'base'), pattern: '*.{yaml,yml}' },
      { baseUri: dirUri(root, 'overlays'), pattern: KUSTOMIZATIONS },
      { baseUri: dirUri(root, 'overlays/prod'), pattern: YAML_AND_KUSTOMIZATION },
    ],
  );
  assert.equal(new Set(relative(c).map((w) => w.id)).size, 1);
  const base = join(root, 'base/rollout.yaml');

  // the base gains a sidecar: the patch's list drops it
  writeFiles(root, { 'base/rollout.yaml': ROLLOUT_WITH_SIDECAR });
  await changed(c, [base, CHANGED]);
  const dropped = await c.diagnostics(u, dropsSidecar);
  assert.deepEqual(codes(dropped.diagnostics), ['rollout-patch-replaces-list', 'rollout-patch-replaces-list'], JSON.stringify(dropped.diagnostics));

  // deleted: no Rollout to judge the patch against
  rmSync(base);
  await changed(c, [base, DELETED]);
  const gone = await c.diagnostics(u, (p) => !codes(p.diagnostics).includes('rollout-patch-replaces-list'));
  assert.ok(!codes(gone.diagnostics).includes('argo-selector'), `still a patch: ${JSON.stringify(gone.diagnostics)}`);

  // created again, without the sidecar: the first finding alone
  writeFiles(root, { 'base/rollout.yaml': ROLLOUT });
  await changed(c, [base, CREATED]);
  const back = await c.diagnostics(u, (p) => codes(p.diagnostics).join() === 'rollout-patch-replaces-list');
  assert.match(back.diagnostics[0]!.message, /^Container `web` of Rollout `web` loses `resources`/);
});

test('a kustomization changed on disk walks the builds again: the Rollout it now includes comes in', async () => {
  const root = repo('rewalked');
  // beside the base, not in its build (yet)
  writeFiles(root, { 'base/rollout-sidecar.yaml': ROLLOUT_WITH_SIDECAR });
  const c = await start(undefined, { relativePatterns: true });
  const { u, first } = await openPatch(c, root);
  assert.deepEqual(codes(first), ['rollout-patch-replaces-list']);
  assert.ok(!first.some((d) => /log-shipper/.test(d.message)), 'a file no build names is not read');
  // the base now builds the other file instead
  writeFiles(root, { 'base/kustomization.yaml': 'resources: [rollout-sidecar.yaml]\n' });
  await changed(c, [join(root, 'base/kustomization.yaml'), CHANGED]);
  const now = await c.diagnostics(u, dropsSidecar);
  assert.equal(now.diagnostics.length, 2, JSON.stringify(now.diagnostics));
});

test('the last document of a folder closed: its builds\' watchers are given up; opened again, they come back', async () => {
  const root = repo('released');
  const c = await start(undefined, { relativePatterns: true });
  // the base's Rollout opened alone: its build is the base folder's
  const r = pathToFileURL(join(root, 'base/rollout.yaml')).href;
  await c.open(r, ROLLOUT);
  await c.diagnosticsFor(r, 1);
  assert.deepEqual(relative(c).map((w) => w.baseUri), [dirUri(root, ''), dirUri(root, 'base')]);
  // the overlay's patch: a registration of its own, for the overlay's folder and the base's (and the walk up's)
  const { u, first } = await openPatch(c, root);
  assert.deepEqual(codes(first), ['rollout-patch-replaces-list']);
  const patchWatchers = relative(c).filter((w) => w.id !== relative(c)[0]!.id);
  assert.deepEqual(patchWatchers.map((w) => w.baseUri), ['', 'base', 'overlays', 'overlays/prod'].map((d) => dirUri(root, d)));
  assert.equal(c.unregistrations.length, 0);
  // closed: the patch's registration goes, the base's stays (its Rollout is still open)
  await c.close(u);
  for (let i = 0; i < 100 && c.unregistrations.length === 0; i++) await delay(20);
  assert.deepEqual(c.unregistrations, [{ id: patchWatchers[0]!.id, method: 'workspace/didChangeWatchedFiles' }]);
  // the base is still followed on disk for the open Rollout's own build (no error from a file the closed build held)
  await changed(c, [join(root, 'overlays/prod/kustomization.yaml'), CHANGED]);
  // opened again: read and watched again, judged as before
  await c.open(u, PATCH, 2);
  assert.deepEqual(codes(await c.diagnosticsFor(u, 2)), ['rollout-patch-replaces-list']);
  assert.equal(new Set(relative(c).map((w) => w.id)).size, 3);
});

test('a folder of the builds inside the workspace is not watched again (the workspace\'s watcher reports its files)', async () => {
  const root = repo('half-in');
  // the base is the workspace folder; the overlay is outside it
  const c = await start(pathToFileURL(join(root, 'base')).href, { relativePatterns: true });
  const { u, first } = await openPatch(c, root);
  assert.deepEqual(codes(first), ['rollout-patch-replaces-list']);
  assert.deepEqual(relative(c).map((w) => w.baseUri), ['', 'overlays', 'overlays/prod'].map((d) => dirUri(root, d)));
  // the base changed: reported by the workspace's watcher, and the patch follows
  const base = join(root, 'base/rollout.yaml');
  writeFiles(root, { 'base/rollout.yaml': ROLLOUT_WITH_SIDECAR });
  await changed(c, [base, CHANGED]);
  await c.diagnostics(u, dropsSidecar);
});

test('a client without relativePatternSupport: no watcher for the builds, which are read once, and the patch checked as before', async () => {
  const root = repo('unwatched');
  const other = join(tmp, 'unwatched-folder');
  writeFiles(other, { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n' });
  const c = await start(pathToFileURL(other).href);
  const { first } = await openPatch(c, root);
  assert.deepEqual(codes(first), ['rollout-patch-replaces-list']);
  // the workspace folder's watcher only (a glob, no base folder)
  assert.deepEqual(watchers(c).map((w) => w.globPattern), ['**/*.{yaml,yml}']);
  assert.ok(c.alive);
});

/** A repository whose overlay holds the patch and no kustomization yet: nothing above it has one either. */
function bareOverlay(name: string): string {
  const root = join(tmp, name);
  writeFiles(root, { 'base/kustomization.yaml': 'resources: [rollout.yaml]\n', 'base/rollout.yaml': ROLLOUT, 'overlays/prod/patch.yaml': PATCH });
  mkdirSync(join(root, '.git'));
  return root;
}

/** Diagnostics of the patch checked as the overlay's patch over the base: its one finding, no whole-object errors. */
const asPatch = (p: PublishDiagnosticsParams) => codes(p.diagnostics).join() === 'rollout-patch-replaces-list';

test('a kustomization created on disk where there was none walks the builds: the patch opened alone becomes a patch', async () => {
  const root = bareOverlay('created-beside');
  const c = await start(undefined, { relativePatterns: true });
  const { u, first } = await openPatch(c, root);
  assert.ok(codes(first).includes('argo-selector'), `a whole object first: ${codes(first).join(' ')}`);
  // no build yet: the folders of the walk up are watched for a kustomization alone, in one registration
  assert.deepEqual(
    relative(c).map(({ baseUri, pattern }) => ({ baseUri, pattern })),
    ['', 'overlays', 'overlays/prod'].map((d) => ({ baseUri: dirUri(root, d), pattern: KUSTOMIZATIONS })),
  );
  assert.equal(new Set(relative(c).map((w) => w.id)).size, 1);

  writeFiles(root, { 'overlays/prod/kustomization.yaml': KUSTOMIZATION });
  await changed(c, [join(root, 'overlays/prod/kustomization.yaml'), CREATED]);
  const now = await c.diagnostics(u, asPatch);
  assert.match(now.diagnostics[0]!.message, /^Container `web` of Rollout `web` loses `resources`/);
  // the builds' folders are watched now instead: one registration more, the first one given up
  for (let i = 0; i < 100 && c.unregistrations.length === 0; i++) await delay(20);
  const ids = [...new Set(relative(c).map((w) => w.id))];
  assert.equal(ids.length, 2);
  assert.deepEqual(c.unregistrations, [{ id: ids[0]!, method: 'workspace/didChangeWatchedFiles' }]);
  assert.deepEqual(
    relative(c)
      .filter((w) => w.id === ids[1])
      .map(({ baseUri, pattern }) => ({ baseUri, pattern })),
    [
      { baseUri: dirUri(root, ''), pattern: KUSTOMIZATIONS },
      { baseUri: dirUri(root, 'base'), pattern: '*.{yaml,yml}' },
      { baseUri: dirUri(root, 'overlays'), pattern: KUSTOMIZATIONS },
      { baseUri: dirUri(root, 'overlays/prod'), pattern: YAML_AND_KUSTOMIZATION },
    ],
  );
});

for (const relativePatterns of [true, false]) {
  const how = relativePatterns ? 'with' : 'without';
  test(`a kustomization typed in the editor, not saved, walks the builds (${how} relativePatternSupport): the patch becomes a patch; closed unsaved, a whole object again`, async () => {
    const root = bareOverlay(`typed-beside-${how}`);
    const c = await start(undefined, { relativePatterns });
    const { u, first } = await openPatch(c, root);
    assert.ok(codes(first).includes('argo-selector'), `a whole object first: ${codes(first).join(' ')}`);

    // a new file in the editor (not on disk), typed
    const k = pathToFileURL(join(root, 'overlays/prod/kustomization.yaml')).href;
    await c.open(k, '');
    await c.change(k, 2, [{ text: KUSTOMIZATION }]);
    const now = await c.diagnostics(u, asPatch);
    assert.match(now.diagnostics[0]!.message, /^Container `web` of Rollout `web` loses `resources`/);

    // closed without saving: no kustomization on disk, so no build
    await c.close(k);
    const whole = await c.diagnostics(u, (p) => codes(p.diagnostics).includes('argo-selector'));
    assert.ok(!codes(whole.diagnostics).includes('rollout-patch-replaces-list'), JSON.stringify(whole.diagnostics));
  });
}
