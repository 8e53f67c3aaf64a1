// `npm run gen:schemas`: turns the upstream schema files in schemas/ into the trimmed data the validator reads
// (server/src/core/schema/generated/schemas.json). Nothing is typed by hand: every field, type and required list comes
// from the Kubernetes OpenAPI definitions (1.21, 1.24, 1.34, 1.36) and the Argo Rollouts v1.9.1 Rollout CRD; the one
// addition is server/src/core/schema/enum-overlay.json (allowed values the upstream export lacks, see its `about`).
//
// Output: one pool of schema nodes shared by every version (identical nodes are stored once, so a type that did not
// change between versions costs nothing) and, per definitions file, the root node of each kind/apiVersion it defines.
// A node is { t: type, p?: {field: node}, r?: [required], e?: [enum], i?: items node, v?: map-value node, f?: 1 }:
//   t: 's' string, 'i' integer, 'n' number, 'b' boolean, 'o' object, 'a' array, 'is' int-or-string,
//      'q' quantity (number or string), '*' anything;  f: 1 = keys other than `p` are allowed (free-form).
// Descriptions, formats, defaults, patterns and list/patch markers are dropped. `--check` only compares.
import { createHash } from 'node:crypto';
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse as parseYaml } from 'yaml';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const schemasDir = join(root, 'schemas');
const outDir = join(root, 'server/src/core/schema/generated');
const overlay = JSON.parse(readFileSync(join(root, 'server/src/core/schema/enum-overlay.json'), 'utf8')).enums;

/** The definitions files, oldest first; the key is the Kubernetes minor version the file describes. */
const K8S = [
  { minor: 21, file: 'kubernetes-v1.21.0-definitions.json' },
  { minor: 24, file: 'kubernetes-v1.24.0-definitions.json' },
  { minor: 34, file: 'kubernetes-v1.34.0-definitions.json' },
  { minor: 36, file: 'kubernetes-v1.36.0-definitions.json' },
];
const CRD_FILE = 'argo-rollouts-v1.9.1-rollout-crd.yaml';

/** apiVersion/kind → definition name; a file that lacks the definition simply does not serve that version. */
const K8S_ROOTS = {
  'v1/Service': 'io.k8s.api.core.v1.Service',
  'autoscaling/v1/HorizontalPodAutoscaler': 'io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler',
  'autoscaling/v2/HorizontalPodAutoscaler': 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
  'autoscaling/v2beta2/HorizontalPodAutoscaler': 'io.k8s.api.autoscaling.v2beta2.HorizontalPodAutoscaler',
  'autoscaling/v2beta1/HorizontalPodAutoscaler': 'io.k8s.api.autoscaling.v2beta1.HorizontalPodAutoscaler',
};
const OBJECT_META = 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta';

// ---------------------------------------------------------------------------------------------------------------
// The node pool: nodes are hash-consed, so a node is stored once however often and in however many versions it occurs.
const pool = [];
const poolIndex = new Map();

function intern(node) {
  const canonical = {};
  for (const k of Object.keys(node).sort()) {
    const v = node[k];
    if (k === 'p') {
      const sorted = {};
      for (const name of Object.keys(v).sort()) sorted[name] = v[name];
      canonical.p = sorted;
    } else {
      canonical[k] = v;
    }
  }
  const key = JSON.stringify(canonical);
  let id = poolIndex.get(key);
  if (id === undefined) {
    id = pool.length;
    pool.push(canonical);
    poolIndex.set(key, id);
  }
  return id;
}

const usedOverlay = new Set();

/** Adds the overlay's allowed values to a converted string node. */
function withEnum(node, overlayKey) {
  const values = overlayKey && overlay[overlayKey];
  if (!values) return node;
  if (node.t !== 's') throw new Error(`enum-overlay: ${overlayKey} is not a string field`);
  usedOverlay.add(overlayKey);
  return { ...node, e: values };
}

/** The scalar types, written alike by the Kubernetes definitions and the CRD. */
const SCALARS = { string: 's', integer: 'i', number: 'n', boolean: 'b' };

/** An array node: its converted items (anything when the schema gives none), with the overlay's values for them. */
function arrayNode(items, overlayKey) {
  return { t: 'a', i: intern(withEnum(items ?? { t: '*' }, overlayKey)) };
}

// ---------------------------------------------------------------------------------------------------------------
// Kubernetes OpenAPI v2 definitions

