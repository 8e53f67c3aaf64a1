// The spec-level half of the controller's validation (argo-rollouts pkg/apis/rollouts/validation/validation.go,
// `ValidateRolloutSpec`): the selector, the pod template as the ReplicaSet validation sees it (kubernetes
// pkg/apis/apps/validation `ValidatePodTemplateSpecForReplicaSet`), workloadRef, and the fields that must not be
// negative. Only what the document says; values of another type are the schema rule's. In a fragment (`partial`, a
// kustomize patch) an absent selector or template is its target's, and the selector is compared with labels only the
// merged object has: only the selector's own expressions and the template's own fields are judged.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { mapAt, pairOf, scalarNumber, scalarString, type ManifestDoc } from '../documents';
import { editDistance } from '../edit-distance';
import type { Finding, Fix } from '../types';
import { deletePairFix, finding, keyFinding, replaceFix } from './argo-findings';
import { isQualifiedName as qualifiedNameErrors, isValidLabelValue as labelValueErrors } from './apiserver-names';

// ---------------------------------------------------------------------------------------------------------------
// Label syntax (apimachinery pkg/util/validation `IsQualifiedName`, `IsValidLabelValue`): a selector with a bad key
// or value is reported by the apiserver rule (`invalid-label`); here it only means the controller stops before it
// compares the selector with the template. Also the subscript check of an analysis argument's fieldPath.

/** `IsQualifiedName` (the API-server rules' reading, without its messages). */
export function isQualifiedName(s: string): boolean {
  return qualifiedNameErrors(s).length === 0;
}

/** `IsValidLabelValue`: empty, or at most 63 characters of the name alphabet. */
export function isLabelValue(s: string): boolean {
  return labelValueErrors(s).length === 0;
}

// ---------------------------------------------------------------------------------------------------------------
// The selector, read as `metav1.LabelSelectorAsSelector` reads it

interface Requirement {
  key: string;
  op: 'In' | 'NotIn' | 'Exists' | 'DoesNotExist';
  values: string[];
  /** The selector entry, for the finding and the fix. */
  node: Node;
  /** A matchLabels entry: its key and value nodes. */
  keyNode?: Node;
  valueNode?: Node;
}

const str = scalarString;

/**
 * The selector's requirements, with findings for the expressions `ValidateLabelSelector` refuses (operator and
 * values); undefined when some entry is not of the expected types (the schema rule's) or invalid, since the controller
 * then stops before the template.
 */
function readSelector(md: ManifestDoc, sel: YAMLMap, out: Finding[]): Requirement[] | undefined {
  const reqs: Requirement[] = [];
  let ok = true;
  const matchLabels = pairOf(sel, 'matchLabels')?.value;
  if (isMap(matchLabels)) {
    for (const pair of matchLabels.items) {
      const key = str(pair.key);
      const value = isScalar(pair.value) && pair.value.value === null ? '' : str(pair.value);
      if (key === undefined || value === undefined) {
        ok = false;
        continue;
      }
      // key and value syntax is the apiserver rule's (invalid-label); the controller stops before the template
      if (!isQualifiedName(key) || !isLabelValue(value)) {
        ok = false;
      } else {
        reqs.push({ key, op: 'In', values: [value], node: pair.key as Node, keyNode: pair.key as Node, valueNode: pair.value as Node });
      }
    }
  } else if (matchLabels !== undefined && matchLabels !== null) ok = false;
  const exprs = pairOf(sel, 'matchExpressions')?.value;
  if (isSeq(exprs)) {
    for (const [i, expr] of exprs.items.entries()) {
      const at = `spec.selector.matchExpressions[${i}]`;
      if (!isMap(expr)) {
        ok = false;
        continue;
      }
      const key = str(pairOf(expr, 'key')?.value);
      const op = str(pairOf(expr, 'operator')?.value);
      const valuesNode = pairOf(expr, 'values')?.value;
      const values = isSeq(valuesNode) ? valuesNode.items.map(str) : [];
      if (key === undefined || op === undefined || values.some((v) => v === undefined) || (valuesNode && !isSeq(valuesNode))) {
        ok = false;
        continue;
      }
      if (op === 'In' || op === 'NotIn') {
        if (values.length === 0) {
          out.push(keyFinding(md, expr, valuesNode ? 'values' : 'operator', 'argo-selector', `${at}.values: Required value: must be specified when \`operator\` is 'In' or 'NotIn'`));
          ok = false;
          continue;
        }
      } else if (op === 'Exists' || op === 'DoesNotExist') {
        if (values.length > 0) {
          out.push(keyFinding(md, expr, 'values', 'argo-selector', `${at}.values: Forbidden: may not be specified when \`operator\` is 'Exists' or 'DoesNotExist'`));
          ok = false;
          continue;
        }
      } else {
        out.push(finding(md, pairOf(expr, 'operator')?.value, 'argo-selector', `${at}.operator: Invalid value: "${op}": not a valid selector operator (In, NotIn, Exists or DoesNotExist)`));
        ok = false;
        continue;
      }
      if (!isQualifiedName(key) || (values as string[]).some((v) => !isLabelValue(v))) {
        ok = false; // the apiserver rule's (invalid-label)
        continue;
      }
      reqs.push({ key, op, values: values as string[], node: expr });
    }
  } else if (exprs !== undefined && exprs !== null) ok = false;
  return ok ? reqs : undefined;
}

