// Builders of real-shaped Argo Rollouts objects for the derivation and action-plan tests: the labels,
// annotations and owner references are the ones the controller writes (rollouts-pod-template-hash,
// rollout.argoproj.io/revision, ownerReferences with uid and controller: true).
import type { AnalysisRun, CanaryStep, Container, ContainerStatus, Experiment, Pod, ReplicaSet, Rollout } from '../../extension/src/cluster/k8sTypes';

export const NOW = new Date('2026-03-01T12:00:00Z');

/** RFC 3339 (whole seconds, UTC) of `NOW` minus the given seconds. */
export function ago(seconds: number, now: Date = NOW): string {
  return new Date(Math.floor(now.getTime() / 1000) * 1000 - seconds * 1000).toISOString().replace('.000Z', 'Z');
}

/** The canary steps of the user's seed Rollout (test/fixtures/seed/rollout.yaml) and of its `kubectl argo rollouts` transcripts. */
export const SEED_CANARY_STEPS: CanaryStep[] = [
  { setWeight: 20 },
  { pause: {} },
  { setWeight: 40 },
  { pause: { duration: 20 } },
  { setWeight: 60 },
  { pause: { duration: 20 } },
  { setWeight: 80 },
  { pause: { duration: 20 } },
];

type DeepPartial<T> = { [K in keyof T]?: T[K] extends object ? DeepPartial<T[K]> | T[K] : T[K] };

/** The owner reference the controller writes: controller: true, blockOwnerDeletion: true. */
function ownedBy(owner: { apiVersion?: string; kind?: string; metadata?: { name?: string; uid?: string } }, controller = true) {
  return [
    {
      apiVersion: owner.apiVersion ?? 'argoproj.io/v1alpha1',
      kind: owner.kind ?? 'Rollout',
      name: owner.metadata?.name ?? '',
      uid: owner.metadata?.uid ?? '',
      controller,
      blockOwnerDeletion: true,
    },
  ];
}

/** The revision annotation the controller writes on what it creates for a revision; none when not given. */
function revisionAnnotation(revision: number | string | undefined): Record<string, string> {
  return revision !== undefined ? { 'rollout.argoproj.io/revision': String(revision) } : {};
}

/** The metadata of an AnalysisRun or Experiment the controller created for `owner` (at `revision`, when given). */
function runMetadata(o: { owner: Rollout | Experiment; name: string; revision?: number }, uid: string, creationTimestamp: string) {
  return {
    name: o.name,
    namespace: o.owner.metadata?.namespace ?? 'default',
    uid,
    creationTimestamp,
    annotations: revisionAnnotation(o.revision),
    ownerReferences: ownedBy(o.owner),
  };
}

export interface RolloutOptions {
  name?: string;
  namespace?: string;
  uid?: string;
  generation?: number;
  created?: string;
  replicas?: number;
  image?: string;
  steps?: CanaryStep[];
  strategy?: 'canary' | 'blueGreen';
  canary?: Record<string, unknown>;
  blueGreen?: Record<string, unknown>;
  paused?: boolean;
  restartAt?: string;
  status?: Rollout['status'];
}

export function rollout(o: RolloutOptions = {}): Rollout {
  const name = o.name ?? 'demo';
  const strategy =
    o.strategy === 'blueGreen'
      ? { blueGreen: { activeService: `${name}-active`, previewService: `${name}-preview`, ...o.blueGreen } }
      : { canary: { ...(o.steps ? { steps: o.steps } : {}), ...o.canary } };
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name,
      namespace: o.namespace ?? 'default',
      uid: o.uid ?? `uid-ro-${name}`,
      generation: o.generation ?? 3,
      resourceVersion: '1001',
      creationTimestamp: o.created ?? ago(86_400),
      labels: { app: name },
      annotations: { 'rollout.argoproj.io/revision': '2' },
    },
    spec: {
      ...(o.replicas !== undefined ? { replicas: o.replicas } : {}),
      ...(o.paused !== undefined ? { paused: o.paused } : {}),
      ...(o.restartAt ? { restartAt: o.restartAt } : {}),
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name, image: o.image ?? `registry.example/${name}:2`, resources: {} }] },
      },
      strategy,
    },
    status: {
      observedGeneration: String(o.generation ?? 3),
      ...o.status,
    },
  };
}

export interface ReplicaSetOptions {
  owner: Rollout | Experiment;
  hash: string;
  revision?: number | string;
  name?: string;
  uid?: string;
  created?: string;
  specReplicas?: number;
  replicas?: number;
  available?: number;
  ready?: number;
  generation?: number;
  observedGeneration?: number;
  images?: string[];
  initImages?: string[];
  annotations?: Record<string, string>;
  conditions?: NonNullable<ReplicaSet['status']>['conditions'];
  controller?: boolean;
}

