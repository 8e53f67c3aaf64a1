// Kubeconfig handling as kubectl does it: KUBECONFIG with several files merged (first file wins, for names and for
// current-context), ~/.kube/config, an explicit path; located errors; exec plugins (a missing one explained, a
// working one used against the real API server); live reload when a terminal switches context; and no writes
// unless useContext is called.
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join } from 'node:path';
import { after, before, test } from 'node:test';
import { KubeClient } from '../../extension/src/cluster/client';
import { ClusterError } from '../../extension/src/cluster/errors';
import { KubeconfigWatcher, loadKubeconfig, useContext } from '../../extension/src/cluster/kubeconfig';
import { testCluster, type TestCluster } from './support/cluster';

let dir: string;
let c: TestCluster;

before(async () => {
  dir = mkdtempSync(join(tmpdir(), 'rollout-pilot-kubeconfig-'));
  c = await testCluster();
});

after(async () => {
  rmSync(dir, { recursive: true, force: true });
  await c?.close();
});

function file(name: string, text: string): string {
  const p = join(dir, name);
  mkdirSync(join(p, '..'), { recursive: true });
  writeFileSync(p, text);
  return p;
}

const cfg = (o: { current?: string; clusters: Array<[string, string]>; users: string[]; contexts: Array<[string, string, string, string?]>; extra?: string }) =>
  'apiVersion: v1\nkind: Config\n' +
  (o.current ? `current-context: ${o.current}\n` : '') +
  `clusters:\n${o.clusters.map(([n, s]) => `- name: ${n}\n  cluster:\n    server: ${s}\n`).join('')}` +
  `users:\n${o.users.map((n) => `- name: ${n}\n  user:\n    token: t-${n}\n`).join('')}` +
  `contexts:\n${o.contexts.map(([n, cl, u, ns]) => `- name: ${n}\n  context:\n    cluster: ${cl}\n    user: ${u}\n${ns ? `    namespace: ${ns}\n` : ''}`).join('')}` +
  (o.extra ?? '');

test('KUBECONFIG merges files in order: first file wins for each name and for current-context; missing files are skipped', () => {
  const a = file('a/config', cfg({ current: 'ctx-a', clusters: [['c1', 'https://a.example:6443']], users: ['ua'], contexts: [['ctx-a', 'c1', 'ua', 'team-a']] }));
  const b = file(
    'b/config',
    cfg({ current: 'ctx-b', clusters: [['c1', 'https://b.example:6443'], ['c2', 'https://c2.example']], users: ['ub'], contexts: [['ctx-b', 'c2', 'ub'], ['ctx-a', 'c2', 'ub']] }),
  );
  const missing = join(dir, 'nope/config');
  const k = loadKubeconfig({ env: { KUBECONFIG: [a, missing, b].join(delimiter) } });
  assert.deepEqual(k.files, [a, b]);
  assert.equal(k.currentContext, 'ctx-a');
  assert.deepEqual(
    k.contexts.map((x) => [x.name, x.cluster, x.namespace, x.server]),
    [
      ['ctx-a', 'c1', 'team-a', 'https://a.example:6443'],
      ['ctx-b', 'c2', 'default', 'https://c2.example'],
    ],
  );
  assert.deepEqual(k.errors, []);
  const kc = k.kubeConfigFor('ctx-b');
  assert.equal(kc.getCurrentCluster()?.server, 'https://c2.example');
  assert.equal(kc.getCurrentUser()?.token, 't-ub');
  assert.throws(() => k.kubeConfigFor('nope'), /context 'nope' is not in/);
});

test('an explicit path (rolloutPilot.kubeconfig) wins over KUBECONFIG; without either, ~/.kube/config is read', () => {
  const a = file('e/a', cfg({ current: 'x', clusters: [['c', 'https://x']], users: ['u'], contexts: [['x', 'c', 'u']] }));
  const b = file('e/b', cfg({ current: 'y', clusters: [['c', 'https://y']], users: ['u'], contexts: [['y', 'c', 'u']] }));
  assert.equal(loadKubeconfig({ explicitPath: b, env: { KUBECONFIG: a } }).currentContext, 'y');
  const home = join(dir, 'home');
  file('home/.kube/config', cfg({ current: 'z', clusters: [['c', 'https://z']], users: ['u'], contexts: [['z', 'c', 'u']] }));
  assert.equal(loadKubeconfig({ env: {}, home }).currentContext, 'z');
  const gone = loadKubeconfig({ explicitPath: join(dir, 'missing.yaml'), env: {} });
  assert.deepEqual(gone.errors, [`${join(dir, 'missing.yaml')}: file not found (setting rolloutPilot.kubeconfig)`]);
});

test('a broken file is reported with its path and the others still load; relative certificate paths follow their file', () => {
  const good = file(
    'r/good',
    'apiVersion: v1\nkind: Config\ncurrent-context: g\nclusters:\n- name: c\n  cluster:\n    server: https://g\n' +
      'users:\n- name: u\n  user:\n    client-certificate: certs/me.crt\ncontexts:\n- name: g\n  context:\n    cluster: c\n    user: u\n',
  );
  const bad = file('r/bad', 'clusters: [\n  - oops: {\n');
  const k = loadKubeconfig({ env: { KUBECONFIG: [bad, good].join(delimiter) } });
  assert.equal(k.errors.length, 1);
  assert.ok(k.errors[0]!.startsWith(`${bad}: `), k.errors[0]);
  assert.equal(k.currentContext, 'g');
  assert.equal(k.kubeConfigFor().getCurrentUser()?.certFile, join(dir, 'r/certs/me.crt'));
});

