// Rule levels and disable comments through the protocol: rolloutPilot.rules pulled with workspace/configuration,
// and a `# rollout-pilot-disable-next-line` comment typed into an open document.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LspClient } from './client';

const ROLLOUT = readFileSync('test/fixtures/seed/rollout.yaml', 'utf8');
const clients: LspClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
});

test('rolloutPilot.rules: a level changes the severity, off hides the finding, a bad level is named', async () => {
  let rules: Record<string, unknown> = { 'unknown-topology-key': 'error' };
  const c = await LspClient.start({ configuration: () => ({ rules }) });
  clients.push(c);
  const uri = 'file:///controls/rollout.yaml';
  await c.open(uri, ROLLOUT);
  const raised = (await c.diagnosticsFor(uri, 1)).filter((d) => d.code === 'unknown-topology-key');
  assert.equal(raised.length, 1);
  assert.equal(raised[0]!.severity, 1);

  rules = { 'unknown-topology-key': 'off', 'argo-step': 'loud' };
  await c.notify('workspace/didChangeConfiguration', { settings: null });
  const off = await c.diagnostics(uri, (p) => !p.diagnostics.some((d) => d.code === 'unknown-topology-key'));
  assert.equal(off.version, 1);
  for (let i = 0; i < 50 && !c.messages.some((m) => m.message.includes('argo-step')); i++) await new Promise((r) => setTimeout(r, 20));
  assert.ok(c.messages.some((m) => /rolloutPilot\.rules: "argo-step" must be one of/.test(m.message)), JSON.stringify(c.messages));
});

test('a disable comment typed above the line silences that finding; a misspelled code is reported', async () => {
  const c = await LspClient.start();
  clients.push(c);
  const uri = 'file:///controls/typed.yaml';
  await c.open(uri, ROLLOUT);
  const first = await c.diagnosticsFor(uri, 1);
  const d = first.find((x) => x.code === 'unknown-topology-key');
  assert.ok(d);
  const line = d.range.start.line;
  const indent = /^\s*/.exec(ROLLOUT.split('\n')[line]!)![0];
  const insert = (comment: string) => ({ range: { start: { line, character: 0 }, end: { line, character: 0 } }, text: `${indent}${comment}\n` });
  await c.change(uri, 2, [insert('# rollout-pilot-disable-next-line unknown-topology-key')]);
  const second = await c.diagnosticsFor(uri, 2);
  assert.deepEqual(second.filter((x) => x.code === 'unknown-topology-key'), []);
  assert.equal(second.length, first.length - 1);

  await c.change(uri, 3, [{ range: { start: { line, character: indent.length + 34 }, end: { line, character: indent.length + 54 } }, text: 'unknown-topology-kye' }]);
  const third = await c.diagnosticsFor(uri, 3);
  assert.equal(third.filter((x) => x.code === 'unknown-topology-key').length, 1);
  const typo = third.find((x) => x.code === 'unknown-rule-code');
  assert.ok(typo, JSON.stringify(third));
  assert.equal(typo.range.start.line, line);
});
