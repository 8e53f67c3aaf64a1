// `info.NewRolloutInfo`: everything `kubectl argo rollouts get rollout` (and the dashboard's rollout page) shows,
// derived from the Rollout and the ReplicaSets, Pods, AnalysisRuns and Experiments of its namespace
// (argo-rollouts pkg/kubectl-argo-rollouts/info/rollout_info.go). Pure: no I/O, no `vscode`.
import type { AnalysisRun, Deployment, Experiment, Pod, ReplicaSet, Rollout } from '../k8sTypes';
import { deriveAnalysisRuns, type AnalysisRunInfo } from './analysisRunInfo';
import { actualWeight, canaryStepSummary, canaryStepType, canarySteps, currentSetWeight, type CanaryStepType } from './canarySteps';
import { deriveExperiments, type ExperimentInfo } from './experimentInfo';
import { rolloutIcon } from './icons';
import { collectImages, type ImageInfo } from './images';
import { ageAt, infoMeta, type InfoMeta } from './meta';
import { desiredReplicas, getRolloutPhase } from './rolloutPhase';
import { deriveReplicaSets, type ReplicaSetInfo } from './replicaSetInfo';

export type { AnalysisRunInfo, JobInfo } from './analysisRunInfo';
export type { ExperimentInfo } from './experimentInfo';
export type { ImageInfo } from './images';
export type { PodInfo } from './podInfo';
export type { ReplicaSetInfo, ReplicaSetTag } from './replicaSetInfo';
export { humanDuration } from './duration';
export { formatRolloutTree } from './formatTree';

export interface RevisionInfo {
  revision: number;
  replicaSets: ReplicaSetInfo[];
  experiments: ExperimentInfo[];
  analysisRuns: AnalysisRunInfo[];
}

export type StepState = 'done' | 'current' | 'pending';

export interface StepInfo {
  index: number;
  type: CanaryStepType;
  /** `setWeight: 20`, `pause`, `pause: 30s`, `analysis`, ... */
  summary: string;
  /** Relative to `status.currentStepIndex`: before it done, at it current, after it pending (all done at n/n). */
  state: StepState;
}

export interface ContainerInfo {
  name: string;
  image: string;
}

export interface RolloutInfo extends InfoMeta {
  resourceVersion?: string;
  /** `Healthy`, `Progressing`, `Paused`, `Degraded` (or whatever `status.phase` holds). */
  status: string;
  message: string;
  icon: string;
  strategy: 'Canary' | 'BlueGreen' | '';
  /** `<currentStepIndex>/<steps>` for a canary with steps and a current index, else empty. */
  step: string;
  currentStepIndex?: number;
  stepCount: number;
  /** Canary only: the desired weight (`GetCurrentSetWeight`). */
  setWeight?: number;
  /** Canary only: the observed weight. */
  actualWeight?: number;
  images: ImageInfo[];
  replicas: { desired: number; current: number; updated: number; ready: number; available: number };
  /** Every ReplicaSet owned by the Rollout, newest revision first (the tree groups them in `revisions`). */
  replicaSets: ReplicaSetInfo[];
  experiments: ExperimentInfo[];
  analysisRuns: AnalysisRunInfo[];
  /** Distinct revisions of the ReplicaSets, Experiments and AnalysisRuns, newest first. */
  revisions: RevisionInfo[];
  /** The canary steps with their state (empty for blue-green). */
  steps: StepInfo[];
  /** From `spec.template`, or the workloadRef Deployment's template when one is given. */
  containers: ContainerInfo[];
  initContainers: ContainerInfo[];
  /** `status.restartedAt`; undefined means never restarted (the dashboard prints `Never`). */
  restartedAt?: string;
  restartAt?: string;
  generation?: number;
  /** `status.observedGeneration` as stored (a numeric string since v0.10). */
  observedGeneration?: string;
  abort: boolean;
  abortedAt?: string;
  /** `spec.paused` (manual pause). */
  paused: boolean;
  pauseConditions: Array<{ reason: string; startTime?: string }>;
  controllerPause: boolean;
  promoteFull: boolean;
  stableRS: string;
  currentPodHash: string;
  workloadRef?: { apiVersion?: string; kind?: string; name?: string };
  age: string;
}

export interface RolloutInfoInput {
  rollout: Rollout;
  replicaSets: readonly ReplicaSet[];
  pods: readonly Pod[];
  analysisRuns?: readonly AnalysisRun[];
  experiments?: readonly Experiment[];
  /** The Deployment named by `spec.workloadRef`, when the rollout uses one (for the container list). */
  workload?: Deployment;
  now?: Date;
}

function containersOf(list: ReadonlyArray<{ name?: string; image?: string }> | null | undefined): ContainerInfo[] {
  return (list ?? []).map((c) => ({ name: c.name ?? '', image: c.image ?? '' }));
}

