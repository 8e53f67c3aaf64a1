// The manifest meets the cluster in the real editor: the packaged extension in code-server on the `npm start`
// workspace (the seed manifests; flaskdemo paused at 1/8 in a real kube-apiserver, the controller stand-in playing
// Argo). Opening rollout.yaml shows the live state in a CodeLens above the Rollout; clicking its Promote moves the
// rollout in the API server and the lens follows; Compare with Live opens the diff editor. Screenshots go to
// test-artifacts/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Page } from 'playwright-core';
import { openFile, until } from './editor';
import { startSeedEditor, type SeedEditor } from './seedEditor';

let seed: SeedEditor;

before(async () => {
  seed = await startSeedEditor('lens');
});

after(async () => {
  await seed?.stop();
});

/** The text of every CodeLens line in the visible editor. */
async function lensLines(page: Page): Promise<string[]> {
  return page.locator('.monaco-editor .codelens-decoration').evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ')));
}

test('rollout.yaml: the CodeLens above the Rollout shows the paused canary; Promote in it moves the rollout', async () => {
  const { page } = seed.editor;
  await openFile(page, 'rollout.yaml');
  const lines = await until('the rollout lens', () => lensLines(page), (l) => l.some((x) => x.includes('Paused · step 1/8 · set 20 %, actual 16 %')), 90000);
  const line = lines.find((x) => x.includes('Paused'))!;
  assert.match(line, /^Paused · step 1\/8 · set 20 %, actual 16 % \| Promote \| Abort \| Open Page \| Compare with Live$/);
  await seed.shot(page, 'lens-1-paused');

  await page.locator('.monaco-editor .codelens-decoration a', { hasText: /^Promote$/ }).first().click();
  const ro = await until('the controller past step 1', () => seed.rollout(), (r) => (r.status?.currentStepIndex ?? 0) >= 2, 30000);
  assert.ok((ro.status?.currentStepIndex ?? 0) >= 2);
  const after = await until('the lens past 1/8', () => lensLines(page), (l) => l.some((x) => /step [3-8]\/8/.test(x)), 30000);
  assert.ok(!after.some((x) => x.includes('step 1/8')), after.join('\n'));
  await seed.shot(page, 'lens-2-promoted');
});

test('Compare with Live opens the diff editor between the live flaskdemo and the document', async () => {
  const { page } = seed.editor;
  const problems = () => page.locator('.statusbar-item[id="status.problems"]').first().innerText();
  const before = await problems();
  await page.locator('.monaco-editor .codelens-decoration a', { hasText: /^Compare with Live$/ }).first().click();
  const tab = page.locator('.tabs-container .tab[aria-label*="flaskdemo: live"]').first();
  await tab.waitFor({ timeout: 30000 });
  const diff = page.locator('.monaco-diff-editor').first();
  await diff.waitFor({ timeout: 30000 });
  // both sides rendered, and the difference computed
  await until('the diff rendered', () => diff.innerText(), (t) => t.includes('containers:'), 30000);
  const changed = await until('the changed lines', async () => [await diff.locator('.line-delete').count(), await diff.locator('.line-insert').count()], ([d, i]) => d! > 0 && i! > 0, 30000);
  // the one difference: the image set from the sidebar (`set image`) — one line each side — nothing the server or
  // the controller added
  assert.deepEqual(changed, [1, 1]);
  const text = (await diff.innerText()).replace(/\u00a0/g, ' '); // the editor renders spaces as no-break spaces
  assert.match(text, /image: jenkins-\S+:27\n[\s\S]*image: jenkins-\S+:26\n/, 'live (the new image) on the left, the file on the right');
  assert.doesNotMatch(text, /resourceVersion|managedFields|uid:|status:/);
  // the read-only sides are not checked again: the Problems count stays the file's
  assert.equal(await problems(), before);
  await seed.shot(page, 'lens-3-compare');
});

test('drift hints: an edited copy of the Rollout gets hint squiggles on its image, steps and replicas, never errors', async () => {
  const { page } = seed.editor;
  // the seed Rollout with another image, two steps fewer and `replicas: 3`, which the live HPA (6–36) overrides
  const text = readFileSync(join(seed.workspace, 'rollout.yaml'), 'utf8')
    .replace(/flask_test:26/, 'flask_test:99')
    .replace(/ {6}- setWeight: 80\n {6}- pause: \{duration: 20\}\n/, '')
    .replace(/^spec:\n/m, 'spec:\n  replicas: 3\n');
  writeFileSync(join(seed.workspace, 'drift.yaml'), text);
  await openFile(page, 'drift.yaml');
  const hints = await until('three hint squiggles', () => page.locator('.monaco-editor .squiggly-hint').count(), (n) => n >= 3, 60000);
  assert.equal(hints, 3);
  await seed.shot(page, 'lens-4-drift');
});