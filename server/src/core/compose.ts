// yaml's composer (CST → Document), for the shape nearly every manifest has: block mappings and sequences, one-line
// plain or quoted scalars, comments, blank lines, and one-line flow collections of such scalars (`{}`, `[]`,
// `pause: {duration: 30s}`). It builds the very Document yaml builds (yaml's node classes, its schema's tags, the same
// ranges, comments, flags and property order: test/unit/compose.test.ts compares the two on every fixture, on the
// benchmark's manifests and on thousands of broken variants). Anything else (an anchor, alias or tag, a block or
// multi-line scalar, an escape, a nested or multi-line flow collection, an explicit key, a directive, a tab, and
// whatever yaml would report as an error or a warning) goes to yaml's own composer, from the same CST.
//
// Why: the engine's full check is held to 1.2x yaml's bare parse (docs/bench.md). yaml's composer takes the generic
// path for every node (two regular expressions built per scalar to fold lines a one-line scalar does not have, props
// resolution written for anchors, tags and flow context); this one is about 40 % cheaper on the same documents, and
// the whole parse about 12 % (docs/bench.md, "The composer"). The lexer and parser stay yaml's.
import { Composer, Document, Pair, Parser, Scalar, YAMLMap, YAMLParseError, YAMLSeq, isScalar, parseDocument, type CST, type DocumentOptions, type ParseOptions, type Schema, type SchemaOptions } from 'yaml';

type Options = ParseOptions & DocumentOptions & SchemaOptions;

/** Thrown (never past `composeDocument`) when the document leaves the shape this composer handles. */
const ELSEWHERE: unique symbol = Symbol('leave it to yaml');

/** yaml's `identity.SCALAR`: a schema's default scalar tag (a registered symbol, so the same one yaml uses). */
const SCALAR = Symbol.for('yaml.scalar');

interface ScalarTagLike {
  default?: boolean | 'key';
  test?: RegExp;
  format?: string;
  resolve(value: string, onError: (message: string) => void, options: unknown): unknown;
}

interface Context {
  atKey: boolean;
  atRoot: boolean;
  options: Document['options'];
  schema: Schema;
}

interface Props {
  found: CST.SourceToken | null;
  spaceBefore: boolean;
  comment: string;
  hasNewline: boolean;
  end: number;
}

/** One Directives object for every document (yaml's composer makes one per parse; `atDocument` resets it each time). */
let directives: unknown;

/**
 * `parseDocument(text, options)`, composed here when the document has the common shape, else by yaml's composer from
 * the same CST. `options` must be the engine's (no unique-key check, strict, no pretty errors, a schema without compat
 * tags); with others yaml does it all.
 */
export function composeDocument(text: string, options: Options): Document.Parsed {
  if (!takes(options)) return parseDocument(text, options) as Document.Parsed;
  const tokens = Array.from(new Parser().parse(text));
  return composeTokens(tokens, options) ?? yamlCompose(tokens, text, options);
}

/** The document as yaml would compose it, or undefined when it is not of the common shape (yaml must do it). */
export function composeCommon(text: string, options: Options): Document.Parsed | undefined {
  return takes(options) ? composeTokens(Array.from(new Parser().parse(text)), options) : undefined;
}

function takes(options: Options): boolean {
  return options.uniqueKeys === false && options.strict === true && options.prettyErrors === false && !options.stringKeys && !options.keepSourceTokens;
}

/** What yaml's `parseDocument` does after parsing (without pretty errors): the first document, and an error if more. */
function yamlCompose(tokens: CST.Token[], text: string, options: Options): Document.Parsed {
  let doc: Document.Parsed | undefined;
  for (const next of new Composer(options).compose(tokens, true, text.length)) {
    if (!doc) doc = next as Document.Parsed;
    else if (doc.options.logLevel !== 'silent') {
      doc.errors.push(new YAMLParseError(next.range.slice(0, 2) as [number, number], 'MULTIPLE_DOCS', 'Source contains multiple documents; please use YAML.parseAllDocuments()'));
      break;
    }
  }
  return doc!;
}

