// The plugin's `get rollout` rules on objects read back from a real API server, moved through real states by the
// controller stand-in: Step "1/8", SetWeight 20, ActualWeight 16 (1 available canary pod of 6, integer division),
// images tagged stable/canary, and the same result through the watch-driven store as from plain GETs.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { deriveRolloutInfo, formatRolloutTree, type RolloutInfo } from '../../extension/src/cluster/info/rolloutInfo';
import type { Pod, ReplicaSet, Rollout } from '../../extension/src/cluster/k8sTypes';
import { ALL_NAMESPACES, ClusterStore } from '../../extension/src/cluster/store';
import { RolloutController } from '../harness/controller';
import { canaryRollout, createRollout, eventually, getRollout, mergePatch, ROLLOUTS_PATH, testCluster, type TestCluster } from './support/cluster';

let c: TestCluster;
let ns: string;
let controller: RolloutController;
let store: ClusterStore;
let hold: { dispose(): void } | undefined;

before(async () => {
  c = await testCluster();
  ns = await c.newNamespace('derive');
  controller = new RolloutController(c.kc(), ns).start();
  store = new ClusterStore(c.kc());
  // Watches run while someone subscribes; this keeps the namespace's watches open for the whole file.
  hold = store.subscribe(ns, () => {});
});

after(async () => {
  controller?.dispose();
  hold?.dispose();
  store?.dispose();
  await c?.close();
});

/** Everything `get rollout` needs, read with plain GETs (not through the store under test). */
async function readBack(name: string): Promise<RolloutInfo> {
  const ro = await getRollout(c, ns, name);
  const rs = (await c.admin('GET', `/apis/apps/v1/namespaces/${ns}/replicasets`)).json.items as ReplicaSet[];
  const pods = (await c.admin('GET', `/api/v1/namespaces/${ns}/pods`)).json.items as Pod[];
  return deriveRolloutInfo({ rollout: ro, replicaSets: rs, pods });
}

const withoutAge = (i: RolloutInfo) => JSON.parse(JSON.stringify(i, (k, v: unknown) => (k === 'age' ? undefined : v))) as unknown;

test('a first deploy goes straight to stable: Healthy, step 8/8, weight 100, one ReplicaSet of 6 ready pods', async () => {
  await createRollout(c, ns, canaryRollout('web', 'registry.local/web:1'));
  const ro = await eventually('web Healthy', async () => {
    const r = await getRollout(c, ns, 'web');
    return r.status?.phase === 'Healthy' && r.status.availableReplicas === 6 ? r : undefined;
  });
  assert.equal(ro.status?.stableRS, ro.status?.currentPodHash);
  const info = await readBack('web');
  assert.equal(info.status, 'Healthy');
  assert.equal(info.message, '');
  assert.equal(info.strategy, 'Canary');
  assert.equal(info.step, '8/8');
  assert.equal(info.setWeight, 100);
  assert.equal(info.actualWeight, 100);
  assert.deepEqual(info.images, [{ image: 'registry.local/web:1', tags: ['stable'] }]);
  assert.deepEqual(info.replicas, { desired: 6, current: 6, updated: 6, ready: 6, available: 6 });
  assert.equal(info.replicaSets.length, 1);
  assert.equal(info.replicaSets[0]!.revision, 1);
  assert.equal(info.replicaSets[0]!.pods.length, 6);
});

