// Splits a YAML file into its documents and parses each one on its own, so that an edit re-parses only the document
// it touches (the cache is keyed by the document's text). Positions inside a document are relative to its first line;
// the engine shifts them by `startLine` when it reports them.
import { Schema, parseDocument, isCollection, isMap, isScalar, isSeq, isPair, type Document, type Node, type Pair, type ScalarTag, type Tags, type YAMLMap } from 'yaml';
import type { Position, Range } from './types';
import { composeDocument } from './compose';

export interface ManifestDoc {
  /** The document's own text, from its `---` line (inclusive) to the next marker (exclusive). */
  text: string;
  /** 0-based line in the file where `text` starts. */
  startLine: number;
  /** 0-based index among the file's documents. */
  index: number;
  doc: Document.Parsed;
  /** Line and column of an offset in `text` (1-based, as yaml's LineCounter): computed on first use. */
  lineCounter: LineStarts;
  /** Top-level `apiVersion` / `kind` when they are plain strings. */
  apiVersion?: string;
  kind?: string;
  /** The root mapping, when the document is a mapping. */
  root?: YAMLMap;
  /** Set when the text was not parsed at all (nested too deep, or the parser failed): `doc` is then empty. */
  unparsed?: { offset: number; message: string };
}

export interface Chunk {
  text: string;
  startLine: number;
}

const MARKER = /^---(?:[ \t\r]|$)/;

/** Cuts a file at its `---` lines (a marker at column 0 always ends a YAML document, even inside a block scalar). */
export function splitDocuments(text: string): Chunk[] {
  const chunks: Chunk[] = [];
  let chunkStart = 0;
  let chunkLine = 0;
  let line = 0;
  let pos = 0;
  while (pos <= text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const c = text.charCodeAt(pos);
    if (pos > chunkStart && c === 45 /* - */ && MARKER.test(text.slice(pos, Math.min(end, pos + 4)))) {
      chunks.push({ text: text.slice(chunkStart, pos), startLine: chunkLine });
      chunkStart = pos;
      chunkLine = line;
    }
    if (nl === -1) break;
    pos = nl + 1;
    line++;
  }
  chunks.push({ text: text.slice(chunkStart), startLine: chunkLine });
  return chunks;
}

/**
 * The part of a file the engine checks when it is longer than `maxTextLength`: up to the last document boundary
 * before the bound (a document cut in half would get false errors); the whole text when it is within the bound.
 */
export function checkedText(text: string, maxTextLength: number): string {
  if (text.length <= maxTextLength) return text;
  const cut = text.lastIndexOf('\n---', maxTextLength);
  return cut > 0 ? text.slice(0, cut + 1) : '';
}

