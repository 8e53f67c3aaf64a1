// `rollout-pilot get rollout`, `status`, the action commands and shell completion, run as processes (the built bin/rollout-pilot.js, as a user
// runs it) against the real API server, with the controller stand-in moving the rollout.
import assert from 'node:assert/strict';
import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { RolloutController } from '../harness/controller';
import { commandOnPath, runCliAsync } from './cliFixtures';
import { canaryRollout, createRollout, eventually, getRollout, mergePatch, ROLLOUTS_PATH, testCluster, type TestCluster } from './support/cluster';

const BIN = 'bin/rollout-pilot.js';
let c: TestCluster;
let ns: string;
let controller: RolloutController;

before(async () => {
  if (!existsSync('dist/cli.js')) throw new Error('dist/cli.js is missing: run `node scripts/build.mjs` (npm test builds it)');
  c = await testCluster();
  ns = await c.newNamespace('cli');
  controller = new RolloutController(c.kc(), ns).start();
  await createRollout(c, ns, canaryRollout('demo', 'registry.local/demo:1'));
  await eventually('demo Healthy', async () => (await getRollout(c, ns, 'demo')).status?.phase === 'Healthy');
  await mergePatch(c, `${ROLLOUTS_PATH(ns)}/demo`, { spec: { template: { spec: { containers: [{ name: 'app', image: 'registry.local/demo:2' }] } } } });
  await eventually('demo paused at step 1', async () => {
    const r = await getRollout(c, ns, 'demo');
    return r.status?.currentStepIndex === 1 && r.status.phase === 'Paused' && r.status.availableReplicas === 6 && r.status.updatedReplicas === 1;
  });
});

after(async () => {
  controller?.dispose();
  await c?.close();
});

function run(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '', ...env }, timeout: 60000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const k = () => ['--kubeconfig', c.kubeconfigPath, '-n', ns];

test('get rollout NAME --json prints one object with the plugin\'s numbers', () => {
  const r = run(['get', 'rollout', 'demo', ...k(), '--json']);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stderr, '');
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.length, 1);
  const o = JSON.parse(lines[0]!);
  assert.equal(o.name, 'demo');
  assert.equal(o.namespace, ns);
  assert.equal(o.status, 'Paused');
  assert.equal(o.message, 'CanaryPauseStep');
  assert.equal(o.strategy, 'Canary');
  assert.equal(o.step, '1/8');
  assert.equal(o.setWeight, 20);
  assert.equal(o.actualWeight, 16);
  assert.deepEqual(o.images, [
    { image: 'registry.local/demo:1', tags: ['stable'] },
    { image: 'registry.local/demo:2', tags: ['canary'] },
  ]);
  assert.deepEqual(o.replicas, { desired: 6, current: 6, updated: 1, ready: 6, available: 6 });
  assert.deepEqual(
    o.revisions.map((x: { revision: number }) => x.revision),
    [2, 1],
  );
});

test('get rollout NAME prints the plugin\'s text, reading the kubeconfig from KUBECONFIG', () => {
  const r = run(['get', 'ro', 'demo', '-n', ns], { KUBECONFIG: c.kubeconfigPath });
  assert.equal(r.code, 0, r.stderr);
  assert.match(r.stdout, /^Name:            demo\nNamespace:       \S+\nStatus:          ॥ Paused\nMessage:         CanaryPauseStep\nStrategy:        Canary\n  Step:          1\/8\n  SetWeight:     20\n  ActualWeight:  16\n/);
  const missing = run(['get', 'rollout', 'nope', ...k()]);
  assert.equal(missing.code, 1);
  assert.equal(missing.stderr, `rollout-pilot: rollout 'nope' not found in namespace '${ns}'\n`);
});

test('promote NAME prints the plugin\'s line and the rollout moves on; a viewer gets exit 1 and the missing permission', async () => {
  const denied = run(['promote', 'demo', ...k(), '--context', 'viewer']);
  assert.equal(denied.code, 1);
  assert.equal(denied.stdout, '');
  assert.match(denied.stderr, new RegExp(`^rollout-pilot: you lack \`patch rollouts/status\` in namespace '${ns}'`));
  assert.equal((await getRollout(c, ns, 'demo')).status?.currentStepIndex, 1);

  const r = run(['promote', 'demo', ...k()]);
  assert.equal(r.code, 0, r.stderr);
  assert.equal(r.stdout, "rollout 'demo' promoted\n");
  await eventually('demo past step 1', async () => ((await getRollout(c, ns, 'demo')).status?.currentStepIndex ?? 0) >= 2);
});

test('usage errors exit 2, refusals exit 1 with the reason', () => {
  for (const args of [
    ['set', 'image', 'demo'],
    ['undo', 'demo', '--to-revision', 'two'],
    ['restart', 'demo', '--in', 'soon'],
    ['restart', 'demo', '--in=-5s'],
    ['undo', 'demo', '--to-revision', '99999999999999999999999'],
    ['status', 'demo', '--timeout', 'forever'],
    ['list', 'rollouts', 'demo'],
    ['terminate', 'pods', 'x'],
    ['promote'],
    ['abort', 'demo', '--full'],
    ['get', 'rollout'],
  ]) {
    const r = run([...args, ...k()]);
    assert.equal(r.code, 2, `${args.join(' ')}: ${r.stderr}`);
    assert.match(r.stderr, /^rollout-pilot \w+: /);
  }
  const refused = run(['retry', 'rollout', 'demo', ...k()]);
  assert.equal(refused.code, 1);
  assert.equal(refused.stderr, "rollout-pilot: rollout 'demo' is not aborted; nothing to retry\n");
});

