// Fuzzing through the real entry points: 10,000 structure-aware random documents (Kubernetes-shaped trees built from
// the corpus's own field names, with wrong types, bad identities, templates, anchors, odd scalars and, now and then,
// absurd depth) and 1,000 byte-level mutations of the corpus and seed files (flipped, inserted and deleted bytes,
// BOMs, NULs, broken UTF-8, CRLF), run through the `rollout-pilot lint` command and the language server over stdio
// (the engine runs inside both). Zero crashes, zero hangs (every run ends by itself), and no internal error: the
// engine turns one into an `internal-error` finding on its document (never a clean file), and none may appear. Some
// of the structured files are also linted as kustomize patches (fragments, with the merge-key, Rollout patch and directive rules).
// Seeded: a failure names the seed (FUZZ_SEED) that reproduces it; FUZZ_SCALE=10 runs ten times more.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { LspClient } from '../lsp/client';
import { SERVER_STATUS_METHOD } from '../../server/src/lsp/protocol';
import { fuzzInputs } from './support/fuzzInputs';

const SEED = Number(process.env.FUZZ_SEED ?? 20261201);
const SCALE = Math.max(1, Number(process.env.FUZZ_SCALE ?? 1));
const STRUCTURED = 10000 * SCALE;
const BYTE_MUTATIONS = 1000 * SCALE;
const DOCS_PER_FILE = 100;
const BIN = resolve('bin/rollout-pilot.js');

const tmp = mkdtempSync(join(tmpdir(), 'rp-fuzz-'));
after(() => rmSync(tmp, { recursive: true, force: true }));

// Generated once, used by every entry point.
const { structuredFiles, byteFiles } = fuzzInputs(SEED, STRUCTURED, BYTE_MUTATIONS, DOCS_PER_FILE);
mkdirSync(join(tmp, 'structured'));
mkdirSync(join(tmp, 'bytes'));
for (const f of structuredFiles) writeFileSync(join(tmp, 'structured', f.name), f.text);
for (const f of byteFiles) writeFileSync(join(tmp, 'bytes', f.name), f.bytes);
// the same structured documents as kustomize strategic-merge patches (checked as fragments, with their merge keys)
const PATCHES = structuredFiles.slice(0, 30);
mkdirSync(join(tmp, 'patches'));
// about one `name:` in three misspelled, so that list items lose their merge key (and some patches their target's
// name), about one list item in five given a `$patch: delete` (which kustomize copies into a Rollout as data), and
// about one `containers:` in two preceded by a `$setElementOrder/containers` (which kustomize copies into anything)
const patchText = (text: string) =>
  text
    .replace(/\bname: /g, (m, at: number) => (at % 3 === 0 ? 'nmae: ' : m))
    .replace(/^( *)- name: /gm, (m, indent: string, at: number) => (at % 5 === 0 ? `${indent}- $patch: delete\n${indent}  name: ` : m))
    .replace(/^( *)containers:/gm, (m, indent: string, at: number) => (at % 2 === 0 ? `${indent}$setElementOrder/containers: []\n${m}` : m));
for (const f of PATCHES) writeFileSync(join(tmp, 'patches', f.name), patchText(f.text));
writeFileSync(join(tmp, 'patches', 'kustomization.yaml'), `patches:\n${PATCHES.map((f) => `- path: ${f.name}\n`).join('')}`);

