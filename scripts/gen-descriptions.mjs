// `node scripts/gen-descriptions.mjs`: the field descriptions hover and completion show, taken from the Kubernetes
// OpenAPI definitions in schemas/ (1.36, and 1.24 for the autoscaling versions 1.36 no longer serves) and written to
// server/src/core/editor/generated/descriptions.json. Only the definitions reachable from the kinds the editor knows
// (Service, HorizontalPodAutoscaler, and the pod template, ObjectMeta and LabelSelector a Rollout embeds) are kept;
// each description is cut to its first paragraph (at most ~600 characters). The Rollout's own fields have no
// descriptions in its CRD; they are in server/src/core/editor/rollout-docs.ts. `--check` only compares.
import { readFileSync, writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..');
const out = join(root, 'server/src/core/editor/generated/descriptions.json');
const files = ['kubernetes-v1.24.0-definitions.json', 'kubernetes-v1.36.0-definitions.json'];
const defs = {};
for (const f of files) Object.assign(defs, JSON.parse(readFileSync(join(root, 'schemas', f), 'utf8')).definitions);

const ROOTS = {
  'v1/Service': 'io.k8s.api.core.v1.Service',
  'autoscaling/v1/HorizontalPodAutoscaler': 'io.k8s.api.autoscaling.v1.HorizontalPodAutoscaler',
  'autoscaling/v2/HorizontalPodAutoscaler': 'io.k8s.api.autoscaling.v2.HorizontalPodAutoscaler',
  'autoscaling/v2beta2/HorizontalPodAutoscaler': 'io.k8s.api.autoscaling.v2beta2.HorizontalPodAutoscaler',
  'autoscaling/v2beta1/HorizontalPodAutoscaler': 'io.k8s.api.autoscaling.v2beta1.HorizontalPodAutoscaler',
  // embedded in a Rollout
  PodTemplateSpec: 'io.k8s.api.core.v1.PodTemplateSpec',
  ObjectMeta: 'io.k8s.apimachinery.pkg.apis.meta.v1.ObjectMeta',
  LabelSelector: 'io.k8s.apimachinery.pkg.apis.meta.v1.LabelSelector',
};

function trim(d) {
  if (!d) return '';
  let s = d.split('\n\n')[0].replace(/\s+/g, ' ').trim();
  if (s.length > 600) {
    const cut = s.lastIndexOf('. ', 600);
    s = cut > 200 ? s.slice(0, cut + 1) : `${s.slice(0, 600)}…`;
  }
  return s;
}

const refName = (s) => (s?.$ref ? s.$ref.replace('#/definitions/', '') : undefined);
const outDefs = {};
function visit(name) {
  if (outDefs[name] || !defs[name]) return;
  const def = defs[name];
  const entry = { d: trim(def.description), p: {} };
  outDefs[name] = entry;
  for (const [field, sub] of Object.entries(def.properties ?? {})) {
    const ref = refName(sub) ?? refName(sub.items);
    entry.p[field] = ref ? [trim(sub.description), ref] : [trim(sub.description)];
    if (ref) visit(ref);
  }
}
for (const name of Object.values(ROOTS)) visit(name);
const text = `${JSON.stringify({ generatedBy: 'scripts/gen-descriptions.mjs; do not edit', roots: ROOTS, defs: outDefs })}\n`;
if (process.argv.includes('--check')) {
  const now = readFileSync(out, 'utf8');
  if (now !== text) {
    console.error(`${out} is out of date: run node scripts/gen-descriptions.mjs`);
    process.exit(1);
  }
} else {
  mkdirSync(dirname(out), { recursive: true });
  writeFileSync(out, text);
  console.log(`${out}: ${Object.keys(outDefs).length} definitions, ${text.length} bytes`);
}
