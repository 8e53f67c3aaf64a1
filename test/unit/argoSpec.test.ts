// The spec-level half of the controller's validation (argo-spec.ts): the selector and the template labels, the
// ReplicaSet-only pod template rules, workloadRef, negative counts and the blue-green revision limit. Each rule: a bad
// Rollout gets the finding on the field, in the controller's words; the good one next to it gets none; a quick fix,
// where there is one, leaves a Rollout with no argo finding.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { applyFix, lint, only } from '../support/lint';

const argo = (text: string) => lint(text).filter((f) => f.code.startsWith('argo-'));
const line = (text: string, f: { range: { start: { line: number } } }) => text.split('\n')[f.range.start.line]!;

/** A valid canary Rollout; `spec` replaces the lines between `spec:` and `strategy:`. */
function rollout(spec: string, strategy = '    canary:\n      steps:\n      - setWeight: 20\n'): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: demo
spec:
${spec}  strategy:
${strategy}`;
}

const SELECTOR = '  selector:\n    matchLabels:\n      app: demo\n';
const TEMPLATE = '  template:\n    metadata:\n      labels:\n        app: demo\n        tier: web\n    spec:\n      containers:\n      - name: demo\n        image: registry.example/demo:1\n';

test('the fixture is valid: no argo finding', () => {
  assert.deepEqual(argo(rollout(SELECTOR + TEMPLATE)), []);
});

test('argo-selector: missing without workloadRef, not with it', () => {
  const text = rollout(TEMPLATE);
  const f = only(argo(text), 'argo-selector');
  assert.match(f.message, /InvalidSpec.*Rollout has missing field '\.spec\.selector'/);
  assert.equal(line(text, f), 'spec:');
  assert.equal(f.severity, 'error');
  const byRef = rollout('  workloadRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: demo\n');
  assert.deepEqual(argo(byRef), []);
});

test('argo-selector: an empty selector', () => {
  const text = rollout('  selector: {}\n' + TEMPLATE);
  const f = only(argo(text), 'argo-selector');
  assert.match(f.message, /empty selector is invalid for deployment/);
  assert.match(line(text, f), /selector: \{\}/);
  assert.equal(only(argo(rollout('  selector:\n    matchLabels: {}\n' + TEMPLATE)), 'argo-selector').range.start.line, f.range.start.line);
});

test('argo-selector: a selector that does not select the template labels; the one-edit typo is fixed in the selector', () => {
  const text = rollout('  selector:\n    matchLabels:\n      app: dmeo # the app\n' + TEMPLATE);
  const f = only(argo(text), 'argo-selector');
  assert.match(f.message, /spec\.template\.metadata\.labels: Invalid value: map\[string\]string\{"app":"demo", "tier":"web"\}: `selector` does not match template `labels`.*`app: dmeo`/);
  assert.equal(line(text, f), '      labels:');
  assert.equal(f.fixes?.[0]?.title, "Change the selector's app to 'demo' (the template's label)");
  const fixed = applyFix(text, f);
  assert.match(fixed, /matchLabels:\n {6}app: demo # the app\n/);
  assert.deepEqual(argo(fixed), []);
  // a misspelt key with the right value: the key is fixed
  const key = rollout('  selector:\n    matchLabels:\n      tire: web\n' + TEMPLATE);
  const kf = only(argo(key), 'argo-selector');
  assert.equal(kf.fixes?.[0]?.title, "Change the selector key to 'tier' (the template's label)");
  assert.deepEqual(argo(applyFix(key, kf)), []);
  // a different value altogether: no fix (which side is wrong is not certain)
  assert.equal(only(argo(rollout('  selector:\n    matchLabels:\n      app: billing\n' + TEMPLATE)), 'argo-selector').fixes, undefined);
});

test("argo-selector: the message is the one a real controller wrote into the Rollout's InvalidSpec condition", () => {
  // argo-rollouts' own CLI test data: a Rollout the controller marked InvalidSpec, with the condition it wrote
  const text = readFileSync('test/fixtures/argo-rollouts-cli/testdata/rollout-invalid/rollout-invalid.yaml', 'utf8');
  const f = only(argo(text), 'argo-selector');
  const condition = 'spec.template.metadata.labels: Invalid value: map[string]string{"app":"doesnt-match"}: `selector` does not match template `labels`';
  assert.ok(text.replace(/\n\s+/g, ' ').includes(`is invalid: ${condition}'`));
  assert.ok(f.message.includes(condition), f.message);
  assert.equal(line(text, f), '      labels:');
});

