#!/usr/bin/env node
// A real Kubernetes API server on 127.0.0.1 for the cluster tests and the sandbox: Debian's etcd plus the
// kube-apiserver v1.20.2 that scripts/build-kube-apiserver.sh builds from Debian's source package.
// How it is used and what the server does: docs/cluster.md, "The test cluster".
//
//   node test/harness/apiserver.mjs start --dir D   start (as daemons), print the state as JSON, write D/state.json
//   node test/harness/apiserver.mjs stop --dir D    stop the processes recorded in D/state.json (by PID)
//
// As a module: `startCluster({dir})` returns {dir, server, kubeconfigPath, tokens, stop(), ...}.
// What it sets up: token auth (admin in system:masters; `viewer` bound to a get/list/watch ClusterRole; an expired
// service-account JWT; an unknown token), the Argo Rollouts v1.8.3 CRDs (1.20 refuses 1.9.1's), an audit log with
// request bodies for argoproj.io, and a kubeconfig with one context per identity plus one at a closed port.
import { spawn } from 'node:child_process';
import { createSign, generateKeyPairSync, randomBytes, randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, openSync, readFileSync, rmSync, writeFileSync, closeSync } from 'node:fs';
import { request } from 'node:https';
import { homedir, tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parseAllDocuments } from 'yaml';
import { freePort, freePorts } from '../../scripts/net.mjs';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const CRD_FILES = ['rollout', 'analysis-run', 'analysistemplate', 'experiment'].map((n) =>
  join(ROOT, 'schemas', `argo-rollouts-v1.8.3-${n}-crd.yaml`),
);

export const VIEWER_ROLE = 'rollout-pilot-viewer';

/** Where the built binary is; KUBE_APISERVER_BIN overrides, KAPI_WORK is the build script's work directory. */
export function apiserverBinary() {
  if (process.env.KUBE_APISERVER_BIN) return process.env.KUBE_APISERVER_BIN;
  const work = process.env.KAPI_WORK || join(homedir(), '.cache', 'kube-apiserver-debian');
  return join(work, 'bin', 'kube-apiserver');
}

function etcdBinary() {
  if (process.env.ETCD_BIN) return process.env.ETCD_BIN;
  for (const p of ['/usr/bin/etcd', '/usr/local/bin/etcd']) if (existsSync(p)) return p;
  return 'etcd';
}

/** Throws a message that says what to run when a binary is missing. */
export function checkBinaries() {
  const kapi = apiserverBinary();
  if (!existsSync(kapi)) {
    throw new Error(
      `kube-apiserver not found at ${kapi}. Build it once with: bash scripts/build-kube-apiserver.sh ` +
        `(about 8 minutes; it also installs etcd-server).`,
    );
  }
  const etcd = etcdBinary();
  if (etcd === 'etcd' || !existsSync(etcd)) {
    throw new Error('etcd not found. Install it with: apt-get install etcd-server (or run scripts/build-kube-apiserver.sh).');
  }
  return { kapi, etcd };
}

export { freePort };

const b64url = (buf) => Buffer.from(buf).toString('base64url');

/** A service-account JWT signed with the server's own key, expired an hour ago: the server answers 401. */
function expiredServiceAccountToken(privateKeyPem) {
  const now = Math.floor(Date.now() / 1000);
  const header = { alg: 'RS256', typ: 'JWT' };
  const payload = {
    iss: 'https://kubernetes.default.svc',
    aud: ['https://kubernetes.default.svc'],
    sub: 'system:serviceaccount:default:expired',
    iat: now - 7200,
    nbf: now - 7200,
    exp: now - 3600,
    'kubernetes.io': { namespace: 'default', serviceaccount: { name: 'expired', uid: randomUUID() } },
  };
  const input = `${b64url(JSON.stringify(header))}.${b64url(JSON.stringify(payload))}`;
  const sig = createSign('RSA-SHA256').update(input).sign(privateKeyPem);
  return `${input}.${b64url(sig)}`;
}

