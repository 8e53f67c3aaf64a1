import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LineCounter, parseDocument, visit, type Document } from 'yaml';
import { splitDocuments, parseChunk, LineStarts, templateMarker, TEMPLATE_MARKER, duplicateKeys, PARSE_OPTIONS, withPlainStrings } from '../../server/src/core/documents';
import { Linter, DEFAULT_OPTIONS } from '../../server/src/core/engine';

test('splits on --- lines only, keeping line numbers', () => {
  const text = 'a: 1\n---\nb: 2\n--- # c\nc: |\n  ---x\nd: ---\n';
  const chunks = splitDocuments(text);
  assert.deepEqual(
    chunks.map((c) => [c.startLine, c.text]),
    [
      [0, 'a: 1\n'],
      [1, '---\nb: 2\n'],
      [3, '--- # c\nc: |\n  ---x\nd: ---\n'],
    ],
  );
});

test('handles CRLF markers', () => {
  assert.equal(splitDocuments('a: 1\r\n---\r\nb: 2\r\n').length, 2);
});

test('reads apiVersion and kind', () => {
  const md = parseChunk({ text: '---\napiVersion: v1\nkind: Service\n', startLine: 4 }, 0);
  assert.equal(md.apiVersion, 'v1');
  assert.equal(md.kind, 'Service');
});

test('a syntax error is located in its document and the others are still parsed', () => {
  const text = 'apiVersion: v1\nkind: Service\n---\nkind: Service\nfoo: [1, 2\n---\napiVersion: v1\nkind: Service\n';
  const findings = new Linter().lint(text, DEFAULT_OPTIONS);
  const syntax = findings.filter((f) => f.code === 'yaml-syntax');
  assert.ok(syntax.length >= 1);
  for (const f of syntax) assert.ok(f.range.start.line >= 3 && f.range.start.line <= 5, JSON.stringify(f.range));
});

test('a template document is skipped with one information finding, not checked as YAML', () => {
  const found = new Linter().lint('apiVersion: v1\nkind: Service\nspec:\n  {{ .Values.x }}\n');
  assert.deepEqual(found.map((f) => [f.code, f.severity]), [['template-skipped', 'information']]);
});

test('a broken document that is not a Rollout, HPA or Service says nothing (no noise for other YAML)', () => {
  assert.deepEqual(new Linter().lint('services:\n  web: [1, 2\n', DEFAULT_OPTIONS), []);
  assert.deepEqual(new Linter().lint('apiVersion: apps/v1\nkind: Deployment\nspec: {a: 1\n', DEFAULT_OPTIONS), []);
});

