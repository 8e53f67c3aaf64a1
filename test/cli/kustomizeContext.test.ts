// `rollout-pilot lint FILE…` with files named alone, as a CI job that lints only the files a change touched: the
// kustomizations above each file (up to the repository's root, `.git`) and what their builds include are read for
// context, so a patch is checked as a patch, and against the Rollout it patches in the base; those files are never
// checked themselves, and a note says how many were read. Without any kustomization around, files are whole objects.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { lintJson, writeTree } from './lintTree';
import { kustomizeContext, walkUp } from '../../server/src/indexer/kustomizeContext';
import { LOSSY_PATCH, WEB_HPA as HPA, WEB_PATCH as PATCH, WEB_ROLLOUT as ROLLOUT } from '../support/kustomizeFixtures';

const tmp = mkdtempSync(join(tmpdir(), 'rp-kcontext-'));
after(() => rmSync(tmp, { recursive: true, force: true }));


/** A repository: `.git` at its root, a base and an overlay (with a patch and an HPA of its own), a loose folder. */
function repo(extra: Record<string, string> = {}): string {
  const root = writeTree(tmp, {
    'deploy/base/kustomization.yaml': 'resources: [rollout.yaml]\n',
    'deploy/base/rollout.yaml': ROLLOUT,
    'deploy/overlays/prod/kustomization.yaml': 'resources: [../../base, hpa.yaml]\npatches:\n- path: patch.yaml\n',
    'deploy/overlays/prod/patch.yaml': PATCH,
    'deploy/overlays/prod/hpa.yaml': HPA,
    'loose/patch.yaml': PATCH,
    ...extra,
  });
  mkdirSync(join(root, '.git'));
  return root;
}

const brief = (r: ReturnType<typeof lintJson>) => r.findings.map((f) => `${f.file}:${f.range.start.line + 1} ${f.code}`);

test('a patch named alone is checked as a patch (its kustomization is read for context); a note says so', () => {
  const root = repo();
  const r = lintJson(['deploy/overlays/prod/patch.yaml'], root);
  assert.deepEqual(brief(r), [], r.stderr);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /note: read 4 files of the kustomize builds around the files named, .*\(not checked\)/);
  // the same text where no kustomization lists it: a whole Rollout, missing its selector and the rest
  const loose = lintJson(['loose/patch.yaml'], root);
  assert.ok(brief(loose).includes('loose/patch.yaml:5 argo-selector'), brief(loose).join('\n'));
  assert.equal(loose.code, 1);
  assert.doesNotMatch(loose.stderr, /kustomize builds around/);
});

test('what only the build can tell: a Rollout patch that drops what the base Rollout has', () => {
  const lossy = LOSSY_PATCH;
  const root = repo({ 'deploy/overlays/prod/patch.yaml': lossy });
  const r = lintJson(['deploy/overlays/prod/patch.yaml'], root);
  assert.deepEqual(brief(r), ['deploy/overlays/prod/patch.yaml:9 rollout-patch-replaces-list'], r.stderr);
  assert.match(r.findings[0]!.message, /^Container `web` of Rollout `web` loses `resources`/);
  // linted with its folders it is the same finding: the context gave what the folders give
  assert.deepEqual(brief(lintJson(['deploy'], root)), brief(r));
});

test('a mistake in a file read for context is not reported: only the files named are checked', () => {
  const root = repo({ 'deploy/base/rollout.yaml': ROLLOUT.replace('selector:', 'selectr:') });
  const r = lintJson(['deploy/overlays/prod/patch.yaml'], root);
  assert.deepEqual(brief(r), [], r.stderr);
  // named, it is
  assert.ok(brief(lintJson(['deploy/base/rollout.yaml'], root)).some((f) => f.startsWith('deploy/base/rollout.yaml:6 ')));
});

test('the walk stops at the repository root: a kustomization above it is not read (without `.git` it is)', () => {
  const outer = writeTree(tmp, { 'kustomization.yaml': 'patches:\n- path: repo/loose/patch.yaml\n', 'repo/loose/patch.yaml': PATCH });
  const root = join(outer, 'repo');
  const beyond = lintJson(['loose/patch.yaml'], root);
  assert.deepEqual(brief(beyond), [], beyond.stderr);
  mkdirSync(join(root, '.git'));
  const r = lintJson(['loose/patch.yaml'], root);
  assert.ok(brief(r).includes('loose/patch.yaml:5 argo-selector'), brief(r).join('\n'));
});

test('with lint workers (200 files or more, --jobs 2) the context is theirs too: the same output as without', () => {
  const many: Record<string, string> = {};
  for (let i = 0; i < 205; i++) many[`many/svc-${String(i).padStart(3, '0')}.yaml`] = `apiVersion: v1\nkind: Service\nmetadata: {name: s${i}}\nspec:\n  ports: [{port: ${i % 7 === 0 ? 70000 : 80}}]\n`;
  const root = repo({ ...many, 'deploy/overlays/prod/patch.yaml': LOSSY_PATCH });
  const named = [...Object.keys(many), 'deploy/overlays/prod/patch.yaml'];
  const serial = lintJson(['--jobs', '0', ...named], root);
  const pooled = lintJson(['--jobs', '2', ...named], root);
  assert.deepEqual(pooled.findings, serial.findings);
  assert.equal(pooled.code, serial.code);
  const codes = brief(pooled);
  assert.ok(codes.includes('deploy/overlays/prod/patch.yaml:9 rollout-patch-replaces-list'), codes.slice(-3).join('\n'));
  assert.equal(codes.filter((c) => c.endsWith(' invalid-port')).length, 30); // every seventh of 205
  assert.ok(!codes.some((c) => c.startsWith('deploy/overlays/prod/patch.yaml') && / argo-/.test(c)), 'checked as a patch');
});

test('a hostile build around a file named alone: loops, devices, folders and missing files are passed over', () => {
  const root = repo({
    'deploy/overlays/prod/kustomization.yaml':
      'resources: [/dev/zero, ., ../prod, ../../.., missing.yaml, ../../base, hpa.yaml, "::not a path"]\ncomponents: [../prod]\npatches:\n- path: patch.yaml\n- path: /dev/null\n',
  });
  const r = lintJson(['deploy/overlays/prod/patch.yaml'], root);
  assert.deepEqual(brief(r), [], r.stderr);
  assert.equal(r.code, 0);
  assert.match(r.stderr, /note: read 4 files/);
});

test('the walk up: the file\'s folder and each above it to the repository\'s root; a kustomization known but not on disk counts', () => {
  const root = repo();
  const patch = join(root, 'loose/patch.yaml');
  assert.deepEqual(walkUp(patch), [join(root, 'loose'), root]);
  // an editor's unsaved kustomization beside the patch (the language server passes the open documents as known)
  const unsaved = join(root, 'loose/kustomization.yaml');
  const known = new Map([[unsaved, 'resources: [../deploy/base]\npatches:\n- path: patch.yaml\n']]);
  const found = kustomizeContext([patch], known, (p) => (p.endsWith('rollout.yaml') ? ROLLOUT : p.endsWith('kustomization.yaml') ? 'resources: [rollout.yaml]\n' : undefined));
  assert.ok(found.named.includes(unsaved), found.named.join('\n'));
  assert.deepEqual(found.walked, walkUp(patch));
  assert.ok(found.files.some((f) => f.path === join(root, 'deploy/base/rollout.yaml')), found.files.map((f) => f.path).join('\n'));
});
