// Well-known labels and topology keys: the rule through the engine (text in, findings out) and its key matching.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { Linter, DEFAULT_OPTIONS } from '../../server/src/core/engine';
import type { Finding } from '../../server/src/core/types';
import { editDistance } from '../../server/src/core/edit-distance';
import { reservedNamespace, suggestNodeLabel, suggestObjectLabel } from '../../server/src/core/rules/labels';

const LABEL_CODES = new Set(['unknown-topology-key', 'deprecated-label', 'misspelled-label']);

function lint(text: string): Finding[] {
  return new Linter().lint(text, DEFAULT_OPTIONS).filter((f) => LABEL_CODES.has(f.code));
}

/** Applies a fix's edits (single-line edits, as this rule makes) to the text. */
function applyFix(text: string, f: Finding): string {
  const lines = text.split('\n');
  for (const e of f.fixes![0]!.edits) {
    assert.equal(e.range.start.line, e.range.end.line);
    const l = lines[e.range.start.line]!;
    lines[e.range.start.line] = l.slice(0, e.range.start.character) + e.newText + l.slice(e.range.end.character);
  }
  return lines.join('\n');
}

function rollout(podSpec: string, extra = ''): string {
  const indented = podSpec
    .trim()
    .split('\n')
    .map((l) => '      ' + l)
    .join('\n');
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: demo
spec:
  selector:
    matchLabels:
      app: demo
${extra}  template:
    metadata:
      labels:
        app: demo
    spec:
${indented}
      containers:
      - name: app
        image: nginx:1.27
`;
}

function textAt(text: string, f: Finding): string {
  const line = text.split('\n')[f.range.start.line]!;
  return line.slice(f.range.start.character, f.range.end.character);
}

test('the seed Rollout: kubernets.io/zone in preferred anti-affinity is a warning with a preferred fix', () => {
  const text = readFileSync('test/fixtures/seed/rollout.yaml', 'utf8');
  const findings = lint(text);
  assert.equal(findings.length, 1, JSON.stringify(findings));
  const f = findings[0]!;
  assert.equal(f.code, 'unknown-topology-key');
  assert.equal(f.severity, 'warning');
  assert.equal(textAt(text, f), 'kubernets.io/zone');
  assert.match(f.message, /anti-affinity/);
  assert.match(f.message, /topology\.kubernetes\.io\/zone/);
  assert.equal(f.fixes?.length, 1);
  assert.equal(f.fixes![0]!.preferred, true);
  const fixed = applyFix(text, f);
  assert.match(fixed, /topologyKey: topology\.kubernetes\.io\/zone\n/);
  assert.deepEqual(lint(fixed), [], 'the fix removes the finding');
});

test('required pod affinity and DoNotSchedule spread constraints with an unknown key are errors', () => {
  const text = rollout(`
affinity:
  podAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector: {matchLabels: {app: cache}}
      topologyKey: kubernetes.io/hostnme
topologySpreadConstraints:
- maxSkew: 1
  topologyKey: topology.kubernetes.io/zonee
  whenUnsatisfiable: DoNotSchedule
  labelSelector: {matchLabels: {app: demo}}
- maxSkew: 1
  topologyKey: "kubernetes.io/hostnam"
  whenUnsatisfiable: ScheduleAnyway
`);
  const findings = lint(text);
  assert.deepEqual(
    findings.map((f) => [f.code, f.severity, textAt(text, f), f.fixes?.[0]?.edits[0]?.newText]),
    [
      ['unknown-topology-key', 'error', 'kubernetes.io/hostnme', 'kubernetes.io/hostname'],
      ['unknown-topology-key', 'error', 'topology.kubernetes.io/zonee', 'topology.kubernetes.io/zone'],
      ['unknown-topology-key', 'warning', '"kubernetes.io/hostnam"', '"kubernetes.io/hostname"'],
    ],
  );
  assert.match(findings[0]!.message, /Pending/);
  assert.match(findings[2]!.message, /ignored/);
});

test('well-known keys, custom namespaces and open reserved prefixes are not reported', () => {
  const text = rollout(`
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector: {matchLabels: {app: demo}}
      topologyKey: kubernetes.io/hostname
    - labelSelector: {matchLabels: {app: demo}}
      topologyKey: cloud.google.com/gke-nodepool
    preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 50
      podAffinityTerm:
        labelSelector: {matchLabels: {app: demo}}
        topologyKey: karpenter.sh/capacity-type
    - weight: 50
      podAffinityTerm:
        labelSelector: {matchLabels: {app: demo}}
        topologyKey: node-role.kubernetes.io/worker
topologySpreadConstraints:
- maxSkew: 1
  topologyKey: topology.kubernetes.io/zone
  whenUnsatisfiable: DoNotSchedule
- maxSkew: 1
  topologyKey: rack
  whenUnsatisfiable: DoNotSchedule
nodeSelector:
  kubernetes.io/os: linux
  disktype: ssd
  app.kubernetes.io/name: demo
`);
  assert.deepEqual(lint(text), []);
});

test('an unknown key in the reserved namespace without a near match is reported without a fix', () => {
  const text = rollout(`
affinity:
  podAntiAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
    - labelSelector: {matchLabels: {app: demo}}
      topologyKey: kubernetes.io/rack
`);
  const [f, ...rest] = lint(text);
  assert.equal(rest.length, 0);
  assert.equal(f?.code, 'unknown-topology-key');
  assert.equal(f?.severity, 'warning');
  assert.equal(f?.fixes, undefined);
  assert.doesNotMatch(f!.message, /Did you mean/);
});

test('deprecated node labels in topologyKey, nodeSelector and node affinity: warning, deprecated tag, fix', () => {
  const text = rollout(`
nodeSelector:
  beta.kubernetes.io/os: linux
affinity:
  nodeAffinity:
    requiredDuringSchedulingIgnoredDuringExecution:
      nodeSelectorTerms:
      - matchExpressions:
        - key: beta.kubernetes.io/instance-type
          operator: In
          values: [m5.large]
    preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 1
      preference:
        matchExpressions:
        - {key: 'failure-domain.beta.kubernetes.io/region', operator: In, values: [eu-west-1]}
  podAntiAffinity:
    preferredDuringSchedulingIgnoredDuringExecution:
    - weight: 100
      podAffinityTerm:
        labelSelector: {matchLabels: {app: demo}}
        topologyKey: failure-domain.beta.kubernetes.io/zone
`);
  const findings = lint(text);
  assert.deepEqual(
    findings.map((f) => [f.code, f.severity, textAt(text, f), f.fixes?.[0]?.edits[0]?.newText, f.tags]),
    [
      ['deprecated-label', 'warning', 'beta.kubernetes.io/os', 'kubernetes.io/os', ['deprecated']],
      ['deprecated-label', 'warning', 'beta.kubernetes.io/instance-type', 'node.kubernetes.io/instance-type', ['deprecated']],
      [
        'deprecated-label',
        'warning',
        "'failure-domain.beta.kubernetes.io/region'",
        "'topology.kubernetes.io/region'",
        ['deprecated'],
      ],
      ['deprecated-label', 'warning', 'failure-domain.beta.kubernetes.io/zone', 'topology.kubernetes.io/zone', ['deprecated']],
    ],
  );
  let fixed = text;
  for (const f of findings) fixed = applyFix(fixed, f);
  assert.deepEqual(lint(fixed), []);
});

test('misspelled recommended labels in metadata, selectors and template labels; misspelled node labels', () => {
  const text = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: demo
  labels:
    app.kubernetes.io/nmae: demo
    app.kubernetes.io/version: "1.0"
    app.kubernetes.io/tier: backend
spec:
  selector:
    matchLabels:
      app.kubernets.io/name: demo
    matchExpressions:
    - {key: app.kubernetes.io/instnace, operator: Exists}
  template:
    metadata:
      labels:
        app.kubernetes.io/part_of: shop
    spec:
      nodeSelector:
        kubernetes.io/oss: linux
      containers:
      - name: app
        image: nginx:1.27
`;
  const findings = lint(text);
  assert.deepEqual(
    findings.map((f) => [f.code, textAt(text, f), f.fixes?.[0]?.edits[0]?.newText]),
    [
      ['misspelled-label', 'app.kubernetes.io/nmae', 'app.kubernetes.io/name'],
      ['misspelled-label', 'app.kubernets.io/name', 'app.kubernetes.io/name'],
      ['misspelled-label', 'app.kubernetes.io/instnace', 'app.kubernetes.io/instance'],
      ['misspelled-label', 'app.kubernetes.io/part_of', 'app.kubernetes.io/part-of'],
      ['misspelled-label', 'kubernetes.io/oss', 'kubernetes.io/os'],
    ],
  );
  for (const f of findings) assert.equal(f.severity, 'warning');
});

