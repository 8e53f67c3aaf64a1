// What the argo-* rule files share: a finding in the controller's words (located on a value, or on a key when the
// value is missing or beside the point), number and string readings that leave other types to the schema rule, and
// the two minimal quick fixes they offer (replace one scalar keeping its quotes, delete one `key: value` line).
import { isMap, isScalar, Scalar, type Node, type Pair, type YAMLMap } from 'yaml';
import { pairOf, rangeOfKey, rangeOfNode, rangeOfOffsets, type ManifestDoc } from '../documents';
import type { Finding, Fix, Severity } from '../types';

export const INVALID = 'the controller marks the Rollout InvalidSpec (Degraded): ';

export function finding(md: ManifestDoc, node: Node | null | undefined, code: string, message: string, fixes?: Fix[]): Finding {
  return { range: rangeOfNode(md, node), severity: 'error', code, message: `${INVALID}${message}`, ...(fixes ? { fixes } : {}) };
}

/** On `key` of `map` (or on the whole map when the key is absent). */
export function keyFinding(md: ManifestDoc, map: YAMLMap | undefined, key: string, code: string, message: string, severity: Severity = 'error'): Finding {
  const pair = pairOf(map, key);
  const text = severity === 'error' ? `${INVALID}${message}` : message;
  return { range: pair ? rangeOfKey(md, pair) : rangeOfNode(md, map), severity, code, message: text };
}

/** A Go string field's value: the string, '' when absent or null, undefined when it is of another type. */
export function goString(map: YAMLMap | undefined, key: string): string | undefined {
  const v = pairOf(map, key)?.value;
  if (v === undefined || v === null || (isScalar(v) && v.value === null)) return '';
  return isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
}

/** A pointer-to-struct field the controller sees as set: the key holds a mapping (null and absent are nil). */
export function hasMap(map: YAMLMap | undefined, key: string): boolean {
  return isMap(pairOf(map, key)?.value);
}

/** The key holds anything but null (a Go pointer that is set, whatever the schema rule thinks of its shape). */
export function isSet(map: YAMLMap | undefined, key: string): boolean {
  const v = pairOf(map, key)?.value;
  return v !== undefined && v !== null && !(isScalar(v) && v.value === null);
}

/** Replaces a plain or quoted scalar by `text`, keeping its quoting; undefined for block scalars. */
export function replaceFix(md: ManifestDoc, node: unknown, text: string, title: string): Fix[] | undefined {
  if (!isScalar(node) || !node.range) return undefined;
  const q = node.type === Scalar.QUOTE_DOUBLE ? '"' : node.type === Scalar.QUOTE_SINGLE ? "'" : node.type === Scalar.PLAIN ? '' : undefined;
  if (q === undefined) return undefined;
  return [{ title, preferred: true, edits: [{ range: rangeOfNode(md, node), newText: `${q}${text}${q}` }] }];
}

/**
 * Deletes a `key: value` pair that has its line(s) to itself (block style, nothing else before it on its first line),
 * trailing comment included; undefined otherwise (flow style, or a line shared with other content).
 */
export function deletePairFix(md: ManifestDoc, pair: Pair<Node, Node | null> | undefined, title: string): Fix[] | undefined {
  const key = pair?.key;
  if (!pair || !key?.range) return undefined;
  const start = key.range[0];
  const lineStart = md.text.lastIndexOf('\n', start - 1) + 1;
  if (md.text.slice(lineStart, start).trim() !== '') return undefined;
  const end = pair.value && (pair.value as Node).range ? (pair.value as Node).range![1] : key.range[1];
  const nl = md.text.indexOf('\n', end);
  const lineEnd = nl === -1 ? md.text.length : nl + 1;
  if (!/^\s*(#.*)?$/.test(md.text.slice(end, nl === -1 ? md.text.length : nl))) return undefined;
  return [{ title, preferred: true, edits: [{ range: rangeOfOffsets(md, lineStart, lineEnd), newText: '' }] }];
}