test('an exec plugin that is not on PATH: the context says so, and a request explains it instead of "spawn ENOENT"', async () => {
  const p = file(
    'x/config',
    `apiVersion: v1\nkind: Config\ncurrent-context: x\nclusters:\n- name: c\n  cluster:\n    server: ${c.server}\n    insecure-skip-tls-verify: true\n` +
      `users:\n- name: cloud\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: no-such-credential-plugin\n` +
      `contexts:\n- name: x\n  context:\n    cluster: c\n    user: cloud\n`,
  );
  const k = loadKubeconfig({ explicitPath: p });
  assert.equal(k.contexts[0]!.problem, "context 'x' gets credentials from the exec plugin 'no-such-credential-plugin', which is not on PATH");
  const err = await new KubeClient(k.kubeConfigFor()).request({ method: 'GET', path: '/api/v1/namespaces/default' }).then(
    () => undefined,
    (e: unknown) => e,
  );
  assert.ok(err instanceof ClusterError);
  assert.equal(err.kind, 'credentials');
  assert.equal(
    err.message,
    "the kubeconfig user 'cloud' gets its credentials from the exec plugin 'no-such-credential-plugin', which is not on PATH; install it or make it reachable from the editor's environment",
  );
});

test('a working exec plugin supplies the token: requests to the real API server succeed with it', async () => {
  const plugin = file(
    'bin/fake-login',
    `#!/bin/sh\necho '{"apiVersion":"client.authentication.k8s.io/v1beta1","kind":"ExecCredential","status":{"token":"${c.state.tokens.admin}"}}'\n`,
  );
  chmodSync(plugin, 0o755);
  const p = file(
    'y/config',
    `apiVersion: v1\nkind: Config\ncurrent-context: y\nclusters:\n- name: c\n  cluster:\n    server: ${c.server}\n    insecure-skip-tls-verify: true\n` +
      `users:\n- name: sso\n  user:\n    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: ${plugin}\n` +
      `contexts:\n- name: y\n  context:\n    cluster: c\n    user: sso\n`,
  );
  const k = loadKubeconfig({ explicitPath: p });
  assert.equal(k.contexts[0]!.problem, undefined);
  const res = await new KubeClient(k.kubeConfigFor()).json<{ metadata: { name: string } }>({ method: 'GET', path: '/api/v1/namespaces/default' });
  assert.equal(res.metadata.name, 'default');
});

function nextChange(w: KubeconfigWatcher, timeoutMs = 5000): Promise<string | undefined> {
  return new Promise((resolve, reject) => {
    const t = setTimeout(() => reject(new Error('no change event')), timeoutMs);
    const sub = w.onDidChange((k) => {
      clearTimeout(t);
      sub.dispose();
      resolve(k.currentContext);
    });
  });
}

test('a context switched in a terminal shows without reload: in-place writes and replace-by-rename both fire one change', async () => {
  const p = file('w/config', cfg({ current: 'one', clusters: [['c', 'https://x']], users: ['u'], contexts: [['one', 'c', 'u'], ['two', 'c', 'u']] }));
  const w = new KubeconfigWatcher({ explicitPath: p }, 100);
  try {
    assert.equal(w.current.currentContext, 'one');
    let changed = nextChange(w);
    writeFileSync(p, readFileSync(p, 'utf8').replace('current-context: one', 'current-context: two')); // as kubectl does
    assert.equal(await changed, 'two');
    changed = nextChange(w);
    const tmp = join(dir, 'w/.config.tmp');
    writeFileSync(tmp, readFileSync(p, 'utf8').replace('current-context: two', 'current-context: one'));
    renameSync(tmp, p); // as editors and some tools do
    assert.equal(await changed, 'one');
    assert.equal(w.current.currentContext, 'one');
    // a write that changes nothing fires nothing
    let fired = false;
    const sub = w.onDidChange(() => (fired = true));
    writeFileSync(p, readFileSync(p, 'utf8'));
    await new Promise((r) => setTimeout(r, 500));
    sub.dispose();
    assert.equal(fired, false);
  } finally {
    w.dispose();
  }
});

test('choosing a context never writes the file; useContext writes current-context to the file that sets it, keeping comments', () => {
  const a = file('u/a', '# team config\n' + cfg({ clusters: [['c', 'https://x']], users: ['u'], contexts: [['one', 'c', 'u']] }));
  const b = file('u/b', '# written by hand\n' + cfg({ current: 'two', clusters: [['d', 'https://y']], users: ['v'], contexts: [['two', 'd', 'v']] }));
  const env = { KUBECONFIG: [a, b].join(delimiter) };
  const before = [readFileSync(a, 'utf8'), readFileSync(b, 'utf8'), statSync(a).mtimeMs, statSync(b).mtimeMs];
  const k = loadKubeconfig({ env });
  assert.equal(k.currentContext, 'two');
  k.kubeConfigFor('one');
  assert.deepEqual([readFileSync(a, 'utf8'), readFileSync(b, 'utf8'), statSync(a).mtimeMs, statSync(b).mtimeMs], before);
  assert.equal(useContext('one', { env }), b);
  assert.match(readFileSync(b, 'utf8'), /^current-context: one$/m);
  assert.match(readFileSync(b, 'utf8'), /^# written by hand$/m);
  assert.equal(readFileSync(a, 'utf8'), before[0], 'the file without current-context is untouched');
  assert.equal(loadKubeconfig({ env }).currentContext, 'one');
  assert.throws(() => useContext('nope', { env }), /context 'nope' is not in the kubeconfig/);
});
