// Hostile manifests through `rollout-pilot lint`, the built bin as CI runs it: deep nesting, templates, encodings,
// half-identified documents, awkward folders and inputs, bad flags. Each case asserts the exit code, that the other
// files' findings are kept, and that the message names the cause; nothing is ever called clean that was not checked.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync, type SpawnSyncOptions } from 'node:child_process';
import { chmodSync, openSync, mkdtempSync, mkdirSync, rmSync, symlinkSync, writeFileSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

const BIN = resolve('bin/rollout-pilot.js');
/** A Service with one certain error (invalid-enum), the "other file" whose finding must survive. */
const GOOD_ERROR = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  type: Loadbalancer\n  ports: [{port: 80}]\n';
const SERVICE_HEAD = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: deep\nspec:\n  ports: ';

function lint(args: string[], opts: SpawnSyncOptions & { input?: string | Buffer } = {}) {
  const r = spawnSync(process.execPath, [BIN, 'lint', ...args], { input: '', encoding: 'utf8', timeout: 60000, ...opts });
  return { code: r.status, stdout: String(r.stdout), stderr: String(r.stderr), signal: r.signal };
}

const tmp = mkdtempSync(join(tmpdir(), 'rp-hostile-'));
chmodSync(tmp, 0o755);
after(() => rmSync(tmp, { recursive: true, force: true }));

function tree(files: Record<string, string | Buffer>): string {
  const root = mkdtempSync(join(tmp, 't-'));
  chmodSync(root, 0o755);
  for (const [p, text] of Object.entries(files)) {
    mkdirSync(join(root, p, '..'), { recursive: true });
    writeFileSync(join(root, p), text);
  }
  return root;
}

const DEEP: Record<string, string> = {
  'block sequences (- × 10,000)': `${SERVICE_HEAD}\n${'- '.repeat(10000)}x\n`,
  'unclosed flow sequences ([ × 10,000)': `${SERVICE_HEAD}${'['.repeat(10000)}\n`,
  'balanced flow sequences': `${SERVICE_HEAD}${'['.repeat(10000)}${']'.repeat(10000)}\n`,
  'flow mappings': `${SERVICE_HEAD}${'{a: '.repeat(5000)}1${'}'.repeat(5000)}\n`,
  'indented mappings (2,000 levels)': `${SERVICE_HEAD}\n${Array.from({ length: 2000 }, (_, i) => `${' '.repeat(2 * i + 2)}a:`).join('\n')} 1\n`,
};

for (const [name, deep] of Object.entries(DEEP)) {
  test(`deep nesting, ${name}: one located finding, the file's other document and the run's other files still checked`, () => {
    const root = tree({ 'a-deep.yaml': `${deep}---\n${GOOD_ERROR}`, 'b-other.yaml': GOOD_ERROR });
    const r = lint(['--format', 'json', root]);
    assert.equal(r.code, 1, r.stderr);
    assert.doesNotMatch(r.stderr, /call stack|internal error/i);
    const found = JSON.parse(r.stdout) as Array<{ file: string; code: string; message: string; range: { start: { line: number } } }>;
    const deepFindings = found.filter((f) => f.file.endsWith('a-deep.yaml') && f.code === 'yaml-syntax');
    assert.equal(deepFindings.length, 1, JSON.stringify(deepFindings).slice(0, 500));
    assert.match(deepFindings[0]!.message, /nests more than \d+ levels/);
    assert.ok(found.some((f) => f.file.endsWith('a-deep.yaml') && f.code === 'invalid-enum'), 'the second document is checked');
    assert.ok(found.some((f) => f.file.endsWith('b-other.yaml') && f.code === 'invalid-enum'), 'the other file is checked');
  });
}

test('templates are judged per document: a Helm template is skipped and said so, Argo placeholders and comments are data', () => {
  const helm = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\nspec:\n  type: {{ .Values.type }}\n';
  const helmBroken = '{{- if .Values.enabled }}\napiVersion: v1\nkind: Service\nmetadata:\n  labels:\n    {{- include "labels" . | nindent 4 }}\n{{- end }}\n';
  const analysis =
    'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: success-rate\nspec:\n  args: [{name: service-name}]\n' +
    '  metrics:\n  - name: success-rate\n    provider:\n      prometheus:\n        query: sum(rate(http{service="{{args.service-name}}"}[5m]))\n';
  const commented = `# rendered from {{ .Values.x }} by hand\n${GOOD_ERROR}`;
  const root = tree({ 'app.yaml': [helm, helmBroken, analysis, GOOD_ERROR].join('---\n'), 'commented.yaml': commented });
  const r = lint([root]);
  assert.equal(r.code, 1, r.stderr);
  const lines = r.stdout.trim().split('\n');
  assert.equal(lines.filter((l) => /app\.yaml:\d+:\d+: information template-skipped: /.test(l)).length, 2, r.stdout);
  assert.equal(lines.filter((l) => /app\.yaml:\d+:\d+: error invalid-enum/.test(l)).length, 1, 'the Service beside the templates is checked');
  assert.equal(lines.filter((l) => /commented\.yaml:\d+:\d+: error invalid-enum/.test(l)).length, 1, '{{ in a comment changes nothing');
  assert.match(r.stderr, /2 template documents skipped/);
});

test('encodings: UTF-16 with a byte order mark is read; other non-UTF-8 input is refused, never reported clean', () => {
  const utf16le = Buffer.concat([Buffer.from([0xff, 0xfe]), Buffer.from(GOOD_ERROR, 'utf16le')]);
  const utf16be = Buffer.from(utf16le.subarray(2)).swap16();
  const root = tree({
    'le.yaml': utf16le,
    'be.yaml': Buffer.concat([Buffer.from([0xfe, 0xff]), utf16be]),
    'latin1.yaml': Buffer.from(GOOD_ERROR.replace('web', 'caf\u00e9'), 'latin1'),
    'nobom16.yaml': Buffer.from(GOOD_ERROR, 'utf16le'),
  });
  const r = lint([root]);
  assert.equal(r.code, 2, 'unreadable files make the run exit 2');
  assert.match(r.stdout, /be\.yaml:6:9: error invalid-enum/);
  assert.match(r.stdout, /le\.yaml:6:9: error invalid-enum/);
  assert.match(r.stderr, /latin1\.yaml' is not valid UTF-8 text/);
  assert.match(r.stderr, /nobom16\.yaml' is not text \(a NUL byte/);
  assert.match(r.stderr, /2 paths not checked/);
});

test("a kind without apiVersion, or a kind in the wrong case, is reported and still checked as what it means", () => {
  const r = lint(['--format', 'json', '-'], {
    input: 'kind: Rollout\nmetadata: {name: a}\nspec:\n  replicas: "3"\n---\napiVersion: argoproj.io/v1alpha1\nkind: rollout\nspec:\n  replicas: "3"\n',
  });
  assert.equal(r.code, 1, r.stderr);
  const codes = (JSON.parse(r.stdout) as Array<{ code: string; message: string }>).map((f) => `${f.code}: ${f.message}`);
  assert.ok(codes.some((c) => /^missing-required: .*`apiVersion`.*argoproj\.io\/v1alpha1/.test(c)), codes.join('\n'));
  assert.ok(codes.some((c) => /^unknown-kind: .*`rollout`.*Did you mean `Rollout`/.test(c)), codes.join('\n'));
  assert.equal(codes.filter((c) => c.startsWith('invalid-type')).length, 2, 'replicas: "3" found in both');
});

test('folders: symlinked folders are followed once (loops said), unreadable entries named, the walk goes on', () => {
  const real = tree({ 'svc.yaml': GOOD_ERROR });
  const root = tree({ 'z-plain.yaml': GOOD_ERROR, 'locked/hidden.yaml': GOOD_ERROR });
  symlinkSync(real, join(root, 'linked'));
  symlinkSync(root, join(root, 'loop'));
  symlinkSync(join(root, 'nowhere.yaml'), join(root, 'dangling.yaml'));
  chmodSync(join(root, 'locked'), 0o000);
  // as root every folder is readable: run as nobody then, so the locked folder really is unreadable
  const asNobody = process.getuid?.() === 0 ? { uid: 65534, gid: 65534 } : {};
  try {
    const r = lint([root], asNobody);
    assert.equal(r.code, 2, r.stderr);
    assert.match(r.stdout, /linked\/svc\.yaml:6:9: error invalid-enum/, 'the file behind the symlinked folder');
    assert.match(r.stdout, /z-plain\.yaml:6:9: error invalid-enum/, 'the file beside the unreadable folder');
    assert.match(r.stderr, /cannot read '[^']*locked': permission denied/);
    assert.match(r.stderr, /cannot read '[^']*dangling\.yaml': a symbolic link to nothing/);
    assert.match(r.stderr, /note: skipped '[^']*loop': it leads to '[^']*', which is already searched/);
    assert.match(r.stderr, /2 problems .* in 2 files; 2 paths not checked/);
  } finally {
    chmodSync(join(root, 'locked'), 0o755);
  }
});

test('only regular files are read: a device is refused at once (lint /dev/zero used to grow to 1.7 GB)', () => {
  const r = lint(['/dev/zero', 'test/fixtures/seed/service.yaml']);
  assert.equal(r.code, 2);
  assert.match(r.stderr, /'\/dev\/zero' is not a regular file/);
  assert.match(r.stdout, /service\.yaml:15:3: error removed-field/);
});

test('stdin: a folder, a closed or empty stream and an endless stream are refused, never "no problems"', () => {
  const folder = lint(['-'], { stdio: [openSync(tmp, 'r'), 'pipe', 'pipe'] });
  assert.equal(folder.code, 2);
  assert.match(folder.stderr, /standard input \(<stdin>\) is a folder/);
  assert.doesNotMatch(folder.stderr, /^no problems in 1 file/m);

  const closed = lint(['-'], { stdio: ['ignore', 'pipe', 'pipe'] });
  assert.equal(closed.code, 2);
  assert.match(closed.stderr, /standard input \(<stdin>\) is empty or closed; nothing was checked/);

  const endless = lint(['-'], { stdio: [openSync('/dev/zero', 'r'), 'pipe', 'pipe'] });
  assert.equal(endless.code, 2);
  assert.match(endless.stderr, /standard input \(<stdin>\) is longer than the \d+ MB this command reads/);
});

test('flags: a bad value names the flag and says nothing was checked; a version past the newest known is warned about', () => {
  for (const [flag, value] of [
    ['--kubernetes-version', 'latest'],
    ['--kubernetes-version', '2.0'],
    ['--max-file-size-kb', '3'],
    ['--max-file-size-kb', 'lots'],
  ] as const) {
    const r = lint([flag, value, 'test/fixtures/seed']);
    assert.equal(r.code, 2, `${flag} ${value}`);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, new RegExp(`${flag} must be .*'${value}'.*nothing was checked`));
    assert.doesNotMatch(r.stderr, /rolloutPilot\.|using /, 'no VS Code setting, no pretended default');
  }
  const future = lint(['--kubernetes-version', '1.99', 'test/fixtures/seed/service.yaml']);
  assert.equal(future.code, 1);
  assert.match(future.stderr, /warning: Kubernetes 1\.99 is newer than the newest version Rollout Pilot knows \(1\.\d+\)/);
  assert.match(future.stdout, /removed-field/);
});

test('the seed write-up stays as it was: the same three findings (no regression from the hostile-input changes)', () => {
  const r = lint(['test/fixtures/seed']);
  assert.equal(r.code, 1);
  assert.equal(r.stdout.trim().split('\n').length, 3, r.stdout);
  assert.equal(readFileSync('test/fixtures/seed/service.yaml', 'utf8').includes('topologyKeys'), true);
});
