// V8's code cache of the server (dist/server.js --code-cache=DIR, server/src/boot.ts): written after the first check,
// read by the next start, refused by V8 when it does not fit (and then written anew), and never in the way: a folder
// that cannot be written leaves a server that checks as before.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { LspClient, SERVER } from './client';
import { ServerStatusSchema, SERVER_STATUS_METHOD, type ServerStatus } from '../../server/src/lsp/protocol';

const ROLLOUT = readFileSync('test/fixtures/seed/rollout.yaml', 'utf8');
const URI = 'file:///cache/rollout.yaml';
const root = mkdtempSync(join(tmpdir(), 'rp-code-cache-'));
after(() => rmSync(root, { recursive: true, force: true }));

async function status(c: LspClient): Promise<ServerStatus> {
  return ServerStatusSchema.parse(await c.request(SERVER_STATUS_METHOD));
}

/** Starts a server with the cache folder, checks the seed Rollout (its topologyKey typo must be found), stops it. */
async function run(args: string[], until?: ServerStatus['codeCache']): Promise<{ before: ServerStatus; after: ServerStatus }> {
  const c = await LspClient.start({ serverArgs: [SERVER, '--stdio', ...args] });
  try {
    const before = await status(c);
    await c.open(URI, ROLLOUT, 1);
    const diags = await c.diagnosticsFor(URI, 1);
    assert.ok(diags.some((d) => d.code === 'unknown-topology-key'), JSON.stringify(diags));
    let now = await status(c);
    for (let i = 0; i < 100 && until !== undefined && now.codeCache !== until; i++) {
      await new Promise((r) => setTimeout(r, 50));
      now = await status(c);
    }
    return { before, after: now };
  } finally {
    await c.stop();
  }
}

const cacheFiles = (dir: string) => readdirSync(dir).filter((f) => f.endsWith('.cache'));

test('written after the first check, then used by the next start', async () => {
  const dir = join(root, 'a', 'code-cache'); // the folder does not exist yet: the server makes it
  const first = await run([`--code-cache=${dir}`], 'written');
  assert.equal(first.before.codeCache, 'none');
  assert.equal(first.after.codeCache, 'written');
  const files = cacheFiles(dir);
  assert.equal(files.length, 1, files.join());
  assert.ok(statSync(join(dir, files[0]!)).size > 100_000, 'the cache holds the compiled bundle');

  const second = await run([`--code-cache=${dir}`]);
  assert.equal(second.before.codeCache, 'used');
  assert.equal(second.after.codeCache, 'used');
  assert.deepEqual(cacheFiles(dir), files, 'a used cache is not written again');
});

test('a cache V8 refuses is replaced; stale caches of other builds are removed', async () => {
  const dir = join(root, 'b');
  await run([`--code-cache=${dir}`], 'written');
  const [name] = cacheFiles(dir);
  writeFileSync(join(dir, name!), Buffer.alloc(4096, 7)); // not a V8 cache
  writeFileSync(join(dir, 'server-1-2-old-x64.cache'), 'from an older version of the extension');
  const r = await run([`--code-cache=${dir}`], 'written');
  assert.equal(r.before.codeCache, 'rejected');
  assert.equal(r.after.codeCache, 'written');
  assert.deepEqual(cacheFiles(dir), [name]);
  assert.ok(statSync(join(dir, name!)).size > 100_000);
});

test('a folder that cannot be written: the server checks as without a cache', async () => {
  const file = join(root, 'not-a-folder');
  writeFileSync(file, '');
  const r = await run([`--code-cache=${join(file, 'code-cache')}`], 'failed');
  assert.equal(r.before.codeCache, 'none');
  assert.equal(r.after.codeCache, 'failed');
});

test('without a folder nothing is cached', async () => {
  const r = await run([]);
  assert.equal(r.before.codeCache, 'off');
  assert.equal(r.after.codeCache, 'off');
});

test('the environment variable names the folder too', async () => {
  const dir = join(root, 'env');
  const prev = process.env.ROLLOUT_PILOT_CODE_CACHE;
  process.env.ROLLOUT_PILOT_CODE_CACHE = dir; // the client spawns the server with this process's environment
  try {
    const r = await run([], 'written');
    assert.equal(r.after.codeCache, 'written');
    assert.equal(cacheFiles(dir).length, 1);
  } finally {
    if (prev === undefined) delete process.env.ROLLOUT_PILOT_CODE_CACHE;
    else process.env.ROLLOUT_PILOT_CODE_CACHE = prev;
  }
});
