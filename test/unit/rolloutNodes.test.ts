// The Rollouts tree as data (views/rolloutNodes.ts) and the gates behind its menus (cluster/actions/gates.ts):
// built from real-shaped objects (the seed canary paused at 1/8 with six pods), checked against what
// `get rollout` derives for the same objects, in the same order.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { actionGates, deriveRolloutInfo, gatesContextValue, permissionKey, type RolloutEntry, type SessionView } from '../../extension/src/cluster';
import { attentionOf, TransitionTracker } from '../../extension/src/cluster/transitions';
import { pauseEndsAt, waitsForPromotion } from '../../extension/src/cluster/info/pause';
import { rolloutChildren, rolloutDescription, rootNodes, type TreeNode } from '../../extension/src/views/rolloutNodes';
import { validateImageReference } from '../../extension/src/commands/imageRef';
import { locateResource } from '../../extension/src/manifests/locate';
import { ago, NOW, pod, replicaSet, rollout, running, SEED_CANARY_STEPS } from '../support/rolloutFixtures';
import type { Rollout } from '../../extension/src/cluster/k8sTypes';
import { readFileSync } from 'node:fs';

/** The seed rollout after `set image`: paused at step 1 of 8, 5 stable + 1 canary pods of 6. */
function seedPaused() {
  const ro = rollout({
    name: 'flaskdemo',
    replicas: 6,
    steps: SEED_CANARY_STEPS,
    image: 'registry.example/flaskdemo:2',
    status: {
      phase: 'Paused',
      message: 'CanaryPauseStep',
      currentStepIndex: 1,
      pauseConditions: [{ reason: 'CanaryPauseStep', startTime: ago(30) }],
      controllerPause: true,
      stableRS: 'aaa111',
      currentPodHash: 'bbb222',
      replicas: 6,
      updatedReplicas: 1,
      readyReplicas: 6,
      availableReplicas: 6,
    },
  });
  const stable = replicaSet({ owner: ro, hash: 'aaa111', revision: 1, replicas: 5, available: 5, images: ['registry.example/flaskdemo:1'] });
  const canary = replicaSet({ owner: ro, hash: 'bbb222', revision: 2, replicas: 1, available: 1, images: ['registry.example/flaskdemo:2'] });
  const pods = [
    ...[0, 1, 2, 3, 4].map((i) => pod({ rs: stable, suffix: `s${i}`, containers: [{ name: 'flaskdemo' }], containerStatuses: [running('flaskdemo')] })),
    pod({ rs: canary, suffix: 'c0', containers: [{ name: 'flaskdemo' }], containerStatuses: [running('flaskdemo', { restartCount: 2 })] }),
  ];
  return { ro, replicaSets: [stable, canary], pods };
}

function entryOf(ro: Rollout, replicaSets: ReturnType<typeof seedPaused>['replicaSets'], pods: ReturnType<typeof seedPaused>['pods'], can?: Parameters<typeof actionGates>[0]['can']): RolloutEntry {
  const info = deriveRolloutInfo({ rollout: ro, replicaSets, pods, now: NOW });
  const gates = actionGates({ rollout: ro, replicaSets, now: NOW, namespace: 'default', ...(can ? { can } : {}) });
  return { key: `default/${ro.metadata!.name}`, namespace: 'default', name: ro.metadata!.name!, rollout: ro, info, gates, signature: 'x' };
}

function view(entries: RolloutEntry[], over: Partial<SessionView> = {}): SessionView {
  return {
    status: { kind: 'active' },
    context: { name: 'sandbox', cluster: 'local', user: 'admin', namespace: 'default', server: 'https://127.0.0.1:6443' },
    namespace: 'default',
    picked: { context: false, namespace: false },
    health: { state: 'connected', missing: [], resources: {} as never },
    settled: true,
    entries,
    kubeconfig: { files: [], paths: [], errors: [] },
    ...over,
  };
}

test('a paused canary reads as the plugin says it: Paused · 1/8 · 20% (actual 16%)', () => {
  const { ro, replicaSets, pods } = seedPaused();
  const e = entryOf(ro, replicaSets, pods);
  assert.equal(rolloutDescription(e.info), 'Paused · 1/8 · 20% (actual 16%)');
  const [ctx] = rootNodes(view([e]), { now: NOW });
  assert.equal(ctx!.kind, 'context');
  assert.equal(ctx!.label, 'sandbox');
  assert.match(ctx!.description!, /^default · local\/admin$/);
  const roNode = ctx!.children!.find((n) => n.kind === 'rollout')!;
  assert.equal(roNode.label, 'flaskdemo');
  assert.deepEqual(roNode.icon, { id: 'debug-pause', color: 'charts.yellow' });
  assert.match(roNode.tooltip!, /Waiting for promotion/);
  assert.match(roNode.tooltip!, /registry\.example\/flaskdemo:1` \(stable\)/);
  assert.match(roNode.tooltip!, /registry\.example\/flaskdemo:2` \(canary\)/);
});

