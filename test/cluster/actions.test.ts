// Every rollout action, run by the executor against a real API server through a recording proxy: the requests on
// the wire (method, path, Content-Type, exact body bytes, order) are compared with the plugin's requests as
// argo-rollouts `pkg/kubectl-argo-rollouts/cmd/` sends them (docs/derivation.md) (and, for the generated bodies of set image / undo, with the plan), and
// the object the API server returned after each write is checked. The controller stand-in then moves the rollout.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { executeAction, type ActionOutcome, type ActionRequest } from '../../extension/src/cluster/actions/execute';
import { planSetImage, planUndo } from '../../extension/src/cluster/actions/plan';
import { KubeClient } from '../../extension/src/cluster/client';
import type { ReplicaSet, Rollout } from '../../extension/src/cluster/k8sTypes';
import { RolloutController } from '../harness/controller';
import {
  canaryRollout,
  createRollout,
  eventually,
  getRollout,
  kubeConfigAt,
  mergePatch,
  ROLLOUTS_PATH,
  testCluster,
  type TestCluster,
} from './support/cluster';
import { RecordingProxy, type Recorded } from './support/recordingProxy';

let c: TestCluster;
let ns: string;
let controller: RolloutController;
let proxy: RecordingProxy;
let client: KubeClient;

const MERGE = 'application/merge-patch+json';

before(async () => {
  c = await testCluster();
  ns = await c.newNamespace('actions');
  controller = new RolloutController(c.kc(), ns).start();
  proxy = await new RecordingProxy(c.server, c.state.certDir).start();
  client = new KubeClient(kubeConfigAt(proxy.url, c.state.tokens.admin));
});

after(async () => {
  controller?.dispose();
  await proxy?.stop();
  await c?.close();
});

const path = (name: string, sub?: string) => `${ROLLOUTS_PATH(ns)}/${name}${sub ? `/${sub}` : ''}`;

async function healthy(name: string, opts: Parameters<typeof canaryRollout>[2] = {}): Promise<Rollout> {
  await createRollout(c, ns, canaryRollout(name, `registry.local/${name}:1`, opts));
  return eventually(`${name} Healthy`, async () => {
    const r = await getRollout(c, ns, name);
    return r.status?.phase === 'Healthy' && r.status.stableRS === r.status.currentPodHash ? r : undefined;
  });
}

async function setImage(name: string, image: string): Promise<void> {
  await mergePatch(c, path(name), { spec: { template: { spec: { containers: [{ name: 'app', image }] } } } });
}

/** A rollout updated to :2 and waiting at its `pause: {}` step (index 1). */
async function pausedAtStep1(name: string): Promise<Rollout> {
  await healthy(name);
  await setImage(name, `registry.local/${name}:2`);
  return eventually(`${name} paused at step 1`, async () => {
    const r = await getRollout(c, ns, name);
    return r.status?.currentStepIndex === 1 && (r.status.pauseConditions ?? []).length > 0 && r.status.phase === 'Paused' ? r : undefined;
  });
}

async function act(name: string, action: ActionRequest): Promise<{ out: ActionOutcome; writes: Recorded[]; all: Recorded[] }> {
  const from = proxy.mark();
  const out = await executeAction(client, ns, name, action);
  return { out, writes: proxy.writes(from), all: proxy.records.slice(from) };
}

function assertOk(out: ActionOutcome, message: string): void {
  assert.ok(out.ok, `the action failed: ${out.message}`);
  assert.equal(out.message, message);
}

function wire(r: Recorded): { method: string; path: string; contentType: string | undefined; body: string } {
  return { method: r.method, path: r.path, contentType: r.contentType, body: r.body };
}

function returned(r: Recorded): Rollout {
  assert.equal(r.status, 200, `${r.method} ${r.path} answered ${r.status}: ${r.response}`);
  return JSON.parse(r.response) as Rollout;
}

test('promote at a pause step: one merge patch to /status clearing pauseConditions; the controller moves on', async () => {
  await pausedAtStep1('p1');
  const { out, writes } = await act('p1', { action: 'promote' });
  assertOk(out, "rollout 'p1' promoted");
  assert.deepEqual(writes.map(wire), [
    { method: 'PATCH', path: path('p1', 'status'), contentType: MERGE, body: '{"status":{"pauseConditions":null}}' },
  ]);
  const after = returned(writes[0]!);
  assert.equal(after.status?.pauseConditions, undefined);
  assert.equal(after.status?.controllerPause, true); // the controller, not the plugin, clears it
  assert.equal(after.spec?.paused, undefined);
  await eventually('p1 past step 1', async () => ((await getRollout(c, ns, 'p1')).status?.currentStepIndex ?? 0) >= 2);
});

