// `missing-merge-key` and `kustomize-ignores-directive` through the protocol, in a workspace on disk: an overlay's
// kustomization lists a Deployment and a Rollout strategic-merge patch. A container without its `name` in an open
// patch is an error on the item's first key, linked to its docs heading; typing the name clears it. The same text as a
// whole manifest (the base) gets the schema's `missing-required`, not this code. `$retainKeys`,
// `$setElementOrder/…` and `$deleteFromPrimitiveList/…` in a patch are errors on their keys (kustomize copies them as
// fields: docs/rules.md); what works instead (`key: null`, the list written as meant) is clean.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { textOf } from './client';
import { diskWorkspace } from './diskWorkspace';

const DEPLOYMENT_PATCH = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - image: web:2      # no name
`;
const ROLLOUT_PATCH = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: web
        env:
        - {value: "2"}
`;
const FILES: Record<string, string> = {
  'base/kustomization.yaml': 'resources: [deployment.yaml]\n',
  'base/deployment.yaml': DEPLOYMENT_PATCH,
  'overlays/prod/kustomization.yaml': 'resources: [../../base]\npatches:\n- path: patch.yaml\n- path: rollout-patch.yaml\n',
  'overlays/prod/patch.yaml': DEPLOYMENT_PATCH,
  'overlays/prod/rollout-patch.yaml': ROLLOUT_PATCH,
};

const ws = diskWorkspace('rp merge keys-', FILES);
const uri = ws.uri;


test('a nameless container in an open Deployment patch: the code, on the item\'s first key; its name clears it', async () => {
  const u = uri('overlays/prod/patch.yaml');
  await ws.client.open(u, DEPLOYMENT_PATCH);
  const ds = await ws.client.diagnosticsFor(u, 1);
  assert.equal(ds.length, 1, JSON.stringify(ds));
  const d = ds[0]!;
  assert.equal(d.code, 'missing-merge-key');
  assert.equal(d.severity, 1); // error
  assert.deepEqual(d.range, { start: { line: 7, character: 10 }, end: { line: 7, character: 15 } });
  assert.equal(textOf(DEPLOYMENT_PATCH, d.range), 'image');
  assert.match(d.message, /has no `name`/);
  assert.match(String(d.codeDescription?.href), /rules\.md#missing-merge-key$/);

  const named = DEPLOYMENT_PATCH.replace('- image: web:2', '- name: web\n          image: web:2');
  await ws.client.change(u, 2, [{ text: named }]);
  assert.deepEqual(await ws.client.diagnosticsFor(u, 2), []);
});

test('a Rollout patch: the env item of a named container, located; the base manifest gets missing-required instead', async () => {
  const r = uri('overlays/prod/rollout-patch.yaml');
  await ws.client.open(r, ROLLOUT_PATCH);
  const ds = await ws.client.diagnosticsFor(r, 1);
  assert.deepEqual(ds.map((d) => `${String(d.code)} ${d.range.start.line}:${d.range.start.character} ${textOf(ROLLOUT_PATCH, d.range)}`), [
    'missing-merge-key 9:11 value',
  ]);
  assert.match(ds[0]!.message, /replaces the Rollout's `env`/);

  // not a patch: the Deployment is no kind the schema checks, so nothing at all (and never this code)
  const b = uri('base/deployment.yaml');
  await ws.client.open(b, DEPLOYMENT_PATCH);
  assert.ok(!(await ws.client.diagnosticsFor(b, 1)).some((x) => x.code === 'missing-merge-key'));
  const whole = ROLLOUT_PATCH.replace('      - name: web\n', '      - name: web\n        image: web:1\n');
  const w = uri('base/rollout.yaml');
  await ws.client.open(w, whole);
  const codes = (await ws.client.diagnosticsFor(w, 1)).map((x) => `${String(x.code)} ${textOf(whole, x.range)}`);
  assert.ok(codes.includes('missing-required {value: "2"}'), codes.join('\n'));
  assert.ok(!codes.some((x) => x.startsWith('missing-merge-key')), codes.join('\n'));
});

const DIRECTIVES = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  strategy:
    $retainKeys: [type]
    type: Recreate
  template:
    spec:
      containers:
      - name: web
        args: [a, b]
        $deleteFromPrimitiveList/args: [b]
`;

test('kustomize-ignores-directive: $retainKeys and $deleteFromPrimitiveList in a Deployment patch, on their keys; what works instead is clean', async () => {
  const u = uri('overlays/prod/patch.yaml');
  await ws.client.change(u, 3, [{ text: DIRECTIVES }]); // open since the first test
  const ds = await ws.client.diagnosticsFor(u, 3);
  assert.deepEqual(
    ds.map((d) => `${String(d.code)} ${d.severity} ${d.range.start.line}:${d.range.start.character} ${textOf(DIRECTIVES, d.range)}`),
    ['kustomize-ignores-directive 1 5:4 $retainKeys', 'kustomize-ignores-directive 1 12:8 $deleteFromPrimitiveList/args'],
  );
  assert.match(ds[0]!.message, /the keys it leaves out are not cleared .*Deployment/);
  assert.match(ds[1]!.message, /nothing is deleted from `args`/);
  assert.match(String(ds[0]!.codeDescription?.href), /rules\.md#kustomize-ignores-directive$/);

  const good = DIRECTIVES.replace('    $retainKeys: [type]\n', '').replace('type: Recreate\n', 'type: Recreate\n    rollingUpdate: null\n')
    .replace('args: [a, b]\n        $deleteFromPrimitiveList/args: [b]\n', 'args: [a]\n');
  await ws.client.change(u, 4, [{ text: good }]);
  assert.deepEqual(await ws.client.diagnosticsFor(u, 4), []);
});

test('kustomize-ignores-directive: $setElementOrder in a Rollout patch; the same text outside any kustomization is not judged as a patch', async () => {
  const text = ROLLOUT_PATCH.replace('      containers:\n', '      $setElementOrder/containers:\n      - name: web\n      containers:\n').replace('        - {value: "2"}\n', '        - {name: B, value: "2"}\n');
  const r = uri('overlays/prod/rollout-patch.yaml');
  await ws.client.change(r, 2, [{ text }]);
  const ds = await ws.client.diagnosticsFor(r, 2);
  assert.deepEqual(ds.map((d) => `${String(d.code)} ${textOf(text, d.range)}`), ['kustomize-ignores-directive $setElementOrder/containers']);
  assert.match(ds[0]!.message, /order of `containers` is not set/);

  const loose = uri('loose/rollout.yaml');
  await ws.client.open(loose, text);
  assert.ok(!(await ws.client.diagnosticsFor(loose, 1)).some((x) => x.code === 'kustomize-ignores-directive'));
});
