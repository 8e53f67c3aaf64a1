// API versions and fields that the target Kubernetes version no longer serves (errors), serves but deprecates
// (warnings), or does not serve yet (errors), from the table in schema/lifecycle.ts. These are not schema-shape
// findings: they stay when `schemaDiagnostics` is off, since no generic YAML schema tool reports them with a version.
// A quick fix is offered only when it is known to give a document no less valid than the original: the changed text
// is parsed and validated against the new version's schema before the fix is offered.
import { isAlias, isMap, isScalar, isSeq, stringify, type Node, type Pair, type Scalar, type YAMLMap } from 'yaml';
import { mapAt, pairOf, parseChunk, rangeOfNode, rangeOfOffsets, type ManifestDoc } from '../documents';
import type { Target } from '../targets';
import type { Finding, Fix } from '../types';
import { schemaFor } from '../schema/data';
import { convertV2beta1Metrics } from '../schema/hpa-metrics';
import {
  apiVersionLifecycle,
  FIELDS,
  isServed,
  preferredApiVersion,
  targetMinor,
  type ApiVersionLifecycle,
  type FieldLifecycle,
} from '../schema/lifecycle';
import { formatPath, requote } from '../schema/validate';
import type { DocumentRule } from './rule';
import { shapeFindings } from './schema';

export const deprecationsRule: DocumentRule = {
  id: 'deprecations',
  check(md, target, ctx) {
    const minor = targetMinor(ctx.options.kubernetesVersion);
    const out: Finding[] = [];
    const api = apiVersionFinding(md, target, minor);
    if (api) out.push(api);
    for (const f of FIELDS) {
      if (f.kind !== target.kind) continue;
      const finding = fieldFinding(md, f, minor);
      if (finding) out.push(finding);
    }
    return out;
  },
};

/** A text change in document offsets (turned into a TextEdit at the end). */
interface OffsetEdit {
  start: number;
  end: number;
  text: string;
}

function toFix(md: ManifestDoc, title: string, edits: OffsetEdit[], preferred: boolean): Fix {
  return {
    title,
    edits: edits.map((e) => ({ range: rangeOfOffsets(md, e.start, e.end), newText: e.text })),
    ...(preferred ? { preferred } : {}),
  };
}

// ---------------------------------------------------------------------------------------------------------------
// API versions

function apiVersionFinding(md: ManifestDoc, target: Target, minor: number): Finding | undefined {
  const a = apiVersionLifecycle(target.kind, target.apiVersion);
  if (!a) return undefined;
  const value = pairOf(md.root, 'apiVersion')?.value;
  const at = `(target: 1.${minor})`;
  const rep = a.replacement ? apiVersionLifecycle(target.kind, a.replacement) : undefined;
  const use = rep ? `; use ${rep.apiVersion} (available since 1.${rep.introduced})` : '';
  let finding: Omit<Finding, 'range'>;
  if (a.removed !== undefined && minor >= a.removed) {
    finding = {
      severity: 'error',
      code: 'removed-api-version',
      message: `${a.apiVersion} ${a.kind} was removed in Kubernetes 1.${a.removed} ${at}${use}.`,
    };
  } else if (a.deprecated !== undefined && minor >= a.deprecated) {
    const removal = a.removed !== undefined ? ` and removed in 1.${a.removed}` : '';
    finding = {
      severity: 'warning',
      code: 'deprecated-api-version',
      message: `${a.apiVersion} ${a.kind} is deprecated since Kubernetes 1.${a.deprecated}${removal} ${at}${use}.`,
      tags: ['deprecated'],
    };
  } else if (minor < a.introduced) {
    const served = preferredApiVersion(target.kind, minor);
    finding = {
      severity: 'error',
      code: 'unavailable-api-version',
      message:
        `${a.apiVersion} ${a.kind} is served from Kubernetes 1.${a.introduced} on ${at}` +
        (served ? `; use ${served.apiVersion} there.` : '.'),
    };
  } else {
    return undefined;
  }
  // move to the replacement when the target serves it, else to the newest version the target serves
  const to = rep && isServed(rep, minor) ? rep : preferredApiVersion(target.kind, minor);
  const fix = to && to !== a && isScalar(value) ? apiVersionFix(md, target, a, to, minor, value) : undefined;
  return { range: rangeOfNode(md, value), ...finding, ...(fix ? { fixes: [fix] } : {}) };
}

