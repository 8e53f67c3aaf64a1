// The language server as an editor sees it: dist/server.js over stdio (and node IPC), documents opened, edited
// incrementally and closed, diagnostics and quick fixes read back from the wire.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient, textOf, applyEdits } from './client';
import { ServerStatusSchema, SERVER_STATUS_METHOD } from '../../server/src/lsp/protocol';

const seed = (name: string) => readFileSync(`test/fixtures/seed/${name}`, 'utf8');
const ROLLOUT = seed('rollout.yaml');
const HPA = seed('hpa.yaml');
const SERVICE = seed('service.yaml');
const DOCS = 'https://github.com/rollout-pilot/rollout-pilot/blob/main/docs/rules.md';

const clients: LspClient[] = [];
async function start(...args: Parameters<typeof LspClient.start>): Promise<LspClient> {
  const c = await LspClient.start(...args);
  clients.push(c);
  return c;
}
after(async () => {
  for (const c of clients) await c.stop();
});

function byCode(diags: Diagnostic[], code: string): Diagnostic[] {
  return diags.filter((d) => d.code === code);
}

test('the seed Rollout: the topologyKey typo is a warning on its value, with a preferred quick fix', async () => {
  const c = await start();
  const uri = 'file:///seed/rollout.yaml';
  await c.open(uri, ROLLOUT);
  const diags = await c.diagnosticsFor(uri, 1);
  const [d, ...others] = byCode(diags, 'unknown-topology-key');
  assert.ok(d, JSON.stringify(diags));
  assert.equal(others.length, 0);
  assert.equal(textOf(ROLLOUT, d.range), 'kubernets.io/zone');
  assert.deepEqual(d.range, { start: { line: 39, character: 29 }, end: { line: 39, character: 46 } });
  assert.equal(d.severity, 2 /* Warning */);
  assert.equal(d.source, 'rollout-pilot');
  assert.equal(d.codeDescription?.href, `${DOCS}#unknown-topology-key`);
  assert.match(d.message, /topology\.kubernetes\.io\/zone/);

  // the editor asks for code actions at the cursor on the diagnostic, passing the diagnostic it shows
  const cursor = { start: { line: 39, character: 33 }, end: { line: 39, character: 33 } };
  const actions = await c.codeActions(uri, cursor, [d]);
  assert.equal(actions.length, 1, JSON.stringify(actions));
  const a = actions[0]!;
  assert.equal(a.kind, 'quickfix');
  assert.equal(a.isPreferred, true);
  assert.deepEqual(a.diagnostics, [d]);
  const edits = a.edit?.changes?.[uri];
  assert.ok(edits);
  const fixed = applyEdits(ROLLOUT, edits);
  assert.match(fixed, /topologyKey: topology\.kubernetes\.io\/zone\n/);

  // applying it (as the editor does, through an incremental change) clears the diagnostic
  await c.change(uri, 2, edits.map((e) => ({ range: e.range, text: e.newText })));
  assert.deepEqual(byCode(await c.diagnosticsFor(uri, 2), 'unknown-topology-key'), []);

  // no quick fix elsewhere in the file
  assert.deepEqual(await c.codeActions(uri, { start: { line: 3, character: 0 }, end: { line: 3, character: 0 } }), []);
});

test('the seed HPA: the removed autoscaling/v2beta1 is an error on the apiVersion value', async () => {
  const c = await start();
  const uri = 'file:///seed/hpa.yaml';
  await c.open(uri, HPA);
  const diags = await c.diagnosticsFor(uri, 1);
  const [d] = byCode(diags, 'removed-api-version');
  assert.ok(d, `expected removed-api-version, got ${JSON.stringify(diags)}`);
  assert.equal(textOf(HPA, d.range), 'autoscaling/v2beta1');
  assert.equal(d.severity, 1 /* Error */);
  assert.equal(d.source, 'rollout-pilot');
  assert.equal(d.codeDescription?.href, `${DOCS}#removed-api-version`);
});

