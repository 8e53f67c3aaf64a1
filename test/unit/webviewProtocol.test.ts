// The rollout page's protocol (webview/src/protocol.ts): the RolloutInfo schema cannot drift from the cluster
// layer's type (checked at compile time by `npm run typecheck`, and at run time on derived RolloutInfos), and
// every message that is not exactly right is refused with a reason, never thrown on.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { z } from 'zod';
import { deriveRolloutInfo, type RolloutInfo } from '../../extension/src/cluster/info/rolloutInfo';
import type { AnalysisDetail } from '../../extension/src/cluster/info/analysisMetrics';
import {
  ACTION_IDS,
  analysisDetailSchema,
  parseHostMessage,
  parsePageMessage,
  rolloutInfoSchema,
  type PageState,
} from '../../webview/src/protocol';
import { NOW, SEED_CANARY_STEPS, ago, analysisRun, experiment, pod, replicaSet, rollout } from '../support/rolloutFixtures';

// ---- compile time: the schema's type and the cluster layer's type are the same shape ----
type Schema = z.infer<typeof rolloutInfoSchema>;
type Assert<T extends true> = T;
type Mutual<A, B> = [A] extends [B] ? ([B] extends [A] ? true : false) : false;
type SameKeys<A, B> = [Exclude<keyof A, keyof B> | Exclude<keyof B, keyof A>] extends [never] ? true : false;
type Item<T> = T extends ReadonlyArray<infer U> ? U : never;
export type RolloutInfoChecks = [
  Assert<Mutual<RolloutInfo, Schema>>,
  Assert<SameKeys<RolloutInfo, Schema>>,
  Assert<SameKeys<Item<RolloutInfo['replicaSets']>, Item<Schema['replicaSets']>>>,
  Assert<SameKeys<Item<Item<RolloutInfo['replicaSets']>['pods']>, Item<Item<Schema['replicaSets']>['pods']>>>,
  Assert<SameKeys<Item<RolloutInfo['analysisRuns']>, Item<Schema['analysisRuns']>>>,
  Assert<SameKeys<Item<RolloutInfo['experiments']>, Item<Schema['experiments']>>>,
  Assert<SameKeys<Item<RolloutInfo['revisions']>, Item<Schema['revisions']>>>,
  Assert<SameKeys<Item<RolloutInfo['steps']>, Item<Schema['steps']>>>,
  Assert<SameKeys<Item<RolloutInfo['images']>, Item<Schema['images']>>>,
  Assert<Mutual<AnalysisDetail, z.infer<typeof analysisDetailSchema>>>,
  Assert<SameKeys<AnalysisDetail, z.infer<typeof analysisDetailSchema>>>,
  Assert<SameKeys<Item<AnalysisDetail['metrics']>, Item<z.infer<typeof analysisDetailSchema>['metrics']>>>,
];

/** The seed's canary paused at step 1/8 with 6 pods (5 stable, 1 canary), an experiment and an analysis run. */
function seedInfo(): RolloutInfo {
  const ro = rollout({
    name: 'flaskdemo',
    replicas: 6,
    steps: SEED_CANARY_STEPS,
    status: {
      phase: 'Paused',
      message: 'CanaryPauseStep',
      currentStepIndex: 1,
      stableRS: 'aaa',
      currentPodHash: 'bbb',
      replicas: 6,
      updatedReplicas: 1,
      readyReplicas: 6,
      availableReplicas: 6,
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: ago(60) }],
      controllerPause: true,
    },
  });
  const stable = replicaSet({ owner: ro, hash: 'aaa', revision: 1, replicas: 5, images: ['registry.example/flaskdemo:1'] });
  const canary = replicaSet({ owner: ro, hash: 'bbb', revision: 2, replicas: 1, images: ['registry.example/flaskdemo:2'], annotations: { 'scale-down-deadline': ago(-30) } });
  const pods = [...Array.from({ length: 5 }, (_, i) => pod({ rs: stable, suffix: `s${i}` })), pod({ rs: canary, suffix: 'c0' })];
  const exp = experiment({ owner: ro, name: 'flaskdemo-exp', revision: 2 });
  const run = analysisRun({
    owner: ro,
    name: 'flaskdemo-bbb-2',
    revision: 2,
    metricResults: [{ name: 'success-rate', phase: 'Running', successful: 1, measurements: [{ phase: 'Successful', value: '[0.99]', startedAt: ago(30) }] }],
  });
  return deriveRolloutInfo({ rollout: ro, replicaSets: [stable, canary], pods, analysisRuns: [run], experiments: [exp], now: NOW });
}

