// What the API server refuses beyond the schemas (rules/apiserver*.ts): the syntax functions against the API server's
// own examples, quantities compared exactly, and each code located on the value it is about, with its fix.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import type { Finding } from '../../server/src/core/types';
import { textOf } from '../lsp/client';
import { applyFix, lint, only } from '../support/lint';
import {
  isDNS1035Label,
  isDNS1123Label,
  isDNS1123Subdomain,
  isQualifiedName,
  isValidLabelValue,
  isValidPortName,
} from '../../server/src/core/rules/apiserver-names';
import { utf8Length } from '../../server/src/core/rules/apiserver';
import { compareQuantities, isFractional, parseQuantity, suffixCaseFix, toNano, type Quantity } from '../../server/src/core/rules/quantity';

const MINE = new Set([
  'invalid-name',
  'invalid-label',
  'invalid-port',
  'invalid-port-name',
  'duplicate-port',
  'duplicate-container-name',
  'service-port-name-required',
  'invalid-quantity',
  'request-above-limit',
  'memory-millis',
  'hpa-replicas',
  'hpa-metric-target',
  'hpa-behavior',
]);
const mine = (text: string): Finding[] => lint(text).filter((f) => MINE.has(f.code));

function q(s: string): Quantity {
  const r = parseQuantity(s);
  assert.ok(r.ok, `${s} parses`);
  return r.q;
}

function service(ports: string, name = 'web', extra = ''): string {
  return `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
${extra}  selector:
    app: web
  ports:
${ports}`;
}

function rollout(containers: string, templateMeta = '      labels:\n        app: web\n'): string {
  return `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  selector:
    matchLabels:
      app: web
  strategy:
    canary: {}
  template:
    metadata:
${templateMeta}    spec:
      containers:
${containers}`;
}

function hpa(spec: string, apiVersion = 'autoscaling/v2'): string {
  return `apiVersion: ${apiVersion}
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    name: web
${spec}`;
}

// ---------------------------------------------------------------------------------------------------------------
// Syntax functions

test('names: DNS-1123 labels and subdomains, DNS-1035 labels (the apimachinery examples)', () => {
  for (const ok of ['a', 'ab', 'a-b', '0', '123-abc', 'a'.repeat(63)]) assert.deepEqual(isDNS1123Label(ok), [], ok);
  for (const bad of ['', 'A', 'a_b', '-a', 'a-', 'a.b', 'a'.repeat(64)]) assert.ok(isDNS1123Label(bad).length > 0, bad);
  assert.deepEqual(isDNS1123Label('a'.repeat(64)), ['must be no more than 63 characters']);
  for (const ok of ['example.com', 'a.b-c.d', '1-api']) assert.deepEqual(isDNS1123Subdomain(ok), [], ok);
  for (const bad of ['Example.com', 'a..b', '.a', `${'a'.repeat(250)}.com`]) assert.ok(isDNS1123Subdomain(bad).length > 0, bad);
  assert.deepEqual(isDNS1035Label('api-1'), []);
  assert.match(isDNS1035Label('1-api')[0]!, /start with an alphabetic character/);
});

test('qualified names and label values', () => {
  for (const ok of ['app', 'MyName', 'my.name', '123-abc', 'app.kubernetes.io/name', 'example.com/My_Name']) {
    assert.deepEqual(isQualifiedName(ok), [], ok);
  }
  assert.deepEqual(isQualifiedName('/name'), ['prefix part must be non-empty']);
  assert.deepEqual(isQualifiedName('a/'), ['name part must be non-empty']);
  assert.match(isQualifiedName('a/b/c')[0]!, /^a qualified name must consist of/);
  assert.match(isQualifiedName('Example.com/name')[0]!, /^prefix part a lowercase RFC 1123 subdomain/);
  assert.deepEqual(isQualifiedName('x'.repeat(64)), ['name part must be no more than 63 characters']);
  assert.match(isQualifiedName('-app')[0]!, /^name part must consist of alphanumeric characters/);
  for (const ok of ['', 'v1', 'my_value', '1.2.3', 'A']) assert.deepEqual(isValidLabelValue(ok), [], ok);
  for (const bad of ['-v', 'v-', 'a b', 'a/b', 'x'.repeat(64)]) assert.ok(isValidLabelValue(bad).length > 0, bad);
});

