// The page states the browser tests show: RolloutInfos derived by deriveRolloutInfo (and AnalysisRun details by
// analysisDetails) from real-shaped objects (test/support/rolloutFixtures.ts), wrapped as the host sends them.
// The gates are inputs the host decides (from the action plans and RBAC); here they are set per state.
import { analysisDetails } from '../../extension/src/cluster/info/analysisMetrics';
import { deriveRolloutInfo } from '../../extension/src/cluster/info/rolloutInfo';
import type { AnalysisRun, Pod, ReplicaSet, Rollout } from '../../extension/src/cluster/k8sTypes';
import { ACTION_IDS, type ActionId, type Gate, type PageState } from '../../webview/src/protocol';
import { NOW, SEED_CANARY_STEPS, ago, analysisRun, pod, replicaSet, rollout, waiting } from '../support/rolloutFixtures';

export const CONTEXT = 'dev-cluster';
export const NAMESPACE = 'shop';
export const NAME = 'flaskdemo';

type Gates = Record<ActionId, Gate>;

/** Every action enabled except those given with their reason. */
export function gates(disabled: Partial<Record<ActionId, string>> = {}): Gates {
  return Object.fromEntries(ACTION_IDS.map((a) => [a, disabled[a] !== undefined ? { enabled: false, reason: disabled[a] } : { enabled: true }])) as Gates;
}

interface World {
  ro: Rollout;
  replicaSets: ReplicaSet[];
  pods: Pod[];
  runs?: AnalysisRun[];
}

function pageState(w: World, over: Partial<PageState> = {}): PageState {
  const info = deriveRolloutInfo({ rollout: w.ro, replicaSets: w.replicaSets, pods: w.pods, analysisRuns: w.runs ?? [], now: NOW });
  return {
    context: CONTEXT,
    namespace: NAMESPACE,
    name: NAME,
    health: { state: 'connected' },
    rollout: info,
    gates: gates(),
    analysis: analysisDetails(w.ro.metadata!.uid!, w.runs ?? []),
    now: NOW.toISOString(),
    argoCdManaged: false,
    ...over,
  };
}

function pods(rs: ReplicaSet, n: number, prefix: string): Pod[] {
  return Array.from({ length: n }, (_, i) => pod({ rs, suffix: `${prefix}${i}`, containers: [{ name: NAME, image: rs.spec!.template!.spec!.containers![0].image! }] }));
}

/** The seed canary (6 replicas, the write-up's eight steps) with stable revision 1 and canary revision 2. */
function canary(status: Rollout['status'], counts: { stable: number; canary: number; canaryReady?: number }): World {
  const ro = rollout({ name: NAME, namespace: NAMESPACE, replicas: 6, image: 'registry.example/flaskdemo:2', steps: SEED_CANARY_STEPS, status });
  const stable = replicaSet({ owner: ro, hash: '6d4f8b7c9', revision: 1, replicas: counts.stable, images: ['registry.example/flaskdemo:1'] });
  const canaryRs = replicaSet({
    owner: ro,
    hash: '7f9c5d6b8',
    revision: 2,
    replicas: counts.canary,
    available: counts.canaryReady ?? counts.canary,
    images: ['registry.example/flaskdemo:2'],
  });
  const canaryPods = pods(canaryRs, counts.canaryReady ?? counts.canary, 'c');
  if (counts.canaryReady !== undefined && counts.canaryReady < counts.canary) {
    canaryPods.push(pod({ rs: canaryRs, suffix: 'new', created: ago(20), containers: [{ name: NAME, image: 'registry.example/flaskdemo:2' }], phase: 'Pending', containerStatuses: [waiting(NAME, 'ContainerCreating')] }));
  }
  return { ro, replicaSets: [stable, canaryRs], pods: [...pods(stable, counts.stable, 's'), ...canaryPods] };
}

const hashes = { stableRS: '6d4f8b7c9', currentPodHash: '7f9c5d6b8' };

export function progressing(): PageState {
  const w = canary(
    { ...hashes, phase: 'Progressing', message: 'more replicas need to be updated', currentStepIndex: 0, replicas: 7, updatedReplicas: 1, readyReplicas: 6, availableReplicas: 6 },
    { stable: 6, canary: 1, canaryReady: 0 },
  );
  return pageState(w, { gates: gates({ promote: "rollout 'flaskdemo' is not paused", retry: 'only an aborted rollout can be retried' }) });
}