/** One HTTPS request with a bearer token to the (self-signed) server; resolves {status, json, text}. */
export function apiRequest(server, token, method, path, body, contentType = 'application/json') {
  return new Promise((res, rej) => {
    const data = body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body);
    const req = request(
      new URL(path, server),
      {
        method,
        rejectUnauthorized: false,
        headers: {
          Authorization: `Bearer ${token}`,
          Accept: 'application/json',
          ...(data !== undefined ? { 'Content-Type': contentType, 'Content-Length': Buffer.byteLength(data) } : {}),
        },
        timeout: 10000,
      },
      (r) => {
        const chunks = [];
        r.on('data', (c) => chunks.push(c));
        r.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          let json;
          try {
            json = JSON.parse(text);
          } catch {
            json = undefined;
          }
          res({ status: r.statusCode ?? 0, json, text });
        });
      },
    );
    req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${path}`)));
    req.on('error', rej);
    if (data !== undefined) req.write(data);
    req.end();
  });
}

const sleep = (ms) => new Promise((r) => setTimeout(r, ms));

async function waitFor(what, timeoutMs, check) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  for (;;) {
    try {
      const r = await check();
      if (r === true) return;
      last = String(r);
    } catch (e) {
      last = e instanceof Error ? e.message : String(e);
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what} (${last})`);
    await sleep(200);
  }
}

/** Whether `pid` still runs. A zombie (exited, not yet reaped by a busy parent such as a spawnSync caller) is dead. */
export function alive(pid) {
  try {
    process.kill(pid, 0);
  } catch {
    return false;
  }
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    return stat[stat.lastIndexOf(')') + 2] !== 'Z';
  } catch {
    return true; // no /proc: trust kill(0)
  }
}

/** SIGTERM, then SIGKILL after `graceMs`; resolves once the process is gone. */
export async function killPid(pid, graceMs = 10000) {
  if (!pid || !alive(pid)) return;
  try {
    process.kill(pid, 'SIGTERM');
  } catch {
    return;
  }
  const deadline = Date.now() + graceMs;
  while (alive(pid) && Date.now() < deadline) await sleep(50);
  if (alive(pid)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      /* gone */
    }
    while (alive(pid)) await sleep(50);
  }
}

/**
 * mode 'child': a child of this process, killed when it exits; 'background': this process may exit first, the
 * server stays in its process group (Ctrl-C still stops it); 'daemon': a new session, outlives the terminal.
 */
function spawnLogged(bin, args, logFile, mode) {
  const fd = openSync(logFile, 'a');
  const child = spawn(bin, args, { stdio: ['ignore', fd, fd], detached: mode === 'daemon' });
  closeSync(fd);
  if (mode !== 'child') child.unref();
  // A process reaped by us must not leave a zombie that `alive()` still sees.
  child.on('exit', () => {});
  return child;
}

function apiserverArgs(st) {
  const d = st.dir;
  return [
    `--etcd-servers=http://127.0.0.1:${st.ports.etcdClient}`,
    '--bind-address=127.0.0.1',
    '--advertise-address=127.0.0.1',
    `--secure-port=${st.ports.apiserver}`,
    `--cert-dir=${join(d, 'certs')}`,
    `--token-auth-file=${join(d, 'tokens.csv')}`,
    '--authorization-mode=RBAC',
    '--service-account-issuer=https://kubernetes.default.svc',
    `--service-account-key-file=${join(d, 'sa.pub')}`,
    `--service-account-signing-key-file=${join(d, 'sa.key')}`,
    '--service-cluster-ip-range=10.0.0.0/24',
    '--disable-admission-plugins=ServiceAccount',
    `--audit-policy-file=${join(d, 'audit-policy.yaml')}`,
    `--audit-log-path=${join(d, 'audit.log')}`,
    '--audit-log-format=json',
    // The event history a watch can resume from; the default is fine, stated for the reader.
    '--watch-cache=true',
    '--v=0',
  ];
}

const AUDIT_POLICY = `apiVersion: audit.k8s.io/v1
kind: Policy
omitStages: ["RequestReceived"]
rules:
  - level: RequestResponse
    resources:
      - group: argoproj.io
  - level: Metadata
    resources:
      - group: apps
        resources: ["replicasets"]
  - level: None
`;