function composeTokens(tokens: CST.Token[], options: Options): Document.Parsed | undefined {
  try {
    return compose(tokens, options);
  } catch (err) {
    if (err !== ELSEWHERE) throw err;
    return undefined;
  }
}

function compose(tokens: CST.Token[], options: Options): Document.Parsed {
  let doc: Document.Parsed | undefined;
  let prelude: string[] = [];
  for (const token of tokens) {
    switch (token.type) {
      case 'document':
        if (doc) throw ELSEWHERE; // a second document: yaml reports it
        doc = composeDoc(options, token);
        decorate(doc, prelude, false);
        prelude = [];
        break;
      case 'byte-order-mark':
      case 'space':
        break;
      case 'comment':
      case 'newline':
        prelude.push(token.source);
        break;
      default:
        throw ELSEWHERE; // a directive, a doc-end marker, an error
    }
  }
  if (!doc) throw ELSEWHERE;
  decorate(doc, prelude, true);
  return doc;
}

function composeDoc(options: Options, token: CST.Document): Document.Parsed {
  directives ??= new Document().directives;
  const doc = new Document(undefined, { _directives: directives, ...options } as Options) as Document.Parsed;
  if ((doc.schema as Schema & { compat?: unknown }).compat) throw ELSEWHERE;
  const ctx: Context = { atKey: false, atRoot: true, options: doc.options, schema: doc.schema };
  const { offset, start, value, end } = token;
  const props = resolveProps(start, 'doc-start', offset, true);
  if (props.found) {
    doc.directives.docStart = true;
    if (value && (value.type === 'block-map' || value.type === 'block-seq') && !props.hasNewline) throw ELSEWHERE;
  }
  const contents = value ? composeNode(ctx, value, props) : composeEmptyNode(ctx, props.end, start, props);
  doc.contents = contents as Document.Parsed['contents'];
  const contentEnd = contents.range![2];
  const re = resolveEnd(end, contentEnd, false);
  if (re.comment) doc.comment = re.comment;
  doc.range = [offset, contentEnd, re.offset];
  return doc;
}

/** The comments before and after the document (yaml's `Composer.decorate` and `parsePrelude`, without directives). */
function decorate(doc: Document.Parsed, prelude: string[], afterDoc: boolean): void {
  let comment = '';
  let atComment = false;
  let afterEmptyLine = false;
  for (const source of prelude) {
    if (source[0] === '#') {
      comment += (comment === '' ? '' : afterEmptyLine ? '\n\n' : '\n') + (source.substring(1) || ' ');
      atComment = true;
      afterEmptyLine = false;
    } else {
      if (!atComment) afterEmptyLine = true;
      atComment = false;
    }
  }
  if (comment) {
    const dc = doc.contents;
    if (afterDoc) doc.comment = doc.comment ? `${doc.comment}\n${comment}` : comment;
    else if (afterEmptyLine || doc.directives.docStart || !dc) doc.commentBefore = comment;
    else if ((dc instanceof YAMLMap || dc instanceof YAMLSeq) && !dc.flow && dc.items.length > 0) {
      const first = dc.items[0] as Pair<Scalar> | Scalar;
      const it = first instanceof Pair ? first.key : first;
      const cb = it.commentBefore;
      it.commentBefore = cb ? `${comment}\n${cb}` : comment;
    } else {
      const cb = dc.commentBefore;
      dc.commentBefore = cb ? `${comment}\n${cb}` : comment;
    }
  }
  if (!afterDoc) {
    doc.errors = [];
    doc.warnings = [];
  }
}

