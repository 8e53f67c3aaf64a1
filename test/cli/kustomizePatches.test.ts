// `rollout-pilot lint PATHS` and kustomize patches: the patch files listed by the kustomizations among the paths (even
// in another folder given, through `..`, or above files named alone) are checked as fragments, a JSON 6902 patch not
// at all, and the exit status follows; a patch file where no kustomization lists it gets its whole-object findings.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { spawnSync } from 'node:child_process';
import { BIN, lintJson, writeTree } from './lintTree';
import { WEB_HPA as HPA, WEB_ROLLOUT as ROLLOUT } from '../support/kustomizeFixtures';

const tmp = mkdtempSync(join(tmpdir(), 'rp-kpatch-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

function lint(args: string[], cwd: string, input?: string): { code: number | null; findings: string[]; stderr: string } {
  const r = lintJson(args, cwd, input);
  return { ...r, findings: r.findings.map((f) => `${f.file.replace(/\\/g, '/')}:${f.range.start.line + 1} ${f.code}`) };
}

const tree = (files: Record<string, string>) => writeTree(tmp, files);

const ROLLOUT_PATCH = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n  replicas: 10\n';
const HPA_PATCH = 'apiVersion: autoscaling/v2\nkind: HorizontalPodAutoscaler\nmetadata:\n  name: web\nspec:\n  maxReplicas: 12\n';
const SERVICE_PATCH = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  ports:\n  - port: 80\n  - port: 443\n';

const FILES = {
  'base/kustomization.yaml': 'resources: [rollout.yaml, hpa.yaml]\n',
  'base/rollout.yaml': ROLLOUT,
  'base/hpa.yaml': HPA,
  'overlays/prod/kustomization.yaml':
    'resources: [../../base]\npatches:\n- path: rollout-patch.yaml\n- path: ../../shared/service-patch.yaml\n  target: {kind: Service}\npatchesStrategicMerge: [hpa-patch.yaml]\npatchesJson6902:\n- {target: {kind: Rollout, name: web}, path: ops.yaml}\n',
  'overlays/prod/rollout-patch.yaml': ROLLOUT_PATCH,
  'overlays/prod/hpa-patch.yaml': HPA_PATCH,
  'overlays/prod/ops.yaml': 'apiVersion: v1\nkind: Service\nspec: {ports: [{port: 0}]}\n',
  'shared/service-patch.yaml': SERVICE_PATCH,
};

test('patch files found through the kustomizations given: no whole-object finding, exit 0', () => {
  const root = tree(FILES);
  const r = lint(['.'], root);
  assert.deepEqual(r.findings, [], r.stderr);
  assert.equal(r.code, 0);
  // the overlay and the shared folder given apart: the same
  const apart = lint(['overlays', 'shared', 'base'], root);
  assert.deepEqual(apart.findings, [], apart.stderr);
});

test('a misspelled field in a patch is still an error (exit 1), located on the key', () => {
  const root = tree({ ...FILES, 'overlays/prod/hpa-patch.yaml': HPA_PATCH.replace('maxReplicas', 'maxReplica') });
  const r = lint(['.'], root);
  assert.deepEqual(r.findings, ['overlays/prod/hpa-patch.yaml:6 unknown-field']);
  assert.equal(r.code, 1);
});

test('named alone they are still patches (the kustomization above is read); without any kustomization, whole objects again', () => {
  const named = ['overlays/prod/rollout-patch.yaml', 'overlays/prod/hpa-patch.yaml', 'shared/service-patch.yaml'];
  const around = lint(named, tree(FILES));
  assert.deepEqual(around.findings, [], around.stderr);
  assert.equal(around.code, 0);
  // the same files where no kustomization lists them
  const alone: Record<string, string> = {};
  for (const p of named) alone[p] = FILES[p as keyof typeof FILES];
  const root = tree(alone);
  const r = lint(named, root);
  assert.deepEqual(r.findings, [
    'overlays/prod/rollout-patch.yaml:5 argo-selector',
    'overlays/prod/rollout-patch.yaml:5 argo-pod-template',
    'overlays/prod/rollout-patch.yaml:6 argo-strategy',
    'overlays/prod/hpa-patch.yaml:5 missing-required',
    'shared/service-patch.yaml:7 service-port-name-required',
    'shared/service-patch.yaml:8 service-port-name-required',
  ]);
  assert.equal(r.code, 1);
});

test('an editor piping its buffer (lint - FOLDER --stdin-filename PATH): the buffer stands for that patch file', () => {
  const root = tree(FILES);
  const name = 'overlays/prod/hpa-patch.yaml';
  // the unsaved buffer has the typo, the file on disk has not: one finding, the buffer's, checked as a patch
  const r = lint(['-', '.', '--stdin-filename', name], root, HPA_PATCH.replace('maxReplicas', 'maxReplica'));
  assert.deepEqual(r.findings, [`${name}:6 unknown-field`], r.stderr);
  // the buffer without the typo: nothing (no whole-object finding for the patch)
  assert.deepEqual(lint(['-', '.', '--stdin-filename', name], root, HPA_PATCH).findings, []);
});

test('--help says how patches are found', () => {
  const r = spawnSync(process.execPath, [BIN, 'lint', '--help'], { encoding: 'utf8', timeout: 30000 });
  assert.match(r.stdout, /kustomization among the PATHs lists as patches are checked as fragments/);
});
