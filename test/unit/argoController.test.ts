// The Argo Rollouts controller's spec validation in the editor: each rule with a bad Rollout (the finding, located on
// the field, in the controller's words) and the good one next to it (no finding), on top of the seed Rollout.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { lint, only } from '../support/lint';

const SEED = readFileSync('test/fixtures/seed/rollout.yaml', 'utf8');
const argo = (text: string) => lint(text).filter((f) => f.code.startsWith('argo-'));

/** A minimal valid canary Rollout with `strategy` (YAML under `spec:`, two-space indented) swapped in. */
function rollout(strategy: string, extraSpec = ''): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: demo
spec:
${extraSpec}  selector:
    matchLabels:
      app: demo
  template:
    metadata:
      labels:
        app: demo
    spec:
      containers:
      - name: demo
        image: registry.example/demo:1
  strategy:
${strategy}`;
}

const line = (text: string, f: { range: { start: { line: number } } }) => text.split('\n')[f.range.start.line]!;

test('the seed Rollout and a plain canary pass', () => {
  assert.deepEqual(argo(SEED), []);
  assert.deepEqual(argo(rollout('    canary:\n      steps:\n      - setWeight: 20\n      - pause: {}\n')), []);
});

test('argo-strategy: both canary and blueGreen, or neither', () => {
  const both = rollout('    canary: {}\n    blueGreen:\n      activeService: a\n');
  const f = only(argo(both), 'argo-strategy');
  assert.match(f.message, /InvalidSpec.*Multiple Strategies can not be listed/);
  assert.match(line(both, f), /blueGreen:/);
  assert.equal(f.severity, 'error');
  const none = rollout('    {}\n');
  assert.match(only(argo(none), 'argo-strategy').message, /missing field '\.spec\.strategy\.canary or \.spec\.strategy\.blueGreen'/);
});

test('argo-step: two actions in one step, or none', () => {
  const two = rollout('    canary:\n      steps:\n      - setWeight: 20\n        pause: {}\n');
  assert.match(only(argo(two), 'argo-step').message, /Step must have one of the following set/);
  const empty = rollout('    canary:\n      steps:\n      - {}\n');
  only(argo(empty), 'argo-step');
  // setCanaryScale is not counted with setWeight (the controller lets the pair through)
  const pair = rollout('    canary:\n      trafficRouting:\n        nginx:\n          stableIngress: x\n      canaryService: c\n      stableService: s\n      steps:\n      - setWeight: 20\n        setCanaryScale:\n          weight: 20\n');
  assert.deepEqual(argo(pair), []);
});

test('argo-set-weight: outside 0..100 (or 0..maxTrafficWeight)', () => {
  const text = rollout('    canary:\n      steps:\n      - setWeight: 120\n');
  const f = only(argo(text), 'argo-set-weight');
  assert.match(f.message, /SetWeight needs to be between 0 and 100/);
  assert.match(line(text, f), /setWeight: 120/);
  const routed = rollout('    canary:\n      canaryService: c\n      stableService: s\n      trafficRouting:\n        maxTrafficWeight: 1000\n        nginx:\n          stableIngress: x\n      steps:\n      - setWeight: 500\n');
  assert.deepEqual(argo(routed), []);
});

test('argo-pause-duration: negative or unparsable; 0, 1h, 1m30s and "30" are fine', () => {
  only(argo(rollout('    canary:\n      steps:\n      - pause: {duration: -5}\n')), 'argo-pause-duration');
  only(argo(rollout('    canary:\n      steps:\n      - pause: {duration: ten}\n')), 'argo-pause-duration');
  assert.deepEqual(argo(rollout('    canary:\n      steps:\n      - pause: {duration: 0}\n      - pause: {duration: 1h}\n      - pause: {duration: "30"}\n      - pause: {duration: 1m30s}\n')), []);
  only(argo(rollout('    canary:\n      steps:\n      - pause: {duration: "-5"}\n')), 'argo-pause-duration');
});

test('argo-same-service: stable = canary, active = preview', () => {
  assert.match(only(argo(rollout('    canary:\n      stableService: web\n      canaryService: web\n')), 'argo-same-service').message, /same service for the stable and canary/);
  assert.match(only(argo(rollout('    blueGreen:\n      activeService: web\n      previewService: web\n')), 'argo-same-service').message, /same service for the active and preview/);
  assert.deepEqual(argo(rollout('    blueGreen:\n      activeService: web\n      previewService: web-preview\n')), []);
});

test('argo-max-surge: maxSurge and maxUnavailable both zero', () => {
  assert.match(only(argo(rollout('    canary:\n      maxSurge: 0\n      maxUnavailable: "0%"\n')), 'argo-max-surge').message, /MaxSurge and MaxUnavailable both can not be zero/);
  assert.deepEqual(argo(rollout('    canary:\n      maxSurge: 0\n')), [], 'maxUnavailable defaults to 25%');
});

test('argo-traffic-routing-required: scaleDownDelaySeconds, dynamicStableScale, setCanaryScale without trafficRouting', () => {
  const text = rollout('    canary:\n      scaleDownDelaySeconds: 30\n      dynamicStableScale: true\n      steps:\n      - setCanaryScale:\n          replicas: 1\n');
  const fs = argo(text).filter((f) => f.code === 'argo-traffic-routing-required');
  assert.deepEqual(fs.map((f) => f.message.replace(/^.*: /, '')), [
    'Canary scaleDownDelaySeconds can only be used with traffic routing',
    'Canary dynamicStableScale can only be used with traffic routing',
    'SetCanaryScale requires TrafficRouting to be set',
  ]);
});

test('argo-anti-affinity: exactly one of preferred/required, weight 1..100', () => {
  only(argo(rollout('    canary:\n      antiAffinity: {}\n')), 'argo-anti-affinity');
  const heavy = rollout('    canary:\n      antiAffinity:\n        preferredDuringSchedulingIgnoredDuringExecution:\n          weight: 200\n');
  assert.match(only(argo(heavy), 'argo-anti-affinity').message, /weight must be between 1-100/);
  assert.deepEqual(argo(rollout('    canary:\n      antiAffinity:\n        requiredDuringSchedulingIgnoredDuringExecution: {}\n')), []);
});

test('argo-progress-deadline: progressDeadlineSeconds not above minReadySeconds', () => {
  const text = rollout('    canary: {}\n', '  minReadySeconds: 700\n');
  const f = only(argo(text), 'argo-progress-deadline');
  assert.match(f.message, /progressDeadlineSeconds must be greater than minReadySeconds/);
  assert.deepEqual(argo(rollout('    canary: {}\n', '  minReadySeconds: 30\n  progressDeadlineSeconds: 60\n')), []);
});
