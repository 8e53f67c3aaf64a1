// Minimal structural types of the objects the cluster layer reads, as they arrive on the wire (plain JSON).
// Only the fields the derivation and the action plans use are named; every field is optional because the API
// server omits empty ones, and an object from an older controller may lack newer fields. Index signatures keep
// the rest of the object, so a read-modify-write (`set image`) never drops what it does not know about.
//
// Pass plain parsed JSON here, not @kubernetes/client-node model instances: those turn timestamps into Date
// objects and rename nothing, but their key order and Date values would change the exact request bodies.

export type Labels = Record<string, string>;

export interface OwnerReference {
  apiVersion?: string;
  kind?: string;
  name?: string;
  uid?: string;
  controller?: boolean;
  blockOwnerDeletion?: boolean;
}

export interface ObjectMeta {
  name?: string;
  namespace?: string;
  uid?: string;
  resourceVersion?: string;
  generation?: number;
  creationTimestamp?: string | null;
  deletionTimestamp?: string | null;
  labels?: Labels | null;
  annotations?: Labels | null;
  ownerReferences?: OwnerReference[] | null;
  [key: string]: unknown;
}

export interface LabelSelectorRequirement {
  key?: string;
  operator?: string;
  values?: string[] | null;
}

export interface LabelSelector {
  matchLabels?: Labels | null;
  matchExpressions?: LabelSelectorRequirement[] | null;
}

export interface Container {
  name?: string;
  image?: string;
  /** `Always` on an init container makes it a native sidecar (Kubernetes 1.28+). */
  restartPolicy?: string;
  [key: string]: unknown;
}

export interface PodSpec {
  containers?: Container[] | null;
  initContainers?: Container[] | null;
  ephemeralContainers?: Container[] | null;
  [key: string]: unknown;
}

export interface PodTemplateSpec {
  metadata?: { labels?: Labels | null; annotations?: Labels | null; [key: string]: unknown } | null;
  spec?: PodSpec | null;
  [key: string]: unknown;
}

// ---- Rollout (argoproj.io/v1alpha1) ----

export interface IntOrStringPause {
  /** Seconds as an integer, or a string: an integer, or a Go duration such as `30s`. */
  duration?: number | string;
}

export interface CanaryStep {
  setWeight?: number | null;
  pause?: IntOrStringPause | null;
  setCanaryScale?: { replicas?: number | null; weight?: number | null; matchTrafficWeight?: boolean } | null;
  analysis?: { templates?: Array<{ templateName?: string; clusterScope?: boolean }> | null; [key: string]: unknown } | null;
  experiment?: {
    templates?: Array<{ name?: string; specRef?: string; replicas?: number; weight?: number }> | null;
    duration?: string;
    [key: string]: unknown;
  } | null;
  setHeaderRoute?: { name?: string; [key: string]: unknown } | null;
  setMirrorRoute?: { name?: string; percentage?: number; [key: string]: unknown } | null;
  plugin?: { name?: string; config?: unknown } | null;
  [key: string]: unknown;
}

export interface CanaryStrategy {
  steps?: CanaryStep[] | null;
  trafficRouting?: { maxTrafficWeight?: number | null; [key: string]: unknown } | null;
  pingPong?: { pingService?: string; pongService?: string } | null;
  stableService?: string;
  canaryService?: string;
  [key: string]: unknown;
}

export interface BlueGreenStrategy {
  activeService?: string;
  previewService?: string;
  prePromotionAnalysis?: unknown;
  postPromotionAnalysis?: unknown;
  autoPromotionEnabled?: boolean;
  [key: string]: unknown;
}

export interface RolloutCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

export interface PauseCondition {
  reason?: string;
  startTime?: string;
}

export interface RolloutAnalysisRunStatus {
  name?: string;
  status?: string;
  message?: string;
}

