// The test harness itself: the API server script's CLI mode starts and stops by PID leaving nothing behind, and a
// missing binary fails with the command that builds it (the suite never skips silently). The controller stand-in's
// replica arithmetic matches the worked examples in test/harness/canaryMath.ts (argo-rollouts utils/replicaset/canary.go).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { alive, apiRequest } from '../harness/apiserver.mjs';
import { canaryStableCounts, pauseDurationMs, podTemplateHash, resolveMaxSurge } from '../harness/canaryMath';

const SCRIPT = 'test/harness/apiserver.mjs';

test('without the kube-apiserver binary the start fails and names the build script', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollout-pilot-nobin-'));
  try {
    const r = spawnSync(process.execPath, [SCRIPT, 'start', '--dir', dir], {
      encoding: 'utf8',
      env: { ...process.env, KUBE_APISERVER_BIN: join(dir, 'no-such-kube-apiserver') },
    });
    assert.equal(r.status, 1);
    assert.match(r.stderr, /kube-apiserver not found at .*no-such-kube-apiserver\. Build it once with: bash scripts\/build-kube-apiserver\.sh/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('CLI mode: start prints the state and serves; stop ends both processes by PID', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'rollout-pilot-cli-'));
  try {
    const r = spawnSync(process.execPath, [SCRIPT, 'start', '--dir', dir], { encoding: 'utf8', timeout: 180000 });
    assert.equal(r.status, 0, r.stderr);
    const st = JSON.parse(r.stdout);
    assert.deepEqual(JSON.parse(readFileSync(join(dir, 'state.json'), 'utf8')).pids, st.pids);
    assert.ok(alive(st.pids.apiserver) && alive(st.pids.etcd));
    const ns = await apiRequest(st.server, st.tokens.admin, 'GET', '/api/v1/namespaces/default');
    assert.equal(ns.status, 200);
    const crd = await apiRequest(st.server, st.tokens.viewer, 'GET', '/apis/argoproj.io/v1alpha1/namespaces/default/rollouts');
    assert.equal(crd.status, 200, 'the viewer may list rollouts');
    assert.match(readFileSync(st.kubeconfigPath, 'utf8'), /current-context: admin/);
    const s = spawnSync(process.execPath, [SCRIPT, 'stop', '--dir', dir], { encoding: 'utf8', timeout: 60000 });
    assert.equal(s.status, 0, s.stderr);
    assert.equal(alive(st.pids.apiserver), false);
    assert.equal(alive(st.pids.etcd), false);
  } finally {
    spawnSync(process.execPath, [SCRIPT, 'stop', '--dir', dir]);
    rmSync(dir, { recursive: true, force: true });
  }
});

test('basic-canary split: the worked examples of utils/replicaset/canary.go', () => {
  // replicas 6 at 20 % with the default 25 % surge (2): 1 canary + 5 stable
  assert.equal(resolveMaxSurge(undefined, 6), 2);
  assert.deepEqual(canaryStableCounts(6, 20, 2), [1, 5]);
  // the upstream table: 10 at 15 % without surge → 2 + 8; 3 at 25 % with surge 1 → 1 + 3
  assert.deepEqual(canaryStableCounts(10, 15, 0), [2, 8]);
  assert.deepEqual(canaryStableCounts(3, 25, 1), [1, 3]);
  assert.deepEqual(canaryStableCounts(6, 40, 2), [3, 4]);
  assert.deepEqual(canaryStableCounts(6, 100, 2), [6, 0]);
  assert.deepEqual(canaryStableCounts(6, 0, 2), [0, 6]);
  assert.deepEqual(canaryStableCounts(1, 50, 0), [1, 0]);
});

test('pause durations and the pod-template hash', () => {
  assert.equal(pauseDurationMs(20), 20000);
  assert.equal(pauseDurationMs('20'), 20000);
  assert.equal(pauseDurationMs('1m30s'), 90000);
  assert.equal(pauseDurationMs(undefined), undefined);
  assert.equal(pauseDurationMs('soon'), undefined);
  const t = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'a', image: 'i:1' }] } };
  const h = podTemplateHash(t);
  assert.match(h, /^[bcdfghjklmnpqrstvwxz2456789]+$/);
  assert.equal(podTemplateHash({ spec: t.spec, metadata: { labels: { 'rollouts-pod-template-hash': h, app: 'x' } } }), h, 'key order and the hash label do not matter');
  assert.notEqual(podTemplateHash({ ...t, spec: { containers: [{ name: 'a', image: 'i:2' }] } }), h);
});
