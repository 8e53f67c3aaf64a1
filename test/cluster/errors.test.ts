// What a user sees when the cluster says no, from a real API server: RBAC (a get/list/watch-only viewer; a user
// who may list rollouts and nothing else), expired and unknown tokens, a closed port, a rollout deleted under
// the user's feet, and 409 conflicts on set image.
import assert from 'node:assert/strict';
import { rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { executeAction, type ActionOutcome, type ActionRequest } from '../../extension/src/cluster/actions/execute';
import { KubeClient } from '../../extension/src/cluster/client';
import { ClusterError } from '../../extension/src/cluster/errors';
import type { Rollout } from '../../extension/src/cluster/k8sTypes';
import { loadKubeconfig } from '../../extension/src/cluster/kubeconfig';
import { listNamespaces } from '../../extension/src/cluster/namespaces';
import { ClusterStore } from '../../extension/src/cluster/store';
import { canaryRollout, createRollout, getRollout, mergePatch, ROLLOUTS_PATH, testCluster, type TestCluster } from './support/cluster';

let c: TestCluster;
let ns: string;
const stores: ClusterStore[] = [];

before(async () => {
  c = await testCluster();
  ns = await c.newNamespace('errors');
  await createRollout(c, ns, canaryRollout('demo', 'registry.local/demo:1'));
  // a paused status, so that promote/abort have something to do (written as the controller would)
  await mergePatch(c, `${ROLLOUTS_PATH(ns)}/demo/status`, {
    status: { currentPodHash: 'aaa', stableRS: 'bbb', currentStepIndex: 1, controllerPause: true, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-01-01T00:00:00Z' }] },
  });
});

after(async () => {
  for (const s of stores) s.dispose();
  await c?.close();
});

function store(kc: ReturnType<TestCluster['kc']>): ClusterStore {
  const s = new ClusterStore(kc, { backoffInitialMs: 200, backoffMaxMs: 1000 });
  stores.push(s);
  return s;
}

function failed(out: ActionOutcome): Extract<ActionOutcome, { refused: false }> {
  assert.equal(out.ok, false, `expected a failure, got: ${out.message}`);
  assert.ok(!out.ok && !out.refused, `expected an error, got a refusal: ${out.message}`);
  return out as Extract<ActionOutcome, { refused: false }>;
}

test('a viewer (get/list/watch only) sees the rollouts, and each action fails naming the missing permission; nothing changes', async () => {
  const viewer = store(c.kc('viewer'));
  const sub = viewer.subscribe(ns, () => {});
  try {
    const snap = await viewer.waitFor(ns, (s) => s.synced);
    assert.equal(snap.health.state, 'connected');
    assert.deepEqual(
      snap.rollouts.map((r) => r.metadata?.name),
      ['demo'],
    );
  } finally {
    sub.dispose();
  }
  const before = await getRollout(c, ns, 'demo');
  const cases: Array<[ActionRequest, string]> = [
    [{ action: 'promote' }, 'patch rollouts/status'],
    [{ action: 'promote', full: true }, 'patch rollouts/status'],
    [{ action: 'abort' }, 'patch rollouts/status'],
    [{ action: 'pause' }, 'patch rollouts'],
    [{ action: 'restart' }, 'patch rollouts'],
    [{ action: 'setImage', container: 'app', image: 'x:2' }, 'update rollouts'],
  ];
  for (const [action, permission] of cases) {
    const out = failed(await executeAction(c.client('viewer'), ns, 'demo', action));
    assert.equal(out.error.kind, 'forbidden');
    assert.equal(out.error.status, 403);
    assert.ok(
      out.message.startsWith(`you lack \`${permission}\` in namespace '${ns}'`),
      `${action.action}: ${out.message}`,
    );
    assert.match(out.message, /User "viewer" cannot/);
    // the request that failed was the plugin's first write; nothing after it was sent
    assert.equal(out.sent.length, 1);
    assert.equal(out.sent[0]!.status, 403);
  }
  const afterwards = await getRollout(c, ns, 'demo');
  assert.equal(afterwards.metadata?.resourceVersion, before.metadata?.resourceVersion, 'the rollout did not change');
});

test('a user who may only list/watch rollouts: health is forbidden and names every missing permission', async () => {
  // the admin impersonates a user (kubeconfig `as:`), bound to a Role with rollouts only
  const user = `rollouts-only-${ns}`;
  const role = { apiVersion: 'rbac.authorization.k8s.io/v1', kind: 'Role', metadata: { name: 'rollouts-only' }, rules: [{ apiGroups: ['argoproj.io'], resources: ['rollouts'], verbs: ['get', 'list', 'watch'] }] };
  assert.equal((await c.admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/roles`, role)).status, 201);
  const binding = {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'RoleBinding',
    metadata: { name: 'rollouts-only' },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'Role', name: 'rollouts-only' },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: user }],
  };
  assert.equal((await c.admin('POST', `/apis/rbac.authorization.k8s.io/v1/namespaces/${ns}/rolebindings`, binding)).status, 201);
  const file = join(tmpdir(), `rollout-pilot-as-${ns}.yaml`);
  writeFileSync(
    file,
    `apiVersion: v1\nkind: Config\ncurrent-context: x\nclusters:\n- name: c\n  cluster:\n    server: ${c.server}\n    insecure-skip-tls-verify: true\n` +
      `users:\n- name: u\n  user:\n    token: ${c.state.tokens.admin}\n    as: ${user}\ncontexts:\n- name: x\n  context: {cluster: c, user: u, namespace: ${ns}}\n`,
  );
  const kc = loadKubeconfig({ explicitPath: file }).kubeConfigFor();
  // the namespace picker falls back to the context's namespace, and says why
  const picker = await listNamespaces(new KubeClient(kc), ns);
  assert.deepEqual(picker.names, [ns]);
  assert.equal(picker.error?.kind, 'forbidden');
  assert.equal(picker.error?.permission, 'list namespaces');
  const all = await listNamespaces(c.client(), ns);
  assert.equal(all.error, undefined);
  assert.ok(all.names.includes(ns) && all.names.includes('default') && all.names.includes('kube-system'));
  const s = store(kc);
  const sub = s.subscribe(ns, () => {});
  try {
    const snap = await s.waitFor(ns, (x) => x.settled && x.health.state === 'forbidden');
    assert.deepEqual(
      [...snap.health.missing].sort(),
      ['list analysisruns.argoproj.io', 'list experiments.argoproj.io', 'list pods', 'list replicasets.apps'],
    );
    assert.equal(snap.health.message, `missing permission in namespace '${ns}': ${snap.health.missing.join(', ')}`);
    assert.equal(snap.health.resources.rollouts, 'connected');
    assert.deepEqual(
      snap.rollouts.map((r) => r.metadata?.name),
      ['demo'],
    );
  } finally {
    sub.dispose();
    rmSync(file, { force: true });
  }
});

test('an expired service-account token and an unknown token: health unauthorized, actions explain the 401', async () => {
  for (const context of ['expired', 'unknown'] as const) {
    const s = store(c.kc(context));
    const sub = s.subscribe(ns, () => {});
    try {
      const snap = await s.waitFor(ns, (x) => x.settled);
      assert.equal(snap.health.state, 'unauthorized', context);
      assert.match(snap.health.message ?? '', /rejected the credentials \(401 Unauthorized\): the token or certificate is expired or unknown/);
      assert.equal(snap.rollouts.length, 0);
    } finally {
      sub.dispose();
    }
    const out = failed(await executeAction(c.client(context), ns, 'demo', { action: 'promote' }));
    assert.equal(out.error.kind, 'unauthorized');
    assert.equal(out.sent.length, 0, 'nothing was written: the GET already failed');
  }
});

test('a kubeconfig pointing at a closed port: health unreachable, actions say where', async () => {
  const s = store(c.kc('unreachable'));
  const sub = s.subscribe(ns, () => {});
  try {
    const snap = await s.waitFor(ns, (x) => x.settled);
    assert.equal(snap.health.state, 'unreachable');
    assert.equal(snap.health.message, `cluster unreachable at https://127.0.0.1:${c.state.ports.closed} (connection refused)`);
  } finally {
    sub.dispose();
  }
  const out = failed(await executeAction(c.client('unreachable'), ns, 'demo', { action: 'abort' }));
  assert.equal(out.error.kind, 'unreachable');
  assert.equal(out.message, `cluster unreachable at https://127.0.0.1:${c.state.ports.closed} (connection refused)`);
});

test('a rollout deleted after it was listed: "no longer exists", whether it goes before the GET or between GET and patch', async () => {
  await createRollout(c, ns, canaryRollout('gone1', 'registry.local/g:1'));
  await createRollout(c, ns, canaryRollout('gone2', 'registry.local/g:1'));
  const s = store(c.kc());
  const sub = s.subscribe(ns, () => {});
  try {
    await s.waitFor(ns, (x) => ['gone1', 'gone2'].every((n) => x.rollouts.some((r) => r.metadata?.name === n)));
    // deleted before the action starts (the view still lists it)
    assert.equal((await c.admin('DELETE', `${ROLLOUTS_PATH(ns)}/gone1`)).status, 200);
    const a = failed(await executeAction(c.client(), ns, 'gone1', { action: 'pause' }));
    assert.equal(a.error.kind, 'notFound');
    assert.equal(a.message, `rollout 'gone1' no longer exists in namespace '${ns}'`);
    // deleted between the GET and the first write: /status answers 404, so does the fallback to the object
    await mergePatch(c, `${ROLLOUTS_PATH(ns)}/gone2/status`, { status: { pauseConditions: [{ reason: 'CanaryPauseStep', startTime: '2026-01-01T00:00:00Z' }], currentPodHash: 'a', stableRS: 'b' } });
    const b = failed(
      await executeAction(c.client(), ns, 'gone2', { action: 'promote' }, {
        beforeWrite: async () => {
          if ((await c.admin('GET', `${ROLLOUTS_PATH(ns)}/gone2`)).status === 200) await c.admin('DELETE', `${ROLLOUTS_PATH(ns)}/gone2`);
        },
      }),
    );
    assert.equal(b.message, `rollout 'gone2' no longer exists in namespace '${ns}'`);
    assert.deepEqual(
      b.sent.map((r) => [r.path.endsWith('/status') ? 'status' : 'object', r.status]),
      [
        ['status', 404],
        ['object', 404],
      ],
    );
  } finally {
    sub.dispose();
  }
});

test('set image retries the whole GET + PUT on a real 409, keeping the concurrent change', async () => {
  await createRollout(c, ns, canaryRollout('conflict', 'registry.local/c:1'));
  const out = await executeAction(c.client(), ns, 'conflict', { action: 'setImage', container: 'app', image: 'registry.local/c:2' }, {
    beforeWrite: async (_req, attempt) => {
      // someone else changes the rollout between our GET and our PUT, once
      if (attempt === 1) await mergePatch(c, `${ROLLOUTS_PATH(ns)}/conflict`, { metadata: { labels: { touched: 'yes' } } });
    },
  });
  assert.ok(out.ok, out.message);
  assert.deepEqual(
    out.sent.map((r) => [r.method, r.status]),
    [
      ['PUT', 409],
      ['PUT', 200],
    ],
  );
  const ro: Rollout = await getRollout(c, ns, 'conflict');
  assert.equal(ro.spec?.template?.spec?.containers?.[0]?.image, 'registry.local/c:2');
  assert.equal(ro.metadata?.labels?.touched, 'yes');
});

test('set image gives up after 5 conflicting attempts and says so', async () => {
  let n = 0;
  const out = failed(
    await executeAction(c.client(), ns, 'conflict', { action: 'setImage', container: 'app', image: 'registry.local/c:3' }, {
      beforeWrite: async () => {
        await mergePatch(c, `${ROLLOUTS_PATH(ns)}/conflict`, { metadata: { labels: { touched: String(++n) } } });
      },
    }),
  );
  assert.equal(out.error.kind, 'conflict');
  assert.equal(out.sent.length, 5);
  assert.ok(out.sent.every((r) => r.status === 409));
  assert.equal(out.message, `rollout 'conflict' kept changing while the image was being set: 5 attempts got 409 Conflict; try again`);
  assert.ok(out.error instanceof ClusterError);
  assert.equal((await getRollout(c, ns, 'conflict')).spec?.template?.spec?.containers?.[0]?.image, 'registry.local/c:2');
});