/** Paused at step 1/8 (the manual pause), set weight 20, actual 16: five stable pods and one canary. */
export function pausedManual(): PageState {
  const w = canary(
    {
      ...hashes,
      phase: 'Paused',
      message: 'CanaryPauseStep',
      currentStepIndex: 1,
      replicas: 6,
      updatedReplicas: 1,
      readyReplicas: 6,
      availableReplicas: 6,
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: ago(120) }],
      controllerPause: true,
    },
    { stable: 5, canary: 1 },
  );
  return pageState(w, { gates: gates({ retry: 'only an aborted rollout can be retried', pause: "rollout 'flaskdemo' is already paused" }) });
}

/** Paused at step 4/8 (`pause: 20`), 15 s left. */
export function pausedTimed(): PageState {
  const w = canary(
    {
      ...hashes,
      phase: 'Paused',
      message: 'CanaryPauseStep',
      currentStepIndex: 3,
      replicas: 6,
      updatedReplicas: 2,
      readyReplicas: 6,
      availableReplicas: 6,
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: ago(5) }],
      controllerPause: true,
    },
    { stable: 4, canary: 2 },
  );
  return pageState(w, { pauseEndsAt: ago(-15), gates: gates({ retry: 'only an aborted rollout can be retried' }) });
}

export function aborted(): PageState {
  const w = canary(
    {
      ...hashes,
      phase: 'Degraded',
      message: 'RolloutAborted: Rollout aborted update to revision 2',
      abort: true,
      abortedAt: ago(60),
      currentStepIndex: 0,
      replicas: 6,
      updatedReplicas: 0,
      readyReplicas: 6,
      availableReplicas: 6,
    },
    { stable: 6, canary: 0 },
  );
  return pageState(w, {
    gates: gates({
      promote: "rollout 'flaskdemo' is aborted: retry it first",
      promoteFull: "rollout 'flaskdemo' is aborted: retry it first",
      abort: "rollout 'flaskdemo' is already aborted",
    }),
  });
}

export function healthy(): PageState {
  const w = canary(
    { stableRS: '7f9c5d6b8', currentPodHash: '7f9c5d6b8', phase: 'Healthy', currentStepIndex: 8, replicas: 6, updatedReplicas: 6, readyReplicas: 6, availableReplicas: 6 },
    { stable: 0, canary: 6 },
  );
  const none = "rollout 'flaskdemo' is not paused";
  return pageState(w, { gates: gates({ promote: none, promoteFull: 'the rollout is already fully promoted', abort: 'nothing to abort: the rollout is healthy', retry: 'only an aborted rollout can be retried' }) });
}

export function blueGreen(): PageState {
  const ro = rollout({
    name: NAME,
    namespace: NAMESPACE,
    replicas: 3,
    strategy: 'blueGreen',
    image: 'registry.example/flaskdemo:2',
    status: {
      phase: 'Paused',
      message: 'BlueGreenPause',
      stableRS: '6d4f8b7c9',
      currentPodHash: '7f9c5d6b8',
      replicas: 6,
      updatedReplicas: 3,
      readyReplicas: 6,
      availableReplicas: 6,
      pauseConditions: [{ reason: 'BlueGreenPause', startTime: ago(30) }],
      controllerPause: true,
      blueGreen: { activeSelector: '6d4f8b7c9', previewSelector: '7f9c5d6b8' },
    },
  });
  const active = replicaSet({ owner: ro, hash: '6d4f8b7c9', revision: 1, replicas: 3, images: ['registry.example/flaskdemo:1'] });
  const preview = replicaSet({ owner: ro, hash: '7f9c5d6b8', revision: 2, replicas: 3, images: ['registry.example/flaskdemo:2'] });
  return pageState({ ro, replicaSets: [active, preview], pods: [...pods(active, 3, 'a'), ...pods(preview, 3, 'p')] }, { gates: gates({ retry: 'only an aborted rollout can be retried' }) });
}

export function deleted(): PageState {
  return { ...pausedManual(), rollout: null, analysis: [], gates: gates(Object.fromEntries(ACTION_IDS.map((a) => [a, 'the rollout was deleted']))) };
}

export const FORBIDDEN = "you lack `list rollouts.argoproj.io` in namespace 'shop'";

