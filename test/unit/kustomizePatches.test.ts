// A kustomize strategic-merge patch is checked as a fragment: what it writes is judged (a misspelled key, a bad type or
// value, a removed API, a typo'd well-known label), what it leaves to its target is not (required fields, the
// controller's whole-object checks, defaults standing in for absent fields, links). A JSON 6902 patch gets nothing.
// Without a kustomization listing the file, the same text gets all its findings.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, Linter } from '../../server/src/core/engine';
import type { Finding } from '../../server/src/core/types';
import { WorkspaceIndex } from '../../server/src/core/workspace/index';
import { textOf } from '../lsp/client';

const DIR = '/ws/overlays/prod';
const KUSTOMIZATION = `resources: [../../base]
patches:
- path: patch.yaml
- path: ops.yaml
  target: {kind: Rollout, name: web}
`;
const BASE_HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web}
  minReplicas: 2
  maxReplicas: 10
`;

/** The findings of `text` as `${DIR}/patch.yaml`, with (`listed`) or without the kustomization that lists it. */
function lintPatch(text: string, listed = true, linter = new Linter()): string[] {
  const ix = new WorkspaceIndex({ roots: ['/ws'] });
  ix.set('/ws/base/hpa.yaml', BASE_HPA);
  ix.set('/ws/base/kustomization.yaml', 'resources: [hpa.yaml]\n');
  if (listed) ix.set(`${DIR}/kustomization.yaml`, KUSTOMIZATION);
  ix.set(`${DIR}/patch.yaml`, text);
  return brief(text, linter.lint(text, DEFAULT_OPTIONS, `${DIR}/patch.yaml`, ix));
}

const brief = (text: string, fs: Finding[]) => fs.map((f) => `${f.code} ${textOf(text, f.range).split('\n')[0]}`);

const ROLLOUT_REPLICAS = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  replicas: 10
`;

test('a Rollout patch of replicas: no selector, template or strategy missing, no replicas under the base HPA', () => {
  assert.deepEqual(lintPatch(ROLLOUT_REPLICAS), []);
  // the same file alone: the findings of a whole object, as before
  const alone = lintPatch(ROLLOUT_REPLICAS, false);
  for (const code of ['argo-selector', 'argo-pod-template', 'argo-strategy']) assert.ok(alone.some((f) => f.startsWith(`${code} `)), `${code} in ${alone}`);
});

const ROLLOUT_STEPS = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  minReadySeconds: 700
  template:
    metadata:
      labels: {app: web, track: stable}
    spec:
      containers:
      - name: web
        resources: {requests: {cpu: 500m}}
  strategy:
    blueGreen: {scaleDownDelayRevisionLimit: 12}
    canary:
      maxSurge: 0
      steps:
      - setWeight: 150
      - setCanaryScale: {weight: 20}
      - setHeaderRoute:
          name: header-route
          match:
          - headerName: X-Canary
            headerValue: {exact: "yes"}
      - experiment:
          templates:
          - {name: canary, specRef: canary, weight: 5}
      - pause: {duration: 1h}
      antiAffinity: {}
