// The plugin's own expected outputs, reproduced: the objects its `get`, `status` and `list` tests load
// (argo-rollouts v1.9.1, test/fixtures/argo-rollouts-cli/) are created in the real API server, `rollout-pilot` runs
// as a process, and its output is compared line by line with the text the plugin's tests expect (only the
// server-set namespace and ages may differ). Then the new writes (`terminate analysisrun|experiment`,
// `retry experiment`) go through the recording proxy and are compared with the plugin's requests.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, test } from 'node:test';
import { parse } from 'yaml';
import { BIN, compareGetOutput, expected, FIXTURES, loadTestdata, runCli, runCliAsync } from './cliFixtures';
import { eventually, testCluster, type TestCluster } from './support/cluster';
import { RecordingProxy } from './support/recordingProxy';

let c: TestCluster;
const k = (ns: string) => ['--kubeconfig', c.kubeconfigPath, '-n', ns];
/** one namespace per testdata folder (and variant), loaded once */
const loaded = new Map<string, Promise<string>>();

before(async () => {
  if (!existsSync('dist/cli.js')) throw new Error('dist/cli.js is missing: run `node scripts/build.mjs` (npm test builds it)');
  c = await testCluster();
});

after(async () => {
  await c?.close();
});

function namespaceWith(key: string, dir: string, opts: Parameters<typeof loadTestdata>[3] = {}): Promise<string> {
  let p = loaded.get(key);
  if (!p) {
    p = (async () => {
      const ns = await c.newNamespace('plugin');
      await loadTestdata(c, ns, dir, opts);
      return ns;
    })();
    loaded.set(key, p);
  }
  return p;
}

const inHours = (h: number) => new Date(Math.floor(Date.now() / 1000) * 1000 + h * 3_600_000).toISOString().replace('.000Z', 'Z');

/** `rolloutObjs.ReplicaSets[2]` of the blue-green folder (the preview RS) with a scale-down deadline, as get_test.go. */
const scaleDownDeadline = (hours: number) => (file: string, obj: { metadata: Record<string, any> }) => {
  if (file !== 'preview-rs.yaml') return;
  obj.metadata.annotations = { ...obj.metadata.annotations, 'scale-down-deadline': inHours(hours) };
  delete obj.metadata.labels['rollouts-pod-template-hash'];
};

const GET_CASES: Array<{ test: string; dir: string; args: (ns: string) => string[]; key?: string; opts?: Parameters<typeof loadTestdata>[3] }> = [
  { test: 'TestGetBlueGreenRollout', dir: 'blue-green', args: () => ['get', 'rollout', 'bluegreen-demo'] },
  { test: 'TestGetBlueGreenRolloutScaleDownDelay', dir: 'blue-green', key: 'bg+4h', opts: { edit: scaleDownDeadline(4) }, args: () => ['get', 'rollout', 'bluegreen-demo'] },
  { test: 'TestGetBlueGreenRolloutScaleDownDelayPassed', dir: 'blue-green', key: 'bg-1h', opts: { edit: scaleDownDeadline(-1) }, args: () => ['get', 'rollout', 'bluegreen-demo'] },
  { test: 'TestGetCanaryRollout', dir: 'canary', opts: { rollout: 'canary-rollout.yaml' }, args: () => ['get', 'rollout', 'canary-demo'] },
  { test: 'TestGetCanaryPingPongRollout', dir: 'canary', key: 'pingpong', opts: { rollout: 'canary-rollout4.yaml' }, args: () => ['get', 'ro', 'canary-demo-pingpong'] },
  { test: 'TestExperimentRollout', dir: 'experiment-analysis', args: () => ['get', 'rollouts', 'rollout-experiment-analysis'] },
  { test: 'TestGetExperiment', dir: 'experiment-analysis', args: () => ['get', 'experiment', 'rollout-experiment-analysis-6f646bf7b7-1-vcv27'] },
  { test: 'TestGetRolloutWithExperimentJob', dir: 'experiment-step', args: () => ['get', 'rollout', 'canary-demo'] },
  { test: 'TestGetInvalidRollout', dir: 'rollout-invalid', args: () => ['get', 'rollout', 'rollout-invalid'] },
  { test: 'TestGetAbortedRollout', dir: 'rollout-aborted', args: () => ['get', 'rollout', 'rollout-background-analysis'] },
];