test('promote of a manually paused canary: status patch (with the plugin\'s ", " spacing) first, then the spec patch', async () => {
  await healthy('p2');
  // paused by the user and updated: the controller keeps it at step 0 without pause conditions
  await mergePatch(c, path('p2'), { spec: { paused: true, template: { spec: { containers: [{ name: 'app', image: 'registry.local/p2:2' }] } } } });
  await eventually('p2 manually paused at step 0', async () => {
    const r = await getRollout(c, ns, 'p2');
    return r.status?.message === 'manually paused' && r.status.currentStepIndex === 0 && !r.status.pauseConditions;
  });
  const { out, writes } = await act('p2', { action: 'promote' });
  assert.equal(out.ok, true);
  assert.deepEqual(writes.map(wire), [
    { method: 'PATCH', path: path('p2', 'status'), contentType: MERGE, body: '{"status":{"pauseConditions":null, "currentStepIndex":1}}' },
    { method: 'PATCH', path: path('p2'), contentType: MERGE, body: '{"spec":{"paused":false}}' },
  ]);
  assert.equal(returned(writes[0]!).status?.currentStepIndex, 1);
  assert.equal(returned(writes[1]!).spec?.paused, false);
});

test('promote --full: {"status":{"promoteFull":true}} to /status; the controller finishes the update', async () => {
  await pausedAtStep1('pf');
  const { out, writes } = await act('pf', { action: 'promote', full: true });
  assertOk(out, "rollout 'pf' fully promoted");
  assert.deepEqual(writes.map(wire), [{ method: 'PATCH', path: path('pf', 'status'), contentType: MERGE, body: '{"status":{"promoteFull":true}}' }]);
  assert.equal(returned(writes[0]!).status?.promoteFull, true);
  const done = await eventually('pf Healthy on :2', async () => {
    const r = await getRollout(c, ns, 'pf');
    return r.status?.phase === 'Healthy' && r.status.stableRS === r.status.currentPodHash ? r : undefined;
  });
  assert.equal(done.status?.currentStepIndex, 8);
  assert.equal(done.status?.promoteFull, undefined);
});

test('abort: {"status":{"abort":true}} to /status; the rollout becomes Degraded; retry sends abort:false', async () => {
  await pausedAtStep1('ab');
  const a = await act('ab', { action: 'abort' });
  assertOk(a.out, "rollout 'ab' aborted");
  assert.deepEqual(a.writes.map(wire), [{ method: 'PATCH', path: path('ab', 'status'), contentType: MERGE, body: '{"status":{"abort":true}}' }]);
  assert.equal(returned(a.writes[0]!).status?.abort, true);
  const degraded = await eventually('ab Degraded', async () => {
    const r = await getRollout(c, ns, 'ab');
    return r.status?.phase === 'Degraded' ? r : undefined;
  });
  assert.equal(degraded.status?.message, 'RolloutAborted: Rollout aborted update to revision 2');
  assert.ok(degraded.status?.abortedAt);

  const r = await act('ab', { action: 'retry' });
  assertOk(r.out, "rollout 'ab' retried");
  assert.deepEqual(r.writes.map(wire), [{ method: 'PATCH', path: path('ab', 'status'), contentType: MERGE, body: '{"status":{"abort":false}}' }]);
  assert.equal(returned(r.writes[0]!).status?.abort, false);
  await eventually('ab back at its pause step', async () => {
    const x = await getRollout(c, ns, 'ab');
    return x.status?.phase === 'Paused' && x.status.currentStepIndex === 1 && !x.status.abortedAt;
  });
});

test('pause: {"spec":{"paused":true}} to the rollout itself; phase Paused, "manually paused"', async () => {
  await healthy('pa');
  const { out, writes } = await act('pa', { action: 'pause' });
  assertOk(out, "rollout 'pa' paused");
  assert.deepEqual(writes.map(wire), [{ method: 'PATCH', path: path('pa'), contentType: MERGE, body: '{"spec":{"paused":true}}' }]);
  assert.equal(returned(writes[0]!).spec?.paused, true);
  await eventually('pa manually paused', async () => (await getRollout(c, ns, 'pa')).status?.message === 'manually paused');
});

