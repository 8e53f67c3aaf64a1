// `rollout-pilot lint` as a user or CI runs it: the built bin as a child process, exit codes, output formats.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync, rmSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve('bin/rollout-pilot.js');
const ROLLOUT = readFileSync('test/fixtures/seed/rollout.yaml', 'utf8');
const BROKEN = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: [oops\n';
const LABEL_TYPO = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\n  labels: {app.kubernetes.io/nmae: web}\nspec:\n  ports: [{port: 80}]\n';

function lint(args: string[], opts: { input?: string; cwd?: string } = {}) {
  const r = spawnSync(process.execPath, [BIN, 'lint', ...args], {
    input: opts.input ?? '',
    cwd: opts.cwd,
    encoding: 'utf8',
    timeout: 30000,
  });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

const tmp = mkdtempSync(join(tmpdir(), 'rp-lint-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function tree(files: Record<string, string>): string {
  const root = mkdtempSync(join(tmp, 't-'));
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

interface JsonFinding {
  file: string;
  range: { start: { line: number; character: number }; end: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

test('text: file:line:col: severity code: message (1-based), summary on stderr, exit 0 for warnings only', () => {
  const r = lint(['test/fixtures/seed/rollout.yaml']);
  assert.equal(r.code, 0, r.stderr);
  const lines = r.stdout.trim().split('\n');
  const topo = lines.filter((l) => l.includes('unknown-topology-key'));
  assert.equal(topo.length, 1, r.stdout);
  assert.match(
    topo[0]!,
    /^test\/fixtures\/seed\/rollout\.yaml:40:30: warning unknown-topology-key: topologyKey 'kubernets\.io\/zone' .*Did you mean 'topology\.kubernetes\.io\/zone'\?$/,
  );
  assert.match(r.stderr, /^\d+ problems? \(0 errors, \d+ warnings?\) in 1 file\n$/);
});

test('exit 1 when a finding is an error; stdin with -', () => {
  const r = lint(['-'], { input: BROKEN });
  assert.equal(r.code, 1, r.stderr);
  assert.match(r.stdout, /^<stdin>:\d+:\d+: error yaml-syntax: /m);
  const named = lint(['-', '--stdin-filename', 'svc.yaml'], { input: LABEL_TYPO });
  assert.equal(named.code, 0);
  assert.match(named.stdout, /^svc\.yaml:5:12: warning misspelled-label: /m);
});

test('json: exactly one array of {file, range, severity, code, message}, 0-based', () => {
  const r = lint(['--format', 'json', 'test/fixtures/seed/rollout.yaml', '-'], { input: BROKEN });
  assert.equal(r.code, 1);
  assert.equal(r.stderr, '');
  const out = JSON.parse(r.stdout) as JsonFinding[];
  assert.ok(Array.isArray(out));
  for (const f of out) {
    assert.deepEqual(Object.keys(f).sort(), ['code', 'file', 'message', 'range', 'severity']);
    assert.deepEqual(Object.keys(f.range).sort(), ['end', 'start']);
    assert.deepEqual(Object.keys(f.range.start).sort(), ['character', 'line']);
    assert.ok(['error', 'warning', 'information', 'hint'].includes(f.severity));
  }
  const topo = out.find((f) => f.code === 'unknown-topology-key');
  assert.deepEqual(topo, {
    file: 'test/fixtures/seed/rollout.yaml',
    range: { start: { line: 39, character: 29 }, end: { line: 39, character: 46 } },
    severity: 'warning',
    code: 'unknown-topology-key',
    message: topo!.message,
  });
  assert.ok(out.some((f) => f.file === '<stdin>' && f.code === 'yaml-syntax' && f.severity === 'error'));
});

test('json with no findings is an empty array', () => {
  const r = lint(['--format=json', '-'], { input: 'just: yaml\n' });
  assert.equal(r.code, 0);
  assert.deepEqual(JSON.parse(r.stdout), []);
});

test('sarif 2.1.0: rules, results with 1-based regions and fixes', () => {
  const json = JSON.parse(lint(['--format', 'json', 'test/fixtures/seed/rollout.yaml']).stdout) as JsonFinding[];
  const r = lint(['--format', 'sarif', 'test/fixtures/seed/rollout.yaml']);
  assert.equal(r.code, 0);
  const log = JSON.parse(r.stdout);
  assert.equal(log.version, '2.1.0');
  assert.equal(log.runs.length, 1);
  const run = log.runs[0];
  assert.equal(run.tool.driver.name, 'rollout-pilot');
  const ruleIds = run.tool.driver.rules.map((x: { id: string }) => x.id);
  assert.equal(run.results.length, json.length);
  const res = run.results.find((x: { ruleId: string }) => x.ruleId === 'unknown-topology-key');
  assert.ok(res, r.stdout);
  assert.equal(ruleIds[res.ruleIndex], 'unknown-topology-key');
  assert.match(run.tool.driver.rules[res.ruleIndex].helpUri, /docs\/rules\.md#unknown-topology-key$/);
  assert.equal(res.level, 'warning');
  assert.deepEqual(res.locations[0].physicalLocation, {
    artifactLocation: { uri: 'test/fixtures/seed/rollout.yaml' },
    region: { startLine: 40, startColumn: 30, endLine: 40, endColumn: 47 },
  });
  assert.equal(res.fixes[0].artifactChanges[0].replacements[0].insertedContent.text, 'topology.kubernetes.io/zone');
});

test('folders are searched recursively for *.yaml / *.yml, skipping node_modules and dot-folders', () => {
  const root = tree({
    'a/b/typo.yaml': LABEL_TYPO,
    'c.yml': ROLLOUT,
    'node_modules/pkg/bad.yaml': BROKEN,
    '.git/bad.yaml': BROKEN,
    '.hidden/bad.yml': BROKEN,
    'notes.txt': BROKEN,
    'ok.YAML': 'apiVersion: v1\nkind: Service\nmetadata: {name: ok}\nspec: {ports: [{port: 80}]}\n',
  });
  const r = lint(['--format', 'json', root]);
  assert.equal(r.code, 0, r.stdout + r.stderr);
  const files = [...new Set((JSON.parse(r.stdout) as JsonFinding[]).map((f) => f.file))].sort();
  assert.deepEqual(files, [join(root, 'a/b/typo.yaml'), join(root, 'c.yml')]);
  const text = lint([root]);
  assert.match(text.stderr, / in 3 files\n$/);

  // no PATH: the current folder, paths printed relative to it
  const here = lint(['--format', 'json'], { cwd: root });
  assert.deepEqual(
    [...new Set((JSON.parse(here.stdout) as JsonFinding[]).map((f) => f.file))].sort(),
    [join('a', 'b', 'typo.yaml'), 'c.yml'],
  );

  // a file named explicitly is checked whatever its name
  assert.equal(lint([join(root, 'notes.txt')]).code, 1);
});

test('usage and I/O errors exit 2 with a message on stderr', () => {
  const missing = lint(['does/not/exist.yaml']);
  assert.equal(missing.code, 2);
  assert.match(missing.stderr, /cannot read 'does\/not\/exist\.yaml': no such file or folder/);

  const mixed = lint(['does/not/exist.yaml', 'test/fixtures/seed/rollout.yaml']);
  assert.equal(mixed.code, 2, 'an I/O error wins over the findings');
  assert.match(mixed.stdout, /unknown-topology-key/, 'the readable file is still checked');

  const format = lint(['--format', 'xml', '.']);
  assert.equal(format.code, 2);
  assert.match(format.stderr, /--format must be text, json or sarif/);

  const version = lint(['--kubernetes-version', 'latest', '-'], { input: ROLLOUT });
  assert.equal(version.code, 2);
  assert.match(version.stderr, /--kubernetes-version must be .*'latest'.*nothing was checked/);

  const unknown = lint(['--frmat', 'json']);
  assert.equal(unknown.code, 2);
  assert.match(unknown.stderr, /frmat/);

  const help = lint(['--help']);
  assert.equal(help.code, 0);
  assert.match(help.stdout, /usage: rollout-pilot lint/);
});

test('the seed folder: removed HPA version and Service field are errors, and depend on --kubernetes-version', () => {
  const r = lint(['--format', 'json', 'test/fixtures/seed']);
  const out = JSON.parse(r.stdout) as JsonFinding[];
  const codes = out.map((f) => `${f.file.replace(/^.*\//, '')} ${f.severity} ${f.code}`);
  assert.ok(codes.includes('hpa.yaml error removed-api-version'), codes.join('\n'));
  assert.ok(codes.includes('service.yaml error removed-field'), codes.join('\n'));
  assert.equal(r.code, 1);
  const old = JSON.parse(lint(['--format', 'json', '--kubernetes-version', '1.21', 'test/fixtures/seed']).stdout) as JsonFinding[];
  assert.ok(!old.some((f) => f.code === 'removed-api-version'), JSON.stringify(old));
});

test('--rule CODE=LEVEL: raises, lowers or turns off one code; a bad level or shape is a usage error', () => {
  const seed = 'test/fixtures/seed/rollout.yaml';
  const raised = lint([seed, '--rule', 'unknown-topology-key=error']);
  assert.equal(raised.code, 1, raised.stderr);
  assert.match(raised.stdout, /:40:30: error unknown-topology-key: /);
  const off = lint([seed, '--rule', 'unknown-topology-key=off', '--rule', 'misspelled-label=info']);
  assert.equal(off.code, 0, off.stderr);
  assert.doesNotMatch(off.stdout, /unknown-topology-key/);
  const bad = lint([seed, '--rule', 'unknown-topology-key=loud']);
  assert.equal(bad.code, 2);
  assert.match(bad.stderr, /--rule: "unknown-topology-key" must be one of off, error, warning, information, hint \(got "loud"\); nothing was checked/);
  assert.equal(bad.stdout, '');
  const shape = lint([seed, '--rule', 'unknown-topology-key']);
  assert.equal(shape.code, 2);
  assert.match(shape.stderr, /--rule takes CODE=LEVEL/);
  const unknown = lint([seed, '--rule', 'no-such-code=off']);
  assert.equal(unknown.code, 0);
  assert.match(unknown.stderr, /warning: --rule: "no-such-code" is not a rule code/);
});