test('port names: IANA service names', () => {
  for (const ok of ['http', 'http-metrics', 'h2c', 'a'.repeat(15)]) assert.deepEqual(isValidPortName(ok), [], ok);
  assert.deepEqual(isValidPortName('a'.repeat(16)), ['must be no more than 15 characters']);
  assert.deepEqual(isValidPortName('8080'), ['must contain at least one letter (a-z)']);
  assert.deepEqual(isValidPortName('a--b'), ['must not contain consecutive hyphens']);
  assert.deepEqual(isValidPortName('-ab'), ['must not begin or end with a hyphen']);
  assert.deepEqual(isValidPortName('Http'), ['must contain only alpha-numeric characters (a-z, 0-9), and hyphens (-)']);
});

test('quantities: the grammar, case-sensitive suffixes, exact comparison', () => {
  for (const ok of ['1', '0.5', '.5', '5.', '+1', '-1', '500m', '1Gi', '1e3', '1E3', '1e-3', '1E', '100n', '3u', '2k', '1.5Mi']) {
    assert.ok(parseQuantity(ok).ok, ok);
  }
  for (const bad of ['', '.', 'Mi', '512mi', '1gi', '100K', '1e', '1.5.5', '512MB', '1 Gi', 'abc']) {
    assert.equal(parseQuantity(bad).ok, false, bad);
  }
  assert.deepEqual(parseQuantity('512mi'), { ok: false, message: "unable to parse quantity's suffix" });
  assert.equal(compareQuantities(q('1Gi'), q('1000M')), 1);
  assert.equal(compareQuantities(q('1000m'), q('1')), 0);
  assert.equal(compareQuantities(q('0.5'), q('500m')), 0);
  assert.equal(compareQuantities(q('1e3'), q('1k')), 0);
  assert.equal(compareQuantities(q('600m'), q('500m')), 1);
  assert.equal(compareQuantities(q('-1'), q('0')), -1);
  // values beyond the range are clamped as the API server clamps them, without building huge numbers
  assert.equal(compareQuantities(q('1e999999'), q('1e400')), 0);
  assert.equal(toNano(q('1n')), 1n);
  assert.equal(toNano(q('1e-20')), 1n); // rounded up to the smallest unit
  assert.equal(isFractional(q('512m')), true);
  assert.equal(isFractional(q('1000m')), false);
  assert.equal(isFractional(q('512Mi')), false);
  assert.equal(suffixCaseFix('512mi'), '512Mi');
  assert.equal(suffixCaseFix('1GI'), '1Gi');
  assert.equal(suffixCaseFix('100K'), '100k');
  assert.equal(suffixCaseFix('512Mi'), undefined);
  assert.equal(suffixCaseFix('512MB'), undefined);
});

// ---------------------------------------------------------------------------------------------------------------
// The rule, per code

test('the seed manifests and a clean Service/Rollout/HPA give no finding of these codes', () => {
  for (const name of ['hpa', 'rollout', 'service']) {
    assert.deepEqual(mine(readFileSync(`test/fixtures/seed/${name}.yaml`, 'utf8')), [], name);
  }
  const clean = [
    service('  - {name: http, port: 80, targetPort: http}\n  - {name: https, port: 443, targetPort: 8443, protocol: TCP}\n  - {name: dns, port: 443, protocol: UDP}\n'),
    service('  - port: 80\n    targetPort: 0\n    nodePort: 30080\n', 'web', '  type: NodePort\n'),
    rollout(
      '      - name: web\n        image: nginx\n        ports: [{name: http, containerPort: 8080}, {containerPort: 8080, protocol: UDP}]\n' +
        '        readinessProbe: {httpGet: {port: http}}\n        resources: {requests: {cpu: 0.5, memory: 1000M}, limits: {cpu: 500m, memory: 1Gi}}\n',
    ),
    hpa('  minReplicas: 1\n  maxReplicas: 1\n  metrics:\n  - type: Resource\n    resource: {name: memory, target: {type: AverageValue, averageValue: 512Mi}}\n'),
  ];
  for (const text of clean) assert.deepEqual(mine(text), [], text);
});

