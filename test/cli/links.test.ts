// `rollout-pilot lint PATHS` resolves links between resources across every path given: all files are read first and
// indexed once. A link missing from a folder given is a warning; from a file named alone, information; inside a
// kustomize folder or a Helm chart, nothing.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintJson, writeTree, type JsonFinding } from './lintTree';

const tmp = mkdtempSync(join(tmpdir(), 'rp-links-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

const lint = lintJson;
const tree = (files: Record<string, string>) => writeTree(tmp, files);

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec:
      containers: [{name: web, image: nginx, resources: {requests: {cpu: 100m}}}]
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      steps: [{setWeight: 20}]
`;
const hpa = (target: string) =>
  `apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata: {name: web}\nspec:\n  scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: ${target}}\n  minReplicas: 1\n  maxReplicas: 4\n`;
const service = (name: string) => `apiVersion: v1\nkind: Service\nmetadata: {name: ${name}}\nspec:\n  selector: {app: web}\n  ports: [{port: 80}]\n`;

const links = (fs: JsonFinding[]) =>
  fs.filter((f) => /not-found|selects-nothing|target-port|under-hpa|missing-request|service-label/.test(f.code)).map((f) => `${f.file} ${f.range.start.line + 1} ${f.severity} ${f.code}`);

test('links resolve across the folders and files given, whichever comes first', () => {
  const root = tree({
    'a/rollout.yaml': ROLLOUT,
    'b/hpa.yaml': hpa('web'),
    'c/services.yaml': `${service('web-canary')}---\n${service('web-stable')}`,
  });
  // each alone misses the others
  const alone = lint(['a'], root);
  assert.deepEqual(links(alone.findings), ['a/rollout.yaml 13 warning rollout-service-not-found', 'a/rollout.yaml 14 warning rollout-service-not-found']);
  assert.equal(alone.code, 0, 'warnings only');
  // all three given: nothing missing
  assert.deepEqual(links(lint(['b', 'a', 'c'], root).findings), []);
  // the folder with a file named alone: found in the file
  assert.deepEqual(links(lint(['a', 'c/services.yaml'], root).findings), []);
});

test('a file named alone gets information, a folder given a warning; --rule turns a link code off', () => {
  const root = tree({ 'hpa.yaml': hpa('webb'), 'rollout.yaml': ROLLOUT.replace(/ {6}canaryService.*\n {6}stableService.*\n/, '') });
  assert.deepEqual(links(lint(['hpa.yaml'], root).findings), ['hpa.yaml 5 information hpa-target-not-found']);
  const folder = lint(['.'], root);
  assert.deepEqual(links(folder.findings), ['hpa.yaml 5 warning hpa-target-not-found']);
  assert.match(folder.findings.find((f) => f.code === 'hpa-target-not-found')!.message, /No Rollout named `webb` in the workspace/);
  assert.deepEqual(links(lint(['.', '--rule', 'hpa-target-not-found=off'], root).findings), []);
});

test('kustomize folders and Helm charts: no "not found"', () => {
  const root = tree({
    'base/kustomization.yaml': 'resources: [hpa.yaml]\n',
    'base/hpa.yaml': hpa('from-a-remote-base'),
    'chart/Chart.yaml': 'apiVersion: v2\nname: c\nversion: 0.1.0\n',
    'chart/templates/hpa.yaml': hpa('web-rendered'),
    'chart/templates/rollout.yaml': ROLLOUT.replace('name: web\n', 'name: "{{ .Release.Name }}"\n'),
  });
  const r = lint(['.'], root);
  assert.deepEqual(links(r.findings), [], JSON.stringify(r.findings));
});
