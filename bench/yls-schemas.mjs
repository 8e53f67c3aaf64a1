// The JSON schemas yaml-language-server gets in the benchmark, written as local files (YLS downloads nothing).
//
// - One standalone, strict schema per built-in kind, generated from the same upstream Kubernetes definitions the
//   engine uses (schemas/kubernetes-v1.36.0-definitions.json), the way yannh/kubernetes-json-schema builds its
//   "-standalone-strict" files: every `$ref` inlined, `additionalProperties: false` on every object definition that
//   lists `properties` and does not already allow extra keys, and `apiVersion`/`kind` pinned by enums taken from
//   `x-kubernetes-group-version-kind` — the steps of yannh/kubernetes-json-schema's openapi2jsonschema, done locally
//   (docs/bench.md, "What is compared").
// - The Rollout: the datreeio CRDs-catalog schema (schemas/crds-catalog-argoproj.io-rollout_v1alpha1.json, already
//   strict), which vscode-yaml users get through its Kubernetes CRD store.
// - `combined.json`: YLS binds ONE schema to a file glob, so per-document kind selection is done in the schema:
//   an `allOf` of `if {apiVersion, kind} then {$ref: <kind file>}` branches. A document matching no branch (another
//   kind) is not checked, as with YLS's own GVK detection for unknown kinds. An if/then costs one constant check per
//   branch; a `oneOf`/`anyOf` over the kinds would validate every document against every kind (several times slower,
//   and wrong for Rollouts: docs/bench.md, "YLS's schemas, and why an if/then schema").
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

export const K8S_DEFINITIONS = 'schemas/kubernetes-v1.36.0-definitions.json';
export const ROLLOUT_SCHEMA = 'schemas/crds-catalog-argoproj.io-rollout_v1alpha1.json';

/** The built-in kinds the benchmark's files hold, by definition name. */
const BUILTIN = [
  'io.k8s.api.core.v1.Service',
  'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
  'io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler',
];

/** Makes one definition standalone and strict: refs inlined (recursively), extra keys refused. */
export function standaloneStrict(definitions, rootName) {
  const memo = new Map();
  const inline = (name, stack) => {
    if (stack.includes(name)) throw new Error(`recursive definition ${[...stack, name].join(' -> ')}: cannot inline`);
    if (memo.has(name)) return memo.get(name);
    const def = definitions[name];
    if (!def) throw new Error(`definition ${name} not found`);
    const out = walk(def, [...stack, name]);
    memo.set(name, out);
    return out;
  };
  const walk = (node, stack) => {
    if (Array.isArray(node)) return node.map((n) => walk(n, stack));
    if (!node || typeof node !== 'object') return node;
    if (typeof node.$ref === 'string' && node.$ref.startsWith('#/definitions/')) {
      const target = inline(node.$ref.slice('#/definitions/'.length), stack);
      const { $ref, ...rest } = node; // siblings of $ref (a description) are kept beside the inlined schema
      return Object.keys(rest).length ? { ...walk(rest, stack), ...target } : target;
    }
    const out = {};
    for (const [k, v] of Object.entries(node)) {
      // `properties` maps field names to schemas: a field may be called "$ref" or "properties"
      out[k] = k === 'properties' ? Object.fromEntries(Object.entries(v).map(([f, s]) => [f, walk(s, stack)])) : walk(v, stack);
    }
    if (out.properties && out.additionalProperties === undefined && !out['x-kubernetes-preserve-unknown-fields']) {
      out.additionalProperties = false;
    }
    return out;
  };
  const root = structuredClone(inline(rootName, []));
  const gvks = definitions[rootName]['x-kubernetes-group-version-kind'] ?? [];
  if (gvks.length && root.properties) {
    root.properties.apiVersion = { ...root.properties.apiVersion, enum: gvks.map((g) => (g.group ? `${g.group}/${g.version}` : g.version)) };
    root.properties.kind = { ...root.properties.kind, enum: [...new Set(gvks.map((g) => g.kind))] };
  }
  return { $schema: 'http://json-schema.org/draft-07/schema#', ...root };
}

function fileNameOf(apiVersion, kind) {
  return `${kind.toLowerCase()}-${apiVersion.replace('/', '-')}.json`;
}

/**
 * Writes the per-kind schemas and `combined.json` into `dir`.
 * @returns {{ combinedPath: string, combinedUri: string, files: Array<{apiVersion: string, kind: string, file: string, bytes: number}> }}
 */
export function writeYlsSchemas(dir, root = process.cwd()) {
  mkdirSync(dir, { recursive: true });
  const definitions = JSON.parse(readFileSync(join(root, K8S_DEFINITIONS), 'utf8')).definitions;
  const files = [];
  for (const name of BUILTIN) {
    const gvk = definitions[name]['x-kubernetes-group-version-kind'][0];
    const apiVersion = gvk.group ? `${gvk.group}/${gvk.version}` : gvk.version;
    const file = fileNameOf(apiVersion, gvk.kind);
    const text = JSON.stringify(standaloneStrict(definitions, name), null, 2);
    writeFileSync(join(dir, file), text);
    files.push({ apiVersion, kind: gvk.kind, file, bytes: text.length });
  }
  const rolloutFile = fileNameOf('argoproj.io/v1alpha1', 'Rollout');
  const rolloutText = readFileSync(join(root, ROLLOUT_SCHEMA), 'utf8');
  writeFileSync(join(dir, rolloutFile), rolloutText);
  files.push({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', file: rolloutFile, bytes: rolloutText.length });

  const combined = {
    $schema: 'http://json-schema.org/draft-07/schema#',
    title: 'Service v1, HorizontalPodAutoscaler autoscaling/v1 and v2, Rollout argoproj.io/v1alpha1 (picked per document)',
    allOf: files.map((f) => ({
      if: {
        properties: { apiVersion: { const: f.apiVersion }, kind: { const: f.kind } },
        required: ['apiVersion', 'kind'],
      },
      then: { $ref: f.file },
    })),
  };
  const combinedPath = join(dir, 'combined.json');
  writeFileSync(combinedPath, JSON.stringify(combined, null, 2));
  return { combinedPath, combinedUri: pathToFileURL(combinedPath).href, files };
}
