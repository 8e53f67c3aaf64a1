// "Compare with Live": the live object and the file's document, both reduced to what a person writes, so the diff
// shows the difference they made and nothing the API server or a controller added. Pure (no `vscode`).
//
// Dropped from both sides: `status`, and the metadata the API server sets (uid, resourceVersion, generation,
// creationTimestamp, managedFields, selfLink, deletion fields) and the annotations kubectl and Argo Rollouts write.
// Dropped from the live side only, when the file does not set them: the namespace, and the fields the API server
// defaults (DEFAULTED below, per kind). Every other field the cluster has and the file lacks is kept: it is drift.
// Keys follow the file's order (then the rest in the live order), so an unchanged manifest serializes identically.
import { Document } from 'yaml';

type Json = null | boolean | number | string | Json[] | { [k: string]: Json };
type JsonMap = { [k: string]: Json };

/** Metadata the API server sets on every object. */
export const SERVER_SET_METADATA: readonly string[] = [
  'uid',
  'resourceVersion',
  'generation',
  'creationTimestamp',
  'managedFields',
  'selfLink',
  'deletionTimestamp',
  'deletionGracePeriodSeconds',
];

/** Annotations that tools write on apply or during a rollout (never the person's). */
export const TOOL_ANNOTATIONS: readonly string[] = [
  'kubectl.kubernetes.io/last-applied-configuration',
  'rollout.argoproj.io/revision',
  'rollout.argoproj.io/workload-generation',
  'deployment.kubernetes.io/revision',
];

/**
 * Fields the API server fills in when a manifest leaves them out (Kubernetes' defaulting for the served versions,
 * `pkg/apis/core/v1/defaults.go` and `pkg/apis/autoscaling/*` / `defaults.go`; Service IPs and node ports are
 * allocated). `[]` stands for every element of a list. The Rollout CRD has no API-server defaults (its spec is stored
 * as sent), but a missing `spec.replicas` is written by the Argo controller (1) and by an HPA (its count).
 */
export const DEFAULTED: Readonly<Record<string, readonly string[]>> = {
  Service: [
    'spec.type',
    'spec.clusterIP',
    'spec.clusterIPs',
    'spec.sessionAffinity',
    'spec.sessionAffinityConfig',
    'spec.ipFamilies',
    'spec.ipFamilyPolicy',
    'spec.externalTrafficPolicy',
    'spec.internalTrafficPolicy',
    'spec.healthCheckNodePort',
    'spec.allocateLoadBalancerNodePorts',
    'spec.ports[].protocol',
    'spec.ports[].targetPort',
    'spec.ports[].nodePort',
  ],
  HorizontalPodAutoscaler: ['spec.minReplicas', 'spec.metrics', 'spec.behavior', 'spec.targetCPUUtilizationPercentage'],
  // the Argo controller sets a missing `spec.replicas` to 1 and an HPA writes it through /scale
  Rollout: ['spec.replicas', 'spec.template.metadata.creationTimestamp'],
};

const isMap = (v: unknown): v is JsonMap => v !== null && typeof v === 'object' && !Array.isArray(v);

const clone = <T>(v: T): T => (v === undefined ? v : (JSON.parse(JSON.stringify(v)) as T));

/** Removes what the API server and tools set; shared by both sides. */
function dropServerSet(obj: JsonMap): JsonMap {
  delete obj.status;
  const meta = obj.metadata;
  if (isMap(meta)) {
    for (const k of SERVER_SET_METADATA) delete meta[k];
    const ann = meta.annotations;
    if (isMap(ann)) {
      for (const k of TOOL_ANNOTATIONS) delete ann[k];
      if (Object.keys(ann).length === 0) delete meta.annotations;
    }
  }
  return obj;
}

/** The file's document as compared: its data without status and server-set metadata. */
export function normalizeFile(file: Record<string, unknown>): Record<string, unknown> {
  return dropServerSet(clone(file) as JsonMap);
}

