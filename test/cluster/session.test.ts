// The extension's cluster session — what the sidebar, the palette, the status bar and the rollout page read —
// against the real API server, with the controller stand-in moving a canary through its states: the tree nodes
// built from it at each state, change events that name only the rollout that changed, the gates behind menus,
// notifications' transitions, actions with their outcomes, all-namespaces mode, and a viewer-only user whose
// actions are known to be forbidden before any click (SelfSubjectAccessReview) and change nothing.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { ALL_NAMESPACES, ClusterSession, gatesContextValue, type SessionChange, type Transition } from '../../extension/src/cluster';
import { rolloutChildren, rootNodes, type TreeNode } from '../../extension/src/views/rolloutNodes';
import { RolloutController } from '../harness/controller';
import { canaryRollout, createRollout, eventually, getRollout, ROLLOUTS_PATH, testCluster, type TestCluster } from './support/cluster';

let c: TestCluster;
let ns: string;
let controller: RolloutController;
let session: ClusterSession;
const changes: SessionChange[] = [];
const transitions: Transition[] = [];
const log: string[] = [];

before(async () => {
  c = await testCluster();
  ns = await c.newNamespace('session');
  controller = new RolloutController(c.kc(), ns).start();
  session = new ClusterSession({ kubeconfig: { explicitPath: c.kubeconfigPath }, choice: { context: 'admin', namespace: ns }, log: (l) => log.push(l) });
  session.onDidChange((ch) => changes.push(ch));
  session.onTransitions((t) => transitions.push(...t));
});

after(async () => {
  session?.dispose();
  controller?.dispose();
  await c?.close();
});

const until = <T>(what: string, f: () => T | undefined | false, ms = 30000) => eventually(what, async () => f(), ms);
const entry = (name: string, s = session, namespace = ns) => s.entry(namespace, name);
const rolloutNodeOf = (name: string, s = session): TreeNode | undefined => {
  const walk = (nodes: TreeNode[]): TreeNode | undefined => {
    for (const n of nodes) {
      if (n.kind === 'rollout' && n.label === name) return n;
      const inner = walk(n.children ?? []);
      if (inner) return inner;
    }
    return undefined;
  };
  return walk(rootNodes(s.view));
};

test('the view starts at the context and namespace, loading, then empty', async () => {
  const v = session.view;
  assert.equal(v.status.kind, 'active');
  assert.equal(v.context?.name, 'admin');
  assert.equal(v.namespace, ns);
  await until('settled', () => session.view.settled && session.view.health?.state === 'connected');
  const [top] = rootNodes(session.view);
  assert.equal(top!.label, 'admin');
  assert.match(top!.description!, new RegExp(`^${ns} · test/admin$`));
  assert.match(top!.children![0]!.label, new RegExp(`No rollouts in namespace '${ns}'`));
});

