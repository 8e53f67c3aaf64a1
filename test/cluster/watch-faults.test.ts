// The watch-driven model under real faults: the API server killed mid-watch and restarted on the same etcd (with
// changes made meanwhile through a second API server), and a hung API server (SIGSTOP) that leaves the watch
// connection open but silent.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { apiRequest } from '../harness/apiserver.mjs';
import type { HealthState, NamespaceSnapshot } from '../../extension/src/cluster/store';
import { ClusterStore } from '../../extension/src/cluster/store';
import { canaryRollout, createRollout, eventually, kubeConfigAt, ROLLOUTS_PATH, testCluster, type TestCluster } from './support/cluster';
import { RecordingProxy } from './support/recordingProxy';

let c: TestCluster;
let ns: string;

before(async () => {
  c = await testCluster();
  ns = await c.newNamespace('faults');
});

after(async () => {
  await c?.close();
});

const names = (s: NamespaceSnapshot) => s.rollouts.map((r) => r.metadata?.name ?? '');

test('API server killed mid-watch and restarted: the model recovers, with changes made while it was down and no duplicates', async () => {
  await createRollout(c, ns, canaryRollout('keep', 'registry.local/k:1'));
  await createRollout(c, ns, canaryRollout('gone', 'registry.local/g:1'));
  const store = new ClusterStore(c.kc(), { backoffInitialMs: 200, backoffMaxMs: 1000 });
  const states: HealthState[] = [];
  const sub = store.subscribe(ns, (s) => {
    if (states.at(-1) !== s.health.state) states.push(s.health.state);
  });
  try {
    await store.waitFor(ns, (s) => s.synced && names(s).join() === 'gone,keep');
    const listsBefore = store.watcher(ns, 'rollouts')!.stats.lists;

    await c.stopApiServer('SIGKILL');
    const down = await store.waitFor(ns, (s) => s.health.state === 'unreachable', 20000);
    assert.match(down.health.message ?? '', /cluster unreachable at https:\/\/127\.0\.0\.1:\d+ \(connection refused\)/);
    assert.deepEqual(names(down), ['gone', 'keep'], 'the last known objects stay visible while disconnected');

    // Meanwhile the cluster changes, through a second API server on the same etcd.
    const second = await c.startSecondApiServer();
    try {
      const token = c.state.tokens.admin;
      const created = await apiRequest(second.server, token, 'POST', ROLLOUTS_PATH(ns), canaryRollout('born', 'registry.local/b:1'));
      assert.equal(created.status, 201, created.text);
      assert.equal((await apiRequest(second.server, token, 'DELETE', `${ROLLOUTS_PATH(ns)}/gone`)).status, 200);
      const patched = await apiRequest(second.server, token, 'PATCH', `${ROLLOUTS_PATH(ns)}/keep`, { metadata: { labels: { changed: 'while-down' } } }, 'application/merge-patch+json');
      assert.equal(patched.status, 200, patched.text);
    } finally {
      await second.stop();
    }

    await c.startApiServer();
    const back = await store.waitFor(
      ns,
      (s) => s.health.state === 'connected' && names(s).join() === 'born,keep' && s.rollouts.find((r) => r.metadata?.name === 'keep')?.metadata?.labels?.changed === 'while-down',
      60000,
    );
    assert.deepEqual(names(back), ['born', 'keep']);
    assert.equal(new Set(back.rollouts.map((r) => r.metadata?.uid)).size, 2, 'no duplicate objects');
    assert.ok(states.includes('unreachable') && states.at(-1) === 'connected', `health went ${states.join(' → ')}`);
    const stats = store.watcher(ns, 'rollouts')!.stats;
    // The restarted server's watch cache starts after the changes: resuming from the old resourceVersion gets
    // 410 Expired ("too old resource version"), and the model relists.
    assert.ok(stats.relistsOn410 >= 1, `stats: ${JSON.stringify(stats)}`);
    assert.ok(stats.lists > listsBefore);

    // and it keeps following live changes
    await createRollout(c, ns, canaryRollout('after', 'registry.local/a:1'));
    await store.waitFor(ns, (s) => names(s).join() === 'after,born,keep', 20000);
  } finally {
    sub.dispose();
    store.dispose();
    // leave the suite's server running whatever happened above
    if ((await apiRequest(c.server, c.state.tokens.admin, 'GET', '/api/v1/namespaces/default').catch(() => ({ status: 0 }))).status !== 200) {
      await c.startApiServer();
    }
  }
});