test('Service selector keys and labels are checked; HPA metadata labels too', () => {
  const text = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app.kubernetes.io/managed-bye: helm}
spec:
  selector:
    app.kubernetes.io/nam: web
  ports: [{port: 80}]
---
apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
  labels:
    app.kubernetes.io/componet: api
spec:
  scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web}
  minReplicas: 2
  maxReplicas: 4
`;
  const findings = lint(text);
  assert.deepEqual(
    findings.map((f) => [f.range.start.line, textAt(text, f), f.fixes?.[0]?.edits[0]?.newText]),
    [
      [4, 'app.kubernetes.io/managed-bye', 'app.kubernetes.io/managed-by'],
      [7, 'app.kubernetes.io/nam', 'app.kubernetes.io/name'],
      [15, 'app.kubernetes.io/componet', 'app.kubernetes.io/component'],
    ],
  );
});

test('a workloadRef Rollout and other kinds are left alone', () => {
  const text = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: demo}
spec:
  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: demo}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: demo, labels: {app.kubernetes.io/nmae: x}}
spec:
  template:
    spec:
      affinity:
        podAntiAffinity:
          requiredDuringSchedulingIgnoredDuringExecution:
          - topologyKey: kubernets.io/zone
`;
  assert.deepEqual(lint(text), []);
});

