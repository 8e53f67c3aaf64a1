// Failing clusters and hostile kubeconfigs against the cluster layer (extension/src/cluster), on 127.0.0.1 only:
// servers that accept and never answer, plain-http servers (kubectl proxy), self-signed certificates, exec plugins
// that hang or are missing, token files that are missing, kubeconfigs that are empty, folders or name bad URLs.
// Each case asserts the machine-readable cause (ClusterError.code) and that the message names it; operations under
// a deadline end within it plus a small margin, and the process they run in then exits on its own.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer, type IncomingHttpHeaders } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { createServer as createNetServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { KubeClient } from '../../extension/src/cluster/client';
import { ClusterError, transportError } from '../../extension/src/cluster/errors';
import { loadKubeconfig } from '../../extension/src/cluster/kubeconfig';
import { parseRestartDelay, parseRevision } from '../../extension/src/cluster/actionArgs';
import { requestTarget } from '../../extension/src/cluster/resources';
import { kubeconfigFile, listen, selfSignedCertificate, silentServer } from './support/fakeCluster';

const tmp = mkdtempSync(join(tmpdir(), 'rp-hostile-cluster-'));
const closers: Array<() => void> = [];
after(() => {
  for (const c of closers) c();
  rmSync(tmp, { recursive: true, force: true });
});

const ROLLOUT_PATH = '/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/demo';

function kubeconfig(name: string, server: string, user: string, cluster = ''): string {
  return kubeconfigFile(tmp, name, server, user, cluster);
}

function clientFor(path: string, options?: ConstructorParameters<typeof KubeClient>[1]): KubeClient {
  return new KubeClient(loadKubeconfig({ explicitPath: path }).kubeConfigFor(), options);
}

async function failure(p: Promise<unknown>): Promise<ClusterError> {
  try {
    await p;
  } catch (e) {
    assert.ok(e instanceof ClusterError, `a ClusterError, got ${String(e)}`);
    return e;
  }
  assert.fail('expected the request to fail');
}

/** A server that accepts connections and never answers a byte. */
let silentPort = 0;
before(async () => {
  const silent = await silentServer();
  silentPort = silent.port;
  closers.push(() => silent.close());
});

/** Runs exitProbe.ts in a child; returns its JSON line and whether it exited by itself (not by our kill). */
function probe(args: string[], killAfterMs: number): { result: Record<string, unknown>; exitedItself: boolean; stderr: string } {
  const r = spawnSync(process.execPath, ['--import', 'tsx', 'test/hostile/support/exitProbe.ts', ...args], {
    encoding: 'utf8',
    timeout: killAfterMs,
  });
  const line = r.stdout.trim().split('\n').at(-1) ?? '';
  let result: Record<string, unknown> = {};
  try {
    result = JSON.parse(line) as Record<string, unknown>;
  } catch {
    /* no result line: asserted below */
  }
  return { result, exitedItself: r.signal === null && r.status === 0, stderr: r.stderr };
}

const MARGIN_MS = 2000;

test('a server that accepts and never answers: one deadline for a whole action, and the message says how long it waited', async () => {
  const path = kubeconfig('silent', `http://127.0.0.1:${silentPort}`, '    token: t\n');
  const started = Date.now();
  const e = await failure(clientFor(path, { deadline: Date.now() + 1500 }).request({ method: 'GET', path: ROLLOUT_PATH, timeoutMs: 30000 }));
  const took = Date.now() - started;
  assert.equal(e.code, 'deadline');
  assert.equal(e.kind, 'timeout');
  assert.match(e.message, /time limit ran out: no answer after 1(\.\d)? s/);
  assert.ok(took < 1500 + MARGIN_MS, `ended after ${took} ms`);

  const plain = await failure(clientFor(path).request({ method: 'GET', path: ROLLOUT_PATH, timeoutMs: 800 }));
  assert.equal(plain.code, 'timeout');
  assert.match(plain.message, /no answer within 0\.8 s; waited 0\.8 s/);

  // promote (a GET and then a PATCH) and get (the store's lists) in a child process: they end by the deadline, and
  // the process then exits by itself (requests in flight are closed, nothing keeps it alive)
  for (const mode of ['promote', 'get']) {
    const p = probe([mode, path, '2000'], 20000);
    assert.ok(p.exitedItself, `${mode}: the process exits on its own (${JSON.stringify(p.result)} ${p.stderr.slice(0, 500)})`);
    assert.ok(Number(p.result.ms) < 2000 + MARGIN_MS, `${mode} ended after ${String(p.result.ms)} ms`);
    assert.match(String(p.result.message), /time limit ran out: no answer after 2(\.\d)? s/, mode);
  }
});

