// The cluster commands of the built CLI against failing clusters on 127.0.0.1, all started at once (so the suite
// waits one command deadline, not one per case): a server that never answers, a hanging exec plugin, a plain-http
// server, a self-signed certificate, hostile kubeconfigs and hostile flag values. Each asserts the exit code, that
// the command ended by itself within its stated deadline (30 s) plus a margin, and that the message names the cause.
import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { chmodSync, existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createHttpsServer } from 'node:https';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { kubeconfigFile, listen, selfSignedCertificate, silentServer } from './support/fakeCluster';

const BIN = resolve('bin/rollout-pilot.js');
/** The CLI's one deadline per command (cli/commands/connect.ts). */
const DEADLINE_S = 30;
/** Node's start-up (the deadline counts from the command's first cluster step) on a loaded CI machine. */
const MARGIN_S = 8;

const tmp = mkdtempSync(join(tmpdir(), 'rp-hostile-cli-'));
const closers: Array<() => void> = [];
after(() => {
  for (const c of closers) c();
  rmSync(tmp, { recursive: true, force: true });
});

function kubeconfig(name: string, server: string, user: string, cluster = ''): string {
  return kubeconfigFile(tmp, name, server, user, cluster);
}

interface Run {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  seconds: number;
}

/** The CLI as a child; killed (signal set) only if it outlives the deadline by far: a hang. */
function cli(args: string[]): Promise<Run> {
  const started = Date.now();
  const child = spawn(process.execPath, [BIN, ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (d: Buffer) => (stdout += d.toString()));
  child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
  const killer = setTimeout(() => child.kill('SIGKILL'), (DEADLINE_S * 3 + MARGIN_S) * 1000);
  return new Promise((res) =>
    child.on('close', (code, signal) => {
      clearTimeout(killer);
      res({ code, signal, stdout, stderr, seconds: (Date.now() - started) / 1000 });
    }),
  );
}

function endedInTime(r: Run, what: string): void {
  assert.equal(r.signal, null, `${what} hung and was killed: ${r.stderr}`);
  assert.ok(r.seconds < DEADLINE_S + MARGIN_S, `${what} ended after ${r.seconds.toFixed(1)} s (deadline ${DEADLINE_S} s)`);
}

const runs: Record<string, Promise<Run>> = {};
let pidFile = '';

before(async () => {
  const silent = await silentServer();
  const silentPort = silent.port;
  closers.push(() => silent.close());
  const http = createHttpServer((req, res) => {
    const body = JSON.stringify({ kind: 'Status', status: 'Failure', reason: 'NotFound', code: 404, message: `seen ${req.headers.authorization}` });
    res.writeHead(404, { 'Content-Type': 'application/json' }).end(body);
  });
  const httpPort = await listen(http);
  closers.push(() => http.close());
  const { key, cert } = selfSignedCertificate(tmp);
  const https = createHttpsServer({ key, cert }, (_q, res) => res.writeHead(200).end('{}'));
  const httpsPort = await listen(https);
  closers.push(() => https.close());

  const plugin = join(tmp, 'hanging-plugin.sh');
  pidFile = join(tmp, 'hanging-plugin.pid');
  writeFileSync(plugin, `#!/bin/sh\necho $$ > ${pidFile}\nexec sleep 600\n`);
  chmodSync(plugin, 0o755);
  const empty = join(tmp, 'empty.kubeconfig');
  writeFileSync(empty, '');
  const folder = join(tmp, 'folder.kubeconfig');
  mkdirSync(folder);

  const silentKc = kubeconfig('silent', `https://127.0.0.1:${silentPort}`, '    token: t\n', '    insecure-skip-tls-verify: true\n');
  const exec = `    exec:\n      apiVersion: client.authentication.k8s.io/v1beta1\n      command: ${plugin}\n      interactiveMode: Never\n`;
  // the quick ones first, then the three that wait for the deadline together (so the suite waits about one deadline,
  // and their start-up is not starved by a dozen node processes starting at once)
  const quick: Record<string, string[]> = {
    promoteHttp: ['promote', 'demo', '--kubeconfig', kubeconfig('http', `http://127.0.0.1:${httpPort}`, '    token: proxy-token\n')],
    promoteSelfSigned: ['promote', 'demo', '--kubeconfig', kubeconfig('selfsigned', `https://127.0.0.1:${httpsPort}`, '    token: t\n')],
    emptyKubeconfig: ['promote', 'demo', '--kubeconfig', empty],
    folderKubeconfig: ['promote', 'demo', '--kubeconfig', folder],
    badUrl: ['promote', 'demo', '--kubeconfig', kubeconfig('badurl', 'https://exa mple:6443', '    token: t\n')],
    absentPlugin: ['promote', 'demo', '--kubeconfig', kubeconfig('absent', 'https://127.0.0.1:1', exec.replace(plugin, '/opt/nowhere/aws'))],
    missingTokenFile: ['promote', 'demo', '--kubeconfig', kubeconfig('notoken', 'https://127.0.0.1:1', '    tokenFile: /nonexistent/token\n')],
    negativeIn: ['restart', 'demo', '--in', '-5s', '--kubeconfig', silentKc],
    hugeRevision: ['undo', 'demo', '--to-revision', '99999999999999999999999', '--kubeconfig', silentKc],
  };
  for (const [name, args] of Object.entries(quick)) {
    runs[name] = cli(args);
    await runs[name];
  }
  runs.promoteSilent = cli(['promote', 'demo', '--kubeconfig', silentKc]);
  runs.getSilent = cli(['get', 'rollout', 'demo', '--kubeconfig', silentKc]);
  runs.promoteHangingPlugin = cli(['promote', 'demo', '--kubeconfig', kubeconfig('hanging', `https://127.0.0.1:${silentPort}`, exec)]);
});

test('a server that never answers: promote and get end by the 30 s deadline and say how long they waited', async () => {
  for (const name of ['promoteSilent', 'getSilent']) {
    const r = await runs[name]!;
    endedInTime(r, name);
    assert.equal(r.code, 1, `${name}: ${r.stderr}`);
    const waited = /did not answer in time \(the command's time limit ran out: no answer after (\d+(?:\.\d)?) s\)/.exec(r.stderr);
    assert.ok(waited, `${name}: ${r.stderr}`);
    assert.ok(Math.abs(Number(waited[1]) - DEADLINE_S) <= 1, `${name} says it waited ${waited[1]} s`);
  }
});

test('a hanging exec plugin: promote ends by the deadline, names the plugin, and the plugin is stopped', async () => {
  const r = await runs.promoteHangingPlugin!;
  endedInTime(r, 'promote with a hanging plugin');
  assert.equal(r.code, 1);
  const waited = /exec plugin '[^']*hanging-plugin\.sh' of kubeconfig user 'u' gave no credentials within (\d+(?:\.\d)?) s and was stopped/.exec(r.stderr);
  assert.ok(waited, r.stderr);
  assert.ok(Math.abs(Number(waited[1]) - DEADLINE_S) <= 1, `says it waited ${waited[1]} s`);
  assert.ok(existsSync(pidFile));
  const pid = Number(readFileSync(pidFile, 'utf8').trim());
  assert.throws(() => process.kill(pid, 0), /ESRCH/, 'the plugin process is gone');
});

test('an http:// server is talked to with the credentials, and a self-signed certificate says what to set', async () => {
  const http = await runs.promoteHttp!;
  assert.equal(http.code, 1);
  assert.match(http.stderr, /rollout 'demo' no longer exists|not found/);
  assert.doesNotMatch(http.stderr, /HTTP protocol is not allowed/);
  const tls = await runs.promoteSelfSigned!;
  assert.equal(tls.code, 1);
  assert.match(tls.stderr, /certificate of the cluster at https:\/\/127\.0\.0\.1:\d+ is not trusted .*certificate-authority.*insecure-skip-tls-verify/);
});

test('hostile kubeconfigs name the file, the flag and the cause; bad flag values are refused as usage errors', async () => {
  const expectations: Array<[string, number, RegExp]> = [
    ['emptyKubeconfig', 1, /empty\.kubeconfig: the file is empty \(--kubeconfig\)/],
    ['folderKubeconfig', 1, /folder\.kubeconfig: it is a folder, not a kubeconfig file \(--kubeconfig\)/],
    ['badUrl', 1, /'https:\/\/exa mple:6443' is not a valid URL/],
    ['absentPlugin', 1, /exec plugin '\/opt\/nowhere\/aws', which does not exist/],
    ['missingTokenFile', 1, /reads its token from '\/nonexistent\/token' \(tokenFile\), which cannot be read/],
    ['negativeIn', 2, /--in must not be negative/],
    ['hugeRevision', 2, /--to-revision 99999999999999999999999 is larger than any revision/],
  ];
  for (const [name, code, message] of expectations) {
    const r = await runs[name]!;
    assert.equal(r.code, code, `${name}: ${r.stderr}`);
    assert.match(r.stderr, message, name);
    assert.doesNotMatch(r.stderr, /Cannot read properties|EISDIR|Invalid URL$|rolloutPilot\./m, name);
  }
});