for (const tc of GET_CASES) {
  test(`get: the plugin's ${tc.test} output, from its objects in a real API server`, async () => {
    const ns = await namespaceWith(tc.key ?? tc.dir, tc.dir, tc.opts);
    const r = runCli([...tc.args(ns), '--no-color', ...k(ns)]);
    assert.equal(r.code, 0, r.stderr);
    assert.equal(r.stderr, '');
    const diffs = compareGetOutput(r.stdout, expected(`get/${tc.test}.txt`), ns);
    assert.deepEqual(diffs, [], `differences from the plugin's expected output:\n${diffs.join('\n')}\n\nprinted:\n${r.stdout}`);
  });
}

test('get: the aliases and spellings the plugin accepts (get exp, --watch with --timeout-seconds ends with 0)', async () => {
  const ns = await namespaceWith('experiment-analysis', 'experiment-analysis');
  const exp = runCli(['get', 'exp', 'rollout-experiment-analysis-6f646bf7b7-1-vcv27', ...k(ns)]);
  assert.equal(exp.code, 0, exp.stderr);
  assert.deepEqual(compareGetOutput(exp.stdout, expected('get/TestGetExperiment.txt'), ns), []);
  // TestWatchBlueGreenRollout: `--no-color --watch --timeout-seconds N` prints the tree and ends without error
  const bg = await namespaceWith('blue-green', 'blue-green');
  const w = runCli(['get', 'rollout', 'bluegreen-demo', '--no-color', '--watch', '--timeout-seconds', '2', ...k(bg)]);
  assert.equal(w.code, 0, w.stderr);
  assert.deepEqual(compareGetOutput(w.stdout, expected('get/TestGetBlueGreenRollout.txt'), bg), []);
});

test('get: a missing rollout or experiment is exit 1 with the reason, with and without --watch (TestRolloutNotFound)', async () => {
  const ns = await namespaceWith('blue-green', 'blue-green');
  for (const args of [
    ['get', 'rollout', 'does-not-exist'],
    ['get', 'rollout', 'does-not-exist', '-w'],
  ]) {
    const r = runCli([...args, ...k(ns)]);
    assert.equal(r.code, 1);
    assert.equal(r.stdout, '');
    assert.equal(r.stderr, `rollout-pilot: rollout 'does-not-exist' not found in namespace '${ns}'\n`);
  }
  const e = runCli(['get', 'experiment', 'nope', ...k(ns)]);
  assert.equal(e.code, 1);
  assert.equal(e.stderr, `rollout-pilot: experiment 'nope' not found in namespace '${ns}'\n`);
});