export interface RolloutStatus {
  abort?: boolean;
  abortedAt?: string | null;
  pauseConditions?: PauseCondition[] | null;
  controllerPause?: boolean;
  promoteFull?: boolean;
  currentPodHash?: string;
  currentStepHash?: string;
  currentStepIndex?: number | null;
  stableRS?: string;
  restartedAt?: string | null;
  phase?: string;
  message?: string;
  /** A string since v0.10 (a numeric string); a pod-template hash in v0.9. */
  observedGeneration?: string | number;
  replicas?: number;
  updatedReplicas?: number;
  readyReplicas?: number;
  availableReplicas?: number;
  HPAReplicas?: number;
  selector?: string;
  conditions?: RolloutCondition[] | null;
  blueGreen?: {
    activeSelector?: string;
    previewSelector?: string;
    prePromotionAnalysisRunStatus?: RolloutAnalysisRunStatus | null;
    postPromotionAnalysisRunStatus?: RolloutAnalysisRunStatus | null;
  } | null;
  canary?: {
    currentStepAnalysisRunStatus?: RolloutAnalysisRunStatus | null;
    currentBackgroundAnalysisRunStatus?: RolloutAnalysisRunStatus | null;
    currentExperiment?: string;
    stablePingPong?: string;
    weights?: {
      canary?: { weight?: number; podTemplateHash?: string; serviceName?: string } | null;
      stable?: { weight?: number; podTemplateHash?: string; serviceName?: string } | null;
      verified?: boolean | null;
    } | null;
    /** Pre-v0.9 location of the stable hash. */
    stableRS?: string;
  } | null;
  [key: string]: unknown;
}

export interface RolloutSpec {
  replicas?: number | null;
  paused?: boolean;
  restartAt?: string | null;
  selector?: LabelSelector | null;
  template?: PodTemplateSpec | null;
  workloadRef?: { apiVersion?: string; kind?: string; name?: string; scaleDown?: string } | null;
  strategy?: { canary?: CanaryStrategy | null; blueGreen?: BlueGreenStrategy | null } | null;
  [key: string]: unknown;
}

export interface Rollout {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: RolloutSpec;
  status?: RolloutStatus | null;
  [key: string]: unknown;
}

// ---- apps/v1 ReplicaSet, Deployment; v1 Pod ----

export interface ReplicaSetCondition {
  type?: string;
  status?: string;
  reason?: string;
  message?: string;
}

export interface ReplicaSet {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: { replicas?: number | null; selector?: LabelSelector | null; template?: PodTemplateSpec | null; [key: string]: unknown };
  status?: {
    replicas?: number;
    availableReplicas?: number;
    readyReplicas?: number;
    fullyLabeledReplicas?: number;
    observedGeneration?: number;
    conditions?: ReplicaSetCondition[] | null;
  } | null;
  [key: string]: unknown;
}

export interface Deployment {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: { template?: PodTemplateSpec | null; [key: string]: unknown };
  [key: string]: unknown;
}

export interface ContainerState {
  waiting?: { reason?: string; message?: string } | null;
  running?: { startedAt?: string } | null;
  terminated?: { exitCode?: number; signal?: number; reason?: string; message?: string } | null;
}

export interface ContainerStatus {
  name?: string;
  ready?: boolean;
  started?: boolean | null;
  restartCount?: number;
  image?: string;
  state?: ContainerState | null;
}

export interface Pod {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: PodSpec | null;
  status?: {
    phase?: string;
    reason?: string;
    message?: string;
    initContainerStatuses?: ContainerStatus[] | null;
    containerStatuses?: ContainerStatus[] | null;
  } | null;
  [key: string]: unknown;
}

// ---- argoproj.io/v1alpha1 AnalysisRun, Experiment ----

export interface Measurement {
  phase?: string;
  value?: string;
  startedAt?: string | null;
  finishedAt?: string | null;
  metadata?: Record<string, string> | null;
}

export interface MetricResult {
  name?: string;
  phase?: string;
  successful?: number;
  failed?: number;
  inconclusive?: number;
  error?: number;
  count?: number;
  measurements?: Measurement[] | null;
}

export interface AnalysisRun {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: {
    metrics?: Array<{
      name?: string;
      successCondition?: string;
      count?: number | string;
      failureLimit?: number | string;
      inconclusiveLimit?: number | string;
      [key: string]: unknown;
    }> | null;
    [key: string]: unknown;
  };
  status?: { phase?: string; message?: string; metricResults?: MetricResult[] | null } | null;
  [key: string]: unknown;
}

export interface Experiment {
  apiVersion?: string;
  kind?: string;
  metadata?: ObjectMeta;
  spec?: { [key: string]: unknown };
  status?: { phase?: string; message?: string } | null;
  [key: string]: unknown;
}