/** True when a chunk holds nothing but blank lines, comments, markers and directives. */
export function isEmptyChunk(text: string): boolean {
  return /^(?:\s*(?:#.*|---|\.\.\.|%.*)?[ \t]*(?:\r?\n|$))*$/.test(text);
}

/**
 * Documents whose nesting may pass this are not handed to the parser. The `yaml` library recurses once per level
 * (a few hundred levels of `[` overflow its stack, and near the stack's end V8 can even abort the whole process while
 * compiling a regular expression), while no Kubernetes manifest nests deeper than about 20 levels.
 */
export const MAX_NESTING = 100;

/**
 * Where an upper bound of the document's nesting first passes `limit` (a character offset), or -1. One pass over the
 * text, no parsing: every `- ` / `? ` indicator, every line holding a `key:` and every flow bracket counts as a level,
 * a line ends the levels of the lines at its indentation or deeper, and quoted scalars, comments and block scalars are
 * skipped. It overcounts (a `- key:` line counts twice) but never undercounts, so a document it lets through is safe
 * to parse.
 */
export function nestingBeyond(text: string, limit = MAX_NESTING): number {
  return nestingBound(text) <= limit ? -1 : nestingAt(text, limit);
}

/**
 * A cheaper, coarser bound than `nestingAt`'s, read from line starts only: the lines open at once have strictly
 * increasing indentation (at most the deepest indentation + 1 of them), each counts its leading `- ` / `? `
 * indicators and one key, and every `[` or `{` of the text may open a flow level. A manifest stays far below the
 * limit, so the exact pass over every character runs only for documents that are deeply indented or full of brackets.
 */
function nestingBound(text: string): number {
  let maxIndent = 0;
  let maxLead = 0;
  let pos = 0;
  const n = text.length;
  while (pos < n) {
    let i = pos;
    while (text.charCodeAt(i) === 32) i++;
    if (i - pos > maxIndent) maxIndent = i - pos;
    let lead = 0;
    for (;;) {
      const c = text.charCodeAt(i);
      if (c !== 45 && c !== 63) break; // - ?
      const next = text.charCodeAt(i + 1);
      if (!(i + 1 >= n || next === 32 || next === 9 || next === 13 || next === 10)) break;
      lead++;
      i++;
      while (text.charCodeAt(i) === 32 || text.charCodeAt(i) === 9) i++;
    }
    if (lead > maxLead) maxLead = lead;
    const nl = text.indexOf('\n', i);
    if (nl === -1) break;
    pos = nl + 1;
  }
  let brackets = 0;
  for (let i = text.indexOf('['); i !== -1; i = text.indexOf('[', i + 1)) brackets++;
  for (let i = text.indexOf('{'); i !== -1; i = text.indexOf('{', i + 1)) brackets++;
  return (maxIndent + 1) * (maxLead + 1) + brackets;
}

/** The exact pass of `nestingBeyond`. */
function nestingAt(text: string, limit: number): number {
  const stack: Array<{ indent: number; levels: number }> = [];
  let sum = 0;
  let flow = 0;
  let quote = ''; // the quote character of a quoted scalar that runs on
  let blockScalarIndent = -1; // while >= 0, lines indented deeper belong to a block scalar
  let pos = 0;
  while (pos < text.length) {
    const nl = text.indexOf('\n', pos);
    const end = nl === -1 ? text.length : nl;
    const lineStart = pos;
    const line = text.slice(pos, end);
    pos = end + 1;
    let i = 0;
    while (line[i] === ' ') i++;
    const indent = i;
    const blank = i >= line.length || line[i] === '#' || line[i] === '\r';
    if (blockScalarIndent >= 0) {
      if (blank || indent > blockScalarIndent) continue;
      blockScalarIndent = -1;
    }
    const block = flow === 0 && quote === '';
    if (blank && block) continue;
    let levels = 0;
    if (block) {
      while (stack.length > 0 && stack[stack.length - 1]!.indent >= indent) sum -= stack.pop()!.levels;
      while ((line[i] === '-' || line[i] === '?') && (i + 1 >= line.length || /[ \t\r]/.test(line[i + 1]!))) {
        levels++;
        i++;
        while (line[i] === ' ' || line[i] === '\t') i++;
      }
    }
    let tokenStart = true;
    let hasKey = false;
    let contentEnd = line.length;
    for (; i < line.length; i++) {
      const c = line[i]!;
      if (quote !== '') {
        if (c === '\\' && quote === '"') i++;
        else if (c === quote) {
          if (quote === "'" && line[i + 1] === "'") i++;
          else {
            quote = '';
            tokenStart = false;
          }
        }
        continue;
      }
      if (c === '#' && (i === 0 || line[i - 1] === ' ' || line[i - 1] === '\t')) {
        contentEnd = i;
        break;
      }
      if ((c === '"' || c === "'") && tokenStart) {
        quote = c;
      } else if ((c === '[' || c === '{') && (flow > 0 || tokenStart)) {
        flow++;
        if (sum + levels + flow > limit) return lineStart + i;
      } else if ((c === ']' || c === '}') && flow > 0) {
        flow--;
        tokenStart = false;
      } else if (c === ',' && flow > 0) {
        tokenStart = true;
      } else if (c === ':' && flow === 0 && (i + 1 >= line.length || /[ \t\r]/.test(line[i + 1]!))) {
        hasKey = true;
        tokenStart = true;
      } else if (c !== ' ' && c !== '\t') {
        tokenStart = false;
      }
    }
    if (block) {
      if (hasKey) levels++;
      if (levels > 0) {
        stack.push({ indent, levels });
        sum += levels;
        if (sum + flow > limit) return lineStart + indent;
      }
      if (flow === 0 && quote === '' && /(?:^|[ \t])[|>][-+0-9]*[ \t\r]*$/.test(line.slice(0, contentEnd))) blockScalarIndent = indent;
    }
  }
  return -1;
}

/**
 * The patterns of yaml's core schema that can make a plain scalar something other than a string (yaml 2.8,
 * `schema/common/null.js`, `schema/core/{bool,int,float}.js`): null, bool, octal, decimal and hexadecimal integers,
 * infinity and NaN, exponent and plain floats. Each can only match a scalar that is empty or starts with one of
 * `~ n N t T f F 0-9 + - .`.
 */
const CORE_TESTS: ReadonlySet<string> = new Set([
  '^(?:~|[Nn]ull|NULL)?$',
  '^(?:[Tt]rue|TRUE|[Ff]alse|FALSE)$',
  '^0o[0-7]+$',
  '^[-+]?[0-9]+$',
  '^0x[0-9a-fA-F]+$',
  '^(?:[-+]?\\.(?:inf|Inf|INF)|\\.nan|\\.NaN|\\.NAN)$',
  '^[-+]?(?:\\.[0-9]+|[0-9]+(?:\\.[0-9]*)?)[eE][-+]?[0-9]+$',
  '^[-+]?(?:\\.[0-9]+|[0-9]+\\.[0-9]*)$',
]);

/** A scalar no core pattern can match: not empty, and not starting with `~ n N t T f F 0-9 + - .` (nor `<`). */
const SURELY_STRING = /^[^~nNtTfF0-9+\-.<]/;

/**
 * The schema's tags with a shortcut first: a plain scalar no core pattern can match is a string, said at once, where
 * yaml tries up to eight regular expressions on it first (~4 % of a parse: most keys and values of a manifest start
 * with another letter). The shortcut is yaml's own string tag with that test (its `identify` left out, so what
 * stringifying picks for an untagged string is unchanged): it takes exactly the scalars that would fall through to
 * the string tag, to the same string; `<` is left to the schema, for a `<<` merge key. When the tags hold a pattern
 * the shortcut does not know (another yaml version), they are taken as they are. Called when a schema is built:
 * once for the shared one below, and for each document that has its own.
 */
export function withPlainStrings(tags: Tags): Tags {
  let str: ScalarTag | undefined;
  for (const t of tags) {
    if (typeof t === 'string' || ('test' in t && t.test !== undefined && !CORE_TESTS.has(t.test.source))) return tags;
    if (t.tag === 'tag:yaml.org,2002:str' && !t.collection) str = t as ScalarTag;
  }
  if (!str) return tags;
  const { identify: _identify, ...rest } = str;
  return [{ ...rest, test: SURELY_STRING }, ...tags];
}

export const PARSE_OPTIONS = {
  prettyErrors: false,
  keepSourceTokens: false,
  // the yaml library compares each key with every earlier one (quadratic: minutes for a 100,000-key map);
  // duplicateKeys() below does the same check in one pass
  uniqueKeys: false,
  strict: true,
  customTags: withPlainStrings,
} as const;

/**
 * One schema for every document (yaml's documented `schema` option takes a Schema), where yaml would build one per
 * document: its tags, the shortcut's vetting of them, its known-tag table (~1 % of a check of 100 documents, measured).
 * Sharing it changes nothing a document reads: yaml adds a tag it meets by name (`!!binary`, `!!set`, …) to the
 * schema's tags, once, with `default: false`, so later documents still type untagged scalars by the core patterns,
 * and resolve that explicit tag as they would have. Not for a document with a `%` directive: `%YAML 1.1` chooses
 * yaml's 1.1 schema, which a schema given here would override.
 */
export const SHARED_SCHEMA_OPTIONS = { ...PARSE_OPTIONS, schema: new Schema({ ...PARSE_OPTIONS, resolveKnownTags: true, schema: 'core' }) };

/** A line starting with `%`: a YAML directive (or a broken line the parser reports either way). */
function hasDirectiveLine(text: string): boolean {
  return text.charCodeAt(0) === 37 /* % */ || text.includes('\n%');
}

/** The options a document is parsed with: the shared schema, unless a `%` directive may choose another. */
export function parseOptionsFor(text: string): typeof PARSE_OPTIONS {
  return hasDirectiveLine(text) ? PARSE_OPTIONS : SHARED_SCHEMA_OPTIONS;
}

/**
 * yaml's LineCounter, filled by the lexer at every newline of every document, while positions are wanted only for
 * the few nodes a finding names: the line starts are found when first asked for (one `indexOf` pass).
 */
export class LineStarts {
  private starts: number[] | undefined;
  constructor(private readonly text: string) {}

  linePos(offset: number): { line: number; col: number } {
    let starts = this.starts;
    if (!starts) {
      starts = [0];
      const text = this.text;
      for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) starts.push(i + 1);
      this.starts = starts;
    }
    let low = 0;
    let high = starts.length;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (offset < starts[mid]!) high = mid;
      else low = mid + 1;
    }
    // starts[low - 1] <= offset < starts[low]
    return { line: low, col: offset - starts[low - 1]! + 1 };
  }
}

