// The plugin's status icons and the maps from a status string to its icon
// (argo-rollouts pkg/kubectl-argo-rollouts/info/info.go, rollout_info.go, replicaset_info.go, pod_info.go,
// experiment_info.go; tree glyphs from cmd/get/get.go).

export const ICON = {
  waiting: '◷',
  progressing: '◌',
  warning: '⚠',
  unknown: '?',
  ok: '✔',
  bad: '✖',
  paused: '॥',
  neutral: '•',
} as const;

/** Glyphs that start each row of the `get rollout` tree. */
export const TREE_ICON = {
  rollout: '⟳',
  revision: '#',
  replicaSet: '⧉',
  pod: '□',
  job: '⊞',
  experiment: 'Σ',
  analysisRun: 'α',
} as const;

/** `rolloutIcon`: also maps Error/InvalidSpec, Unknown and ScaledDown, which the controller never produces. */
export function rolloutIcon(status: string): string {
  switch (status) {
    case 'Progressing':
      return ICON.progressing;
    case 'Error':
    case 'InvalidSpec':
      return ICON.warning;
    case 'Paused':
      return ICON.paused;
    case 'Healthy':
      return ICON.ok;
    case 'Degraded':
      return ICON.bad;
    case 'Unknown':
      return ICON.unknown;
    case 'ScaledDown':
      return ICON.neutral;
  }
  return ' ';
}

export function replicaSetIcon(status: string): string {
  switch (status) {
    case 'Progressing':
      return ICON.progressing;
    case 'Healthy':
      return ICON.ok;
    case 'ReplicaFailure':
      return ICON.bad;
    case 'ScaledDown':
      return ICON.neutral;
  }
  return ' ';
}

/** Icon of an AnalysisRun, Experiment or Job measurement phase (`analysisIcon`). */
export function analysisIcon(phase: string): string {
  switch (phase) {
    case 'Successful':
      return ICON.ok;
    case 'Inconclusive':
      return ICON.unknown;
    case 'Failed':
      return ICON.bad;
    case 'Error':
      return ICON.warning;
    case 'Running':
      return ICON.progressing;
    case 'Pending':
      return ICON.waiting;
  }
  return ' ';
}

/** `podIcon`: prefixes and suffixes first, then exact names. */
export function podIcon(status: string): string {
  if (status.startsWith('Init:')) return ICON.progressing;
  if (status.startsWith('Signal:') || status.startsWith('ExitCode:')) return ICON.bad;
  if (status.endsWith('Error') || status.startsWith('Err')) return ICON.warning;
  switch (status) {
    case 'Pending':
    case 'Terminating':
    case 'ContainerCreating':
      return ICON.progressing;
    case 'Running':
    case 'Completed':
      return ICON.ok;
    case 'Failed':
    case 'InvalidImageName':
    case 'CrashLoopBackOff':
      return ICON.bad;
    case 'ImagePullBackOff':
    case 'RegistryUnavailable':
      return ICON.warning;
    case 'Unknown':
      return ICON.unknown;
  }
  return ' ';
}
