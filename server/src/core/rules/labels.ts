// Well-known label keys and topology keys (docs/rules.md, "Well-known labels and topology keys"). The API server checks `topologyKey` only for
// syntax, so `topologyKey: kubernets.io/zone` is accepted and then silently does nothing (anti-affinity) or leaves pods
// Pending (required affinity, DoNotSchedule spread). Codes:
//   unknown-topology-key  a topologyKey in a reserved namespace (or a near miss of one) that no node carries
//   deprecated-label      a deprecated node label (failure-domain.beta.*, beta.kubernetes.io/*) → its replacement
//   misspelled-label      a label / selector key a small edit away from a recommended or well-known node label
// Pure: a function of one parsed document.
import { isMap, isScalar, isSeq, Scalar, type Node, type YAMLMap } from 'yaml';
import { mapAt, pairOf, rangeOfNode, type ManifestDoc } from '../documents';
import { editDistance } from '../edit-distance';
import type { Target } from '../targets';
import type { Finding, Fix, Severity } from '../types';
import type { DocumentRule } from './rule';
import {
  DEPRECATED_NODE_LABELS,
  NODE_LABELS,
  OPEN_NODE_LABEL_PREFIXES,
  OTHER_OBJECT_LABELS,
  RECOMMENDED_LABELS,
  RESERVED_DOMAINS,
} from './well-known-labels';

export const LABEL_CODES = {
  unknownTopologyKey: 'unknown-topology-key',
  deprecatedLabel: 'deprecated-label',
  misspelledLabel: 'misspelled-label',
} as const;

const NODE_LABEL_SET = new Set(NODE_LABELS);
const OBJECT_LABEL_SET = new Set([...RECOMMENDED_LABELS, ...OTHER_OBJECT_LABELS]);

// ---------------------------------------------------------------------------------------------------------------
// Key classification (pure string functions, exported for tests)

export interface SplitKey {
  prefix: string;
  name: string;
}

export function splitKey(key: string): SplitKey {
  const slash = key.indexOf('/');
  return slash === -1 ? { prefix: '', name: key } : { prefix: key.slice(0, slash), name: key.slice(slash + 1) };
}

/**
 * `exact` when the prefix is in a reserved namespace (`kubernetes.io`, `k8s.io` or a subdomain of them), `typo` when
 * its domain is a small edit away from `kubernetes.io` (`kubernets.io`, `kuberentes.io`), else undefined.
 */
export function reservedNamespace(prefix: string): 'exact' | 'typo' | undefined {
  if (!prefix) return undefined;
  const labels = prefix.toLowerCase().split('.');
  const domain = labels.slice(-2).join('.');
  if (RESERVED_DOMAINS.includes(domain)) return 'exact';
  // a dropped dot (`kubernetesio`) leaves one label: compare the last one too
  const last = labels[labels.length - 1]!;
  for (const d of [domain, last]) {
    if (d.length >= 8 && editDistance(d, 'kubernetes.io', 2) <= 2) return 'typo';
  }
  return undefined;
}

/** How many edits a name may be off and still count as a near miss of `name`. */
function nameTolerance(name: string): number {
  return name.length <= 4 ? 1 : 2;
}

/**
 * The well-known node label a key most likely meant: the candidate whose name part is closest (within tolerance),
 * ties broken by the prefix distance. Prefix and name are compared separately, so `kubernets.io/zone` finds
 * `topology.kubernetes.io/zone` (name equal) although the whole strings are 10 edits apart.
 */
export function suggestNodeLabel(key: string): string | undefined {
  const { prefix, name } = splitKey(key);
  let best: { key: string; nd: number; pd: number } | undefined;
  for (const cand of NODE_LABELS) {
    const c = splitKey(cand);
    const tol = nameTolerance(c.name);
    const nd = editDistance(name.toLowerCase(), c.name, tol);
    if (nd > tol) continue;
    const pd = editDistance(prefix.toLowerCase(), c.prefix);
    if (!best || nd < best.nd || (nd === best.nd && pd < best.pd)) best = { key: cand, nd, pd };
  }
  return best && best.key !== key ? best.key : undefined;
}

/** The recommended object label a key is a near miss of (prefix and name at most 2 edits off in total). */
export function suggestObjectLabel(key: string): string | undefined {
  if (OBJECT_LABEL_SET.has(key)) return undefined;
  const { prefix, name } = splitKey(key);
  if (!prefix) return undefined;
  let best: { key: string; d: number } | undefined;
  for (const cand of RECOMMENDED_LABELS) {
    const c = splitKey(cand);
    const pd = editDistance(prefix, c.prefix, 2);
    if (pd > 2) continue;
    const nd = editDistance(name, c.name, nameTolerance(c.name));
    if (nd > nameTolerance(c.name)) continue;
    const d = pd + nd;
    if (d === 0 || d > 2) continue;
    if (!best || d < best.d) best = { key: cand, d };
  }
  return best?.key;
}

