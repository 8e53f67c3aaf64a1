// The editor features through the protocol, as an editor asks for them: inlay hints on the seed rollout (with its HPA
// in the same file, and in another open file through the workspace), hover on a step, a field and a finding,
// completion of fields, values, label keys and names, and the outline. Then the two canary warnings as rule cases.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { CompletionItem, DocumentSymbol, Hover, InlayHint, Position } from 'vscode-languageserver-protocol';
import { LspClient } from './client';
import { checkRuleCase } from './ruleCases';

const ROLLOUT = readFileSync('test/fixtures/seed/rollout.yaml', 'utf8');
const HPA = readFileSync('test/fixtures/seed/hpa.yaml', 'utf8');
const SERVICE = readFileSync('test/fixtures/seed/service.yaml', 'utf8');

let c: LspClient;
before(async () => {
  c = await LspClient.start();
});
after(async () => {
  await c.stop();
});

/** The position of `needle` (its `dx`-th character) in `text`. */
function at(text: string, needle: string, dx = 0): Position {
  const lines = text.split('\n');
  const line = lines.findIndex((l) => l.includes(needle));
  assert.ok(line >= 0, `${needle} is in the text`);
  return { line, character: lines[line]!.indexOf(needle) + dx };
}

/** The line that is exactly `line`. */
function lineIs(text: string, line: string): number {
  const n = text.split('\n').indexOf(line);
  assert.ok(n >= 0, `a line ${JSON.stringify(line)}`);
  return n;
}

const everything = { start: { line: 0, character: 0 }, end: { line: 10000, character: 0 } };
const hints = (uri: string) => c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: everything });
const labelOf = (h: InlayHint) => (typeof h.label === 'string' ? h.label : h.label.map((p) => p.value).join(''));

test('the server announces inlay hints, hover, completion and the outline', () => {
  const caps = c.initializeResult.capabilities;
  assert.ok(caps.inlayHintProvider);
  assert.ok(caps.hoverProvider);
  assert.ok(caps.completionProvider);
  assert.ok(caps.documentSymbolProvider);
});

test('inlay hints: the seed rollout with its HPA in the file runs 1 canary / 5 stable (16 %) at setWeight 20, after the value', async () => {
  const text = `${ROLLOUT}${HPA}`;
  const uri = 'file:///editor/seed-with-hpa.yaml';
  await c.open(uri, text);
  const got = await hints(uri);
  const first = got.find((h) => h.position.line === at(text, 'setWeight: 20').line);
  assert.ok(first, JSON.stringify(got));
  assert.equal(labelOf(first), '→ 1 canary / 5 stable · 16 % (min 6) · 7 / 29 · 19 % (max 36)');
  assert.deepEqual(first.position, at(text, 'setWeight: 20', 'setWeight: 20'.length));
  const labels = got.map(labelOf);
  assert.equal(labels[1], '⏸ manual promotion');
  assert.equal(labels[3], '⏸ 20s (total 20s)');
  assert.equal(labels[7], '⏸ 20s (total 1m)');
  assert.equal(got.length, 8);
  // only the requested lines
  const one = await c.request<InlayHint[]>('textDocument/inlayHint', { textDocument: { uri }, range: { start: at(text, 'pause: {}'), end: at(text, 'pause: {}', 9) } });
  assert.deepEqual(one.map(labelOf), ['⏸ manual promotion']);
  await c.close(uri);
});

test('inlay hints: the HPA in another open file is found through the workspace; without it, 1 replica', async () => {
  const rolloutUri = 'file:///editor/split/rollout.yaml';
  await c.open(rolloutUri, ROLLOUT);
  await c.diagnosticsFor(rolloutUri, 1);
  // no spec.replicas and no HPA yet: the controller's 1 replica, and the default maxSurge (25 % of 1, rounded up) adds one
  assert.equal(labelOf((await hints(rolloutUri))[0]!), '→ 1 canary / 1 stable · 50 %');
  const hpaUri = 'file:///editor/split/hpa.yaml';
  await c.open(hpaUri, HPA);
  await c.diagnosticsFor(hpaUri, 1);
  let label = '';
  for (let i = 0; i < 100; i++) {
    label = labelOf((await hints(rolloutUri))[0]!);
    if (label.includes('16 %')) break;
    await new Promise((r) => setTimeout(r, 50));
  }
  assert.equal(label, '→ 1 canary / 5 stable · 16 % (min 6) · 7 / 29 · 19 % (max 36)');
  await c.close(hpaUri);
  await c.close(rolloutUri);
});

