// The cluster layer's one public entry, for the extension's views, the CLI, the tests and the bench. Nothing under
// extension/src/cluster imports `vscode` (a static test checks it): it runs the same in a terminal.
export { ClusterSession, ALL_NAMESPACES, argoCdApplication } from './session';
export type { RolloutEntry, SessionChange, SessionChoice, SessionOptions, SessionStatus, SessionView } from './session';
export { ClusterStore, rolloutInfosOf } from './store';
export type { HealthState, NamespaceHealth, NamespaceSnapshot, StoreOptions } from './store';
export { KubeClient } from './client';
export { ClusterError, errorMessage, permissionOf } from './errors';
export { loadKubeconfig, KubeconfigWatcher, kubeconfigPaths } from './kubeconfig';
export type { ContextInfo, KubeconfigOptions, LoadedKubeconfig } from './kubeconfig';
export { listNamespaces } from './namespaces';
export { executeAction } from './actions/execute';
export type { ActionOutcome, ActionRequest, SentRequest } from './actions/execute';
export { ACTIONS, ACTION_TITLES, ACTION_PERMISSIONS, actionGates, gatesContextValue, permissionKey } from './actions/gates';
export type { ActionId, Gate, Gates, Permission } from './actions/gates';
export { AccessReviews } from './access';
export { TransitionTracker, attentionOf } from './transitions';
export type { Attention, Transition } from './transitions';
export { analysisDetails } from './info/analysisMetrics';
export type { AnalysisDetail } from './info/analysisMetrics';
export { pauseEndsAt, pauseDurationMs, waitsForPromotion } from './info/pause';
export { deriveRolloutInfo, formatRolloutTree, humanDuration } from './info/rolloutInfo';
export type {
  AnalysisRunInfo,
  ContainerInfo,
  ExperimentInfo,
  ImageInfo,
  JobInfo,
  PodInfo,
  ReplicaSetInfo,
  RevisionInfo,
  RolloutInfo,
  StepInfo,
} from './info/rolloutInfo';
export type { AnalysisRun, Experiment, Pod, ReplicaSet, Rollout } from './k8sTypes';
