// Canary arithmetic (server/src/core/canary.ts): the basic canary's pod split against argo-rollouts'
// utils/replicaset/canary_test.go cases and the write-up's seed (6 replicas from the HPA's min, setWeight 20 → 1 canary,
// 16 %), the choice checked against every allowed option over a grid, the stand-in (test/harness/canaryMath.ts)
// agreeing, pause totals, and the two warnings through the engine.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import {
  actualWeight,
  basicCanarySplit,
  formatDuration,
  hpaFor,
  readCanaryPlan,
  replicaCounts,
  resolveFenceposts,
  stepArithmetic,
  stepHint,
} from '../../server/src/core/canary';
import { parseDocuments } from '../../server/src/core/documents';
import { Linter, DEFAULT_OPTIONS } from '../../server/src/core/engine';
import type { WorkspaceLookup, IndexedObject } from '../../server/src/core/workspace/lookup';
import { canaryStableCounts, resolveMaxSurge } from '../harness/canaryMath';

const ROLLOUT = readFileSync('test/fixtures/seed/rollout.yaml', 'utf8');
const HPA = readFileSync('test/fixtures/seed/hpa.yaml', 'utf8');

// argo-rollouts v1.9.1 utils/replicaset/canary_test.go, TestApproximateWeightedNewStableReplicaCounts (maxWeight 100):
// [replicas, weight, maxSurge, canary, stable]
const UPSTREAM: Array<[number, number, number, number, number]> = [
  [0, 0, 0, 0, 0], [0, 50, 0, 0, 0], [0, 100, 0, 0, 0], [0, 0, 1, 0, 0], [0, 50, 1, 0, 0], [0, 100, 1, 0, 0],
  [1, 0, 0, 0, 1], [1, 1, 0, 0, 1], [1, 49, 0, 0, 1], [1, 50, 0, 1, 0], [1, 99, 0, 1, 0], [1, 100, 0, 1, 0],
  [1, 0, 1, 0, 1], [1, 1, 1, 1, 1], [1, 49, 1, 1, 1], [1, 50, 1, 1, 1], [1, 99, 1, 1, 1], [1, 100, 1, 1, 0],
  [2, 0, 0, 0, 2], [2, 1, 0, 1, 1], [2, 50, 0, 1, 1], [2, 99, 0, 1, 1], [2, 100, 0, 2, 0],
  [2, 0, 1, 0, 2], [2, 1, 1, 1, 2], [2, 50, 1, 1, 1], [2, 99, 1, 2, 1], [2, 100, 1, 2, 0],
  [3, 10, 0, 1, 2], [3, 25, 0, 1, 2], [3, 33, 0, 1, 2], [3, 34, 0, 1, 2], [3, 49, 0, 1, 2], [3, 50, 0, 2, 1],
  [3, 10, 1, 1, 3], [3, 25, 1, 1, 3], [3, 33, 1, 1, 2], [3, 34, 1, 1, 2], [3, 49, 1, 2, 2], [3, 50, 1, 2, 2],
  [10, 0, 1, 0, 10], [10, 1, 0, 1, 9], [10, 14, 0, 1, 9], [10, 15, 0, 2, 8], [10, 16, 0, 2, 8], [10, 99, 0, 9, 1],
  [10, 100, 1, 10, 0], [10, 1, 1, 1, 10], [10, 18, 1, 2, 9], [10, 19, 1, 2, 9], [10, 20, 1, 2, 8], [10, 23, 1, 2, 8],
  [10, 24, 1, 3, 8], [10, 25, 1, 3, 8], [10, 99, 1, 10, 1], [10, 100, 1, 10, 0],
];

test('the split agrees with argo-rollouts canary_test.go, case by case', () => {
  for (const [r, w, s, canary, stable] of UPSTREAM) {
    assert.deepEqual(basicCanarySplit(r, w, s), { canary, stable }, `${r} replicas, weight ${w}, maxSurge ${s}`);
  }
});