test('hover: a step shows its arithmetic, a key its meaning, a finding its code and link', async () => {
  const text = `${ROLLOUT}${HPA}`;
  const uri = 'file:///editor/hover.yaml';
  await c.open(uri, text);
  const diags = await c.diagnosticsFor(uri, 1);
  const hover = (p: Position) => c.request<Hover | null>('textDocument/hover', { textDocument: { uri }, position: p });
  const value = (h: Hover | null) => (h && typeof h.contents === 'object' && 'value' in h.contents ? h.contents.value : '');

  const step = value(await hover(at(text, 'setWeight: 20', 12)));
  assert.match(step, /\*\*Step 1 · setWeight 20\*\*/);
  assert.match(step, /\| 6 \(HPA flaskdemo-hpa minReplicas\) \| 1 \| 5 \| 16 % \|/);
  assert.match(step, /\| 36 \(HPA flaskdemo-hpa maxReplicas\) \| 7 \| 29 \| 19 % \|/);
  const pause = value(await hover(at(text, 'pause: {}', 2)));
  assert.match(pause, /\*\*Step 2 · pause\*\* at weight 20 %/);
  assert.match(pause, /kubectl argo rollouts promote flaskdemo/);

  const min = await hover(at(text, 'minReplicas', 3));
  assert.match(value(min), /^\*\*minReplicas\*\*: minReplicas is the lower limit for the number of replicas/);
  assert.deepEqual(min!.range, { start: at(text, 'minReplicas'), end: at(text, 'minReplicas', 'minReplicas'.length) });
  assert.match(value(await hover(at(text, 'revisionHistoryLimit', 1))), /How many old ReplicaSets to keep/);
  assert.match(value(await hover(at(text, 'containers:', 1))), /List of containers belonging to the pod/);

  const topo = diags.find((d) => d.code === 'unknown-topology-key');
  assert.ok(topo, JSON.stringify(diags));
  const onFinding = value(await hover(topo.range.start));
  assert.match(onFinding, /\*\*`unknown-topology-key`\*\* \(warning\)/);
  assert.match(onFinding, /docs\/rules\.md#unknown-topology-key\)/);
  assert.equal(await hover({ line: 0, character: 0 }), null);
  await c.close(uri);
});

test('completion: fields with their meaning, enum values, label keys, topology keys and the names a field refers to', async () => {
  const labelsOf = (items: CompletionItem[]) => items.map((i) => i.label);
  const complete = async (text: string, p: Position) => {
    const uri = `file:///editor/complete-${Math.random().toString(36).slice(2)}.yaml`;
    await c.open(uri, text);
    const items = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: p });
    await c.close(uri);
    return items;
  };
  // a new step: the step types, setWeight with what it means
  const newStep = ROLLOUT.replace('      - setWeight: 20\n', '      - setWeight: 20\n      - \n');
  const steps = await complete(newStep, { line: lineIs(newStep, '      - '), character: 8 });
  assert.ok(labelsOf(steps).includes('setWeight') && labelsOf(steps).includes('pause'), JSON.stringify(labelsOf(steps)));
  const sw = steps.find((i) => i.label === 'setWeight')!;
  assert.match(JSON.stringify(sw.documentation), /whole pods/);
  // spec of an HPA: its fields, the ones already there left out
  const hpaSpec = HPA.replace('  maxReplicas: 36\n', '  maxReplicas: 36\n  \n');
  const hpaFields = labelsOf(await complete(hpaSpec, { line: at(hpaSpec, '  maxReplicas: 36').line + 1, character: 2 }));
  assert.ok(hpaFields.includes('metrics') === false && hpaFields.includes('maxReplicas') === false, JSON.stringify(hpaFields));
  // v2beta1 has no `behavior`; the schema of the document's own apiVersion is used
  assert.ok(!hpaFields.includes('behavior'), JSON.stringify(hpaFields));
  // enum values: a Service's type
  const svc = SERVICE.replace('  type: LoadBalancer', '  type: ');
  const types = labelsOf(await complete(svc, { line: at(svc, '  type: ').line, character: 8 }));
  assert.deepEqual([...types].sort(), ['ClusterIP', 'ExternalName', 'LoadBalancer', 'NodePort']);
  // label keys in labels, node labels for topologyKey
  const labels = ROLLOUT.replace('    app: flaskdemo\n  name: flaskdemo', '    app: flaskdemo\n    \n  name: flaskdemo');
  const labelKeys = labelsOf(await complete(labels, { line: at(labels, '    app: flaskdemo').line + 1, character: 4 }));
  assert.ok(labelKeys.includes('app.kubernetes.io/name'), JSON.stringify(labelKeys));
  const topo = ROLLOUT.replace('topologyKey: kubernets.io/zone', 'topologyKey: ');
  const nodeKeys = labelsOf(await complete(topo, at(topo, 'topologyKey: ', 'topologyKey: '.length)));
  assert.ok(nodeKeys.includes('topology.kubernetes.io/zone'), JSON.stringify(nodeKeys));
  // names: the Service of the same file for stableService, the rollout for the HPA's scaleTargetRef.name
  const withSvc = `${ROLLOUT.replace('    canary:\n', '    canary:\n      stableService: \n')}${SERVICE}`;
  const names = await complete(withSvc, at(withSvc, 'stableService: ', 'stableService: '.length));
  assert.deepEqual(labelsOf(names), ['lb-service']);
  // typed `:` brings the values with their space; a typed space asks only after `key: `, not on indentation
  const colon = SERVICE.replace('  type: LoadBalancer', '  type:');
  const afterColon = await complete(colon, { line: lineIs(colon, '  type:'), character: 7 });
  assert.equal(afterColon.find((i) => i.label === 'NodePort')?.insertText, ' NodePort');
  const complete2 = async (text: string, p: Position, triggerCharacter: string) => {
    const uri = `file:///editor/trigger-${Math.random().toString(36).slice(2)}.yaml`;
    await c.open(uri, text);
    const items = await c.request<CompletionItem[]>('textDocument/completion', { textDocument: { uri }, position: p, context: { triggerKind: 2, triggerCharacter } });
    await c.close(uri);
    return items;
  };
  assert.deepEqual(await complete2(hpaSpec, { line: at(hpaSpec, '  maxReplicas: 36').line + 1, character: 2 }, ' '), []);
  assert.equal((await complete2(svc, { line: at(svc, '  type: ').line, character: 8 }, ' ')).length, 4);
  const target = `${ROLLOUT}${HPA.replace('    name: flaskdemo', '    name: ')}`;
  assert.deepEqual(labelsOf(await complete(target, { line: lineIs(target, '    name: '), character: 10 })), ['flaskdemo']);
});