/** yaml's `resolveProps` for the tokens this composer takes: spaces without tabs, comments, newlines, one indicator. */
function resolveProps(tokens: CST.SourceToken[], indicator: CST.SourceToken['type'], offset: number, startOnNewline: boolean): Props {
  let spaceBefore = false;
  let atNewline = startOnNewline;
  let hasSpace = startOnNewline;
  let comment = '';
  let commentSep = '';
  let hasNewline = false;
  let found: CST.SourceToken | null = null;
  for (const token of tokens) {
    switch (token.type) {
      case 'space':
        if (token.source.includes('\t')) throw ELSEWHERE;
        hasSpace = true;
        break;
      case 'comment': {
        if (!hasSpace) throw ELSEWHERE;
        const cb = token.source.substring(1) || ' ';
        comment = comment ? comment + commentSep + cb : cb;
        commentSep = '';
        atNewline = false;
        break;
      }
      case 'newline':
        if (atNewline) {
          if (comment) comment += token.source;
          else if (!found || indicator !== 'seq-item-ind') spaceBefore = true;
        } else commentSep += token.source;
        atNewline = true;
        hasNewline = true;
        hasSpace = true;
        break;
      default:
        if (token.type !== indicator || found) throw ELSEWHERE;
        found = token;
        atNewline = indicator === 'seq-item-ind' || indicator === 'explicit-key-ind';
        hasSpace = false;
    }
  }
  const last = tokens[tokens.length - 1];
  return { found, spaceBefore, comment, hasNewline, end: last ? last.offset + last.source.length : offset };
}

/** yaml's `resolveEnd`: the comment after a node and the offset where its trailing space ends. */
function resolveEnd(end: CST.SourceToken[] | undefined, offset: number, reqSpace: boolean): { comment: string; offset: number } {
  let comment = '';
  if (end) {
    let hasSpace = false;
    let sep = '';
    for (const { source, type } of end) {
      switch (type) {
        case 'space':
          hasSpace = true;
          break;
        case 'comment': {
          if (reqSpace && !hasSpace) throw ELSEWHERE;
          const cb = source.substring(1) || ' ';
          comment = comment ? comment + sep + cb : cb;
          sep = '';
          break;
        }
        case 'newline':
          if (comment) sep += source;
          hasSpace = true;
          break;
        default:
          throw ELSEWHERE;
      }
      offset += source.length;
    }
  }
  return { comment, offset };
}

type Composed = Scalar | YAMLMap | YAMLSeq;

function composeNode(ctx: Context, token: CST.Token, props: Props): Composed {
  let node: Composed;
  switch (token.type) {
    case 'scalar':
    case 'single-quoted-scalar':
    case 'double-quoted-scalar':
      node = composeScalar(ctx, token);
      break;
    case 'block-map':
      node = composeBlockMap(ctx, token);
      break;
    case 'block-seq':
      node = composeBlockSeq(ctx, token);
      break;
    case 'flow-collection':
      node = composeFlow(ctx, token);
      break;
    default:
      throw ELSEWHERE;
  }
  if (props.spaceBefore) node.spaceBefore = true;
  if (props.comment) {
    if (token.type === 'scalar' && token.source === '') node.comment = props.comment;
    else node.commentBefore = props.comment;
  }
  return node;
}

/** yaml's `emptyScalarPosition`: an absent value sits after the last token that is not space, comment or newline. */
function emptyScalarPosition(offset: number, before: CST.SourceToken[] | undefined): number {
  if (!before) return offset;
  for (let i = before.length - 1; i >= 0; --i) {
    let st: CST.SourceToken | undefined = before[i]!;
    if (st.type === 'space' || st.type === 'comment' || st.type === 'newline') {
      offset -= st.source.length;
      continue;
    }
    st = before[++i];
    while (st?.type === 'space') {
      offset += st.source.length;
      st = before[++i];
    }
    break;
  }
  return offset;
}

function composeEmptyNode(ctx: Context, offset: number, before: CST.SourceToken[] | undefined, props: Props): Scalar {
  const token: CST.FlowScalar = { type: 'scalar', offset: emptyScalarPosition(offset, before), indent: -1, source: '' };
  const node = composeScalar(ctx, token);
  if (props.spaceBefore) node.spaceBefore = true;
  if (props.comment) {
    node.comment = props.comment;
    node.range![2] = props.end;
  }
  return node;
}

