// The fuzz inputs of test/hostile/fuzz.test.ts (and of anyone who wants to replay them): structure-aware random
// documents built from the corpus's own field names, and byte-level mutations of the corpus and seed files. Seeded.
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments, isMap, isSeq, isScalar, isPair, stringify, type Node } from 'yaml';
import { prng } from '../../support/prng.mjs';

export const sources: Array<{ name: string; bytes: Buffer }> = [];
for (const dir of ['test/fixtures/corpus', 'test/fixtures/seed']) {
  for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) sources.push({ name: `${dir}/${f}`, bytes: readFileSync(join(dir, f)) });
}

// Field names by the parent they appear under in the corpus, so random trees look like manifests.
const keysUnder = new Map<string, string[]>();
const allKeys = new Set<string>();
function harvest(node: unknown, parent: string): void {
  if (isMap(node)) {
    for (const item of node.items) {
      const key = isScalar(item.key) ? String(item.key.value) : undefined;
      if (key === undefined) continue;
      allKeys.add(key);
      const list = keysUnder.get(parent) ?? [];
      if (!list.includes(key)) list.push(key);
      keysUnder.set(parent, list);
      harvest(item.value, key);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) harvest(isPair(item) ? item.value : item, parent);
  }
}
for (const s of sources) for (const d of parseAllDocuments(s.bytes.toString('utf8'))) if (!('empty' in d)) harvest((d as { contents: Node | null }).contents, '');
const KEYS = [...allKeys];

const IDENTITIES: Array<[string | undefined, string | undefined]> = [
  ['argoproj.io/v1alpha1', 'Rollout'],
  ['argoproj.io/v1alpha1', 'rollout'],
  ['argoproj.io/v1alpha2', 'Rollout'],
  [undefined, 'Rollout'],
  ['autoscaling/v2', 'HorizontalPodAutoscaler'],
  ['autoscaling/v2beta1', 'HorizontalPodAutoscaler'],
  ['autoscaling/v3', 'HorizontalPodAutoscaler'],
  ['v1', 'Service'],
  ['v1', 'service'],
  [undefined, 'Service'],
  ['argoproj.io/v1alpha1', 'AnalysisTemplate'],
  ['apps/v1', 'Deployment'],
  [undefined, undefined],
];

const ODD_STRINGS = ['', ' ', 'yes', 'no', 'on', '0x1F', '1e999', '-0', '.inf', '~', 'null', '{{ .Values.x }}', '{{args.service-name}}', 'kubernets.io/zone', 'topology.kubernetes.io/zone', 'app.kubernetes.io/nmae', 'a: b', '- x', '# not a comment', '\u00e9\u{1F680}', 'x'.repeat(100), 'line1\nline2', '"quoted"', "it's", '*alias', '&anchor', '!!binary', '%YAML', '---', '...'];

function value(rnd: () => number, parent: string, depth: number, maxDepth: number): unknown {
  const r = rnd();
  if (depth >= maxDepth || r < 0.35) {
    const s = rnd();
    if (s < 0.2) return Math.floor(rnd() * 2 ** (rnd() < 0.1 ? 60 : 16)) * (rnd() < 0.1 ? -1 : 1);
    if (s < 0.3) return rnd() < 0.5;
    if (s < 0.35) return null;
    if (s < 0.4) return rnd() * 1000;
    if (s < 0.7) return ODD_STRINGS[Math.floor(rnd() * ODD_STRINGS.length)];
    return KEYS[Math.floor(rnd() * KEYS.length)] ?? 'x';
  }
  if (r < 0.55) {
    const n = Math.floor(rnd() * 3);
    return Array.from({ length: n }, () => value(rnd, parent, depth + 1, maxDepth));
  }
  const pool = keysUnder.get(parent) ?? KEYS;
  const out: Record<string, unknown> = {};
  const n = 1 + Math.floor(rnd() * (depth < 2 ? 4 : 2));
  for (let i = 0; i < n; i++) {
    const key = rnd() < 0.85 ? (pool[Math.floor(rnd() * pool.length)] ?? 'k') : (KEYS[Math.floor(rnd() * KEYS.length)] ?? 'k') + (rnd() < 0.5 ? 'x' : '');
    out[key] = value(rnd, key, depth + 1, maxDepth);
  }
  return out;
}

