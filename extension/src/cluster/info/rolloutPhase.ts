// The Rollout's STATUS and Message: `GetRolloutPhase` and, for status-less (v0.10 and older) controllers,
// `CalculateRolloutPhase` (argo-rollouts utils/rollout/rolloututil.go). First matching rule wins.
import type { Rollout } from '../k8sTypes';

export type RolloutPhase = 'Healthy' | 'Progressing' | 'Paused' | 'Degraded';

export interface PhaseAndMessage {
  /** Normally one of {@link RolloutPhase}; `status.phase` is passed through unchanged, so it is typed wider. */
  phase: string;
  message: string;
}

const ANALYSIS_COMPLETED = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

/** `spec.replicas`, defaulting to 1 as `defaults.GetReplicasOrDefault` does. */
export function desiredReplicas(ro: Rollout): number {
  return ro.spec?.replicas ?? 1;
}

/** `IsFullyPromoted`: the stable hash is the current pod hash (both empty counts as equal, as in Go). */
export function isFullyPromoted(ro: Rollout): boolean {
  return (ro.status?.stableRS ?? '') === (ro.status?.currentPodHash ?? '');
}

/** `IsUnpausing`: the user cleared the pause conditions but the controller has not reacted yet. */
export function isUnpausing(ro: Rollout): boolean {
  return !!ro.status?.controllerPause && (ro.status?.pauseConditions ?? []).length === 0;
}

/**
 * `isGenerationObserved`: `status.observedGeneration` read with Go's `strconv.Atoi`. A non-numeric value (a v0.9
 * hash) or one larger than `metadata.generation` counts as observed.
 */
export function isGenerationObserved(ro: Rollout): boolean {
  const raw = ro.status?.observedGeneration;
  const text = typeof raw === 'number' ? String(raw) : (raw ?? '');
  if (!/^[+-]?\d+$/.test(text)) return true;
  return Number(text) >= (ro.metadata?.generation ?? 0);
}

/** `GetRolloutPhase`, what `get rollout` shows as Status and Message. */
export function getRolloutPhase(ro: Rollout): PhaseAndMessage {
  if (!isGenerationObserved(ro)) {
    return { phase: 'Progressing', message: 'waiting for rollout spec update to be observed' };
  }
  if (isUnpausing(ro)) return { phase: 'Progressing', message: 'waiting for rollout to unpause' };
  // Rule 3 (workloadRef generation) depends on `spec.TemplateResolvedFromRef`, a `json:"-"` field that is never
  // set on an object read from the API, so it cannot fire for a client.
  const phase = ro.status?.phase ?? '';
  if (phase !== '') return { phase, message: ro.status?.message ?? '' };
  return calculateRolloutPhase(ro);
}

function sameInstant(a: string, b: string): boolean {
  const ta = Date.parse(a);
  const tb = Date.parse(b);
  return Number.isNaN(ta) || Number.isNaN(tb) ? a === b : Math.floor(ta / 1000) === Math.floor(tb / 1000);
}

/** `CalculateRolloutPhase`: the controller's own computation, done on the client when `status.phase` is empty. */
export function calculateRolloutPhase(ro: Rollout): PhaseAndMessage {
  const spec = ro.spec ?? {};
  const status = ro.status ?? {};
  for (const cond of status.conditions ?? []) {
    if (cond.type === 'InvalidSpec') return { phase: 'Degraded', message: `InvalidSpec: ${cond.message ?? ''}` };
    if (cond.reason === 'RolloutAborted' || cond.reason === 'ProgressDeadlineExceeded') {
      return { phase: 'Degraded', message: `${cond.reason}: ${cond.message ?? ''}` };
    }
  }
  if (spec.paused) return { phase: 'Paused', message: 'manually paused' };
  const firstPause = (status.pauseConditions ?? [])[0];
  if (firstPause) return { phase: 'Paused', message: firstPause.reason ?? '' };
  if (spec.restartAt && (!status.restartedAt || !sameInstant(spec.restartAt, status.restartedAt))) {
    return { phase: 'Progressing', message: 'rollout is restarting' };
  }
  const updated = status.updatedReplicas ?? 0;
  if (updated < desiredReplicas(ro)) return { phase: 'Progressing', message: 'more replicas need to be updated' };
  if ((status.availableReplicas ?? 0) < updated) {
    return { phase: 'Progressing', message: 'updated replicas are still becoming available' };
  }
  const stable = status.stableRS ?? '';
  const current = status.currentPodHash ?? '';
  const blueGreen = spec.strategy?.blueGreen;
  const canary = spec.strategy?.canary;
  if (blueGreen) {
    const active = status.blueGreen?.activeSelector ?? '';
    if (active === '' || active !== current) return { phase: 'Progressing', message: 'active service cutover pending' };
    if (stable === '' || stable !== current) {
      const post = status.blueGreen?.postPromotionAnalysisRunStatus;
      const waitingForAnalysis = blueGreen.postPromotionAnalysis != null && (!post || !ANALYSIS_COMPLETED.has(post.status ?? ''));
      return {
        phase: 'Progressing',
        message: waitingForAnalysis ? 'waiting for analysis to complete' : 'waiting for post-promotion verification to complete',
      };
    }
  } else if (canary) {
    if (!canary.trafficRouting && (status.replicas ?? 0) > updated) {
      return { phase: 'Progressing', message: 'old replicas are pending termination' };
    }
    if (stable === '' || stable !== current) return { phase: 'Progressing', message: 'waiting for all steps to complete' };
  }
  return { phase: 'Healthy', message: '' };
}
