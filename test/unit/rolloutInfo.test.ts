// GetRolloutPhase / CalculateRolloutPhase (every rule: a case that hits it, a case that falls through),
// Step / SetWeight / ActualWeight, images, revisions and steps of `deriveRolloutInfo`.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { calculateRolloutPhase, getRolloutPhase } from '../../extension/src/cluster/info/rolloutPhase';
import { deriveRolloutInfo } from '../../extension/src/cluster/info/rolloutInfo';
import { humanDuration } from '../../extension/src/cluster/info/duration';
import type { CanaryStep, Rollout } from '../../extension/src/cluster/k8sTypes';
import { NOW, ago, analysisRun, experiment, pod, replicaSet, rollout } from '../support/rolloutFixtures';

// A canary that CalculateRolloutPhase finds Healthy: every rule falls through.
const healthyStatus = {
  stableRS: 'aaa',
  currentPodHash: 'aaa',
  replicas: 3,
  updatedReplicas: 3,
  readyReplicas: 3,
  availableReplicas: 3,
  currentStepIndex: 2,
};
function canary(over: Partial<Parameters<typeof rollout>[0]> = {}, status: Rollout['status'] = {}): Rollout {
  return rollout({ replicas: 3, steps: [{ setWeight: 50 }, { pause: {} }], ...over, status: { ...healthyStatus, ...status } });
}

test('GetRolloutPhase: generation not yet observed wins over everything', () => {
  assert.deepEqual(getRolloutPhase(canary({ generation: 4 }, { observedGeneration: '3', phase: 'Healthy' })), {
    phase: 'Progressing',
    message: 'waiting for rollout spec update to be observed',
  });
  // falls through: equal, larger (v0.9 corner case) and non-numeric (v0.9 hash) all count as observed
  for (const observedGeneration of ['4', '5', '6b7c9d8f5']) {
    assert.equal(getRolloutPhase(canary({ generation: 4 }, { observedGeneration, phase: 'Paused', message: 'CanaryPauseStep' })).phase, 'Paused', observedGeneration);
  }
});

test('GetRolloutPhase: controllerPause without pause conditions is "waiting for rollout to unpause"', () => {
  assert.deepEqual(getRolloutPhase(canary({}, { controllerPause: true, pauseConditions: [], phase: 'Paused' })), {
    phase: 'Progressing',
    message: 'waiting for rollout to unpause',
  });
  const paused = canary({}, { controllerPause: true, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: ago(60) }], phase: 'Paused', message: 'CanaryPauseStep' });
  assert.deepEqual(getRolloutPhase(paused), { phase: 'Paused', message: 'CanaryPauseStep' });
});

test('GetRolloutPhase: status.phase and status.message are shown unchanged (the v1.0+ path)', () => {
  const ro = canary({}, { phase: 'Degraded', message: 'ProgressDeadlineExceeded: ReplicaSet "x-abc" has timed out progressing.' });
  assert.deepEqual(getRolloutPhase(ro), { phase: 'Degraded', message: 'ProgressDeadlineExceeded: ReplicaSet "x-abc" has timed out progressing.' });
  // without status.phase the client computes it: this status computes to Healthy
  assert.deepEqual(getRolloutPhase(canary()), { phase: 'Healthy', message: '' });
});

const cond = (type: string, reason: string, message: string) => ({ type, status: 'True', reason, message });

