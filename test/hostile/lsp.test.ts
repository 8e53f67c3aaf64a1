// Hostile input to the language server over stdio, as an editor sends it: a document nested too deep does not cost
// the file's other documents, templates say they were skipped, a huge file is checked in slices (other requests,
// other files and shutdown are answered while it is checked; a superseded check is never published) and the LSP
// lifecycle is followed. Order is asserted, never time: "the status answer came before the big file's diagnostics".
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { createMessageConnection, StreamMessageReader, StreamMessageWriter, ResponseError } from 'vscode-jsonrpc/node';
import { LspClient, SERVER } from '../lsp/client';
import { SERVER_STATUS_METHOD } from '../../server/src/lsp/protocol';

const GOOD_ERROR = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: Loadbalancer\n  ports: [{port: 80}]\n';

const clients: LspClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
});

async function start(opts: Parameters<typeof LspClient.start>[0] = {}): Promise<LspClient> {
  const c = await LspClient.start(opts);
  clients.push(c);
  return c;
}

test('a document nested 10,000 deep gets one located finding; the real error in the next document is still published', async () => {
  const c = await start();
  for (const [i, deep] of ['- '.repeat(10000) + 'x', '['.repeat(10000), '{a: '.repeat(5000)].entries()) {
    const uri = `file:///hostile/deep${i}.yaml`;
    await c.open(uri, `apiVersion: v1\nkind: Service\nspec:\n  ports: ${deep}\n---\n${GOOD_ERROR}`);
    const d = await c.diagnostics(uri, (p) => p.diagnostics.length > 0);
    const codes = d.diagnostics.map((x) => x.code);
    assert.deepEqual(codes.sort(), ['invalid-enum', 'yaml-syntax'], JSON.stringify(d.diagnostics).slice(0, 400));
    const enumAt = d.diagnostics.find((x) => x.code === 'invalid-enum')!.range.start.line;
    assert.equal(enumAt, 10, 'located in the second document');
  }
  assert.ok(c.alive, 'the server survived');
});

test('a template document gets an information diagnostic instead of silence; Argo placeholders are checked as data', async () => {
  const c = await start();
  const uri = 'file:///hostile/chart.yaml';
  const helm = 'apiVersion: v1\nkind: Service\nspec:\n  type: {{ .Values.type }}\n';
  const argo = 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nspec:\n  metrics:\n  - provider:\n      prometheus:\n        query: x{s="{{args.service-name}}"}\n';
  await c.open(uri, [helm, argo, GOOD_ERROR].join('---\n'));
  const d = await c.diagnostics(uri, (p) => p.diagnostics.length > 0);
  assert.deepEqual(
    d.diagnostics.map((x) => [x.code, x.severity]).sort(),
    [
      ['invalid-enum', 1],
      ['template-skipped', 3],
    ],
  );
});

/** A file of `n` Services, each with one invalid-enum error: about 120 bytes a document. */
function bigFile(n: number, tag: string): string {
  const docs: string[] = [];
  for (let i = 0; i < n; i++) docs.push(`apiVersion: v1\nkind: Service\nmetadata:\n  name: ${tag}-${i}\nspec:\n  type: Loadbalancer\n  ports: [{port: ${i % 65535 || 1}}]\n`);
  return docs.join('---\n');
}

test('a huge file is checked in slices: a status request, another file and a newer version overtake it', async () => {
  const c = await start({ initializationOptions: { maxFileSizeKb: 20480 } });
  const big = 'file:///hostile/big.yaml';
  const small = 'file:///hostile/small.yaml';
  const order: string[] = [];
  const text = bigFile(40000, 'v1'); // about 4.5 MB: seconds of checking
  await c.open(big, text, 1);
  const status = c.request<{ documents: number }>(SERVER_STATUS_METHOD).then((s) => {
    order.push('status');
    return s;
  });
  await c.open(small, GOOD_ERROR, 1);
  const smallDone = c.diagnostics(small, (p) => p.diagnostics.length === 1, 60000).then(() => order.push('small'));
  // a newer version of the big file supersedes the check in progress
  await c.change(big, 2, [{ text: bigFile(3, 'v2') }]);
  const bigDone = c.diagnostics(big, (p) => p.version === 2, 60000).then((p) => {
    order.push('big');
    return p;
  });
  const [s, , p] = await Promise.all([status, smallDone, bigDone]);
  assert.equal(s.documents, 1, 'answered before the small file was even opened');
  assert.equal(p.diagnostics.length, 3, 'the newer version is what gets published');
  assert.ok(order.indexOf('status') < order.indexOf('big') && order.indexOf('small') < order.indexOf('big'), order.join(' → '));
  assert.equal(
    c.published.filter((x) => x.uri === big && x.version === 1).length,
    0,
    'the superseded check of version 1 was dropped, not published',
  );
});

test('shutdown is answered while a huge file is being checked, and that check is never published', async () => {
  const c = await start({ initializationOptions: { maxFileSizeKb: 20480 } });
  const big = 'file:///hostile/big-shutdown.yaml';
  await c.open(big, bigFile(40000, 's'), 1);
  await c.request(SERVER_STATUS_METHOD); // the check has started
  await c.request('shutdown');
  const after = await c.request<unknown>(SERVER_STATUS_METHOD).then(
    () => 'answered',
    (e: unknown) => (e instanceof ResponseError ? e.code : String(e)),
  );
  assert.equal(after, -32600, 'requests after shutdown are InvalidRequest');
  assert.equal(c.published.filter((x) => x.uri === big).length, 0);
  await c.notify('exit', undefined);
});

test('lifecycle: a request before initialize gets ServerNotInitialized (-32002)', async () => {
  const proc = spawn(process.execPath, [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'] });
  const conn = createMessageConnection(new StreamMessageReader(proc.stdout), new StreamMessageWriter(proc.stdin));
  conn.listen();
  try {
    for (const method of [SERVER_STATUS_METHOD, 'textDocument/codeAction', 'rolloutPilot/noSuchThing']) {
      const code = await conn.sendRequest(method, {}).then(
        () => 'answered',
        (e: unknown) => (e instanceof ResponseError ? e.code : String(e)),
      );
      assert.equal(code, -32002, method);
    }
  } finally {
    conn.dispose();
    proc.kill();
  }
});

test('a Kubernetes version past the newest known is accepted with a warning saying what is checked instead', async () => {
  const c = await start({ initializationOptions: { kubernetesVersion: '1.99' } });
  const uri = 'file:///hostile/future.yaml';
  await c.open(uri, 'apiVersion: v1\nkind: Service\nspec:\n  topologyKeys: ["*"]\n  ports: [{port: 80}]\n');
  const d = await c.diagnostics(uri, (p) => p.diagnostics.length > 0);
  assert.ok(d.diagnostics.some((x) => x.code === 'removed-field' && /target: 1\.99/.test(x.message)));
  assert.ok(
    c.messages.some((m) => /Kubernetes 1\.99 is newer than the newest version Rollout Pilot knows \(1\.\d+\)/.test(m.message)),
    JSON.stringify(c.messages),
  );
});