test('get --watch --json prints a new line when the rollout changes and exits 0 on SIGINT', async () => {
  const child = spawn(process.execPath, [BIN, 'get', 'rollout', 'demo', ...k(), '--watch', '--json'], { env: { ...process.env, KUBECONFIG: '' } });
  const lines: Array<{ step: string; status: string; message: string }> = [];
  let buf = '';
  child.stdout.setEncoding('utf8');
  child.stdout.on('data', (d: string) => {
    buf += d;
    let i: number;
    while ((i = buf.indexOf('\n')) >= 0) {
      lines.push(JSON.parse(buf.slice(0, i)));
      buf = buf.slice(i + 1);
    }
  });
  const exited = new Promise<number | null>((r) => child.on('exit', (code) => r(code)));
  try {
    await eventually('a first line', async () => lines.length >= 1, 30000);
    assert.notEqual(lines[0]!.message, 'manually paused');
    await mergePatch(c, `${ROLLOUTS_PATH(ns)}/demo`, { spec: { paused: true } });
    await eventually('a line showing the manual pause', async () => lines.some((l) => l.status === 'Paused' && l.message === 'manually paused'), 30000);
    for (let i = 1; i < lines.length; i++) assert.notDeepEqual(lines[i], lines[i - 1], 'no line repeats the one before');
  } finally {
    child.kill('SIGINT');
  }
  assert.equal(await exited, 0);
});

// (run without blocking: the controller stand-in moving the rollout lives in this process)
test('status: waits for Healthy (exit 0), gives up at --timeout while paused (exit 1), reports an abort (exit 1)', async () => {
  await createRollout(c, ns, canaryRollout('gate', 'registry.local/gate:1'));
  const healthy = await runCliAsync(['status', 'gate', '--timeout', '60s', ...k()]);
  assert.equal(healthy.code, 0, healthy.stderr);
  assert.equal(healthy.stdout.trimEnd().split('\n').at(-1), 'Healthy');
  assert.deepEqual((await runCliAsync(['status', 'gate', '--watch=false', ...k()])).stdout, 'Healthy\n');

  assert.equal((await runCliAsync(['set', 'image', 'gate', 'app=registry.local/gate:2', ...k()])).code, 0);
  await eventually('gate paused at step 1', async () => {
    const r = await getRollout(c, ns, 'gate');
    return r.status?.currentStepIndex === 1 && r.status.phase === 'Paused';
  });
  const paused = await runCliAsync(['status', 'gate', '-t', '1s', ...k()]);
  assert.deepEqual([paused.code, paused.stdout, paused.stderr], [1, 'Paused - CanaryPauseStep\n', 'rollout-pilot: Rollout status watch exceeded timeout\n']);
  const once = await runCliAsync(['status', 'gate', '--watch=false', ...k()]);
  assert.deepEqual([once.code, once.stdout], [0, 'Paused - CanaryPauseStep\n']);

  assert.equal((await runCliAsync(['abort', 'gate', ...k()])).code, 0);
  const aborted = await runCliAsync(['status', 'gate', ...k()]);
  assert.equal(aborted.code, 1);
  const last = aborted.stdout.trimEnd().split('\n').at(-1)!;
  assert.match(last, /^Degraded - RolloutAborted: Rollout aborted update to revision 2/);
  assert.equal(aborted.stderr, `rollout-pilot: The rollout is in a degraded state with message: ${last.slice('Degraded - '.length)}\n`);
});

test('completion bash: commands, subcommands, flags, and rollout names from the cluster', () => {
  const dir = commandOnPath();
  const complete = (words: string[]) => {
    const script = `source <(rollout-pilot completion bash)\nCOMP_WORDS=(${words.map((w) => `'${w}'`).join(' ')})\nCOMP_CWORD=${words.length - 1}\n_rollout_pilot\nprintf '%s\\n' "\${COMPREPLY[@]}"`;
    const r = spawnSync('bash', ['-c', script], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}`, KUBECONFIG: '' } });
    assert.equal(r.status, 0, r.stderr);
    return r.stdout.split('\n').filter(Boolean);
  };
  assert.deepEqual(complete(['rollout-pilot', 'sta']), ['status']);
  assert.deepEqual(complete(['rollout-pilot', 'get', '']), ['rollout', 'ro', 'rollouts', 'experiment', 'exp', 'experiments']);
  assert.deepEqual(complete(['rollout-pilot', 'status', '--ti']), ['--timeout']);
  assert.deepEqual(complete(['rollout-pilot', 'get', 'ro', '--timeout-s']), ['--timeout-seconds']);
  assert.deepEqual(complete(['rollout-pilot', 'completion', '']), ['bash', 'zsh']);
  assert.deepEqual(complete(['rollout-pilot', 'promote', '--kubeconfig', c.kubeconfigPath, '-n', ns, 'ga']), ['gate']);
  assert.deepEqual(complete(['rollout-pilot', 'get', 'rollout', '-n', ns, '--kubeconfig', c.kubeconfigPath, '']).sort(), ['demo', 'gate']);
});