/** Names from a small pool, so that documents link to each other (random names never would): the link rules run. */
const LINK_NAMES = ['web', 'api', 'web-canary', 'web-stable', 'checks', 'app', 'db', 'cache'];
const asMap = (x: unknown): Record<string, unknown> => (x && typeof x === 'object' && !Array.isArray(x) ? (x as Record<string, unknown>) : {});

/** Gives the tree a pooled name and the fields through which its kind links to others (each a little off, sometimes). */
function link(tree: Record<string, unknown>, kind: string | undefined, rnd: () => number): void {
  const pick = () => LINK_NAMES[Math.floor(rnd() * LINK_NAMES.length)]!;
  const metadata = asMap(tree.metadata);
  metadata.name = pick();
  if (rnd() < 0.3) metadata.namespace = rnd() < 0.5 ? 'prod' : 'staging';
  tree.metadata = metadata;
  const spec = asMap(tree.spec);
  tree.spec = spec;
  const labels = { app: pick() };
  const container = { name: pick(), image: 'nginx', ports: [{ name: 'http', containerPort: 8080 }], ...(rnd() < 0.5 ? { resources: { requests: { cpu: '100m' } } } : {}) };
  if (kind === 'HorizontalPodAutoscaler') {
    spec.scaleTargetRef = { apiVersion: rnd() < 0.7 ? 'argoproj.io/v1alpha1' : 'apps/v1', kind: rnd() < 0.7 ? 'Rollout' : 'Deployment', name: pick() };
    spec.maxReplicas = 1 + Math.floor(rnd() * 10);
    if (rnd() < 0.5) spec.metrics = [{ type: 'Resource', resource: { name: rnd() < 0.7 ? 'cpu' : 'memory', target: { type: 'Utilization', averageUtilization: 50 } } }];
  } else if (kind === 'Service') {
    spec.selector = labels;
    spec.ports = [{ port: 80, targetPort: rnd() < 0.5 ? 'http' : rnd() < 0.5 ? 8080 : 'metrics' }];
  } else if (kind === 'Rollout' || kind === 'Deployment') {
    if (rnd() < 0.5) spec.replicas = Math.floor(rnd() * 6);
    spec.selector = { matchLabels: labels };
    spec.template = { metadata: { labels }, spec: { containers: [container] } };
    if (kind === 'Rollout') {
      const steps = [{ setWeight: 10 + 10 * Math.floor(rnd() * 9) }, { pause: {} }, ...(rnd() < 0.3 ? [{ analysis: { templates: [{ templateName: pick() }] } }] : [])];
      spec.strategy = { canary: { canaryService: pick(), stableService: pick(), ...(rnd() < 0.3 ? { maxSurge: 0 } : {}), steps } };
      if (rnd() < 0.15) spec.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: pick() };
    }
  }
}