function matches(r: Requirement, labels: Map<string, string>): boolean {
  const v = labels.get(r.key);
  switch (r.op) {
    case 'In':
      return v !== undefined && r.values.includes(v);
    case 'NotIn':
      return v === undefined || !r.values.includes(v);
    case 'Exists':
      return v !== undefined;
    case 'DoesNotExist':
      return v === undefined;
  }
}

/** A small edit (1 for short strings, 2 from 6 characters on): a typo, not a different name. */
function near(a: string, b: string): boolean {
  const limit = Math.min(a.length, b.length) >= 6 ? 2 : 1;
  return a !== b && editDistance(a, b, limit) <= limit;
}

/**
 * The fix for a mismatch that is one matchLabels entry a typo away from a template label: its value when the key is
 * the same, its key when the value is the same. The template's labels are what the Services select on, so the
 * selector is the side to change.
 */
function selectorFix(md: ManifestDoc, failing: Requirement[], labels: Map<string, string>): Fix[] | undefined {
  if (failing.length !== 1 || !failing[0]!.valueNode) return undefined;
  const r = failing[0]!;
  const want = r.values[0]!;
  const have = labels.get(r.key);
  if (have !== undefined) {
    return near(want, have) ? replaceFix(md, r.valueNode, have, `Change the selector's ${r.key} to '${have}' (the template's label)`) : undefined;
  }
  const keys = [...labels].filter(([k, v]) => v === want && near(r.key, k)).map(([k]) => k);
  if (keys.length !== 1) return undefined;
  return replaceFix(md, r.keyNode, keys[0]!, `Change the selector key to '${keys[0]}' (the template's label)`);
}

/** The labels as the controller's message prints them (Go's `%#v` of a map: keys sorted, strings quoted). */
function goMap(labels: Map<string, string>): string {
  const q = (v: string) => JSON.stringify(v);
  const keys = [...labels.keys()].sort((a, b) => (a < b ? -1 : a > b ? 1 : 0));
  return `map[string]string{${keys.map((k) => `${q(k)}:${q(labels.get(k)!)}`).join(', ')}}`;
}

function describe(r: Requirement): string {
  switch (r.op) {
    case 'In':
      return r.keyNode ? `${r.key}: ${r.values[0]}` : `${r.key} In [${r.values.join(', ')}]`;
    case 'NotIn':
      return `${r.key} NotIn [${r.values.join(', ')}]`;
    default:
      return `${r.key} ${r.op}`;
  }
}

const MISSING = "Rollout has missing field '.spec.selector'";