test("status: the plugin's status_test.go cases (--watch=false, Degraded, --timeout)", async () => {
  const bg = await namespaceWith('blue-green', 'blue-green');
  const once = runCli(['status', 'bluegreen-demo', '--watch=false', ...k(bg)]);
  assert.deepEqual([once.code, once.stdout, once.stderr], [0, 'Paused - BlueGreenPause\n', '']);

  const invalid = await namespaceWith('rollout-invalid', 'rollout-invalid');
  const inv = runCli(['status', 'rollout-invalid', '--watch=false', ...k(invalid)]);
  assert.equal(inv.code, 1);
  assert.equal(inv.stdout, 'Degraded\n');
  assert.equal(
    inv.stderr,
    'rollout-pilot: The rollout is in a degraded state with message: InvalidSpec: The Rollout "rollout-invalid" is invalid: spec.template.metadata.labels: Invalid value: map[string]string{"app":"doesnt-match"}: `selector` does not match template `labels`\n',
  );

  const aborted = await namespaceWith('rollout-aborted', 'rollout-aborted');
  const message = 'RolloutAborted: metric "web" assessed Failed due to failed (1) > failureLimit (0)';
  const ab = runCli(['status', 'rollout-background-analysis', '--watch=false', ...k(aborted)]);
  assert.deepEqual([ab.code, ab.stdout, ab.stderr], [1, 'Degraded\n', `rollout-pilot: The rollout is in a degraded state with message: ${message}\n`]);
  const abWatch = runCli(['status', 'rollout-background-analysis', ...k(aborted)]);
  assert.deepEqual([abWatch.code, abWatch.stdout, abWatch.stderr], [1, `Degraded - ${message}\n`, `rollout-pilot: The rollout is in a degraded state with message: ${message}\n`]);

  const timeout = runCli(['status', 'bluegreen-demo', '--timeout=1s', ...k(bg)]);
  assert.deepEqual([timeout.code, timeout.stdout, timeout.stderr], [1, 'Paused - BlueGreenPause\n', 'rollout-pilot: Rollout status watch exceeded timeout\n']);

  const missing = runCli(['status', 'does-not-exist', '--watch=false', ...k(bg)]);
  assert.deepEqual([missing.code, missing.stdout], [1, '']);
  assert.match(missing.stderr, /rollout 'does-not-exist' not found/);
});

async function createRollout(ns: string, file: string, status: Record<string, unknown> = {}): Promise<void> {
  const obj = parse(readFileSync(join(FIXTURES, 'list', file), 'utf8'));
  const path = `/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts`;
  const r = await c.admin('POST', path, { ...obj, status: undefined });
  assert.equal(r.status, 201, r.text);
  const s = await c.admin('PATCH', `${path}/${obj.metadata.name}/status`, { status: { ...obj.status, ...status } }, 'application/merge-patch+json');
  assert.equal(s.status, 200, s.text);
}

test("list rollouts: the plugin's list_test.go tables, byte for byte", async () => {
  const canNs = await c.newNamespace('list');
  await createRollout(canNs, 'can-guestbook.yaml');
  const can = runCli(['list', 'rollouts', ...k(canNs)]);
  assert.deepEqual([can.code, can.stderr], [0, '']);
  assert.equal(can.stdout, expected('list/TestListCanaryRollout.txt'));

  const bgNs = await c.newNamespace('list');
  await createRollout(bgNs, 'bg-guestbook.yaml');
  const bg = runCli(['list', 'ro', ...k(bgNs)]);
  assert.deepEqual([bg.code, bg.stderr], [0, '']);
  assert.equal(bg.stdout, expected('list/TestListBlueGreenResource.txt'));

  // --name picks one; a namespace without rollouts says so on stderr, exit 0 (TestListRolloutsNoResources)
  const both = await c.newNamespace('list');
  await createRollout(both, 'can-guestbook.yaml');
  await createRollout(both, 'bg-guestbook.yaml');
  assert.equal(runCli(['list', 'rollout', '--name', 'can-guestbook', ...k(both)]).stdout, expected('list/TestListCanaryRollout.txt'));
  const empty = runCli(['list', 'rollouts', ...k(await c.newNamespace('list'))]);
  assert.deepEqual([empty.code, empty.stdout, empty.stderr], [0, '', 'No resources found.\n']);

  // TestListNamespaceAndTimestamp: the columns, with NAMESPACE and TIMESTAMP first (other test files' rollouts
  // may share the cluster, so the row is compared cell by cell)
  const all = runCli(['list', 'rollouts', '--all-namespaces', '--timestamps', ...k(canNs)]);
  assert.equal(all.code, 0, all.stderr);
  const lines = all.stdout.split('\n');
  assert.match(lines[0]!, /^TIMESTAMP {13}NAMESPACE +NAME +STRATEGY +STATUS +STEP +SET-WEIGHT +READY +DESIRED +UP-TO-DATE +AVAILABLE$/);
  const row = lines.find((l) => l.split(/\s+/)[1] === canNs);
  assert.ok(row, all.stdout);
  const cells = row.trim().split(/\s+/);
  assert.match(cells[0]!, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  assert.deepEqual(cells.slice(1), [canNs, 'can-guestbook', 'Canary', 'Progressing', '1/3', '10', '1/4', '5', '3', '2']);
});

test('list rollouts --watch: a line when a row changes, the table the plugin expects (TestListWithWatch); exit 0 on SIGINT', async () => {
  const ns = await c.newNamespace('list');
  await createRollout(ns, 'bg-guestbook.yaml');
  await createRollout(ns, 'can-guestbook.yaml');
  const child = spawn(process.execPath, [BIN, 'list', 'rollouts', '--watch', ...k(ns)], { env: { ...process.env, KUBECONFIG: '' } });
  let out = '';
  let err = '';
  child.stdout.setEncoding('utf8').on('data', (d: string) => (out += d));
  child.stderr.setEncoding('utf8').on('data', (d: string) => (err += d));
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    await eventually('the table', async () => out.split('\n').length >= 4, 30000);
    // a change that leaves the row as it was prints nothing; one that changes AVAILABLE prints the row again
    const path = `/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts/can-guestbook`;
    await c.admin('PATCH', path, { metadata: { annotations: { touched: 'yes' } } }, 'application/merge-patch+json');
    await c.admin('PATCH', `${path}/status`, { status: { availableReplicas: 3 } }, 'application/merge-patch+json');
    await eventually('the changed row', async () => out.split('\n').length >= 5, 30000);
  } finally {
    child.kill('SIGINT');
  }
  assert.equal(await exited, 0, err);
  assert.equal(out, expected('list/TestListWithWatch.txt'));
});