export function isWellKnownNodeLabel(key: string): boolean {
  if (NODE_LABEL_SET.has(key)) return true;
  const { prefix } = splitKey(key);
  return OPEN_NODE_LABEL_PREFIXES.includes(prefix);
}

// ---------------------------------------------------------------------------------------------------------------
// The rule

type TopologyUse =
  | 'required-affinity'
  | 'preferred-affinity'
  | 'required-anti-affinity'
  | 'preferred-anti-affinity'
  | 'spread-do-not-schedule'
  | 'spread-schedule-anyway';

const CONSEQUENCE: Record<TopologyUse, { severity: Severity; text: string }> = {
  'required-affinity': {
    severity: 'error',
    text: 'no node has it, so no node satisfies this required pod affinity term and the pods stay Pending',
  },
  'preferred-affinity': { severity: 'warning', text: 'no node has it, so this preferred pod affinity term has no effect' },
  'required-anti-affinity': {
    severity: 'warning',
    text: 'no node has it, so this pod anti-affinity term has no effect and replicas may all land together',
  },
  'preferred-anti-affinity': {
    severity: 'warning',
    text: 'no node has it, so this pod anti-affinity term has no effect and replicas may all land together',
  },
  'spread-do-not-schedule': {
    severity: 'error',
    text: "no node has it, so the scheduler rejects every node ('missing required label') and the pods stay Pending",
  },
  'spread-schedule-anyway': { severity: 'warning', text: 'no node has it, so this spread constraint is ignored' },
};

class Collector {
  readonly findings: Finding[] = [];
  constructor(readonly md: ManifestDoc) {}

  replaceFix(node: Scalar, replacement: string, title: string): Fix[] | undefined {
    const q = node.type === Scalar.QUOTE_DOUBLE ? '"' : node.type === Scalar.QUOTE_SINGLE ? "'" : node.type === Scalar.PLAIN ? '' : undefined;
    if (q === undefined || !node.range) return undefined;
    return [{ title, preferred: true, edits: [{ range: rangeOfNode(this.md, node), newText: `${q}${replacement}${q}` }] }];
  }

  topologyKey(node: Node | null | undefined, use: TopologyUse): void {
    const key = stringOf(node);
    if (key === undefined || !isScalar(node)) return;
    if (this.deprecated(node, key, 'topologyKey')) return;
    if (isWellKnownNodeLabel(key)) return;
    const { prefix } = splitKey(key);
    if (!reservedNamespace(prefix)) return;
    const suggestion = suggestNodeLabel(key);
    const { severity, text } = CONSEQUENCE[use];
    this.findings.push({
      range: rangeOfNode(this.md, node),
      severity,
      code: LABEL_CODES.unknownTopologyKey,
      message:
        `topologyKey '${key}' is not a well-known node label: ${text}.` +
        (suggestion ? ` Did you mean '${suggestion}'?` : ''),
      ...(suggestion ? { fixes: this.replaceFix(node, suggestion, `Change to '${suggestion}'`) } : {}),
    });
  }

  /** A deprecated node label key: warning + fix. True when reported. */
  deprecated(node: Scalar, key: string, where: string): boolean {
    const replacement = DEPRECATED_NODE_LABELS[key];
    if (!replacement) return false;
    this.findings.push({
      range: rangeOfNode(this.md, node),
      severity: 'warning',
      code: LABEL_CODES.deprecatedLabel,
      message: `${where} '${key}' is a deprecated node label (nodes may no longer carry it); use '${replacement}'.`,
      tags: ['deprecated'],
      fixes: this.replaceFix(node, replacement, `Change to '${replacement}'`),
    });
    return true;
  }

  /** A key matched against node labels: nodeSelector keys, node affinity matchExpressions keys. */
  nodeKey(node: Node | null | undefined, where: string): void {
    const key = stringOf(node);
    if (key === undefined || !isScalar(node)) return;
    if (this.deprecated(node, key, where)) return;
    if (isWellKnownNodeLabel(key) || !reservedNamespace(splitKey(key).prefix)) return;
    const suggestion = suggestNodeLabel(key);
    if (!suggestion) return;
    this.findings.push({
      range: rangeOfNode(this.md, node),
      severity: 'warning',
      code: LABEL_CODES.misspelledLabel,
      message: `${where} '${key}' is not a well-known node label; no node has it, so pods that require it stay Pending. Did you mean '${suggestion}'?`,
      fixes: this.replaceFix(node, suggestion, `Change to '${suggestion}'`),
    });
  }

  /** A key of an object label or a pod-label selector, compared with the recommended app.kubernetes.io/* labels. */
  objectKey(node: Node | null | undefined, where: string): void {
    const key = stringOf(node);
    if (key === undefined || !isScalar(node)) return;
    const suggestion = suggestObjectLabel(key);
    if (!suggestion) return;
    this.findings.push({
      range: rangeOfNode(this.md, node),
      severity: 'warning',
      code: LABEL_CODES.misspelledLabel,
      message: `${where} '${key}' looks like a misspelling of the recommended label '${suggestion}'.`,
      fixes: this.replaceFix(node, suggestion, `Change to '${suggestion}'`),
    });
  }