test('no label finding on the upstream Argo Rollouts examples', () => {
  const dir = 'test/fixtures/corpus';
  const files = readdirSync(dir).filter((f) => f.endsWith('.yaml'));
  assert.ok(files.length > 20);
  for (const f of files) assert.deepEqual(lint(readFileSync(join(dir, f), 'utf8')), [], f);
});

test('key matching: reserved namespaces and typos of them', () => {
  assert.equal(reservedNamespace('kubernetes.io'), 'exact');
  assert.equal(reservedNamespace('topology.kubernetes.io'), 'exact');
  assert.equal(reservedNamespace('kops.k8s.io'), 'exact');
  assert.equal(reservedNamespace('kubernets.io'), 'typo');
  assert.equal(reservedNamespace('topology.kuberentes.io'), 'typo');
  assert.equal(reservedNamespace('kubernetesio'), 'typo');
  assert.equal(reservedNamespace('cloud.google.com'), undefined);
  assert.equal(reservedNamespace('karpenter.sh'), undefined);
  assert.equal(reservedNamespace('k3s.io'), undefined);
  assert.equal(reservedNamespace(''), undefined);
});

test('key matching: prefix and name compared separately', () => {
  assert.equal(suggestNodeLabel('kubernets.io/zone'), 'topology.kubernetes.io/zone');
  assert.equal(suggestNodeLabel('kubernetes.io/region'), 'topology.kubernetes.io/region');
  assert.equal(suggestNodeLabel('kubernetes.io/hostnmae'), 'kubernetes.io/hostname');
  assert.equal(suggestNodeLabel('topology.kubernetes.io/zone'), undefined);
  assert.equal(suggestNodeLabel('kubernetes.io/rack'), undefined);
  assert.equal(suggestObjectLabel('app.kubernetes.io/nmae'), 'app.kubernetes.io/name');
  assert.equal(suggestObjectLabel('app.kubernetes.io/name'), undefined);
  assert.equal(suggestObjectLabel('app.kubernetes.io/instance-id'), undefined);
  assert.equal(suggestObjectLabel('example.com/name'), undefined);
  assert.equal(suggestObjectLabel('name'), undefined);
});

test('edit distance counts a transposition as one edit and honours its limit', () => {
  assert.equal(editDistance('nmae', 'name'), 1);
  assert.equal(editDistance('kubernets.io', 'kubernetes.io'), 1);
  assert.equal(editDistance('', 'abc'), 3);
  assert.equal(editDistance('kitten', 'sitting'), 3);
  assert.equal(editDistance('kitten', 'sitting', 1), 2);
  assert.equal(editDistance('same', 'same'), 0);
});

test('misspelled-label keeps the key quoted as it was, in block and flow mappings', () => {
  const text = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels:
    "app.kubernetes.io/nmae": web
    'app.kubernetes.io/verison': "1"
spec:
  selector: {app.kubernetes.io/instnace: web}
  ports:
  - port: 80
`;
  const found = lint(text).filter((f) => f.code === 'misspelled-label');
  assert.deepEqual(
    found.map((f) => [textAt(text, f), f.fixes?.[0]?.edits[0]?.newText, f.fixes?.[0]?.preferred]),
    [
      ['"app.kubernetes.io/nmae"', '"app.kubernetes.io/name"', true],
      ["'app.kubernetes.io/verison'", "'app.kubernetes.io/version'", true],
      ['app.kubernetes.io/instnace', 'app.kubernetes.io/instance', true],
    ],
  );
});
