// Structural validation: the generated data, the choice of definitions per Kubernetes version, and the four shape
// findings (unknown-field, invalid-type, missing-required, invalid-enum), each located on the text it is about.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { statSync } from 'node:fs';
import { schemaFor } from '../../server/src/core/schema/data';
import { SCHEMA_SHAPE_CODES } from '../../server/src/core/engine';
import type { Finding } from '../../server/src/core/types';
import { textOf } from '../lsp/client';
import { applyFix, lint, only, optionsAt as opts } from '../support/lint';

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  replicas: 3
  selector:
    matchLabels:
      app: web
  strategy:
    canary:
      maxSurge: "25%"
      steps:
      - setWeight: 20
      - pause: {duration: 1h}
  template:
    metadata:
      labels:
        app: web
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports:
        - containerPort: 8080
          name: http
        resources:
          requests: {cpu: 500m, memory: 256Mi}
status: {}
`;

const SERVICE = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  type: LoadBalancer
  selector:
    app: web
  ports:
  - port: 80
    targetPort: http
    protocol: TCP
`;

const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    name: web
  minReplicas: 2
  maxReplicas: 10
  metrics:
  - type: Resource
    resource:
      name: memory
      target:
        type: AverageValue
        averageValue: 500Mi
status: {}
`;

test('the committed schema data is what schemas/ gives, and it is small', () => {
  const r = spawnSync(process.execPath, ['scripts/gen-schemas.mjs', '--check'], { encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr + r.stdout);
  const size = statSync('server/src/core/schema/generated/schemas.json').size;
  assert.ok(size < 512 * 1024, `generated data is ${size} bytes`);
});

test('kubernetesVersion picks the newest definitions not newer than the target', () => {
  const file = (apiVersion: string, kind: string, minor: number) => schemaFor(apiVersion, kind, minor)?.definitionsMinor;
  const expected: Array<[number, number]> = [
    [19, 21],
    [21, 21],
    [23, 21],
    [24, 24],
    [33, 24],
    [34, 34],
    [35, 34],
    [36, 36],
    [40, 36],
  ];
  for (const [target, defs] of expected) assert.equal(file('v1', 'Service', target), defs, `Service at 1.${target}`);
  // removed versions come from the newest file that still has them, not-yet-served ones from the oldest that has them
  assert.equal(file('autoscaling/v2beta1', 'HorizontalPodAutoscaler', 36), 24);
  assert.equal(file('autoscaling/v2beta2', 'HorizontalPodAutoscaler', 30), 24);
  assert.equal(file('autoscaling/v2', 'HorizontalPodAutoscaler', 21), 24);
  assert.equal(file('autoscaling/v3', 'HorizontalPodAutoscaler', 36), undefined);
});

test('valid Rollout, Service and HPA documents give no findings at any version', () => {
  for (const v of ['1.21', '1.24', '1.30', '1.34', '1.36']) {
    assert.deepEqual(lint(ROLLOUT, opts(v)), [], `Rollout at ${v}`);
    assert.deepEqual(lint(SERVICE, opts(v)), [], `Service at ${v}`);
  }
  for (const v of ['1.23', '1.24', '1.34', '1.36']) assert.deepEqual(lint(HPA, opts(v)), [], `HPA at ${v}`);
});

test('unknown field: on the key, with "did you mean" and a rename fix', () => {
  const text = ROLLOUT.replace('- containerPort: 8080', '- contianerPort: 8080');
  const f = only(lint(text), 'unknown-field');
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.range, { start: { line: 24, character: 10 }, end: { line: 24, character: 23 } });
  assert.equal(textOf(text, f.range), 'contianerPort');
  assert.equal(
    f.message,
    'Unknown field `contianerPort` in Rollout spec.template.spec.containers[0].ports[0]: did you mean `containerPort`?',
  );
  assert.equal(f.fixes?.[0]?.preferred, true);
  assert.deepEqual(lint(applyFix(text, f)), []);

  // the renamed key also removed a missing-required finding: containerPort is required in a port
  assert.ok(lint(text).some((x) => x.code === 'missing-required' && x.message.includes('`containerPort`')));
});

test('unknown field in a Service spec, with and without a suggestion', () => {
  const typo = SERVICE.replace('  selector:', '  selectr:');
  const f = only(lint(typo), 'unknown-field');
  assert.equal(f.message, 'Unknown field `selectr` in Service spec: did you mean `selector`?');
  assert.equal(textOf(typo, f.range), 'selectr');

  const far = SERVICE.replace('  type: LoadBalancer', '  flavour: LoadBalancer');
  const g = only(lint(far), 'unknown-field');
  assert.equal(g.message, 'Unknown field `flavour` in Service spec.');
  assert.equal(g.fixes, undefined);

  // a suggestion is never a field the mapping already has (renaming would duplicate the key)
  const both = SERVICE.replace('  type: LoadBalancer', '  type: LoadBalancer\n  typo: x');
  assert.equal(only(lint(both), 'unknown-field').fixes, undefined);
});

test('invalid type: on the value, saying what was expected and what YAML made of it', () => {
  const quoted = ROLLOUT.replace('replicas: 3', 'replicas: "3"');
  const f = only(lint(quoted), 'invalid-type');
  assert.equal(textOf(quoted, f.range), '"3"');
  assert.deepEqual(f.range.start, { line: 5, character: 12 });
  assert.equal(f.message, '`spec.replicas` must be an integer, but is the string "3"; remove the quotes.');

  const env = ROLLOUT.replace('        image: nginx:1.27\n', '        image: nginx:1.27\n        env:\n        - name: PORT\n          value: 8080\n');
  const e = only(lint(env), 'invalid-type');
  assert.equal(textOf(env, e.range), '8080');
  assert.match(e.message, /`spec\.template\.spec\.containers\[0\]\.env\[0\]\.value` must be a string, but is the number 8080/);
  assert.deepEqual(lint(applyFix(env, e)), [], 'quoting the number makes it valid');

  // Kubernetes decodes YAML 1.1: unquoted `yes` is a boolean there, though YAML 1.2 reads a string
  const yes = SERVICE.replace('    app: web\n  ports', '    app: web\n    canary: yes\n  ports');
  const y = only(lint(yes), 'invalid-type');
  assert.equal(textOf(yes, y.range), 'yes');
  assert.match(y.message, /`spec\.selector\.canary` must be a string, but is `yes`, which Kubernetes' YAML 1\.1 decoder reads as a boolean/);
  for (const spelling of ['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF']) {
    const f = only(lint(yes.replace('canary: yes', `canary: ${spelling}`)), 'invalid-type');
    assert.match(f.message, /YAML 1\.1 decoder reads as a boolean/, spelling);
  }
  for (const plain of ['yess', 'Yesterday', 'none', 'offline', 'y1']) assert.deepEqual(lint(yes.replace('canary: yes', `canary: ${plain}`)), [], plain);

  const mapping = SERVICE.replace('  - port: 80\n    targetPort: http\n    protocol: TCP\n', '    port: 80\n');
  const m = only(lint(mapping), 'invalid-type');
  assert.equal(m.message, '`spec.ports` must be a list, but is a mapping.');
  assert.equal(textOf(mapping, m.range), 'port: 80');
});

/** The schema rule's own findings (shape codes), leaving the rules that judge values to their own tests. */
const shapeOnly = (findings: Finding[]) => findings.filter((f) => SCHEMA_SHAPE_CODES.has(f.code));

test('int-or-string and quantity fields take what Kubernetes takes', () => {
  for (const ok of ['8080', 'http', '"8080"']) {
    // the schema takes all three; the API server then refuses "8080" as a port name (apiserver rules: invalid-port)
    assert.deepEqual(shapeOnly(lint(SERVICE.replace('targetPort: http', `targetPort: ${ok}`))), [], `targetPort: ${ok}`);
  }
  const bad = SERVICE.replace('targetPort: http', 'targetPort: 80.5');
  assert.equal(only(lint(bad), 'invalid-type').message, '`spec.ports[0].targetPort` must be an integer or a string, but is the number 80.5.');

  for (const ok of ['1', '0.5', '"1Gi"', '500m']) {
    // (500m of memory is a valid quantity, and the memory-millis warning's business)
    assert.deepEqual(shapeOnly(lint(HPA.replace('averageValue: 500Mi', `averageValue: ${ok}`))), [], `averageValue: ${ok}`);
  }
  const list = HPA.replace('averageValue: 500Mi', 'averageValue: [1]');
  assert.match(only(lint(list), 'invalid-type').message, /must be a quantity/);
});

test('missing required field: on the parent key, or on the first line of a list item', () => {
  const noPort = SERVICE.replace('  - port: 80\n    targetPort: http', '  - targetPort: http');
  const f = only(lint(noPort), 'missing-required');
  assert.equal(f.message, 'Missing required field `port` in Service spec.ports[0].');
  assert.equal(textOf(noPort, f.range), 'targetPort: http');

  const noTarget = HPA.replace(/  scaleTargetRef:\n(    .*\n)+/, '');
  const g = only(lint(noTarget), 'missing-required');
  assert.equal(g.message, 'Missing required field `scaleTargetRef` in HorizontalPodAutoscaler spec.');
  assert.equal(textOf(noTarget, g.range), 'spec');

  const noSpec = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: x\n';
  const h = only(lint(noSpec), 'missing-required');
  assert.equal(h.message, 'Missing required field `spec` in Rollout.');
  assert.equal(textOf(noSpec, h.range), 'kind');
});

test('invalid enum: on the value, listing the allowed values, with a fix for a near miss', () => {
  const text = SERVICE.replace('type: LoadBalancer', 'type: Loadbalancer');
  const f = only(lint(text), 'invalid-enum');
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.range, { start: { line: 5, character: 8 }, end: { line: 5, character: 20 } });
  assert.equal(
    f.message,
    '`spec.type` is `Loadbalancer`, which is not one of: ClusterIP, ExternalName, LoadBalancer, NodePort. Did you mean `LoadBalancer`?',
  );
  assert.deepEqual(lint(applyFix(text, f)), []);

  const metric = HPA.replace('- type: Resource', '- type: Cpu');
  const m = only(lint(metric), 'invalid-enum');
  assert.equal(textOf(metric, m.range), 'Cpu');
  assert.equal(m.fixes, undefined);

  // the pod template in a Rollout gets the enum values too (carried over to the CRD's inline pod spec)
  const pull = ROLLOUT.replace('        image: nginx:1.27\n', '        image: nginx:1.27\n        imagePullPolicy: "always"\n');
  const p = only(lint(pull), 'invalid-enum');
  assert.equal(textOf(pull, p.range), '"always"');
  assert.equal(p.fixes?.[0]?.edits[0]?.newText, '"Always"');
});

test('status is checked for its shape but never for required fields', () => {
  assert.deepEqual(lint(ROLLOUT.replace('status: {}', 'status:\n  phase: Healthy\n  replicas: 3\n')), []);
  assert.deepEqual(lint(HPA.replace('status: {}', 'status:\n  desiredReplicas: 2\n')), []);
  const unknown = ROLLOUT.replace('status: {}', 'status:\n  phaze: Healthy\n');
  assert.match(only(lint(unknown), 'unknown-field').message, /in Rollout status: did you mean `phase`\?/);
});

test('free-form maps are not looked into; typed map values are', () => {
  const free = ROLLOUT.replace('requests: {cpu: 500m, memory: 256Mi}', 'requests: {cpu: 500m, anything: [1, 2]}');
  // free-form for the schema (the controller's decoding is the apiserver rules' invalid-quantity)
  assert.deepEqual(shapeOnly(lint(free)), [], 'resources.requests is free-form in the Rollout CRD');
  const labels = ROLLOUT.replace('  name: web\nspec', '  name: web\n  labels:\n    version: 1.0\nspec');
  const f = only(lint(labels), 'invalid-type');
  assert.equal(textOf(labels, f.range), '1.0');
  assert.equal(f.fixes?.[0]?.edits[0]?.newText, '"1.0"');
});

test('aliases are never followed: a billion-laughs document lints at once', () => {
  const levels = 'abcdefghi';
  let bomb = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: bomb\n  annotations:\n';
  bomb += '    a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n';
  for (let i = 1; i < levels.length; i++) {
    const prev = levels[i - 1];
    bomb += `    ${levels[i]}: &${levels[i]} [${Array(9).fill(`*${prev}`).join(',')}]\n`;
  }
  bomb += 'spec:\n  ports: *i\n  selector: *i\n';
  const started = performance.now();
  const findings = lint(bomb);
  const ms = performance.now() - started;
  assert.ok(ms < 1000, `took ${ms.toFixed(0)} ms`);
  // each anchored list is one wrong annotation value; the aliased spec fields are not expanded or checked
  const types = findings.filter((f) => f.code === 'invalid-type');
  assert.equal(types.length, levels.length);
  for (const f of types) assert.ok(f.range.start.line >= 5 && f.range.start.line <= 13, JSON.stringify(f.range));
});

test('a YAML merge key is accepted and turns off required checks for its mapping', () => {
  const text = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ports:
  - &p {port: 80, protocol: TCP}
  - <<: *p
    name: second
`;
  assert.deepEqual(lint(text), []);
});

