// The CodeLens from memory: what answering VS Code's `provideCodeLenses` costs once the language server has listed
// the file's objects and the session holds the rollouts — no request, no parse in the extension. Prints a short
// section, then ONE JSON line (the last line of stdout):
//   {"lensFromMemoryMsPerDocument":X,"resourcesMsPer100Documents":X,"resourcesCachedMsPer100Documents":X}
// Figures are printed beside their targets, never asserted (method and numbers: docs/lens.md).
//
//   node --import tsx bench/lens.ts
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { actionGates, ALL_NAMESPACES, ClusterSession, deriveRolloutInfo, type RolloutEntry, type SessionView } from '../extension/src/cluster';
import { lensItems, type LensSession } from '../extension/src/lens/lensModel';
import { Linter } from '../server/src/core/engine';
import { listResources } from '../server/src/core/resources';
import { NOW, pod, replicaSet, rollout } from '../test/support/rolloutFixtures';
import { apiRequest, checkBinaries, startCluster } from '../test/harness/apiserver.mjs';
import { canaryRollout, ROLLOUTS_PATH } from '../test/cluster/support/cluster';

const DOCS = 100;
const REPS = 200;

// a 100-document file: Rollouts r0..r99, each with the seed's steps
const text = Array.from({ length: DOCS }, (_, i) => stringify(rollout({ name: `r${i}`, namespace: 'shop' }))).join('---\n');

// a session holding those rollouts, paused at 1/8 with a stable and a canary ReplicaSet (the sidebar's entries)
const entries = new Map<string, RolloutEntry>();
for (let i = 0; i < DOCS; i++) {
  const ro = rollout({ name: `r${i}`, namespace: 'shop' });
  const replicaSets = [replicaSet({ owner: ro, hash: `s${i}`, revision: 1, replicas: 5 }), replicaSet({ owner: ro, hash: `c${i}`, revision: 2, replicas: 1 })];
  const pods = replicaSets.map((rs) => pod({ rs, suffix: 'a' }));
  const info = deriveRolloutInfo({ rollout: ro, replicaSets, pods, now: NOW });
  const gates = actionGates({ rollout: ro, replicaSets, now: NOW, namespace: 'shop' });
  entries.set(`shop/r${i}`, { key: `shop/r${i}`, namespace: 'shop', name: `r${i}`, rollout: ro, info, gates, signature: '' });
}
const view: SessionView = {
  status: { kind: 'active' },
  context: { name: 'bench', namespace: 'shop' } as SessionView['context'],
  namespace: ALL_NAMESPACES,
  picked: { context: false, namespace: false },
  health: { state: 'connected' } as SessionView['health'],
  settled: true,
  entries: [...entries.values()],
  kubeconfig: { files: [], paths: [], errors: [] },
};
const session: LensSession = { view, entry: (ns, name) => entries.get(`${ns}/${name}`) };

const median = (xs: number[]) => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)]!;
function time(f: () => void, reps = REPS): number {
  for (let i = 0; i < 5; i++) f(); // warm up
  const runs: number[] = [];
  for (let i = 0; i < reps; i++) {
    const t0 = performance.now();
    f();
    runs.push(performance.now() - t0);
  }
  return median(runs);
}

// the server side: parsing on demand, and from the linter's cache (the usual case: the file was checked first)
const uncached = time(() => listResources(text), 20);
const linter = new Linter();
linter.lint(text, undefined, 'file:///bench.yaml');
const cached = time(() => listResources(text, (t) => linter.cachedDocument(t)));
const resources = listResources(text, (t) => linter.cachedDocument(t));

// the extension side: the lens lines of every document of the file, from the session's memory
let lines = 0;
const all = time(() => {
  lines = 0;
  for (const r of resources) lines += lensItems(r, session, 'file:///bench.yaml').length;
});
const perDoc = all / DOCS;

