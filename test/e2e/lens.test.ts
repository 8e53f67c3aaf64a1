// The manifest meets the cluster in the real editor: the packaged extension in code-server on the `npm start`
// workspace (the seed manifests; flaskdemo paused at 1/8 in a real kube-apiserver, the controller stand-in playing
// Argo). Opening rollout.yaml shows the live state in a CodeLens above the Rollout; clicking its Promote moves the
// rollout in the API server and the lens follows; Compare with Live opens the diff editor. Screenshots go to
// test-artifacts/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startCluster, type StartedCluster } from '../harness/apiserver.mjs';
import { RolloutController } from '../harness/controller';
import { SeedSandbox, seedExpectations, seedObjects } from '../harness/sandbox';
import { loadKubeconfig } from '../../extension/src/cluster';
import type { Rollout } from '../../extension/src/cluster/k8sTypes';
import { openFile, startEditor, until, type Editor } from './editor';

const VSIX = resolve('dist/rollout-pilot.vsix');
const SEED = 'test/fixtures/seed';
const SHOTS = resolve('test-artifacts/e2e');
let cluster: StartedCluster;
let controller: RolloutController;
let sandbox: SeedSandbox;
let editor: Editor;
let workspace: string;
let clusterDir: string;

async function rollout(): Promise<Rollout> {
  const res = await sandbox.client.request({ method: 'GET', path: '/apis/argoproj.io/v1alpha1/namespaces/default/rollouts/flaskdemo' });
  return JSON.parse(res.text) as Rollout;
}

async function shot(page: Page, name: string): Promise<void> {
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, `${name}.png`) });
}

before(async () => {
  clusterDir = mkdtempSync(join(tmpdir(), 'rollout-pilot-e2e-lens-cluster-'));
  cluster = await startCluster({ dir: clusterDir });
  const objs = seedObjects(SEED);
  const expect = seedExpectations(objs);
  sandbox = new SeedSandbox(cluster.kubeconfigPath, 'default');
  await sandbox.apply(objs);
  const kc = loadKubeconfig({ explicitPath: cluster.kubeconfigPath }).kubeConfigFor(undefined);
  controller = new RolloutController(kc, 'default').start();
  await sandbox.waitFor(expect.rollout, 'healthy at the HPA minimum', (i) => i.status === 'Healthy' && i.replicas.available === expect.replicas, 90000);
  await sandbox.setImage(expect.rollout, expect.container, expect.nextImage);
  await sandbox.waitFor(expect.rollout, 'paused at 1/8', (i) => i.status === 'Paused' && i.step === `1/${expect.stepCount}` && i.replicas.available === expect.replicas, 90000);

  workspace = mkdtempSync(join(tmpdir(), 'rollout-pilot-ws-lens-'));
  for (const f of readdirSync(SEED)) cpSync(join(SEED, f), join(workspace, f));
  mkdirSync(join(workspace, '.vscode'));
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'rolloutPilot.kubeconfig': cluster.kubeconfigPath }));
  editor = await startEditor(VSIX, workspace);
});

after(async () => {
  await editor?.stop();
  controller?.dispose();
  sandbox?.dispose();
  await cluster?.stop();
  if (workspace) rmSync(workspace, { recursive: true, force: true });
  if (clusterDir) rmSync(clusterDir, { recursive: true, force: true });
});

/** The text of every CodeLens line in the visible editor. */
async function lensLines(page: Page): Promise<string[]> {
  return page.locator('.monaco-editor .codelens-decoration').evaluateAll((els) => els.map((e) => (e.textContent ?? '').replace(/\u00a0/g, ' ')));
}

test('rollout.yaml: the CodeLens above the Rollout shows the paused canary; Promote in it moves the rollout', async () => {
  const { page } = editor;
  await openFile(page, 'rollout.yaml');
  const lines = await until('the rollout lens', () => lensLines(page), (l) => l.some((x) => x.includes('Paused · step 1/8 · set 20 %, actual 16 %')), 90000);
  const line = lines.find((x) => x.includes('Paused'))!;
  assert.match(line, /^Paused · step 1\/8 · set 20 %, actual 16 % \| Promote \| Abort \| Open Page \| Compare with Live$/);
  await shot(page, 'lens-1-paused');

  await page.locator('.monaco-editor .codelens-decoration a', { hasText: /^Promote$/ }).first().click();
  const ro = await until('the controller past step 1', rollout, (r) => (r.status?.currentStepIndex ?? 0) >= 2, 30000);
  assert.ok((ro.status?.currentStepIndex ?? 0) >= 2);
  const after = await until('the lens past 1/8', () => lensLines(page), (l) => l.some((x) => /step [3-8]\/8/.test(x)), 30000);
  assert.ok(!after.some((x) => x.includes('step 1/8')), after.join('\n'));
  await shot(page, 'lens-2-promoted');
});

test('Compare with Live opens the diff editor between the live flaskdemo and the document', async () => {
  const { page } = editor;
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
  await shot(page, 'lens-3-compare');
});