test('a hung API server (SIGSTOP) is noticed as a silent watch, and the model recovers after SIGCONT', async () => {
  const store = new ClusterStore(c.kc(), {
    watchTimeoutSeconds: 2,
    silenceGraceSeconds: 2,
    requestTimeoutMs: 2000,
    backoffInitialMs: 200,
    backoffMaxMs: 1000,
  });
  const states: HealthState[] = [];
  const sub = store.subscribe(ns, (s) => {
    if (states.at(-1) !== s.health.state) states.push(s.health.state);
  });
  const pid = c.state.pids.apiserver;
  let stopped = false;
  try {
    await store.waitFor(ns, (s) => s.synced && s.health.state === 'connected');
    process.kill(pid, 'SIGSTOP');
    stopped = true;
    await eventually('a silent watch detected', async () => store.watcher(ns, 'rollouts')!.stats.silentWatches >= 1, 20000);
    const hung = await store.waitFor(ns, (s) => s.health.state !== 'connected', 20000);
    assert.ok(['reconnecting', 'unreachable'].includes(hung.health.state), hung.health.state);
    process.kill(pid, 'SIGCONT');
    stopped = false;
    await createRollout(c, ns, canaryRollout('woke', 'registry.local/w:1'));
    const back = await store.waitFor(ns, (s) => s.health.state === 'connected' && names(s).includes('woke'), 30000);
    assert.ok(names(back).includes('woke'));
    assert.ok(states.at(-1) === 'connected', `health went ${states.join(' → ')}`);
  } finally {
    if (stopped) process.kill(pid, 'SIGCONT');
    sub.dispose();
    store.dispose();
  }
});

test('410 Expired in both forms makes the model relist: the ERROR event (from the real server) and an HTTP 410', async () => {
  await createRollout(c, ns, canaryRollout('expiry', 'registry.local/e:1'));
  const proxy = await new RecordingProxy(c.server, c.state.certDir).start();
  const rolloutWatches = (u: URL) => u.searchParams.get('watch') === 'true' && u.pathname === ROLLOUTS_PATH(ns);
  let watches = 0;
  proxy.intercept = ({ url }) => {
    if (!rolloutWatches(url)) return undefined;
    watches++;
    if (watches === 1) {
      // resume from a version long gone: kube-apiserver 1.20 answers 200 + {"type":"ERROR", code 410, "too old resource version"}
      const old = new URL(url);
      old.searchParams.set('resourceVersion', '1');
      return { url: old };
    }
    if (watches === 2) {
      // the other form (what the server sends for an expired list continue token): HTTP 410 with a Status body
      const body = JSON.stringify({ kind: 'Status', apiVersion: 'v1', metadata: {}, status: 'Failure', message: 'too old resource version: 1 (2)', reason: 'Expired', code: 410 });
      return { respond: { status: 410, body } };
    }
    return undefined;
  };
  const store = new ClusterStore(kubeConfigAt(proxy.url, c.state.tokens.admin), { backoffInitialMs: 100, backoffMaxMs: 500 });
  const sub = store.subscribe(ns, () => {});
  try {
    await eventually('three rollout watches', async () => watches >= 3, 20000);
    await createRollout(c, ns, canaryRollout('expiry2', 'registry.local/e:2'));
    const s = await store.waitFor(ns, (x) => names(x).includes('expiry2') && x.health.state === 'connected', 20000);
    assert.ok(names(s).includes('expiry'));
    const stats = store.watcher(ns, 'rollouts')!.stats;
    assert.equal(stats.relistsOn410, 2, JSON.stringify(stats));
    assert.equal(stats.lists, 3, 'the first list and one relist per 410');
  } finally {
    sub.dispose();
    store.dispose();
    await proxy.stop();
  }
});
