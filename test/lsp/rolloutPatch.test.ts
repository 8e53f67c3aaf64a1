// `rollout-patch-replaces-list` through the protocol, in a workspace on disk: a base Rollout with two containers
// (`app` with its ports and env, and an `istio-proxy` sidecar) and three overlays patching it:
// - overlays/image lists one container to change its image. `kubectl kustomize overlays/image` (kustomize v5.5.0)
//   built `containers: [{image: web:2, name: app}]`: the sidecar and app's ports and env gone;
// - overlays/drop deletes the sidecar with `$patch: delete`. kubectl kustomize built
//   `containers: [{$patch: delete, name: istio-proxy}]`: nothing deleted, `app` gone, a `$patch` field in the Rollout;
// - overlays/schema is overlays/image with `openapi: {path: schema.json}` (argo-schema-generator's
//   argo_all_k8s_kustomize_schema.json there): kubectl kustomize built both containers, app with web:2, its ports and
//   env: merged by key, so nothing is reported.
// Typing `openapi:` into the open kustomization of overlays/image clears its patch's findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { textOf } from './client';
import { diskWorkspace } from './diskWorkspace';

const CODE = 'rollout-patch-replaces-list';

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
      - name: app
        image: web:1
        ports:
        - containerPort: 8080
        env:
        - {name: MODE, value: prod}
      - name: istio-proxy
        image: proxy:1
  strategy:
    canary:
      steps:
      - setWeight: 20
      - pause: {}
`;
const IMAGE_PATCH = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: web:2
`;
const DELETE_PATCH = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: istio-proxy
        $patch: delete
`;
const OVERLAY = 'resources:\n- ../../base\npatches:\n- path: patch.yaml\n';
const FILES: Record<string, string> = {
  'base/kustomization.yaml': 'resources:\n- rollout.yaml\n',
  'base/rollout.yaml': ROLLOUT,
  'overlays/image/kustomization.yaml': OVERLAY,
  'overlays/image/patch.yaml': IMAGE_PATCH,
  'overlays/drop/kustomization.yaml': OVERLAY,
  'overlays/drop/patch.yaml': DELETE_PATCH,
  'overlays/schema/kustomization.yaml': `${OVERLAY}openapi:\n  path: schema.json\n`,
  'overlays/schema/patch.yaml': IMAGE_PATCH,
};

const ws = diskWorkspace('rp rollout patch-', FILES);
const uri = ws.uri;
const brief = (text: string, ds: Diagnostic[]) =>
  ds.map((d) => `${String(d.code)} ${d.severity} ${d.range.start.line}:${d.range.start.character} ${textOf(text, d.range)}`);


test('a patch listing one container: warnings naming the dropped sidecar and the fields app loses, linked to the docs', async () => {
  const u = uri('overlays/image/patch.yaml');
  await ws.client.open(u, IMAGE_PATCH);
  const ds = await ws.client.diagnosticsFor(u, 1);
  assert.deepEqual(brief(IMAGE_PATCH, ds), [`${CODE} 2 7:6 containers`, `${CODE} 2 8:14 app`]);
  assert.match(ds[0]!.message, /^container `istio-proxy` of Rollout `web` is dropped: without the Rollout's schema \(`openapi:`\)/);
  assert.match(ds[1]!.message, /^Container `app` of Rollout `web` loses `ports`, `env`:/);
  assert.match(String(ds[0]!.codeDescription?.href), /rules\.md#rollout-patch-replaces-list$/);
});

test('a `$patch: delete` item: an error on the directive (and the container it leaves out is named)', async () => {
  const u = uri('overlays/drop/patch.yaml');
  await ws.client.open(u, DELETE_PATCH);
  const ds = await ws.client.diagnosticsFor(u, 1);
  assert.deepEqual(brief(DELETE_PATCH, ds), [`${CODE} 1 9:8 $patch: delete`, `${CODE} 2 7:6 containers`]);
  assert.match(ds[0]!.message, /^This `\$patch: delete` item of `containers` lands in the Rollout as written.*nothing is deleted.*`op: remove`/);
  assert.match(ds[1]!.message, /^container `app` of Rollout `web` is dropped/);
});

test('`openapi:` declared: the same patch gets nothing; typing it into the open kustomization clears the findings', async () => {
  const s = uri('overlays/schema/patch.yaml');
  await ws.client.open(s, IMAGE_PATCH);
  assert.deepEqual(await ws.client.diagnosticsFor(s, 1), []);

  const u = uri('overlays/image/patch.yaml'); // open since the first test, with its two warnings
  const k = uri('overlays/image/kustomization.yaml');
  await ws.client.open(k, OVERLAY);
  await ws.client.change(k, 2, [{ text: `${OVERLAY}openapi:\n  path: https://raw.githubusercontent.com/argoproj/argo-schema-generator/main/schema/argo_all_k8s_kustomize_schema.json\n` }]);
  const cleared = await ws.client.diagnostics(u, (p) => !p.diagnostics.some((d) => d.code === CODE));
  assert.deepEqual(cleared.diagnostics, []);
  // and back
  await ws.client.change(k, 3, [{ text: OVERLAY }]);
  const back = await ws.client.diagnostics(u, (p) => p.diagnostics.some((d) => d.code === CODE));
  assert.equal(back.diagnostics.length, 2);
});
