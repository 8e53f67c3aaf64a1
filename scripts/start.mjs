// `npm start`: set up and run the real thing on this machine — a local Kubernetes API server with the Argo Rollouts
// CRDs and a controller stand-in, the user's seed manifests applied to it, and a real VS Code (code-server 4.100.3)
// with this extension installed, opened on a workspace holding those manifests. Everything listens on 127.0.0.1.
//
//   npm start                 run until Ctrl+C (prints the editor URL)
//   npm start -- --smoke      start everything, check it answers, stop, exit 0/1 (used to check this script)
//   PORT=8080                 the editor's port (default 8080)
import { spawn, spawnSync } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
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

async function waitFor(what, fn, timeoutMs = 60000) {
  const until = Date.now() + timeoutMs;
  let last;
  while (Date.now() < until) {
    try {
      const v = await fn();
      if (v) return v;
    } catch (e) {
      last = e;
    }
    await new Promise((r) => setTimeout(r, 300));
  }
  throw new Error(`timed out waiting for ${what}${last ? `: ${last.message}` : ''}`);
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

  const { startCluster, stopClusterDir, apiRequest } = await import('../test/harness/apiserver.mjs');
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
  const { parseAllDocuments } = await import('yaml');
  for (const f of ['rollout.yaml', 'service.yaml', 'hpa.yaml']) {
    for (const d of parseAllDocuments(readFileSync(join(seedDir, f), 'utf8'))) {
      const obj = d.toJS();
      if (!obj?.kind) continue;
      const path = collectionPath(obj);
      const r = await apiRequest(cluster.server, cluster.tokens.admin, 'POST', path, obj);
      const ok = r.status === 201 || r.status === 409;
      process.stdout.write(`  ${obj.kind}/${obj.metadata.name}: ${ok ? 'applied' : `HTTP ${r.status} ${r.json?.message ?? ''}`}\n`);
    }
  }

  step('controller stand-in (moves rollouts through the states the Argo controller writes)');
  const controller = spawn(
    process.execPath,
    ['--import', 'tsx', 'test/harness/controller.ts', '--kubeconfig', cluster.kubeconfigPath, '-n', 'default'],
    { cwd: ROOT, stdio: ['ignore', 'inherit', 'inherit'] },
  );
  children.push({ stop: () => controller.kill('SIGTERM') });
  await waitFor('the controller to mark the seed rollout', async () => {
    const r = await apiRequest(cluster.server, cluster.tokens.admin, 'GET', '/apis/argoproj.io/v1alpha1/namespaces/default/rollouts/flaskdemo');
    return r.json?.status?.phase;
  });

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

  process.stdout.write(
    `\nRollout Pilot is running.\n` +
      `  editor:     ${editor.url}\n` +
      `  kubeconfig: ${cluster.kubeconfigPath}   (try: node bin/rollout-pilot.js get rollout flaskdemo --kubeconfig ${cluster.kubeconfigPath})\n` +
      `  lint:       node bin/rollout-pilot.js lint ${ws}\n` +
      (smoke ? '' : `Press Ctrl+C to stop everything.\n`),
  );
  if (smoke) {
    const lint = spawnSync(process.execPath, ['bin/rollout-pilot.js', 'lint', ws, '--format', 'json'], { cwd: ROOT, encoding: 'utf8' });
    const findings = JSON.parse(lint.stdout);
    process.stdout.write(`  smoke: lint found ${findings.length} findings in the seed workspace (exit ${lint.status})\n`);
    await shutdown(0);
  }
}

function collectionPath(obj) {
  const ns = obj.metadata.namespace || 'default';
  const [group, version] = obj.apiVersion.includes('/') ? obj.apiVersion.split('/') : ['', obj.apiVersion];
  const plural = { Rollout: 'rollouts', Service: 'services', HorizontalPodAutoscaler: 'horizontalpodautoscalers' }[obj.kind];
  return group ? `/apis/${group}/${version}/namespaces/${ns}/${plural}` : `/api/${version}/namespaces/${ns}/${plural}`;
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
