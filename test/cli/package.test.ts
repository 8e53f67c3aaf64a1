// `npm run package` builds the .vsix offline, with the bundles the extension needs and nothing of the repo's sources.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { inflateRawSync } from 'node:zlib';

/** The names and contents of the files in a zip (the .vsix format), read from its central directory. */
function unzip(buf: Buffer): Map<string, Buffer> {
  const files = new Map<string, Buffer>();
  let eocd = buf.length - 22;
  while (eocd >= 0 && buf.readUInt32LE(eocd) !== 0x06054b50) eocd--;
  assert.ok(eocd >= 0, 'a zip end-of-central-directory record');
  let p = buf.readUInt32LE(eocd + 16);
  const count = buf.readUInt16LE(eocd + 10);
  for (let i = 0; i < count; i++) {
    const method = buf.readUInt16LE(p + 10);
    const size = buf.readUInt32LE(p + 20);
    const nameLen = buf.readUInt16LE(p + 28);
    const extraLen = buf.readUInt16LE(p + 30);
    const commentLen = buf.readUInt16LE(p + 32);
    const local = buf.readUInt32LE(p + 42);
    const name = buf.toString('utf8', p + 46, p + 46 + nameLen);
    const dataStart = local + 30 + buf.readUInt16LE(local + 26) + buf.readUInt16LE(local + 28);
    const raw = buf.subarray(dataStart, dataStart + size);
    files.set(name, method === 8 ? inflateRawSync(raw) : raw);
    p += 46 + nameLen + extraLen + commentLen;
  }
  return files;
}

test('npm run package builds a .vsix with the extension, the server and the manifest', () => {
  const r = spawnSync('npm', ['run', '--silent', 'package'], { encoding: 'utf8', timeout: 240000 });
  assert.equal(r.status, 0, r.stdout + r.stderr);
  const vsix = 'dist/rollout-pilot.vsix';
  assert.ok(existsSync(vsix) && statSync(vsix).size > 10000);
  const files = unzip(readFileSync(vsix));
  for (const f of ['extension/package.json', 'extension/dist/extension.js', 'extension/dist/server.js', 'extension/dist/server-main.js', 'extension/dist/index-worker.js', 'extension/readme.md']) {
    assert.ok(files.has(f), `${f} in ${[...files.keys()].join(', ')}`);
  }
  assert.ok(![...files.keys()].some((f) => f.includes('node_modules') || f.endsWith('.ts')), 'no sources or node_modules');
  const manifest = JSON.parse(files.get('extension/package.json')!.toString('utf8'));
  assert.equal(manifest.main, './dist/extension.js');
  assert.ok(manifest.contributes.configuration.properties['rolloutPilot.kubernetesVersion']);
  // the bundled server starts on its own (no node_modules beside it in an installed extension)
  const server = files.get('extension/dist/server-main.js')!.toString('utf8');
  assert.ok(!/require\("(yaml|vscode-languageserver)"\)/.test(server), 'dependencies are bundled');
});