const calcRules: Array<{ rule: string; ro: Rollout; expect: [string, string] }> = [
  { rule: '1 InvalidSpec condition', ro: canary({}, { conditions: [cond('InvalidSpec', 'InvalidSpec', 'The Rollout "demo" is invalid: spec.selector: Required value')] }), expect: ['Degraded', 'InvalidSpec: The Rollout "demo" is invalid: spec.selector: Required value'] },
  { rule: '2 RolloutAborted', ro: canary({ paused: true }, { conditions: [cond('Progressing', 'RolloutAborted', 'Rollout aborted update to revision 2')] }), expect: ['Degraded', 'RolloutAborted: Rollout aborted update to revision 2'] },
  { rule: '2 ProgressDeadlineExceeded', ro: canary({}, { conditions: [cond('Available', 'AvailableReason', 'ok'), cond('Progressing', 'ProgressDeadlineExceeded', 'ReplicaSet "x-abc" has timed out progressing.')] }), expect: ['Degraded', 'ProgressDeadlineExceeded: ReplicaSet "x-abc" has timed out progressing.'] },
  { rule: '3 spec.paused', ro: canary({ paused: true }, { conditions: [cond('Progressing', 'NewReplicaSetAvailable', 'ok')], pauseConditions: [{ reason: 'CanaryPauseStep' }] }), expect: ['Paused', 'manually paused'] },
  { rule: '4 first pause condition', ro: canary({}, { pauseConditions: [{ reason: 'InconclusiveAnalysisRun' }, { reason: 'CanaryPauseStep' }] }), expect: ['Paused', 'InconclusiveAnalysisRun'] },
  { rule: '5 restartAt not yet reached', ro: canary({ restartAt: '2026-03-01T11:00:00Z' }, { restartedAt: '2026-02-28T11:00:00Z' }), expect: ['Progressing', 'rollout is restarting'] },
  { rule: '5 restartAt never restarted', ro: canary({ restartAt: '2026-03-01T11:00:00Z' }), expect: ['Progressing', 'rollout is restarting'] },
  { rule: '6 updated < spec.replicas', ro: canary({}, { updatedReplicas: 2 }), expect: ['Progressing', 'more replicas need to be updated'] },
  { rule: '6 default replicas is 1', ro: rollout({ steps: [{ setWeight: 5 }], status: { ...healthyStatus, replicas: 0, updatedReplicas: 0, availableReplicas: 0 } }), expect: ['Progressing', 'more replicas need to be updated'] },
  { rule: '7 available < updated', ro: canary({}, { availableReplicas: 2 }), expect: ['Progressing', 'updated replicas are still becoming available'] },
  { rule: '9 basic canary with old replicas', ro: canary({}, { replicas: 4 }), expect: ['Progressing', 'old replicas are pending termination'] },
  { rule: '9 stable != current', ro: canary({}, { stableRS: 'old' }), expect: ['Progressing', 'waiting for all steps to complete'] },
  { rule: '9 no stable yet', ro: canary({}, { stableRS: '' }), expect: ['Progressing', 'waiting for all steps to complete'] },
  { rule: '10 healthy canary', ro: canary(), expect: ['Healthy', ''] },
];

for (const c of calcRules) {
  test(`CalculateRolloutPhase rule ${c.rule}`, () => {
    assert.deepEqual(calculateRolloutPhase(c.ro), { phase: c.expect[0], message: c.expect[1] });
  });
}

test('CalculateRolloutPhase: fall-through cases of rules 1-9', () => {
  // 1/2: other conditions (reason NewReplicaSetAvailable, type Paused) do not degrade
  assert.equal(calculateRolloutPhase(canary({}, { conditions: [cond('Progressing', 'NewReplicaSetAvailable', 'done'), cond('Paused', 'RolloutPaused', 'x')] })).phase, 'Healthy');
  // 5: restartAt equal to restartedAt (same instant, different spelling) is done
  assert.equal(calculateRolloutPhase(canary({ restartAt: '2026-03-01T11:00:00Z' }, { restartedAt: '2026-03-01T11:00:00.000Z' })).phase, 'Healthy');
  // 9: with traffic routing, extra old replicas are expected (scaleDownDelay) and do not count
  const routed = canary({ canary: { trafficRouting: { nginx: { stableIngress: 'web' } }, canaryService: 'c', stableService: 's' } }, { replicas: 5 });
  assert.deepEqual(calculateRolloutPhase(routed), { phase: 'Healthy', message: '' });
});

function blueGreen(status: Rollout['status'] = {}, bg: Record<string, unknown> = {}): Rollout {
  return rollout({
    strategy: 'blueGreen',
    replicas: 2,
    blueGreen: bg,
    status: { stableRS: 'new', currentPodHash: 'new', replicas: 2, updatedReplicas: 2, availableReplicas: 2, readyReplicas: 2, blueGreen: { activeSelector: 'new' }, ...status },
  });
}