export function replicaSet(o: ReplicaSetOptions): ReplicaSet {
  const ownerName = o.owner.metadata?.name ?? 'demo';
  const name = o.name ?? `${ownerName}-${o.hash}`;
  const specReplicas = o.specReplicas ?? o.replicas ?? 0;
  const app = (o.owner.kind === 'Rollout' ? (o.owner as Rollout).spec?.selector?.matchLabels?.app : undefined) ?? ownerName;
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: o.owner.metadata?.namespace ?? 'default',
      uid: o.uid ?? `uid-rs-${name}`,
      generation: o.generation ?? 1,
      creationTimestamp: o.created ?? ago(3600),
      labels: { app, 'rollouts-pod-template-hash': o.hash },
      annotations: {
        ...revisionAnnotation(o.revision),
        ...o.annotations,
      },
      ownerReferences: ownedBy(o.owner, o.controller ?? true),
    },
    spec: {
      replicas: specReplicas,
      selector: { matchLabels: { app, 'rollouts-pod-template-hash': o.hash } },
      template: {
        metadata: { creationTimestamp: null, labels: { app, 'rollouts-pod-template-hash': o.hash } },
        spec: {
          ...(o.initImages ? { initContainers: o.initImages.map((image, i) => ({ name: `init-${i}`, image, resources: {} })) } : {}),
          containers: (o.images ?? [`registry.example/${ownerName}:1`]).map((image, i) => ({
            name: i === 0 ? ownerName : `${ownerName}-${i}`,
            image,
            resources: {},
            terminationMessagePath: '/dev/termination-log',
            terminationMessagePolicy: 'File',
            imagePullPolicy: 'IfNotPresent',
          })),
          restartPolicy: 'Always',
          terminationGracePeriodSeconds: 30,
          dnsPolicy: 'ClusterFirst',
          securityContext: {},
          schedulerName: 'default-scheduler',
        },
      },
    },
    status: {
      replicas: o.replicas ?? 0,
      fullyLabeledReplicas: o.replicas ?? 0,
      readyReplicas: o.ready ?? o.available ?? o.replicas ?? 0,
      availableReplicas: o.available ?? o.replicas ?? 0,
      observedGeneration: o.observedGeneration ?? o.generation ?? 1,
      ...(o.conditions ? { conditions: o.conditions } : {}),
    },
  };
}

export interface PodOptions {
  rs: ReplicaSet;
  suffix: string;
  created?: string;
  phase?: string;
  reason?: string;
  deletionTimestamp?: string;
  containers?: Container[];
  initContainers?: Container[];
  containerStatuses?: ContainerStatus[];
  initContainerStatuses?: ContainerStatus[];
}

/** A pod of `rs`; by default one running, ready container. */
export function pod(o: PodOptions): Pod {
  const rsName = o.rs.metadata?.name ?? 'rs';
  const name = `${rsName}-${o.suffix}`;
  const containers = o.containers ?? [{ name: 'app', image: 'registry.example/app:1' }];
  return {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name,
      namespace: o.rs.metadata?.namespace ?? 'default',
      uid: `uid-pod-${name}`,
      creationTimestamp: o.created ?? ago(600),
      ...(o.deletionTimestamp ? { deletionTimestamp: o.deletionTimestamp } : {}),
      labels: { ...o.rs.metadata?.labels },
      ownerReferences: ownedBy(o.rs),
    },
    spec: { ...(o.initContainers ? { initContainers: o.initContainers } : {}), containers, nodeName: 'node-1' },
    status: {
      phase: o.phase ?? 'Running',
      ...(o.reason ? { reason: o.reason } : {}),
      ...(o.initContainerStatuses ? { initContainerStatuses: o.initContainerStatuses } : {}),
      containerStatuses:
        o.containerStatuses ??
        containers.map((c) => ({ name: c.name, ready: true, started: true, restartCount: 0, image: c.image, state: { running: { startedAt: o.created ?? ago(600) } } })),
    },
  };
}

export function running(name: string, extra: DeepPartial<ContainerStatus> = {}): ContainerStatus {
  return { name, ready: true, started: true, restartCount: 0, state: { running: { startedAt: ago(500) } }, ...(extra as ContainerStatus) };
}

export function waiting(name: string, reason: string, restartCount = 0): ContainerStatus {
  return { name, ready: false, started: false, restartCount, state: { waiting: { reason } } };
}

export function terminated(name: string, t: { exitCode?: number; signal?: number; reason?: string }, restartCount = 0): ContainerStatus {
  return { name, ready: false, started: false, restartCount, state: { terminated: { exitCode: t.exitCode ?? 0, ...t } } };
}

export function analysisRun(o: {
  owner: Rollout | Experiment;
  name: string;
  revision?: number;
  created?: string;
  phase?: string;
  metricResults?: NonNullable<AnalysisRun['status']>['metricResults'];
  metrics?: NonNullable<AnalysisRun['spec']>['metrics'];
}): AnalysisRun {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: runMetadata(o, `uid-ar-${o.name}`, o.created ?? ago(300)),
    spec: { metrics: o.metrics ?? [{ name: 'success-rate', successCondition: 'result[0] >= 0.95', count: 3, failureLimit: 1, provider: { prometheus: { query: 'q' } } }] },
    status: { phase: o.phase ?? 'Running', ...(o.metricResults ? { metricResults: o.metricResults } : {}) },
  };
}

export function experiment(o: { owner: Rollout; name: string; revision?: number; created?: string; phase?: string }): Experiment {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Experiment',
    metadata: runMetadata(o, `uid-exp-${o.name}`, o.created ?? ago(400)),
    spec: { templates: [{ name: 'baseline', specRef: 'stable' }] },
    status: { phase: o.phase ?? 'Running' },
  };
}
