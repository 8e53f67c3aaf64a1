// Positions for the editor features (hover, completion, outline, inlay hints): a ManifestDoc's positions are relative
// to its first line; `startLine` places it in the file (the documents come from documents.ts `parseDocuments`).
import type { ManifestDoc } from '../documents';
import type { Position, Range } from '../types';

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
