// Step, SetWeight and ActualWeight of a canary Rollout (argo-rollouts utils/replicaset/canary.go
// `GetCurrentCanaryStep` / `GetCurrentSetWeight`, utils/weightutil `MaxTrafficWeight`, info/rollout_info.go),
// and the per-step summary of `CanaryStepString` (utils/rollout/rolloututil.go) for the rollout page.
import type { CanaryStep, Rollout } from '../k8sTypes';

export function canarySteps(ro: Rollout): CanaryStep[] {
  return ro.spec?.strategy?.canary?.steps ?? [];
}

/** `MaxTrafficWeight`: `trafficRouting.maxTrafficWeight` when set, else 100. */
export function maxTrafficWeight(ro: Rollout): number {
  return ro.spec?.strategy?.canary?.trafficRouting?.maxTrafficWeight ?? 100;
}

/**
 * `GetCurrentCanaryStep`: the index (status.currentStepIndex, 0 when absent) and the step it points at. `index`
 * is undefined when the rollout has no steps; `step` is undefined past the last step.
 */
export function currentCanaryStep(ro: Rollout): { step: CanaryStep | undefined; index: number | undefined } {
  const steps = canarySteps(ro);
  if (!ro.spec?.strategy?.canary || steps.length === 0) return { step: undefined, index: undefined };
  const index = ro.status?.currentStepIndex ?? 0;
  return { step: index < steps.length ? steps[index] : undefined, index };
}

/**
 * `GetCurrentSetWeight`, the *desired* canary weight: 0 once aborted; the max weight when there is no current
 * step (no steps, or every step done); otherwise the nearest `setWeight` at or before the current step, else 0.
 */
export function currentSetWeight(ro: Rollout): number {
  if (ro.status?.abort) return 0;
  const { step, index } = currentCanaryStep(ro);
  if (!step || index === undefined) return maxTrafficWeight(ro);
  const steps = canarySteps(ro);
  for (let i = index; i >= 0; i--) {
    const w = steps[i]?.setWeight;
    if (w !== undefined && w !== null) return w;
  }
  return 0;
}

/**
 * ActualWeight as `get rollout` computes it. Without traffic routing it is the canary ReplicaSet's share of the
 * available pods (integer division); with traffic routing it is `status.canary.weights.canary.weight`, or the
 * SetWeight when the controller has not recorded weights.
 */
export function actualWeight(ro: Rollout, canaryAvailable: number | undefined, setWeight: number): number {
  const { step } = currentCanaryStep(ro);
  if (!step) return maxTrafficWeight(ro);
  const available = ro.status?.availableReplicas ?? 0;
  if (available <= 0) return 0;
  if (!ro.spec?.strategy?.canary?.trafficRouting) {
    return canaryAvailable === undefined ? 0 : Math.trunc((canaryAvailable * maxTrafficWeight(ro)) / available);
  }
  const weights = ro.status?.canary?.weights;
  return weights ? (weights.canary?.weight ?? 0) : setWeight;
}

export type CanaryStepType =
  | 'setWeight'
  | 'pause'
  | 'experiment'
  | 'analysis'
  | 'setCanaryScale'
  | 'setHeaderRoute'
  | 'setMirrorRoute'
  | 'plugin'
  | 'invalid';

/** The step's type, in `CanaryStepString`'s order of precedence, then the route and plugin steps. */
export function canaryStepType(step: CanaryStep): CanaryStepType {
  if (step.setWeight != null) return 'setWeight';
  if (step.pause != null) return 'pause';
  if (step.experiment != null) return 'experiment';
  if (step.analysis != null) return 'analysis';
  if (step.setCanaryScale != null) return 'setCanaryScale';
  if (step.setHeaderRoute != null) return 'setHeaderRoute';
  if (step.setMirrorRoute != null) return 'setMirrorRoute';
  if (step.plugin != null) return 'plugin';
  return 'invalid';
}

/**
 * `CanaryStepString` (`setWeight: 20`, `pause`, `pause: 30s`, `experiment`, `analysis`,
 * `setCanaryScale{weight: 40}`...). Upstream prints `invalid` for the route and plugin steps; here they get
 * `setHeaderRoute: <name>`, `setMirrorRoute: <name>` and `plugin: <name>` so the page can label them.
 */
export function canaryStepSummary(step: CanaryStep): string {
  switch (canaryStepType(step)) {
    case 'setWeight':
      return `setWeight: ${step.setWeight}`;
    case 'pause': {
      const d = step.pause?.duration;
      return d === undefined || d === null ? 'pause' : `pause: ${d}`;
    }
    case 'experiment':
      return 'experiment';
    case 'analysis':
      return 'analysis';
    case 'setCanaryScale': {
      const s = step.setCanaryScale!;
      if (s.weight != null) return `setCanaryScale{weight: ${s.weight}}`;
      if (s.matchTrafficWeight) return 'setCanaryScale{matchTrafficWeight: true}';
      if (s.replicas != null) return `setCanaryScale{replicas: ${s.replicas}}`;
      return 'invalid';
    }
    case 'setHeaderRoute':
      return `setHeaderRoute: ${step.setHeaderRoute?.name ?? ''}`;
    case 'setMirrorRoute':
      return `setMirrorRoute: ${step.setMirrorRoute?.name ?? ''}`;
    case 'plugin':
      return `plugin: ${step.plugin?.name ?? ''}`;
    case 'invalid':
      return 'invalid';
  }
}