export function forbidden(): PageState {
  const why = "you lack `patch rollouts.argoproj.io` in namespace 'shop'";
  return { ...pausedManual(), health: { state: 'forbidden', message: FORBIDDEN }, gates: gates(Object.fromEntries(ACTION_IDS.map((a) => [a, why]))) };
}

/** A canary with an analysis step whose run failed: a numeric metric with successes and failures, and a text one. */
export function analysis(): PageState {
  const steps = [{ setWeight: 20 }, { analysis: { templates: [{ templateName: 'success-rate' }] } }, { setWeight: 60 }, { pause: {} }];
  const ro = rollout({
    name: NAME,
    namespace: NAMESPACE,
    replicas: 5,
    steps,
    image: 'registry.example/flaskdemo:3',
    status: {
      stableRS: '6d4f8b7c9',
      currentPodHash: '8a1b2c3d4',
      phase: 'Degraded',
      message: 'RolloutAborted: Rollout aborted update to revision 3: Metric "success-rate" assessed Failed due to failed (2) > failureLimit (1)',
      abort: true,
      currentStepIndex: 1,
      replicas: 5,
      readyReplicas: 5,
      availableReplicas: 5,
    },
  });
  const stable = replicaSet({ owner: ro, hash: '6d4f8b7c9', revision: 2, replicas: 5, images: ['registry.example/flaskdemo:2'] });
  const failedRs = replicaSet({ owner: ro, hash: '8a1b2c3d4', revision: 3, replicas: 0, images: ['registry.example/flaskdemo:3'] });
  const metrics = [
    { name: 'success-rate', successCondition: 'result[0] >= 0.95', count: 5, interval: '30s', failureLimit: 1, provider: { prometheus: { query: 'q' } } },
    { name: 'smoke-test', successCondition: 'result.status == "ok"', count: 2, provider: { web: { url: 'http://flaskdemo-canary/health' } } },
  ];
  const run = analysisRun({
    owner: ro,
    name: 'flaskdemo-8a1b2c3d4-3-1',
    revision: 3,
    phase: 'Failed',
    metrics,
    metricResults: [
      {
        name: 'success-rate',
        phase: 'Failed',
        successful: 3,
        failed: 2,
        measurements: [
          { phase: 'Successful', value: '[0.991]', startedAt: ago(150), finishedAt: ago(150) },
          { phase: 'Successful', value: '[0.978]', startedAt: ago(120), finishedAt: ago(120) },
          { phase: 'Failed', value: '[0.912]', startedAt: ago(90), finishedAt: ago(90) },
          { phase: 'Successful', value: '[0.962]', startedAt: ago(60), finishedAt: ago(60) },
          { phase: 'Failed', value: '[0.874]', startedAt: ago(30), finishedAt: ago(30) },
        ],
      },
      {
        name: 'smoke-test',
        phase: 'Successful',
        successful: 2,
        measurements: [
          { phase: 'Successful', value: '{"status":"ok","version":"3"}', startedAt: ago(140), finishedAt: ago(139) },
          { phase: 'Successful', value: '{"status":"ok","version":"3"}', startedAt: ago(80), finishedAt: ago(79) },
        ],
      },
    ],
  });
  run.status!.message = 'Metric "success-rate" assessed Failed due to failed (2) > failureLimit (1)';
  const older = analysisRun({
    owner: ro,
    name: 'flaskdemo-6d4f8b7c9-2-1',
    revision: 2,
    phase: 'Successful',
    created: ago(3000),
    metrics: [metrics[0]],
    metricResults: [{ name: 'success-rate', phase: 'Successful', successful: 1, measurements: [{ phase: 'Successful', value: '[0.99]', startedAt: ago(2990), finishedAt: ago(2990) }] }],
  });
  return pageState(
    { ro, replicaSets: [stable, failedRs], pods: pods(stable, 5, 's'), runs: [run, older] },
    { gates: gates({ promote: "rollout 'flaskdemo' is aborted: retry it first", promoteFull: "rollout 'flaskdemo' is aborted: retry it first", abort: "rollout 'flaskdemo' is already aborted" }) },
  );
}

export const STATES: Record<string, () => PageState> = {
  progressing,
  'paused-manual': pausedManual,
  'paused-timed': pausedTimed,
  aborted,
  healthy,
  'blue-green': blueGreen,
  deleted,
  forbidden,
  analysis,
};