function kubeconfigYaml(st) {
  const cluster = (name, server) =>
    `- name: ${name}\n  cluster:\n    server: ${server}\n    insecure-skip-tls-verify: true\n`;
  const user = (name, token) => `- name: ${name}\n  user:\n    token: ${token}\n`;
  const context = (name, clusterName, userName) =>
    `- name: ${name}\n  context:\n    cluster: ${clusterName}\n    user: ${userName}\n    namespace: default\n`;
  return (
    'apiVersion: v1\nkind: Config\n' +
    `current-context: admin\n` +
    'clusters:\n' +
    cluster('test', st.server) +
    cluster('closed-port', `https://127.0.0.1:${st.ports.closed}`) +
    'users:\n' +
    Object.entries(st.tokens)
      .map(([n, t]) => user(n, t))
      .join('') +
    'contexts:\n' +
    Object.keys(st.tokens)
      .map((n) => context(n, 'test', n))
      .join('') +
    context('unreachable', 'closed-port', 'admin')
  );
}

async function applyObject(st, path, obj) {
  const r = await apiRequest(st.server, st.tokens.admin, 'POST', path, obj);
  if (r.status !== 201 && r.status !== 409) throw new Error(`POST ${path}: ${r.status} ${r.text}`);
}

async function setupRbacAndCrds(st) {
  await applyObject(st, '/apis/rbac.authorization.k8s.io/v1/clusterroles', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRole',
    metadata: { name: VIEWER_ROLE },
    rules: [
      { apiGroups: ['argoproj.io'], resources: ['rollouts', 'analysisruns', 'experiments'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: ['apps'], resources: ['replicasets', 'deployments'], verbs: ['get', 'list', 'watch'] },
      { apiGroups: [''], resources: ['pods', 'namespaces'], verbs: ['get', 'list', 'watch'] },
    ],
  });
  await applyObject(st, '/apis/rbac.authorization.k8s.io/v1/clusterrolebindings', {
    apiVersion: 'rbac.authorization.k8s.io/v1',
    kind: 'ClusterRoleBinding',
    metadata: { name: VIEWER_ROLE },
    roleRef: { apiGroup: 'rbac.authorization.k8s.io', kind: 'ClusterRole', name: VIEWER_ROLE },
    subjects: [{ apiGroup: 'rbac.authorization.k8s.io', kind: 'User', name: 'viewer' }],
  });
  const names = [];
  for (const file of CRD_FILES) {
    for (const doc of parseAllDocuments(readFileSync(file, 'utf8'))) {
      const crd = doc.toJS();
      if (!crd || crd.kind !== 'CustomResourceDefinition') continue;
      await applyObject(st, '/apis/apiextensions.k8s.io/v1/customresourcedefinitions', crd);
      names.push(crd.metadata.name);
    }
  }
  for (const name of names) {
    await waitFor(`CRD ${name} established`, 30000, async () => {
      const r = await apiRequest(st.server, st.tokens.admin, 'GET', `/apis/apiextensions.k8s.io/v1/customresourcedefinitions/${name}`);
      const c = (r.json?.status?.conditions ?? []).find((x) => x.type === 'Established');
      return c?.status === 'True' || `status ${r.status}`;
    });
  }
  // The group's discovery and the first list can lag the Established condition by a moment.
  await waitFor('rollouts list', 30000, async () => {
    const r = await apiRequest(st.server, st.tokens.admin, 'GET', '/apis/argoproj.io/v1alpha1/namespaces/default/rollouts');
    return r.status === 200 || `status ${r.status}`;
  });
}

async function waitReady(server, token, child, logFile, timeoutMs) {
  await waitFor('kube-apiserver readiness (GET /api/v1/namespaces/default)', timeoutMs, async () => {
    if (child && child.exitCode !== null) {
      throw new Error(`kube-apiserver exited with ${child.exitCode}; see ${logFile}`);
    }
    const r = await apiRequest(server, token, 'GET', '/api/v1/namespaces/default');
    if (r.status !== 200) return `namespaces/default: ${r.status}`;
    // /readyz also waits for the post-start hooks (e.g. CRD informers): before that, custom resources get 503.
    const ready = await apiRequest(server, token, 'GET', '/readyz');
    return ready.status === 200 || `readyz: ${ready.status} ${ready.text.slice(0, 200)}`;
  });
}