/**
 * Drops from `live` what the file does not set and the server defaulted (at `path`, a dotted path with `[]` for list
 * elements), and orders every mapping's keys as the file's. Lists are walked element by element.
 */
function prune(live: Json, file: Json | undefined, path: string, defaulted: readonly string[]): Json {
  if (Array.isArray(live)) {
    const f = Array.isArray(file) ? file : [];
    return live.map((item, i) => prune(item, f[i], `${path}[]`, defaulted));
  }
  if (!isMap(live)) return live;
  const f = isMap(file) ? file : undefined;
  const out: JsonMap = {};
  const keys = [...(f ? Object.keys(f).filter((k) => k in live) : []), ...Object.keys(live).filter((k) => !f || !(k in f))];
  for (const k of keys) {
    const p = path ? `${path}.${k}` : k;
    const inFile = f !== undefined && k in f;
    if (!inFile && defaulted.includes(p)) continue;
    out[k] = prune(live[k]!, f?.[k], p, defaulted);
  }
  return out;
}

/** The live object as compared with `file` (the file's document data). */
export function normalizeLive(live: Record<string, unknown>, file: Record<string, unknown>): Record<string, unknown> {
  const l = dropServerSet(clone(live) as JsonMap);
  const f = normalizeFile(file) as JsonMap;
  const lm = l.metadata;
  const fm = f.metadata;
  if (isMap(lm) && !(isMap(fm) && 'namespace' in fm)) delete lm.namespace;
  const kind = typeof f.kind === 'string' ? f.kind : typeof l.kind === 'string' ? l.kind : '';
  return prune(l, f, '', DEFAULTED[kind] ?? []) as Record<string, unknown>;
}

/** The one serialization both sides go through (block style, no line folding). */
export function toYaml(obj: unknown): string {
  return new Document(obj).toString({ lineWidth: 0 });
}

export interface Hunk {
  /** 0-based first line of the hunk in `a` and in `b`, and how many lines it covers on each side */
  aStart: number;
  aLines: number;
  bStart: number;
  bLines: number;
}

/**
 * The differing regions between two texts, line by line (a longest-common-subsequence diff: manifests are a few
 * hundred lines, so the quadratic table is small). An empty list means identical.
 */
export function lineHunks(a: string, b: string): Hunk[] {
  const A = a.split('\n');
  const B = b.split('\n');
  let pre = 0;
  while (pre < A.length && pre < B.length && A[pre] === B[pre]) pre++;
  let suf = 0;
  while (suf < A.length - pre && suf < B.length - pre && A[A.length - 1 - suf] === B[B.length - 1 - suf]) suf++;
  const a2 = A.slice(pre, A.length - suf);
  const b2 = B.slice(pre, B.length - suf);
  const n = a2.length;
  const m = b2.length;
  // lcs[i][j]: common subsequence length of a2[i..] and b2[j..]
  const lcs = Array.from({ length: n + 1 }, () => new Uint32Array(m + 1));
  for (let i = n - 1; i >= 0; i--) for (let j = m - 1; j >= 0; j--) lcs[i]![j] = a2[i] === b2[j] ? lcs[i + 1]![j + 1]! + 1 : Math.max(lcs[i + 1]![j]!, lcs[i]![j + 1]!);
  const hunks: Hunk[] = [];
  let open: Hunk | undefined;
  let i = 0;
  let j = 0;
  const close = () => {
    if (open) hunks.push(open);
    open = undefined;
  };
  while (i < n || j < m) {
    if (i < n && j < m && a2[i] === b2[j]) {
      close();
      i++;
      j++;
      continue;
    }
    open ??= { aStart: pre + i, aLines: 0, bStart: pre + j, bLines: 0 };
    if (j >= m || (i < n && lcs[i + 1]![j]! >= lcs[i]![j + 1]!)) {
      open.aLines++;
      i++;
    } else {
      open.bLines++;
      j++;
    }
  }
  close();
  return hunks;
}