test('CalculateRolloutPhase rule 8: blue-green cutover, post-promotion analysis and verification', () => {
  assert.deepEqual(calculateRolloutPhase(blueGreen({ blueGreen: { activeSelector: 'old', previewSelector: 'new' } })), { phase: 'Progressing', message: 'active service cutover pending' });
  assert.deepEqual(calculateRolloutPhase(blueGreen({ blueGreen: {} })), { phase: 'Progressing', message: 'active service cutover pending' });
  const post = { postPromotionAnalysis: { templates: [{ templateName: 'smoke' }] } };
  assert.deepEqual(calculateRolloutPhase(blueGreen({ stableRS: 'old' }, post)), { phase: 'Progressing', message: 'waiting for analysis to complete' });
  assert.deepEqual(
    calculateRolloutPhase(blueGreen({ stableRS: 'old', blueGreen: { activeSelector: 'new', postPromotionAnalysisRunStatus: { name: 'r', status: 'Running' } } }, post)),
    { phase: 'Progressing', message: 'waiting for analysis to complete' },
  );
  // a completed analysis (any of Successful/Failed/Error/Inconclusive) leaves only the verification
  assert.deepEqual(
    calculateRolloutPhase(blueGreen({ stableRS: 'old', blueGreen: { activeSelector: 'new', postPromotionAnalysisRunStatus: { name: 'r', status: 'Successful' } } }, post)),
    { phase: 'Progressing', message: 'waiting for post-promotion verification to complete' },
  );
  assert.deepEqual(calculateRolloutPhase(blueGreen({ stableRS: '' })), { phase: 'Progressing', message: 'waiting for post-promotion verification to complete' });
  // falls through: active == current == stable; and extra old replicas do not matter for blue-green
  assert.deepEqual(calculateRolloutPhase(blueGreen({ replicas: 4 })), { phase: 'Healthy', message: '' });
});

// ---- Step, SetWeight, ActualWeight ----

function weights(over: { steps?: CanaryStep[]; idx?: number | null; status?: Rollout['status']; canary?: Record<string, unknown> } = {}) {
  const ro = rollout({
    replicas: 6,
    steps: over.steps ?? [{ setWeight: 20 }, { pause: {} }, { analysis: { templates: [{ templateName: 'rate' }] } }, { setWeight: 60 }, { pause: { duration: '30s' } }],
    canary: over.canary,
    status: { phase: 'Paused', stableRS: 'stab', currentPodHash: 'cana', availableReplicas: 6, ...(over.idx !== undefined ? { currentStepIndex: over.idx } : {}), ...over.status },
  });
  const stableRs = replicaSet({ owner: ro, hash: 'stab', revision: 1, replicas: 5, available: 5 });
  const canaryRs = replicaSet({ owner: ro, hash: 'cana', revision: 2, replicas: 1, available: 1 });
  return deriveRolloutInfo({ rollout: ro, replicaSets: [stableRs, canaryRs], pods: [], now: NOW });
}

test('Step is "<index>/<steps>", empty without an index or without steps', () => {
  assert.equal(weights({ idx: 1 }).step, '1/5');
  assert.equal(weights({ idx: 5 }).step, '5/5');
  assert.equal(weights({}).step, '', 'no currentStepIndex');
  assert.equal(weights({ idx: 0, steps: [] }).step, '', 'no steps');
  assert.equal(weights({ idx: 3 }).currentStepIndex, 3);
  assert.equal(weights({ idx: 3 }).stepCount, 5);
});

test('SetWeight scans back from the current step to the nearest setWeight', () => {
  assert.equal(weights({ idx: 0 }).setWeight, 20);
  assert.equal(weights({ idx: 2 }).setWeight, 20, 'analysis step keeps the earlier weight');
  assert.equal(weights({ idx: 4 }).setWeight, 60);
  assert.equal(weights({ idx: 1, steps: [{ pause: {} }, { analysis: {} }, { setWeight: 10 }] }).setWeight, 0, 'no setWeight at or before the index');
  assert.equal(weights({}).setWeight, 20, 'a missing index counts as 0');
});

