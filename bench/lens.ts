// The CodeLens from memory: what answering VS Code's `provideCodeLenses` costs once the language server has listed
// the file's objects and the session holds the rollouts — no request, no parse in the extension. Prints a short
// section, then ONE JSON line (the last line of stdout):
//   {"lensFromMemoryMsPerDocument":X,"resourcesMsPer100Documents":X,"resourcesCachedMsPer100Documents":X}
// Figures are printed beside their targets, never asserted (method and numbers: docs/lens.md).
//
//   node --import tsx bench/lens.ts
import { performance } from 'node:perf_hooks';
import { stringify } from 'yaml';
import { actionGates, ALL_NAMESPACES, deriveRolloutInfo, type RolloutEntry, type SessionView } from '../extension/src/cluster';
import { lensItems, type LensSession } from '../extension/src/lens/lensModel';
import { Linter } from '../server/src/core/engine';
import { listResources } from '../server/src/core/resources';
import { NOW, pod, replicaSet, rollout } from '../test/support/rolloutFixtures';

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

const f3 = (n: number) => n.toFixed(3);
console.log(`## CodeLens from memory (${DOCS} Rollout documents, median of ${REPS})`);
console.log('');
console.log('| Figure | Value | Target |');
console.log('|---|---|---|');
console.log(`| lens lines for one document (ms; ${lines / DOCS} lines each) | ${f3(perDoc)} | ≤ 1 |`);
console.log(`| rolloutPilot/resources for the ${DOCS}-document file, from the linter's cache (ms) | ${f3(cached)} | – |`);
console.log(`| the same, parsing every document (ms) | ${f3(uncached)} | – |`);
console.log('');
console.log(JSON.stringify({ lensFromMemoryMsPerDocument: +f3(perDoc), resourcesMsPer100Documents: +f3(uncached), resourcesCachedMsPer100Documents: +f3(cached) }));