function state(info: RolloutInfo | null): PageState {
  return {
    context: 'kind-dev',
    namespace: 'default',
    name: 'flaskdemo',
    health: { state: 'connected' },
    rollout: info,
    gates: Object.fromEntries(ACTION_IDS.map((a) => [a, { enabled: a !== 'retry', ...(a === 'retry' ? { reason: 'only a Degraded rollout can be retried' } : {}) }])) as PageState['gates'],
    analysis: [],
    now: NOW.toISOString(),
    argoCdManaged: false,
  };
}

test('a RolloutInfo derived by deriveRolloutInfo parses unchanged (nothing stripped, nothing added)', () => {
  const info = seedInfo();
  assert.equal(info.step, '1/8');
  assert.equal(info.actualWeight, 16);
  const parsed = rolloutInfoSchema.parse(JSON.parse(JSON.stringify(info)));
  assert.deepEqual(parsed, JSON.parse(JSON.stringify(info)));
  // blue-green, with no status at all
  const bg = deriveRolloutInfo({ rollout: rollout({ name: 'bg', strategy: 'blueGreen' }), replicaSets: [], pods: [], now: NOW });
  assert.deepEqual(rolloutInfoSchema.parse(bg), bg);
});

test('host messages: a state (also with a deleted rollout) and a result parse', () => {
  const ok = parseHostMessage({ type: 'state', state: state(seedInfo()) });
  assert.equal(ok.ok, true);
  assert.equal(parseHostMessage({ type: 'state', state: state(null) }).ok, true);
  assert.deepEqual(parseHostMessage({ type: 'result', requestId: 'r1', ok: false, message: 'refused' }), {
    ok: true,
    msg: { type: 'result', requestId: 'r1', ok: false, message: 'refused' },
  });
});

test('host messages: malformed or unknown ones are refused with a reason, never thrown on', () => {
  const bad: unknown[] = [
    undefined,
    null,
    42,
    'state',
    [],
    {},
    { type: 'eval', code: 'alert(1)' },
    { type: 'state' },
    { type: 'state', state: { ...state(null), gates: {} } },
    { type: 'state', state: { ...state(null), now: 'yesterday' } },
    { type: 'state', state: { ...state(null), rollout: { name: 'x' } } },
    { type: 'result', requestId: '', ok: true, message: 'x' },
    { type: 'result', requestId: 'r', ok: 'yes', message: 'x' },
    Object.defineProperty({}, 'type', { get() { throw new Error('boom'); }, enumerable: true }),
  ];
  for (const [i, x] of bad.entries()) {
    const r = parseHostMessage(x);
    assert.equal(r.ok, false, `bad message #${i}`);
    if (!r.ok) assert.ok(r.error.length > 0);
  }
  const r = parseHostMessage({ type: 'state', state: { ...state(null), now: 'yesterday' } });
  assert.ok(!r.ok && r.error.includes('state.now'), !r.ok ? r.error : '');
});

test('page messages: ready, each action, revealManifest parse; malformed ones are refused', () => {
  assert.equal(parsePageMessage({ type: 'ready' }).ok, true);
  assert.equal(parsePageMessage({ type: 'revealManifest' }).ok, true);
  for (const action of ACTION_IDS) {
    const extra = action === 'setImage' ? { container: 'app' } : action === 'undo' ? { revision: 3 } : {};
    assert.equal(parsePageMessage({ type: 'action', requestId: 'q1', action, ...extra }).ok, true, action);
  }
  const bad: unknown[] = [
    null,
    { type: 'action', requestId: 'q', action: 'delete' },
    { type: 'action', requestId: 'q', action: 'promote ' },
    { type: 'action', action: 'promote' },
    { type: 'action', requestId: '', action: 'promote' },
    { type: 'action', requestId: 'q', action: 'setImage' },
    { type: 'action', requestId: 'q', action: 'setImage', container: '' },
    { type: 'action', requestId: 'q', action: 'undo' },
    { type: 'action', requestId: 'q', action: 'undo', revision: 0 },
    { type: 'action', requestId: 'q', action: 'undo', revision: 1.5 },
    { type: 'action', requestId: 'q', action: 'undo', revision: '2' },
    { type: 'exec', command: 'kubectl delete' },
  ];
  for (const x of bad) assert.equal(parsePageMessage(x).ok, false, JSON.stringify(x));
});
