// The index workers' pool (server/src/indexer/pool.ts) when a worker fails: no script, a worker that exits, one that
// throws on every message, one that answers. Each failure rejects that worker's batches (the scan then reads them on
// the main thread: test/lsp/indexWorkers.test.ts runs the real worker through the server).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IndexPool, workerCount } from '../../server/src/indexer/pool';

let dir: string;
const script = (name: string, body: string) => {
  const p = join(dir, name);
  writeFileSync(p, `const { parentPort } = require('node:worker_threads');\n${body}\n`);
  return p;
};

before(() => (dir = mkdtempSync(join(tmpdir(), 'rp-index-pool-'))));
after(() => rmSync(dir, { recursive: true, force: true }));

test('workers: one per core, at most 4, none on one core; ROLLOUT_PILOT_INDEX_WORKERS when a number, at most 8', () => {
  assert.deepEqual([1, 2, 3, 4, 16].map((n) => workerCount(n, '')), [0, 2, 3, 4, 4]);
  assert.deepEqual(['0', '3', '99', 'x', '-1'].map((v) => workerCount(2, v)), [0, 3, 8, 2, 2]);
});

test('no script: no pool (the scan reads on the main thread)', () => {
  assert.equal(IndexPool.start(join(dir, 'missing.js'), 2), undefined);
  assert.equal(IndexPool.start(script('never.js', ''), 0), undefined);
});

test('a worker that answers: each batch on the least busy worker, in order of the paths', async () => {
  const pool = IndexPool.start(script('echo.js', "parentPort.on('message', (r) => parentPort.postMessage({ id: r.id, files: r.paths.map((p) => ({ text: p + ':' + r.maxBytes })) }));"), 2)!;
  try {
    assert.equal(pool.size, 2);
    const answers = await Promise.all([['a', 'b'], ['c'], ['d']].map((paths) => pool.read(paths, 7)));
    assert.deepEqual(answers, [[{ text: 'a:7' }, { text: 'b:7' }], [{ text: 'c:7' }], [{ text: 'd:7' }]]);
  } finally {
    pool.dispose();
  }
});

test('a worker that exits: its batches are rejected, and so is every later one', async () => {
  const pool = IndexPool.start(script('exit.js', "parentPort.on('message', () => process.exit(3));"), 1)!;
  try {
    await assert.rejects(pool.read(['a.yaml'], 10), /exited \(code 3\)/);
    await assert.rejects(pool.read(['b.yaml'], 10), /exited/);
  } finally {
    pool.dispose();
  }
});

test('a worker that throws: rejected with its error', async () => {
  const pool = IndexPool.start(script('throw.js', "parentPort.on('message', () => { throw new Error('boom'); });"), 1)!;
  try {
    await assert.rejects(pool.read(['a.yaml'], 10), /boom/);
  } finally {
    pool.dispose();
  }
});

test('a pool stopped while a batch is out: the batch is rejected', async () => {
  const pool = IndexPool.start(script('slow.js', "parentPort.on('message', () => {});"), 1)!;
  const out = pool.read(['a.yaml'], 10);
  pool.dispose();
  await assert.rejects(out, /stopped/);
});