function apiVersionFix(
  md: ManifestDoc,
  target: Target,
  from: ApiVersionLifecycle,
  to: ApiVersionLifecycle,
  minor: number,
  value: Scalar,
): Fix | undefined {
  if (!value.range) return undefined;
  const edits: OffsetEdit[] = [{ start: value.range[0], end: value.range[1], text: requote(value, to.apiVersion) }];
  let title = `Change to ${to.apiVersion}`;
  // v2beta1 metrics have their own shape (schema/hpa-metrics.ts); v2beta2 and v2 share theirs
  if (from.apiVersion === 'autoscaling/v2beta1' && to.apiVersion !== from.apiVersion) {
    const metrics = pairOf(mapAt(md.root, 'spec'), 'metrics')?.value;
    if (metrics && !(isScalar(metrics) && metrics.value === null)) {
      const edit = convertMetricsEdit(md, metrics);
      if (!edit) return undefined;
      edits.push(edit);
      title += ' and convert the metrics';
    }
  }
  if (!keepsDocumentValid(md, target, from, to, minor, edits)) return undefined;
  return toFix(md, title, edits, true);
}

/** The `spec.metrics` list rewritten in the v2 shape, or undefined when a metric cannot be converted faithfully. */
function convertMetricsEdit(md: ManifestDoc, metrics: Node): OffsetEdit | undefined {
  if (!isSeq(metrics) || !metrics.range || containsAlias(metrics, 0)) return undefined;
  const converted = convertV2beta1Metrics(metrics.toJS(md.doc));
  if (!converted) return undefined;
  const [start, end] = metrics.range;
  if (metrics.flow) return { start, end, text: stringify(converted, { collectionStyle: 'flow', lineWidth: 0 }).trimEnd() };
  // a block list starts at its first `-`: later lines take that column; its range ends after its last line break
  const column = start - (md.text.lastIndexOf('\n', start - 1) + 1);
  const lines = stringify(converted, { indent: 2, lineWidth: 0 }).trimEnd().split('\n');
  const text = lines.map((l, i) => (i === 0 ? l : ' '.repeat(column) + l)).join('\n');
  return { start, end, text: md.text[end - 1] === '\n' ? text + '\n' : text };
}

function containsAlias(node: unknown, depth: number): boolean {
  if (depth > 32 || isAlias(node)) return true;
  if (isSeq(node)) return node.items.some((i) => containsAlias(i, depth + 1));
  if (isMap(node)) return node.items.some((p) => containsAlias(p.key, depth + 1) || containsAlias(p.value, depth + 1));
  return false;
}

/**
 * True when the edited document, validated against the new version's schema, has no shape finding the original did
 * not have against its own: the fix brings in no new problem (and leaves the user's other mistakes to their findings).
 */
function keepsDocumentValid(
  md: ManifestDoc,
  target: Target,
  from: ApiVersionLifecycle,
  to: ApiVersionLifecycle,
  minor: number,
  edits: OffsetEdit[],
): boolean {
  const before = schemaFor(from.apiVersion, target.kind, minor);
  const after = schemaFor(to.apiVersion, target.kind, minor);
  if (!before || !after) return false;
  let text = md.text;
  for (const e of [...edits].sort((x, y) => y.start - x.start)) text = text.slice(0, e.start) + e.text + text.slice(e.end);
  const edited = parseChunk({ text, startLine: 0 }, 0);
  if (edited.doc.errors.length > 0 || !edited.root) return false;
  const existing = new Map<string, number>();
  for (const f of shapeFindings(md, before.schema, target.kind)) {
    const k = `${f.code} ${f.message}`;
    existing.set(k, (existing.get(k) ?? 0) + 1);
  }
  for (const f of shapeFindings(edited, after.schema, target.kind)) {
    const k = `${f.code} ${f.message}`;
    const n = existing.get(k) ?? 0;
    if (n === 0) return false;
    existing.set(k, n - 1);
  }
  return true;
}

