// The command line's pure parts, no cluster: flags read as the plugin's cobra/pflag reads them, the command table
// dispatch (words, aliases, the older `retry NAME`), the terminate / retry experiment plans, and the `list` tables against the plugin's expected text
// (argo-rollouts v1.9.1 cmd/list/list_test.go; the cluster test cli-plugin.test.ts repeats them on a real server).
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, type AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test } from 'node:test';
import { parse } from 'yaml';
import { parseArgs, UsageError, CONNECTION_FLAGS, type Flag } from '../../cli/commands/args';
import { formatExperimentTable, formatRolloutTable, formatRolloutUpdates, rolloutRow } from '../../cli/commands/listTable';
import { findCommand } from '../../cli/cluster';
import { commandOnPath, expected, FIXTURES, runCliAsync } from './cliFixtures';
import { planRetryExperiment, planTerminate } from '../../extension/src/cluster/actions/planAnalysis';
import type { Experiment, Rollout } from '../../extension/src/cluster/k8sTypes';

const FLAGS: Flag[] = [
  { names: ['-w', '--watch'], key: 'watch', help: '' },
  { names: ['-t', '--timeout'], key: 'timeout', value: true, help: '' },
  ...CONNECTION_FLAGS,
];

test('flags: --f v, --f=v, -f v, -f=v, -fv; booleans with =true/=false; -- ends the flags', () => {
  assert.deepEqual(parseArgs(['x', '--timeout', '60s', '-nshop', '--watch=false'], FLAGS, 'status'), {
    positional: ['x'],
    flags: { timeout: '60s', namespace: 'shop', watch: false },
  });
  assert.deepEqual(parseArgs(['-t=1s', '-w', '--context=c', '-n', 'a', '--', '-dash-name'], FLAGS, 'status'), {
    positional: ['-dash-name'],
    flags: { timeout: '1s', watch: true, context: 'c', namespace: 'a' },
  });
  assert.throws(() => parseArgs(['--watch=maybe'], FLAGS, 'status'), /--watch takes true or false, not 'maybe'/);
  assert.throws(() => parseArgs(['--timeout'], FLAGS, 'status'), /--timeout needs a value/);
  assert.throws(() => parseArgs(['--no-such'], FLAGS, 'status'), (e: unknown) => e instanceof UsageError && e.message === "unknown option '--no-such'");
  assert.throws(() => parseArgs(['--full'], FLAGS, 'status', [{ names: ['--full'], key: 'full', help: '' }]), /--full does not apply to status/);
});

test('dispatch: subcommand words and aliases wherever the flags are, and the older `retry NAME`', () => {
  const words = (command: string, args: string[]) => {
    const { spec, rest } = findCommand(command, args);
    return [spec?.words.join(' '), rest];
  };
  assert.deepEqual(words('get', ['ro', 'demo', '--no-color']), ['get rollout', ['demo', '--no-color']]);
  assert.deepEqual(words('get', ['-n', 'shop', 'exp', 'e1']), ['get experiment', ['-n', 'shop', 'e1']]);
  assert.deepEqual(words('list', ['rollout', '-A']), ['list rollouts', ['-A']]);
  assert.deepEqual(words('terminate', ['ar', 'run-1', 'run-2']), ['terminate analysisrun', ['run-1', 'run-2']]);
  assert.deepEqual(words('retry', ['rollouts', 'demo']), ['retry rollout', ['demo']]);
  assert.deepEqual(words('retry', ['demo']), ['retry', ['demo']]);
  assert.deepEqual(words('status', ['demo', '-t', '60s']), ['status', ['demo', '-t', '60s']]);
  assert.equal(findCommand('get', ['pods']).spec, undefined);
});

const fixture = <T>(file: string): T => parse(readFileSync(join(FIXTURES, 'list', file), 'utf8')) as T;

test("list tables: the plugin's TestListCanaryRollout, TestListBlueGreenResource, TestListWithWatch, TestListExperiments", () => {
  const can = fixture<Rollout>('can-guestbook.yaml');
  const bg = fixture<Rollout>('bg-guestbook.yaml');
  assert.equal(formatRolloutTable([rolloutRow(can)]), expected('list/TestListCanaryRollout.txt'));
  assert.equal(formatRolloutTable([rolloutRow(bg)]), expected('list/TestListBlueGreenResource.txt'));
  const can2 = structuredClone(can);
  can2.status!.availableReplicas = 3;
  assert.equal(formatRolloutTable([rolloutRow(bg), rolloutRow(can)]) + formatRolloutUpdates([rolloutRow(can2)]), expected('list/TestListWithWatch.txt'));

  const now = new Date('2026-03-10T12:00:00Z');
  const e1 = fixture<Experiment>('my-experiment.yaml');
  e1.metadata = { ...e1.metadata, namespace: 'test', creationTimestamp: '2026-03-03T12:00:00Z' };
  e1.status = { ...e1.status, availableAt: '2026-03-10T11:00:00Z' } as Experiment['status'];
  const e2 = structuredClone(e1);
  e2.metadata = { ...e2.metadata, name: 'my-experiment2', namespace: 'my-other-namespace' };
  delete e2.spec!.duration;
  // upstream's clock has moved on a little between building the objects and printing: 2h minus a moment
  assert.equal(formatExperimentTable([e2, e1], new Date(now.getTime() + 1000), true), expected('list/TestListExperiments.txt'));
});

