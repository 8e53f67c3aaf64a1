// Where a resource is written in a YAML file: the document whose kind, metadata.name and namespace match (a
// document without a namespace matches the namespace it would be applied to). Pure, for "Reveal Manifest".
import { isMap, isScalar, LineCounter, parseAllDocuments, type Document } from 'yaml';

export interface Located {
  /** 0-based line and character of `metadata.name`'s value (or of the document's start) */
  line: number;
  character: number;
}

function str(doc: Document, path: string[]): string | undefined {
  const v = doc.getIn(path, true);
  return isScalar(v) && typeof v.value === 'string' ? v.value : undefined;
}

/** Cheap pre-filter: only files that mention both the kind and the name are parsed. */
export function mayContain(text: string, kind: string, name: string): boolean {
  return text.includes(kind) && text.includes(name);
}

export function locateResource(text: string, kind: string, name: string, namespace: string, defaultNamespace = 'default'): Located | undefined {
  const lc = new LineCounter();
  let docs: Document[];
  try {
    // no alias expansion here: only scalars are read
    docs = parseAllDocuments(text, { lineCounter: lc, uniqueKeys: false }) as Document[];
  } catch {
    return undefined;
  }
  for (const doc of docs) {
    if (!isMap(doc.contents)) continue;
    if (str(doc, ['kind']) !== kind || str(doc, ['metadata', 'name']) !== name) continue;
    const ns = str(doc, ['metadata', 'namespace']) ?? defaultNamespace;
    if (ns !== namespace) continue;
    const node = doc.getIn(['metadata', 'name'], true);
    const offset = isScalar(node) && node.range ? node.range[0] : (doc.contents.range?.[0] ?? 0);
    const pos = lc.linePos(offset);
    return { line: pos.line - 1, character: pos.col - 1 };
  }
  return undefined;
}