function composeScalar(ctx: Context, token: CST.FlowScalar): Scalar {
  const { offset, type, source, end } = token;
  let value: string;
  let scalarType: Scalar.Type;
  if (source.includes('\n') || source.includes('\r')) throw ELSEWHERE; // folded lines
  switch (type) {
    case 'scalar': {
      const c = source[0];
      if (c === '\t' || c === ',' || c === '%' || c === '|' || c === '>' || c === '@' || c === '`') throw ELSEWHERE;
      value = source;
      scalarType = Scalar.PLAIN;
      break;
    }
    case 'single-quoted-scalar':
      if (source.length < 2 || source[source.length - 1] !== "'") throw ELSEWHERE;
      value = source.slice(1, -1);
      if (value.includes("''")) value = value.replace(/''/g, "'");
      scalarType = Scalar.QUOTE_SINGLE;
      break;
    case 'double-quoted-scalar':
      if (source.length < 2 || source[source.length - 1] !== '"' || source.includes('\\')) throw ELSEWHERE;
      value = source.slice(1, -1);
      scalarType = Scalar.QUOTE_DOUBLE;
      break;
    default:
      throw ELSEWHERE; // an alias
  }
  const valueEnd = offset + source.length;
  const re = resolveEnd(end, valueEnd, ctx.options.strict);
  const schema = ctx.schema as Schema & { [SCALAR]: ScalarTagLike };
  const atKey = ctx.atKey;
  const tag =
    type === 'scalar'
      ? ((schema.tags as ScalarTagLike[]).find((t) => (t.default === true || (atKey && t.default === 'key')) && t.test?.test(value)) ?? schema[SCALAR])
      : schema[SCALAR];
  let resolved: unknown;
  try {
    resolved = tag.resolve(value, () => {
      throw ELSEWHERE;
    }, ctx.options);
  } catch {
    throw ELSEWHERE;
  }
  const scalar = isScalar(resolved) ? resolved : new Scalar(resolved);
  scalar.range = [offset, valueEnd, re.offset];
  scalar.source = value;
  scalar.type = scalarType;
  if (tag.format) scalar.format = tag.format;
  if (re.comment) scalar.comment = re.comment;
  return scalar;
}

function composeBlockMap(ctx: Context, bm: CST.BlockMap): YAMLMap {
  const map = new YAMLMap(ctx.schema);
  if (ctx.atRoot) ctx.atRoot = false;
  let offset = bm.offset;
  let commentEnd: number | null = null;
  for (const item of bm.items) {
    const { start, key, sep, value } = item;
    const keyProps = resolveProps(start, 'explicit-key-ind', offset, true);
    if (keyProps.found) throw ELSEWHERE; // an explicit key
    if (!sep) {
      if (key) throw ELSEWHERE;
      commentEnd = keyProps.end;
      if (keyProps.comment) map.comment = map.comment ? map.comment + '\n' + keyProps.comment : keyProps.comment;
      continue;
    }
    if (!isFlowScalar(key)) throw ELSEWHERE;
    if (key.indent !== bm.indent) throw ELSEWHERE;
    if (key.end?.some((t) => t.type === 'newline')) throw ELSEWHERE; // a multi-line implicit key
    ctx.atKey = true;
    const keyNode = composeNode(ctx, key, keyProps);
    ctx.atKey = false;
    const valueProps = resolveProps(sep, 'map-value-ind', keyNode.range![2], false);
    offset = valueProps.end;
    if (!valueProps.found) throw ELSEWHERE; // a key without `:`
    if (value?.type === 'block-map' && !valueProps.hasNewline) throw ELSEWHERE;
    if (keyProps.end < valueProps.found.offset - 1024) throw ELSEWHERE; // strict: an implicit key of over 1024 characters
    const valueNode = value ? composeNode(ctx, value, valueProps) : composeEmptyNode(ctx, offset, sep, valueProps);
    offset = valueNode.range![2];
    map.items.push(new Pair(keyNode, valueNode));
  }
  if (commentEnd && commentEnd < offset) throw ELSEWHERE;
  map.range = [bm.offset, offset, commentEnd ?? offset];
  return map;
}