test('an exec credential plugin that hangs is stopped after its limit, named, and leaves nothing running', () => {
  const plugin = join(tmp, 'hanging-plugin.sh');
  const pidFile = join(tmp, 'hanging-plugin.pid');
  writeFileSync(plugin, `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 600\n`);
  chmodSync(plugin, 0o755);
  const path = kubeconfig(
    'hanging',
    `http://127.0.0.1:${silentPort}`,
    `    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: ${plugin}\n      interactiveMode: Never\n`,
  );
  const p = probe(['promote', path, '30000', '1500'], 25000);
  assert.ok(p.exitedItself, `the process exits on its own: ${JSON.stringify(p.result)} ${p.stderr.slice(0, 500)}`);
  assert.equal(p.result.code, 'execTimeout');
  assert.match(String(p.result.message), /exec plugin '[^']*hanging-plugin\.sh' .* gave no credentials within 1\.5 s and was stopped/);
  assert.ok(Number(p.result.ms) < 1500 + MARGIN_MS, `ended after ${String(p.result.ms)} ms`);
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the plugin process is gone');
});

test('a plain-http server (kubectl proxy) is accepted, with the credentials sent as kubectl sends them', async () => {
  let seen: IncomingHttpHeaders | undefined;
  const server = createHttpServer((req, res) => {
    seen = req.headers;
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{"kind":"Rollout","metadata":{"name":"demo"}}');
  });
  const port = await listen(server);
  closers.push(() => server.close());
  const path = kubeconfig('http', `http://127.0.0.1:${port}`, '    token: proxy-token\n');
  const r = await clientFor(path).request({ method: 'GET', path: ROLLOUT_PATH });
  assert.equal(r.status, 200);
  assert.equal(seen?.authorization, 'Bearer proxy-token');
});

test('a self-signed certificate is "not trusted", with what to set; trusted through certificate-authority it works', async () => {
  const { key, cert, certPath: certFile } = selfSignedCertificate(tmp);
  const server = createHttpsServer({ key, cert }, (_req, res) => {
    res.writeHead(200, { 'Content-Type': 'application/json' }).end('{}');
  });
  const port = await listen(server);
  closers.push(() => server.close());
  const untrusted = await failure(clientFor(kubeconfig('selfsigned', `https://127.0.0.1:${port}`, '    token: t\n')).request({ method: 'GET', path: ROLLOUT_PATH }));
  assert.equal(untrusted.code, 'untrustedCertificate');
  assert.match(untrusted.message, /certificate of the cluster at https:\/\/127\.0\.0\.1:\d+ is not trusted .*`certificate-authority`.*`insecure-skip-tls-verify: true`/);
  assert.doesNotMatch(untrusted.message, /unreachable/);

  const trusted = clientFor(kubeconfig('trusted', `https://127.0.0.1:${port}`, '    token: t\n', `    certificate-authority: ${certFile}\n`));
  assert.equal((await trusted.request({ method: 'GET', path: ROLLOUT_PATH })).status, 200);
});

test('tokenFile is read as kubectl reads it; a missing one is named instead of requests without credentials', async () => {
  let seen: string | undefined;
  const server = createHttpServer((req, res) => {
    seen = req.headers.authorization;
    res.writeHead(200).end('{}');
  });
  const port = await listen(server);
  closers.push(() => server.close());
  writeFileSync(join(tmp, 'token'), 'from-file\n');
  const ok = kubeconfig('tokenfile', `http://127.0.0.1:${port}`, `    tokenFile: ${join(tmp, 'token')}\n`);
  await clientFor(ok).request({ method: 'GET', path: ROLLOUT_PATH });
  assert.equal(seen, 'Bearer from-file');

  const missing = loadKubeconfig({ explicitPath: kubeconfig('notoken', `http://127.0.0.1:${port}`, '    tokenFile: ./no-such-token\n') });
  assert.match(missing.contexts[0]!.problem ?? '', /user 'u' reads its token from '[^']*\/no-such-token' \(tokenFile\), which cannot be read/);
});

