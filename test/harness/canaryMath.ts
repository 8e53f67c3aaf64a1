// Pure pieces of the controller stand-in: the pod-template hash, the basic-canary replica split and pause
// durations. The split is argo-rollouts utils/replicaset/canary.go's; the hash is NOT Argo's (Argo hashes a Go spew dump).
import { goJson } from '../../extension/src/cluster/actions/planGo';
import { POD_TEMPLATE_HASH_LABEL } from '../../extension/src/cluster/info/meta';

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
 * `approximateWeightedCanaryStableReplicaCounts` (argo-rollouts utils/replicaset/canary.go): ceil/floor of R·w/100,
 * each against a total of R and (when maxSurge > 0) R+1; the option whose real weight is closest to w wins; a zero
 * floor only for w 0/100 or R=1 without surge; exact .5 ties drop the floor.
 * Returns [canary, stable].
 */
export function canaryStableCounts(replicas: number, weight: number, maxSurge: number): [number, number] {
  if (replicas <= 0) return [0, 0];
  if (weight >= 100) return [replicas, 0];
  const exact = (replicas * weight) / 100;
  const ceil = Math.ceil(exact);
  const floor = Math.floor(exact);
  const tied = exact - floor === 0.5;
  const zeroAllowed = weight === 100 || weight === 0 || (replicas === 1 && maxSurge === 0);
  const options: Array<[number, number]> = []; // [canary, total]
  if (ceil < replicas || zeroAllowed) options.push([ceil, replicas]);
  if (!tied && (floor !== 0 || zeroAllowed)) options.push([floor, replicas]);
  if (maxSurge > 0) {
    options.push([ceil, replicas + 1]);
    if (!tied && (floor !== 0 || zeroAllowed)) options.push([floor, replicas + 1]);
  }
  if (options.length === 0) options.push([ceil, replicas]);
  let best = options[0]!;
  let bestOff = Infinity;
  for (const o of options) {
    const off = Math.abs((o[0] * 100) / o[1] - weight);
    if (off < bestOff) {
      best = o;
      bestOff = off;
    }
  }
  return [best[0], best[1] - best[0]];
}

/** Pause durations are the cluster layer's (info/pause.ts): one reading for the views and the stand-in. */
export { pauseDurationMs } from '../../extension/src/cluster/info/pause';