/** One random document: a Kubernetes-shaped tree, sometimes with a raw twist stringify would never write. */
export function structuredDocument(rnd: () => number): string {
  const [apiVersion, kind] = IDENTITIES[Math.floor(rnd() * IDENTITIES.length)]!;
  const tree: Record<string, unknown> = {};
  if (apiVersion !== undefined) tree.apiVersion = apiVersion;
  if (kind !== undefined) tree.kind = kind;
  tree.metadata = value(rnd, 'metadata', 1, 4);
  tree.spec = value(rnd, 'spec', 1, 3 + Math.floor(rnd() * 5));
  if (rnd() < 0.3) tree.status = value(rnd, 'status', 1, 3);
  if (rnd() < 0.4) link(tree, kind, rnd);
  let text = stringify(tree, { flowCollectionPadding: rnd() < 0.5, indent: rnd() < 0.8 ? 2 : 4, lineWidth: 0 });
  const twist = rnd();
  if (twist < 0.04) text += `deep: ${'['.repeat(100 + Math.floor(rnd() * 1000))}\n`;
  else if (twist < 0.06) text += `deep:\n${Array.from({ length: 40 + Math.floor(rnd() * 80) }, (_, i) => `${' '.repeat(2 * i + 2)}- a:`).join('\n')}\n`;
  else if (twist < 0.12) text = text.replace(/: /, ': {{ .Values.x }} #');
  else if (twist < 0.16) text = `anchors: &a {x: [1, 2]}\nuse: [*a, *a, *a]\n${text}`;
  else if (twist < 0.2) text = text.replace(/\n/g, '\r\n');
  else if (twist < 0.24) text += `  bad: [unclosed\n`;
  else if (twist < 0.27) text += `note: |\n  block {{ x }}\n  [[[[\n`;
  return text;
}

const BYTE_NOISE = [[0x00], [0xff], [0xfe, 0xff], [0xff, 0xfe], [0xef, 0xbb, 0xbf], [0xc3], [0xe2, 0x82], [0xf0, 0x9f, 0x9a, 0x80], [0x0d], [0x0a], [0x09], [0x7b, 0x7b], [0x2d, 0x2d, 0x2d, 0x0a], [0x26, 0x61], [0x2a, 0x61], [0x5b], [0x22]];

/** A byte-level mutation of a corpus or seed file. */
export function mutateBytes(src: Buffer, rnd: () => number): Buffer {
  let b = Buffer.from(src);
  const steps = 1 + Math.floor(rnd() * 6);
  for (let s = 0; s < steps; s++) {
    const at = Math.floor(rnd() * (b.length + 1));
    switch (Math.floor(rnd() * 6)) {
      case 0: // flip a bit
        if (b.length) b[Math.min(at, b.length - 1)]! ^= 1 << Math.floor(rnd() * 8);
        break;
      case 1: // a random byte
        b = Buffer.concat([b.subarray(0, at), Buffer.from([Math.floor(rnd() * 256)]), b.subarray(at)]);
        break;
      case 2: // a meaningful byte sequence
        b = Buffer.concat([b.subarray(0, at), Buffer.from(BYTE_NOISE[Math.floor(rnd() * BYTE_NOISE.length)]!), b.subarray(at)]);
        break;
      case 3: // delete a range
        b = Buffer.concat([b.subarray(0, at), b.subarray(at + Math.floor(rnd() * 64))]);
        break;
      case 4: // duplicate a range
        b = Buffer.concat([b.subarray(0, at), b.subarray(at, at + Math.floor(rnd() * 200)), b.subarray(at)]);
        break;
      default: // truncate
        b = b.subarray(0, at);
    }
  }
  return b;
}


export interface FuzzInputs {
  /** files of `docsPerFile` structured documents each */
  structuredFiles: Array<{ name: string; text: string }>;
  byteFiles: Array<{ name: string; bytes: Buffer; from: string }>;
}

export function fuzzInputs(seed: number, structured: number, byteMutations: number, docsPerFile = 100): FuzzInputs {
  const rnd = prng(seed);
  const structuredFiles: FuzzInputs['structuredFiles'] = [];
  for (let f = 0; f * docsPerFile < structured; f++) {
    const docs: string[] = [];
    for (let d = 0; d < docsPerFile && f * docsPerFile + d < structured; d++) docs.push(structuredDocument(rnd));
    structuredFiles.push({ name: `s${String(f).padStart(4, '0')}.yaml`, text: docs.join('---\n') });
  }
  const byteFiles: FuzzInputs['byteFiles'] = [];
  for (let i = 0; i < byteMutations; i++) {
    const src = sources[Math.floor(rnd() * sources.length)]!;
    byteFiles.push({ name: `b${String(i).padStart(5, '0')}.yaml`, bytes: mutateBytes(src.bytes, rnd), from: src.name });
  }
  return { structuredFiles, byteFiles };
}
