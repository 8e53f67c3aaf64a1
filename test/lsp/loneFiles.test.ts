// A document outside the workspace folders (or with no folder open: `code overlays/prod/patch.yaml`), through the
// protocol: the kustomizations above it, up to the repository's root, and what their builds include are read into the
// index before its first check (server/src/indexer/kustomizeContext.ts), so an overlay's Rollout patch is checked as a
// patch — no whole-object errors — and against the base's Rollout. An open kustomization stands for its file: an
// unsaved edit that drops the patch entry makes the patch a whole object, closing it without saving makes it a patch
// again (the build's files go back to their disk text, not out of the index).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './client';
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

async function start(rootUri?: string): Promise<LspClient> {
  const c = await LspClient.start(rootUri ? { rootUri } : {});
  clients.push(c);
  if (rootUri) await c.firstRead();
  return c;
}

const codes = (ds: Array<{ code?: unknown }>) => ds.map((d) => String(d.code));

test('no folder open: a Rollout patch opened alone is a patch, judged against the base\'s Rollout', async () => {
  const root = repo('no-folder');
  const c = await start();
  const u = pathToFileURL(join(root, 'overlays/prod/patch.yaml')).href;
  await c.open(u, PATCH);
  const ds = await c.diagnosticsFor(u, 1);
  assert.deepEqual(codes(ds), ['rollout-patch-replaces-list'], JSON.stringify(ds));
  assert.match(ds[0]!.message, /^Container `web` of Rollout `web` loses `resources`/);
});

test('a folder open elsewhere: the same for a file outside it; an unsaved kustomization edit counts, closing it restores the disk\'s', async () => {
  const root = repo('outside');
  const other = join(tmp, 'other-folder');
  writeFiles(other, { 'svc.yaml': 'apiVersion: v1\nkind: Service\nmetadata: {name: s}\nspec:\n  ports: [{port: 80}]\n' });
  const c = await start(pathToFileURL(other).href);
  const u = pathToFileURL(join(root, 'overlays/prod/patch.yaml')).href;
  await c.open(u, PATCH);
  assert.deepEqual(codes(await c.diagnosticsFor(u, 1)), ['rollout-patch-replaces-list']);

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
