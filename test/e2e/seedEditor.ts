// The `npm start` situation for an end-to-end test file: a real kube-apiserver with the seed manifests applied, the
// controller stand-in playing Argo, flaskdemo given the write-up's new image and paused at 1/8, and code-server with
// the packaged extension on a workspace holding the seed files (its settings point at the cluster's kubeconfig).
// Every end-to-end file that ships from the editor starts from it.
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import type { Page } from 'playwright-core';
import { startCluster, type StartedCluster } from '../harness/apiserver.mjs';
import { RolloutController } from '../harness/controller';
import { SeedSandbox, seedExpectations, seedObjects } from '../harness/sandbox';
import { loadKubeconfig } from '../../extension/src/cluster';
import type { Rollout } from '../../extension/src/cluster/k8sTypes';
import { startEditor, type Editor } from './editor';

const VSIX = resolve('dist/rollout-pilot.vsix');
const SEED = 'test/fixtures/seed';
const SHOTS = resolve('test-artifacts/e2e');

export interface SeedEditor {
  editor: Editor;
  /** the folder code-server has open (the seed files and .vscode/settings.json) */
  workspace: string;
  sandbox: SeedSandbox;
  /** the seed rollout (flaskdemo) as the API server has it now */
  rollout(): Promise<Rollout>;
  /** a screenshot to test-artifacts/e2e/<name>.png */
  shot(page: Page, name: string): Promise<void>;
  stop(): Promise<void>;
}

export async function startSeedEditor(prefix: string): Promise<SeedEditor> {
  const clusterDir = mkdtempSync(join(tmpdir(), `rollout-pilot-e2e-${prefix}-cluster-`));
  const workspace = mkdtempSync(join(tmpdir(), `rollout-pilot-ws-${prefix}-`));
  let cluster: StartedCluster | undefined;
  let controller: RolloutController | undefined;
  let sandbox: SeedSandbox | undefined;
  let editor: Editor | undefined;
  let name = '';
  const stop = async () => {
    await editor?.stop();
    controller?.dispose();
    sandbox?.dispose();
    await cluster?.stop();
    rmSync(workspace, { recursive: true, force: true });
    rmSync(clusterDir, { recursive: true, force: true });
  };
  try {
    cluster = await startCluster({ dir: clusterDir });
    const objs = seedObjects(SEED);
    const expect = seedExpectations(objs);
    name = expect.rollout;
    sandbox = new SeedSandbox(cluster.kubeconfigPath, 'default');
    await sandbox.apply(objs);
    const kc = loadKubeconfig({ explicitPath: cluster.kubeconfigPath }).kubeConfigFor(undefined);
    controller = new RolloutController(kc, 'default').start();
    await sandbox.waitFor(expect.rollout, 'healthy at the HPA minimum', (i) => i.status === 'Healthy' && i.replicas.available === expect.replicas, 90000);
    await sandbox.setImage(expect.rollout, expect.container, expect.nextImage);
    await sandbox.waitFor(expect.rollout, 'paused at 1/8', (i) => i.status === 'Paused' && i.step === `1/${expect.stepCount}` && i.replicas.available === expect.replicas, 90000);

    for (const f of readdirSync(SEED)) cpSync(join(SEED, f), join(workspace, f));
    mkdirSync(join(workspace, '.vscode'));
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'rolloutPilot.kubeconfig': cluster.kubeconfigPath }));
    editor = await startEditor(VSIX, workspace);
  } catch (e) {
    await stop();
    throw e;
  }
  const client = sandbox.client;
  return {
    editor,
    workspace,
    sandbox,
    async rollout() {
      const res = await client.request({ method: 'GET', path: `/apis/argoproj.io/v1alpha1/namespaces/default/rollouts/${name}` });
      return JSON.parse(res.text) as Rollout;
    },
    async shot(page, name) {
      mkdirSync(SHOTS, { recursive: true });
      await page.screenshot({ path: join(SHOTS, `${name}.png`) });
    },
    stop,
  };
}
