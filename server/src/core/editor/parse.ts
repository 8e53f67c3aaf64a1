// The documents of an open file for the editor features (hover, completion, outline, inlay hints): the linter's
// cached parse of each document when it has one (keyed by the document's text), else a parse here. Positions in a
// ManifestDoc are relative to its first line; `startLine` places it in the file.
import { isEmptyChunk, parseChunk, splitDocuments, type ManifestDoc } from '../documents';
import type { Position, Range } from '../types';

export function parseFile(text: string, lookup: (documentText: string) => ManifestDoc | undefined = () => undefined): ManifestDoc[] {
  const out: ManifestDoc[] = [];
  let index = 0;
  for (const chunk of splitDocuments(text)) {
    if (isEmptyChunk(chunk.text)) continue;
    const cached = lookup(chunk.text);
    // a cached model may come from another place in the file (or another file): only its place changes
    const md = cached ? { ...cached, startLine: chunk.startLine, index } : parseChunk(chunk, index);
    out.push(md);
    index++;
  }
  return out;
}

/** A chunk-relative range placed in the file. */
export function inFile(md: ManifestDoc, r: Range): Range {
  return { start: { line: r.start.line + md.startLine, character: r.start.character }, end: { line: r.end.line + md.startLine, character: r.end.character } };
}

/** The document a file position falls in, and the character offset inside its text. */
export function docAt(docs: readonly ManifestDoc[], pos: Position): { md: ManifestDoc; offset: number } | undefined {
  let found: ManifestDoc | undefined;
  for (const md of docs) {
    if (md.startLine <= pos.line) found = md;
    else break;
  }
  if (!found) return undefined;
  const line = pos.line - found.startLine;
  let offset = 0;
  for (let i = 0; i < line; i++) {
    const nl = found.text.indexOf('\n', offset);
    if (nl === -1) return undefined;
    offset = nl + 1;
  }
  const nl = found.text.indexOf('\n', offset);
  const lineEnd = nl === -1 ? found.text.length : nl;
  return { md: found, offset: Math.min(offset + pos.character, lineEnd) };
}