/** (Re)starts kube-apiserver against the state's etcd on the state's port; updates st.pids.apiserver. */
export async function startApiServer(st, { mode = st.mode ?? 'child', timeoutMs = 120000 } = {}) {
  const { kapi } = checkBinaries();
  const child = spawnLogged(kapi, apiserverArgs(st), join(st.dir, 'apiserver.log'), mode);
  st.pids.apiserver = child.pid;
  saveState(st);
  await waitReady(st.server, st.tokens.admin, child, join(st.dir, 'apiserver.log'), timeoutMs);
  return child;
}

/**
 * A second kube-apiserver on another port over the same etcd (as in an HA control plane), a child of this
 * process: lets a test change the cluster while the first API server is down. Returns {server, stop()}.
 */
export async function startSecondApiServer(st, { timeoutMs = 120000 } = {}) {
  const { kapi } = checkBinaries();
  const port = await freePort();
  const args = apiserverArgs({ ...st, ports: { ...st.ports, apiserver: port } }).map((a) =>
    a.startsWith('--cert-dir=')
      ? `--cert-dir=${join(st.dir, 'certs-second')}`
      : a.startsWith('--audit-log-path=')
        ? `--audit-log-path=${join(st.dir, 'audit-second.log')}`
        : a,
  );
  const logFile = join(st.dir, 'apiserver-second.log');
  const child = spawnLogged(kapi, args, logFile, 'child');
  const server = `https://127.0.0.1:${port}`;
  const stop = () => killPid(child.pid);
  try {
    await waitReady(server, st.tokens.admin, child, logFile, timeoutMs);
  } catch (e) {
    await stop();
    throw e;
  }
  return { server, pid: child.pid, stop };
}

/** Stops only kube-apiserver (etcd keeps its data), by PID. */
export async function stopApiServer(st, { signal = 'SIGTERM' } = {}) {
  const pid = st.pids.apiserver;
  if (signal === 'SIGKILL' && pid && alive(pid)) {
    process.kill(pid, 'SIGKILL');
    while (alive(pid)) await sleep(20);
  } else {
    await killPid(pid);
  }
  st.pids.apiserver = 0;
  saveState(st);
}

function saveState(st) {
  writeFileSync(join(st.dir, 'state.json'), JSON.stringify(publicState(st), null, 2));
}

function publicState(st) {
  return {
    dir: st.dir,
    server: st.server,
    kubeconfigPath: st.kubeconfigPath,
    tokens: st.tokens,
    ports: st.ports,
    pids: st.pids,
    mode: st.mode,
    auditLogPath: st.auditLogPath,
    certDir: st.certDir,
  };
}

export function loadState(dir) {
  const file = join(dir, 'state.json');
  if (!existsSync(file)) throw new Error(`no cluster state in ${dir} (missing state.json)`);
  return JSON.parse(readFileSync(file, 'utf8'));
}

/**
 * Starts etcd and kube-apiserver in `dir` (a new temp dir by default), sets up RBAC and CRDs, writes the kubeconfig.
 * `mode`: 'child' (default; killed when this process exits), 'background' (may outlive this process, same
 * process group: the test suite), 'daemon' (a new session: the CLI's `start`).
 */
