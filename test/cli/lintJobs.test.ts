// `rollout-pilot lint --jobs N`: from 200 files on, worker threads find the facts and the findings (cli/lintPool.ts).
// On a generated tree of 300-odd files with findings inside files and across them (an HPA whose Rollout is in another
// folder, or nowhere; a Rollout's missing Service; Services selecting nothing), the run with workers prints exactly
// what the run without them prints, in every format; so does a run whose workers cannot start, die or fail their
// files (ROLLOUT_PILOT_LINT_WORKER, the tests' way to put another script in the worker's place). The expected findings
// are the ones the tree was written to have, counted from how it was written.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { BIN, writeTree, type JsonFinding } from './lintTree';
import { hpaText, rolloutText, serviceText } from '../support/manifestText';

const APPS = 96;
const WORKER = resolve('dist/lint-worker.js');

const rollout = (app: string, replicas: boolean) =>
  rolloutText(app, { replicas, image: `registry.example.com/${app}:1.0.0`, requests: 'cpu: 100m, memory: 128Mi', steps: ['setWeight: 20', 'pause: {duration: 5m}'] });
const hpa = (name: string, target: string) => hpaText(name, target, 70);
const service = (name: string, app: string) => serviceText(name, app, true);

// which apps carry which mistake: the counts below follow from these alone
const ghostTarget = (a: number) => a % 7 === 0; // the HPA names a Rollout nobody defines
const noStable = (a: number) => a % 5 === 0; // the stable Service is missing
const stray = (a: number) => a % 11 === 0; // one more Service, selecting pods nobody makes
const withReplicas = (a: number) => a % 3 === 0 && !ghostTarget(a); // replicas set while an HPA scales it

