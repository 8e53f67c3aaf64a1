// When a canary pause ends, and whether a paused rollout waits for a person: a `pause: {}` step (or `spec.paused`)
// waits for promote; a `pause: {duration}` step ends by itself at the pause condition's start + duration
// (argo-rollouts rollout/pause.go, `CompletedCurrentCanaryStep`). Pure.
import type { Rollout } from '../k8sTypes';
import { parseGoDuration } from '../actions/planGo';
import { currentCanaryStep } from './canarySteps';

/** A pause step's duration: an integer is seconds, a string is a Go duration (`30s`, `1h`); undefined = no duration. */
export function pauseDurationMs(d: number | string | undefined | null): number | undefined {
  if (d === undefined || d === null) return undefined;
  if (typeof d === 'number') return d * 1000;
  if (/^\d+$/.test(d)) return Number(d) * 1000;
  try {
    return parseGoDuration(d);
  } catch {
    return undefined;
  }
}

/** The end of the current timed canary pause (ms since the epoch), or undefined when none is running. */
export function pauseEndsAt(ro: Rollout): number | undefined {
  if (ro.spec?.paused || ro.status?.abort) return undefined;
  const { step } = currentCanaryStep(ro);
  const ms = pauseDurationMs(step?.pause?.duration);
  if (ms === undefined) return undefined;
  const cond = (ro.status?.pauseConditions ?? []).find((c) => c.reason === 'CanaryPauseStep');
  const start = cond?.startTime ? Date.parse(cond.startTime) : NaN;
  return Number.isNaN(start) ? undefined : start + ms;
}

/** Paused and waiting for a person (an untimed pause step, or a manual pause), not for the clock. */
export function waitsForPromotion(ro: Rollout): boolean {
  if (ro.status?.abort) return false;
  if (ro.spec?.paused) return true;
  const conds = ro.status?.pauseConditions ?? [];
  return conds.length > 0 && pauseEndsAt(ro) === undefined;
}