test('restart --in 10s: the plugin\'s multi-line restartAt patch, 10 s ahead in whole seconds', async () => {
  await healthy('rs1');
  const before = Date.now();
  const { out, writes } = await act('rs1', { action: 'restart', in: '10s' });
  assertOk(out, "rollout 'rs1' restarts in 10s");
  assert.equal(writes.length, 1);
  const w = writes[0]!;
  assert.deepEqual([w.method, w.path, w.contentType], ['PATCH', path('rs1'), MERGE]);
  const m = /^\{\n\t"spec": \{\n\t\t"restartAt": "(\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ)"\n\t\}\n\}$/.exec(w.body);
  assert.ok(m, `body: ${JSON.stringify(w.body)}`);
  const at = Date.parse(m[1]!);
  assert.ok(at >= Math.floor(before / 1000) * 1000 + 9000 && at <= Date.now() + 10000, `restartAt ${m[1]}`);
  assert.equal(returned(w).spec?.restartAt, m[1]);
});

test('restart now: the controller replaces every pod older than restartAt, then records status.restartedAt', async () => {
  await healthy('rs2', { replicas: 2 });
  const podsBefore = (await c.admin('GET', `/api/v1/namespaces/${ns}/pods?labelSelector=app%3Drs2`)).json.items.map((p: any) => p.metadata.name);
  await sleepUntilNextSecond();
  const { out } = await act('rs2', { action: 'restart' });
  assertOk(out, "rollout 'rs2' restarts in 0s");
  const r = await eventually('rs2 restarted', async () => {
    const x = await getRollout(c, ns, 'rs2');
    return x.status?.restartedAt && x.status.restartedAt === x.spec?.restartAt && x.status.phase === 'Healthy' ? x : undefined;
  });
  const podsAfter = (await c.admin('GET', `/api/v1/namespaces/${ns}/pods?labelSelector=app%3Drs2`)).json.items.map((p: any) => p.metadata.name);
  assert.equal(podsAfter.length, 2);
  assert.deepEqual(podsAfter.filter((p: string) => podsBefore.includes(p)), [], 'every pod was replaced');
  assert.ok(r.status?.restartedAt);
});

async function sleepUntilNextSecond(): Promise<void> {
  await new Promise((res) => setTimeout(res, 1000 - (Date.now() % 1000) + 20));
}

test('set image: GET, then a PUT of the whole object (application/json, the plan\'s exact bytes); the controller starts a canary', async () => {
  await healthy('si');
  const { out, writes, all } = await act('si', { action: 'setImage', container: 'app', image: 'registry.local/si:3' });
  assertOk(out, 'rollout "si" image updated');
  const get = all.find((r) => r.method === 'GET' && r.path === path('si'))!;
  const expected = planSetImage(JSON.parse(get.response) as Rollout, 'app', 'registry.local/si:3');
  assert.ok(expected.ok);
  assert.deepEqual(writes.map(wire), [{ method: 'PUT', path: path('si'), contentType: 'application/json', body: expected.requests[0]!.body }]);
  const sentObj = JSON.parse(writes[0]!.body) as Rollout;
  assert.equal(sentObj.metadata?.resourceVersion, (JSON.parse(get.response) as Rollout).metadata?.resourceVersion);
  const back = returned(writes[0]!);
  assert.equal(back.spec?.template?.spec?.containers?.[0]?.image, 'registry.local/si:3');
  await eventually('si canary at step 1', async () => (await getRollout(c, ns, 'si')).status?.currentStepIndex === 1);
});