test('outline: each document as Kind name, the rollout strategy and numbered steps, HPA metrics, Service ports', async () => {
  const text = `${ROLLOUT}${HPA}${SERVICE}`;
  const uri = 'file:///editor/outline.yaml';
  await c.open(uri, text);
  const symbols = await c.request<DocumentSymbol[]>('textDocument/documentSymbol', { textDocument: { uri } });
  assert.deepEqual(symbols.map((s) => s.name), ['Rollout flaskdemo', 'HorizontalPodAutoscaler flaskdemo-hpa', 'Service lb-service']);
  const strategy = symbols[0]!.children![0]!;
  assert.equal(strategy.name, 'strategy › canary');
  const steps = strategy.children![0]!.children!;
  assert.deepEqual(steps.map((s) => s.name), ['1. setWeight 20', '2. pause', '3. setWeight 40', '4. pause', '5. setWeight 60', '6. pause', '7. setWeight 80', '8. pause']);
  assert.equal(steps[1]!.detail, 'until promoted');
  assert.equal(steps[3]!.detail, '20s');
  assert.match(steps[0]!.detail!, /^1 canary \/ 5 stable · 16 %/);
  assert.equal(steps[0]!.selectionRange.start.line, at(text, 'setWeight: 20').line);
  const hpa = symbols[1]!.children!;
  assert.deepEqual(hpa.map((s) => s.name), ['→ Rollout flaskdemo', 'metrics']);
  assert.equal(hpa[0]!.detail, '6–36 replicas');
  assert.deepEqual(hpa[1]!.children!.map((s) => `${s.name} ${s.detail}`), ['Resource cpu 60 %']);
  assert.deepEqual(symbols[2]!.children!.map((s) => `${s.name} ${s.detail}`), ['80 → 5000 TCP']);
  // every selection range lies inside its range (editors reject the outline otherwise)
  const inside = (s: DocumentSymbol): void => {
    const before = (a: Position, b: Position) => a.line < b.line || (a.line === b.line && a.character <= b.character);
    assert.ok(before(s.range.start, s.selectionRange.start) && before(s.selectionRange.end, s.range.end), s.name);
    for (const ch of s.children ?? []) inside(ch);
  };
  symbols.forEach(inside);
  await c.close(uri);
});

