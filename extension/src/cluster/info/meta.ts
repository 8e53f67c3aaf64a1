// Small readers of object metadata shared by the derivation modules (argo-rollouts info/info.go).
import type { ObjectMeta, OwnerReference } from '../k8sTypes';
import { humanDuration } from './duration';

export const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';
export const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';
export const SCALE_DOWN_DEADLINE_ANNOTATION = 'scale-down-deadline';
export const EXPERIMENT_TEMPLATE_NAME_ANNOTATION = 'experiment.argoproj.io/template-name';
export const REVISION_DESCRIPTION_ANNOTATION = 'rollouts.argoproj.io/revision-description';

/** Go's zero `time.Time` (0001-01-01T00:00:00Z), what a missing creationTimestamp decodes to. */
export const GO_ZERO_TIME_MS = Date.parse('0001-01-01T00:00:00Z');

/** `parseRevision`: the revision annotation as a Go `strconv.Atoi` reads it; anything else is 0. */
export function parseRevision(meta: ObjectMeta | undefined): number {
  const raw = meta?.annotations?.[REVISION_ANNOTATION];
  return raw !== undefined && /^[+-]?\d+$/.test(raw) ? Number(raw) : 0;
}

/**
 * `ownerRef`: the first owner reference (in the object's order) whose UID is one of `uids`. Any owner reference
 * counts, not only the controller one. An empty UID never matches (real objects always carry one).
 */
export function findOwnerRef(refs: OwnerReference[] | null | undefined, uids: ReadonlySet<string>): OwnerReference | undefined {
  for (const ref of refs ?? []) if (ref.uid && uids.has(ref.uid)) return ref;
  return undefined;
}

/** Go's string order (bytewise on UTF-8), used for every name, image and tag sort. */
export function compareGoStrings(a: string, b: string): number {
  return Buffer.compare(Buffer.from(a, 'utf8'), Buffer.from(b, 'utf8'));
}

/** The identity every row of the tree carries. */
export interface InfoMeta {
  name: string;
  namespace: string;
  uid: string;
  creationTimestamp?: string;
}

export function infoMeta(meta: ObjectMeta | undefined): InfoMeta {
  return {
    name: meta?.name ?? '',
    namespace: meta?.namespace ?? '',
    uid: meta?.uid ?? '',
    ...(meta?.creationTimestamp ? { creationTimestamp: meta.creationTimestamp } : {}),
  };
}

/** Revision descending, then creation time ascending (AnalysisRuns and Experiments; each adds its name order). */
export function compareRevisionThenCreated(
  a: { revision: number; creationTimestamp?: string },
  b: { revision: number; creationTimestamp?: string },
): number {
  return b.revision - a.revision || timeMs(a.creationTimestamp) - timeMs(b.creationTimestamp);
}

/** Milliseconds of an RFC 3339 timestamp as metav1.Time holds it (whole seconds); Go's zero time if absent. */
export function timeMs(ts: string | null | undefined): number {
  if (!ts) return GO_ZERO_TIME_MS;
  const ms = Date.parse(ts);
  return Number.isNaN(ms) ? GO_ZERO_TIME_MS : Math.floor(ms / 1000) * 1000;
}

/** `info.Age`: the human duration from `ts` (Go's zero time when absent) to `now`. */
export function ageAt(ts: string | null | undefined, now: Date): string {
  return humanDuration(now.getTime() - timeMs(ts));
}