function groupByRevision(
  replicaSets: ReplicaSetInfo[],
  experiments: ExperimentInfo[],
  analysisRuns: AnalysisRunInfo[],
): RevisionInfo[] {
  const revs = new Set<number>();
  for (const x of [...replicaSets, ...experiments, ...analysisRuns]) revs.add(x.revision);
  return [...revs]
    .sort((a, b) => b - a)
    .map((revision) => ({
      revision,
      replicaSets: replicaSets.filter((x) => x.revision === revision),
      experiments: experiments.filter((x) => x.revision === revision),
      analysisRuns: analysisRuns.filter((x) => x.revision === revision),
    }));
}

function stepsOf(ro: Rollout): StepInfo[] {
  const steps = canarySteps(ro);
  const idx = ro.status?.currentStepIndex;
  return steps.map((step, index) => ({
    index,
    type: canaryStepType(step),
    summary: canaryStepSummary(step),
    state: idx === undefined || idx === null ? 'pending' : index < idx ? 'done' : index === idx ? 'current' : 'pending',
  }));
}

export function deriveRolloutInfo(input: RolloutInfoInput): RolloutInfo {
  const ro = input.rollout;
  const now = input.now ?? new Date();
  const meta = ro.metadata ?? {};
  const status = ro.status ?? {};
  const uid = meta.uid ?? '';

  const replicaSets = deriveReplicaSets(uid, ro, input.replicaSets, input.pods, now);
  const experiments = deriveExperiments(ro, input.experiments ?? [], input.replicaSets, input.analysisRuns ?? [], input.pods, now);
  const analysisRuns = deriveAnalysisRuns(uid, input.analysisRuns ?? [], now);

  const canary = ro.spec?.strategy?.canary;
  const blueGreen = ro.spec?.strategy?.blueGreen;
  const stepCount = canarySteps(ro).length;
  const idx = status.currentStepIndex ?? undefined;
  let strategy: RolloutInfo['strategy'] = '';
  let step = '';
  let setWeight: number | undefined;
  let actual: number | undefined;
  if (canary) {
    strategy = 'Canary';
    if (idx !== undefined && stepCount > 0) step = `${idx}/${stepCount}`;
    setWeight = currentSetWeight(ro);
    // the last ReplicaSet flagged canary wins, as in upstream's loop
    const canaryRs = replicaSets.filter((rs) => rs.canary).at(-1);
    actual = actualWeight(ro, canaryRs?.available, setWeight);
  } else if (blueGreen) {
    strategy = 'BlueGreen';
  }

  const { phase, message } = getRolloutPhase(ro);
  const template = input.workload?.spec?.template ?? ro.spec?.template;
  const observed = status.observedGeneration;

  return {
    ...infoMeta(meta),
    ...(meta.resourceVersion ? { resourceVersion: meta.resourceVersion } : {}),
    status: phase,
    message,
    icon: rolloutIcon(phase),
    strategy,
    step,
    ...(idx !== undefined ? { currentStepIndex: idx } : {}),
    stepCount,
    ...(setWeight !== undefined ? { setWeight } : {}),
    ...(actual !== undefined ? { actualWeight: actual } : {}),
    images: collectImages(replicaSets, experiments),
    replicas: {
      desired: desiredReplicas(ro),
      current: status.replicas ?? 0,
      updated: status.updatedReplicas ?? 0,
      ready: status.readyReplicas ?? 0,
      available: status.availableReplicas ?? 0,
    },
    replicaSets,
    experiments,
    analysisRuns,
    revisions: groupByRevision(replicaSets, experiments, analysisRuns),
    steps: stepsOf(ro),
    containers: containersOf(template?.spec?.containers),
    initContainers: containersOf(template?.spec?.initContainers),
    ...(status.restartedAt ? { restartedAt: status.restartedAt } : {}),
    ...(ro.spec?.restartAt ? { restartAt: ro.spec.restartAt } : {}),
    ...(meta.generation !== undefined ? { generation: meta.generation } : {}),
    ...(observed !== undefined && observed !== '' ? { observedGeneration: String(observed) } : {}),
    abort: !!status.abort,
    ...(status.abortedAt ? { abortedAt: status.abortedAt } : {}),
    paused: !!ro.spec?.paused,
    pauseConditions: (status.pauseConditions ?? []).map((c) => ({ reason: c.reason ?? '', ...(c.startTime ? { startTime: c.startTime } : {}) })),
    controllerPause: !!status.controllerPause,
    promoteFull: !!status.promoteFull,
    stableRS: status.stableRS ?? '',
    currentPodHash: status.currentPodHash ?? '',
    ...(ro.spec?.workloadRef ? { workloadRef: { ...ro.spec.workloadRef } } : {}),
    age: ageAt(meta.creationTimestamp, now),
  };
}