test('a tracked file keeps only the documents it still holds in the cache', () => {
  const linter = new Linter();
  const cacheSize = () => (linter as unknown as { cache: Map<string, unknown> }).cache.size;
  const doc = (image: string) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: ${image}\n`;
  const file = (n: number) => [doc('a'), doc(`b${n}`), doc('c')].join('---\n');
  for (let i = 0; i < 50; i++) linter.lint(file(i), DEFAULT_OPTIONS, 'file:///x.yaml');
  assert.equal(cacheSize(), 3, 'the 49 replaced versions of the edited document are gone');
  linter.lint(file(0), DEFAULT_OPTIONS, 'file:///y.yaml');
  linter.forget('file:///x.yaml');
  assert.equal(cacheSize(), 3, "y's documents stay while y is open");
  linter.forget('file:///y.yaml');
  assert.equal(cacheSize(), 0);
});

test('duplicate keys are located errors, found in one pass even in a 80,000-key map', () => {
  const keys = Array.from({ length: 80000 }, (_, i) => `    a${i}: "v"`).join('\n');
  const text = `apiVersion: v1\nkind: Service\nmetadata:\n  name: x\n  annotations:\n${keys}\n    a5: dup\nspec:\n  ports: [{port: 80}]\n`;
  const started = Date.now();
  const findings = new Linter().lint(text, DEFAULT_OPTIONS);
  assert.ok(Date.now() - started < 20000, 'linear, not quadratic');
  assert.deepEqual(
    findings.map((f) => [f.code, f.severity, f.range.start.line, f.range.start.character, f.range.end.character]),
    [['yaml-syntax', 'error', 80005, 4, 6]],
  );
});

test('a file over the size bound is cut at a document boundary, never inside a document', () => {
  const doc = (n: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: s${n}\nspec:\n  ports: [{port: 80}]\n  selectr: {}\n`;
  const text = Array.from({ length: 40 }, (_, i) => doc(i)).join('---\n');
  const options = { ...DEFAULT_OPTIONS, maxTextLength: Math.floor(text.length / 2) };
  const findings = new Linter().lint(text, options);
  const info = findings.filter((f) => f.code === 'file-too-large');
  assert.equal(info.length, 1);
  const typos = findings.filter((f) => f.code === 'unknown-field');
  assert.ok(typos.length > 10 && typos.length < 40, `${typos.length} documents checked`);
  assert.deepEqual(findings.filter((f) => f.code === 'yaml-syntax' || f.code === 'missing-required'), []);
  // one huge document: nothing is checked (a half document would give false errors), and it says so
  const huge = doc(0).replace('spec:', `  annotations:\n${'    k: v\n'.repeat(1)}spec:`) + '#'.repeat(options.maxTextLength);
  const only = new Linter().lint(huge, options);
  assert.deepEqual(only.map((f) => f.code), ['file-too-large']);
  assert.match(only[0]!.message, /not checked/);
});

test("positions are yaml's own: LineStarts answers as the parser's LineCounter at every offset", () => {
  const texts = ['', 'a: 1', 'a: 1\n', '\n\na: |\n  x\n\n  y\nb: 2\r\nc: 3', '---\nkind: Service # c\nspec:\n  ports: [1, 2]\n\n'];
  for (const text of texts) {
    const lc = new LineCounter();
    parseDocument(text, { lineCounter: lc });
    const mine = new LineStarts(text);
    for (let offset = 0; offset <= text.length; offset++) assert.deepEqual(mine.linePos(offset), lc.linePos(offset), `${JSON.stringify(text)} @${offset}`);
  }
});

test('the template marker is looked for only where {{ or {% occurs, and found as the expression finds it', () => {
  for (const text of ['a: 1\n', 'a: "{{ x }}"\n', '# {{ x }}\na: 1\n', 'a: b#{{x}}\n', 'a: {%x\n', 'a: { b: 1 }\n'])
    assert.deepEqual(templateMarker(text)?.index, TEMPLATE_MARKER.exec(text)?.index, text);
});

test('duplicate keys: small maps compared in place and large maps through a set find the same keys', () => {
  const small = 'a: 1\nb: 2\na: 3\n1: x\n"1": y\n';
  assert.deepEqual(duplicateKeys(parseDocument(small, { uniqueKeys: false }).contents).map(String), ['a']);
  const keys = Array.from({ length: 40 }, (_, i) => `k${i}: ${i}`);
  const large = [...keys, 'k7: again', 'k39: again'].join('\n');
  assert.deepEqual(duplicateKeys(parseDocument(large, { uniqueKeys: false }).contents).map(String).sort(), ['k39', 'k7']);
});

test('duplicate keys: compared as a set compares (a repeated `.nan`), merge keys left alone, complex keys by their text, in document order', () => {
  const text = 'a:\n  .nan: 1\n  .NaN: 2\nb:\n  <<: {x: 1}\n  <<: {y: 2}\nc:\n  - ? [p, q]\n    : 1\n    ? [p, q]\n    : 2\n  - k: 1\n    k: 2\n';
  const found = duplicateKeys(parseDocument(text, { uniqueKeys: false }).contents);
  assert.deepEqual(found.map((n) => [String(n), n.range?.[0]]), [['NaN', 15], ['["p","q"]', 82], ['k', 110]]);
});