test('SetWeight: abort gives 0, no current step gives maxTrafficWeight (100 unless set)', () => {
  assert.equal(weights({ idx: 4, status: { abort: true } }).setWeight, 0);
  assert.equal(weights({ idx: 5 }).setWeight, 100, 'every step done');
  assert.equal(weights({ idx: 9 }).setWeight, 100, 'past the end');
  assert.equal(weights({ idx: 0, steps: [] }).setWeight, 100, 'no steps');
  const max = { trafficRouting: { maxTrafficWeight: 1000, nginx: { stableIngress: 'web' } }, canaryService: 'c', stableService: 's' };
  assert.equal(weights({ idx: 5, canary: max }).setWeight, 1000);
  assert.equal(weights({ idx: 0, steps: [], canary: max }).setWeight, 1000);
});

test('ActualWeight without traffic routing: canary available * 100 / available, integer division', () => {
  assert.equal(weights({ idx: 1 }).actualWeight, 16, '1 of 6 available is 16, not 17');
  assert.equal(weights({ idx: 1, status: { availableReplicas: 7 } }).actualWeight, 14);
  assert.equal(weights({ idx: 1, status: { availableReplicas: 0 } }).actualWeight, 0, 'nothing available');
  assert.equal(weights({ idx: 5 }).actualWeight, 100, 'no current step');
  // no ReplicaSet carries the canary hash: 0
  assert.equal(weights({ idx: 1, status: { currentPodHash: 'zzz' } }).actualWeight, 0);
});

test('ActualWeight with traffic routing: status.canary.weights, else the SetWeight', () => {
  const tr = { trafficRouting: { istio: { virtualService: { name: 'vs' } } }, canaryService: 'c', stableService: 's' };
  assert.equal(weights({ idx: 1, canary: tr }).actualWeight, 20, 'weights nil: SetWeight');
  assert.equal(weights({ idx: 1, canary: tr, status: { canary: { weights: { canary: { weight: 5, podTemplateHash: 'cana' }, stable: { weight: 95 } } } } }).actualWeight, 5);
  assert.equal(weights({ idx: 5, canary: { ...tr, trafficRouting: { ...tr.trafficRouting, maxTrafficWeight: 1000 } } }).actualWeight, 1000);
});

test('blue-green has no Step, SetWeight or ActualWeight', () => {
  const info = deriveRolloutInfo({ rollout: blueGreen(), replicaSets: [], pods: [], now: NOW });
  assert.equal(info.strategy, 'BlueGreen');
  assert.equal(info.step, '');
  assert.equal(info.setWeight, undefined);
  assert.equal(info.actualWeight, undefined);
  assert.deepEqual(info.steps, []);
});

test('steps carry type, summary and state relative to the current index', () => {
  const info = weights({ idx: 2 });
  assert.deepEqual(
    info.steps.map((s) => [s.index, s.type, s.summary, s.state]),
    [
      [0, 'setWeight', 'setWeight: 20', 'done'],
      [1, 'pause', 'pause', 'done'],
      [2, 'analysis', 'analysis', 'current'],
      [3, 'setWeight', 'setWeight: 60', 'pending'],
      [4, 'pause', 'pause: 30s', 'pending'],
    ],
  );
  assert.ok(weights({ idx: 5 }).steps.every((s) => s.state === 'done'));
  const more = weights({ idx: 0, steps: [{ setCanaryScale: { weight: 40 } }, { setCanaryScale: { matchTrafficWeight: true } }, { setCanaryScale: { replicas: 2 } }, { experiment: { templates: [] } }, { setHeaderRoute: { name: 'h' } }, { setMirrorRoute: { name: 'm' } }, { plugin: { name: 'p' } }, {}, { pause: { duration: 20 } }] });
  assert.deepEqual(more.steps.map((s) => s.summary), [
    'setCanaryScale{weight: 40}',
    'setCanaryScale{matchTrafficWeight: true}',
    'setCanaryScale{replicas: 2}',
    'experiment',
    'setHeaderRoute: h',
    'setMirrorRoute: m',
    'plugin: p',
    'invalid',
    'pause: 20',
  ]);
});