test('invalid-name: a Service name must start with a letter; a Rollout name is a subdomain; container names', () => {
  const svc = service('  - port: 80\n', '1-api');
  const f = only(mine(svc), 'invalid-name');
  assert.equal(f.severity, 'error');
  assert.equal(textOf(svc, f.range), '1-api');
  assert.match(f.message, /^metadata\.name: Invalid value: "1-api": a DNS-1035 label must consist of/);
  assert.deepEqual(mine(service('  - port: 80\n', 'api-1')), []);

  const ro = rollout('      - name: Web_App\n        image: nginx\n').replace('name: web\nspec', 'name: My.Rollout\nspec');
  const found = mine(ro).filter((x) => x.code === 'invalid-name');
  assert.deepEqual(found.map((x) => textOf(ro, x.range)), ['My.Rollout', 'Web_App']);
  assert.doesNotMatch(found[0]!.message, /InvalidSpec/); // the name is the API server's
  assert.match(found[1]!.message, /^spec\.template\.spec\.containers\[0\]\.name: Invalid value: "Web_App": a lowercase RFC 1123 label .*InvalidSpec/);
  assert.equal(applyFix(ro, found[1]!).includes('- name: web-app\n'), true);
});

test('invalid-label: label keys and values, selectors, annotation keys; values of another type are the schema rule', () => {
  const text = service('  - port: 80\n').replace(
    'metadata:\n  name: web\n',
    'metadata:\n  name: web\n  labels:\n    tier: -frontend\n    a/b/c: x\n    count: 3\n  annotations:\n    Example.COM/Note: ok\n    bad key: x\n',
  ).replace('    app: web\n', '    app: web\n    "": x\n');
  const found = mine(text);
  assert.deepEqual(found.map((f) => [f.code, textOf(text, f.range)]), [
    ['invalid-label', '-frontend'],
    ['invalid-label', 'a/b/c'],
    ['invalid-label', 'bad key'],
    ['invalid-label', '""'],
  ]);
  assert.match(found[0]!.message, /^metadata\.labels: Invalid value: "-frontend": a valid label must be an empty string/);
  assert.match(found[3]!.message, /^spec\.selector: Invalid value: "": name part must be non-empty/);
  const ro = rollout('      - name: web\n        image: nginx\n').replace(
    '    matchLabels:\n      app: web\n',
    '    matchLabels:\n      app: web\n    matchExpressions:\n    - {key: "-tier", operator: In, values: [ok, "not ok"]}\n',
  );
  assert.deepEqual(mine(ro).map((f) => textOf(ro, f.range)), ['"-tier"', '"not ok"']);
});

