// Kustomize patch files through the protocol, in a workspace on disk (in a folder whose name needs URI encoding): a
// base and an overlay whose kustomization lists a Rollout, a Service and an HPA strategic-merge patch and a JSON 6902
// patch. Opened in the editor, the patches get no finding of a whole object (required fields, the controller's
// whole-object checks, links), but a misspelled field typed into one is reported; deleting the kustomization on disk
// brings the whole-object findings back, creating it again takes them away. A patch opened as the server starts, before
// its first read of the workspace has reached the kustomization, is a patch from its first diagnostics.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient, applyEdits, delay, textOf } from './client';
import { writeFiles } from '../support/files';
import { diskWorkspace } from './diskWorkspace';

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{name: http, containerPort: 8080}]
        resources: {requests: {cpu: 100m}}
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      trafficRouting:
        nginx: {stableIngress: web}
      steps:
      - setWeight: 20
      - pause: {}
`;
const service = (name: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: web}
  ports:
  - {name: http, port: 80, targetPort: http}
`;
const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web}
  minReplicas: 2
  maxReplicas: 10
`;

const KUSTOMIZATION = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
patches:
- path: rollout-patch.yaml
- path: service-patch.yaml
  target: {kind: Service, name: web-stable}
patchesStrategicMerge:
- hpa-patch.yaml
patchesJson6902:
- target: {group: argoproj.io, version: v1alpha1, kind: Rollout, name: web}
  path: ops.yaml
`;

// a replica count and a longer step list: a Rollout without selector, template or strategy name of its own
const ROLLOUT_PATCH = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  replicas: 10
  strategy:
    canary:
      steps:
      - setWeight: 10
      - setCanaryScale: {weight: 10}
      - pause: {duration: 10m}
      - setWeight: 50
      - pause: {}
`;
const SERVICE_PATCH = `apiVersion: v1
kind: Service
metadata:
  name: not-used
spec:
  ports:
  - port: 80
  - port: 443
`;
const HPA_PATCH = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  minReplicas: 4
`;
const OPS = `- op: replace
  path: /spec/strategy/canary/steps/0/setWeight
  value: 5
- op: add
  path: /spec/template/metadata/labels/tier
  value: {kind: Service, spec: {ports: [{port: 0}]}}
`;

const FILES: Record<string, string> = {
  'base/kustomization.yaml': 'resources: [rollout.yaml, services.yaml, hpa.yaml]\n',
  'base/rollout.yaml': ROLLOUT,
  'base/services.yaml': `${service('web-canary')}---\n${service('web-stable')}`,
  'base/hpa.yaml': HPA,
  'overlays/prod/kustomization.yaml': KUSTOMIZATION,
  'overlays/prod/rollout-patch.yaml': ROLLOUT_PATCH,
  'overlays/prod/service-patch.yaml': SERVICE_PATCH,
  'overlays/prod/hpa-patch.yaml': HPA_PATCH,
  'overlays/prod/ops.yaml': OPS,
};

const ws = diskWorkspace('rp kustomize patches-', FILES);
const uri = ws.uri;
const write = (p: string, text: string) => writeFiles(ws.root, { [p]: text });
const watched = (path: string, type: 1 | 2 | 3) => ws.client.notify('workspace/didChangeWatchedFiles', { changes: [{ uri: uri(path), type }] });
const brief = (text: string, ds: Diagnostic[]) => ds.map((d) => `${String(d.code)} ${textOf(text, d.range).split('\n')[0]}`).sort();
const has = (code: string) => (p: PublishDiagnosticsParams) => p.diagnostics.some((d) => d.code === code);

const PATCHES: Array<[string, string]> = [
  ['overlays/prod/rollout-patch.yaml', ROLLOUT_PATCH],
  ['overlays/prod/service-patch.yaml', SERVICE_PATCH],
  ['overlays/prod/hpa-patch.yaml', HPA_PATCH],
  ['overlays/prod/ops.yaml', OPS],
];