test('the seed Service: the removed spec.topologyKeys is an error on the key', async () => {
  const c = await start();
  const uri = 'file:///seed/service.yaml';
  await c.open(uri, SERVICE);
  const diags = await c.diagnosticsFor(uri, 1);
  const [d] = byCode(diags, 'removed-field');
  assert.ok(d, `expected removed-field, got ${JSON.stringify(diags)}`);
  assert.equal(textOf(SERVICE, d.range), 'topologyKeys');
  assert.equal(d.severity, 1 /* Error */);
  assert.equal(d.source, 'rollout-pilot');
});

test('incremental edits re-check the document and publish for the new version', async () => {
  const c = await start();
  const uri = 'file:///edit/rollout.yaml';
  await c.open(uri, ROLLOUT, 1);
  assert.equal(byCode(await c.diagnosticsFor(uri, 1), 'unknown-topology-key').length, 1);

  // kubernets.io/zone → kubernetes.io/zone (insert one character): still not a node label
  const line = 39;
  await c.change(uri, 2, [{ range: { start: { line, character: 37 }, end: { line, character: 37 } }, text: 'e' }]);
  const v2 = byCode(await c.diagnosticsFor(uri, 2), 'unknown-topology-key');
  assert.equal(v2.length, 1);
  assert.deepEqual(v2[0]!.range, { start: { line, character: 29 }, end: { line, character: 47 } });

  // → topology.kubernetes.io/zone: fixed
  await c.change(uri, 3, [{ range: { start: { line, character: 29 }, end: { line, character: 29 } }, text: 'topology.' }]);
  assert.deepEqual(byCode(await c.diagnosticsFor(uri, 3), 'unknown-topology-key'), []);

  // lines inserted above move the finding down
  await c.change(uri, 4, [{ range: { start: { line, character: 29 }, end: { line, character: 38 } }, text: '' }]);
  await c.change(uri, 5, [{ range: { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }, text: '# a\n# b\n' }]);
  const v5 = await c.diagnostics(uri, (p) => p.version === 5);
  assert.deepEqual(
    byCode(v5.diagnostics, 'unknown-topology-key').map((d) => d.range.start),
    [{ line: line + 2, character: 29 }],
  );
});

test('a burst of changes is coalesced and the last version wins', async () => {
  const c = await start();
  const uri = 'file:///burst/rollout.yaml';
  await c.open(uri, ROLLOUT, 1);
  await c.diagnosticsFor(uri, 1);
  const before = c.published.filter((p) => p.uri === uri).length;
  // 30 one-character edits sent without waiting, as a fast typist or a macro would; the last one fixes the typo
  const line = 39;
  const sends: Array<Promise<void>> = [];
  for (let i = 0; i < 29; i++) {
    sends.push(c.change(uri, 2 + i, [{ range: { start: { line: 5, character: 0 }, end: { line: 5, character: 0 } }, text: ' ' }]));
  }
  sends.push(c.change(uri, 31, [{ range: { start: { line, character: 29 }, end: { line, character: 46 } }, text: 'kubernetes.io/hostname' }]));
  await Promise.all(sends);
  const last = await c.diagnosticsFor(uri, 31);
  assert.deepEqual(byCode(last, 'unknown-topology-key'), []);
  const publications = c.published.filter((p) => p.uri === uri).length - before;
  assert.ok(publications < 30, `expected coalesced publications, got ${publications}`);
});

