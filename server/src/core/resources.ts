// The Kubernetes objects of a file, with where they are: what the editor needs to put live state above a document
// (CodeLens), compare it with the cluster and hint at drift, without parsing the YAML a second time. Pure: the
// language server hands in its cached parse of each document (`lookup`); documents it has not parsed yet are parsed
// here once.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { mapAt, pairOf, parseDocuments, rangeOfKey, rangeOfNode, scalarString, type ManifestDoc } from './documents';
import type { Range } from './types';

/** Where a field of interest is, by its dotted path (`spec.replicas`, `spec.template.spec.containers[0].image`). */
export interface FieldRange {
  path: string;
  /** the key for mappings and lists (`steps:`), the value for scalars (`image: x` → `x`) */
  range: Range;
  /** the scalar value as written, when it is one */
  value?: string;
  /** for a container's `image`: the container's name */
  container?: string;
}

export interface ManifestResource {
  /** 0-based index among the file's non-empty documents */
  index: number;
  apiVersion: string;
  kind: string;
  name: string;
  /** `metadata.namespace` when the document sets it */
  namespace?: string;
  /** the document's content in the file (from its first key to its last value) */
  range: Range;
  /** the value of `metadata.name` */
  nameRange: Range;
  /** the document as JSON data (Rollouts, HPAs and Services); absent when it has YAML errors or cannot be expanded
   * safely */
  object?: Record<string, unknown>;
  /** true when the document has YAML syntax errors (its ranges are still those of what was read) */
  broken: boolean;
  fields: FieldRange[];
}

/** Kinds whose documents come with their data (what Compare with Live and the drift hints read); others are listed
 * by name and range only, so a large file of other objects costs no conversion. */
const DATA_KINDS: ReadonlySet<string> = new Set(['Rollout', 'HorizontalPodAutoscaler', 'Service']);

/** Aliases beyond this are not expanded (an alias bomb stays a small error, not gigabytes). */
const MAX_ALIAS_COUNT = 100;

const shiftRange = (r: Range, lines: number): Range => ({
  start: { line: r.start.line + lines, character: r.start.character },
  end: { line: r.end.line + lines, character: r.end.character },
});

function fieldsOf(md: ManifestDoc, root: YAMLMap): FieldRange[] {
  const out: FieldRange[] = [];
  const key = (path: string, map: YAMLMap | undefined, k: string) => {
    const pair = pairOf(map, k);
    if (!pair) return;
    const f: FieldRange = { path, range: rangeOfKey(md, pair) };
    if (isScalar(pair.value)) f.value = String(pair.value.value);
    out.push(f);
  };
  const spec = mapAt(root, 'spec');
  key('spec.replicas', spec, 'replicas');
  key('spec.strategy.canary.steps', mapAt(root, 'spec', 'strategy', 'canary'), 'steps');
  const podSpec = mapAt(root, 'spec', 'template', 'spec');
  for (const list of ['initContainers', 'containers']) {
    const seq = pairOf(podSpec, list)?.value;
    if (!isSeq(seq)) continue;
    seq.items.forEach((item, i) => {
      if (!isMap(item)) return;
      const pair = pairOf(item, 'image');
      if (!pair || !isScalar(pair.value)) return;
      const name = scalarString(pairOf(item, 'name')?.value);
      out.push({
        path: `spec.template.spec.${list}[${i}].image`,
        range: rangeOfNode(md, pair.value as Node),
        value: String(pair.value.value),
        ...(name ? { container: name } : {}),
      });
    });
  }
  return out;
}

function resourceOf(md: ManifestDoc, startLine: number, index: number): ManifestResource | undefined {
  const root = md.root;
  if (!root || md.unparsed || !md.apiVersion || !md.kind) return undefined;
  const meta = mapAt(root, 'metadata');
  const namePair = pairOf(meta, 'name');
  const name = scalarString(namePair?.value);
  if (!name || !namePair) return undefined;
  const namespace = scalarString(pairOf(meta, 'namespace')?.value);
  const broken = md.doc.errors.length > 0;
  let object: Record<string, unknown> | undefined;
  if (!broken && DATA_KINDS.has(md.kind)) {
    try {
      const js: unknown = md.doc.toJS({ maxAliasCount: MAX_ALIAS_COUNT });
      if (js && typeof js === 'object' && !Array.isArray(js)) object = js as Record<string, unknown>;
    } catch {
      // too many aliases: no data, the ranges still serve
    }
  }
  return {
    index,
    apiVersion: md.apiVersion,
    kind: md.kind,
    name,
    ...(namespace ? { namespace } : {}),
    range: shiftRange(rangeOfNode(md, root), startLine),
    nameRange: shiftRange(rangeOfNode(md, namePair.value as Node), startLine),
    ...(object ? { object } : {}),
    broken,
    fields: fieldsOf(md, root).map((f) => ({ ...f, range: shiftRange(f.range, startLine) })),
  };
}

/**
 * The objects of a YAML file (every document with a string `apiVersion`, `kind` and `metadata.name`), in file order.
 * `lookup` returns the already-parsed model of a document's text (the linter's cache), or undefined to parse it here.
 */
export function listResources(text: string, lookup: (documentText: string) => ManifestDoc | undefined = () => undefined): ManifestResource[] {
  const out: ManifestResource[] = [];
  for (const md of parseDocuments(text, lookup)) {
    const r = resourceOf(md, md.startLine, md.index);
    if (r) out.push(r);
  }
  return out;
}