test('hostile kubeconfigs say what is wrong, with the path: empty, a folder, not a mapping, bad URLs, missing plugins and files', () => {
  const empty = join(tmp, 'empty.kubeconfig');
  writeFileSync(empty, '\n');
  const folder = join(tmp, 'folder.kubeconfig');
  mkdirSync(folder);
  const list = join(tmp, 'list.kubeconfig');
  writeFileSync(list, '- a\n- b\n');
  for (const [file, why] of [
    [empty, 'the file is empty'],
    [folder, 'it is a folder, not a kubeconfig file'],
    [list, 'not a kubeconfig'],
  ] as const) {
    const l = loadKubeconfig({ explicitPath: file, explicitSource: '--kubeconfig' });
    assert.equal(l.files.length, 0);
    assert.equal(l.errors.length, 1);
    assert.ok(l.errors[0]!.startsWith(`${file}: ${why}`), l.errors[0]);
    assert.match(l.errors[0]!, /\(--kubeconfig\)$/, 'names where the path came from');
    assert.doesNotMatch(l.errors[0]!, /Cannot read properties|EISDIR|rolloutPilot\./);
  }
  assert.match(loadKubeconfig({ explicitPath: join(tmp, 'nope'), explicitSource: '--kubeconfig' }).errors[0]!, /file not found \(--kubeconfig\)$/);
  assert.match(loadKubeconfig({ explicitPath: join(tmp, 'nope') }).errors[0]!, /file not found \(setting rolloutPilot\.kubeconfig\)$/);

  const badUrl = loadKubeconfig({ explicitPath: kubeconfig('badurl', 'https://exa mple:6443', '    token: t\n') });
  assert.match(badUrl.contexts[0]!.problem ?? '', /server of cluster 'k' .*'https:\/\/exa mple:6443' is not a valid URL/);
  assert.throws(
    () => new KubeClient(badUrl.kubeConfigFor()),
    (e: unknown) => e instanceof ClusterError && e.code === 'invalidUrl' && /exa mple/.test(e.message),
  );
  const ftp = loadKubeconfig({ explicitPath: kubeconfig('ftp', 'ftp://127.0.0.1', '    token: t\n') });
  assert.match(ftp.contexts[0]!.problem ?? '', /'ftp:\/\/127\.0\.0\.1' is not an http:\/\/ or https:\/\/ URL/);

  const absent = loadKubeconfig({ explicitPath: kubeconfig('absentplugin', 'https://127.0.0.1:1', '    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: /opt/nowhere/aws\n') });
  assert.match(absent.contexts[0]!.problem ?? '', /exec plugin '\/opt\/nowhere\/aws', which does not exist/);
  assert.doesNotMatch(absent.contexts[0]!.problem ?? '', /PATH/);
  const notExec = join(tmp, 'not-executable.sh');
  writeFileSync(notExec, '#!/bin/sh\n');
  chmodSync(notExec, 0o644);
  const noX = loadKubeconfig({ explicitPath: kubeconfig('noexec', 'https://127.0.0.1:1', `    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: ${notExec}\n`) });
  assert.match(noX.contexts[0]!.problem ?? '', /which is not executable/);

  const noCa = loadKubeconfig({ explicitPath: kubeconfig('noca', 'https://127.0.0.1:1', '    token: t\n', '    certificate-authority: ./missing-ca.crt\n') });
  assert.match(noCa.contexts[0]!.problem ?? '', /certificate-authority of cluster 'k' '[^']*\/missing-ca\.crt' does not exist/);
});

test('every transport failure carries its cause as a code; the store reads reconnect vs unreachable from it', async () => {
  const target = requestTarget('GET', ROLLOUT_PATH);
  const cases: Array<[string, string, RegExp]> = [
    ['ECONNREFUSED', 'connectionRefused', /connection refused/],
    ['ECONNRESET', 'connectionReset', /connection was dropped/],
    ['ENOTFOUND', 'dns', /host name '127\.0\.0\.1' does not resolve/],
    ['EHOSTUNREACH', 'hostUnreachable', /no route/],
    ['DEPTH_ZERO_SELF_SIGNED_CERT', 'untrustedCertificate', /not trusted/],
    ['CERT_HAS_EXPIRED', 'certificateExpired', /expired/],
    ['ERR_TLS_CERT_ALTNAME_INVALID', 'certificateName', /tls-server-name/],
    ['ERR_SSL_WRONG_VERSION_NUMBER', 'tls', /plain http/],
  ];
  for (const [nodeCode, code, message] of cases) {
    const e = transportError(Object.assign(new Error(`x ${nodeCode}`), { code: nodeCode }), target, 'https://127.0.0.1:6443');
    assert.equal(e.code, code, nodeCode);
    assert.match(e.message, message, nodeCode);
  }
  assert.equal(transportError(new Error('socket hang up'), target, 's').code, 'connectionReset');

  // a real refused connection, classified where it happens
  const closed = createNetServer();
  const port = await listen(closed);
  await new Promise<void>((r) => closed.close(() => r()));
  const refused = await failure(clientFor(kubeconfig('refused', `http://127.0.0.1:${port}`, '    token: t\n')).request({ method: 'GET', path: ROLLOUT_PATH }));
  assert.equal(refused.code, 'connectionRefused');
});

test('restart --in and undo --to-revision values are refused before any request when no rollout could take them', () => {
  for (const bad of ['-5s', '-1ms', '10', 'soon', '9999999h']) {
    const r = parseRestartDelay(bad);
    assert.equal(r.ok, false, bad);
  }
  assert.match((parseRestartDelay('-5s') as { error: string }).error, /must not be negative/);
  assert.deepEqual(parseRestartDelay('1m30s'), { ok: true, value: 90000 });
  assert.deepEqual(parseRestartDelay('0'), { ok: true, value: 0 });

  for (const bad of ['99999999999999999999999', '-1', '1.5', '3e2', '']) assert.equal(parseRevision(bad).ok, false, bad);
  assert.match((parseRevision('99999999999999999999999') as { error: string }).error, /larger than any revision/);
  assert.deepEqual(parseRevision('3'), { ok: true, value: 3 });
  assert.deepEqual(parseRevision('0'), { ok: true, value: 0 });
});