test('a canary shipped from the tree: healthy, set image, paused at 1/8 (20%, actual 16%), promote, timed pause, abort, retry, promote full', async () => {
  await createRollout(c, ns, canaryRollout('web', 'registry.local/web:1'));
  await createRollout(c, ns, canaryRollout('other', 'registry.local/other:1', { replicas: 1 }));
  await until('web healthy', () => entry('web')?.info.status === 'Healthy');
  await until('other healthy', () => entry('other')?.info.status === 'Healthy');
  assert.match(rolloutNodeOf('web')!.description!, /^Healthy · 8\/8 · 100% \(actual 100%\)$/);
  // the API server sends managedFields with every object; the store keeps none of it
  assert.ok((await getRollout(c, ns, 'web')).metadata?.managedFields, 'the server sends managedFields');
  assert.equal(entry('web')!.rollout.metadata?.managedFields, undefined);
  assert.equal(entry('web')!.gates.promote.enabled, false, 'nothing to promote on a healthy rollout');

  // set image: the palette's action, through the session
  changes.length = 0;
  const set = await session.execute(ns, 'web', { action: 'setImage', container: 'app', image: 'registry.local/web:2' });
  assert.equal(set.ok, true, set.message);
  await until('web paused at 1/8', () => entry('web')?.info.step === '1/8' && entry('web')?.info.status === 'Paused');
  // the controller scales the ReplicaSets after it pauses: wait for the 5 + 1 pods to be available
  await until('1 canary of 6 available', () => rolloutNodeOf('web')?.description === 'Paused · 1/8 · 20% (actual 16%)');
  const node = rolloutNodeOf('web')!;
  assert.deepEqual(node.icon, { id: 'debug-pause', color: 'charts.yellow' });
  assert.match(node.contextValue, /;promote;/);
  assert.doesNotMatch(node.contextValue, /;retry;/);
  // the events named web alone: 'other' never changed, and nothing structural happened
  assert.ok(changes.length > 0);
  assert.ok(changes.every((ch) => !ch.structural && ch.changed.every((k) => k === `${ns}/web`)), JSON.stringify(changes));
  // the subtree: revision:2 canary (1 pod), revision:1 stable (5 pods)
  const revs = rolloutChildren('admin', entry('web')!, new Date());
  assert.deepEqual(revs.map((r) => r.label), ['revision:2', 'revision:1']);
  assert.match(revs[0]!.description!, /canary · registry\.local\/web:2/);
  assert.equal(revs[0]!.children![0]!.children!.length, 1);
  assert.equal(revs[1]!.children![0]!.children!.length, 5);
  assert.ok(transitions.some((t) => t.name === 'web' && t.to === 'waitingForPromotion'), 'notified: waiting for promotion');

  // promote → setWeight 40 → a timed pause (20 s): paused, but not waiting for a person
  const promoted = await session.execute(ns, 'web', { action: 'promote' });
  assert.equal(promoted.ok, true, promoted.message);
  const at3 = await until('web paused at 3/8 (a 20 s pause)', () => {
    const d = rolloutNodeOf('web')?.description;
    return d?.startsWith('Paused · 3/8 · 40% (actual ') ? d : undefined;
  });
  assert.match(at3, /^Paused · 3\/8 · 40% \(actual \d+%\)$/);
  assert.match(rolloutNodeOf('web')!.tooltip!, /Pause ends in/);

  // abort: Degraded, retry offered, promote refused with the plan's words
  transitions.length = 0;
  const aborted = await session.execute(ns, 'web', { action: 'abort' });
  assert.equal(aborted.ok, true, aborted.message);
  await until('web degraded', () => entry('web')?.info.status === 'Degraded');
  const g = entry('web')!.gates;
  assert.equal(g.retry.enabled, true);
  assert.equal(g.promote.enabled, false);
  assert.match(g.promote.reason!, /is aborted/);
  assert.deepEqual(rolloutNodeOf('web')!.icon, { id: 'error', color: 'testing.iconFailed' });
  assert.ok(transitions.some((t) => t.name === 'web' && t.to === 'aborted'));

  // retry, then promote full: Healthy on the new image
  assert.equal((await session.execute(ns, 'web', { action: 'retry' })).ok, true);
  await until('web progressing again', () => entry('web')?.info.status !== 'Degraded');
  assert.equal((await session.execute(ns, 'web', { action: 'promote', full: true })).ok, true);
  await until('web healthy on :2', () => entry('web')?.info.status === 'Healthy' && entry('web')!.info.images.some((i) => i.image === 'registry.local/web:2' && i.tags.includes('stable')));
});

test('a manual pause reads as waiting for promotion; promote resumes it', async () => {
  assert.equal((await session.execute(ns, 'other', { action: 'pause' })).ok, true);
  await until('other paused', () => entry('other')?.info.status === 'Paused');
  assert.equal(entry('other')!.info.message, 'manually paused');
  assert.equal(entry('other')!.gates.pause.enabled, false);
  assert.equal((await session.execute(ns, 'other', { action: 'promote' })).ok, true);
  await until('other healthy again', () => entry('other')?.info.status === 'Healthy');
});

test('all-namespaces mode: namespace nodes holding the rollouts', async () => {
  const all = new ClusterSession({ kubeconfig: { explicitPath: c.kubeconfigPath }, choice: { context: 'admin', namespace: ALL_NAMESPACES } });
  try {
    await until('both rollouts seen cluster-wide', () => all.entry(ns, 'web') && all.entry(ns, 'other'));
    const [top] = rootNodes(all.view);
    assert.match(top!.description!, /^all namespaces/);
    const nsNode = top!.children!.find((n) => n.kind === 'namespace' && n.label === ns)!;
    assert.ok(nsNode, 'a node for the test namespace');
    assert.deepEqual(nsNode.children!.map((n) => n.label), ['other', 'web']);
  } finally {
    all.dispose();
  }
});

