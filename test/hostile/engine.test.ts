// The engine's own nets, in process: the nesting bound never lets a document deeper than the limit reach the parser
// (and never stops a normal manifest), and a crash inside the check of one document marks that document, never the
// file as clean, while its other documents are still checked.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { MAX_NESTING, nestingBeyond, splitDocuments } from '../../server/src/core/documents';
import { Linter, DEFAULT_OPTIONS } from '../../server/src/core/engine';
import { documentRules, type DocumentRule } from '../../server/src/core/rules';
import { prng } from '../support/prng.mjs';

/** A document whose nesting is exactly `depth` levels, in a random mix of YAML's nesting constructs. */
function nested(depth: number, rnd: () => number): string {
  let text = 'leaf';
  let indent = 0;
  const lines: string[] = [];
  // build outside-in as indented block levels, switching to flow for the innermost part now and then
  const flowFrom = rnd() < 0.5 ? Math.floor(rnd() * depth) : depth;
  for (let level = 0; level < Math.min(depth, flowFrom); level++) {
    const pad = ' '.repeat(indent);
    if (rnd() < 0.5) {
      lines.push(`${pad}k${level}:`);
      indent += 2;
    } else {
      lines.push(`${pad}-`);
      indent += 2;
    }
  }
  for (let level = flowFrom; level < depth; level++) text = rnd() < 0.5 ? `[${text}]` : `{k: ${text}}`;
  lines.push(`${' '.repeat(indent)}${text}`);
  return `${lines.join('\n')}\n`;
}

test('the nesting bound flags every document deeper than the limit and no manifest-like one', () => {
  const rnd = prng(8);
  for (let n = 0; n < 400; n++) {
    const depth = 1 + Math.floor(rnd() * 3 * MAX_NESTING);
    const text = nested(depth, rnd);
    const flagged = nestingBeyond(text) >= 0;
    if (depth > MAX_NESTING) assert.ok(flagged, `depth ${depth} not flagged:\n${text.slice(0, 400)}`);
    if (depth <= 30) assert.ok(!flagged, `depth ${depth} flagged:\n${text.slice(0, 400)}`);
  }
  for (const dir of ['test/fixtures/corpus', 'test/fixtures/seed']) {
    for (const f of readdirSync(dir).filter((x) => x.endsWith('.yaml'))) {
      for (const chunk of splitDocuments(readFileSync(join(dir, f), 'utf8'))) {
        assert.equal(nestingBeyond(chunk.text, 30), -1, `${dir}/${f} counted deeper than 30`);
      }
    }
  }
});

test('block scalars, quoted strings and comments holding brackets are not nesting', () => {
  const many = '['.repeat(500);
  const text = `a: |\n  ${many}\n  ${many}\nb: "${many}"\nc: '${many}'\nd: x ${many}\n# ${many}\n`;
  assert.equal(nestingBeyond(text), -1);
});

test('a rule that crashes marks its document with internal-error; the other documents are still checked', () => {
  const bad: DocumentRule = {
    id: 'crashes-on-web',
    check(md) {
      if (md.text.includes('name: web')) throw new Error('boom');
      return [];
    },
  };
  documentRules.unshift(bad);
  try {
    const errors: string[] = [];
    const text =
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports: [{port: 80}]\n---\n' +
      'apiVersion: v1\nkind: Service\nmetadata:\n  name: api\nspec:\n  type: Loadbalancer\n  ports: [{port: 80}]\n';
    const findings = new Linter(100, (id) => errors.push(id)).lint(text, DEFAULT_OPTIONS);
    assert.deepEqual(errors, ['crashes-on-web']);
    const internal = findings.filter((f) => f.code === 'internal-error');
    assert.equal(internal.length, 1);
    assert.equal(internal[0]!.range.start.line, 0, 'on the first line of the crashed document');
    assert.match(internal[0]!.message, /rule 'crashes-on-web' failed on this document \(boom\)/);
    assert.ok(findings.some((f) => f.code === 'invalid-enum' && f.range.start.line === 12), 'the second document is checked');
  } finally {
    documentRules.splice(documentRules.indexOf(bad), 1);
  }
});