test("list experiments: the plugin's columns, DURATION and REMAINING from spec.duration and status.availableAt", async () => {
  const ns = await c.newNamespace('list');
  const obj = parse(readFileSync(join(FIXTURES, 'list', 'my-experiment.yaml'), 'utf8'));
  const anHourAgo = new Date(Math.floor(Date.now() / 1000) * 1000 - 3_600_000).toISOString().replace('.000Z', 'Z');
  const path = `/apis/argoproj.io/v1alpha1/namespaces/${ns}/experiments`;
  const one = await c.admin('POST', path, { ...obj, status: { ...obj.status, availableAt: anHourAgo } });
  assert.equal(one.status, 201, one.text);
  const two = await c.admin('POST', path, { ...obj, metadata: { name: 'my-experiment2' }, spec: { ...obj.spec, duration: undefined } });
  assert.equal(two.status, 201, two.text);
  const r = runCli(['list', 'experiments', ...k(ns)]);
  assert.equal(r.code, 0, r.stderr);
  // TestListExperiments' rows (there with -A); AGE is the server's creation time, the last cell
  const lines = r.stdout.split('\n');
  assert.equal(lines[0], 'NAME            STATUS   DURATION  REMAINING  AGE');
  assert.match(lines[1]!, /^my-experiment   Running  3h        119m       \d+s +$/);
  assert.match(lines[2]!, /^my-experiment2  Running  -         -          \d+s +$/);
  assert.equal(lines.length, 4);
  const all = runCli(['list', 'exp', '-A', ...k(ns)]);
  assert.match(all.stdout, /^NAMESPACE +NAME +STATUS +DURATION +REMAINING +AGE\n/);
  assert.match(all.stdout, new RegExp(`\\n${ns} +my-experiment +Running +3h +119m +\\d+s +\\n`));
});

