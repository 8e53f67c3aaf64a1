// ReplicaSet roles (canary, blue-green, ping-pong), health, scale-down delay, ownership and ordering.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveReplicaSets, replicaSetHealth, scaleDownDelay } from '../../extension/src/cluster/info/replicaSetInfo';
import type { ReplicaSet, Rollout } from '../../extension/src/cluster/k8sTypes';
import { NOW, ago, pod, replicaSet, rollout } from '../support/rolloutFixtures';

function rolesOf(ro: Rollout, hashes: string[]): Record<string, string[]> {
  const rss = hashes.map((hash, i) => replicaSet({ owner: ro, hash, revision: i + 1, replicas: 1 }));
  const infos = deriveReplicaSets(ro.metadata!.uid!, ro, rss, [], NOW);
  return Object.fromEntries(infos.map((i) => [i.name.replace(`${ro.metadata!.name}-`, ''), i.tags]));
}

test('canary roles: stable by stableRS, canary by currentPodHash, others untagged', () => {
  const ro = rollout({ name: 'c', steps: [{ setWeight: 10 }], status: { stableRS: 's1', currentPodHash: 'c2' } });
  assert.deepEqual(rolesOf(ro, ['old', 's1', 'c2']), { c2: ['canary'], s1: ['stable'], old: [] });
  // fully promoted: the one ReplicaSet is stable only (stable wins over canary)
  const done = rollout({ name: 'c', steps: [{ setWeight: 10 }], status: { stableRS: 's1', currentPodHash: 's1' } });
  assert.deepEqual(rolesOf(done, ['s1']), { s1: ['stable'] });
});

test('ping-pong roles follow status.canary.stablePingPong', () => {
  const pp = (stablePingPong: string) =>
    rollout({ name: 'p', steps: [{ setWeight: 10 }], canary: { pingPong: { pingService: 'ping', pongService: 'pong' } }, status: { stableRS: 's1', currentPodHash: 'c2', canary: { stablePingPong } } });
  assert.deepEqual(rolesOf(pp('ping'), ['s1', 'c2']), { c2: ['canary', 'pong'], s1: ['stable', 'ping'] });
  assert.deepEqual(rolesOf(pp('pong'), ['s1', 'c2']), { c2: ['canary', 'ping'], s1: ['stable', 'pong'] });
  assert.deepEqual(rolesOf(pp(''), ['s1', 'c2']), { c2: ['canary', 'ping'], s1: ['stable', 'pong'] }, 'unset: stable is pong');
  // without pingPong there are no ping/pong tags
  const plain = rollout({ name: 'p', steps: [{ setWeight: 10 }], status: { stableRS: 's1', currentPodHash: 'c2', canary: { stablePingPong: 'ping' } } });
  assert.deepEqual(rolesOf(plain, ['s1', 'c2']), { c2: ['canary'], s1: ['stable'] });
});

test('blue-green roles: stable, active by activeSelector, else preview by previewSelector', () => {
  const bg = (status: Rollout['status']) => rollout({ name: 'b', strategy: 'blueGreen', status });
  assert.deepEqual(rolesOf(bg({ stableRS: 'a1', blueGreen: { activeSelector: 'a1', previewSelector: 'p2' } }), ['a1', 'p2']), { p2: ['preview'], a1: ['stable', 'active'] });
  // after cutover, before the new one is marked stable
  assert.deepEqual(rolesOf(bg({ stableRS: 'a1', blueGreen: { activeSelector: 'p2', previewSelector: 'p2' } }), ['a1', 'p2']), { p2: ['active'], a1: ['stable'] });
  // active and preview on the same RS: active only
  assert.deepEqual(rolesOf(bg({ blueGreen: { activeSelector: 'x', previewSelector: 'x' } }), ['x']), { x: ['active'] });
});

test('ReplicaSet health: generation, ReplicaFailure, availability, scaled down', () => {
  const ro = rollout();
  const rs = (o: Partial<Parameters<typeof replicaSet>[0]>) => replicaSet({ owner: ro, hash: 'h', revision: 1, ...o });
  const cases: Array<[string, ReplicaSet, string, string]> = [
    ['generation not observed', rs({ generation: 3, observedGeneration: 2, specReplicas: 0, replicas: 0 }), 'Progressing', '◌'],
    ['ReplicaFailure True', rs({ specReplicas: 3, replicas: 1, available: 1, conditions: [{ type: 'ReplicaFailure', status: 'True', reason: 'FailedCreate', message: 'quota' }] }), 'ReplicaFailure', '✖'],
    ['ReplicaFailure False does not count', rs({ specReplicas: 2, replicas: 2, available: 2, conditions: [{ type: 'ReplicaFailure', status: 'False' }] }), 'Healthy', '✔'],
    ['fewer available than desired', rs({ specReplicas: 3, replicas: 3, available: 2 }), 'Progressing', '◌'],
    ['scaled to zero', rs({ specReplicas: 0, replicas: 0 }), 'ScaledDown', '•'],
    ['healthy', rs({ specReplicas: 2, replicas: 2, available: 2 }), 'Healthy', '✔'],
    ['observed newer than generation', rs({ generation: 1, observedGeneration: 2, specReplicas: 1, replicas: 1 }), 'Healthy', '✔'],
  ];
  for (const [what, r, status, icon] of cases) {
    assert.equal(replicaSetHealth(r), status, what);
    assert.equal(deriveReplicaSets(ro.metadata!.uid!, ro, [r], [], NOW)[0].icon, icon, what);
  }
  const noSpecReplicas = rs({ replicas: 1 });
  delete noSpecReplicas.spec!.replicas;
  assert.equal(replicaSetHealth(noSpecReplicas), 'Healthy', 'spec.replicas unset is neither Progressing nor ScaledDown');
});