test('the seed: 6 replicas (default 25 % → surge 2) at 20 % is 1 canary / 5 stable, actual 16 %; the older formula would be 2/5', () => {
  const fence = resolveFenceposts(undefined, undefined, 6);
  assert.deepEqual(fence, { surge: 2, unavailable: 1 });
  const split = basicCanarySplit(6, 20, fence!.surge);
  assert.deepEqual(split, { canary: 1, stable: 5 });
  assert.equal(actualWeight(split), 16);
  // the other §5 cases: 10 at 15 % without surge, 3 at 25 % with surge 1, 36 (the HPA's max) at 20 %
  assert.deepEqual(basicCanarySplit(10, 15, 0), { canary: 2, stable: 8 });
  assert.deepEqual(basicCanarySplit(3, 25, 1), { canary: 1, stable: 3 });
  assert.equal(actualWeight(basicCanarySplit(3, 25, 1)), 25);
  assert.deepEqual(basicCanarySplit(36, 20, resolveFenceposts(undefined, undefined, 36)!.surge), { canary: 7, stable: 29 });
  // no option left (tied floor, ceil = replicas, no surge): upstream runs no canary pod
  assert.deepEqual(basicCanarySplit(2, 75, 0), { canary: 0, stable: 2 });
});

test('fenceposts: maxSurge rounds up, maxUnavailable down, both 0 makes maxUnavailable 1; integers and bad values', () => {
  assert.deepEqual(resolveFenceposts('25%', '25%', 6), { surge: 2, unavailable: 1 });
  assert.deepEqual(resolveFenceposts('10%', '10%', 5), { surge: 1, unavailable: 0 }); // 0.5 → 1 up, 0.5 → 0 down
  assert.deepEqual(resolveFenceposts('10%', '10%', 4), { surge: 1, unavailable: 0 });
  assert.deepEqual(resolveFenceposts(0, '10%', 9), { surge: 0, unavailable: 1 }); // 0.9 → 0, both 0 → 1
  assert.deepEqual(resolveFenceposts('10%', '30%', 5), { surge: 1, unavailable: 1 });
  assert.deepEqual(resolveFenceposts(0, '10%', 5), { surge: 0, unavailable: 1 });
  assert.deepEqual(resolveFenceposts(3, 0, 5), { surge: 3, unavailable: 0 });
  assert.equal(resolveFenceposts('lots', 0, 5), undefined);
  // the stand-in resolves maxSurge the same way
  for (const v of [undefined, '25%', '10%', '33%', 0, 3, '100%']) for (const r of [1, 2, 5, 6, 7, 36]) {
    assert.equal(resolveFenceposts(v, '25%', r)!.surge, resolveMaxSurge(v, r), `maxSurge ${String(v)} at ${r}`);
  }
});

test('over a grid, the split is the closest allowed option, and the stand-in gives the same counts', () => {
  const tied = (r: number, w: number) => {
    const x = r * (w / 100);
    return x - Math.trunc(x) === 0.5;
  };
  for (let r = 1; r <= 40; r++) {
    for (let w = 0; w <= 100; w++) {
      for (const s of [0, 1, 2, 5]) {
        const got = basicCanarySplit(r, w, s);
        const total = got.canary + got.stable;
        const at = `${r} replicas, weight ${w}, maxSurge ${s}: ${JSON.stringify(got)}`;
        assert.deepEqual(canaryStableCounts(r, w, s), [got.canary, got.stable], at);
        // the options upstream considers, written from the rules in docs/rules.md
        const ceil = Math.ceil((r * w) / 100);
        const floor = Math.floor((r * w) / 100);
        const zeroOk = w === 0 || w === 100 || (r === 1 && s === 0);
        const options: Array<[number, number]> = [];
        if (ceil < r || zeroOk) options.push([ceil, r]);
        if (!tied(r, w) && (floor > 0 || zeroOk)) options.push([floor, r]);
        if (s > 0) {
          options.push([ceil, r + 1]);
          if (!tied(r + 1, w) && (floor > 0 || zeroOk)) options.push([floor, r + 1]);
        }
        if (options.length === 0) {
          assert.deepEqual(got, { canary: 0, stable: r }, at);
          continue;
        }
        assert.ok(options.some(([c, t]) => c === got.canary && t === total), at);
        const delta = (c: number, t: number) => Math.abs((c * 100) / t - w);
        for (const [c, t] of options) assert.ok(delta(got.canary, total) <= delta(c, t), `${at} vs ${c}/${t}`);
        assert.ok(total === r || (s > 0 && total === r + 1), at);
        if (w > 0 && w < 100 && r >= 2) assert.ok(got.stable >= 1, at);
      }
    }
  }
});