  labelMap(map: YAMLMap | undefined, where: string): void {
    if (!map) return;
    for (const pair of map.items) this.objectKey(pair.key as Node, where);
  }

  labelSelector(sel: YAMLMap | undefined, where: string): void {
    if (!sel) return;
    this.labelMap(mapAt(sel, 'matchLabels'), `${where} key`);
    for (const expr of seqMaps(pairOf(sel, 'matchExpressions')?.value)) this.objectKey(pairOf(expr, 'key')?.value, `${where} key`);
  }

  nodeSelectorTerm(term: YAMLMap | undefined): void {
    for (const expr of seqMaps(pairOf(term, 'matchExpressions')?.value)) {
      this.nodeKey(pairOf(expr, 'key')?.value, 'Node affinity key');
    }
  }

  podAffinityTerm(term: YAMLMap | undefined, use: TopologyUse): void {
    if (!term) return;
    this.topologyKey(pairOf(term, 'topologyKey')?.value, use);
    this.labelSelector(mapAt(term, 'labelSelector'), 'labelSelector');
  }

  podSpec(spec: YAMLMap | undefined): void {
    if (!spec) return;
    const nodeSelector = mapAt(spec, 'nodeSelector');
    if (nodeSelector) for (const pair of nodeSelector.items) this.nodeKey(pair.key as Node, 'nodeSelector key');

    const affinity = mapAt(spec, 'affinity');
    const nodeAffinity = mapAt(affinity, 'nodeAffinity');
    const requiredNode = mapAt(nodeAffinity, 'requiredDuringSchedulingIgnoredDuringExecution');
    for (const term of seqMaps(pairOf(requiredNode, 'nodeSelectorTerms')?.value)) this.nodeSelectorTerm(term);
    for (const pref of seqMaps(pairOf(nodeAffinity, 'preferredDuringSchedulingIgnoredDuringExecution')?.value)) {
      this.nodeSelectorTerm(mapAt(pref, 'preference'));
    }

    for (const [field, anti] of [['podAffinity', false], ['podAntiAffinity', true]] as const) {
      const a = mapAt(affinity, field);
      for (const term of seqMaps(pairOf(a, 'requiredDuringSchedulingIgnoredDuringExecution')?.value)) {
        this.podAffinityTerm(term, anti ? 'required-anti-affinity' : 'required-affinity');
      }
      for (const pref of seqMaps(pairOf(a, 'preferredDuringSchedulingIgnoredDuringExecution')?.value)) {
        this.podAffinityTerm(mapAt(pref, 'podAffinityTerm'), anti ? 'preferred-anti-affinity' : 'preferred-affinity');
      }
    }

    for (const c of seqMaps(pairOf(spec, 'topologySpreadConstraints')?.value)) {
      // whenUnsatisfiable is required; when it is missing or misspelled the schema rule says so, and the stricter
      // reading (DoNotSchedule) is the one that leaves pods Pending
      const anyway = stringOf(pairOf(c, 'whenUnsatisfiable')?.value) === 'ScheduleAnyway';
      this.topologyKey(pairOf(c, 'topologyKey')?.value, anyway ? 'spread-schedule-anyway' : 'spread-do-not-schedule');
      this.labelSelector(mapAt(c, 'labelSelector'), 'labelSelector');
      const keys = pairOf(c, 'matchLabelKeys')?.value;
      if (isSeq(keys)) for (const k of keys.items) this.objectKey(k as Node, 'matchLabelKeys entry');
    }
  }
}

function stringOf(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

function seqMaps(node: unknown): YAMLMap[] {
  if (!isSeq(node)) return [];
  return node.items.filter((i): i is YAMLMap => isMap(i));
}

/** All label findings of one document. */
export function checkLabels(md: ManifestDoc, target: Target): Finding[] {
  const c = new Collector(md);
  const root = md.root;
  c.labelMap(mapAt(root, 'metadata', 'labels'), 'Label key');
  if (target.kind === 'Rollout') {
    const spec = mapAt(root, 'spec');
    c.labelSelector(mapAt(spec, 'selector'), 'Selector');
    // a workloadRef Rollout has no template of its own: nothing more to check here
    const template = mapAt(spec, 'template');
    c.labelMap(mapAt(template, 'metadata', 'labels'), 'Pod label key');
    c.podSpec(mapAt(template, 'spec'));
  } else if (target.kind === 'Service') {
    c.labelMap(mapAt(root, 'spec', 'selector'), 'Selector key');
  }
  return c.findings;
}

export const labelsRule: DocumentRule = {
  id: 'labels',
  check: (md, target) => checkLabels(md, target),
};