test('duplicate keys: inside a key that is a mapping, among alias keys (by their text) and in a set', () => {
  const text = 'd:\n  ? {m: 1, m: 2}\n  : v\ne: &x k\nf:\n  *x : 1\n  *x : 2\ng: !!set\n  ? s\n  ? s\n';
  const found = duplicateKeys(parseDocument(text, { uniqueKeys: false }).contents);
  assert.deepEqual(found.map((n) => [String(n), n.range?.[0]]), [['m', 14], ['*x', 48], ['s', 74]]);
});

test('a document written twice in a file is reported at both places, parsed and cached once', () => {
  const bad = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n    - port: 70000\n';
  const linter = new Linter();
  const lines = (text: string) => linter.lint(text, DEFAULT_OPTIONS).filter((f) => f.code === 'invalid-port').map((f) => f.range.start.line);
  assert.deepEqual(lines(`${bad}---\n${bad}`), [6, 14]);
  // the cached model is placed again when a document is inserted before both
  assert.deepEqual(lines(`kind: ConfigMap\n---\n${bad}---\n${bad}`), [8, 16]);
});

test('a check stopped in either pass leaves what it parsed and checked to the next, whose findings are those of a check from scratch', async () => {
  const doc = (i: number) => `apiVersion: v1\nkind: Service\nmetadata:\n  name: web-${i}\nspec:\n  ports:\n    - port: ${i % 3 === 0 ? 70000 : 80}\n`;
  const text = Array.from({ length: 12 }, (_, i) => doc(i)).join('---\n');
  const scratch = new Linter().lint(text, DEFAULT_OPTIONS);
  assert.equal(scratch.filter((f) => f.code === 'invalid-port').length, 4);
  // stopped after 5 of the 12 parses, then after 17 documents (all parsed, 5 checked), then run to the end
  for (const stops of [[5], [17], [5, 17]]) {
    const linter = new Linter();
    for (const after of stops) {
      let slices = 0;
      const stopped = await linter.lintSliced(text, DEFAULT_OPTIONS, 'file:///a.yaml', { sliceMs: 0, superseded: () => ++slices >= after });
      assert.equal(stopped, undefined, `stopped after ${after} slices`);
    }
    // placed elsewhere in the file now: one document inserted above
    const shifted = `kind: ConfigMap\n---\n${text}`;
    const again = await linter.lintSliced(shifted, DEFAULT_OPTIONS, 'file:///a.yaml', { sliceMs: 0 });
    assert.deepEqual(again, new Linter().lint(shifted, DEFAULT_OPTIONS), `after stops at ${stops.join(', ')}`);
  }
});

// The plain-string shortcut (documents.ts, withPlainStrings) and the shared schema must change nothing but the time a
// parse takes: every scalar resolves to what yaml's core schema alone makes of it.
const YAML_ALONE = { ...PARSE_OPTIONS, customTags: undefined };

/** What `read` gives, or what it threw: an alias to no anchor throws when the document is read or written. */
function settled(read: () => unknown): unknown {
  try {
    return read();
  } catch (err) {
    return `throws: ${String(err)}`;
  }
}

function sameParse(text: string): void {
  const ours = parseChunk({ text, startLine: 0 }, 0).doc;
  const alone = parseDocument(text, YAML_ALONE);
  assert.deepEqual(settled(() => ours.toJS()), settled(() => alone.toJS()), text);
  assert.deepEqual(
    ours.errors.map((e) => [e.code, e.pos]),
    alone.errors.map((e) => [e.code, e.pos]),
    text,
  );
  if (alone.errors.length === 0) assert.equal(settled(() => String(ours)), settled(() => String(alone)), text);
  const formats = (d: Document) => {
    const out: unknown[] = [];
    visit(d, { Scalar: (_k, n) => void out.push([typeof n.value, n.format, n.tag]) });
    return out;
  };
  assert.deepEqual(formats(ours), formats(alone), text);
}