function convertK8s(defs, cache, name, stack = []) {
  if (cache.has(name)) return cache.get(name);
  if (stack.includes(name)) throw new Error(`cycle through ${[...stack, name].join(' → ')}`);
  const def = defs[name];
  if (!def) throw new Error(`missing definition ${name}`);
  const id = intern(convertK8sSchema(defs, cache, def, name, [...stack, name]));
  cache.set(name, id);
  return id;
}

/** `owner` names the definition whose property this is (for the enum overlay), e.g. io.k8s.api.core.v1.ServiceSpec.type. */
function convertK8sSchema(defs, cache, s, owner, stack) {
  if (s.$ref) {
    const ref = s.$ref.replace('#/definitions/', '');
    return pool[convertK8s(defs, cache, ref, stack)];
  }
  if (s.oneOf) {
    const types = s.oneOf.map((o) => o.type).sort().join(',');
    if (types === 'integer,string') return { t: 'is' };
    if (types === 'number,string') return { t: 'q' };
    throw new Error(`unexpected oneOf ${types} in ${owner}`);
  }
  const type = s.type ?? (s.properties ? 'object' : undefined);
  if (Object.hasOwn(SCALARS, type)) return { t: SCALARS[type] };
  switch (type) {
    case 'array': {
      const items = s.items ? convertK8sSchema(defs, cache, s.items, `${owner}[]`, stack) : undefined;
      return arrayNode(items, `${owner}[]`);
    }
    case 'object': {
      const node = { t: 'o' };
      if (s.properties) {
        node.p = {};
        for (const [field, sub] of Object.entries(s.properties)) {
          const key = `${owner}.${field}`;
          node.p[field] = intern(withEnum(convertK8sSchema(defs, cache, sub, key, stack), key));
        }
        if (s.required?.length) node.r = [...s.required].sort();
      }
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        node.v = intern(convertK8sSchema(defs, cache, s.additionalProperties, `${owner}{}`, stack));
      } else if (!s.properties || s.additionalProperties === true) {
        // `type: object` with no fields (RawExtension, FieldsV1, ...) holds arbitrary content
        node.f = 1;
      }
      return node;
    }
    case undefined:
      return { t: '*' };
    default:
      throw new Error(`unexpected type ${type} in ${owner}`);
  }
}

// ---------------------------------------------------------------------------------------------------------------
// The Rollout CRD (structural OpenAPI v3 schema)
//
// `spec.template` is validated against the CRD's own inline pod template, not against the PodTemplateSpec of the
// target Kubernetes version: the CRD is what the API server applies to a Rollout (strict field validation rejects,
// and pruning silently drops, anything it does not list), so a pod field newer than the CRD never reaches a pod, and
// the CRD's deliberate holes (`resources.limits/requests`, `volumes` left free-form) are what `kubectl apply` really
// accepts. The allowed values of the enum overlay are carried over from the matching Kubernetes definitions by walking
// both schemas side by side (`k8sPeer`). The Rollout's own `metadata` is a plain `type: object` in the CRD; the API
// server checks it as ObjectMeta, so each version's ObjectMeta is put there.

function convertCrd(s, peer) {
  if (s['x-kubernetes-int-or-string']) return { t: 'is' };
  if (s['x-kubernetes-preserve-unknown-fields'] && !s.properties && !s.additionalProperties) {
    return s.type === 'object' ? { t: 'o', f: 1 } : { t: '*' };
  }
  if (Object.hasOwn(SCALARS, s.type)) return { t: SCALARS[s.type] };
  switch (s.type) {
    case 'array': {
      const items = s.items ? convertCrd(s.items, peer?.items) : undefined;
      return arrayNode(items, peer?.itemsKey);
    }
    case 'object': {
      const node = { t: 'o' };
      if (s.properties) {
        node.p = {};
        for (const [field, sub] of Object.entries(s.properties)) {
          const p = peer?.property(field);
          node.p[field] = intern(withEnum(convertCrd(sub, p), p?.key));
        }
        if (s.required?.length) node.r = [...s.required].sort();
      }
      if (s.additionalProperties && typeof s.additionalProperties === 'object') {
        node.v = intern(convertCrd(s.additionalProperties, undefined));
      }
      if (s['x-kubernetes-preserve-unknown-fields'] || (!s.properties && !s.additionalProperties)) node.f = 1;
      return node;
    }
    default:
      throw new Error(`unexpected CRD type ${s.type}`);
  }
}

