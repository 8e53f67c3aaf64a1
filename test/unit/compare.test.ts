// "Compare with Live" normalization, pure: what the API server and tools add disappears, what a person changed stays,
// keys follow the file. (test/cluster/lens.test.ts does the same against objects a real API server returns.)
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import { lineHunks, normalizeFile, normalizeLive, toYaml } from '../../extension/src/compare/normalize';

const seed = (name: string) => parse(readFileSync(`test/fixtures/seed/${name}`, 'utf8')) as Record<string, any>;

/** What a 1.20 API server and the Argo controller make of an applied manifest, built by hand (keys in its own order). */
function applied(file: Record<string, any>): Record<string, any> {
  const live = JSON.parse(JSON.stringify(file));
  live.metadata = {
    annotations: { 'rollout.argoproj.io/revision': '2', 'kubectl.kubernetes.io/last-applied-configuration': JSON.stringify(file) },
    creationTimestamp: '2026-12-01T10:00:00Z',
    generation: 3,
    managedFields: [{ manager: 'kubectl', operation: 'Update' }],
    namespace: 'default',
    resourceVersion: '1234',
    selfLink: '/x',
    uid: 'c0ffee',
    ...JSON.parse(JSON.stringify(file.metadata)),
  };
  live.status = { phase: 'Paused', currentStepIndex: 1 };
  if (file.kind === 'Rollout' && file.spec.replicas === undefined) live.spec.replicas = 6; // the controller's, then the HPA's
  return live;
}

test('an unchanged applied Rollout: no difference at all', () => {
  const file = seed('rollout.yaml');
  const a = toYaml(normalizeLive(applied(file), file));
  const b = toYaml(normalizeFile(file));
  assert.equal(a, b);
  assert.deepEqual(lineHunks(a, b), []);
  assert.doesNotMatch(a, /status|uid|resourceVersion|managedFields|last-applied|namespace/);
});

test('a Service with what the API server defaults and allocates: dropped when the file leaves it out', () => {
  const file = seed('service.yaml');
  const live = applied(file);
  // the API server's order, not the file's
  live.spec = {
    clusterIP: '10.0.0.12',
    clusterIPs: ['10.0.0.12'],
    externalTrafficPolicy: 'Cluster',
    ports: [{ nodePort: 31234, port: 80, protocol: 'TCP', targetPort: 5000 }],
    selector: { app: 'flaskdemo' },
    sessionAffinity: 'None',
    topologyKeys: file.spec.topologyKeys,
    type: 'LoadBalancer',
  };
  const a = toYaml(normalizeLive(live, file));
  assert.equal(a, toYaml(normalizeFile(file)));
});

test('one edit in the file is exactly one hunk; a field the cluster has and the file lacks is shown', () => {
  const file = seed('rollout.yaml');
  const live = applied(file);
  const edited = JSON.parse(JSON.stringify(file));
  edited.spec.template.spec.containers[0].image = 'registry.local/flask_test:27';
  const hunks = lineHunks(toYaml(normalizeLive(live, edited)), toYaml(normalizeFile(edited)));
  assert.equal(hunks.length, 1, JSON.stringify(hunks));
  assert.deepEqual([hunks[0]!.aLines, hunks[0]!.bLines], [1, 1]);

  // someone ran `kubectl edit` and added a label: not a default, so it stays visible
  live.metadata.labels.team = 'payments';
  const b = toYaml(normalizeFile(file));
  const a = toYaml(normalizeLive(live, file));
  assert.match(a, /team: payments/);
  assert.equal(lineHunks(a, b).length, 1);
});

test('a namespace the file sets is compared; keys follow the file, live-only keys come after', () => {
  const file = { apiVersion: 'v1', kind: 'Service', metadata: { namespace: 'shop', name: 's' }, spec: { selector: { b: '2', a: '1' }, ports: [{ port: 80 }] } };
  const live = { kind: 'Service', apiVersion: 'v1', metadata: { name: 's', namespace: 'prod', uid: 'x' }, spec: { ports: [{ port: 80, protocol: 'TCP', targetPort: 80 }], selector: { a: '1', b: '2' }, publishNotReadyAddresses: true } };
  const out = normalizeLive(live, file);
  assert.deepEqual(Object.keys(out), ['apiVersion', 'kind', 'metadata', 'spec']);
  assert.deepEqual(Object.keys((out as any).metadata), ['namespace', 'name']);
  assert.equal((out as any).metadata.namespace, 'prod');
  assert.deepEqual(Object.keys((out as any).spec), ['selector', 'ports', 'publishNotReadyAddresses']);
  assert.deepEqual(Object.keys((out as any).spec.selector), ['b', 'a']);
  // the file's own object is untouched
  assert.deepEqual(Object.keys(file.spec.selector), ['b', 'a']);
});

test('lineHunks: identical, one change, an insertion and two separate changes', () => {
  assert.deepEqual(lineHunks('a\nb\nc', 'a\nb\nc'), []);
  assert.deepEqual(lineHunks('a\nb\nc', 'a\nX\nc'), [{ aStart: 1, aLines: 1, bStart: 1, bLines: 1 }]);
  assert.deepEqual(lineHunks('a\nc', 'a\nb\nc'), [{ aStart: 1, aLines: 0, bStart: 1, bLines: 1 }]);
  assert.equal(lineHunks('a\nb\nc\nd\ne', 'A\nb\nc\nd\nE').length, 2);
});
