// Completion in a manifest (pure): where the cursor is is read from the lines above it (indentation, `- ` items), not
// from the parse, because the line being typed rarely parses. Offers the field names the schema has at that path (with
// what they mean), allowed values (enums, booleans), well-known label keys in labels and selectors and for
// `topologyKey`, and the names of the Services, Rollouts and AnalysisTemplates of the file and the workspace where a
// field refers to one.
import { isMap, isScalar, isSeq } from 'yaml';
import type { ManifestDoc } from '../documents';
import { schemaFor, type SchemaNode } from '../schema/data';
import { NODE_LABELS, OTHER_OBJECT_LABELS, RECOMMENDED_LABELS } from '../rules/well-known-labels';
import type { Position } from '../types';
import type { WorkspaceLookup } from '../workspace/lookup';
import type { Path } from './cursor';
import { describeField, fieldDescriptions } from './descriptions';
import { docAt } from './parse';

export type CompletionKind = 'field' | 'value' | 'enum' | 'label' | 'reference';

export interface CompletionEntry {
  label: string;
  kind: CompletionKind;
  detail?: string;
  documentation?: string;
  /** Text to insert (default: the label). */
  insertText?: string;
}

interface LineInfo {
  indent: number;
  dashes: number[];
  keyCol?: number;
  key?: string;
}