test('durations read like Go', () => {
  assert.equal(formatDuration(20_000), '20s');
  assert.equal(formatDuration(90_000), '1m30s');
  assert.equal(formatDuration(60_000), '1m');
  assert.equal(formatDuration(3_600_000), '1h');
  assert.equal(formatDuration(3_605_000), '1h5s');
  assert.equal(formatDuration(0), '0ms');
});

const docsOf = (text: string) => parseDocuments(text);

test('the seed rollout with its HPA in the same file: every step, at the HPA min (6) and max (36)', () => {
  const docs = docsOf(`${ROLLOUT}\n${HPA}`);
  const plan = readCanaryPlan(docs.find((d) => d.kind === 'Rollout')!)!;
  assert.equal(plan.routed, false);
  const hpa = hpaFor(plan, docs);
  assert.deepEqual(hpa, { name: 'flaskdemo-hpa', minReplicas: 6, maxReplicas: 36 });
  const steps = stepArithmetic(plan, replicaCounts(plan, hpa));
  const hints = steps.map((s) => stepHint(plan, s));
  assert.deepEqual(hints, [
    '→ 1 canary / 5 stable · 16 % (min 6) · 7 / 29 · 19 % (max 36)',
    '⏸ manual promotion',
    // 6 at 40 %: 3 of 7 (42.9 %) beats 2 of 6 (33.3 %) and 3 of 6 (50 %)
    '→ 3 canary / 4 stable · 42 % (min 6) · 15 / 22 · 40 % (max 36)',
    '⏸ 20s (total 20s)',
    '→ 4 canary / 3 stable · 57 % (min 6) · 22 / 15 · 59 % (max 36)',
    '⏸ 20s (total 40s)',
    '→ 5 canary / 1 stable · 83 % (min 6) · 29 / 7 · 80 % (max 36)',
    '⏸ 20s (total 1m)',
  ]);
});

test('without an HPA: spec.replicas, else 1; trafficRouting says the weight is exact', () => {
  const six = docsOf(ROLLOUT.replace('spec:\n  strategy:', 'spec:\n  replicas: 6\n  strategy:'));
  const plan = readCanaryPlan(six[0]!)!;
  assert.equal(stepHint(plan, stepArithmetic(plan, replicaCounts(plan, hpaFor(plan, six)))[0]!), '→ 1 canary / 5 stable · 16 %');
  const none = docsOf(ROLLOUT);
  const plain = readCanaryPlan(none[0]!)!;
  assert.deepEqual(replicaCounts(plain, undefined).map((c) => c.replicas), [1]);
  const routed = docsOf(ROLLOUT.replace('    canary:\n', '    canary:\n      trafficRouting:\n        nginx:\n          stableIngress: web\n'));
  const rp = readCanaryPlan(routed[0]!)!;
  assert.equal(rp.routed, true);
  assert.equal(stepHint(rp, stepArithmetic(rp, replicaCounts(rp, undefined))[0]!), '→ 20 % of traffic (exact: trafficRouting)');
});

test("an HPA in another file of the workspace counts; this file's own copy in the workspace is skipped", () => {
  const obj = (file: string, min: number): IndexedObject => ({
    file,
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v2',
    name: 'flaskdemo-hpa',
    nameRange: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } },
    hpa: { target: { kind: 'Rollout', name: 'flaskdemo', apiVersion: 'argoproj.io/v1alpha1' }, minReplicas: min, maxReplicas: 10, utilizationResources: [] },
  });
  const lookup = (objs: IndexedObject[]): WorkspaceLookup => ({
    find: (kind, name) => objs.filter((o) => o.kind === kind && o.name === name),
    ofKind: (kind) => objs.filter((o) => o.kind === kind),
  });
  const docs = docsOf(ROLLOUT);
  const plan = readCanaryPlan(docs[0]!)!;
  assert.deepEqual(hpaFor(plan, docs, lookup([obj('file:///hpa.yaml', 4)]), 'file:///rollout.yaml'), {
    name: 'flaskdemo-hpa',
    minReplicas: 4,
    maxReplicas: 10,
    file: 'file:///hpa.yaml',
  });
  assert.equal(hpaFor(plan, docs, lookup([obj('file:///rollout.yaml', 4)]), 'file:///rollout.yaml'), undefined);
});