`;

test('a Rollout patch of steps: nothing that needs the base (routing, services, managed routes, defaults, labels)', () => {
  // two strategies written in the patch itself are still two
  assert.deepEqual(lintPatch(ROLLOUT_STEPS), ['argo-strategy blueGreen']);
  const alone = lintPatch(ROLLOUT_STEPS, false);
  for (const code of ['argo-selector', 'argo-traffic-routing-required', 'argo-set-weight', 'argo-router-support', 'argo-anti-affinity', 'argo-revision-limit', 'argo-progress-deadline']) {
    assert.ok(alone.some((f) => f.startsWith(`${code} `)), `${code} in ${alone}`);
  }
  // canary arithmetic: the replicas are the target's (a Rollout no HPA scales)
  const canary = `${ROLLOUT_REPLICAS.replace('replicas: 10', 'replicas: 1').replace('name: web', 'name: api')}  strategy:\n    canary:\n      maxSurge: 0\n      steps: [{setWeight: 10}, {pause: {}}]\n`;
  assert.deepEqual(lintPatch(canary), []);
  assert.ok(lintPatch(canary, false).some((f) => f.startsWith('canary-weight-')), String(lintPatch(canary, false)));
});

test('what a Rollout patch writes wrong is still reported, on the exact key or value', () => {
  const text = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
  labels: {app.kubernetes.io/nmae: web}
spec:
  replicas: -1
  revisionHistoryLimit: "3"
  selector:
    matchExpressions:
    - {key: app, operator: Has}
  template:
    spec:
      restartPolicy: Never
      containers:
      - name: web
        imagePullPolcy: Always
        resources: {requests: {memory: 1GB}, limits: {cpu: 1x}}
  strategy:
    canary:
      stableService: web
      canaryService: web
      steps:
      - {setWeight: -5}
      - {pause: {duration: 1h}, setWeight: 10}
      - pause: {duration: soon}
      - analysis:
          templates: [{templateName: smoke}]
          args:
          - name: pod
            valueFrom: {fieldRef: {fieldPath: metadata.nmae}}
`;
  const found = lintPatch(text);
  assert.deepEqual(found, [
    'misspelled-label app.kubernetes.io/nmae',
    'invalid-type "3"',
    'invalid-enum Has',
    'unknown-field imagePullPolcy',
    'argo-negative -1',
    'argo-selector Has',
    'argo-pod-template Never',
    'argo-same-service web',
    'argo-set-weight -5',
    'argo-step {pause: {duration: 1h}, setWeight: 10}',
    'argo-pause-duration soon',
    'argo-analysis-args metadata.nmae',
    'invalid-quantity 1x',
    'invalid-quantity 1GB',
  ]);
  // alone, the same text also gets the links it names (no Service `web`, no AnalysisTemplate `smoke` here)
  assert.deepEqual(lintPatch(text, false).filter((f) => !found.includes(f)), [
    'rollout-service-not-found web',
    'rollout-service-not-found web',
    'analysis-template-not-found smoke',
    'replicas-under-hpa replicas',
  ]);
});

const HPA_AND_SERVICE = `apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  minReplicas: 3
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  maxReplicas: 0
  behavior:
    scaleDown: {policies: []}
---
apiVersion: v1
kind: Service
metadata:
  name: web
  $patch: merge
spec:
  $retainKeys: [ports]
  selector: {app: web}
  ports:
  - port: 80
    nodePort: 30080
  - port: 443
    targetPort: "8443"
  - port: 70000
  - $patch: delete
    port: 8080
  $setElementOrder/ports: [{port: 443}, {port: 80}]
  sessionAfinity: None
`;

test('HPA and Service patches: no required field, port name or selector finding; directives are no fields (those kustomize copies are reported)', () => {
  assert.deepEqual(lintPatch(HPA_AND_SERVICE), [
    'removed-api-version autoscaling/v2beta1',
    'hpa-replicas 0',
    'hpa-behavior policies',
    'unknown-field sessionAfinity',
    'invalid-port "8443"',
    'invalid-port 70000',
    // `$patch` is read by kustomize; these two are copied into the built Service (rules/patch-directives.ts)
    'kustomize-ignores-directive $retainKeys',
    'kustomize-ignores-directive $setElementOrder/ports',
  ]);
  const alone = lintPatch(HPA_AND_SERVICE, false);
  for (const f of ['missing-required spec', 'unknown-field $patch', 'unknown-field $setElementOrder/ports', 'service-port-name-required port: 80', 'invalid-port 30080', 'service-selects-nothing selector']) {
    assert.ok(alone.includes(f), `${f} in ${alone}`);
  }
  // a type written in the patch is the Service's type
  assert.ok(lintPatch(HPA_AND_SERVICE.replace('  selector: {app: web}\n', '  type: ClusterIP\n')).includes('invalid-port 30080'));
});

test('a JSON 6902 patch file gets no finding, whatever it holds', () => {
  const ops = '- op: replace\n  path: /spec/replicas\n  value: {kind: Service, apiVersion: v1, spec: {ports: [{port: 0}]}}\n';
  assert.deepEqual(lintPatch(ops), []);
  // listed under patchesJson6902, even a manifest-looking text is operations for kustomize
  const ix = new WorkspaceIndex({ roots: ['/ws'] });
  ix.set(`${DIR}/kustomization.yaml`, 'patchesJson6902:\n- {target: {kind: Service, name: web}, path: svc.yaml}\n');
  assert.deepEqual(new Linter().lint('apiVersion: v1\nkind: Service\nspec: {ports: [{port: 0}]}\n', DEFAULT_OPTIONS, `${DIR}/svc.yaml`, ix), []);
});

test('one linter, the same text as a patch and as a whole object, in turns: each gets its own findings', () => {
  const linter = new Linter();
  for (let i = 0; i < 2; i++) {
    assert.deepEqual(lintPatch(ROLLOUT_REPLICAS, true, linter), []);
    assert.ok(lintPatch(ROLLOUT_REPLICAS, false, linter).some((f) => f.startsWith('argo-selector ')));
  }
});