const KEY = /^("(?:[^"\\]|\\.)*"|'(?:[^']|'')*'|[^\s#'"\-?:][^#]*?|-[^\s][^#]*?)[ \t]*:(?:[ \t]|$)/;

function lineInfo(line: string): LineInfo | undefined {
  let i = 0;
  while (line[i] === ' ') i++;
  if (i >= line.length || line[i] === '#' || line[i] === '\r') return undefined;
  const indent = i;
  const dashes: number[] = [];
  while (line[i] === '-' && (i + 1 >= line.length || line[i + 1] === ' ')) {
    dashes.push(i);
    i++;
    while (line[i] === ' ') i++;
  }
  const m = KEY.exec(line.slice(i));
  const info: LineInfo = { indent, dashes };
  if (m) {
    info.keyCol = i;
    info.key = m[1]!.replace(/^["']|["']$/g, '');
  }
  return info;
}

/** The column where the entry of a line starts: its key, or after its dashes. */
function entryCol(info: LineInfo): number {
  return info.keyCol ?? (info.dashes.length > 0 ? info.dashes[info.dashes.length - 1]! + 2 : info.indent);
}

/**
 * The path of the mapping that holds a key typed at column `col` of line `lineNo` (`itemDash`: the key follows a
 * `- ` at that column on its own line, so it starts a new list item).
 */
export function parentPath(lines: readonly string[], lineNo: number, col: number, itemDash?: number): Path {
  const path: Path = [];
  // looking for the parent of a key at `col` (mode key) or of a list item whose dash is at `col` (mode item, counting
  // the sibling items above it: its index)
  let mode = 'key' as 'key' | 'item';
  let index = 0;
  const enterItem = (dash: number) => {
    path.unshift(0);
    mode = 'item';
    col = dash;
    index = 0;
  };
  if (itemDash !== undefined) enterItem(itemDash);
  for (let i = lineNo - 1; i >= 0; i--) {
    const line = lines[i]!;
    if (/^---(?:\s|$)/.test(line)) break;
    const info = lineInfo(line);
    if (!info) continue;
    const kc = entryCol(info);
    const lastDash = info.dashes[info.dashes.length - 1];
    if (mode === 'key') {
      if (kc > col) continue;
      if (kc === col) {
        // a sibling key; when it follows the `- ` of its line, that item is the mapping that holds the key
        if (lastDash === col - 2 && info.keyCol === col) enterItem(col - 2);
        continue;
      }
    } else {
      if (info.dashes.includes(col)) {
        index++; // a sibling item above
        continue;
      }
      if (kc > col) continue; // inside a sibling item
      path[0] = index;
    }
    // a key at a smaller column (or, for an item, at the dash's column: an indentless list): the parent
    if (info.key === undefined || info.keyCol === undefined) return path;
    path.unshift(info.key);
    if (lastDash !== undefined && lastDash === info.keyCol - 2) enterItem(lastDash);
    else {
      mode = 'key';
      col = info.keyCol;
    }
  }
  if (mode === 'item') path[0] = index;
  return path;
}

/** The schema node at `path` (list indexes go to the items, free maps to their values). */
export function schemaAt(schema: SchemaNode, path: Path): SchemaNode | undefined {
  let cur: SchemaNode | undefined = schema;
  for (const p of path) {
    if (!cur) return undefined;
    cur = typeof p === 'number' ? cur.items : (cur.props?.get(p) ?? cur.values);
  }
  return cur;
}

/** The mapping at `path` in the parsed document, to leave out the keys already there. */
function mapKeysAt(md: ManifestDoc | undefined, path: Path): Set<string> {
  let node: unknown = md?.doc.contents;
  for (const p of path) {
    if (typeof p === 'number') node = isSeq(node) ? node.items[p] : undefined;
    else node = isMap(node) ? node.get(p, true) : undefined;
  }
  const keys = new Set<string>();
  if (isMap(node)) for (const item of node.items) if (isScalar(item.key)) keys.add(String(item.key.value));
  return keys;
}

export interface CompletionInput {
  text: string;
  docs: readonly ManifestDoc[];
  /** Kubernetes minor version of the schemas. */
  minor: number;
  workspace?: WorkspaceLookup;
  file?: string;
}

/** Names of objects of `kinds` in this file and the workspace, each once. */
function namesOf(input: CompletionInput, kinds: readonly string[]): CompletionEntry[] {
  const seen = new Map<string, CompletionEntry>();
  for (const md of input.docs) {
    if (!md.kind || !kinds.includes(md.kind) || !isMap(md.root)) continue;
    const meta = md.root.get('metadata', true);
    const name = isMap(meta) ? meta.get('name', true) : undefined;
    if (isScalar(name) && typeof name.value === 'string' && !seen.has(name.value)) {
      seen.set(name.value, { label: name.value, kind: 'reference', detail: `${md.kind} in this file` });
    }
  }
  for (const kind of kinds) {
    for (const o of input.workspace?.ofKind(kind) ?? []) {
      if (o.file === input.file || seen.has(o.name)) continue;
      seen.set(o.name, { label: o.name, kind: 'reference', detail: `${o.kind}${o.namespace ? ` (${o.namespace})` : ''} in ${o.file.replace(/^.*\//, '')}` });
    }
  }
  return [...seen.values()];
}

/** Which kinds a field names, by its key (and path). */
function referenceKinds(path: Path, key: string): string[] | undefined {
  if (['canaryService', 'stableService', 'activeService', 'previewService'].includes(key)) return ['Service'];
  if (key === 'templateName') return ['AnalysisTemplate', 'ClusterAnalysisTemplate'];
  if (key === 'name' && path[path.length - 1] === 'scaleTargetRef') return ['Rollout'];
  if (key === 'name' && path[path.length - 1] === 'workloadRef') return ['Deployment'];
  return undefined;
}

const LABEL_MAPS = new Set(['labels', 'matchLabels', 'nodeSelector']);

function labelKeys(node: boolean): CompletionEntry[] {
  const keys = node ? NODE_LABELS : [...RECOMMENDED_LABELS, ...OTHER_OBJECT_LABELS.filter((k) => !k.includes('pod-template-hash'))];
  return keys.map((k) => ({ label: k, kind: 'label', detail: node ? 'well-known node label' : 'well-known label' }));
}

function kindOf(md: ManifestDoc | undefined): { apiVersion?: string; kind?: string } {
  if (!md) return {};
  if (md.kind) return { ...(md.apiVersion ? { apiVersion: md.apiVersion } : {}), kind: md.kind };
  // a document that does not parse while it is typed: read the top-level lines
  const kind = /^kind:[ \t]*["']?([A-Za-z]+)/m.exec(md.text)?.[1];
  const apiVersion = /^apiVersion:[ \t]*["']?([A-Za-z0-9./-]+)/m.exec(md.text)?.[1];
  return { ...(apiVersion ? { apiVersion } : {}), ...(kind ? { kind } : {}) };
}

export function completeAt(input: CompletionInput, pos: Position): CompletionEntry[] {
  const lines = input.text.split('\n');
  const line = (lines[pos.line] ?? '').replace(/\r$/, '');
  const prefix = line.slice(0, pos.character);
  const at = docAt(input.docs, pos);
  const md = at?.md;
  const { apiVersion, kind } = kindOf(md);
  const schema = apiVersion && kind ? schemaFor(apiVersion, kind, input.minor)?.schema : undefined;

  // a value: `key: partial`, or `key:` right after the colon (the values then bring their space)
  const valueMatch = /^(\s*)((?:- +)*)([^\s#:][^:#]*?):([ \t]+["']?([^\s"'#]*))?$/.exec(prefix);
  if (valueMatch) {
    const dashes = valueMatch[2]!;
    const keyCol = valueMatch[1]!.length + dashes.length;
    const itemDash = dashes.length > 0 ? keyCol - 2 : undefined;
    const parent = parentPath(lines, pos.line, keyCol, itemDash);
    const key = valueMatch[3]!;
    const space = valueMatch[4] === undefined ? ' ' : '';
    const spaced = (entries: CompletionEntry[]) => (space ? entries.map((e) => ({ ...e, insertText: `${space}${e.insertText ?? e.label}` })) : entries);
    const refs = referenceKinds(parent, key);
    if (refs) return spaced(namesOf(input, refs));
    if (key === 'topologyKey') return spaced(labelKeys(true));
    const node = schema ? schemaAt(schema, [...parent, key]) : undefined;
    if (node?.enum) return spaced(node.enum.map((v) => ({ label: v, kind: 'enum' as const })));
    if (node?.type === 'boolean') return spaced(['true', 'false'].map((v) => ({ label: v, kind: 'value' as const })));
    return [];
  }

  // a key: `  partial` or `- partial`
  const keyMatch = /^(\s*)((?:- +)*)([^\s#:'"]*)$/.exec(prefix);
  if (!keyMatch) return [];
  const dashes = keyMatch[2]!;
  const keyCol = keyMatch[1]!.length + dashes.length;
  const itemDash = dashes.length > 0 ? keyCol - 2 : undefined;
  const path = parentPath(lines, pos.line, keyCol, itemDash);
  const last = path[path.length - 1];
  if (typeof last === 'string' && (LABEL_MAPS.has(last) || (kind === 'Service' && path.join('.') === 'spec.selector'))) {
    return labelKeys(last === 'nodeSelector');
  }
  if (!schema) {
    if (path.length === 0) {
      return ['apiVersion', 'kind', 'metadata', 'spec'].map((f) => ({ label: f, kind: 'field' as const, insertText: `${f}: ` }));
    }
    return [];
  }
  const node = schemaAt(schema, path);
  if (!node?.props) return [];
  const present = mapKeysAt(md, path);
  const docs = fieldDescriptions(apiVersion, kind, path);
  const out: CompletionEntry[] = [];
  for (const [name, sub] of node.props) {
    if (present.has(name) && name !== keyMatch[3]) continue;
    const entry: CompletionEntry = { label: name, kind: 'field', detail: sub.type + (node.required?.includes(name) ? ' (required)' : '') };
    const doc = docs.get(name) ?? describeField(apiVersion, kind, [...path, name]);
    if (doc) entry.documentation = doc;
    entry.insertText = sub.type === 'object' || sub.type === 'array' ? `${name}:` : `${name}: `;
    out.push(entry);
  }
  return out;
}