function composeBlockSeq(ctx: Context, bs: CST.BlockSequence): YAMLSeq {
  const seq = new YAMLSeq(ctx.schema);
  if (ctx.atRoot) ctx.atRoot = false;
  if (ctx.atKey) ctx.atKey = false;
  let offset = bs.offset;
  let commentEnd: number | null = null;
  for (const { start, value } of bs.items) {
    const props = resolveProps(start, 'seq-item-ind', offset, true);
    if (!props.found) {
      if (value) throw ELSEWHERE;
      commentEnd = props.end;
      if (props.comment) seq.comment = props.comment;
      continue;
    }
    const node = value ? composeNode(ctx, value, props) : composeEmptyNode(ctx, props.end, start, props);
    offset = node.range![2];
    seq.items.push(node);
  }
  seq.range = [bs.offset, offset, commentEnd ?? offset];
  return seq;
}

/** yaml's `resolveProps` in a one-line flow collection: spaces, at most one comma, at most one indicator. */
function flowProps(tokens: CST.SourceToken[], indicator: CST.SourceToken['type']): { found: CST.SourceToken | null; comma: boolean } {
  let found: CST.SourceToken | null = null;
  let comma = false;
  for (const token of tokens) {
    if (token.type === 'space') continue;
    if (token.type === 'comma' && !comma) comma = true;
    else if (token.type === indicator && !found) found = token;
    else throw ELSEWHERE; // a comment, a newline, an anchor, a tag, a second comma
  }
  return { found, comma };
}

/** The props of a node in a one-line flow collection: no blank line before it, no comment (`composeNode` reads no more). */
const NO_PROPS: Props = { found: null, spaceBefore: false, comment: '', hasNewline: false, end: 0 };

function isFlowScalar(token: CST.Token | null | undefined): token is CST.FlowScalar {
  return token != null && (token.type === 'scalar' || token.type === 'single-quoted-scalar' || token.type === 'double-quoted-scalar');
}

/**
 * yaml's `resolveFlowCollection` for a flow collection on one line whose items are one-line scalars (`{duration: 30s}`,
 * `[a, b]`, `{}`), with a trailing comment; pairs in a sequence, nested collections and empty items go to yaml.
 */
function composeFlow(ctx: Context, fc: CST.FlowCollection): YAMLMap | YAMLSeq {
  const isMap = fc.start.source === '{';
  const coll = isMap ? new YAMLMap(ctx.schema) : new YAMLSeq(ctx.schema);
  coll.flow = true;
  if (ctx.atRoot) ctx.atRoot = false;
  if (ctx.atKey) ctx.atKey = false;
  for (let i = 0; i < fc.items.length; ++i) {
    const { start, key, sep, value } = fc.items[i]!;
    const props = flowProps(start, 'explicit-key-ind');
    if (props.found || props.comma !== i > 0) throw ELSEWHERE;
    if (!isMap) {
      if (sep || key || !isFlowScalar(value)) throw ELSEWHERE;
      (coll as YAMLSeq).items.push(composeNode(ctx, value, NO_PROPS));
      continue;
    }
    if (!isFlowScalar(key) || !sep || !isFlowScalar(value)) throw ELSEWHERE;
    ctx.atKey = true;
    const keyNode = composeNode(ctx, key, NO_PROPS);
    ctx.atKey = false;
    const valueProps = flowProps(sep, 'map-value-ind');
    if (!valueProps.found || valueProps.comma) throw ELSEWHERE;
    (coll as YAMLMap).items.push(new Pair(keyNode, composeNode(ctx, value, NO_PROPS)));
  }
  const [ce, ...ee] = fc.end;
  if (ce?.source !== (isMap ? '}' : ']')) throw ELSEWHERE;
  const cePos = ce.offset + ce.source.length;
  if (ee.length > 0) {
    const end = resolveEnd(ee, cePos, ctx.options.strict);
    if (end.comment) coll.comment = end.comment;
    coll.range = [fc.offset, cePos, end.offset];
  } else coll.range = [fc.offset, cePos, cePos];
  return coll;
}
