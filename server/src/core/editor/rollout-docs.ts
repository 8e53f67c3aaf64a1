// What the Rollout's own fields mean, for hover and completion. The Rollout CRD carries no descriptions, so these are
// short readings of argo-rollouts docs/features/specification.md (and the defaults of pkg/apis/rollouts/
// defaults.go); the Kubernetes parts a Rollout embeds (metadata, selector, the pod template) are described from the
// Kubernetes definitions (descriptions.ts). Keys are paths with `[]` for a list item.
export const ROLLOUT_DOCS: Readonly<Record<string, string>> = {
  apiVersion: 'The API group and version of the object: `argoproj.io/v1alpha1` for a Rollout.',
  kind: 'The kind of object: `Rollout`.',
  spec: 'The desired state of the Rollout: replicas, pod selector and template (or workloadRef), and the update strategy.',
  status: 'Written by the Argo Rollouts controller; not part of a manifest.',
  'spec.replicas': 'Number of desired pods. Defaults to 1 (the controller writes 1 when absent). An HPA that targets the Rollout sets it.',
  'spec.analysis': 'How many analysis runs and experiments to keep: successfulRunHistoryLimit and unsuccessfulRunHistoryLimit (default 5 each).',
  'spec.selector': 'Label selector for the pods. Existing ReplicaSets whose pods it selects are the ones this rollout manages. It must match the pod template\'s labels.',
  'spec.workloadRef': 'A workload (e.g. a Deployment) that provides the pod template; use it instead of `template`.',
  'spec.workloadRef.scaleDown': 'What happens to the referenced Deployment: `never`, `onsuccess` (scaled down once the Rollout is healthy) or `progressively` (scaled down as the Rollout scales up).',
  'spec.template': 'The pods the rollout creates, as in a Deployment. Do not use together with `workloadRef`.',
  'spec.minReadySeconds': 'Seconds a new pod must be ready, without a container crashing, before it counts as available. Defaults to 0.',
  'spec.revisionHistoryLimit': 'How many old ReplicaSets to keep (for undo). Defaults to 10.',
  'spec.paused': 'Stops the rollout from advancing through its steps (HPA scaling still happens). Usually set by tools (`kubectl argo rollouts pause`), not in a manifest.',
  'spec.progressDeadlineSeconds': 'Seconds the rollout may go without progress during an update before it is considered failed (condition ProgressDeadlineExceeded). Not counted while paused. Defaults to 600.',
  'spec.progressDeadlineAbort': 'Abort the update when progressDeadlineSeconds is exceeded. Defaults to false.',
  'spec.restartAt': 'A UTC time at which the rollout restarts all its pods, one after the other (set by `kubectl argo rollouts restart`).',
  'spec.rollbackWindow': 'Fast-tracks a rollback to one of the last `revisions` revisions: steps and analysis are skipped.',
  'spec.strategy': 'How an update is rolled out: exactly one of `canary` or `blueGreen`.',
  'spec.strategy.blueGreen': 'Blue-green: the new version runs beside the old behind the preview service; promotion switches the active service to it.',
  'spec.strategy.blueGreen.activeService': 'The Service the rollout points at the active (released) pods. Required.',
  'spec.strategy.blueGreen.previewService': 'The Service the rollout points at the new pods before promotion.',
  'spec.strategy.blueGreen.previewReplicaCount': 'Pods to run behind the preview service before the switch; the new ReplicaSet is scaled up fully before the switch.',
  'spec.strategy.blueGreen.autoPromotionEnabled': 'Promote the new ReplicaSet to active by itself (default true); false pauses until promoted.',
  'spec.strategy.blueGreen.autoPromotionSeconds': 'Promote by itself this many seconds after the new ReplicaSet is ready.',
  'spec.strategy.blueGreen.scaleDownDelaySeconds': 'Delay before the previous ReplicaSet is scaled down after the switch (default 30 s, for iptables to follow).',
  'spec.strategy.blueGreen.prePromotionAnalysis': 'Analysis run before the service switch; a failure aborts the update.',
  'spec.strategy.blueGreen.postPromotionAnalysis': 'Analysis run after the service switch; a failure aborts and switches back.',
  'spec.strategy.blueGreen.antiAffinity': 'Keeps new pods off the nodes of the previous ReplicaSet: exactly one of preferred/required.',
  'spec.strategy.canary': 'Canary: the new version takes over step by step (setWeight, pause, analysis, experiment).',
  'spec.strategy.canary.canaryService': 'A Service the controller points at the canary pods. Required with trafficRouting.',
  'spec.strategy.canary.stableService': 'A Service the controller points at the stable pods. Required with trafficRouting.',
  'spec.strategy.canary.canaryMetadata': 'Labels and annotations added to canary pods during an update.',
  'spec.strategy.canary.stableMetadata': 'Labels and annotations added to stable pods.',
  'spec.strategy.canary.maxUnavailable': 'Pods that may be unavailable during the update: a number or a percentage of the replicas, rounded down. Default 25 %. Not 0 if maxSurge is 0.',
  'spec.strategy.canary.maxSurge': 'Pods that may run above the replicas during the update: a number or a percentage, rounded up. Default 25 %. Not 0 if maxUnavailable is 0. Without trafficRouting it also lets the split use one pod more.',
  'spec.strategy.canary.scaleDownDelaySeconds': 'With trafficRouting: delay before the previous ReplicaSet is scaled down after the stable service moved (default 30 s). Ignored without trafficRouting.',
  'spec.strategy.canary.minPodsPerReplicaSet': 'With trafficRouting: the least pods each ReplicaSet gets when it has any. Defaults to 1.',
  'spec.strategy.canary.analysis': 'Background analysis that runs during an update (not on the first deploy).',
  'spec.strategy.canary.steps': 'The steps of an update (not run on the first deploy): setWeight, pause, analysis, experiment, setCanaryScale, …',
  'spec.strategy.canary.steps[].setWeight': 'The canary\'s share in percent. Without trafficRouting it is made with whole pods (hover the step for the real split); with trafficRouting it is the exact traffic weight.',
  'spec.strategy.canary.steps[].pause': 'Pauses the rollout: `{}` until promoted (`kubectl argo rollouts promote`), `{duration: 1h}` for a time (s, m, h; a bare number is seconds).',
  'spec.strategy.canary.steps[].pause.duration': 'How long to pause: a number of seconds or a duration with a unit (`30s`, `10m`, `1h`). Without it the pause waits for a promotion.',
  'spec.strategy.canary.steps[].setCanaryScale': 'With trafficRouting only: scale the canary to `replicas`, to `weight` % of the replicas, or back to `matchTrafficWeight`, without changing the traffic weight.',
  'spec.strategy.canary.steps[].analysis': 'Runs an analysis (templates by name) and waits for its result before the next step.',
  'spec.strategy.canary.steps[].experiment': 'Runs an experiment (ReplicaSets from templates, optionally with analysis) for a duration.',
  'spec.strategy.canary.trafficRouting': 'A traffic router (nginx, istio, alb, smi, …) that splits requests by weight: setWeight becomes an exact traffic share.',
  'spec.strategy.canary.trafficRouting.maxTrafficWeight': 'The total weight setWeight is measured against (default 100).',
  'spec.strategy.canary.dynamicStableScale': 'With trafficRouting: scale the stable ReplicaSet down as the canary takes traffic.',
  'spec.strategy.canary.abortScaleDownDelaySeconds': 'Delay before the canary is scaled down after an abort (0: never).',
  'spec.strategy.canary.antiAffinity': 'Keeps canary pods off the nodes of the stable ReplicaSet: exactly one of preferred/required.',
};

/** `spec.strategy.canary.steps[0].setWeight` → `spec.strategy.canary.steps[].setWeight` */
export function docKey(path: ReadonlyArray<string | number>): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? '[]' : s ? `.${p}` : p;
  return s;
}
