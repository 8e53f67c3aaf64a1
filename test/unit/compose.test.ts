// The engine's own composer (server/src/core/compose.ts) against yaml's: on every document it composes, the Document
// must be the one yaml's parseDocument builds with the same options (same classes, ranges, values, scalar types,
// comments, flags, errors, property order). Inputs: every fixture, the benchmark's generated manifests, hand-written
// edge cases of the shapes it takes and of the ones it must leave to yaml, and broken variants of all of them.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { isDocument, isNode, isPair, parseDocument } from 'yaml';
import { composeCommon, composeDocument } from '../../server/src/core/compose';
import { SHARED_SCHEMA_OPTIONS, isEmptyChunk, parseOptionsFor, splitDocuments } from '../../server/src/core/documents';
import { generateManifests } from '../../bench/generate.mjs';
import { prng } from '../support/prng.mjs';
import { filesUnder } from '../support/files';

const FIXTURES = join(__dirname, '..', 'fixtures');
const VARIANTS = 3000;

const yamlFiles = (dir: string): string[] => filesUnder(dir, /\.ya?ml$/);

/** Everything a reader of the Document can see, in the order it was set. */
function dump(v: unknown): unknown {
  if (typeof v === 'bigint') return `${v}n`;
  if (v === null || typeof v !== 'object') return v;
  if (Array.isArray(v)) return v.map(dump);
  if (isDocument(v)) {
    const { _directives: _, ...options } = v.options as Record<string, unknown>;
    return {
      contents: dump(v.contents),
      comment: v.comment,
      commentBefore: v.commentBefore,
      range: v.range,
      errors: v.errors.map((e) => [e.code, e.message, e.pos]),
      warnings: v.warnings.map((e) => [e.code, e.message, e.pos]),
      directives: { docStart: v.directives?.docStart, docEnd: v.directives?.docEnd, yaml: v.directives?.yaml, tags: v.directives?.tags },
      options: dump(Object.keys(options).map((k) => [k, k === 'schema' ? 'schema' : options[k]])),
      schema: v.schema === (SHARED_SCHEMA_OPTIONS.schema as unknown) ? 'shared' : 'own',
    };
  }
  if (isNode(v) || isPair(v)) {
    const o = v as unknown as Record<string, unknown>;
    return [v.constructor.name, ...Object.keys(o).map((k) => [k, typeof o[k] === 'function' ? 'fn' : dump(o[k])])];
  }
  return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, dump(x)]));
}

/**
 * Compares the engine's parse with yaml's on `text` (whoever composes it: the engine's composer, or yaml's from the
 * engine's CST); true when the engine's composer took it.
 */
function same(text: string, where: string): boolean {
  const options = parseOptionsFor(text);
  const expected = dump(parseDocument(text, options));
  assert.deepEqual(dump(composeDocument(text, options)), expected, `${where}:\n${text}`);
  const ours = composeCommon(text, options);
  if (ours) assert.deepEqual(dump(ours), expected, `${where}:\n${text}`);
  return ours !== undefined;
}

function documentsOf(text: string): string[] {
  return splitDocuments(text).map((c) => c.text).filter((t) => !isEmptyChunk(t));
}

const EDGE_CASES = [
  'a: 1\n',
  '---\na: 1\n',
  '--- # after the marker\na: 1\n',
  '# before\n\n# after a blank line\na: 1 # trailing\nb:\n  c: "x" # q\n  d: \'it\'\'s\'\n',
  '# first key comment\na: 1\n',
  'a:\n  # only a comment\nb: 2\n',
  'a: # a comment where the value is\nb: 2\n',
  'a:\n\n\n  b: 1\n\n\nc: 2\n',
  'list:\n  - 1\n  -\n  - # empty with comment\n  - x: 1\n    y: 2\n\n  # between\n  - "q"\n# end comment\n',
  'a: {}\nb: []\nc: {} # empty\n',
  'd: [ ]\ne: { }\n',
  'n: ~\nm: null\nt: true\nf: FALSE\ni: -12\nh: 0x1F\no: 0o17\nx: 1.50\ne: 1e3\ninf: -.inf\nnan: .NaN\ns: 12abc\n',
  '"quoted key": 1\n\'single\': 2\n8080: port\ntrue: yes\n',
  'a: 1\n# trailing comments\n\n# of the document\n',
  'a: 1\n...\n',
  '%YAML 1.2\n---\na: 1\n',
  'a: &x 1\nb: *x\n',
  'a: !!str 1\n',
  'a: |\n  block\nb: >-\n  folded\n',
  'a: multi\n  line plain\n',
  'a: "esc\\n"\n',
  '? explicit\n: value\n',
  'a: {b: 1}\n',
  'a: {b: 1, c: "d", \'e\': 2} # c\nf: [1, x, "y"]\n',
  'g: {h: }\n',
  'i: [a: 1]\n',
  'a: {b: {c: 1}}\n',
  'a: [1,]\n',
  'a: {b: 1,\n  c: 2}\n',
  'a:\tb\n',
  'a: 1\na: 2\n',
  'a: b: c\n',
  '- a\n- b\n',
  'just a scalar\n',
  '',
  '# only a comment\n',
  '\uFEFFa: 1\n',
  'a: 1\r\nb:\r\n  - x\r\n',
  `${'k'.repeat(1030)}: v\n`,
  'a: 1\n---\nb: 2\n',
  'a:\n- 1\n- 2\n',
  'a: "unterminated\n',
  'a: [1, 2\n',
  '  a: 1\n b: 2\n',
];