test('the rollout subtree has the get-rollout facts in its order: revision:2 (canary) then revision:1 (stable), ReplicaSets, pods', () => {
  const { ro, replicaSets, pods } = seedPaused();
  const e = entryOf(ro, replicaSets, pods);
  const revs = rolloutChildren('sandbox', e, NOW);
  assert.deepEqual(revs.map((r) => r.label), e.info.revisions.map((r) => `revision:${r.revision}`));
  assert.deepEqual(revs.map((r) => r.label), ['revision:2', 'revision:1']);
  assert.match(revs[0]!.description!, /canary · registry\.example\/flaskdemo:2/);
  const rs = revs[0]!.children![0]!;
  assert.equal(rs.kind, 'replicaSet');
  assert.match(rs.description!, /Healthy · canary · 1\/1 available/);
  const p = rs.children![0]!;
  assert.equal(p.kind, 'pod');
  assert.match(p.description!, /^Running · ready 1\/1 · restarts 2 · /);
  assert.equal(revs[1]!.children![0]!.children!.length, 5);
  // ids are unique and stable: the same objects give the same ids
  const ids = (ns: TreeNode[]): string[] => ns.flatMap((n) => [n.id, ...ids(n.children ?? [])]);
  const all = ids(revs);
  assert.equal(new Set(all).size, all.length);
  assert.deepEqual(ids(rolloutChildren('sandbox', e, NOW)), all);
});

test('menus follow the plans: a paused canary offers promote, promote full, abort, restart, set image, undo — not retry', () => {
  const { ro, replicaSets, pods } = seedPaused();
  const e = entryOf(ro, replicaSets, pods);
  const cv = gatesContextValue('rollout', e.gates);
  for (const a of ['promote', 'promoteFull', 'abort', 'pause', 'restart', 'setImage', 'undo']) assert.match(cv, new RegExp(`;${a};`), a);
  assert.doesNotMatch(cv, /;retry;/);
  assert.match(e.gates.retry.reason!, /not aborted; nothing to retry/);
});

test('an aborted rollout offers retry and not promote; the refusal is the plan\'s own text', () => {
  const { ro, replicaSets, pods } = seedPaused();
  ro.status = { ...ro.status, abort: true, phase: 'Degraded', message: 'RolloutAborted: aborted', pauseConditions: null };
  const e = entryOf(ro, replicaSets, pods);
  assert.equal(e.gates.retry.enabled, true);
  assert.equal(e.gates.promote.enabled, false);
  assert.match(e.gates.promote.reason!, /is aborted/);
  assert.equal(e.gates.abort.enabled, false);
  assert.equal(attentionOf(ro), 'aborted');
});

test('RBAC: a denied permission disables the actions that need it and names it', () => {
  const { ro, replicaSets, pods } = seedPaused();
  const e = entryOf(ro, replicaSets, pods, (p) => (p.verb === 'get' || p.verb === 'list' ? true : false));
  for (const a of ['promote', 'promoteFull', 'abort', 'pause', 'restart', 'setImage', 'undo'] as const) {
    assert.equal(e.gates[a].enabled, false, a);
    assert.match(e.gates[a].reason!, /you lack .*in namespace 'default'/, a);
  }
  assert.match(e.gates.promote.reason!, /patch rollouts\.argoproj\.io\/status/);
  assert.match(e.gates.setImage.reason!, /update rollouts\.argoproj\.io/);
  assert.equal(gatesContextValue('rollout', e.gates), 'rollout;;');
  const [ctx] = rootNodes(view([e]), { now: NOW });
  assert.match(ctx!.children!.find((n) => n.kind === 'rollout')!.tooltip!, /Not allowed by your RBAC/);
  assert.equal(permissionKey({ verb: 'patch', group: 'argoproj.io', resource: 'rollouts', subresource: 'status' }), 'patch rollouts.argoproj.io/status');
});