function files(): Record<string, string> {
  const out: Record<string, string> = {};
  for (let a = 0; a < APPS; a++) {
    const app = `app${a}`;
    out[`apps/${app}/rollout.yaml`] = rollout(app, a % 3 === 0);
    // the HPA lives in another folder than its Rollout: the link crosses files
    out[`autoscaling/${app}.yaml`] = hpa(app, ghostTarget(a) ? `ghost${a}` : app);
    const services = [service(`${app}-canary`, app), ...(noStable(a) ? [] : [service(`${app}-stable`, app)]), ...(stray(a) ? [service(`${app}-stray`, `nobody${a}`)] : [])];
    out[`apps/${app}/services.yaml`] = services.join('---\n');
  }
  // the same document in two files (a worker's cache may hold it from the other file)
  out['shared/one.yaml'] = service('shared', 'nobody-shared');
  out['shared/two.yaml'] = service('shared', 'nobody-shared');
  out['broken.yaml'] = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [oops\n';
  out['bom.yaml'] = `\uFEFF${service('bom', 'app1')}`;
  // larger than --max-file-size-kb 64: checked up to that point, and not indexed
  out['big.yaml'] = `${service('big', 'app1')}---\napiVersion: v1\nkind: ConfigMap\nmetadata: {name: big}\ndata:\n${Array.from({ length: 2000 }, (_, i) => `  key${i}: "${'x'.repeat(40)}"`).join('\n')}\n`;
  for (const f of ['rollout.yaml', 'hpa.yaml', 'service.yaml']) out[`seed/${f}`] = readFileSync(join('test/fixtures/seed', f), 'utf8');
  return out;
}

/**
 * A kustomize base and an overlay patching it (the patch is checked as a fragment), beside the tree: a kustomization
 * makes "selects nothing" unsure everywhere, so the tree's own runs go without it.
 */
const KUSTOMIZE: Record<string, string> = {
  'kustomize/base/kustomization.yaml': 'resources: [rollout.yaml]\n',
  'kustomize/base/rollout.yaml': rollout('kbase', false),
  'kustomize/overlay/kustomization.yaml': 'resources: [../base]\npatches: [{path: patch.yaml}]\n',
  'kustomize/overlay/patch.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: kbase}\nspec:\n  replicas: 5\n  strategy: {canary: {stepz: []}}\n',
};

interface Run {
  code: number | null;
  stdout: string;
  stderr: string;
}

let tmp: string;
let root: string;
let small: string;

function lint(args: string[], env: Record<string, string> = {}, input?: string, cwd = root): Run {
  const r = spawnSync(process.execPath, [BIN, 'lint', '--max-file-size-kb', '64', ...args], {
    cwd,
    encoding: 'utf8',
    timeout: 60000,
    env: { ...process.env, ...env },
    ...(input !== undefined ? { input } : {}),
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A worker script that runs `body` (with `parentPort`, `threadId`, `log(line)`), then the real worker. */
function wrapper(name: string, body: string): { script: string; log: string } {
  const script = join(tmp, `${name}.js`);
  const log = join(tmp, `${name}.log`);
  writeFileSync(
    script,
    `const { parentPort, threadId } = require('node:worker_threads');\n` +
      `const log = (line) => require('node:fs').appendFileSync(${JSON.stringify(log)}, line + '\\n');\n` +
      `${body}\nrequire(${JSON.stringify(WORKER)});\n`,
  );
  return { script, log };
}

function lines(log: string): string[] {
  return existsSync(log) ? readFileSync(log, 'utf8').trim().split('\n') : [];
}

/** Each reply a worker sends is logged as `threadId type count`, then sent. */
const SPY = `const post = parentPort.postMessage.bind(parentPort);
parentPort.postMessage = (m) => {
  log(threadId + ' ' + (m.type ?? 'error') + ' ' + (m.type === 'linted' ? m.findings.filter((f) => f !== null).length : m.type === 'read' ? m.facts.length : 0));
  post(m);
};`;

let baseline: Record<'text' | 'json' | 'sarif', Run>;

before(() => {
  assert.ok(existsSync(WORKER), 'npm run build first (dist/lint-worker.js)');
  tmp = mkdtempSync(join(tmpdir(), 'rp-lint-jobs-'));
  root = writeTree(tmp, { ...Object.fromEntries(Object.entries(files()).map(([p, text]) => [`gitops/${p}`, text])), ...KUSTOMIZE });
  small = writeTree(tmp, Object.fromEntries(Object.entries(files()).slice(0, 60)));
  baseline = { text: lint(['gitops', '--jobs', '0']), json: lint(['--format', 'json', 'gitops', '--jobs', '0']), sarif: lint(['--format', 'sarif', 'gitops', '--jobs', '0']) };
});
after(() => rmSync(tmp, { recursive: true, force: true }));

test('the tree has the findings it was written to have (without workers)', () => {
  const findings = JSON.parse(baseline.json.stdout) as JsonFinding[];
  const filesWith = (code: string) => [...new Set(findings.filter((f) => f.code === code).map((f) => f.file.replace(/^gitops\//, '')))].sort();
  const apps = Array.from({ length: APPS }, (_, a) => a);
  const expect = (which: (a: number) => boolean, path: (a: number) => string) => apps.filter(which).map(path).sort();
  assert.ok(Object.keys(files()).length >= 250);
  assert.deepEqual(filesWith('hpa-target-not-found'), expect(ghostTarget, (a) => `autoscaling/app${a}.yaml`));
  assert.deepEqual(filesWith('rollout-service-not-found'), expect(noStable, (a) => `apps/app${a}/rollout.yaml`));
  assert.deepEqual(filesWith('service-selects-nothing'), [...expect(stray, (a) => `apps/app${a}/services.yaml`), 'shared/one.yaml', 'shared/two.yaml'].sort());
  assert.deepEqual(filesWith('replicas-under-hpa'), expect(withReplicas, (a) => `apps/app${a}/rollout.yaml`));
  assert.deepEqual(filesWith('yaml-syntax'), ['broken.yaml']);
  assert.deepEqual(filesWith('file-too-large'), ['big.yaml']);
  assert.equal(baseline.json.code, 1, 'errors found');
  assert.match(baseline.text.stderr, /in \d{3} files\n$/);
});

for (const format of ['text', 'json', 'sarif'] as const) {
  test(`--format ${format}: --jobs 2 prints what --jobs 0 prints, and the workers linted every file`, () => {
    const spy = wrapper(`spy-${format}`, SPY);
    const r = lint([...(format === 'text' ? [] : ['--format', format]), 'gitops', '--jobs', '2'], { ROLLOUT_PILOT_LINT_WORKER: spy.script });
    assert.deepEqual(r, baseline[format]);
    const replies = lines(spy.log).map((l) => l.split(' '));
    assert.equal(new Set(replies.map(([thread]) => thread)).size, 2, 'two workers answered');
    const count = (type: string) => replies.filter(([, t]) => t === type).reduce((n, [, , c]) => n + Number(c), 0);
    const total = Object.keys(files()).length;
    assert.equal(count('read'), total, 'every file read by a worker');
    assert.equal(count('linted'), total, 'every file linted by a worker');
  });
}

test('stdin standing for a file of the tree: the same with workers', () => {
  const text = readFileSync(join(root, 'gitops/autoscaling/app1.yaml'), 'utf8').replace('name: app1}', 'name: ghost-from-stdin}');
  const args = ['--format', 'json', '-', 'gitops', '--stdin-filename', 'gitops/autoscaling/app1.yaml'];
  const without = lint([...args, '--jobs', '0'], {}, text);
  assert.ok((JSON.parse(without.stdout) as JsonFinding[]).some((f) => f.file === 'gitops/autoscaling/app1.yaml' && f.code === 'hpa-target-not-found'));
  assert.deepEqual(lint([...args, '--jobs', '2'], {}, text), without);
});

test('with a kustomize overlay beside the tree: its patch is a fragment, the same with workers', () => {
  const without = lint(['--format', 'json', 'gitops', 'kustomize', '--jobs', '0']);
  const patch = (JSON.parse(without.stdout) as JsonFinding[]).filter((f) => f.file === 'kustomize/overlay/patch.yaml').map((f) => f.code);
  assert.deepEqual(patch, ['unknown-field'], 'only what the patch writes is judged (stepz), no missing field');
  assert.deepEqual(lint(['--format', 'json', 'gitops', 'kustomize', '--jobs', '2']), without);
});

test('workers that cannot start, die or fail cost only time: the same output', () => {
  const cases: Array<[string, string]> = [
    ['no such script', join(tmp, 'missing.js')],
    ['a script that throws as it loads', wrapper('throws', "throw new Error('boom');").script],
    ['workers that exit when asked to lint (the main thread lints, from the facts they found)', wrapper('exit-lint', "parentPort.on('message', (m) => { if (m.type === 'lint') process.exit(3); });").script],
    ['workers that exit on their second read', wrapper('exit-read', "let reads = 0;\nparentPort.on('message', (m) => { if (m.type === 'read' && ++reads === 2) process.exit(3); });").script],
    ['one worker that exits on its second lint (the other takes its batches)', wrapper('exit-one', "let lints = 0;\nparentPort.on('message', (m) => { if (threadId === 1 && m.type === 'lint' && ++lints === 2) process.exit(3); });").script],
    ['workers that fail every file they lint (each is linted again here)', wrapper('fail-files', "const post = parentPort.postMessage.bind(parentPort);\nparentPort.postMessage = (m) => post(m.type === 'linted' ? { ...m, findings: m.findings.map(() => null) } : m);").script],
    ['workers that answer garbage', wrapper('garbage', "const post = parentPort.postMessage.bind(parentPort);\nparentPort.postMessage = (m) => post(m.type === 'read' ? { ...m, facts: [] } : m);").script],
  ];
  for (const [what, script] of cases) {
    for (const format of ['text', 'json'] as const) {
      const r = lint([...(format === 'text' ? [] : ['--format', format]), 'gitops', '--jobs', '2'], { ROLLOUT_PILOT_LINT_WORKER: script });
      assert.deepEqual(r, baseline[format], `${what}, --format ${format}`);
    }
  }
});

test('fewer than 200 files: no worker starts, whatever --jobs says', () => {
  const spy = wrapper('small', "log('started ' + threadId);");
  const r = lint(['.', '--jobs', '4'], { ROLLOUT_PILOT_LINT_WORKER: spy.script }, undefined, small);
  assert.deepEqual(lines(spy.log), []);
  assert.deepEqual(r, lint(['.', '--jobs', '0'], {}, undefined, small));
});

test('--jobs overrides ROLLOUT_PILOT_INDEX_WORKERS, which sets the default', () => {
  const none = wrapper('env-none', "log('started ' + threadId);");
  lint(['gitops'], { ROLLOUT_PILOT_LINT_WORKER: none.script, ROLLOUT_PILOT_INDEX_WORKERS: '0' });
  assert.deepEqual(lines(none.log), []);
  const three = wrapper('env-three', "log('started ' + threadId);");
  lint(['gitops'], { ROLLOUT_PILOT_LINT_WORKER: three.script, ROLLOUT_PILOT_INDEX_WORKERS: '3' });
  assert.equal(lines(three.log).length, 3);
  const flag = wrapper('flag', "log('started ' + threadId);");
  lint(['gitops', '--jobs', '1'], { ROLLOUT_PILOT_LINT_WORKER: flag.script, ROLLOUT_PILOT_INDEX_WORKERS: '0' });
  assert.equal(lines(flag.log).length, 1);
});

test('--jobs takes a whole number from 0 to 8; anything else is a usage error (exit 2), nothing checked', () => {
  for (const bad of ['x', '9', '1.5', '', '=-1', '0x2']) {
    const r = spawnSync(process.execPath, [BIN, 'lint', 'x.yaml', bad.startsWith('=') ? `--jobs${bad}` : '--jobs', ...(bad.startsWith('=') ? [] : [bad])], {
      cwd: root,
      encoding: 'utf8',
      timeout: 30000,
    });
    assert.equal(r.status, 2, `--jobs ${bad}: ${r.stderr}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /^rollout-pilot lint: --jobs must be a whole number from 0 to 8 \(got '.*'\)\n\nusage: rollout-pilot lint/, `--jobs ${bad}`);
  }
  const help = spawnSync(process.execPath, [BIN, 'lint', '--help'], { encoding: 'utf8' });
  assert.match(help.stdout, /--jobs N/);
});