test('a multi-document file with one broken document still reports the others', async () => {
  const c = await start();
  const uri = 'file:///multi/all.yaml';
  const broken = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [oops\n';
  const text = `${ROLLOUT}---\n${broken}---\n${SERVICE.replace('app: lb-service', 'app.kubernetes.io/nmae: lb-service')}`;
  await c.open(uri, text);
  const diags = await c.diagnosticsFor(uri, 1);
  const rolloutLines = ROLLOUT.split('\n').length - 1;
  const topo = byCode(diags, 'unknown-topology-key');
  assert.equal(topo.length, 1);
  assert.equal(textOf(text, topo[0]!.range), 'kubernets.io/zone');
  const syntax = byCode(diags, 'yaml-syntax');
  assert.ok(syntax.length >= 1, JSON.stringify(diags));
  for (const d of syntax) {
    assert.ok(d.range.start.line > rolloutLines && d.range.start.line <= rolloutLines + 5, JSON.stringify(d.range));
    assert.equal(d.severity, 1);
  }
  const label = byCode(diags, 'misspelled-label');
  assert.equal(label.length, 1, JSON.stringify(diags));
  assert.equal(textOf(text, label[0]!.range), 'app.kubernetes.io/nmae');
  assert.ok(label[0]!.range.start.line > rolloutLines + 5);
});

test('non-Kubernetes YAML gets an empty list; other languages get nothing; close clears', async () => {
  const c = await start();
  const compose = 'file:///other/docker-compose.yml';
  await c.open(compose, 'services:\n  web:\n    image: nginx\n    ports: ["80:80"]\n');
  assert.deepEqual(await c.diagnosticsFor(compose, 1), []);

  const txt = 'file:///other/notes.txt';
  await c.open(txt, 'apiVersion: v1\nkind: Service\nmetadata:\n  labels: {app.kubernetes.io/nmae: x}\n', 1, 'plaintext');
  // a YAML document opened after it is answered; by then the text document would have been answered too
  const uri = 'file:///other/rollout.yml';
  await c.open(uri, ROLLOUT, 7, 'plaintext'); // a .yml file is checked whatever language id the client sends
  assert.equal(byCode(await c.diagnosticsFor(uri, 7), 'unknown-topology-key').length, 1);
  assert.equal(c.published.filter((p) => p.uri === txt).length, 0);

  const status = ServerStatusSchema.parse(await c.request(SERVER_STATUS_METHOD));
  assert.equal(status.documents, 2);

  await c.close(uri);
  const cleared = await c.diagnostics(uri, (p) => p.diagnostics.length === 0);
  assert.deepEqual(cleared.diagnostics, []);
  assert.equal(ServerStatusSchema.parse(await c.request(SERVER_STATUS_METHOD)).documents, 1);
});

test('settings pulled with workspace/configuration; a change re-checks open documents', async () => {
  let config: Record<string, unknown> = { kubernetesVersion: '1.36', schemaDiagnostics: true, maxFileSizeKb: 5120 };
  const c = await start({ configuration: () => config });
  const big = 'file:///settings/big.yaml';
  // a 100 KB file: a valid Service followed by padding comments, then the seed Rollout at the end
  const padding = `${'# padding line ..........................................................\n'.repeat(1400)}`;
  const bigText = `${SERVICE.replace(/ {2}topologyKeys:[\s\S]*$/, '')}${padding}---\n${ROLLOUT}`;
  assert.ok(bigText.length > 100 * 1024);
  await c.open(big, bigText);
  const first = await c.diagnosticsFor(big, 1);
  assert.deepEqual(byCode(first, 'file-too-large'), []);
  assert.equal(byCode(first, 'unknown-topology-key').length, 1);
  assert.ok(c.configurationRequests >= 1);

  const hpa = 'file:///settings/hpa.yaml';
  await c.open(hpa, HPA);
  const hpaFirst = await c.diagnosticsFor(hpa, 1);
  const shape = 'file:///settings/shape.yaml';
  await c.open(shape, 'apiVersion: v1\nkind: Service\nmetadata: {name: web}\nspec:\n  ports: [{port: 80}]\n  selectr: {app: web}\n');
  assert.equal(byCode(await c.diagnosticsFor(shape, 1), 'unknown-field').length, 1);

  config = { kubernetesVersion: '1.24', schemaDiagnostics: false, maxFileSizeKb: 64 };
  const asked = c.configurationRequests;
  await c.notify('workspace/didChangeConfiguration', { settings: null });
  const second = await c.diagnostics(big, (p) => byCode(p.diagnostics, 'file-too-large').length > 0);
  assert.ok(c.configurationRequests > asked);
  const tooLarge = byCode(second.diagnostics, 'file-too-large')[0]!;
  assert.equal(tooLarge.severity, 3 /* Information */);
  assert.deepEqual(byCode(second.diagnostics, 'unknown-topology-key'), [], 'the part after 64 KB is not checked');
  const status = ServerStatusSchema.parse(await c.request(SERVER_STATUS_METHOD));
  assert.equal(status.kubernetesVersion, '1.24');
  assert.equal(status.maxFileSizeKb, 64);
  assert.equal(status.schemaDiagnostics, false);
  // schemaDiagnostics off: shape findings are left to another YAML extension
  const shapeSecond = await c.diagnostics(shape, () => c.published.filter((p) => p.uri === shape).length >= 2);
  assert.deepEqual(shapeSecond.diagnostics, []);

  // autoscaling/v2beta1 is removed in 1.25: reported against 1.36, not against 1.24
  assert.equal(byCode(hpaFirst, 'removed-api-version').length, 1, JSON.stringify(hpaFirst));
  const hpaSecond = await c.diagnostics(hpa, () => c.published.filter((p) => p.uri === hpa).length >= 2);
  assert.deepEqual(byCode(hpaSecond.diagnostics, 'removed-api-version'), []);
});

test('settings given with initialize: documents are checked before workspace/configuration is answered, again if it differs', async () => {
  let answer!: (settings: unknown) => void;
  const pulled = new Promise<unknown>((resolve) => (answer = resolve));
  const c = await start({ initializationOptions: { rolloutPilot: { kubernetesVersion: '1.24' } }, configuration: () => pulled });
  const hpa = 'file:///init-settings/hpa.yaml';
  await c.open(hpa, HPA);
  // autoscaling/v2beta1 is removed in 1.25: not at the 1.24 the client gave with initialize
  const first = await c.diagnosticsFor(hpa, 1);
  assert.equal(c.configurationRequests, 1, 'asked, not answered yet');
  assert.deepEqual(byCode(first, 'removed-api-version'), []);
  answer({ kubernetesVersion: '1.30' });
  const second = await c.diagnostics(hpa, (p) => byCode(p.diagnostics, 'removed-api-version').length > 0);
  assert.equal(byCode(second.diagnostics, 'removed-api-version').length, 1);
});

test('initializationOptions for clients without workspace/configuration; invalid values warn once', async () => {
  const c = await start({ initializationOptions: { kubernetesVersion: 'latest', maxFileSizeKb: 64, schemaDiagnostics: 'yes' } });
  const status = ServerStatusSchema.parse(await c.request(SERVER_STATUS_METHOD));
  assert.deepEqual(
    { k: status.kubernetesVersion, s: status.schemaDiagnostics, m: status.maxFileSizeKb },
    { k: '1.36', s: true, m: 64 },
  );
  const warnings = c.messages.filter((m) => m.type === 2);
  assert.equal(warnings.length, 2, JSON.stringify(c.messages));
  assert.ok(warnings.some((m) => m.message.includes('rolloutPilot.kubernetesVersion') && m.message.includes('"latest"')));
  assert.ok(warnings.some((m) => m.message.includes('rolloutPilot.schemaDiagnostics')));

  const uri = 'file:///init/big.yaml';
  await c.open(uri, `${ROLLOUT}${'# padding\n'.repeat(8000)}`);
  assert.equal(byCode(await c.diagnosticsFor(uri, 1), 'file-too-large').length, 1);

  // a client without configuration support pushes settings; the same bad value does not warn twice
  await c.notify('workspace/didChangeConfiguration', { settings: { rolloutPilot: { kubernetesVersion: 'latest', maxFileSizeKb: 5120 } } });
  await c.diagnostics(uri, (p) => byCode(p.diagnostics, 'file-too-large').length === 0);
  assert.equal(c.messages.filter((m) => m.type === 2).length, 2);
  await c.notify('workspace/didChangeConfiguration', { settings: { rolloutPilot: { kubernetesVersion: 'v1.30.2' } } });
  const s2 = ServerStatusSchema.parse(await c.request(SERVER_STATUS_METHOD));
  assert.equal(s2.kubernetesVersion, '1.30');
});

test('the server speaks node IPC too (the VS Code client forks it that way)', async () => {
  const c = await start({ transport: 'ipc' });
  assert.equal(c.initializeResult.serverInfo?.name, 'rollout-pilot');
  assert.deepEqual(c.initializeResult.capabilities.textDocumentSync, { openClose: true, change: 2 });
  const uri = 'file:///ipc/rollout.yaml';
  await c.open(uri, ROLLOUT);
  assert.equal(byCode(await c.diagnosticsFor(uri, 1), 'unknown-topology-key').length, 1);
});

test('requests about unknown documents and odd notifications do not hurt the server', async () => {
  const c = await start();
  assert.deepEqual(await c.codeActions('file:///nope.yaml', { start: { line: 0, character: 0 }, end: { line: 0, character: 0 } }), []);
  await c.change('file:///nope.yaml', 3, [{ text: 'x: 1' }]);
  await c.close('file:///nope.yaml');
  await c.notify('workspace/didChangeConfiguration', { settings: 42 });
  const uri = 'file:///after/rollout.yaml';
  await c.open(uri, ROLLOUT);
  assert.equal(byCode(await c.diagnosticsFor(uri, 1), 'unknown-topology-key').length, 1);
  assert.ok(c.alive);
  assert.equal(await c.stop(), 0);
});

test('deprecated node labels are tagged deprecated, so editors strike them through', async () => {
  const c = await start();
  const uri = 'file:///tags/rollout.yaml';
  const text = ROLLOUT.replace('kubernets.io/zone', 'failure-domain.beta.kubernetes.io/zone');
  await c.open(uri, text);
  const [d, ...rest] = byCode(await c.diagnosticsFor(uri, 1), 'deprecated-label');
  assert.equal(rest.length, 0);
  assert.equal(textOf(text, d!.range), 'failure-domain.beta.kubernetes.io/zone');
  assert.deepEqual(d!.tags, [2 /* DiagnosticTag.Deprecated */]);
  assert.equal(d!.severity, 2);
  const [action] = await c.codeActions(uri, d!.range, [d!]);
  assert.equal(action?.edit?.changes?.[uri]?.[0]?.newText, 'topology.kubernetes.io/zone');
});

test('a 10 MB file and an alias bomb: the server bounds its work, says so, and keeps answering', async () => {
  const c = await start();
  // 10 MB of real documents (the seed Rollout over and over), at the default 5120 KB bound
  const copies = Math.ceil((10 * 1024 * 1024) / ROLLOUT.length);
  const huge = Array.from({ length: copies }, () => ROLLOUT.replace(/^---\n/, '')).join('---\n');
  assert.ok(huge.length >= 10 * 1024 * 1024);
  const big = 'file:///limits/huge.yaml';
  await c.open(big, huge);
  const diags = await c.diagnosticsFor(big, 1);
  const [info, ...more] = byCode(diags, 'file-too-large');
  assert.ok(info && more.length === 0, JSON.stringify(diags.slice(0, 3)));
  assert.equal(info.severity, 3 /* Information */);
  assert.deepEqual(info.range.start, { line: 0, character: 0 });
  // the part that was checked was checked: one topologyKey warning per Rollout before the cut, none after it
  const warned = byCode(diags, 'unknown-topology-key');
  assert.ok(warned.length > copies / 3 && warned.length < copies, `${warned.length} of ${copies}`);
  assert.deepEqual(byCode(diags, 'yaml-syntax'), [], 'the cut falls between documents');

  const bomb = 'file:///limits/bomb.yaml';
  const levels = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]'];
  for (let i = 1; i < 10; i++) {
    const prev = String.fromCharCode(96 + i);
    const name = String.fromCharCode(97 + i);
    levels.push(`${name}: &${name} [${Array(9).fill(`*${prev}`).join(',')}]`);
  }
  const bombText = `apiVersion: v1\nkind: Service\nmetadata:\n  name: bomb\n  annotations: {}\nspec:\n  ports: [{port: 80}]\nx:\n${levels.map((l) => `  ${l}`).join('\n')}\n`;
  await c.open(bomb, bombText);
  const bombDiags = await c.diagnosticsFor(bomb, 1);
  assert.deepEqual(byCode(bombDiags, 'unknown-field').length, 1, JSON.stringify(bombDiags));

  // and a small document opened afterwards is answered as usual
  const small = 'file:///limits/service.yaml';
  await c.open(small, SERVICE);
  assert.equal(byCode(await c.diagnosticsFor(small, 1), 'removed-field').length, 1);
  assert.ok(c.alive);
});
