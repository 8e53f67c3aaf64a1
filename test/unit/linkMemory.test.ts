// The cross-document rules remember each document's findings between checks of a file (rules/links.ts, canary.ts):
// what they say after an edit must be what a check from scratch says — when another document of the file changes its
// facts, when the workspace changes, and when nothing but an image tag changed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, Linter } from '../../server/src/core/engine';
import type { Finding } from '../../server/src/core/types';
import { WorkspaceIndex } from '../../server/src/core/workspace/index';

const FILE = '/ws/app.yaml';
const OTHER = '/ws/other.yaml';

const rollout = (name: string, image = 'nginx:1', replicas = 2) => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: ${name}
spec:
  replicas: ${replicas}
  selector:
    matchLabels: {app: ${name}}
  template:
    metadata:
      labels: {app: ${name}}
    spec:
      containers:
      - {name: web, image: ${image}, resources: {requests: {cpu: 100m}}}
  strategy:
    canary:
      maxSurge: 0
      steps:
      - setWeight: 20
      - pause: {}
`;

const hpa = (target: string, min = 2) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: hpa
spec:
  scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: ${target}}
  minReplicas: ${min}
  maxReplicas: 4
`;

const file = (...docs: string[]) => docs.join('---\n');
const codes = (fs: Finding[]) => fs.map((f) => `${f.code}@${f.range.start.line}`).sort();

/** The same text checked by a fresh linter against a fresh index of the same files: the truth to compare with. */
function fromScratch(files: Record<string, string>, name: string): string[] {
  const ix = new WorkspaceIndex({ roots: ['/ws'] });
  for (const [f, t] of Object.entries(files)) ix.set(f, t);
  return codes(new Linter().lint(files[name]!, DEFAULT_OPTIONS, name, ix));
}

test('an edit that changes another document\'s facts changes the remembered findings', () => {
  const ix = new WorkspaceIndex({ roots: ['/ws'] });
  const linter = new Linter();
  const check = (text: string) => {
    ix.set(FILE, text, true);
    return codes(linter.lint(text, DEFAULT_OPTIONS, FILE, ix));
  };
  const v1 = file(rollout('web'), hpa('api'));
  const first = check(v1);
  assert.ok(first.some((c) => c.startsWith('hpa-target-not-found')), first.join());
  assert.deepEqual(first, fromScratch({ [FILE]: v1 }, FILE));

  // only an image tag: the same findings (remembered)
  const v2 = file(rollout('web', 'nginx:2'), hpa('api'));
  assert.deepEqual(check(v2), first);

  // the Rollout is renamed to what the HPA names: the HPA (an unchanged document) loses its finding, the Rollout gets
  // replicas-under-hpa (it has spec.replicas and is now scaled)
  const v3 = file(rollout('api', 'nginx:2'), hpa('api'));
  const third = check(v3);
  assert.deepEqual(third, fromScratch({ [FILE]: v3 }, FILE));
  assert.ok(!third.some((c) => c.startsWith('hpa-target-not-found')), third.join());
  assert.ok(third.some((c) => c.startsWith('replicas-under-hpa')), third.join());

  // the HPA's minimum drops to 1: the canary arithmetic of the (unchanged) Rollout follows (setWeight 20 of 1 pod
  // without surge: 0 canary pods)
  assert.ok(!third.some((c) => c.startsWith('canary-weight-zero')), third.join());
  const v4 = file(rollout('api', 'nginx:2'), hpa('api', 1));
  const fourth = check(v4);
  assert.deepEqual(fourth, fromScratch({ [FILE]: v4 }, FILE));
  assert.ok(fourth.some((c) => c.startsWith('canary-weight-zero')), fourth.join());
});

test('a change in another file of the workspace changes the remembered findings', () => {
  const ix = new WorkspaceIndex({ roots: ['/ws'] });
  const linter = new Linter();
  const text = file(hpa('api'));
  ix.set(FILE, text, true);
  const before = codes(linter.lint(text, DEFAULT_OPTIONS, FILE, ix));
  assert.ok(before.some((c) => c.startsWith('hpa-target-not-found')), before.join());

  ix.set(OTHER, rollout('api'));
  const after = codes(linter.lint(text, DEFAULT_OPTIONS, FILE, ix));
  assert.deepEqual(after, fromScratch({ [FILE]: text, [OTHER]: rollout('api') }, FILE));
  assert.ok(!after.some((c) => c.startsWith('hpa-target-not-found')), after.join());

  ix.delete(OTHER);
  assert.deepEqual(codes(linter.lint(text, DEFAULT_OPTIONS, FILE, ix)), before);
});

test('documents that move (a line added above) keep correct positions', () => {
  const ix = new WorkspaceIndex({ roots: ['/ws'] });
  const linter = new Linter();
  const v1 = file(rollout('web'), hpa('api'));
  ix.set(FILE, v1, true);
  linter.lint(v1, DEFAULT_OPTIONS, FILE, ix);
  const v2 = `# a comment that moves everything down\n${v1}`;
  ix.set(FILE, v2, true);
  assert.deepEqual(codes(linter.lint(v2, DEFAULT_OPTIONS, FILE, ix)), fromScratch({ [FILE]: v2 }, FILE));
});
