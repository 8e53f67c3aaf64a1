// Fuzz: thousands of damaged copies of the corpus and seed manifests (deleted lines, shifted indentation, random
// characters, truncation, duplicated keys, stray markers) must never crash or hang the engine, and a few hundred sent
// to the real server over stdio must leave it answering. Seeded, so a failure names the case that reproduces it
// (FUZZ_SEED=<n> to vary the run).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linter, DEFAULT_OPTIONS } from '../../server/src/core/engine';
import type { Finding, LintOptions } from '../../server/src/core/types';
import { LspClient } from './client';
import { prng } from '../support/prng.mjs';
import { ServerStatusSchema, SERVER_STATUS_METHOD } from '../../server/src/lsp/protocol';

const SEED = Number(process.env.FUZZ_SEED ?? 20261126);
const IN_PROCESS = Number(process.env.FUZZ_CASES ?? 4000);
const OVER_STDIO = 300;

const corpus: Array<{ name: string; text: string }> = [];
for (const dir of ['test/fixtures/corpus', 'test/fixtures/seed']) {
  for (const f of readdirSync(dir).filter((n) => /\.ya?ml$/.test(n)).sort()) {
    corpus.push({ name: `${dir}/${f}`, text: readFileSync(join(dir, f), 'utf8') });
  }
}

const NOISE = [':', '-', ' ', '  ', '\t', '{', '}', '[', ']', ',', '"', "'", '&a', '*a', '!', '!!str', '|', '>', '#', '%', '@', '`', '?', '\n', '\r\n', '---', '...', 'null', '~', '0x1F', '1e999', '\u00e9', '\u{1F680}', '\\', '\u0000', '\uFEFF', '<<: *a'];

function mutate(text: string, rnd: () => number): string {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(rnd() * xs.length)]!;
  let lines = text.split('\n');
  const steps = 1 + Math.floor(rnd() * 3);
  for (let s = 0; s < steps; s++) {
    const i = Math.floor(rnd() * lines.length);
    switch (Math.floor(rnd() * 9)) {
      case 0: // delete lines
        lines.splice(i, 1 + Math.floor(rnd() * 3));
        break;
      case 1: {
        // shift indentation
        const l = lines[i] ?? '';
        const d = Math.floor(rnd() * 5) - 2;
        lines[i] = d >= 0 ? ' '.repeat(d) + l : l.replace(new RegExp(`^ {0,${-d}}`), '');
        break;
      }
      case 2: {
        // swap the indentation of two lines
        const j = Math.floor(rnd() * lines.length);
        const a = lines[i] ?? '';
        const b = lines[j] ?? '';
        const ia = /^\s*/.exec(a)![0];
        const ib = /^\s*/.exec(b)![0];
        lines[i] = ib + a.trimStart();
        lines[j] = ia + b.trimStart();
        break;
      }
      case 3: {
        // random characters inside a line
        const l = lines[i] ?? '';
        const at = Math.floor(rnd() * (l.length + 1));
        lines[i] = l.slice(0, at) + pick(NOISE) + l.slice(at + (rnd() < 0.5 ? 1 : 0));
        break;
      }
      case 4: // truncation
        lines = lines.join('\n').slice(0, Math.floor(rnd() * text.length)).split('\n');
        break;
      case 5: // duplicated key line (and sometimes its block)
        lines.splice(i, 0, ...lines.slice(i, i + 1 + Math.floor(rnd() * 4)));
        break;
      case 6: {
        // replace a value with something of another type
        const l = lines[i] ?? '';
        const c = l.indexOf(': ');
        if (c > 0) lines[i] = l.slice(0, c + 2) + pick(['', '[]', '{}', '-1', '99999999999999999999', 'true', '"x"', '*a', '&a x', '|', '[a, {b: c}]']);
        break;
      }
      case 7: // stray document markers and directives
        lines.splice(i, 0, pick(['---', '...', '%YAML 1.2', '--- |', '---\n---', '%TAG ! tag:x:']));
        break;
      default: {
        // move a block somewhere else
        const n = 1 + Math.floor(rnd() * 5);
        const block = lines.splice(i, n);
        lines.splice(Math.floor(rnd() * (lines.length + 1)), 0, ...block);
      }
    }
  }
  return lines.join('\n');
}

const SEVERITIES = new Set(['error', 'warning', 'information', 'hint']);

