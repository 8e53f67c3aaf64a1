// The objects the plugin's own CLI tests load (argo-rollouts v1.9.1 pkg/kubectl-argo-rollouts/info/testdata/,
// copied to test/fixtures/argo-rollouts-cli/testdata/), created in a real API server: the server sets the UIDs, so
// owner references are rewritten to the new ones, and the status (which `create` ignores where the CRD or type has
// a status subresource) is written through /status afterwards. Experiments and AnalysisRuns have no status
// subresource, so their status is created with them.
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { spawn, spawnSync } from 'node:child_process';
import type { TestCluster } from './support/cluster';

export const FIXTURES = 'test/fixtures/argo-rollouts-cli';
export const BIN = 'bin/rollout-pilot.js';

type Obj = { apiVersion: string; kind: string; metadata: Record<string, any>; spec?: any; status?: any; [k: string]: unknown };

const PATHS: Record<string, string> = {
  Rollout: '/apis/argoproj.io/v1alpha1/namespaces/NS/rollouts',
  Experiment: '/apis/argoproj.io/v1alpha1/namespaces/NS/experiments',
  AnalysisRun: '/apis/argoproj.io/v1alpha1/namespaces/NS/analysisruns',
  ReplicaSet: '/apis/apps/v1/namespaces/NS/replicasets',
  Pod: '/api/v1/namespaces/NS/pods',
};
/** Owners before what they own; the kinds the plugin's loader reads (Deployments and Jobs are not shown). */
const ORDER = ['Rollout', 'Experiment', 'AnalysisRun', 'ReplicaSet', 'Pod'];
const HAS_STATUS_SUBRESOURCE = new Set(['Rollout', 'ReplicaSet', 'Pod']);

export function readTestdata(dir: string): Array<{ file: string; obj: Obj }> {
  const base = join(FIXTURES, 'testdata', dir);
  return readdirSync(base)
    .sort()
    .map((file) => ({ file, obj: parse(readFileSync(join(base, file), 'utf8')) as Obj }));
}

export interface LoadOptions {
  /** the Rollout file to load when the folder has several (the others share its UID upstream) */
  rollout?: string;
  /** changes an object before it is created (by file name) */
  edit?: (file: string, obj: Obj) => void;
}

/** Creates a testdata folder's objects in `ns`; returns the created objects by file name. */
/**
 * Creates a testdata folder's objects in `ns`; returns the created objects by file name.
 *
 * The plugin's tests give every object the same creationTimestamp (their ages all print `7d`), so objects sorted by
 * creation time (pods, AnalysisRuns) tie and fall back to their names. The API server sets creationTimestamp itself,
 * in whole seconds: each kind's objects are therefore created together at the start of a second, and created again
 * (at most three times) if the server still put them in different seconds, so they tie as in the plugin's tests.
 */
export async function loadTestdata(c: TestCluster, ns: string, dir: string, opts: LoadOptions = {}): Promise<Map<string, Obj>> {
  const files = readTestdata(dir).filter(({ file, obj }) => ORDER.includes(obj.kind) && (obj.kind !== 'Rollout' || !opts.rollout || file === opts.rollout));
  for (const { file, obj } of files) opts.edit?.(file, obj);
  const uids = new Map<string, string>();
  const created = new Map<string, Obj>();

  const create = async (file: string, obj: Obj): Promise<Obj> => {
    const { status, ...rest } = obj;
    const { uid: _u, resourceVersion: _r, selfLink: _s, creationTimestamp: _c, generation: _g, managedFields: _m, ...meta } = structuredClone(obj.metadata);
    meta.namespace = ns;
    for (const ref of meta.ownerReferences ?? []) {
      // an owner of a kind the plugin does not show (a Job's pod) keeps its UID, which then matches nothing
      ref.uid = uids.get(ref.uid) ?? ref.uid;
    }
    // some files are `extensions/v1beta1` ReplicaSets (gone since 1.16); the plugin's loader reads every one as
    // an apps/v1 ReplicaSet, and so does this
    if (obj.kind === 'ReplicaSet') rest.apiVersion = 'apps/v1';
    const body: Obj = { ...rest, metadata: meta, ...(HAS_STATUS_SUBRESOURCE.has(obj.kind) ? {} : status ? { status } : {}) };
    const path = PATHS[obj.kind]!.replace('NS', ns);
    const r = await c.admin('POST', path, body);
    if (r.status !== 201) throw new Error(`${dir}/${file}: create ${obj.kind}: ${r.status} ${r.text}`);
    let out = r.json as Obj;
    if (status && HAS_STATUS_SUBRESOURCE.has(obj.kind)) {
      const s = await c.admin('PATCH', `${path}/${out.metadata.name}/status`, { status }, 'application/merge-patch+json');
      if (s.status !== 200) throw new Error(`${dir}/${file}: status of ${obj.kind}: ${s.status} ${s.text}`);
      out = s.json as Obj;
    }
    return out;
  };

  for (const kind of ORDER) {
    const group = files.filter(({ obj }) => obj.kind === kind);
    if (group.length === 0) continue;
    let outs: Obj[] = [];
    for (let attempt = 1; ; attempt++) {
      // start at the beginning of a second
      await new Promise((r) => setTimeout(r, 1000 - (Date.now() % 1000) + 5));
      outs = await Promise.all(group.map(({ file, obj }) => create(file, obj)));
      const seconds = new Set(outs.map((o) => o.metadata.creationTimestamp));
      if (seconds.size <= 1 || attempt === 3) break;
      for (const o of outs) {
        const d = await c.admin('DELETE', `${PATHS[kind]!.replace('NS', ns)}/${o.metadata.name}?gracePeriodSeconds=0`);
        if (d.status !== 200 && d.status !== 202) throw new Error(`${dir}: delete ${kind} ${o.metadata.name} to create it again: ${d.status} ${d.text}`);
      }
      for (const o of outs) {
        const path = `${PATHS[kind]!.replace('NS', ns)}/${o.metadata.name}`;
        for (let i = 0; i < 100 && (await c.admin('GET', path)).status !== 404; i++) await new Promise((r) => setTimeout(r, 50));
      }
    }
    group.forEach(({ file, obj }, i) => {
      const out = outs[i]!;
      if (obj.metadata.uid) uids.set(obj.metadata.uid, out.metadata.uid);
      created.set(file, out);
    });
  }
  return created;
}

