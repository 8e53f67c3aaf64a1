// Removed and deprecated API versions and fields, against the configured Kubernetes version, with their fixes.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Finding } from '../../server/src/core/types';
import { textOf } from '../lsp/client';
import { applyFix, lint, only, optionsAt as at } from '../support/lint';

const seed = (name: string) => readFileSync(`test/fixtures/seed/${name}.yaml`, 'utf8');

/** The text with the fix of `f` applied, which must be its only one. */
function fixed(text: string, f: Finding): string {
  assert.equal(f.fixes?.length, 1, `one fix expected on ${f.code}`);
  return applyFix(text, f);
}

/** The v2beta1 HPA of the seed with other `spec.metrics`. */
function v2beta1(metrics: string): string {
  return `apiVersion: autoscaling/v2beta1
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
${metrics}`;
}

test('seed HPA: removed-api-version exactly on the autoscaling/v2beta1 value, and nothing else', () => {
  const text = seed('hpa');
  const findings = lint(text);
  assert.deepEqual(findings.map((f) => f.code), ['removed-api-version']);
  const f = findings[0]!;
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.range, { start: { line: 1, character: 12 }, end: { line: 1, character: 31 } });
  assert.equal(textOf(text, f.range), 'autoscaling/v2beta1');
  assert.equal(
    f.message,
    'autoscaling/v2beta1 HorizontalPodAutoscaler was removed in Kubernetes 1.25 (target: 1.36); use autoscaling/v2 (available since 1.23).',
  );
});

test('seed HPA: the fix moves to autoscaling/v2 and converts the metric, giving a clean document', () => {
  const text = seed('hpa');
  const f = only(lint(text), 'removed-api-version');
  assert.equal(f.fixes?.[0]?.title, 'Change to autoscaling/v2 and convert the metrics');
  assert.equal(f.fixes?.[0]?.preferred, true);
  const after = fixed(text, f);
  assert.deepEqual(lint(after), []);
  const doc = parse(after.replace(/^---\n/, ''));
  assert.equal(doc.apiVersion, 'autoscaling/v2');
  assert.deepEqual(doc.spec.metrics, [
    { type: 'Resource', resource: { name: 'cpu', target: { type: 'Utilization', averageUtilization: 60 } } },
  ]);
  // the rest of the document is untouched
  assert.equal(after.split('metrics:')[0], text.split('metrics:')[0]!.replace('autoscaling/v2beta1', 'autoscaling/v2'));
});

test('v2beta1 by target version: fine before 1.22, deprecated 1.22-1.24, removed from 1.25', () => {
  const text = seed('hpa');
  assert.deepEqual(lint(text, at('1.21')), []);
  for (const v of ['1.22', '1.24']) {
    const f = only(lint(text, at(v)), 'deprecated-api-version');
    assert.equal(f.severity, 'warning');
    assert.deepEqual(f.tags, ['deprecated']);
    assert.equal(textOf(text, f.range), 'autoscaling/v2beta1');
  }
  assert.equal(
    only(lint(text, at('1.24')), 'deprecated-api-version').message,
    'autoscaling/v2beta1 HorizontalPodAutoscaler is deprecated since Kubernetes 1.22 and removed in 1.25 (target: 1.24); use autoscaling/v2 (available since 1.23).',
  );
  // at 1.22 autoscaling/v2 is not served yet: the fix goes to v2beta2, which has the same metric shape as v2
  const f22 = only(lint(text, at('1.22')), 'deprecated-api-version');
  assert.equal(f22.fixes?.[0]?.title, 'Change to autoscaling/v2beta2 and convert the metrics');
  assert.deepEqual(lint(fixed(text, f22), at('1.22')), []);
  for (const v of ['1.25', '1.30', '1.36']) assert.equal(only(lint(text, at(v)), 'removed-api-version').severity, 'error');
});