test('the patches open in the editor: no finding of a whole object', async () => {
  assert.ok(ws.client.logs.some((l) => /indexed 9 YAML files/.test(l)), ws.client.logs.join('\n'));
  for (const [p, text] of PATCHES) {
    await ws.client.open(uri(p), text);
    assert.deepEqual(brief(text, await ws.client.diagnosticsFor(uri(p), 1)), [], p);
  }
  // the base is still checked as a whole object, with its links
  await ws.client.open(uri('base/rollout.yaml'), ROLLOUT.replace('  selector:\n    matchLabels: {app: web}\n', ''));
  assert.ok((await ws.client.diagnosticsFor(uri('base/rollout.yaml'), 1)).some((d) => d.code === 'argo-selector'));
  await ws.client.close(uri('base/rollout.yaml'));
});

test('no canary arithmetic in a Rollout patch (its replicas and traffic routing are the merged Rollout\'s); the base has it', async () => {
  const everything = { start: { line: 0, character: 0 }, end: { line: 1000, character: 0 } };
  const u = uri('overlays/prod/rollout-patch.yaml'); // open since the first test
  assert.deepEqual(await ws.client.request('textDocument/inlayHint', { textDocument: { uri: u }, range: everything }), []);
  const step = ROLLOUT_PATCH.split('\n').findIndex((l) => l.includes('setWeight: 10'));
  const hover = await ws.client.request<{ contents: { value: string } } | null>('textDocument/hover', { textDocument: { uri: u }, position: { line: step, character: 9 } });
  assert.ok(!hover || !/canary \/|stable/.test(hover.contents.value), hover?.contents.value);
  // the same steps in a whole Rollout without trafficRouting get their hints
  const whole = uri('base/rollout-canary.yaml');
  const text = ROLLOUT.replace('      trafficRouting:\n        nginx: {stableIngress: web}\n', '');
  await ws.client.open(whole, text);
  await ws.client.diagnosticsFor(whole, 1);
  const hints = await ws.client.request<Array<{ label: string }>>('textDocument/inlayHint', { textDocument: { uri: whole }, range: everything });
  assert.ok(hints.some((h) => /canary \//.test(String(h.label))), JSON.stringify(hints));
  await ws.client.close(whole);
});

test('a misspelled field typed into the open patch is reported, on the key, with its fix', async () => {
  const u = uri('overlays/prod/rollout-patch.yaml');
  const typo = ROLLOUT_PATCH.replace('  replicas: 10', '  replcas: 10');
  await ws.client.change(u, 2, [{ text: typo }]);
  const ds = await ws.client.diagnosticsFor(u, 2);
  assert.deepEqual(brief(typo, ds), ['unknown-field replcas']);
  assert.match(ds[0]!.message, /did you mean `replicas`/);
  const actions: CodeAction[] = await ws.client.codeActions(u, ds[0]!.range, ds);
  const fix = actions.find((a) => a.title === 'Rename `replcas` to `replicas`');
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  assert.equal(applyEdits(typo, fix.edit!.changes![u]!), ROLLOUT_PATCH);
  // a removed API in the HPA patch too
  const h = uri('overlays/prod/hpa-patch.yaml');
  const v2beta1 = HPA_PATCH.replace('autoscaling/v2', 'autoscaling/v2beta1');
  await ws.client.change(h, 2, [{ text: v2beta1 }]);
  assert.deepEqual(brief(v2beta1, await ws.client.diagnosticsFor(h, 2)), ['removed-api-version autoscaling/v2beta1']);
  await ws.client.change(h, 3, [{ text: HPA_PATCH }]);
  assert.deepEqual(await ws.client.diagnosticsFor(h, 3), []);
});

test('the kustomization deleted on disk: the open patches are whole objects again; created again: patches', async () => {
  unlinkSync(join(ws.root, 'overlays/prod/kustomization.yaml'));
  await watched('overlays/prod/kustomization.yaml', 3);
  const typo = ROLLOUT_PATCH.replace('  replicas: 10', '  replcas: 10');
  const r = await ws.client.diagnostics(uri('overlays/prod/rollout-patch.yaml'), has('argo-selector'));
  assert.deepEqual(brief(typo, r.diagnostics), [
    'argo-pod-template spec',
    'argo-selector spec',
    'argo-traffic-routing-required setCanaryScale',
    'unknown-field replcas',
  ]);
  const s = await ws.client.diagnostics(uri('overlays/prod/service-patch.yaml'), has('service-port-name-required'));
  assert.deepEqual(brief(SERVICE_PATCH, s.diagnostics), ['service-port-name-required port: 443', 'service-port-name-required port: 80']);
  const h = await ws.client.diagnostics(uri('overlays/prod/hpa-patch.yaml'), has('missing-required'));
  assert.deepEqual(brief(HPA_PATCH, h.diagnostics), ['missing-required spec', 'missing-required spec']);
  // a list of operations is no manifest either way
  assert.deepEqual([...ws.client.published].reverse().find((p) => p.uri === uri('overlays/prod/ops.yaml'))?.diagnostics, []);

  write('overlays/prod/kustomization.yaml', KUSTOMIZATION);
  await watched('overlays/prod/kustomization.yaml', 1);
  const back = await ws.client.diagnostics(uri('overlays/prod/rollout-patch.yaml'), (p) => !has('argo-selector')(p));
  assert.deepEqual(brief(typo, back.diagnostics), ['unknown-field replcas']);
  await ws.client.diagnostics(uri('overlays/prod/service-patch.yaml'), (p) => p.diagnostics.length === 0);
  await ws.client.diagnostics(uri('overlays/prod/hpa-patch.yaml'), (p) => p.diagnostics.length === 0);
});

test('a patch dropped from the list in the open kustomization: checked whole at once, before any save', async () => {
  const k = uri('overlays/prod/kustomization.yaml');
  await ws.client.open(k, KUSTOMIZATION);
  await ws.client.change(k, 2, [{ text: KUSTOMIZATION.replace('patchesStrategicMerge:\n- hpa-patch.yaml\n', '') }]);
  await ws.client.diagnostics(uri('overlays/prod/hpa-patch.yaml'), has('missing-required'));
  await ws.client.change(k, 3, [{ text: KUSTOMIZATION }]);
  await ws.client.diagnostics(uri('overlays/prod/hpa-patch.yaml'), (p) => p.diagnostics.length === 0);
});

test('a patch opened as the server starts, before its first read has reached the kustomization: a patch from its first diagnostics', async () => {
  // a workspace large enough that its first read is still running when the editor restores the patch's tab
  const root = mkdtempSync(join(tmpdir(), 'rp patch at start-'));
  const filler: Record<string, string> = {};
  for (let i = 0; i < 3000; i++) filler[`apps/svc-${i}.yaml`] = service(`svc-${i}`);
  writeFiles(root, { ...filler, ...FILES });
  const c = await LspClient.start({ rootUri: pathToFileURL(root).href });
  try {
    const u = pathToFileURL(join(root, 'overlays/prod/rollout-patch.yaml')).href;
    await c.open(u, ROLLOUT_PATCH);
    const first = await c.diagnostics(u);
    assert.equal(await c.firstRead(0), undefined, 'the first diagnostics came while the first read was running');
    assert.deepEqual(brief(ROLLOUT_PATCH, first.diagnostics), [], 'no finding of a whole object (argo-selector, argo-strategy, …)');
    assert.ok(await c.firstRead(), 'the first read ends');
    // still a patch once the whole workspace is read
    await delay(300);
    assert.deepEqual(brief(ROLLOUT_PATCH, [...c.published].reverse().find((p) => p.uri === u)!.diagnostics), []);
  } finally {
    await c.stop();
    rmSync(root, { recursive: true, force: true });
  }
});