test('plain scalars resolve as yaml alone resolves them: every first character, each core pattern after it', () => {
  assert.equal(parseChunk({ text: 'a: b\n', startLine: 0 }, 0).doc.schema.tags[0]?.tag, 'tag:yaml.org,2002:str');
  assert.equal((parseChunk({ text: 'a: b\n', startLine: 0 }, 0).doc.schema.tags[0] as { test?: RegExp }).test?.source, '^[^~nNtTfF0-9+\\-.<]');
  const tails = ['', '1', '12', '.5', '5.', '1e3', 'e3', 'x1F', 'o17', 'ull', 'rue', 'alse', 'inf', 'nan', 'NaN', '<', ' x', 'abc'];
  const firsts: string[] = [];
  for (let c = 0x20; c < 0x180; c++) firsts.push(String.fromCharCode(c));
  firsts.push('', '😀', '日');
  for (const first of firsts) {
    for (const tail of tails) {
      const scalar = first + tail;
      sameParse(`k: ${scalar}\n`);
      sameParse(`${scalar}: v\n`);
      sameParse(`- ${scalar}\n`);
      sameParse(`{k: ${scalar}}\n`);
    }
  }
  for (const s of ['~', 'null', 'Null', 'NULL', 'true', 'True', 'TRUE', 'false', 'yes', 'no', 'on', 'off', '0o17', '0x1F', '017', '+12', '-1.5', '.5', '1.', '.inf', '-.Inf', '.NaN', '1e3', '6.02e+23', '<<', '!!str 12', '!!int "7"', '"12"', "'true'"]) {
    sameParse(`k: ${s}\n`);
    // a YAML 1.1 document gets yaml's 1.1 schema, whose patterns the shortcut does not know: it steps aside
    sameParse(`%YAML 1.1\n---\nk: ${s}\n`);
  }
  assert.equal(parseChunk({ text: '%YAML 1.1\n---\nk: yes\n', startLine: 0 }, 0).doc.toJS().k, true);
});

test('one schema serves every document: explicit tags yaml adds to it change no later document', () => {
  const tagged = [
    'k: !!binary aGVsbG8=\n',
    'k: !!timestamp 2001-12-14\n',
    'k: !!set {a, b}\n',
    'k: !!omap [a: 1, b: 2]\n',
    'k: !!pairs [a: 1]\n',
    '!!merge <<: {a: 1}\nb: 2\n',
    '<<: {a: 1}\nb: 2\n',
    'k: !!str 12\nn: 12\nt: true\nd: 2001-12-14\n',
  ];
  for (const text of [...tagged, ...tagged]) sameParse(text);
  // yaml adds each tag met by name once: the shared schema does not grow with the documents that use it
  const size = () => parseChunk({ text: 'k: !!binary aGVsbG8=\n', startLine: 0 }, 0).doc.schema.tags.length;
  const first = size();
  for (let i = 0; i < 50; i++) for (const text of tagged) parseChunk({ text, startLine: 0 }, 0);
  assert.equal(size(), first);
  assert.equal(parseChunk({ text: 'a: 1\n', startLine: 0 }, 0).doc.schema, parseChunk({ text: 'b: 2\n', startLine: 0 }, 1).doc.schema);
});

test('with another yaml version\'s patterns, the shortcut steps aside', () => {
  const foreign = { default: true, tag: 'tag:example.com,2026:x', test: /^x/, resolve: (s: string) => s };
  const tags = withPlainStrings([foreign]);
  assert.deepEqual(tags, [foreign]);
});

test('every document of the fixtures parses as yaml alone parses it', () => {
  const files = readdirSync('test/fixtures', { recursive: true, encoding: 'utf8' }).filter((f) => /\.ya?ml$/.test(f));
  assert.ok(files.length > 50, `${files.length} fixture files`);
  for (const f of files) {
    for (const chunk of splitDocuments(readFileSync(join('test/fixtures', f), 'utf8'))) sameParse(chunk.text);
  }
});
