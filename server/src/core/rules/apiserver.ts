// What the API server (and, for a Rollout's pod template, the Argo Rollouts controller) refuses that the OpenAPI
// schemas do not say: name, label and port syntax, port ranges and duplicates, resource quantities, HPA replica
// bounds and metric targets (kubernetes `pkg/apis/core/validation/validation.go`, `pkg/apis/autoscaling/validation/
// validation.go`, apimachinery `pkg/util/validation/validation.go` and `pkg/api/resource/quantity.go`). Messages are
// the API server's own (`spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive`). Errors for
// what is refused, warnings for what is accepted but surely wrong (`memory: 512m`). Values of the wrong type are left
// to the schema rule. Codes: docs/rules.md, "What the API server refuses".
import { isScalar, type Node, type YAMLMap } from 'yaml';
import { mapAt, pairOf, type ManifestDoc } from '../documents';
import type { Finding } from '../types';
import type { Target } from '../targets';
import { isDNS1035Label, isDNS1123Subdomain, isQualifiedName, isValidLabelValue, nameFix } from './apiserver-names';
import { Reporter, seqMaps, str } from './apiserver-report';
import { checkPodSpec } from './apiserver-pod';
import { checkServiceSpec } from './apiserver-service';
import { checkHpaSpec } from './apiserver-hpa';
import { requote } from '../schema/validate';
import type { DocumentRule } from './rule';

export const INVALID_LABEL = 'invalid-label';

/** The Rollout CRD's schema checks none of this: the controller does (`ValidateRolloutSpec`), and stops there. */
const ROLLOUT_CONTROLLER = 'the Argo Rollouts controller refuses it and marks the Rollout InvalidSpec';

/** `partial`: the document is a fragment (a kustomize patch), merged into an object defined elsewhere. */
export function checkApiServer(md: ManifestDoc, target: Target, partial = false): Finding[] {
  const r = new Reporter(md);
  const root = md.root;
  if (!root) return [];
  objectMeta(r, mapAt(root, 'metadata'), 'metadata', target.kind);
  const spec = mapAt(root, 'spec');
  if (!spec) return r.findings;
  if (target.kind === 'Rollout') {
    r.who = ROLLOUT_CONTROLLER;
    labelSelector(r, mapAt(spec, 'selector'), 'spec.selector');
    // a workloadRef Rollout's template is replaced by the workload's (argo-workload-ref says so when it is not empty)
    const template = pairOf(spec, 'workloadRef') ? undefined : mapAt(spec, 'template');
    if (template) {
      objectMeta(r, mapAt(template, 'metadata'), 'spec.template.metadata', undefined);
      const podSpec = mapAt(template, 'spec');
      if (podSpec) checkPodSpec(r, podSpec, 'spec.template.spec');
    }
    r.who = '';
  } else if (target.kind === 'Service') {
    labels(r, mapAt(spec, 'selector'), 'spec.selector');
    checkServiceSpec(r, spec, partial);
  } else {
    checkHpaSpec(r, spec, target);
  }
  return r.findings;
}

export const apiServerRule: DocumentRule = {
  id: 'apiserver',
  check: (md, target, ctx) => checkApiServer(md, target, ctx.partial),
};

/** Object names: a DNS-1035 label for a Service (`ValidateServiceName`), a DNS-1123 subdomain for the others. */
function objectMeta(r: Reporter, meta: YAMLMap | undefined, path: string, kind: Target['kind'] | undefined): void {
  if (!meta) return;
  if (kind) {
    const node = pairOf(meta, 'name')?.value;
    const name = str(node);
    if (name) {
      const check = kind === 'Service' ? isDNS1035Label : isDNS1123Subdomain;
      const errs = check(name);
      if (errs.length > 0) {
        const fix = nameFix(name, check);
        r.invalid('invalid-name', node, `${path}.name`, name, errs, {
          ...(kind === 'Service' && /^\d/.test(name) ? { hint: 'A Service name must start with a letter (it becomes a DNS name)' } : {}),
          ...(fix && isScalar(node) ? { fixes: r.replaceFix(node, requote(node, fix), `Change to \`${fix}\``, false) } : {}),
        });
      }
    }
  }
  labels(r, mapAt(meta, 'labels'), `${path}.labels`);
  const annotations = mapAt(meta, 'annotations');
  let size = 0;
  for (const pair of annotations?.items ?? []) {
    const key = str(pair.key);
    // the API server lower-cases annotation keys before the check
    if (key === undefined) continue;
    size += utf8Length(key) + utf8Length(str(pair.value) ?? '');
    const errs = isQualifiedName(key.toLowerCase());
    if (errs.length > 0) r.invalid(INVALID_LABEL, pair.key as Node, `${path}.annotations`, key, errs);
  }
  if (size > MAX_ANNOTATIONS_BYTES) {
    r.push(INVALID_LABEL, r.rangeOf(pairOf(meta, 'annotations')?.key as Node), `${path}.annotations: Too long: may not be more than ${MAX_ANNOTATIONS_BYTES} bytes`, {
      hint: `These annotations hold ${size} bytes of keys and values`,
    });
  }
}

/** `TotalAnnotationSizeLimitB` (apimachinery `pkg/api/validation/objectmeta.go`): keys and values together. */
const MAX_ANNOTATIONS_BYTES = 256 * 1024;

/** The length of `s` in UTF-8 bytes, as TextEncoder would encode it (a lone surrogate as U+FFFD), without encoding it. */
export function utf8Length(s: string): number {
  let n = s.length;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0x80) continue;
    if (c < 0x800) n += 1;
    else if (c >= 0xd800 && c <= 0xdbff && i + 1 < s.length && (s.charCodeAt(i + 1) & 0xfc00) === 0xdc00) {
      n += 2; // a pair: two UTF-16 units, four bytes
      i++;
    } else n += 2;
  }
  return n;
}

/** `ValidateLabels`: each key a qualified name, each string value a label value (other types: the schema rule). */
function labels(r: Reporter, map: YAMLMap | undefined, path: string): void {
  for (const pair of map?.items ?? []) {
    const key = str(pair.key);
    if (key !== undefined) {
      const errs = isQualifiedName(key);
      if (errs.length > 0) r.invalid(INVALID_LABEL, pair.key as Node, path, key, errs);
    }
    const value = str(pair.value);
    if (value !== undefined) {
      const errs = isValidLabelValue(value);
      if (errs.length > 0) r.invalid(INVALID_LABEL, pair.value as Node, path, value, errs);
    }
  }
}

/** A label selector: matchLabels as labels, matchExpressions keys as qualified names and values as label values. */
function labelSelector(r: Reporter, sel: YAMLMap | undefined, path: string): void {
  if (!sel) return;
  labels(r, mapAt(sel, 'matchLabels'), `${path}.matchLabels`);
  for (const { item, index } of seqMaps(pairOf(sel, 'matchExpressions')?.value)) {
    const p = `${path}.matchExpressions[${index}]`;
    const keyNode = pairOf(item, 'key')?.value;
    const key = str(keyNode);
    if (key !== undefined) {
      const errs = isQualifiedName(key);
      if (errs.length > 0) r.invalid(INVALID_LABEL, keyNode, `${p}.key`, key, errs);
    }
    const values = pairOf(item, 'values')?.value;
    if (values && 'items' in values && Array.isArray(values.items)) {
      (values.items as unknown[]).forEach((v, i) => {
        const s = str(v);
        if (s === undefined) return;
        const errs = isValidLabelValue(s);
        if (errs.length > 0) r.invalid(INVALID_LABEL, v as Node, `${p}.values[${i}]`, s, errs);
      });
    }
  }
}
