// What the user says about rules: levels per code (rolloutPilot.rules, --rule) and disable-next-line comments,
// applied by the engine to the seed's real mistakes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_OPTIONS, Linter } from '../../server/src/core/engine';
import { lint } from '../support/lint';

const SEED = readFileSync('test/fixtures/seed/rollout.yaml', 'utf8');
const codes = (text: string, rules?: Record<string, 'off' | 'error' | 'warning' | 'information' | 'hint'>) =>
  lint(text, { ...DEFAULT_OPTIONS, ...(rules ? { rules } : {}) }).map((f) => `${f.code}:${f.severity}:${f.range.start.line}`);

test('the seed rollout has its topology key typo, as a warning', () => {
  assert.ok(codes(SEED).some((c) => c.startsWith('unknown-topology-key:warning:')), codes(SEED).join());
});

test('a rule level changes the severity, off removes the finding, other codes are untouched', () => {
  const before = codes(SEED);
  const raised = codes(SEED, { 'unknown-topology-key': 'error' });
  assert.deepEqual(raised, before.map((c) => c.replace(/^unknown-topology-key:warning:/, 'unknown-topology-key:error:')));
  assert.notDeepEqual(raised, before);
  assert.deepEqual(codes(SEED, { 'unknown-topology-key': 'off' }), before.filter((c) => !c.startsWith('unknown-topology-key:')));
});

test('one linter: changing levels does not need a re-parse, and the cached findings are not altered', () => {
  const linter = new Linter();
  const a = linter.lint(SEED, DEFAULT_OPTIONS).length;
  assert.equal(linter.lint(SEED, { ...DEFAULT_OPTIONS, rules: { 'unknown-topology-key': 'off' } }).length, a - 1);
  assert.equal(linter.lint(SEED, DEFAULT_OPTIONS).length, a);
});

test('# rollout-pilot-disable-next-line CODE silences that code on the next YAML line only', () => {
  const at = SEED.split('\n').findIndex((l) => l.includes('kubernets.io/zone'));
  assert.ok(at > 0);
  const lines = SEED.split('\n');
  const indent = /^\s*/.exec(lines[at]!)![0];
  const withComment = (comment: string) => [...lines.slice(0, at), `${indent}${comment}`, ...lines.slice(at)].join('\n');
  const silenced = codes(withComment('# rollout-pilot-disable-next-line unknown-topology-key -- zone labels come from our own provider'));
  assert.ok(!silenced.some((c) => c.startsWith('unknown-topology-key')), silenced.join());
  // another code named: the finding stays; no code: every finding on that line goes
  assert.ok(codes(withComment('# rollout-pilot-disable-next-line argo-step')).some((c) => c.startsWith('unknown-topology-key')));
  assert.ok(!codes(withComment('# rollout-pilot-disable-next-line')).some((c) => c.startsWith('unknown-topology-key')));
  // stacked comments and blank lines between still reach the YAML line
  assert.ok(!codes(withComment('# rollout-pilot-disable-next-line unknown-topology-key\n\n# why: see ticket')).some((c) => c.startsWith('unknown-topology-key')));
});

test('a comment naming a code no rule has is itself reported, located on the code', () => {
  const text = `# rollout-pilot-disable-next-line argo-stepz\n${SEED}`;
  const f = lint(text).find((x) => x.code === 'unknown-rule-code');
  assert.ok(f);
  assert.deepEqual(f.range, { start: { line: 0, character: 34 }, end: { line: 0, character: 44 } });
  assert.equal(text.split('\n')[0]!.slice(34, 44), 'argo-stepz');
});

test('internal-error cannot be silenced', () => {
  const linter = new Linter(20000, () => undefined);
  assert.equal(linter.lint('# rollout-pilot-disable-next-line\nkind: Service\n', { ...DEFAULT_OPTIONS, rules: { 'internal-error': 'off' } }).filter((f) => f.code === 'internal-error').length, 0);
});