test('scale-down delay: remaining time, passed, unparsable', () => {
  assert.equal(scaleDownDelay(undefined, NOW), undefined);
  assert.equal(scaleDownDelay(new Date(NOW.getTime() + 25_000).toISOString(), NOW), 'delay:25s');
  assert.equal(scaleDownDelay('2026-03-01T12:05:00Z', NOW), 'delay:5m');
  assert.equal(scaleDownDelay('2026-03-01T11:59:59Z', NOW), 'delay:passed');
  assert.equal(scaleDownDelay('tomorrow', NOW), 'delay:');
  const ro = rollout({ name: 'd', steps: [{ setWeight: 1 }], status: { stableRS: 'new', currentPodHash: 'new' } });
  const old = replicaSet({ owner: ro, hash: 'old', revision: 1, replicas: 1, annotations: { 'scale-down-deadline': '2026-03-01T12:00:30Z' } });
  const [info] = deriveReplicaSets(ro.metadata!.uid!, ro, [old], [], NOW);
  assert.equal(info.scaleDownDeadline, '2026-03-01T12:00:30Z');
  assert.equal(info.scaleDownDelay, 'delay:30s');
});

test('ownership by any owner reference UID; sorting by revision (newest first), then name', () => {
  const ro = rollout({ name: 'o', uid: 'uid-o' });
  const mk = (hash: string, revision: number, created: number) => replicaSet({ owner: ro, hash, revision, replicas: 0, created: ago(created) });
  const notController = replicaSet({ owner: ro, hash: 'nc', revision: 2, controller: false });
  const foreign = replicaSet({ owner: rollout({ name: 'x', uid: 'uid-x' }), hash: 'zz', revision: 5 });
  const infos = deriveReplicaSets('uid-o', ro, [mk('b', 2, 10), foreign, mk('c', 1, 5), mk('a', 2, 100), notController, mk('z', 3, 1)], [], NOW);
  // same revision: by name, whatever the creation times (upstream drops its timestamp comparison)
  assert.deepEqual(infos.map((i) => [i.revision, i.name]), [
    [3, 'o-z'],
    [2, 'o-a'],
    [2, 'o-b'],
    [2, 'o-nc'],
    [1, 'o-c'],
  ]);
});

test('pods: by owner UID, sorted by creation time then name; info fields', () => {
  const ro = rollout({ name: 'q' });
  const rs = replicaSet({ owner: ro, hash: 'h', revision: 1, replicas: 3, available: 3, images: ['reg/q:1'], initImages: ['reg/init:1'], annotations: { 'rollouts.argoproj.io/revision-description': 'bump' } });
  const pods = [pod({ rs, suffix: 'c', created: ago(10) }), pod({ rs, suffix: 'b', created: ago(50) }), pod({ rs, suffix: 'a', created: ago(10) })];
  const [info] = deriveReplicaSets(ro.metadata!.uid!, ro, [rs], pods, NOW);
  assert.deepEqual(info.pods.map((p) => p.name), ['q-h-b', 'q-h-a', 'q-h-c']);
  assert.deepEqual([info.replicas, info.available, info.images, info.initContainerImages, info.description, info.revision], [3, 3, ['reg/q:1'], ['reg/init:1'], 'bump', 1]);
});

test('Experiment ReplicaSets (no rollout given) carry the template name and no roles', () => {
  const ro = rollout({ name: 'e', status: { stableRS: 'h', currentPodHash: 'h' } });
  const exp = { apiVersion: 'argoproj.io/v1alpha1', kind: 'Experiment', metadata: { name: 'e-exp', namespace: 'default', uid: 'uid-e-exp' } };
  const rs = replicaSet({ owner: exp, hash: 'h', name: 'e-exp-baseline', replicas: 1, annotations: { 'experiment.argoproj.io/template-name': 'baseline' } });
  const [info] = deriveReplicaSets('uid-e-exp', undefined, [rs], [], NOW);
  assert.equal(info.template, 'baseline');
  assert.deepEqual(info.tags, []);
  assert.equal(deriveReplicaSets(ro.metadata!.uid!, ro, [rs], [], NOW).length, 0, 'not owned by the rollout');
});