/** A status change → the change event → the lens lines that show it; median and p95 over `n` changes (ms). */
async function watchToLens(n = 20): Promise<{ median: number; p95: number } | string> {
  try {
    checkBinaries();
  } catch (e) {
    return e instanceof Error ? e.message : String(e);
  }
  const cluster = await startCluster({ mode: 'child' });
  const session = new ClusterSession({ kubeconfig: { explicitPath: cluster.kubeconfigPath }, choice: { context: 'admin', namespace: 'default' } });
  try {
    const admin = (method: string, path: string, body?: unknown, type?: string) => apiRequest(cluster.server, cluster.tokens.admin, method, path, body, type);
    const created = await admin('POST', ROLLOUTS_PATH('default'), canaryRollout('lens', 'registry.local/lens:1', { replicas: 1 }));
    if (created.status !== 201) throw new Error(`create: ${created.status} ${created.text}`);
    const doc = listResources(stringify(canaryRollout('lens', 'registry.local/lens:1')))[0]!;
    const line = () => lensItems(doc, session, 'file:///lens.yaml')[0]?.title ?? '';
    await new Promise<void>((resolve) => {
      const ready = () => session.view.settled && session.entry('default', 'lens') !== undefined && line() !== '';
      if (ready()) return resolve();
      const sub = session.onDidChange(() => {
        if (!ready()) return;
        sub.dispose();
        resolve();
      });
    });
    const runs: number[] = [];
    for (let i = 0; i < n; i++) {
      const message = `bench ${i}`;
      const seen = new Promise<number>((resolve) => {
        const sub = session.onDidChange(() => {
          // what the provider does on the event: rebuild the lens lines
          if (session.entry('default', 'lens')?.rollout.status?.message === message && line()) {
            sub.dispose();
            resolve(performance.now());
          }
        });
      });
      const t0 = performance.now();
      const r = await admin('PATCH', `${ROLLOUTS_PATH('default')}/lens/status`, { status: { phase: 'Degraded', message } }, 'application/merge-patch+json');
      if (r.status !== 200) throw new Error(`patch: ${r.status} ${r.text}`);
      runs.push((await seen) - t0);
    }
    runs.sort((a, b) => a - b);
    return { median: runs[Math.floor(runs.length / 2)]!, p95: runs[Math.min(runs.length - 1, Math.ceil(runs.length * 0.95) - 1)]! };
  } finally {
    session.dispose();
    await cluster.stop();
  }
}

async function main(): Promise<void> {
  const live = process.argv.includes('--no-live') ? 'skipped (--no-live)' : await watchToLens();

  const f3 = (n: number) => n.toFixed(3);
  console.log(`## CodeLens from memory (${DOCS} Rollout documents, median of ${REPS})`);
  console.log('');
  console.log('| Figure | Value | Target |');
  console.log('|---|---|---|');
  console.log(`| lens lines for one document (ms; ${lines / DOCS} lines each) | ${f3(perDoc)} | ≤ 1 |`);
  console.log(`| rolloutPilot/resources for the ${DOCS}-document file, from the linter's cache (ms) | ${f3(cached)} | – |`);
  console.log(`| the same, parsing every document (ms) | ${f3(uncached)} | – |`);
  if (typeof live === 'string') console.log(`| watch event → lens lines rebuilt (ms) | not measured: ${live} | ≤ 250 |`);
  else console.log(`| watch event → lens lines rebuilt (ms, median / p95 of 20; includes the store's 50 ms coalescing) | ${live.median.toFixed(1)} / ${live.p95.toFixed(1)} | ≤ 250 |`);
  console.log('');
  console.log(JSON.stringify({
    lensFromMemoryMsPerDocument: +f3(perDoc),
    resourcesMsPer100Documents: +f3(uncached),
    resourcesCachedMsPer100Documents: +f3(cached),
    watchToLensMs: typeof live === 'string' ? null : +live.median.toFixed(1),
  }));
}

main().catch((e: unknown) => {
  console.error(e);
  process.exit(1);
});