// ---------------------------------------------------------------------------------------------------------------
// Fields

function fieldFinding(md: ManifestDoc, f: FieldLifecycle, minor: number): Finding | undefined {
  const parent = mapAt(md.root, ...f.parent);
  const pair = pairOf(parent, f.field);
  if (!parent || !pair) return undefined;
  const path = `\`${formatPath([...f.parent, f.field])}\``;
  const at = `(target: 1.${minor})`;
  let finding: Omit<Finding, 'range'>;
  if (f.removed !== undefined && minor >= f.removed) {
    finding = {
      severity: 'error',
      code: 'removed-field',
      message:
        `${path} was removed from ${f.kind} in Kubernetes 1.${f.removed} ${at}: the API server rejects it, ` +
        `or silently drops it when field validation is not strict; ${f.instead}.`,
    };
  } else if (f.deprecated !== undefined && minor >= f.deprecated) {
    const removal = f.removed !== undefined ? ` and removed in 1.${f.removed}` : '';
    finding = {
      severity: 'warning',
      code: 'deprecated-field',
      message: f.deprecatedNote
        ? `${path} is ${f.deprecatedNote}; ${f.instead}.`
        : `${path} is deprecated since Kubernetes 1.${f.deprecated}${removal} ${at}; ${f.instead}.`,
      tags: ['deprecated'],
    };
  } else {
    return undefined;
  }
  const fix = fieldFix(md, f, parent, pair, finding.code === 'removed-field');
  return { range: rangeOfNode(md, pair.key as Node), ...finding, ...(fix ? { fixes: [fix] } : {}) };
}

function fieldFix(md: ManifestDoc, f: FieldLifecycle, parent: YAMLMap, pair: Pair<Node, Node | null>, removed: boolean): Fix | undefined {
  const key = pair.key;
  if (!f.fix || !isScalar(key) || !key.range) return undefined;
  switch (f.fix.kind) {
    case 'remove': {
      // the key and its whole value (a block list's lines too); preferred when the field is gone at the target
      const edit = removePairEdit(md, pair);
      return edit && toFix(md, f.fix.title ?? `Remove \`${f.field}\``, [edit], removed);
    }
    case 'rename': {
      if (pairOf(parent, f.fix.to)) return undefined; // both set: which one to keep is the user's call
      return toFix(md, `Rename \`${f.field}\` to \`${f.fix.to}\``, [{ start: key.range[0], end: key.range[1], text: f.fix.to }], true);
    }
    case 'rename-to-list': {
      const value = pair.value;
      if (pairOf(parent, f.fix.to) || !isScalar(value) || value.value === null || !value.range) return undefined;
      const source = md.text.slice(value.range[0], value.range[1]);
      return toFix(
        md,
        `Replace with \`${f.fix.to}: [${source}]\``,
        [
          { start: key.range[0], end: key.range[1], text: f.fix.to },
          { start: value.range[0], end: value.range[1], text: `[${source}]` },
        ],
        true,
      );
    }
  }
}

/** Deletes a block mapping entry's whole lines (its key starts a line); undefined for other layouts. */
function removePairEdit(md: ManifestDoc, pair: Pair<Node, Node | null>): OffsetEdit | undefined {
  const key = pair.key;
  if (!key.range) return undefined;
  const text = md.text;
  const lineStart = text.lastIndexOf('\n', key.range[0] - 1) + 1;
  if (text.slice(lineStart, key.range[0]).trim() !== '') return undefined;
  const valueEnd = pair.value?.range?.[1] ?? key.range[1];
  let end = valueEnd;
  if (text[end - 1] !== '\n') {
    const nl = text.indexOf('\n', end);
    end = nl === -1 ? text.length : nl + 1;
  }
  return { start: lineStart, end, text: '' };
}