test('every v2beta1 metric source converts the way the API server converts it', () => {
  const text = v2beta1(`  - type: Pods
    pods:
      metricName: packets-per-second
      targetAverageValue: 1k
  - type: Object
    object:
      target:
        apiVersion: networking.k8s.io/v1
        kind: Ingress
        name: main-route
      metricName: requests-per-second
      targetValue: 10k
  - type: External
    external:
      metricName: queue_messages_ready
      metricSelector:
        matchLabels:
          queue: worker_tasks
      targetAverageValue: "30"
  - type: ContainerResource
    containerResource:
      name: memory
      container: app
      targetAverageValue: 512Mi
`);
  const f = only(lint(text), 'removed-api-version');
  const after = fixed(text, f);
  assert.deepEqual(lint(after), []);
  assert.deepEqual(parse(after).spec.metrics, [
    { type: 'Pods', pods: { metric: { name: 'packets-per-second' }, target: { type: 'AverageValue', averageValue: '1k' } } },
    {
      type: 'Object',
      object: {
        describedObject: { apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', name: 'main-route' },
        metric: { name: 'requests-per-second' },
        target: { type: 'Value', value: '10k' },
      },
    },
    {
      type: 'External',
      external: {
        metric: { name: 'queue_messages_ready', selector: { matchLabels: { queue: 'worker_tasks' } } },
        target: { type: 'AverageValue', averageValue: '30' },
      },
    },
    {
      type: 'ContainerResource',
      containerResource: { name: 'memory', container: 'app', target: { type: 'AverageValue', averageValue: '512Mi' } },
    },
  ]);
});

test('flow-style metrics are converted in flow style', () => {
  const text = v2beta1('').replace(
    '  metrics:\n',
    '  metrics: [{type: Resource, resource: {name: cpu, targetAverageValue: 200m}}]\n',
  );
  const after = fixed(text, only(lint(text), 'removed-api-version'));
  assert.deepEqual(lint(after), []);
  assert.match(after, /metrics: \[ \{ type: Resource, resource: \{ name: cpu, target: \{ type: AverageValue, averageValue: 200m \} \} \} \]/);
});

test('no fix when a metric cannot be converted faithfully', () => {
  const both = v2beta1('  - type: Resource\n    resource:\n      name: cpu\n      targetAverageUtilization: 60\n      targetAverageValue: 200m\n');
  assert.equal(only(lint(both), 'removed-api-version').fixes, undefined);
  const unknown = v2beta1('  - type: Resource\n    resource:\n      name: cpu\n      targetAverageUtilisation: 60\n');
  assert.equal(only(lint(unknown), 'removed-api-version').fixes, undefined);
  const aliased = v2beta1('  - &m\n    type: Resource\n    resource: {name: cpu, targetAverageUtilization: 60}\n  - *m\n');
  assert.equal(only(lint(aliased), 'removed-api-version').fixes, undefined);
});

test('v2beta2: removed from 1.26, fixed by changing the apiVersion alone', () => {
  const text = `apiVersion: "autoscaling/v2beta2"
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web}
  maxReplicas: 10
  metrics:
  - type: Resource
    resource: {name: cpu, target: {type: Utilization, averageUtilization: 70}}
  behavior:
    scaleDown: {stabilizationWindowSeconds: 300, policies: [{type: Pods, value: 1, periodSeconds: 60}]}
`;
  assert.equal(only(lint(text, at('1.25')), 'deprecated-api-version').severity, 'warning');
  const f = only(lint(text), 'removed-api-version');
  assert.equal(f.fixes?.[0]?.edits.length, 1);
  assert.equal(f.fixes?.[0]?.edits[0]?.newText, '"autoscaling/v2"', 'keeps the quotes');
  assert.deepEqual(lint(fixed(text, f)), []);
});

test('autoscaling/v2 before 1.23 is not served yet; the fix moves to v2beta2', () => {
  const text = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {kind: Rollout, name: web}
  maxReplicas: 10
`;
  const f = only(lint(text, at('1.21')), 'unavailable-api-version');
  assert.equal(f.severity, 'error');
  assert.equal(f.message, 'autoscaling/v2 HorizontalPodAutoscaler is served from Kubernetes 1.23 on (target: 1.21); use autoscaling/v2beta2 there.');
  assert.deepEqual(lint(fixed(text, f), at('1.21')), []);
  assert.deepEqual(lint(text, at('1.23')), []);
});

test('no fix when the new version would not accept the rest of the document', () => {
  // a status pasted from `kubectl get -o yaml` of a v2beta1 HPA: its metric status fields do not exist in v2
  const text = `${v2beta1('  - type: Resource\n    resource: {name: cpu, targetAverageUtilization: 60}\n')}status:
  currentReplicas: 2
  desiredReplicas: 2
  currentMetrics:
  - type: Resource
    resource: {name: cpu, currentAverageUtilization: 40, currentAverageValue: 100m}
`;
  assert.deepEqual(lint(text).map((f) => f.code), ['removed-api-version']);
  assert.equal(only(lint(text), 'removed-api-version').fixes, undefined);
  // the same document without the status gets the fix
  assert.equal(only(lint(text.slice(0, text.indexOf('status:'))), 'removed-api-version').fixes?.length, 1);
});

test('seed Service: removed-field exactly on the topologyKeys key, reported once', () => {
  const text = seed('service');
  const findings = lint(text);
  assert.deepEqual(findings.map((f) => f.code), ['removed-field']);
  const f = findings[0]!;
  assert.equal(f.severity, 'error');
  assert.deepEqual(f.range, { start: { line: 14, character: 2 }, end: { line: 14, character: 14 } });
  assert.equal(textOf(text, f.range), 'topologyKeys');
  assert.match(f.message, /^`spec\.topologyKeys` was removed from Service in Kubernetes 1\.22 \(target: 1\.36\)/);
  // the title names what replaced it; removing the field is the one fix, so it is preferred
  assert.match(f.fixes?.[0]?.title ?? '', /^Remove `topologyKeys` \(route by topology with `trafficDistribution: PreferClose` or the topology-mode annotation instead\)$/);
  assert.equal(f.fixes?.[0]?.preferred, true);
  assert.match(f.message, /`spec\.trafficDistribution: PreferClose` \(1\.31\+\).*`service\.kubernetes\.io\/topology-mode: Auto`/);
  const after = fixed(text, f);
  assert.deepEqual(lint(after), []);
  assert.ok(!after.includes('topology') && after.includes('  selector:\n    app: flaskdemo\n'));
});

test('topologyKeys by target version: valid before 1.21, deprecated in 1.21, removed from 1.22', () => {
  const text = seed('service');
  assert.deepEqual(lint(text, at('1.20')), []);
  const f = only(lint(text, at('1.21')), 'deprecated-field');
  assert.equal(f.severity, 'warning');
  assert.equal(textOf(text, f.range), 'topologyKeys');
  assert.deepEqual(lint(text, at('1.22')).map((x) => x.code), ['removed-field']);
  // at 1.34 the definitions no longer know the field: still one finding, not an extra unknown-field
  assert.deepEqual(lint(text, at('1.34')).map((x) => x.code), ['removed-field']);
});

test('ipFamily: removed in 1.20, fixed into ipFamilies', () => {
  const text = `apiVersion: v1
kind: Service
metadata:
  name: web
spec:
  ipFamily: IPv6
  ports:
  - port: 80
`;
  assert.deepEqual(lint(text, at('1.19')), []);
  const f = only(lint(text), 'removed-field');
  assert.equal(textOf(text, f.range), 'ipFamily');
  const after = fixed(text, f);
  assert.match(after, /\n {2}ipFamilies: \[IPv6\]\n/);
  assert.deepEqual(lint(after), []);
});

test('loadBalancerIP: a deprecation warning from 1.24, without a fix', () => {
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: lb\nspec:\n  type: LoadBalancer\n  loadBalancerIP: 10.0.0.1\n  ports:\n  - port: 80\n';
  assert.deepEqual(lint(text, at('1.23')), []);
  const f = only(lint(text, at('1.24')), 'deprecated-field');
  assert.equal(textOf(text, f.range), 'loadBalancerIP');
  assert.equal(f.fixes, undefined);
});

test('pod serviceAccount in a Rollout: deprecated alias, renamed by the fix', () => {
  const text = seed('rollout').replace('    spec:\n      affinity:', '    spec:\n      serviceAccount: web\n      affinity:');
  const f = only(lint(text), 'deprecated-field');
  assert.equal(textOf(text, f.range), 'serviceAccount');
  assert.match(f.message, /^`spec\.template\.spec\.serviceAccount` is a deprecated alias of `serviceAccountName`/);
  const after = fixed(text, f);
  assert.ok(after.includes('      serviceAccountName: web\n'));
  assert.ok(!lint(after).some((x) => x.code === 'deprecated-field' || x.severity === 'error'));

  const both = text.replace('      serviceAccount: web\n', '      serviceAccount: web\n      serviceAccountName: web\n');
  assert.equal(only(lint(both), 'deprecated-field').fixes, undefined);
});

test('schemaDiagnostics: false keeps removed-api-version and removed-field', () => {
  const text = `${seed('hpa')}${seed('service')}`;
  const codes = lint(text, at('1.36', false)).map((f) => f.code);
  assert.deepEqual(codes, ['removed-api-version', 'removed-field']);
});

test('the topologyKeys fix removes the key and all its list lines, keeping the comments and fields around it', () => {
  const text = `apiVersion: v1
kind: Service
metadata:
  name: web # the front
spec:
  selector: {app: web}
  topologyKeys:
  - "kubernetes.io/hostname"
  - "*"
  # the ports
  ports:
  - port: 80
`;
  const f = only(lint(text), 'removed-field');
  const after = fixed(text, f);
  assert.equal(after, text.replace('  topologyKeys:\n  - "kubernetes.io/hostname"\n  - "*"\n', ''));
  assert.deepEqual(lint(after), []);
  // deprecated (not yet removed) at 1.21: the same fix, not preferred
  const dep = only(lint(text, at('1.21')), 'deprecated-field');
  assert.equal(dep.fixes?.[0]?.preferred, undefined);
  assert.equal(applyFix(text, dep), after);
});