function checkShape(findings: Finding[], text: string, label: string): void {
  const lineCount = text.split('\n').length;
  for (const f of findings) {
    assert.ok(SEVERITIES.has(f.severity), `${label}: severity ${f.severity}`);
    assert.ok(typeof f.code === 'string' && f.code.length > 0, `${label}: code`);
    assert.ok(typeof f.message === 'string' && f.message.length > 0, `${label}: message`);
    const { start, end } = f.range;
    for (const p of [start, end]) {
      assert.ok(Number.isInteger(p.line) && p.line >= 0 && p.line < lineCount, `${label}: line ${p.line} of ${lineCount} (${f.code})`);
      assert.ok(Number.isInteger(p.character) && p.character >= 0, `${label}: character ${p.character} (${f.code})`);
    }
    assert.ok(start.line < end.line || (start.line === end.line && start.character <= end.character), `${label}: range order (${f.code})`);
  }
}

const OPTION_SETS: LintOptions[] = [
  DEFAULT_OPTIONS,
  { kubernetesVersion: '1.21', schemaDiagnostics: false, maxTextLength: DEFAULT_OPTIONS.maxTextLength },
  { kubernetesVersion: '1.24', schemaDiagnostics: true, maxTextLength: 2048 },
];

test(`engine: ${IN_PROCESS} mutated manifests never throw, hang or return out-of-range findings`, { timeout: 60000 }, () => {
  const rnd = prng(SEED);
  const linter = new Linter(); // no onRuleError: a rule that throws fails this test
  let slowest = { ms: 0, label: '' };
  let withFindings = 0;
  for (let n = 0; n < IN_PROCESS; n++) {
    const src = corpus[Math.floor(rnd() * corpus.length)]!;
    const text = mutate(src.text, rnd);
    const options = OPTION_SETS[n % OPTION_SETS.length]!;
    const label = `case ${n} (FUZZ_SEED=${SEED}, from ${src.name})`;
    const t0 = performance.now();
    let findings: Finding[];
    try {
      findings = linter.lint(text, options);
    } catch (err) {
      assert.fail(`${label} threw: ${err instanceof Error ? err.stack : String(err)}\n--- text ---\n${text}`);
    }
    const ms = performance.now() - t0;
    if (ms > slowest.ms) slowest = { ms, label };
    checkShape(findings, text, label);
    if (findings.length) withFindings++;
  }
  // the mutations must actually damage documents, or this test proves nothing
  assert.ok(withFindings > IN_PROCESS / 4, `only ${withFindings} of ${IN_PROCESS} cases had findings`);
  assert.ok(slowest.ms < 2000, `slowest case took ${slowest.ms.toFixed(0)} ms: ${slowest.label}`);
});

const clients: LspClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
});

test(`server: ${OVER_STDIO} mutated documents over stdio, then it still answers correctly`, { timeout: 60000 }, async () => {
  const c = await LspClient.start();
  clients.push(c);
  const rnd = prng(SEED + 1);
  const uri = 'file:///fuzz/doc.yaml';
  const first = corpus[0]!;
  await c.open(uri, first.text, 1);
  await c.diagnosticsFor(uri, 1);
  let version = 1;
  let text = first.text;
  for (let n = 0; n < OVER_STDIO; n++) {
    version++;
    if (n % 3 === 2) {
      // an incremental edit at a random place of the current text
      const lines = text.split('\n');
      const line = Math.floor(rnd() * lines.length);
      const character = Math.floor(rnd() * (lines[line]!.length + 1));
      const insert = NOISE[Math.floor(rnd() * NOISE.length)]!;
      lines[line] = lines[line]!.slice(0, character) + insert + lines[line]!.slice(character);
      text = lines.join('\n');
      await c.change(uri, version, [{ range: { start: { line, character }, end: { line, character } }, text: insert }]);
    } else {
      text = mutate(corpus[Math.floor(rnd() * corpus.length)]!.text, rnd);
      await c.change(uri, version, [{ text }]);
    }
    // wait for every tenth version so bursts and single edits both happen
    if (n % 10 === 9 || n === OVER_STDIO - 1) {
      const diags = await c.diagnosticsFor(uri, version);
      checkShape(
        diags.map((d) => ({ range: d.range, severity: (['error', 'warning', 'information', 'hint'] as const)[d.severity! - 1]!, code: String(d.code), message: d.message })),
        text,
        `stdio version ${version}`,
      );
      for (const d of diags) assert.equal(d.source, 'rollout-pilot');
    }
  }
  assert.ok(c.alive, c.stderr);
  const status = ServerStatusSchema.parse(await c.request(SERVER_STATUS_METHOD));
  assert.equal(status.documents, 1);
  // and it still checks a known document correctly
  const seed = readFileSync('test/fixtures/seed/rollout.yaml', 'utf8');
  await c.open('file:///fuzz/after.yaml', seed);
  const after = await c.diagnosticsFor('file:///fuzz/after.yaml', 1);
  assert.equal(after.filter((d) => d.code === 'unknown-topology-key').length, 1);
  assert.deepEqual(c.logs.filter((l) => /failed|uncaught|unhandled/.test(l)), [], 'no rule or server errors logged');
});