test('invalid-port: ranges, quoted numbers (with the fix), named ports, nodePort on ClusterIP', () => {
  const svc = service('  - port: 70000\n    targetPort: "8080" # the app\n');
  const found = mine(svc);
  assert.deepEqual(found.map((f) => [f.code, textOf(svc, f.range)]), [
    ['invalid-port', '70000'],
    ['invalid-port', '"8080"'],
  ]);
  assert.equal(found[0]!.message, 'spec.ports[0].port: Invalid value: 70000: must be between 1 and 65535, inclusive');
  assert.match(found[1]!.message, /must contain at least one letter \(a-z\)\. A quoted number is a port name/);
  const fixed = applyFix(svc, found[1]!);
  assert.equal(fixed, svc.replace('"8080"', '8080'));
  assert.deepEqual(mine(fixed).map((f) => textOf(fixed, f.range)), ['70000']);

  const np = service('  - port: 80\n    nodePort: 30080\n');
  const f = only(mine(np), 'invalid-port');
  assert.equal(textOf(np, f.range), '30080');
  assert.equal(f.message.split('. ')[0], "spec.ports[0].nodePort: Forbidden: may not be used when `type` is 'ClusterIP'");

  const ro = rollout(
    '      - name: web\n        image: nginx\n        ports: [{containerPort: 0}, {containerPort: 8080, hostPort: 70000}]\n' +
      '        livenessProbe: {tcpSocket: {port: health-check-port}}\n        startupProbe: {grpc: {port: 0}}\n',
  );
  const pod = mine(ro);
  assert.deepEqual(pod.map((x) => textOf(ro, x.range)), ['0', '70000', 'health-check-port', '0']);
  assert.match(pod[0]!.message, /^spec\.template\.spec\.containers\[0\]\.ports\[0\]\.containerPort: Required value \(the Argo Rollouts controller/);
  assert.match(pod[2]!.message, /livenessProbe\.tcpSocket\.port: Invalid value: "health-check-port": must be no more than 15 characters/);
});

test('invalid-port-name: container port names are IANA names, Service port names DNS-1123 labels', () => {
  const ro = rollout('      - name: web\n        image: nginx\n        ports: [{name: metrics-endpoint, containerPort: 9090}]\n');
  const f = only(mine(ro), 'invalid-port-name');
  assert.equal(textOf(ro, f.range), 'metrics-endpoint');
  const svc = service('  - name: Web_Port\n    port: 80\n');
  const g = only(mine(svc), 'invalid-port-name');
  assert.equal(textOf(svc, g.range), 'Web_Port');
  assert.equal(applyFix(svc, g), svc.replace('Web_Port', 'web-port'));
  // a Service port name may be longer than 15 characters: it is a DNS label
  assert.deepEqual(mine(service('  - {name: metrics-endpoint-http, port: 80}\n')), []);
});

test('duplicate-port: Service port/protocol and names (errors), the same container port twice in a pod (warning)', () => {
  const svc = service('  - {name: http, port: 80}\n  - {name: http, port: 80, protocol: TCP}\n  - {name: dns, port: 80, protocol: UDP}\n');
  const found = mine(svc);
  assert.deepEqual(found.map((f) => [f.code, f.severity, f.range.start.line]), [
    ['duplicate-port', 'error', 9],
    ['duplicate-port', 'error', 9],
  ]);
  assert.equal(found[0]!.message, 'spec.ports[1].name: Duplicate value: "http"');
  assert.equal(found[1]!.message, 'spec.ports[1]: Duplicate value: port 80/TCP is already spec.ports[0]');
  const ro = rollout(
    '      - name: a\n        image: x\n        ports: [{containerPort: 8080, name: http}, {containerPort: 9090, name: http}]\n' +
      '      - name: b\n        image: x\n        ports: [{containerPort: 8080}]\n',
  );
  const pod = mine(ro);
  assert.deepEqual(pod.map((f) => [f.severity, textOf(ro, f.range)]), [
    ['error', 'http'],
    ['warning', '8080'],
  ]);
  assert.equal(pod[1]!.range.start.line, 21); // container b's ports line
  assert.match(pod[1]!.message, /^spec\.template\.spec\.containers\[1\]\.ports\[0\]: duplicate port definition with spec\.template\.spec\.containers\[0\]\.ports\[0\]/);
});

test('duplicate-container-name: across containers and init containers, reported on the later one', () => {
  const ro = rollout('      - name: app\n        image: x\n').replace('      containers:\n', '      initContainers:\n      - name: app\n        image: busybox\n      containers:\n');
  const f = only(mine(ro), 'duplicate-container-name');
  assert.equal(f.range.start.line, 16); // the init container's name
  assert.match(f.message, /^spec\.template\.spec\.initContainers\[0\]\.name: Duplicate value: "app"/);
});

test('service-port-name-required: on each unnamed port of a multi-port Service', () => {
  const svc = service('  - name: http\n    port: 80\n  - port: 443 # tls\n    targetPort: 8443\n');
  const f = only(mine(svc), 'service-port-name-required');
  assert.equal(textOf(svc, f.range), 'port: 443 # tls');
  assert.match(f.message, /^spec\.ports\[1\]\.name: Required value/);
  assert.deepEqual(mine(service('  - port: 443\n')), []);
});

test('invalid-quantity: bad suffix (with the fix), bytes, negative, a mapping in a Rollout', () => {
  const ro = rollout(
    '      - name: web\n        image: x\n        resources:\n          requests: {memory: "512mi", cpu: -1}\n          limits: {memory: 1GB, cpu: {n: 1}}\n',
  );
  const found = mine(ro);
  assert.deepEqual(found.map((f) => [f.code, textOf(ro, f.range)]), [
    ['invalid-quantity', '1GB'],
    ['invalid-quantity', '{n: 1}'],
    ['invalid-quantity', '"512mi"'],
    ['invalid-quantity', '-1'],
  ]);
  assert.match(found[0]!.message, /quantities must match the regular expression .*Bytes are implied/);
  assert.match(found[2]!.message, /requests\[memory\]: Invalid value: "512mi": unable to parse quantity's suffix\. Suffixes are case-sensitive: did you mean `512Mi`\?/);
  assert.match(found[3]!.message, /must be greater than or equal to 0/);
  assert.ok(applyFix(ro, found[2]!).includes('memory: "512Mi"'));
});

test('request-above-limit: compared exactly, on the request', () => {
  const ro = rollout('      - name: web\n        image: x\n        resources:\n          requests: {cpu: 600m, memory: 1Gi}\n          limits: {cpu: "0.5", memory: 1000M}\n');
  const found = mine(ro);
  assert.deepEqual(found.map((f) => textOf(ro, f.range)), ['600m', '1Gi']);
  assert.match(found[0]!.message, /^spec\.template\.spec\.containers\[0\]\.resources\.requests: Invalid value: "600m": must be less than or equal to cpu limit of 0\.5/);
  assert.deepEqual(mine(rollout('      - name: web\n        image: x\n        resources: {requests: {cpu: 500m}, limits: {cpu: "0.5"}}\n')), []);
});

test('memory-millis: a warning with the API server warning and a fix to Mi; also on an HPA memory target', () => {
  const ro = rollout('      - name: web\n        image: x\n        resources:\n          limits:\n            memory: 512m # half a gig\n');
  const f = only(mine(ro), 'memory-millis');
  assert.equal(f.severity, 'warning');
  assert.equal(textOf(ro, f.range), '512m');
  assert.match(f.message, /^spec\.template\.spec\.containers\[0\]\.resources\.limits\[memory\]: fractional byte value "512m" is invalid, must be an integer/);
  assert.equal(applyFix(ro, f), ro.replace('512m #', '512Mi #'));
  const h = hpa('  maxReplicas: 3\n  metrics:\n  - type: Resource\n    resource: {name: memory, target: {type: AverageValue, averageValue: 300m}}\n');
  assert.equal(textOf(h, only(mine(h), 'memory-millis').range), '300m');
  // cpu in millicores is what `m` is for
  assert.deepEqual(mine(rollout('      - name: web\n        image: x\n        resources: {limits: {cpu: 512m}}\n')), []);
});

test('hpa-replicas: bounds and order, in the API server words', () => {
  const h = hpa('  minReplicas: 5\n  maxReplicas: 2\n');
  const f = only(mine(h), 'hpa-replicas');
  assert.equal(textOf(h, f.range), '2');
  assert.equal(f.message, 'spec.maxReplicas: Invalid value: 2: must be greater than or equal to `minReplicas`');
  const z = hpa('  minReplicas: 0\n  maxReplicas: 0\n', 'autoscaling/v1');
  assert.deepEqual(mine(z).map((x) => [x.code, x.message.split('. ')[0]]), [
    ['hpa-replicas', 'spec.minReplicas: Invalid value: 0: must be greater than or equal to 1'],
    ['hpa-replicas', 'spec.maxReplicas: Invalid value: 0: must be greater than 0'],
  ]);
});

test('hpa-metric-target: sources, per-source targets, positive values, the type/field mismatch warning with its fix', () => {
  const h = hpa(`  maxReplicas: 5
  metrics:
  - type: Pods
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 50}}
  - type: Resource
    resource: {name: cpu, target: {type: Utilization}}
  - type: External
    external: {metric: {name: q}, target: {type: Value, value: 0, averageValue: 3}}
  - type: Object
    object:
      describedObject: {kind: Service, name: web}
      metric: {name: rps}
      target: {type: Value, averageValue: "10"}
`);
  const found = mine(h);
  const head = (m: string) => (m.startsWith('spec.metrics[3].object.target.type is') ? m.slice(0, m.indexOf(': the API')) : m.split(':').slice(0, 2).join(':'));
  assert.deepEqual(found.map((f) => [f.severity, head(f.message), textOf(h, f.range)]), [
    ['error', 'spec.metrics[0].resource: Forbidden', 'resource'],
    ['error', 'spec.metrics[0].pods: Required value', 'type'],
    ['error', 'spec.metrics[1].resource.target.averageUtilization: Required value', 'type'],
    ['error', 'spec.metrics[2].external.target.value: Invalid value', '0'],
    ['error', 'spec.metrics[2].external.target.value: Forbidden', 'value'],
    ['warning', 'spec.metrics[3].object.target.type is `Value`, which reads `value`, but the target sets `averageValue`', 'Value'],
  ]);
  assert.ok(applyFix(h, found[5]!).includes('target: {type: AverageValue, averageValue: "10"}'));
  const v1 = hpa('  maxReplicas: 3\n  targetCPUUtilizationPercentage: 0\n', 'autoscaling/v1');
  assert.equal(only(mine(v1), 'hpa-metric-target').message, 'spec.targetCPUUtilizationPercentage: Invalid value: 0: must be greater than 0');
  // v2beta1 metrics have another shape: left to the deprecations rule
  assert.deepEqual(
    mine(hpa('  maxReplicas: 3\n  metrics:\n  - type: Resource\n    resource: {name: cpu, targetAverageUtilization: 50}\n', 'autoscaling/v2beta1')),
    [],
  );
});

test('values of the wrong type are left to the schema rule (no double report)', () => {
  const svc = service('  - port: "80"\n    targetPort: true\n');
  const codes = lint(svc).map((f) => f.code);
  assert.ok(codes.includes('invalid-type'));
  assert.deepEqual(mine(svc), []);
});

test('odd values do not throw and are not reported twice: a numeric port name, a list as a quantity, nulls', () => {
  const svc = service('  - {name: 5, port: 80}\n  - {name: ~, port: 81}\n  - null\n');
  assert.deepEqual(mine(svc).map((f) => [f.code, f.range.start.line]), [['service-port-name-required', 9]]);
  assert.ok(lint(svc).some((f) => f.code === 'invalid-type'));
  const ro = rollout('      - name: web\n        image: x\n        resources: {limits: {memory: [1], cpu: null}, requests: null}\n');
  assert.deepEqual(mine(ro).map((f) => [f.code, textOf(ro, f.range)]), [['invalid-quantity', '[1]']]);
});

test('who refuses it: the controller for a Rollout selector and template, nobody before the controller for a quantity', () => {
  const ro = rollout('      - name: web\n        image: x\n        resources: {limits: {memory: 1gi}}\n').replace('      app: web\n  strategy', '      app: -web\n  strategy');
  const found = mine(ro);
  assert.deepEqual(found.map((f) => [f.code, textOf(ro, f.range)]), [
    ['invalid-label', '-web'],
    ['invalid-quantity', '1gi'],
  ]);
  assert.match(found[0]!.message, /^spec\.selector\.matchLabels: Invalid value: "-web": .* \(the Argo Rollouts controller refuses it and marks the Rollout InvalidSpec\)$/);
  assert.match(found[1]!.message, /\(the Rollout CRD does not check resources, so kubectl apply accepts it, but the Argo Rollouts controller cannot decode it\)$/);
  // a workloadRef Rollout's template is not its own: not checked here
  const ref = rollout('      - name: Bad_Name\n        image: x\n').replace('  strategy:', '  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web}\n  strategy:');
  assert.deepEqual(mine(ref), []);
});

test('invalid-label: annotations larger than 256 KiB in total, on the annotations key', () => {
  const big = (n: number) => service('  - port: 80\n').replace('  name: web\n', `  name: web\n  annotations:\n    a: "${'x'.repeat(n)}"\n    b: "é"\n`);
  const f = only(mine(big(262144)), 'invalid-label');
  assert.equal(textOf(big(262144), f.range), 'annotations');
  assert.match(f.message, /^metadata\.annotations: Too long: may not be more than 262144 bytes\. These annotations hold 262148 bytes/);
  assert.deepEqual(mine(big(262140)), []); // 262140 + 1 + 1 + 2 (é is two bytes) = 262144
});

test('utf8Length counts the bytes TextEncoder writes, without encoding', () => {
  const encoder = new TextEncoder();
  const samples = ['', 'abc', 'é', 'ß€', '\u07ff\u0800', '한국어', '😀', 'a😀b', '\ud83d', '\ude00', '\ude00\ud83d', 'x\ud83d', '\ud83d\ud83d\ude00', '\uffff\u0000'];
  for (let c = 0; c < 0x10000; c += 97) samples.push(String.fromCharCode(c), `a${String.fromCharCode(c)}b`);
  for (const s of samples) assert.equal(utf8Length(s), encoder.encode(s).length, JSON.stringify(s));
});

test('hpa-behavior: window and period bounds, positive policy values, an empty policy list', () => {
  const h = hpa(`  maxReplicas: 5
  behavior:
    scaleDown:
      stabilizationWindowSeconds: 7200
      policies:
      - {type: Pods, value: 0, periodSeconds: 3600}
    scaleUp:
      stabilizationWindowSeconds: -1
      policies: []
`);
  const found = mine(h);
  assert.deepEqual(found.map((f) => [f.code, textOf(h, f.range), f.message.split('. ')[0]]), [
    // scaleUp first, as the API server checks them
    ['hpa-behavior', '-1', 'spec.behavior.scaleUp.stabilizationWindowSeconds: Invalid value: -1: must be greater than or equal to zero'],
    ['hpa-behavior', 'policies', 'spec.behavior.scaleUp.policies: Required value: must specify at least one Policy'],
    ['hpa-behavior', '7200', 'spec.behavior.scaleDown.stabilizationWindowSeconds: Invalid value: 7200: must be less than or equal to 3600'],
    ['hpa-behavior', '0', 'spec.behavior.scaleDown.policies[0].value: Invalid value: 0: must be greater than zero'],
    ['hpa-behavior', '3600', 'spec.behavior.scaleDown.policies[0].periodSeconds: Invalid value: 3600: must be less than or equal to 1800'],
  ]);
  // no policies (or null) takes the defaults
  assert.deepEqual(mine(hpa('  maxReplicas: 5\n  behavior:\n    scaleDown: {stabilizationWindowSeconds: 300}\n    scaleUp: {policies: ~}\n')), []);
});

test('invalid-name: a ContainerResource metric names its container by a DNS-1123 label', () => {
  const h = hpa('  maxReplicas: 5\n  metrics:\n  - type: ContainerResource\n    containerResource: {name: cpu, container: Web_App, target: {type: Utilization, averageUtilization: 60}}\n');
  const f = only(mine(h), 'invalid-name');
  assert.equal(textOf(h, f.range), 'Web_App');
  assert.match(f.message, /^spec\.metrics\[0\]\.containerResource\.container: Invalid value: "Web_App": a lowercase RFC 1123 label/);
});

test('a Service ports list with YAML merge keys is not judged for names and duplicates (the merged fields are unseen)', () => {
  const svc = service('  - &p {port: 80, protocol: TCP}\n  - <<: *p\n    name: second\n');
  assert.deepEqual(mine(svc), []);
  // without the merge key the same ports are reported
  const plain = service('  - {port: 80, protocol: TCP}\n  - {port: 80, protocol: TCP, name: second}\n');
  assert.deepEqual(mine(plain).map((f) => f.code), ['service-port-name-required', 'duplicate-port']);
});
