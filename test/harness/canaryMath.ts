// Pure pieces of the controller stand-in: the pod-template hash, the basic-canary replica split and pause
// durations. The split is argo-rollouts utils/replicaset/canary.go's; the hash is NOT Argo's (Argo hashes a Go spew dump).
import { goJson } from '../../extension/src/cluster/actions/planGo';
import { POD_TEMPLATE_HASH_LABEL } from '../../extension/src/cluster/info/meta';
import { basicCanarySplit } from '../../server/src/core/canary';

/** Kubernetes' `rand.SafeEncodeString` alphabet (no vowels, no confusable digits). */
const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

function fnv32a(text: string): number {
  let h = 0x811c9dc5;
  for (const b of Buffer.from(text, 'utf8')) {
    h ^= b;
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** A pod-template hash in the shape Argo's has (fnv32a, safe-encoded decimal), over a key-sorted JSON form. */
export function podTemplateHash(template: unknown, hashLabel = POD_TEMPLATE_HASH_LABEL): string {
  const t = JSON.parse(JSON.stringify(template ?? {})) as { metadata?: { labels?: Record<string, string> } };
  if (t.metadata?.labels) delete t.metadata.labels[hashLabel];
  const digits = String(fnv32a(goJson(t, true)));
  let out = '';
  for (const ch of Buffer.from(digits)) out += SAFE[ch % SAFE.length];
  return out;
}

/** `maxSurge` resolved against `replicas`, rounding up (default 25%). */
export function resolveMaxSurge(value: number | string | undefined | null, replicas: number): number {
  if (value === undefined || value === null) value = '25%';
  if (typeof value === 'number') return value;
  const m = /^(\d+)%$/.exec(value);
  if (m) return Math.ceil((Number(m[1]) * replicas) / 100);
  return /^\d+$/.test(value) ? Number(value) : 0;
}

/**
 * The basic canary's (no trafficRouting) target counts for `replicas` at weight `w`, as argo-rollouts v1.2+
 * `approximateWeightedCanaryStableReplicaCounts` (utils/replicaset/canary.go): the engine's reading
 * (server/src/core/canary.ts), which the editor's inlay hints show, so the stand-in and the hints cannot disagree.
 * Returns [canary, stable].
 */
export function canaryStableCounts(replicas: number, weight: number, maxSurge: number): [number, number] {
  const { canary, stable } = basicCanarySplit(replicas, weight, maxSurge);
  return [canary, stable];
}

/** Pause durations are the cluster layer's (info/pause.ts): one reading for the views and the stand-in. */
export { pauseDurationMs } from '../../extension/src/cluster/info/pause';