// ---- images, revisions, header fields ----

test('images: only ReplicaSets with replicas, merged by image, tags sorted on merge, list sorted by image', () => {
  const ro = rollout({ name: 'web', replicas: 4, steps: [{ setWeight: 25 }], status: { stableRS: 's', currentPodHash: 'c', currentStepIndex: 0, availableReplicas: 4 } });
  const stable = replicaSet({ owner: ro, hash: 's', revision: 3, replicas: 3, images: ['reg/web:1', 'reg/sidecar:1'] });
  const can = replicaSet({ owner: ro, hash: 'c', revision: 4, replicas: 1, images: ['reg/web:2', 'reg/sidecar:1'] });
  const old = replicaSet({ owner: ro, hash: 'o', revision: 2, replicas: 0, images: ['reg/web:0'] });
  const untagged = replicaSet({ owner: ro, hash: 'u', revision: 1, replicas: 1, images: ['reg/web:1'] });
  const info = deriveRolloutInfo({ rollout: ro, replicaSets: [old, stable, untagged, can], pods: [], now: NOW });
  assert.deepEqual(info.images, [
    { image: 'reg/sidecar:1', tags: ['canary', 'stable'] },
    { image: 'reg/web:1', tags: ['stable'] },
    { image: 'reg/web:2', tags: ['canary'] },
  ]);
});

test('images: a ping-pong stable keeps upstream role order (stable, ping) until merged', () => {
  const ro = rollout({ name: 'pp', replicas: 2, steps: [{ setWeight: 50 }], canary: { pingPong: { pingService: 'ping', pongService: 'pong' }, trafficRouting: { alb: { ingress: 'i', rootService: 'root', servicePort: 80 } } }, status: { stableRS: 's', currentPodHash: 'c', currentStepIndex: 0, canary: { stablePingPong: 'ping' } } });
  const stable = replicaSet({ owner: ro, hash: 's', revision: 1, replicas: 2, images: ['reg/pp:1'] });
  const can = replicaSet({ owner: ro, hash: 'c', revision: 2, replicas: 1, images: ['reg/pp:2'] });
  const info = deriveRolloutInfo({ rollout: ro, replicaSets: [stable, can], pods: [], now: NOW });
  assert.deepEqual(info.images, [
    { image: 'reg/pp:1', tags: ['stable', 'ping'] },
    { image: 'reg/pp:2', tags: ['canary', 'pong'] },
  ]);
});

test('revisions: distinct values from ReplicaSets, Experiments and AnalysisRuns, newest first', () => {
  const ro = rollout({ name: 'r', replicas: 1, steps: [{ analysis: {} }], status: { stableRS: 'a', currentPodHash: 'b', currentStepIndex: 0 } });
  const rsA = replicaSet({ owner: ro, hash: 'a', revision: 9, replicas: 1 });
  const rsB = replicaSet({ owner: ro, hash: 'b', revision: 10, replicas: 1 });
  const rsNoRev = replicaSet({ owner: ro, hash: 'n', replicas: 0 });
  const rsBadRev = replicaSet({ owner: ro, hash: 'x', revision: 'abc', replicas: 0 });
  const ar = analysisRun({ owner: ro, name: 'r-b-11', revision: 11 });
  const exp = experiment({ owner: ro, name: 'r-exp', revision: 10 });
  const foreign = replicaSet({ owner: rollout({ name: 'other', uid: 'uid-other' }), hash: 'z', revision: 99, replicas: 1 });
  const info = deriveRolloutInfo({ rollout: ro, replicaSets: [rsNoRev, rsA, foreign, rsB, rsBadRev], pods: [], analysisRuns: [ar], experiments: [exp], now: NOW });
  assert.deepEqual(info.revisions.map((r) => r.revision), [11, 10, 9, 0]);
  assert.deepEqual(info.revisions.map((r) => [r.replicaSets.map((x) => x.name), r.experiments.map((x) => x.name), r.analysisRuns.map((x) => x.name)]), [
    [[], [], ['r-b-11']],
    [['r-b'], ['r-exp'], []],
    [['r-a'], [], []],
    [['r-n', 'r-x'], [], []],
  ]);
});