const zsh = spawnSync('zsh', ['--version']).status === 0;

test('completion zsh: loads in zsh and offers the same candidates (zsh filters them by the typed prefix itself)', { skip: !zsh && 'zsh is not installed (apt-get install zsh)' }, () => {
  const dir = commandOnPath();
  const script = [
    'autoload -U compinit && compinit -u',
    'source <(rollout-pilot completion zsh)',
    'print -r -- "${_comps[rollout-pilot]}"',
    'setopt ksharrays',
    'COMP_WORDS=(rollout-pilot get ""); COMP_CWORD=2; _rollout_pilot; print -r -- "${COMPREPLY[@]}"',
    'COMP_WORDS=(rollout-pilot list rollouts -); COMP_CWORD=3; _rollout_pilot; print -r -- "${COMPREPLY[@]}"',
  ].join('\n');
  const r = spawnSync('zsh', ['-f', '-c', script], { encoding: 'utf8', env: { ...process.env, PATH: `${dir}:${process.env.PATH}` } });
  assert.equal(r.status, 0, r.stderr);
  assert.equal(r.stderr, '');
  assert.deepEqual(r.stdout.split('\n').slice(0, 3), [
    '_bash_complete -o default -F _rollout_pilot',
    'rollout ro rollouts experiment exp experiments',
    '--name -A --all-namespaces -w --watch --timestamps -n --namespace --context --kubeconfig --request-timeout -h --help',
  ]);
});

test('terminate / retry experiment plans: the plugin\'s bodies, refused when they would change nothing', () => {
  const run = (phase: string, terminate?: boolean) => ({ metadata: { name: 'r' }, spec: terminate ? { terminate } : {}, status: { phase } });
  const ok = planTerminate('AnalysisRun', run('Running'));
  assert.deepEqual(ok, {
    ok: true,
    requests: [{ method: 'PATCH', contentType: 'application/merge-patch+json', body: '{"spec":{"terminate":true}}', target: { apiVersion: 'argoproj.io/v1alpha1', kind: 'AnalysisRun', name: 'r' } }],
    message: "analysisRun 'r' terminated",
  });
  const exp = planTerminate('Experiment', run('Pending'));
  assert.ok(exp.ok);
  assert.deepEqual(exp.requests.map((r) => [r.body, r.target?.kind]), [['{"spec":{"terminate":true}}', 'Experiment']]);
  assert.equal(exp.message, "experiment 'r' terminated");
  assert.deepEqual(planTerminate('AnalysisRun', run('Running', true)), { ok: false, reason: "analysisRun 'r' is already being terminated" });
  for (const phase of ['Successful', 'Failed', 'Error', 'Inconclusive']) {
    assert.deepEqual(planTerminate('Experiment', run(phase)), { ok: false, reason: `experiment 'r' already finished (${phase}); nothing to terminate` });
    const retry = planRetryExperiment(run(phase));
    assert.ok(retry.ok && retry.requests[0]!.body === '{"status":null}' && retry.message === "experiment 'r' retried");
  }
  assert.deepEqual(planRetryExperiment(run('Running')), { ok: false, reason: "experiment 'r' is Running, not finished; nothing to retry" });
  assert.deepEqual(planRetryExperiment({ metadata: { name: 'r' } }), { ok: false, reason: "experiment 'r' is not started, not finished; nothing to retry" });
});

test('--request-timeout: against a server that accepts and never answers, every command ends at that limit, exit 1, saying so', async () => {
  const silent = createServer(() => {});
  await new Promise<void>((r) => silent.listen(0, '127.0.0.1', r));
  try {
    const dir = mkdtempSync(join(tmpdir(), 'rp-silent-'));
    const kubeconfig = join(dir, 'kubeconfig');
    const port = (silent.address() as AddressInfo).port;
    writeFileSync(
      kubeconfig,
      `apiVersion: v1\nkind: Config\nclusters: [{name: s, cluster: {server: "http://127.0.0.1:${port}"}}]\nusers: [{name: u, user: {token: t}}]\n` +
        'contexts: [{name: s, context: {cluster: s, user: u, namespace: shop}}]\ncurrent-context: s\n',
    );
    for (const args of [['get', 'rollout', 'demo'], ['status', 'demo'], ['list', 'rollouts'], ['promote', 'demo'], ['terminate', 'ar', 'run-1']]) {
      const r = await runCliAsync([...args, '--kubeconfig', kubeconfig, '--request-timeout', '1s']);
      assert.equal(r.code, 1, `${args.join(' ')}: ${r.stderr}`);
      assert.equal(r.stdout, '');
      assert.match(r.stderr, /^rollout-pilot: .*time limit ran out: no answer after [\d.]+ s/, args.join(' '));
    }
  } finally {
    silent.close();
  }
});