test('undo: lists ReplicaSets by the rollout selector, ignores one not controlled by it, JSON-patches the previous template back', async () => {
  const first = await pausedAtStep1('un');
  assert.equal((await act('un', { action: 'promote', full: true })).out.ok, true);
  const ro = await eventually('un Healthy on :2', async () => {
    const r = await getRollout(c, ns, 'un');
    return r.status?.phase === 'Healthy' && r.status.stableRS === first.status?.currentPodHash && r.status.stableRS === r.status.currentPodHash ? r : undefined;
  });
  // A ReplicaSet that matches the selector with a higher revision, but is not controlled by this rollout.
  const decoy: ReplicaSet = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: { name: 'un-decoy', labels: { app: 'un' }, annotations: { 'rollout.argoproj.io/revision': '99' } },
    spec: {
      replicas: 0,
      selector: { matchLabels: { app: 'un', decoy: 'yes' } },
      template: { metadata: { labels: { app: 'un', decoy: 'yes' } }, spec: { containers: [{ name: 'app', image: 'evil.local/un:666' }] } },
    },
  };
  assert.equal((await c.admin('POST', `/apis/apps/v1/namespaces/${ns}/replicasets`, decoy)).status, 201);

  const { out, writes, all } = await act('un', { action: 'undo' });
  assertOk(out, "rollout 'un' undo");
  const list = all.find((r) => r.method === 'GET' && r.path === `/apis/apps/v1/namespaces/${ns}/replicasets`)!;
  assert.equal(new URL(list.url, 'https://x').searchParams.get('labelSelector'), 'app=un');
  const listed = (JSON.parse(list.response) as { items: ReplicaSet[] }).items;
  assert.ok(listed.some((r) => r.metadata?.name === 'un-decoy'), 'the decoy was listed');
  const expected = planUndo(ro, listed);
  assert.ok(expected.ok);
  assert.equal(writes.length, 1);
  assert.deepEqual(wire(writes[0]!), { method: 'PATCH', path: path('un'), contentType: 'application/json-patch+json', body: expected.requests[0]!.body });
  assert.match(writes[0]!.body, /^\[\{"op":"replace","path":"\/spec\/template","value":\{/);
  assert.doesNotMatch(writes[0]!.body, /evil\.local|rollouts-pod-template-hash/);
  const back = returned(writes[0]!);
  assert.equal(back.spec?.template?.spec?.containers?.[0]?.image, 'registry.local/un:1');
  // the controller re-uses revision 1's ReplicaSet and makes it the newest revision
  const rs1 = await eventually('revision-1 RS promoted to revision 3', async () => {
    const items = (await c.admin('GET', `/apis/apps/v1/namespaces/${ns}/replicasets?labelSelector=app%3Dun`)).json.items as ReplicaSet[];
    return items.find((r) => r.spec?.template?.spec?.containers?.[0]?.image === 'registry.local/un:1' && r.metadata?.annotations?.['rollout.argoproj.io/revision'] === '3');
  });
  assert.ok(rs1.metadata?.ownerReferences?.some((o) => o.uid === ro.metadata?.uid && o.controller));
});

test('without a status subresource (an old CRD) the /status 404 makes promote send the unified patch to the rollout', async () => {
  await pausedAtStep1('fb');
  const crdPath = '/apis/apiextensions.k8s.io/v1/customresourcedefinitions/rollouts.argoproj.io';
  const crd = (await c.admin('GET', crdPath)).json;
  const withoutStatus = structuredClone(crd);
  for (const v of withoutStatus.spec.versions) delete v.subresources.status;
  controller.dispose(); // a controller writing /status meanwhile would only log 404s
  assert.equal((await c.admin('PUT', crdPath, withoutStatus)).status, 200);
  try {
    await eventually('/status gone', async () => (await c.admin('GET', path('fb', 'status'))).status === 404);
    const { out, writes } = await act('fb', { action: 'promote' });
    assertOk(out, "rollout 'fb' promoted");
    assert.deepEqual(
      writes.map((w) => ({ ...wire(w), status: w.status })),
      [
        { method: 'PATCH', path: path('fb', 'status'), contentType: MERGE, body: '{"status":{"pauseConditions":null}}', status: 404 },
        { method: 'PATCH', path: path('fb'), contentType: MERGE, body: '{"spec":{"paused":false},"status":{"pauseConditions":null}}', status: 200 },
      ],
    );
    const back = returned(writes[1]!);
    assert.equal(back.status?.pauseConditions, undefined);
    assert.equal(back.spec?.paused, false);
  } finally {
    const now = (await c.admin('GET', crdPath)).json;
    for (const v of now.spec.versions) v.subresources = crd.spec.versions.find((x: any) => x.name === v.name).subresources;
    assert.equal((await c.admin('PUT', crdPath, now)).status, 200);
    await eventually('/status back', async () => (await c.admin('GET', path('fb', 'status'))).status === 200);
  }
});
