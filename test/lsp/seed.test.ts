// The write-up's own folder as the workspace (rollout.yaml, hpa.yaml, service.yaml), opened together as its author
// would: exactly the three real mistakes nothing caught before, no false link between the files, and the canary
// arithmetic the write-up describes (the HPA's 6 pods: setWeight 20 runs 1 canary pod, an actual weight of 16 %).
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { InlayHint } from 'vscode-languageserver-protocol';
import { LspClient, textOf } from './client';

const DIR = resolve('test/fixtures/seed');
const files = ['rollout.yaml', 'hpa.yaml', 'service.yaml'].map((name) => ({
  name,
  uri: pathToFileURL(`${DIR}/${name}`).href,
  text: readFileSync(`${DIR}/${name}`, 'utf8'),
}));

let client: LspClient | undefined;
let alone: LspClient | undefined;
after(async () => {
  await client?.stop();
  await alone?.stop();
});

const hintsOf = (c: LspClient, uri: string, text: string) =>
  c.request<InlayHint[]>('textDocument/inlayHint', {
    textDocument: { uri },
    range: { start: { line: 0, character: 0 }, end: { line: text.split('\n').length, character: 0 } },
  });
const labelOf = (h: InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));

test('only the Rollout open: the HPA is read from disk, and the editor is asked to pull the hints again', async () => {
  alone = await LspClient.start({ rootUri: pathToFileURL(DIR).href });
  const c = alone;
  const rollout = files[0]!;
  await c.open(rollout.uri, rollout.text);
  // until the folder is read the HPA is unknown: the rollout is judged at its 1 replica
  for (let i = 0; i < 500 && c.inlayHintRefreshes === 0; i++) await new Promise((r) => setTimeout(r, 10));
  assert.ok(c.inlayHintRefreshes > 0, 'workspace/inlayHint/refresh after the folder was read');
  const at20 = (await hintsOf(c, rollout.uri, rollout.text)).find((h) => h.position.line === 11);
  assert.ok(at20);
  assert.match(labelOf(at20), /^→ 1 canary \/ 5 stable · 16 % \(min 6\)/);
});

test('the seed folder opened together: the three mistakes, nothing else, and 1 canary pod at 16 % from the HPA', async () => {
  client = await LspClient.start({ rootUri: pathToFileURL(DIR).href });
  const c = client;
  for (const f of files) await c.open(f.uri, f.text);
  // the folder is read once initialized; the open files are re-checked when it is
  await c.firstRead();
  assert.ok(c.logs.some((l) => /indexed 3 YAML files/.test(l)), c.logs.join('\n'));

  const found: string[] = [];
  for (const f of files) {
    const diags = (await c.diagnosticsFor(f.uri, 1)).map((d) => `${f.name}:${d.range.start.line + 1} ${String(d.code)} ${textOf(f.text, d.range)}`);
    found.push(...diags);
  }
  assert.deepEqual(found.sort(), [
    'hpa.yaml:2 removed-api-version autoscaling/v2beta1',
    'rollout.yaml:40 unknown-topology-key kubernets.io/zone',
    'service.yaml:15 removed-field topologyKeys',
  ]);

  const rollout = files[0]!;
  const hints = await c.request<InlayHint[]>('textDocument/inlayHint', {
    textDocument: { uri: rollout.uri },
    range: { start: { line: 0, character: 0 }, end: { line: rollout.text.split('\n').length, character: 0 } },
  });
  const label = (h: InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));
  const at20 = hints.find((h) => h.position.line === 11);
  assert.ok(at20, JSON.stringify(hints));
  assert.equal(rollout.text.split('\n')[11]!.trim(), '- setWeight: 20');
  assert.match(label(at20), /^→ 1 canary \/ 5 stable · 16 % \(min 6\)/);
  // the write-up's first pause waits for a person
  assert.ok(hints.some((h) => label(h).includes('manual promotion')), hints.map(label).join('\n'));
});