export function parseChunk(chunk: Chunk, index: number): ManifestDoc {
  const lineCounter = new LineStarts(chunk.text);
  let unparsed: ManifestDoc['unparsed'];
  let doc: Document.Parsed | undefined;
  const deep = nestingBeyond(chunk.text);
  if (deep >= 0) {
    unparsed = {
      offset: deep,
      message: `This document nests more than ${MAX_NESTING} levels deep here; it was not parsed (no Kubernetes manifest comes close)`,
    };
  } else {
    try {
      doc = composeDocument(chunk.text, parseOptionsFor(chunk.text));
    } catch (err) {
      // a last line of defence: whatever the parser throws stays inside this document
      unparsed = { offset: 0, message: `The YAML parser failed on this document: ${err instanceof Error ? err.message : String(err)}` };
    }
  }
  if (!doc) {
    doc = parseDocument('', PARSE_OPTIONS) as Document.Parsed;
  }
  const md: ManifestDoc = { text: chunk.text, startLine: chunk.startLine, index, doc, lineCounter };
  if (unparsed) {
    md.unparsed = unparsed;
    return md;
  }
  if (isMap(doc.contents)) {
    md.root = doc.contents;
    md.apiVersion = scalarString(doc.contents.get('apiVersion', true));
    md.kind = scalarString(doc.contents.get('kind', true));
  }
  return md;
}