// ---------------------------------------------------------------------------------------------------------------
// the warnings, through the engine

const CODES = new Set(['canary-weight-zero', 'canary-weight-jump']);
const lint = (text: string) => new Linter().lint(text, DEFAULT_OPTIONS).filter((f) => CODES.has(f.code));
const lineOf = (text: string, f: { range: { start: { line: number; character: number }; end: { character: number } } }) =>
  text.split('\n')[f.range.start.line]!.slice(f.range.start.character, f.range.end.character);

function oneReplica(steps: string, extra = '      maxSurge: 0\n      maxUnavailable: 1\n', replicas = '  replicas: 1\n'): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: tiny
spec:
${replicas}  selector:
    matchLabels:
      app: tiny
  template:
    metadata:
      labels:
        app: tiny
    spec:
      containers:
      - name: tiny
        image: registry.example/tiny:1
  strategy:
    canary:
${extra}      steps:
${steps}`;
}

test('the seed (with or without its HPA) has no canary warning', () => {
  assert.deepEqual(lint(ROLLOUT), []);
  assert.deepEqual(lint(`${ROLLOUT}\n${HPA}`), []);
});

test('canary-weight-zero: 1 replica without surge below 50 %, on the setWeight value; 2 replicas at 75 % too', () => {
  const text = oneReplica('      - setWeight: 20\n      - pause: {}\n');
  const found = lint(text);
  assert.equal(found.length, 1);
  assert.equal(found[0]!.code, 'canary-weight-zero');
  assert.equal(found[0]!.severity, 'warning');
  assert.equal(lineOf(text, found[0]!), '20');
  assert.match(found[0]!.message, /setWeight 20 runs 0 canary pods at 1 replica \(spec\.replicas, maxSurge 0\)/);
  const two = oneReplica('      - setWeight: 75\n', undefined, '  replicas: 2\n');
  assert.deepEqual(lint(two).map((f) => f.code), ['canary-weight-zero']);
  // good: the default maxSurge
  assert.deepEqual(lint(oneReplica('      - setWeight: 20\n', '')), []);
  // setWeight 0 is a deliberate no-canary step, and replicas 0 runs nothing at any weight
  assert.deepEqual(lint(oneReplica('      - setWeight: 0\n')), []);
  assert.deepEqual(lint(oneReplica('      - setWeight: 20\n', undefined, '  replicas: 0\n')), []);
});

test('canary-weight-jump: 1 replica without surge from 50 % is all canary; an HPA with minReplicas 1 is judged at 1', () => {
  const text = oneReplica('      - setWeight: 60\n      - pause: {}\n');
  const found = lint(text);
  assert.deepEqual(found.map((f) => f.code), ['canary-weight-jump']);
  assert.equal(lineOf(text, found[0]!), '60');
  assert.match(found[0]!.message, /1 canary and 0 stable pods .* straight to 100 %/);
  assert.deepEqual(lint(oneReplica('      - setWeight: 60\n', undefined, '  replicas: 2\n')), []);
  const hpa = `---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: tiny
spec:
  minReplicas: 1
  maxReplicas: 5
  scaleTargetRef:
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    name: tiny
`;
  const withHpa = lint(`${oneReplica('      - setWeight: 60\n', undefined, '')}${hpa}`);
  assert.deepEqual(withHpa.map((f) => f.code), ['canary-weight-jump']);
  assert.match(withHpa[0]!.message, /HPA tiny minReplicas/);
  // trafficRouting: exact weights, nothing to say
  const routed = oneReplica('      - setWeight: 60\n', '      maxSurge: 0\n      maxUnavailable: 1\n      canaryService: c\n      stableService: s\n      trafficRouting:\n        nginx:\n          stableIngress: web\n');
  assert.deepEqual(lint(routed), []);
});