function selectorFindings(md: ManifestDoc, spec: YAMLMap, out: Finding[], partial: boolean): void {
  const selPair = pairOf(spec, 'selector');
  const sel = selPair?.value;
  if (!selPair && partial) return;
  // `selector: null` in a patch deletes the target's selector: missing all the same
  if (!selPair || sel === null || (isScalar(sel) && sel.value === null)) {
    out.push(selPair ? keyFinding(md, spec, 'selector', 'argo-selector', MISSING) : keyFinding(md, md.root, 'spec', 'argo-selector', MISSING));
    return;
  }
  if (!isMap(sel)) return;
  const reqs = readSelector(md, sel, out);
  // in a patch, `selector: {}` adds nothing, and the template's labels are merged with the target's
  if (!reqs || partial) return;
  if (reqs.length === 0) {
    out.push(keyFinding(md, spec, 'selector', 'argo-selector', 'spec.selector: empty selector is invalid for deployment'));
    return;
  }
  // ValidatePodTemplateSpecForReplicaSet: a non-empty selector must select the template's labels
  const template = pairOf(spec, 'template')?.value;
  if (!isMap(template)) return; // argo-pod-template says the template is missing
  const meta = mapAt(template, 'metadata');
  const labelsNode = meta ? pairOf(meta, 'labels')?.value : undefined;
  const labels = new Map<string, string>();
  if (isMap(labelsNode)) {
    for (const pair of labelsNode.items) {
      const k = str(pair.key);
      const v = isScalar(pair.value) && pair.value.value === null ? '' : str(pair.value);
      if (k === undefined || v === undefined) return; // the schema rule's
      labels.set(k, v);
    }
  } else if (labelsNode !== undefined && labelsNode !== null) return;
  const failing = reqs.filter((r) => !matches(r, labels));
  if (failing.length === 0) return;
  const message =
    `spec.template.metadata.labels: Invalid value: ${goMap(labels)}: \`selector\` does not match template \`labels\` ` +
    `(the template's labels do not satisfy ${failing.map((r) => `\`${describe(r)}\``).join(', ')})`;
  const fixes = selectorFix(md, failing, labels);
  const at = meta && pairOf(meta, 'labels') ? { map: meta, key: 'labels' } : pairOf(template, 'metadata') ? { map: template, key: 'metadata' } : { map: spec, key: 'template' };
  out.push({ ...keyFinding(md, at.map, at.key, 'argo-selector', message), ...(fixes ? { fixes } : {}) });
}

// ---------------------------------------------------------------------------------------------------------------

/** `ValidateNonnegativeField` on the four counts the spec validation checks (each with its default when absent). */
function nonNegativeFindings(md: ManifestDoc, spec: YAMLMap, out: Finding[]): void {
  for (const key of ['replicas', 'minReadySeconds', 'revisionHistoryLimit', 'progressDeadlineSeconds']) {
    const node = pairOf(spec, key)?.value;
    const v = scalarNumber(node);
    if (v !== undefined && v < 0) out.push(finding(md, node, 'argo-negative', `spec.${key}: Invalid value: ${v}: must be greater than or equal to 0`));
  }
}

/** The ReplicaSet-only pod template rules: pods of a ReplicaSet are restarted in place and never time out. */
function podTemplateFindings(md: ManifestDoc, spec: YAMLMap, out: Finding[], partial: boolean): void {
  const template = pairOf(spec, 'template')?.value;
  if (!isMap(template)) {
    if (partial && !pairOf(spec, 'template')) return; // the target's template
    const message = 'spec.template.spec.containers: Required value (a Rollout without workloadRef needs its own pod template)';
    out.push(pairOf(spec, 'template') ? keyFinding(md, spec, 'template', 'argo-pod-template', message) : keyFinding(md, md.root, 'spec', 'argo-pod-template', message));
    return;
  }
  const podSpec = mapAt(template, 'spec');
  if (!podSpec) return;
  const restart = pairOf(podSpec, 'restartPolicy')?.value;
  const policy = str(restart);
  if (policy !== undefined && policy !== 'Always') {
    out.push(finding(md, restart, 'argo-pod-template', `spec.template.spec.restartPolicy: Unsupported value: "${policy}": supported values: "Always"`, replaceFix(md, restart, 'Always', 'Change restartPolicy to Always')));
  }
  const deadline = pairOf(podSpec, 'activeDeadlineSeconds');
  if (deadline && deadline.value !== null && !(isScalar(deadline.value) && deadline.value.value === null)) {
    out.push({ ...keyFinding(md, podSpec, 'activeDeadlineSeconds', 'argo-pod-template', 'spec.template.spec.activeDeadlineSeconds: Forbidden: activeDeadlineSeconds in ReplicaSet is not Supported'), ...withFixes(deletePairFix(md, deadline, 'Remove activeDeadlineSeconds')) });
  }
}

function withFixes(fixes: Fix[] | undefined): { fixes?: Fix[] } {
  return fixes ? { fixes } : {};
}

/**
 * A workloadRef Rollout takes its template from the referenced workload; a template with labels or annotations of
 * its own is refused by `kubectl argo rollouts lint` (the controller replaces it, so for it this is no error).
 */
function workloadRefFindings(md: ManifestDoc, spec: YAMLMap, out: Finding[]): void {
  const meta = mapAt(spec, 'template', 'metadata');
  const nonEmpty = (key: string) => {
    const m = pairOf(meta, key)?.value;
    return isMap(m) && m.items.length > 0;
  };
  if (meta && (nonEmpty('labels') || nonEmpty('annotations'))) {
    out.push(keyFinding(md, spec, 'template', 'argo-workload-ref', 'spec.template: template must be empty for workload reference rollout (kubectl argo rollouts lint refuses it; the controller replaces it with the template of the workload that workloadRef names, so these labels and annotations are not used)', 'warning'));
  }
}

export function specFindings(md: ManifestDoc, spec: YAMLMap, out: Finding[], partial = false): void {
  const workloadRef = pairOf(spec, 'workloadRef')?.value;
  const byRef = workloadRef !== undefined && workloadRef !== null && !(isScalar(workloadRef) && workloadRef.value === null);
  nonNegativeFindings(md, spec, out);
  if (byRef) {
    workloadRefFindings(md, spec, out);
    return;
  }
  selectorFindings(md, spec, out, partial);
  podTemplateFindings(md, spec, out, partial);
}

/** blueGreen.scaleDownDelayRevisionLimit above revisionHistoryLimit (default 10): old ReplicaSets would outlive history. */
export function revisionLimitFindings(md: ManifestDoc, spec: YAMLMap, blueGreen: YAMLMap, out: Finding[], partial = false): void {
  const node = pairOf(blueGreen, 'scaleDownDelayRevisionLimit')?.value;
  const limit = scalarNumber(node);
  const written = scalarNumber(pairOf(spec, 'revisionHistoryLimit')?.value);
  if (written === undefined && partial) return; // the patch's target may set its own revisionHistoryLimit
  const history = written ?? 10;
  if (limit !== undefined && history < limit) {
    out.push(finding(md, node, 'argo-revision-limit', `This rollout's revision history limit can not be smaller than the rollout's scale down limit (scaleDownDelayRevisionLimit ${limit}, revisionHistoryLimit ${history})`));
  }
}
