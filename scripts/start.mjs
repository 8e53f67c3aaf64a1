// `npm start`: set up and run the real thing on this machine — a local Kubernetes API server with the Argo Rollouts
// CRDs and a controller stand-in (test/harness/, which also plays the HPA's bounds), the user's seed manifests
// applied to it, the seed write-up's canary started (`set image`, so the rollout waits at step 1 for promotion), and a
// real VS Code (code-server 4.100.3) with this extension installed, opened on a workspace holding those manifests.
// Everything listens on 127.0.0.1. The scenario itself is test/harness/sandbox.ts.
//
//   npm start                 run until Ctrl+C (prints the editor URL)
//   npm start -- --smoke      start everything, check it answers and the rollout's state, stop, exit 0/1
//   PORT=8080                 the editor's port (default 8080)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
const SANDBOX = join(ROOT, '.sandbox');
const PORT = Number(process.env.PORT || 8080);
const smoke = process.argv.includes('--smoke');
const children = [];

function step(msg) {
  process.stdout.write(`\n▶ ${msg}\n`);
}

function run(cmd, args, opts = {}) {
  const r = spawnSync(cmd, args, { cwd: ROOT, stdio: 'inherit', ...opts });
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} failed (exit ${r.status})`);
}

async function main() {
  step('npm packages and build');
  if (!existsSync(join(ROOT, 'node_modules', '.bin', 'esbuild'))) run('npm', ['install', '--no-audit', '--no-fund']);
  run('npm', ['run', '--silent', 'package']);
  const vsix = join(ROOT, 'dist', 'rollout-pilot.vsix');

  step('kube-apiserver and etcd (built once from Debian sources, about 8 minutes the first time)');
  run('bash', ['scripts/build-kube-apiserver.sh']);
  step('code-server 4.100.3 (VS Code 1.100.3), installed once');
  run('bash', ['e2e/install-code-server.sh']);

  const { startCluster, stopClusterDir } = await import('../test/harness/apiserver.mjs');
  const clusterDir = join(SANDBOX, 'cluster');
  if (existsSync(join(clusterDir, 'state.json'))) await stopClusterDir(clusterDir).catch(() => {});
  rmSync(clusterDir, { recursive: true, force: true });
  mkdirSync(clusterDir, { recursive: true });
  step('local API server on 127.0.0.1');
  const cluster = await startCluster({ dir: clusterDir });
  children.push({ stop: () => cluster.stop() });

  step('workspace with the seed manifests');
  const ws = join(SANDBOX, 'workspace');
  rmSync(ws, { recursive: true, force: true });
  mkdirSync(join(ws, '.vscode'), { recursive: true });
  const seedDir = join(ROOT, 'test', 'fixtures', 'seed');
  for (const f of readdirSync(seedDir)) cpSync(join(seedDir, f), join(ws, f));
  const writeUp = join(ROOT, '..', 'shared', 'seed', 'canary-with-argo-rollouts.md');
  if (existsSync(writeUp)) cpSync(writeUp, join(ws, 'canary-with-argo-rollouts.md'));
  writeFileSync(
    join(ws, '.vscode', 'settings.json'),
    JSON.stringify({ 'rolloutPilot.kubeconfig': cluster.kubeconfigPath }, null, 2) + '\n',
  );

  step('seed manifests applied to the cluster (namespace default)');
  // the scenario is TypeScript on the cluster layer's public entry: loaded through tsx
  const { tsImport } = await import('tsx/esm/api');
  const sandbox = await tsImport('../test/harness/sandbox.ts', import.meta.url);
  const seed = sandbox.seedObjects(seedDir);
  const want = sandbox.seedExpectations(seed);
  const demo = new sandbox.SeedSandbox(cluster.kubeconfigPath, 'default');
  children.push({ stop: () => demo.dispose() });
  for (const line of await demo.apply(seed)) process.stdout.write(`  ${line}\n`);

  step('controller stand-in (moves rollouts through the states the Argo controller writes)');
  const controller = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/harness/controller.ts', '--kubeconfig', cluster.kubeconfigPath, '-n', 'default'],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  children.push({ stop: () => controller.kill('SIGTERM') });
  // a stand-in that dies (a bug, a refused request) ends the waits below at once, with its log above
  const controllerDied = new Promise((_, reject) =>
    controller.on('exit', (code, signal) => reject(new Error(`the controller stand-in exited (${signal ?? `code ${code}`}); its log is above`))),
  );
  controllerDied.catch(() => {});
  const ro = want.rollout;
  step(`waiting for ${ro} to be Healthy at ${want.replicas} pods (the HPA's minReplicas, written through /scale by the stand-in)`);
  await Promise.race([
    controllerDied,
    demo.waitFor(
      ro,
      `${ro} Healthy at ${want.replicas} pods`,
      (i) => i.status === 'Healthy' && i.replicas.desired === want.replicas && i.replicas.available === want.replicas,
      120000,
    ),
  ]);
  step(`a canary, as the seed write-up starts one: set image ${ro} ${want.container}=${want.nextImage}`);
  process.stdout.write(`  ${await demo.setImage(ro, want.container, want.nextImage)}\n`);
  const paused = await Promise.race([
    controllerDied,
    demo.waitFor(
      ro,
      `${ro} paused at step 1/${want.stepCount} with ${want.canary} canary + ${want.stable} stable pods`,
      (i) =>
        i.status === 'Paused' &&
        i.step === `1/${want.stepCount}` &&
        i.replicas.available === want.replicas &&
        i.replicaSets.some((r) => r.canary && !r.stable && r.available === want.canary),
      120000,
    ),
  ]);
  const state = sandbox.describeRollout(paused);
  process.stdout.write(`  ${ro}: ${state}\n`);

  step(`VS Code (code-server) on http://127.0.0.1:${PORT}`);
  const { startCodeServer } = await import('../e2e/code-server.mjs');
  const editor = await startCodeServer({
    vsix,
    folder: ws,
    home: join(SANDBOX, 'editor'),
    port: PORT,
    // the sandbox lives inside this repository: do not offer to open the repository around it
    settings: { 'git.openRepositoryInParentFolders': 'never' },
    stdio: 'inherit',
  });
  children.push({ stop: () => editor.stop() });
  // code-server opens only folders from its command line; VS Code's own `payload` query (`openFile`, a
  // vscode-remote URI on the page's host) opens the seed rollout in the workbench it loads
  const openFile = `vscode-remote://${new URL(editor.base).host}${join(ws, 'rollout.yaml')}`;
  const editorUrl = `${editor.url}&payload=${encodeURIComponent(JSON.stringify([['openFile', openFile]]))}`;

  process.stdout.write(
    `\nRollout Pilot is running.\n` +
      `  editor:     ${editorUrl}\n` +
      `  rollout:    ${ro} (namespace default): ${state}, waiting for promotion\n` +
      `  images:     ${paused.images.map((i) => `${i.image} (${i.tags.join(', ')})`).join('\n              ')}\n` +
      `  kubeconfig: ${cluster.kubeconfigPath}\n` +
      `  try:        node bin/rollout-pilot.js get rollout ${ro} --kubeconfig ${cluster.kubeconfigPath}\n` +
      `              node bin/rollout-pilot.js promote ${ro} --kubeconfig ${cluster.kubeconfigPath}\n` +
      `  lint:       node bin/rollout-pilot.js lint ${ws}\n` +
      (smoke ? '' : `Press Ctrl+C to stop everything.\n`),
  );
  if (smoke) {
    const lint = spawnSync(process.execPath, ['bin/rollout-pilot.js', 'lint', ws, '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    const findings = JSON.parse(lint.stdout);
    process.stdout.write(`  smoke: lint found ${findings.length} findings in the seed workspace (exit ${lint.status})\n`);
    const problems = [];
    if (paused.setWeight !== want.firstWeight) problems.push(`set weight ${paused.setWeight}, expected ${want.firstWeight}`);
    if (paused.actualWeight !== want.actualWeight) problems.push(`actual weight ${paused.actualWeight}, expected ${want.actualWeight}`);
    if (!paused.images.some((i) => i.image === want.nextImage && i.tags.includes('canary'))) problems.push(`${want.nextImage} is not the canary image`);
    if (!(await fetch(editorUrl)).ok) problems.push(`the editor page ${editorUrl} did not answer 200`);
    process.stdout.write(
      problems.length
        ? `  smoke: FAILED: ${problems.join('; ')}\n`
        : `  smoke: ok: ${ro} paused at step 1/${want.stepCount}, set weight ${want.firstWeight}, actual weight ${want.actualWeight}; the editor answers\n`,
    );
    await shutdown(problems.length ? 1 : 0);
  }
}

let stopping = false;
async function shutdown(code) {
  if (stopping) return;
  stopping = true;
  for (const c of children.reverse()) {
    try {
      await c.stop();
    } catch {
      /* best effort */
    }
  }
  process.exit(code);
}
process.on('SIGINT', () => void shutdown(0));
process.on('SIGTERM', () => void shutdown(0));

main().catch((e) => {
  process.stderr.write(`\nnpm start failed: ${e instanceof Error ? e.message : String(e)}\n`);
  void shutdown(1);
});