test('states said plainly: loading, forbidden with the permission, unreachable, empty namespace, no kubeconfig', () => {
  const loading = rootNodes(view([], { settled: false }))[0]!.children!;
  assert.match(loading[0]!.label, /Loading rollouts of namespace 'default'/);
  const forbidden = rootNodes(
    view([], { health: { state: 'forbidden', message: 'x', missing: ['list rollouts.argoproj.io'], resources: {} as never } }),
  )[0]!.children!;
  assert.match(forbidden[0]!.label, /Forbidden: you lack list rollouts\.argoproj\.io in namespace 'default'/);
  assert.equal(forbidden[0]!.command!.command, 'rolloutPilot.reconnect');
  const unreachable = rootNodes(view([], { health: { state: 'unreachable', message: 'connect ECONNREFUSED', missing: [], resources: {} as never } }))[0]!.children!;
  assert.match(unreachable[0]!.label, /unreachable/);
  const empty = rootNodes(view([]))[0]!.children!;
  assert.match(empty[0]!.label, /No rollouts in namespace 'default'/);
  assert.deepEqual(rootNodes(view([], { status: { kind: 'noKubeconfig', message: 'none' } })), []);
  const problem = rootNodes(view([], { status: { kind: 'contextProblem', message: "exec plugin 'aws' is not on PATH" } }));
  assert.equal(problem[0]!.command!.command, 'rolloutPilot.pickContext');
});

test('all-namespaces mode groups rollouts under namespace nodes with their waiting counts', () => {
  const a = seedPaused();
  const e1 = entryOf(a.ro, a.replicaSets, a.pods);
  const ro2 = rollout({ name: 'other', namespace: 'shop', steps: SEED_CANARY_STEPS });
  const e2 = { ...entryOf(ro2, [], []), key: 'shop/other', namespace: 'shop' };
  const [ctx] = rootNodes(view([e2, e1], { namespace: '*' }), { now: NOW });
  const nss = ctx!.children!.filter((n) => n.kind === 'namespace');
  assert.deepEqual(nss.map((n) => n.label), ['default', 'shop']);
  assert.match(nss[0]!.description!, /1 rollout · 1 waiting for promotion/);
  assert.equal(nss[1]!.children![0]!.label, 'other');
});

test('pauses: an untimed pause waits for promotion; a timed one ends at its start + duration', () => {
  const { ro } = seedPaused();
  assert.equal(waitsForPromotion(ro), true);
  assert.equal(pauseEndsAt(ro), undefined);
  const timed = structuredClone(ro);
  timed.status!.currentStepIndex = 3; // pause: {duration: 20}
  assert.equal(pauseEndsAt(timed), Date.parse(ago(30)) + 20_000);
  assert.equal(waitsForPromotion(timed), false);
});

test('transitions are reported once, and never for the state a rollout is first seen in', () => {
  const t = new TransitionTracker();
  const { ro } = seedPaused();
  const running: Rollout = structuredClone(ro);
  running.status = { ...running.status, phase: 'Progressing', message: '', pauseConditions: null, controllerPause: false };
  assert.deepEqual(t.update([ro]), []);
  assert.deepEqual(t.update([ro]), []);
  assert.deepEqual(t.update([running]), []);
  const back = t.update([ro]);
  assert.equal(back.length, 1);
  assert.equal(back[0]!.to, 'waitingForPromotion');
  assert.deepEqual(t.update([ro]), []);
  // abort, then retry: the phase stays Degraded (RolloutAborted) until the controller reacts — one transition only
  const aborted: Rollout = structuredClone(ro);
  aborted.status = { ...aborted.status, abort: true, phase: 'Degraded', message: 'RolloutAborted: Rollout aborted update to revision 2' };
  assert.deepEqual(t.update([aborted]).map((x) => x.to), ['aborted']);
  const retried: Rollout = structuredClone(aborted);
  retried.status = { ...retried.status, abort: false };
  assert.deepEqual(t.update([retried]), []);
});

test('image references are validated as docker would parse them', () => {
  for (const ok of ['nginx', 'nginx:1.27', 'registry.example.com:5000/team/app:2.0.1', 'ghcr.io/a/b@sha256:' + 'a'.repeat(64), 'localhost/x_y__z-1']) {
    assert.equal(validateImageReference(ok), undefined, ok);
  }
  for (const bad of ['', 'has space:1', 'Upper/Case', 'app:', 'app:-bad', ':tag', 'a//b']) {
    assert.notEqual(validateImageReference(bad), undefined, bad);
  }
});

test('reveal manifest finds the seed Rollout document by kind, name and namespace', () => {
  const text = readFileSync('test/fixtures/seed/rollout.yaml', 'utf8');
  const at = locateResource(text, 'Rollout', 'flaskdemo', 'default');
  assert.ok(at, 'found');
  assert.match(text.split('\n')[at.line]!.slice(at.character), /^flaskdemo/);
  assert.equal(locateResource(text, 'Rollout', 'flaskdemo', 'shop'), undefined);
  assert.equal(locateResource('kind: [', 'Rollout', 'x', 'default'), undefined);
});
