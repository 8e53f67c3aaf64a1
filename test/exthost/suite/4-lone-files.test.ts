// A document opened outside the workspace folder, in the real editor: the language server reads the kustomize builds
// around it (the overlay's patch is judged against the base's Rollout) and registers a watcher for each of their
// folders (RelativePatterns: LSP 3.17 relativePatternSupport, which vscode-languageclient announces). The test proves
// VS Code delivers those watchers' events for folders outside the workspace: the base changed on disk with node:fs
// (not through the editor) changes the patch's diagnostics, and a kustomization created beside a lone file (in a folder
// of its walk up, watched for kustomizations alone) makes it a patch.
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { suite, suiteTeardown, test } from 'mocha';
import * as vscode from 'vscode';
import { writeFiles } from '../../support/files';
import { LOSSY_PATCH, OVERLAY_KUSTOMIZATION, WEB_ROLLOUT } from '../../support/kustomizeFixtures';
import { codeOf, until } from './util';

/** The base Rollout with a sidecar, which the patch's containers list (`web` alone) drops. */
const ROLLOUT_WITH_SIDECAR = WEB_ROLLOUT.replace('}}}]', '}}}, {name: log-shipper, image: busybox}]');

/**
 * Writes `text` to `path` (outside the editor) up to six times, 5 s apart, until `ok(read())`: VS Code starts the
 * server's watcher some time after the registration, and no API says when, so a write before that is not reported;
 * each write is a change on disk. Logs which write got through; undefined when none did.
 */
async function writeUntilSeen<T>(what: string, path: string, text: string, read: () => T, ok: (v: T) => boolean): Promise<T | undefined> {
  for (let attempt = 1; attempt <= 6; attempt++) {
    writeFileSync(path, text);
    const seen = await until(`the diagnostics following ${what} (write ${attempt})`, read, ok, 5000).catch(() => undefined);
    if (seen !== undefined) {
      console.log(`lone files: the watcher reported write ${attempt} of ${what}`);
      return seen;
    }
  }
  return undefined;
}

suite('lone files', () => {
  // a temporary folder beside, not inside, the workspace folder the runner opened
  const dir = mkdtempSync(join(tmpdir(), 'rollout-pilot-exthost-lone-'));
  suiteTeardown(async () => {
    await vscode.commands.executeCommand('workbench.action.closeAllEditors');
    rmSync(dir, { recursive: true, force: true });
  });

  test('a patch opened outside the workspace follows its base Rollout on disk', async () => {
    writeFiles(dir, {
      'base/kustomization.yaml': 'resources: [rollout.yaml]\n',
      'base/rollout.yaml': WEB_ROLLOUT,
      'overlays/prod/kustomization.yaml': OVERLAY_KUSTOMIZATION,
      'overlays/prod/patch.yaml': LOSSY_PATCH,
    });
    mkdirSync(join(dir, '.git'));
    const folder = vscode.workspace.workspaceFolders?.[0];
    assert.ok(folder && !dir.startsWith(folder.uri.fsPath), 'the tree is outside the workspace folder');

    const uri = vscode.Uri.file(join(dir, 'overlays/prod/patch.yaml'));
    const doc = await vscode.workspace.openTextDocument(uri);
    await vscode.window.showTextDocument(doc, { preview: false });
    const findings = () =>
      vscode.languages
        .getDiagnostics(uri)
        .filter((d) => d.source === 'rollout-pilot')
        .map((d) => `${codeOf(d)}: ${d.message}`);
    // (the first diagnostics may be empty: what a patch drops from its base is said once the server's first read of
    // the workspace has ended; it is never judged as a whole Rollout, test/lsp/kustomizePatches.test.ts)
    const lossy = /^rollout-patch-replaces-list: Container `web` of Rollout `web` loses `resources`/;
    await until('the patch judged against the base Rollout', findings, (f) => f.length === 1 && lossy.test(f[0]!));

    // the base gains a sidecar on disk, outside the editor: the patch's containers list drops it (written again until
    // the watcher reports it, writeUntilSeen)
    const dropsSidecar = (f: string[]) => f.some((m) => /`log-shipper`/.test(m));
    const after = await writeUntilSeen('the base Rollout', join(dir, 'base/rollout.yaml'), ROLLOUT_WITH_SIDECAR, findings, dropsSidecar);
    assert.ok(after, `the patch's diagnostics did not follow six writes of its base Rollout in 30 s: ${findings().join('\n')}`);
    assert.equal(after.length, 2, after.join('\n'));
    assert.ok(after.every((m) => m.startsWith('rollout-patch-replaces-list: ')), after.join('\n'));
  });

  test('a kustomization created beside a lone file (none anywhere above it before) makes it a patch', async () => {
    // the folders of the walk up are watched for a kustomization alone (a glob with braces, relative to each folder):
    // this proves VS Code reports a file created there, with the brace pattern, outside the workspace
    const tree = join(dir, 'later');
    writeFiles(tree, { 'base/kustomization.yaml': 'resources: [rollout.yaml]\n', 'base/rollout.yaml': WEB_ROLLOUT, 'overlays/prod/patch.yaml': LOSSY_PATCH });
    mkdirSync(join(tree, '.git'));
    const uri = vscode.Uri.file(join(tree, 'overlays/prod/patch.yaml'));
    await vscode.window.showTextDocument(await vscode.workspace.openTextDocument(uri), { preview: false });
    const codes = () =>
      vscode.languages
        .getDiagnostics(uri)
        .filter((d) => d.source === 'rollout-pilot')
        .map((d) => codeOf(d));
    // no build names it yet: a whole Rollout, without a selector
    await until('the lone file judged as a whole Rollout', codes, (c) => c.includes('argo-selector'));

    const asPatch = (c: string[]) => c.length > 0 && c.every((x) => x === 'rollout-patch-replaces-list');
    const after = await writeUntilSeen('the new kustomization', join(tree, 'overlays/prod/kustomization.yaml'), OVERLAY_KUSTOMIZATION, codes, asPatch);
    assert.ok(after, `six writes of a kustomization beside the file in 30 s did not make it a patch: ${codes().join(', ')}`);
  });
});
