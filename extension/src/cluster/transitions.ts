// The moments a person wants to hear about: a rollout starts waiting for promotion, is aborted, or degrades.
// Pure: compares what was seen with what is seen now, once per transition (a state already reported is not
// reported again until the rollout has left it), and never for the state a rollout is in when first seen.
import type { Rollout } from './k8sTypes';
import { getRolloutPhase } from './info/rolloutPhase';
import { waitsForPromotion } from './info/pause';

export type Attention = 'waitingForPromotion' | 'aborted' | 'degraded' | 'none';

export interface Transition {
  key: string;
  namespace: string;
  name: string;
  to: Exclude<Attention, 'none'>;
  message: string;
}

export function attentionOf(ro: Rollout): Attention {
  if (ro.status?.abort) return 'aborted';
  const { phase, message } = getRolloutPhase(ro);
  // just retried: abort is cleared but the controller has not rewritten the phase yet — still the aborted state,
  // not a new degradation
  if (phase === 'Degraded' && message.startsWith('RolloutAborted')) return 'aborted';
  if (phase === 'Degraded') return 'degraded';
  if (phase === 'Paused' && waitsForPromotion(ro)) return 'waitingForPromotion';
  return 'none';
}

export class TransitionTracker {
  private seen = new Map<string, Attention>();

  /** Feed every rollout in view; returns the transitions since the previous call. */
  update(rollouts: readonly Rollout[]): Transition[] {
    const next = new Map<string, Attention>();
    const out: Transition[] = [];
    for (const ro of rollouts) {
      const namespace = ro.metadata?.namespace ?? '';
      const name = ro.metadata?.name ?? '';
      const key = `${namespace}/${name}`;
      const a = attentionOf(ro);
      next.set(key, a);
      const before = this.seen.get(key);
      if (before !== undefined && before !== a && a !== 'none') {
        out.push({ key, namespace, name, to: a, message: getRolloutPhase(ro).message });
      }
    }
    this.seen = next;
    return out;
  }

  reset(): void {
    this.seen.clear();
  }
}