export function runCli(args: string[], env: NodeJS.ProcessEnv = {}): { code: number | null; stdout: string; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, KUBECONFIG: '', ...env }, timeout: 90000 });
  return { code: r.status, stdout: r.stdout, stderr: r.stderr };
}

/** A folder holding a `rollout-pilot` command that runs the built CLI: put it first on PATH (for completion scripts). */
export function commandOnPath(): string {
  const dir = mkdtempSync(join(tmpdir(), 'rp-bin-'));
  writeFileSync(join(dir, 'rollout-pilot'), `#!/bin/sh\nexec "${process.execPath}" "${join(process.cwd(), BIN)}" "$@"\n`, { mode: 0o755 });
  return dir;
}

/** `runCli` without blocking this process (needed when this process serves the requests, e.g. the recording proxy). */
export function runCliAsync(args: string[], env: NodeJS.ProcessEnv = {}): Promise<{ code: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [BIN, ...args], { env: { ...process.env, KUBECONFIG: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.setEncoding('utf8').on('data', (d: string) => (stdout += d));
    child.stderr.setEncoding('utf8').on('data', (d: string) => (stderr += d));
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The plugin's expected output for one of its tests, as copied from its *_test.go. */
export function expected(file: string): string {
  return readFileSync(join(FIXTURES, 'expected', file), 'utf8');
}

const AGE = /^(\d+[smhdy])+$/;

/**
 * Compares `get` output with the plugin's expected text line by line, as the plugin's own test does (trailing
 * spaces stripped), except what a real API server sets: the namespace line, and the AGE column of the tree —
 * every row must have an age where the plugin's has one (and none where it has none), and the columns before
 * it must be byte for byte the plugin's. Returns the differences (empty when equal).
 */
export function compareGetOutput(actual: string, want: string, namespace: string): string[] {
  const strip = (s: string) => s.split('\n').map((l) => l.replace(/ +$/, ''));
  const a = strip(actual);
  const w = strip(want);
  const diffs: string[] = [];
  if (a.length !== w.length) diffs.push(`${a.length} lines, the plugin prints ${w.length}`);
  const header = w.findIndex((l) => l.startsWith('NAME ') && l.includes(' AGE '));
  const ageAt = header >= 0 ? w[header]!.indexOf(' AGE ') + 1 : -1; // the header is ASCII: code points = UTF-16 units
  for (let i = 0; i < Math.max(a.length, w.length); i++) {
    const al = a[i] ?? '';
    const wl = w[i] ?? '';
    if (wl.startsWith('Namespace:')) {
      if (al !== `Namespace:       ${namespace}`) diffs.push(`line ${i + 1}: ${JSON.stringify(al)}`);
      continue;
    }
    if (header < 0 || i < header) {
      if (al !== wl) diffs.push(`line ${i + 1}: ${JSON.stringify(al)}\n   plugin: ${JSON.stringify(wl)}`);
      continue;
    }
    const ac = [...al];
    const wc = [...wl];
    const before = (cs: string[]) => cs.slice(0, ageAt).join('');
    const rest = (cs: string[]) => cs.slice(ageAt).join('').trim().split(/\s{2,}/);
    const [aAge = '', ...aInfo] = rest(ac);
    const [wAge = '', ...wInfo] = rest(wc);
    const ageOk = i === header ? aAge === wAge : wAge === '' ? aAge === '' : AGE.test(aAge);
    const ok = before(ac) === before(wc) && ageOk && aInfo.join('  ') === wInfo.join('  ');
    if (!ok) diffs.push(`line ${i + 1}: ${JSON.stringify(al)}\n   plugin: ${JSON.stringify(wl)}`);
  }
  return diffs;
}