/** The Kubernetes definition a CRD subtree mirrors, followed through $ref/items as the CRD is walked. */
function k8sPeer(defs, name) {
  const resolve = (s) => (s?.$ref ? { schema: defs[s.$ref.replace('#/definitions/', '')], name: s.$ref.replace('#/definitions/', '') } : undefined);
  const make = (def, defName) => ({
    key: undefined,
    property(field) {
      const sub = def.properties?.[field];
      if (!sub) return undefined;
      const key = `${defName}.${field}`;
      const r = resolve(sub);
      if (r) return { ...make(r.schema, r.name), key };
      if (sub.type === 'array' && sub.items) {
        const ri = resolve(sub.items);
        return { key, itemsKey: `${key}[]`, items: ri ? make(ri.schema, ri.name) : undefined, property: () => undefined };
      }
      return { key, property: () => undefined };
    },
  });
  return make(defs[name], name);
}

// ---------------------------------------------------------------------------------------------------------------

function sha256(text) {
  return createHash('sha256').update(text).digest('hex').slice(0, 16);
}

const sources = [];
const versions = {};
const k8sDefs = [];
for (const { minor, file } of K8S) {
  const text = readFileSync(join(schemasDir, file), 'utf8');
  sources.push({ file, sha256: sha256(text) });
  k8sDefs.push({ minor, defs: JSON.parse(text).definitions });
}

const crdText = readFileSync(join(schemasDir, CRD_FILE), 'utf8');
sources.push({ file: CRD_FILE, sha256: sha256(crdText) });
const crd = parseYaml(crdText);
const crdVersion = crd.spec.versions.find((v) => v.name === 'v1alpha1');
const crdRoot = crdVersion.schema.openAPIV3Schema;

// The CRD part that does not depend on the Kubernetes version: everything but the root's metadata, with the enum
// values carried over from the newest definitions (the v1.9.1 CRD embeds a recent pod spec).
const newest = k8sDefs[k8sDefs.length - 1].defs;
const crdProps = {};
for (const [field, sub] of Object.entries(crdRoot.properties)) {
  if (field === 'metadata') continue;
  if (field === 'spec') {
    const specPeer = {
      property(f) {
        if (f === 'template') return { ...k8sPeer(newest, 'io.k8s.api.core.v1.PodTemplateSpec'), key: undefined };
        if (f === 'selector') return { ...k8sPeer(newest, 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector'), key: undefined };
        return undefined;
      },
    };
    crdProps.spec = intern(convertCrd(sub, specPeer));
  } else {
    crdProps[field] = intern(convertCrd(sub, undefined));
  }
}

for (const { minor, defs } of k8sDefs) {
  const cache = new Map();
  const roots = {};
  for (const [id, name] of Object.entries(K8S_ROOTS)) {
    if (defs[name]) roots[id] = convertK8s(defs, cache, name);
  }
  roots['argoproj.io/v1alpha1/Rollout'] = intern({
    t: 'o',
    p: { ...crdProps, metadata: convertK8s(defs, cache, OBJECT_META) },
    ...(crdRoot.required?.length ? { r: [...crdRoot.required].sort() } : {}),
  });
  versions[String(minor)] = roots;
}

const unused = Object.keys(overlay).filter((k) => !usedOverlay.has(k));
if (unused.length) throw new Error(`enum-overlay entries that match no field: ${unused.join(', ')}`);

const out = {
  generatedBy: 'scripts/gen-schemas.mjs (npm run gen:schemas); do not edit',
  sources,
  versions,
  nodes: pool,
};
const json = JSON.stringify(out);
const outFile = join(outDir, 'schemas.json');
if (process.argv.includes('--check')) {
  // the tests: the committed data must be what its sources give
  let committed = '';
  try {
    committed = readFileSync(outFile, 'utf8');
  } catch {
    // no committed file yet: it differs
  }
  if (committed !== json + '\n') {
    console.error(`${outFile} is not what schemas/ gives: run npm run gen:schemas`);
    process.exit(1);
  }
  console.log(`${outFile} is up to date`);
  process.exit(0);
}
mkdirSync(outDir, { recursive: true });
writeFileSync(outFile, json + '\n');
console.log(
  `schemas.json: ${pool.length} nodes, ${(json.length / 1024).toFixed(1)} KiB, versions ${Object.keys(versions).join(', ')}`,
);
for (const [v, roots] of Object.entries(versions)) console.log(`  1.${v}: ${Object.keys(roots).join(', ')}`);