test('unknown apiVersion of a known kind: on the value, with a fix when one version is close', () => {
  const text = HPA.replace('apiVersion: autoscaling/v2', 'apiVersion: autoscaling/v3');
  const f = only(lint(text), 'unknown-api-version');
  assert.equal(f.severity, 'error');
  assert.equal(textOf(text, f.range), 'autoscaling/v3');
  assert.equal(
    f.message,
    'HorizontalPodAutoscaler has no API version `autoscaling/v3`; known: autoscaling/v1, autoscaling/v2, autoscaling/v2beta1, autoscaling/v2beta2.',
  );
  assert.equal(f.fixes, undefined, 'v1 and v2 are equally close: no guess');
  assert.equal(lint(text).length, 1, 'no shape findings without a schema');

  const rollout = ROLLOUT.replace('argoproj.io/v1alpha1', 'argoproj.io/v1alpha2');
  const r = only(lint(rollout, opts('1.36', false)), 'unknown-api-version');
  assert.match(r.message, /Did you mean `argoproj\.io\/v1alpha1`\?$/);
  assert.deepEqual(lint(applyFix(rollout, r)), []);
});

test('schemaDiagnostics: false drops shape findings and keeps the rest', () => {
  const text = `${SERVICE.replace('type: LoadBalancer', 'type: Loadbalancer').replace('  selector:', '  selectr:')}---
apiVersion: autoscaling/v2beta1
kind: HorizontalPodAutoscaler
metadata:
  name: x
spec:
  maxReplicas: "3"
`;
  const on = lint(text, opts('1.36', true)).map((f) => f.code).sort();
  assert.deepEqual(on, ['invalid-enum', 'invalid-type', 'missing-required', 'removed-api-version', 'unknown-field']);
  const off = lint(text, opts('1.36', false)).map((f) => f.code);
  assert.deepEqual(off, ['removed-api-version']);
});