export async function startCluster({ dir, mode = 'child', removeDirOnStop, timeoutMs = 120000 } = {}) {
  const { etcd } = checkBinaries();
  const ownDir = !dir;
  dir = dir ? resolve(dir) : mkdtempSync(join(tmpdir(), 'rollout-pilot-kapi-'));
  mkdirSync(join(dir, 'certs'), { recursive: true });
  const [etcdClient, etcdPeer, apiserver, closed] = await freePorts(4);
  const { privateKey, publicKey } = generateKeyPairSync('rsa', {
    modulusLength: 2048,
    privateKeyEncoding: { type: 'pkcs8', format: 'pem' },
    publicKeyEncoding: { type: 'spki', format: 'pem' },
  });
  writeFileSync(join(dir, 'sa.key'), privateKey, { mode: 0o600 });
  writeFileSync(join(dir, 'sa.pub'), publicKey);
  const tokens = {
    admin: randomBytes(16).toString('hex'),
    viewer: randomBytes(16).toString('hex'),
    expired: expiredServiceAccountToken(privateKey),
    unknown: randomBytes(16).toString('hex'),
  };
  writeFileSync(
    join(dir, 'tokens.csv'),
    `${tokens.admin},admin,1,"system:masters"\n${tokens.viewer},viewer,2,""\n`,
    { mode: 0o600 },
  );
  writeFileSync(join(dir, 'audit-policy.yaml'), AUDIT_POLICY);
  const st = {
    dir,
    server: `https://127.0.0.1:${apiserver}`,
    kubeconfigPath: join(dir, 'kubeconfig'),
    tokens,
    ports: { etcdClient, etcdPeer, apiserver, closed },
    pids: { etcd: 0, apiserver: 0 },
    mode,
    auditLogPath: join(dir, 'audit.log'),
    certDir: join(dir, 'certs'),
  };
  writeFileSync(st.kubeconfigPath, kubeconfigYaml(st), { mode: 0o600 });
  const children = [];
  const killAll = () => {
    for (const pid of [st.pids.apiserver, st.pids.etcd]) {
      try {
        if (pid) process.kill(pid, 'SIGKILL');
      } catch {
        /* gone */
      }
    }
  };
  // In-process mode: never leave the servers behind, even if the caller forgets stop() or crashes.
  if (mode === 'child') process.on('exit', killAll);
  try {
    const etcdChild = spawnLogged(
      etcd,
      [
        '--name=e',
        `--data-dir=${join(dir, 'etcd')}`,
        `--listen-client-urls=http://127.0.0.1:${etcdClient}`,
        `--advertise-client-urls=http://127.0.0.1:${etcdClient}`,
        `--listen-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-advertise-peer-urls=http://127.0.0.1:${etcdPeer}`,
        `--initial-cluster=e=http://127.0.0.1:${etcdPeer}`,
        '--log-level=warn',
      ],
      join(dir, 'etcd.log'),
      mode,
    );
    st.pids.etcd = etcdChild.pid;
    children.push(etcdChild);
    children.push(await startApiServer(st, { mode, timeoutMs }));
    await setupRbacAndCrds(st);
  } catch (e) {
    killAll();
    throw e;
  }
  saveState(st);
  const stop = async () => {
    await killPid(st.pids.apiserver);
    await killPid(st.pids.etcd);
    st.pids = { etcd: 0, apiserver: 0 };
    if (mode === 'child') process.off('exit', killAll);
    if (removeDirOnStop ?? ownDir) rmSync(dir, { recursive: true, force: true });
    else saveState(st);
  };
  return {
    ...publicState(st),
    state: st,
    stop,
    stopApiServer: (opts) => stopApiServer(st, opts),
    startApiServer: () => startApiServer(st, { mode, timeoutMs }),
  };
}

/** Stops the processes recorded in `dir`/state.json. */
export async function stopClusterDir(dir) {
  const st = loadState(dir);
  await killPid(st.pids.apiserver);
  await killPid(st.pids.etcd);
  st.pids = { etcd: 0, apiserver: 0 };
  writeFileSync(join(dir, 'state.json'), JSON.stringify(st, null, 2));
}

async function cli(argv) {
  const [cmd, ...rest] = argv;
  const i = rest.indexOf('--dir');
  const dir = i >= 0 ? rest[i + 1] : undefined;
  if ((cmd !== 'start' && cmd !== 'stop') || !dir) {
    process.stderr.write('usage: node test/harness/apiserver.mjs start|stop --dir DIR\n');
    return 2;
  }
  if (cmd === 'stop') {
    await stopClusterDir(dir);
    process.stdout.write(`stopped (state in ${resolve(dir)}/state.json)\n`);
    return 0;
  }
  mkdirSync(dir, { recursive: true });
  const c = await startCluster({ dir, mode: 'daemon' });
  process.stdout.write(JSON.stringify({ ...publicState(c.state) }, null, 2) + '\n');
  return 0;
}

if (process.argv[1] && resolve(process.argv[1]) === fileURLToPath(import.meta.url)) {
  cli(process.argv.slice(2)).then(
    (code) => process.exit(code),
    (e) => {
      process.stderr.write(`apiserver: ${e instanceof Error ? e.message : String(e)}\n`);
      process.exit(1);
    },
  );
}