test('header fields: replicas default, containers, restart and pause state', () => {
  const ro = rollout({ name: 'h', steps: [{ pause: {} }], paused: true, restartAt: '2026-03-01T10:00:00Z', status: { replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1, restartedAt: '2026-03-01T10:00:05Z', pauseConditions: [{ reason: 'CanaryPauseStep', startTime: ago(30) }], controllerPause: true, currentStepIndex: 0, abort: false } });
  const info = deriveRolloutInfo({ rollout: ro, replicaSets: [], pods: [], now: NOW });
  assert.deepEqual(info.replicas, { desired: 1, current: 1, updated: 1, ready: 1, available: 1 });
  assert.deepEqual(info.containers, [{ name: 'h', image: 'registry.example/h:2' }]);
  assert.equal(info.restartedAt, '2026-03-01T10:00:05Z');
  assert.equal(info.paused, true);
  assert.deepEqual(info.pauseConditions, [{ reason: 'CanaryPauseStep', startTime: ago(30) }]);
  assert.equal(info.status, 'Paused', 'computed client-side: manually paused');
  assert.equal(info.message, 'manually paused');
  assert.equal(info.icon, '॥');
  assert.equal(info.age, '24h');
  assert.equal(info.observedGeneration, '3');
  const withWorkload = deriveRolloutInfo({ rollout: ro, replicaSets: [], pods: [], now: NOW, workload: { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'd' }, spec: { template: { spec: { containers: [{ name: 'w', image: 'reg/w:3' }], initContainers: [{ name: 'i', image: 'reg/i:1' }] } } } } });
  assert.deepEqual(withWorkload.containers, [{ name: 'w', image: 'reg/w:3' }]);
  assert.deepEqual(withWorkload.initContainers, [{ name: 'i', image: 'reg/i:1' }]);
});

test('humanDuration follows kubectl: seconds up to 2m, m+s under 10m, hours and days', () => {
  const s = 1000;
  const cases: Array<[number, string]> = [
    [-3 * s, '<invalid>'],
    [-1500, '0s'],
    [0, '0s'],
    [119 * s, '119s'],
    [120 * s, '2m'],
    [200 * s, '3m20s'],
    [10 * 60 * s, '10m'],
    [179 * 60 * s, '179m'],
    [3 * 3600 * s, '3h'],
    [(7 * 3600 + 59 * 60) * s, '7h59m'],
    [47 * 3600 * s, '47h'],
    [48 * 3600 * s, '2d'],
    [(7 * 24 + 23) * 3600 * s, '7d23h'],
    [8 * 24 * 3600 * s, '8d'],
    [730 * 24 * 3600 * s, '2y'],
    [(731 * 24) * 3600 * s, '2y1d'],
    [8 * 365 * 24 * 3600 * s, '8y'],
  ];
  for (const [ms, want] of cases) assert.equal(humanDuration(ms), want, String(ms));
});

test('pods attach to their ReplicaSet by owner UID in the derived info', () => {
  const ro = rollout({ name: 'p', replicas: 1, status: { stableRS: 'a', currentPodHash: 'a' } });
  const rs = replicaSet({ owner: ro, hash: 'a', revision: 1, replicas: 1 });
  const stray = pod({ rs: replicaSet({ owner: ro, hash: 'gone', uid: 'uid-deleted' }), suffix: 'zzz' });
  const info = deriveRolloutInfo({ rollout: ro, replicaSets: [rs], pods: [pod({ rs, suffix: 'abc' }), stray], now: NOW });
  assert.deepEqual(info.replicaSets[0].pods.map((p) => p.name), ['p-a-abc']);
});