test('CLI: the same inputs as files, one run per folder; it ends by itself, exits 0/1/2 for the right reasons, never crashes', () => {
  for (const dir of ['structured', 'bytes']) {
    const r = spawnSync(process.execPath, [BIN, 'lint', '--format', 'json', join(tmp, dir)], { encoding: 'utf8', timeout: 300000, maxBuffer: 1 << 30 });
    assert.equal(r.signal, null, `${dir}: the run hung and was killed`);
    assert.ok(r.status === 0 || r.status === 1 || r.status === 2, `${dir}: exit ${r.status}: ${r.stderr.slice(0, 1000)}`);
    assert.doesNotMatch(r.stderr, /internal error|Maximum call stack|^rollout-pilot: /m, `${dir} (FUZZ_SEED=${SEED})`);
    const out = JSON.parse(r.stdout) as Array<{ file: string; code: string }>;
    // the inputs must actually reach the rules, or this proves little
    const withFindings = new Set(out.map((f) => f.file)).size;
    const total = dir === 'structured' ? structuredFiles.length : byteFiles.length;
    // (a byte mutation of an upstream example often leaves it valid, or makes it not-ours: a tenth is plenty)
    assert.ok(withFindings > total / (dir === 'structured' ? 2 : 10), `${dir}: only ${withFindings} of ${total} files had findings`);
    assert.deepEqual(out.filter((f) => f.code === 'internal-error'), [], `${dir} (FUZZ_SEED=${SEED})`);
    if (dir === 'structured') {
      // the rule families of issue 7 are reached too, not only the schema
      const codes = new Set(out.map((f) => f.code));
      assert.ok([...codes].some((c) => c.startsWith('argo-') && c !== 'argo-strategy'), `controller rules reached: ${[...codes].join(' ')}`);
      assert.ok(['invalid-name', 'invalid-label', 'hpa-replicas', 'service-port-name-required'].some((c) => codes.has(c)), `API-server rules reached: ${[...codes].join(' ')}`);
      // and the links between documents (pooled names), across the files of the folder (the Service rules stay silent
      // here, rightly: documents of unknown kinds may make pods)
      const links = ['hpa-target-not-found', 'replicas-under-hpa', 'service-selects-nothing', 'service-target-port', 'rollout-service-not-found', 'rollout-service-label', 'analysis-template-not-found', 'workload-ref-not-found', 'hpa-missing-request', 'hpa-on-workload-ref'];
      const reached = links.filter((c) => codes.has(c));
      assert.ok(reached.length >= 3, `link rules reached: ${reached.join(' ')} of ${[...codes].join(' ')}`);
      // canary arithmetic too
      assert.ok(codes.has('canary-weight-zero') || codes.has('canary-weight-jump'), `canary rule reached: ${[...codes].join(' ')}`);
    }
    // exit 2 only for input refused with a reason (e.g. not UTF-8), each one named
    const refused = r.stderr.split('\n').filter((l) => l.startsWith('rollout-pilot lint: '));
    for (const line of refused) assert.match(line, /is not valid UTF-8 text|is not text \(a NUL byte|is UTF-32 text/, line);
    assert.equal(r.status === 2, refused.length > 0, `${dir}: exit ${r.status} with ${refused.length} refused files`);
  }
});

test('CLI: structured inputs as kustomize patches: no crash, no internal error, the merge-key, Rollout patch and directive rules reached', () => {
  const r = spawnSync(process.execPath, [BIN, 'lint', '--format', 'json', join(tmp, 'patches')], { encoding: 'utf8', timeout: 300000, maxBuffer: 1 << 30 });
  assert.equal(r.signal, null, 'the run hung and was killed');
  assert.ok(r.status === 0 || r.status === 1, `exit ${r.status}: ${r.stderr.slice(0, 1000)}`);
  const out = JSON.parse(r.stdout) as Array<{ file: string; code: string; message: string }>;
  assert.deepEqual(out.filter((f) => f.code === 'internal-error'), [], `FUZZ_SEED=${SEED}`);
  const codes = new Set(out.map((f) => f.code));
  assert.ok(codes.has('missing-merge-key'), `missing-merge-key reached: ${[...codes].join(' ')}`);
  assert.ok(codes.has('rollout-patch-replaces-list'), `rollout-patch-replaces-list reached: ${[...codes].join(' ')}`);
  assert.ok(codes.has('kustomize-ignores-directive'), `kustomize-ignores-directive reached: ${[...codes].join(' ')}`);
  // fragments: what a patch leaves out is its target's, so nothing but its identity is required of it
  const required = out.filter((f) => f.code === 'missing-required');
  assert.deepEqual(required.filter((f) => !/`(apiVersion|kind|metadata|name)`/.test(f.message)), [], 'only identity fields are required of a patch');
});

const clients: LspClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
});

test('language server: every input opened over stdio gets diagnostics; no internal error; it still answers', { timeout: 600000 }, async () => {
  const c = await LspClient.start();
  clients.push(c);
  const inputs = [
    ...structuredFiles.map((f) => ({ uri: `file:///fuzz/structured/${f.name}`, text: f.text })),
    ...byteFiles.map((f) => ({ uri: `file:///fuzz/bytes/${f.name}`, text: f.bytes.toString('utf8') })),
  ];
  // in batches, each file closed once checked, so the server holds a bounded set
  const BATCH = 50;
  for (let i = 0; i < inputs.length; i += BATCH) {
    const batch = inputs.slice(i, i + BATCH);
    for (const { uri, text } of batch) await c.open(uri, text, 1);
    for (const { uri } of batch) {
      const p = await c.diagnostics(uri, (x) => x.version === 1, 60000);
      const internal = p.diagnostics.filter((d) => d.code === 'internal-error');
      assert.deepEqual(internal, [], `${uri} (FUZZ_SEED=${SEED})`);
    }
    for (const { uri } of batch) await c.close(uri);
  }
  assert.ok(c.alive, 'the server survived');
  assert.deepEqual(
    c.logs.filter((l) => /failed|internal/i.test(l)),
    [],
    'no rule or check failure was logged',
  );
  const status = await c.request<{ documents: number }>(SERVER_STATUS_METHOD);
  assert.equal(status.documents, 0);
});
