// The runner outside the extension host, shared by the `exthost` suite and the version matrix: a real kube-apiserver
// on 127.0.0.1 with the seed applied and paused at 1/8 by the controller stand-in (as test/e2e/rollouts.test.ts), the
// seed rollout also in a second namespace, a workspace with the seed manifests whose .vscode/settings.json points
// rolloutPilot.kubeconfig at that server, and the engine's own findings for those files; then @vscode/test-electron's
// runTests, as the VS Code docs show, with the mocha files of test/exthost/suite. VS Code is code-server through the
// stand-in executable e2e/code-shim.mjs, or, with ROLLOUT_PILOT_EXTHOST_VSCODE=desktop (`npm run test:vscode`),
// desktop VS Code that runTests downloads (ROLLOUT_PILOT_EXTHOST_VERSION, default stable).
import { it } from 'node:test';
import { spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import * as esbuild from 'esbuild';
import { downloadAndUnzipVSCode, runTests } from '@vscode/test-electron';
import { startCluster, type StartedCluster } from '../harness/apiserver.mjs';
import { RolloutController } from '../harness/controller';
import { SeedSandbox, seedExpectations, seedObjects } from '../harness/sandbox';
import { loadKubeconfig } from '../../extension/src/cluster';
import type { ExthostResult } from './suite/index';
import type { Fixture } from './suite/util';

const ROOT = resolve('.');
const SEED = 'test/fixtures/seed';
const OUT = resolve('dist/exthost/suite');
const SECOND_NAMESPACE = 'shop';

/** Bundles each suite file (the cluster layer it reads the API server with included; vscode and mocha not). */
async function buildSuite(): Promise<string> {
  rmSync(OUT, { recursive: true, force: true });
  const dir = 'test/exthost/suite';
  await esbuild.build({
    entryPoints: readdirSync(dir).filter((f) => f === 'index.ts' || f.endsWith('.test.ts')).map((f) => join(dir, f)),
    outdir: OUT,
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    sourcemap: 'inline',
    logLevel: 'warning',
    external: ['vscode', 'mocha'],
  });
  return join(OUT, 'index.js');
}

/** What the engine itself says about the workspace's files: the diagnostics VS Code must hold. */
function engineFindings(workspace: string): Fixture['findings'] {
  const r = spawnSync(process.execPath, ['dist/cli.js', 'lint', '--format', 'json', ...readdirSync(workspace).filter((f) => f.endsWith('.yaml')).map((f) => join(workspace, f))], { encoding: 'utf8' });
  if (r.status === 2 || !r.stdout) throw new Error(`rollout-pilot lint failed: ${r.stderr}`);
  return JSON.parse(r.stdout) as Fixture['findings'];
}

export interface Run {
  results: ExthostResult[];
  error?: unknown;
}

export interface RunOptions {
  /** for e2e/code-shim.mjs: CODE_SERVER, CODE_SERVER_NODE, CS_EXTRA_ARGS (another code-server release) */
  shimEnv?: Record<string, string>;
  /** the VS Code version this runs (the suite checks vscode.version) */
  vscodeVersion?: string;
}

/** Starts the cluster and the workspace, runs the suite in an extension host and returns mocha's results. */
export async function runInExtensionHost(opts: RunOptions = {}): Promise<Run> {
  const tmp = mkdtempSync(join(tmpdir(), 'rollout-pilot-exthost-run-'));
  let cluster: StartedCluster | undefined;
  let controller: RolloutController | undefined;
  const sandboxes: SeedSandbox[] = [];
  const resultsPath = join(tmp, 'results.json');
  try {
    const testsPath = await buildSuite();
    // desktop VS Code is downloaded first (no internet: this fails at once, before a cluster is started)
    const desktop = process.env.ROLLOUT_PILOT_EXTHOST_VSCODE === 'desktop';
    const executable = desktop ? await downloadAndUnzipVSCode(process.env.ROLLOUT_PILOT_EXTHOST_VERSION || 'stable') : resolve('e2e/code-shim.mjs');
    if (!existsSync('dist/extension.js')) throw new Error('dist/extension.js is missing: run `node scripts/build.mjs` first');
    cluster = await startCluster({ dir: join(tmp, 'cluster') });
    const objs = seedObjects(SEED);
    const expect = seedExpectations(objs);
    const sandbox = new SeedSandbox(cluster.kubeconfigPath, 'default');
    sandboxes.push(sandbox);
    await sandbox.apply(objs);
    // the seed rollout in a second namespace, for the all-namespaces tree (no controller there: it only has to be listed)
    await sandbox.client.request({ method: 'POST', path: '/api/v1/namespaces', contentType: 'application/json', body: JSON.stringify({ apiVersion: 'v1', kind: 'Namespace', metadata: { name: SECOND_NAMESPACE } }) });
    const second = new SeedSandbox(cluster.kubeconfigPath, SECOND_NAMESPACE);
    sandboxes.push(second);
    await second.apply(objs.filter((o) => o.kind === 'Rollout'));
    const kc = loadKubeconfig({ explicitPath: cluster.kubeconfigPath }).kubeConfigFor(undefined);
    controller = new RolloutController(kc, 'default').start();
    await sandbox.waitFor(expect.rollout, 'healthy at the HPA minimum', (i) => i.status === 'Healthy' && i.replicas.available === expect.replicas, 90000);
    await sandbox.setImage(expect.rollout, expect.container, expect.nextImage);
    await sandbox.waitFor(expect.rollout, 'paused at the first step', (i) => i.status === 'Paused' && i.step === `1/${expect.stepCount}` && i.replicas.available === expect.replicas, 90000);

    const workspace = join(tmp, 'workspace');
    mkdirSync(join(workspace, '.vscode'), { recursive: true });
    for (const f of readdirSync(SEED)) cpSync(join(SEED, f), join(workspace, f));
    writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'rolloutPilot.kubeconfig': cluster.kubeconfigPath }, null, 2));
    const fixture: Fixture = { kubeconfig: cluster.kubeconfigPath, findings: engineFindings(workspace), namespaces: ['default', SECOND_NAMESPACE], rollout: expect.rollout, ...(opts.vscodeVersion ? { vscodeVersion: opts.vscodeVersion } : {}) };
    const fixturePath = join(tmp, 'fixture.json');
    writeFileSync(fixturePath, JSON.stringify(fixture, null, 1));

    try {
      await runTests({
        vscodeExecutablePath: executable,
        extensionDevelopmentPath: ROOT,
        extensionTestsPath: testsPath,
        launchArgs: [workspace, '--disable-extensions'],
        // NODE_EXTRA_CA_CERTS as a machine behind a corporate proxy sets it (a real PEM file: the API server's own
        // certificate): the extension must not hand it to the language server (1-editing.test.ts)
        extensionTestsEnv: { ...opts.shimEnv, NODE_EXTRA_CA_CERTS: join(cluster.certDir, 'apiserver.crt'), ROLLOUT_PILOT_EXTHOST_FIXTURE: fixturePath, ROLLOUT_PILOT_EXTHOST_RESULTS: resultsPath, ROLLOUT_PILOT_EXTHOST_GREP: process.env.ROLLOUT_PILOT_EXTHOST_GREP ?? '' },
      });
    } catch (e) {
      // a failing mocha run rejects too: its results say which tests failed; without results it is the run's error
      if (!existsSync(resultsPath)) throw e;
    }
    if (!existsSync(resultsPath)) throw new Error('the extension host wrote no results');
    return { results: JSON.parse(readFileSync(resultsPath, 'utf8')) as ExthostResult[] };
  } catch (error) {
    return { results: existsSync(resultsPath) ? (JSON.parse(readFileSync(resultsPath, 'utf8')) as ExthostResult[]) : [], error };
  } finally {
    controller?.dispose();
    for (const s of sandboxes) s.dispose();
    await cluster?.stop();
    rmSync(tmp, { recursive: true, force: true });
  }
}

/** One node:test test per mocha result (so the suite's `N passed, N failed` line counts them), or one failing test
 * saying why the run itself failed. Call inside a describe(). */
export function report(run: Run): void {
  if (run.error !== undefined || run.results.length === 0) {
    it('the extension-host run', () => {
      throw run.error ?? new Error('the extension host ran no tests');
    });
  }
  for (const r of run.results) {
    it(r.title, { skip: r.state === 'pending' }, () => {
      if (r.state === 'failed') throw new Error(r.error ?? 'failed');
    });
  }
}