test('argo-selector: matchExpressions are evaluated as the API does, and their shape checked', () => {
  const exprs = (e: string) => rollout(`  selector:\n    matchExpressions:\n${e}` + TEMPLATE);
  assert.deepEqual(argo(exprs('    - {key: app, operator: In, values: [demo, other]}\n    - {key: track, operator: DoesNotExist}\n    - {key: tier, operator: NotIn, values: [db]}\n')), []);
  assert.match(only(argo(exprs('    - {key: tier, operator: NotIn, values: [web]}\n')), 'argo-selector').message, /does not match.*`tier NotIn \[web\]`/);
  const op = exprs('    - {key: app, operator: Equals, values: [demo]}\n');
  const f = only(argo(op), 'argo-selector');
  assert.match(f.message, /"Equals": not a valid selector operator/);
  assert.equal(op.slice(op.split('\n').slice(0, f.range.start.line).join('\n').length + 1 + f.range.start.character).slice(0, 6), 'Equals');
  assert.match(only(argo(exprs('    - {key: app, operator: In}\n')), 'argo-selector').message, /must be specified when `operator` is 'In' or 'NotIn'/);
  assert.match(only(argo(exprs('    - {key: app, operator: Exists, values: [demo]}\n')), 'argo-selector').message, /may not be specified when `operator` is 'Exists'/);
  // label syntax is the apiserver rule's (invalid-label); the controller stops there, before comparing with the template
  assert.deepEqual(argo(rollout('  selector:\n    matchLabels:\n      app: -demo\n' + TEMPLATE)), []);
});

test('argo-pod-template: restartPolicy other than Always (fixed), activeDeadlineSeconds (removed), no template at all', () => {
  const text = rollout(SELECTOR + TEMPLATE + '      restartPolicy: OnFailure\n');
  const f = only(argo(text), 'argo-pod-template');
  assert.match(f.message, /spec\.template\.spec\.restartPolicy: Unsupported value: "OnFailure": supported values: "Always"/);
  assert.match(line(text, f), /restartPolicy: OnFailure/);
  assert.deepEqual(argo(applyFix(text, f)), []);
  assert.deepEqual(argo(rollout(SELECTOR + TEMPLATE + '      restartPolicy: Always\n')), []);

  const deadline = rollout(SELECTOR + TEMPLATE + '      activeDeadlineSeconds: 600\n      dnsPolicy: ClusterFirst\n');
  const d = only(argo(deadline), 'argo-pod-template');
  assert.match(d.message, /activeDeadlineSeconds in ReplicaSet is not Supported/);
  const removed = applyFix(deadline, d);
  assert.equal(removed, rollout(SELECTOR + TEMPLATE + '      dnsPolicy: ClusterFirst\n'));
  assert.deepEqual(argo(removed), []);

  const none = rollout(SELECTOR);
  const n = only(argo(none), 'argo-pod-template');
  assert.match(n.message, /spec\.template\.spec\.containers: Required value/);
  assert.equal(line(none, n), 'spec:');
});

test('argo-workload-ref: a template with labels next to workloadRef is a lint error, a warning here', () => {
  const ref = '  workloadRef:\n    apiVersion: apps/v1\n    kind: Deployment\n    name: demo\n';
  const text = rollout(ref + TEMPLATE);
  const f = only(argo(text), 'argo-workload-ref');
  assert.equal(f.severity, 'warning');
  assert.match(f.message, /template must be empty for workload reference rollout/);
  assert.equal(line(text, f), '  template:');
  assert.deepEqual(argo(rollout(ref + '  template:\n    metadata: {}\n')), []);
});

test('argo-negative: replicas, minReadySeconds, revisionHistoryLimit below 0', () => {
  const text = rollout('  replicas: -1\n' + SELECTOR + TEMPLATE);
  const f = only(argo(text), 'argo-negative');
  assert.match(f.message, /spec\.replicas: Invalid value: -1: must be greater than or equal to 0/);
  assert.match(line(text, f), /replicas: -1/);
  assert.equal(only(argo(rollout('  revisionHistoryLimit: -2\n' + SELECTOR + TEMPLATE)), 'argo-negative').message.includes('spec.revisionHistoryLimit'), true);
  assert.deepEqual(argo(rollout('  replicas: 0\n  revisionHistoryLimit: 0\n' + SELECTOR + TEMPLATE)), []);
});

test('argo-revision-limit: blueGreen scaleDownDelayRevisionLimit above revisionHistoryLimit (default 10)', () => {
  const bg = (limit: number) => `    blueGreen:\n      activeService: web\n      scaleDownDelayRevisionLimit: ${limit}\n`;
  const text = rollout('  revisionHistoryLimit: 2\n' + SELECTOR + TEMPLATE, bg(3));
  const f = only(argo(text), 'argo-revision-limit');
  assert.match(f.message, /revision history limit can not be smaller than the rollout's scale down limit/);
  assert.match(line(text, f), /scaleDownDelayRevisionLimit: 3/);
  assert.deepEqual(argo(rollout('  revisionHistoryLimit: 2\n' + SELECTOR + TEMPLATE, bg(2))), []);
  only(argo(rollout(SELECTOR + TEMPLATE, bg(11))), 'argo-revision-limit');
  assert.deepEqual(argo(rollout(SELECTOR + TEMPLATE, bg(10))), []);
});

test('argo-same-service: activeService "" with no previewService is the same service to the controller', () => {
  const text = rollout(SELECTOR + TEMPLATE, '    blueGreen:\n      activeService: ""\n');
  assert.match(line(text, only(argo(text), 'argo-same-service')), /activeService: ""/);
});