test('composes the edge cases as yaml does, and leaves to yaml what it does not take', (t) => {
  let composed = 0;
  for (const [i, text] of EDGE_CASES.entries()) if (same(text, `edge case ${i}`)) composed++;
  // the common shapes are taken (not all left to yaml), the others are not taken
  t.diagnostic(`${composed} of ${EDGE_CASES.length} composed here`);
  assert.ok(composed >= 21, `only ${composed} edge cases composed`);
  for (const text of ['a: &x 1\nb: *x\n', 'a: !!str 1\n', 'a: |\n  block\n', 'a: multi\n  line plain\n', 'a: "esc\\n"\n', '? explicit\n: value\n', 'a: {b: {c: 1}}\n', '%YAML 1.2\n---\na: 1\n', 'a: b: c\n']) {
    assert.equal(composeCommon(text, SHARED_SCHEMA_OPTIONS), undefined, text);
  }
});

test('composes every fixture document as yaml does', (t) => {
  let docs = 0;
  let composed = 0;
  for (const file of yamlFiles(FIXTURES)) {
    for (const text of documentsOf(readFileSync(file, 'utf8'))) {
      docs++;
      if (same(text, file)) composed++;
    }
  }
  assert.ok(docs > 100, `${docs} documents`);
  t.diagnostic(`${composed} of ${docs} composed here`);
  assert.ok(composed > docs / 2, `${composed} of ${docs} composed`);
});

test('composes the benchmark manifests as yaml does, nearly all of them itself', (t) => {
  const docs = documentsOf(generateManifests({ docs: 400, seed: 7 }).text);
  const composed = docs.filter((text, i) => same(text, `generated document ${i}`)).length;
  t.diagnostic(`${composed} of ${docs.length} composed here`);
  assert.ok(composed >= docs.length * 0.95, `${composed} of ${docs.length} composed`);
});

test('broken variants of every document: the same Document, or left to yaml', (t) => {
  const random = prng(20261203);
  const pick = <T>(xs: T[]): T => xs[Math.floor(random() * xs.length)]!;
  const sources = [...EDGE_CASES, ...yamlFiles(FIXTURES).flatMap((f) => documentsOf(readFileSync(f, 'utf8')))].filter((t) => t.length > 0);
  const edits: Array<(lines: string[]) => void> = [
    (l) => l.splice(Math.floor(random() * l.length), 1),
    (l) => { const i = Math.floor(random() * l.length); l.splice(i, 0, l[i]!); },
    (l) => { const i = Math.floor(random() * l.length); l[i] = ' ' + l[i]; },
    (l) => { const i = Math.floor(random() * l.length); l[i] = l[i]!.replace(/^ /, ''); },
    (l) => { const i = Math.floor(random() * l.length); l[i] = l[i]! + pick([' # c', '#c', ' {}', ' []', ':', ' - x', '\t', "'", '"', ' &a', ' *a']); },
    (l) => l.splice(Math.floor(random() * l.length), 0, pick(['', '# c', '  # c', '---', '...', '- ', 'k:', '  k: v'])),
    (l) => { const i = Math.floor(random() * l.length); l[i] = l[i]!.slice(0, Math.floor(random() * l[i]!.length)); },
    (l) => {
      const i = Math.floor(random() * l.length);
      const at = Math.floor(random() * (l[i]!.length + 1));
      l[i] = l[i]!.slice(0, at) + pick([': ', ':', '#', ' #', '{', '}', '[', ']', ',', ', ', '"', "'", '- ', ' ', '\t', '\\', '&', '*', '!', '|', '>', '?', '%', '@', '~', '\r']) + l[i]!.slice(at);
    },
  ];
  let composed = 0;
  for (let n = 0; n < VARIANTS; n++) {
    const lines = pick(sources).split('\n');
    for (let k = 1 + Math.floor(random() * 3); k > 0; k--) {
      if (lines.length === 0) lines.push('');
      pick(edits)(lines);
    }
    if (same(lines.join('\n'), `variant ${n}`)) composed++;
  }
  t.diagnostic(`${composed} of ${VARIANTS} composed here`);
  assert.ok(composed > 500, `${composed} variants composed`);
});