// ---------------------------------------------------------------------------------------------------------------

const TINY = (replicas: number, steps: string) => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: tiny
spec:
  replicas: ${replicas}
  selector:
    matchLabels:
      app: tiny
  template:
    metadata:
      labels:
        app: tiny
    spec:
      containers:
      - name: tiny
        image: registry.example/tiny:1
  strategy:
    canary:
      maxSurge: 0
      maxUnavailable: 1
      steps:
${steps}`;

test('canary-weight-zero through the protocol', async () => {
  await checkRuleCase(c, {
    code: 'canary-weight-zero',
    bad: TINY(1, '      - setWeight: 20 # one pod cannot be 20 %\n      - pause: {}\n'),
    good: TINY(5, '      - setWeight: 20 # one pod cannot be 20 %\n      - pause: {}\n'),
    at: '20',
    severity: 2,
    message: /setWeight 20 runs 0 canary pods at 1 replica/,
  });
});

test('canary-weight-jump through the protocol', async () => {
  await checkRuleCase(c, {
    code: 'canary-weight-jump',
    bad: TINY(1, '      - setWeight: 60\n      - pause: {}\n'),
    good: TINY(2, '      - setWeight: 60\n      - pause: {}\n'),
    at: '60',
    severity: 2,
    message: /straight to 100 %/,
  });
});

test('an HPA opened in another file changes the verdict: 1 replica (the default) warns, the HPA\'s 5 do not', async () => {
  const rolloutUri = 'file:///editor/hpa-verdict/rollout.yaml';
  const text = TINY(1, '      - setWeight: 20\n      - pause: {}\n').replace('  replicas: 1\n', '');
  await c.open(rolloutUri, text);
  const before = await c.diagnosticsFor(rolloutUri, 1);
  assert.deepEqual(before.filter((d) => d.code?.toString().startsWith('canary-')).map((d) => d.code), ['canary-weight-zero']);
  assert.match(before.find((d) => d.code === 'canary-weight-zero')!.message, /at 1 replica \(no spec\.replicas: the controller sets 1, maxSurge 0\)/);
  const hpaUri = 'file:///editor/hpa-verdict/hpa.yaml';
  await c.open(hpaUri, HPA.replace('name: flaskdemo\n', 'name: tiny\n').replace('minReplicas: 6', 'minReplicas: 5'));
  const after = await c.diagnostics(rolloutUri, (p) => !p.diagnostics.some((d) => d.code === 'canary-weight-zero'));
  assert.deepEqual(after.diagnostics.filter((d) => String(d.code).startsWith('canary-')), []);
  await c.close(hpaUri);
  await c.close(rolloutUri);
});