test('terminate analysisrun|experiment and retry experiment send the plugin\'s requests (recorded on the wire)', async () => {
  const ns = await c.newNamespace('plugin');
  await loadTestdata(c, ns, 'experiment-step');
  const proxy = await new RecordingProxy(c.server, c.state.certDir).start();
  try {
    const dir = mkdtempSync(join(tmpdir(), 'rp-cli-'));
    const kubeconfig = join(dir, 'kubeconfig');
    writeFileSync(
      kubeconfig,
      JSON.stringify({
        apiVersion: 'v1',
        kind: 'Config',
        clusters: [{ name: 'proxy', cluster: { server: proxy.url, 'insecure-skip-tls-verify': true } }],
        users: [{ name: 'admin', user: { token: c.state.tokens.admin } }],
        contexts: [{ name: 'proxy', context: { cluster: 'proxy', user: 'admin', namespace: ns } }],
        'current-context': 'proxy',
      }),
    );
    const cli = (...args: string[]) => runCliAsync([...args, '--kubeconfig', kubeconfig]);
    const base = `/apis/argoproj.io/v1alpha1/namespaces/${ns}`;
    const writes = (from: number) => proxy.writes(from).map((w) => ({ method: w.method, path: w.path, contentType: w.contentType, body: w.body }));
    // cmd/terminate/terminate.go: terminatePatch = `{"spec":{"terminate":true}}`, a merge patch to the object
    const terminate = { method: 'PATCH', contentType: 'application/merge-patch+json', body: '{"spec":{"terminate":true}}' };

    let mark = proxy.mark();
    const ar = await cli('terminate', 'analysisrun', 'canary-demo-645d5dbc4c-2-0-stress-test');
    assert.deepEqual([ar.code, ar.stdout, ar.stderr], [0, "analysisRun 'canary-demo-645d5dbc4c-2-0-stress-test' terminated\n", '']);
    assert.deepEqual(writes(mark), [{ ...terminate, path: `${base}/analysisruns/canary-demo-645d5dbc4c-2-0-stress-test` }]);
    assert.equal((await c.admin('GET', `${base}/analysisruns/canary-demo-645d5dbc4c-2-0-stress-test`)).json.spec.terminate, true);

    mark = proxy.mark();
    const again = await cli('terminate', 'ar', 'canary-demo-645d5dbc4c-2-0-stress-test');
    assert.equal(again.code, 1);
    assert.match(again.stderr, /already being terminated/);
    assert.deepEqual(writes(mark), [], 'a refusal sends nothing');

    mark = proxy.mark();
    const ex = await cli('terminate', 'exp', 'canary-demo-645d5dbc4c-2-0');
    assert.deepEqual([ex.code, ex.stdout, ex.stderr], [0, "experiment 'canary-demo-645d5dbc4c-2-0' terminated\n", '']);
    assert.deepEqual(writes(mark), [{ ...terminate, path: `${base}/experiments/canary-demo-645d5dbc4c-2-0` }]);

    // still Running (no controller here to finish it): retrying it would restart it mid-way, so it is refused
    mark = proxy.mark();
    const running = await cli('retry', 'experiment', 'canary-demo-645d5dbc4c-2-0');
    assert.equal(running.code, 1);
    assert.match(running.stderr, /is Running, not finished; nothing to retry/);
    assert.deepEqual(writes(mark), []);

    // cmd/retry/retry.go: retryExperimentPatch = `{"status":null}` to the object (no status subresource)
    const exPath = `${base}/experiments/canary-demo-645d5dbc4c-2-0`;
    assert.equal((await c.admin('PATCH', exPath, { status: { phase: 'Failed' } }, 'application/merge-patch+json')).status, 200);
    mark = proxy.mark();
    const retry = await cli('retry', 'exp', 'canary-demo-645d5dbc4c-2-0');
    assert.deepEqual([retry.code, retry.stdout, retry.stderr], [0, "experiment 'canary-demo-645d5dbc4c-2-0' retried\n", '']);
    assert.deepEqual(writes(mark), [{ method: 'PATCH', path: exPath, contentType: 'application/merge-patch+json', body: '{"status":null}' }]);
    assert.equal((await c.admin('GET', exPath)).json.status, undefined);

    const missing = await cli('terminate', 'analysisrun', 'nope');
    assert.deepEqual([missing.code, missing.stderr], [1, `rollout-pilot: analysisrun 'nope' not found in namespace '${ns}'\n`]);
  } finally {
    await proxy.stop();
  }
});