test('a viewer sees the rollouts, is told before any click what RBAC forbids, and a forced action changes nothing', async () => {
  const viewer = new ClusterSession({ kubeconfig: { explicitPath: c.kubeconfigPath }, choice: { context: 'viewer', namespace: ns } });
  try {
    // make web promotable again
    assert.equal((await session.execute(ns, 'web', { action: 'setImage', container: 'app', image: 'registry.local/web:3' })).ok, true);
    await until('web paused at 1/8 again', () => entry('web')?.info.step === '1/8' && entry('web')?.info.status === 'Paused');
    await until('viewer gates answered by the API server', () => viewer.entry(ns, 'web')?.gates.promote.reason?.startsWith('you lack'));
    const e = viewer.entry(ns, 'web')!;
    assert.match(e.gates.promote.reason!, new RegExp(`you lack patch rollouts\\.argoproj\\.io/status in namespace '${ns}'`));
    assert.equal(gatesContextValue('rollout', e.gates), 'rollout;;');
    assert.equal(entry('web')!.gates.promote.enabled, true, 'the admin may');
    const before = await getRollout(c, ns, 'web');
    const forced = await viewer.execute(ns, 'web', { action: 'promote' });
    assert.equal(forced.ok, false);
    assert.match(forced.message, /patch rollouts\/status|forbidden/i);
    const afterObj = await getRollout(c, ns, 'web');
    assert.equal(afterObj.metadata?.resourceVersion, before.metadata?.resourceVersion, 'nothing changed');
  } finally {
    viewer.dispose();
  }
});

test('a rollout deleted under the view: it leaves the tree, and an action on it says so', async () => {
  const r = await c.admin('DELETE', `${ROLLOUTS_PATH(ns)}/other`);
  assert.equal(r.status, 200);
  await until('other gone from the view', () => !entry('other'));
  assert.equal(rolloutNodeOf('other'), undefined);
  const outcome = await session.execute(ns, 'other', { action: 'promote' });
  assert.equal(outcome.ok, false);
  assert.match(outcome.message, /rollout 'other' no longer exists in namespace/);
});

test('the request log has each request with method, path, status and time, and the watch changes', () => {
  assert.ok(log.some((l) => /^PATCH \/apis\/argoproj\.io\/v1alpha1\/namespaces\/[^ ]+\/rollouts\/web\/status 200 \d+ ms$/.test(l)), log.join('\n'));
  assert.ok(log.some((l) => /^GET \/apis\/argoproj\.io\/v1alpha1\/namespaces\/[^ ]+\/rollouts\?watch=true/.test(l)));
  assert.ok(log.some((l) => /^POST \/apis\/authorization\.k8s\.io\/v1\/selfsubjectaccessreviews 201/.test(l)));
  assert.ok(log.some((l) => l.startsWith(`watch ${ns}: connected`)));
});

test('a context that points nowhere: the session says unreachable, plainly', async () => {
  const s = new ClusterSession({ kubeconfig: { explicitPath: c.kubeconfigPath }, choice: { context: 'unreachable', namespace: 'default' } });
  try {
    await until('unreachable', () => s.view.health?.state === 'unreachable', 20000);
    const [top] = rootNodes(s.view);
    assert.match(top!.children![0]!.label, /unreachable/);
    assert.equal(top!.children![0]!.command!.command, 'rolloutPilot.reconnect');
  } finally {
    s.dispose();
  }
});

test('no kubeconfig: the session says where it looked', () => {
  const s = new ClusterSession({ kubeconfig: { explicitPath: '/nonexistent/kubeconfig' } });
  try {
    assert.equal(s.view.status.kind, 'noKubeconfig');
    assert.match((s.view.status as { message: string }).message, /\/nonexistent\/kubeconfig/);
    assert.deepEqual(rootNodes(s.view), []);
  } finally {
    s.dispose();
  }
});