export function scalarString(node: unknown): string | undefined {
  return isScalar(node) && typeof node.value === 'string' ? node.value : undefined;
}

/** A scalar's value as text, as it is written: a string, or a number or boolean spelled out (a key `80:`, `name: true`). */
export function scalarText(node: unknown): string | undefined {
  if (!isScalar(node)) return undefined;
  const v = node.value;
  return typeof v === 'string' ? v : typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
}

export function scalarNumber(node: unknown): number | undefined {
  return isScalar(node) && typeof node.value === 'number' ? node.value : undefined;
}

/** `{{ … }}` (Helm, Go templates) or `{% … %}` (Jinja) outside a comment. */
export const TEMPLATE_MARKER = /^(?:[^#\n]|\S#)*?(\{\{|\{%)/m;

export function hasTemplateMarker(text: string): boolean {
  return templateMarker(text) !== null;
}

/** `TEMPLATE_MARKER`'s match; the regular expression (tried at every line) runs only when `{{` or `{%` occurs at all. */
export function templateMarker(text: string): RegExpExecArray | null {
  return text.includes('{{') || text.includes('{%') ? TEMPLATE_MARKER.exec(text) : null;
}

/** A column-0 block `kind:` line with a plain or quoted scalar: the document's kind, read without parsing it. */
const TOP_LEVEL_KIND = /^kind:[ \t]*(["']?)([A-Za-z0-9._-]+)\1[ \t]*(?:#.*)?\r?$/gm;

/** The first `max` top-level `kind:` values of a document's text (more than one is a duplicate key). */
export function scanKinds(text: string, max: number): string[] {
  const out: string[] = [];
  TOP_LEVEL_KIND.lastIndex = 0;
  for (let m = TOP_LEVEL_KIND.exec(text); m && out.length < max; m = TOP_LEVEL_KIND.exec(text)) out.push(m[2]!);
  return out;
}

export function scanKind(text: string): string | undefined {
  return scanKinds(text, 1)[0];
}

/** Chunk-relative position of a character offset in the document's text. */
export function positionAt(md: ManifestDoc, offset: number): Position {
  const { line, col } = md.lineCounter.linePos(Math.max(0, Math.min(offset, md.text.length)));
  return { line: line - 1, character: col - 1 };
}

export function rangeOfOffsets(md: ManifestDoc, start: number, end: number): Range {
  return { start: positionAt(md, start), end: positionAt(md, end) };
}

/** The range of a node's value (without trailing comments). */
export function rangeOfNode(md: ManifestDoc, node: Node | null | undefined): Range {
  if (!node || !node.range) return rangeOfOffsets(md, 0, 0);
  return rangeOfOffsets(md, node.range[0], node.range[1]);
}

/** The range of a pair's key, where a finding about a field belongs. */
export function rangeOfKey(md: ManifestDoc, pair: Pair): Range {
  return rangeOfNode(md, pair.key as Node);
}

/** The pair for `key` in a mapping, or undefined. Plain scan: mappings in manifests are small. */
export function pairOf(map: YAMLMap | undefined, key: string): Pair<Node, Node | null> | undefined {
  if (!map) return undefined;
  const items = map.items as Array<Pair<Node | null, Node | null>>;
  for (let i = 0; i < items.length; i++) {
    const item = items[i]!;
    // a scalar key's value (undefined for a collection or alias key): only a match is asked whether it is a scalar,
    // which the rules' many lookups feel; String() only for keys that are no string (a key `80:` is the number 80)
    const v = (item.key as { value?: unknown } | null)?.value;
    if (v === key ? isScalar(item.key) : v !== undefined && typeof v !== 'string' && String(v) === key && isScalar(item.key)) {
      return item as Pair<Node, Node | null>;
    }
  }
  return undefined;
}

/** Follows mapping keys from `map`; undefined when a step is missing or not a mapping. */
export function mapAt(map: YAMLMap | undefined, ...keys: string[]): YAMLMap | undefined {
  let cur: YAMLMap | undefined = map;
  for (let i = 0; i < keys.length; i++) {
    const v = pairOf(cur, keys[i]!)?.value;
    cur = isMap(v) ? v : undefined;
    if (!cur) return undefined;
  }
  return cur;
}

/**
 * Keys that repeat an earlier key of the same mapping (the API server's strict decoding refuses them), in one walk:
 * a small mapping's keys are compared with the earlier ones, a large one's go through a set. Aliases are not
 * followed. Non-scalar keys are compared by their source text. The walk recurses: a document nesting deeper than
 * MAX_NESTING is not parsed.
 */
const SMALL_MAP = 16;

export function duplicateKeys(root: unknown): Node[] {
  const out: Node[] = [];
  duplicatesIn(root, out);
  return out;
}

function duplicatesIn(node: unknown, out: Node[]): void {
  if (isMap(node)) {
    const items = node.items as Array<Pair<Node | null, Node | null>>;
    const n = items.length;
    // a manifest's maps are small: comparing with the earlier keys beats building a set (or an array) for each
    const seen = n > SMALL_MAP ? new Set<unknown>() : undefined;
    for (let i = 0; i < n; i++) {
      const item = items[i]!;
      const key = item.key;
      // a scalar key's value, read directly (a collection or an alias key has none: keyId gives its text)
      const kv = (key as { value?: unknown } | null)?.value;
      const id = kv !== undefined ? kv : keyId(key);
      if (id !== '<<') {
        let repeated = false;
        if (seen) {
          repeated = seen.has(id);
          seen.add(id);
        } else {
          for (let j = 0; j < i && !repeated; j++) {
            const other = items[j]!.key;
            const ov = (other as { value?: unknown } | null)?.value;
            repeated = ov !== undefined ? sameKey(ov, id) : sameKey(keyId(other), id);
          }
        }
        if (repeated) out.push((key ?? item.value) as Node);
      }
      if (key !== null && kv === undefined) duplicatesIn(key, out);
      // only collections hold keys: a scalar value is not visited
      if (isCollection(item.value)) duplicatesIn(item.value, out);
    }
  } else if (isSeq(node)) {
    for (const item of node.items) {
      const v = isPair(item) ? item.value : item;
      if (isCollection(v)) duplicatesIn(v, out);
    }
  }
}

function keyId(key: Node | null): unknown {
  return isScalar(key) ? key.value : key ? String(key) : null;
}

/** SameValueZero, as a set compares (a `.nan` key repeats another). */
function sameKey(a: unknown, b: unknown): boolean {
  return a === b || (a !== a && b !== b);
}

/**
 * The documents of a file, each the parsed model `lookup` already has for its text (the linter's cache) placed at
 * its line of this file, else parsed here. Positions in a model are relative to its first line; `startLine` places it.
 */
export function parseDocuments(text: string, lookup: (documentText: string) => ManifestDoc | undefined = () => undefined): ManifestDoc[] {
  const out: ManifestDoc[] = [];
  let index = 0;
  for (const chunk of splitDocuments(text)) {
    if (isEmptyChunk(chunk.text)) continue;
    const cached = lookup(chunk.text);
    // a cached model may come from another place in the file (or another file): only its place changes
    out.push(cached ? { ...cached, startLine: chunk.startLine, index } : parseChunk(chunk, index));
    index++;
  }
  return out;
}