test('after an image change: Paused at Step 1/8, SetWeight 20, ActualWeight 16, images stable/canary', async () => {
  await mergePatch(c, `${ROLLOUTS_PATH(ns)}/web`, { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.local/web:2' }] } } } });
  const ro = await eventually('web paused at step 1 with the canary available', async () => {
    const r = await getRollout(c, ns, 'web');
    return r.status?.currentStepIndex === 1 && r.status.pauseConditions?.length && r.status.availableReplicas === 6 ? r : undefined;
  });
  // The controller stand-in wrote what the Argo controller writes at a `pause: {}` step.
  assert.equal(ro.status?.pauseConditions?.[0]?.reason, 'CanaryPauseStep');
  assert.equal(ro.status?.controllerPause, true);
  assert.equal(ro.status?.phase, 'Paused');
  assert.equal(ro.status?.message, 'CanaryPauseStep');
  assert.equal(ro.status?.observedGeneration, String(ro.metadata?.generation));
  assert.equal(ro.status?.selector, 'app=web');
  assert.equal(ro.status?.HPAReplicas, 6);

  const info = await readBack('web');
  assert.equal(info.status, 'Paused');
  assert.equal(info.message, 'CanaryPauseStep');
  assert.equal(info.step, '1/8');
  assert.equal(info.setWeight, 20);
  // replicas 6 at 20 %: 1 canary + 5 stable (argo-rollouts utils/replicaset/canary.go); 1 * 100 / 6 = 16 by integer division
  assert.equal(info.actualWeight, 16);
  assert.deepEqual(info.images, [
    { image: 'registry.local/web:1', tags: ['stable'] },
    { image: 'registry.local/web:2', tags: ['canary'] },
  ]);
  const byRev = new Map(info.replicaSets.map((r) => [r.revision, r]));
  assert.equal(byRev.get(2)?.canary, true);
  assert.equal(byRev.get(2)?.replicas, 1);
  assert.equal(byRev.get(1)?.stable, true);
  assert.equal(byRev.get(1)?.replicas, 5);
  assert.deepEqual(
    info.revisions.map((r) => r.revision),
    [2, 1],
  );
  const tree = formatRolloutTree(info);
  assert.match(tree, /Step:\s+1\/8\n/);
  assert.match(tree, /ActualWeight:\s+16\n/);
});

test('the watch-driven store derives the same info as plain GETs, per namespace and across all namespaces', async () => {
  const want = withoutAge(await readBack('web'));
  const sameAsGets = (infos: RolloutInfo[]) => {
    const i = infos.find((x) => x.name === 'web' && x.namespace === ns);
    return !!i && JSON.stringify(withoutAge(i)) === JSON.stringify(want);
  };
  await store.waitFor(ns, () => sameAsGets(store.rolloutInfos(ns)), 20000);
  const snap = store.snapshot(ns)!;
  assert.equal(snap.health.state, 'connected');
  assert.equal(snap.synced, true);
  const all = store.subscribe(ALL_NAMESPACES, () => {});
  try {
    await store.waitFor(ALL_NAMESPACES, () => sameAsGets(store.rolloutInfos(ALL_NAMESPACES)), 20000);
  } finally {
    all.dispose();
  }
  const info = store.rolloutInfos(ns).find((i) => i.name === 'web')!;
  assert.equal(info.step, '1/8');
  assert.equal(info.actualWeight, 16);
});

test('the store follows the rollout through a promote without polling: each change arrives as a watch event', async () => {
  const steps: string[] = [];
  const sub = store.subscribe(ns, () => {
    const i = store.rolloutInfos(ns).find((x) => x.name === 'web');
    if (i && steps.at(-1) !== i.step) steps.push(i.step);
  });
  try {
    await store.waitFor(ns, (s) => s.synced);
    const listsBefore = store.watcher(ns, 'rollouts')!.stats.lists;
    await mergePatch(c, `${ROLLOUTS_PATH(ns)}/web/status`, { status: { pauseConditions: null } });
    await store.waitFor(ns, () => store.rolloutInfos(ns).find((x) => x.name === 'web')?.step === '3/8', 20000);
    assert.ok(steps.includes('3/8'), `steps seen: ${steps.join(' ')}`);
    // no relist happened: the change came through the open watch
    assert.equal(store.watcher(ns, 'rollouts')!.stats.lists, listsBefore);
    // step 3 is the timed pause: the controller adds its pause condition in its next write
    await eventually('the timed pause condition', async () => {
      const ro: Rollout = await getRollout(c, ns, 'web');
      return ro.status?.currentStepIndex === 3 && ro.status.pauseConditions?.[0]?.reason === 'CanaryPauseStep';
    });
  } finally {
    sub.dispose();
  }
});

test('a timed pause ends by itself: a rollout with `pause: {duration: 3}` finishes its update without a promote', async () => {
  // 3 s, not 1: the pause's startTime is written with whole seconds (as Kubernetes writes times), so a 1 s pause could
  // last a few milliseconds and end between two polls (a fresh-clone run failed so)
  await createRollout(c, ns, canaryRollout('timed', 'registry.local/t:1', { replicas: 2, steps: [{ setWeight: 50 }, { pause: { duration: 3 } }] }));
  await eventually('timed Healthy', async () => (await getRollout(c, ns, 'timed')).status?.phase === 'Healthy');
  await mergePatch(c, `${ROLLOUTS_PATH(ns)}/timed`, { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.local/t:2' }] } } } });
  const paused = await eventually('timed at its pause', async () => {
    const r = await getRollout(c, ns, 'timed');
    return r.status?.currentStepIndex === 1 && r.status.pauseConditions?.length ? r : undefined;
  });
  assert.equal(paused.status?.phase, 'Paused');
  const done = await eventually('timed Healthy on :2', async () => {
    const r = await getRollout(c, ns, 'timed');
    return r.status?.phase === 'Healthy' && r.status.stableRS === paused.status?.currentPodHash ? r : undefined;
  }, 15000);
  assert.equal(done.status?.currentStepIndex, 2);
  const info = await readBack('timed');
  assert.deepEqual(info.images, [{ image: 'registry.local/t:2', tags: ['stable'] }]);
});
