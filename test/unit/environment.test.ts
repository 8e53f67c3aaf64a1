// useEnvironmentCopy (server/src/environment.ts): the language server, its index workers and `rollout-pilot lint`
// read their environment from a plain copy (the YAML parser reads process.env at every token). Run in child processes:
// it replaces a global.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawnSync } from 'node:child_process';

function run(script: string, env: Record<string, string>): Record<string, unknown> {
  const r = spawnSync(process.execPath, ['--import', 'tsx', '-e', script], { env: { ...process.env, ...env }, encoding: 'utf8' });
  assert.equal(r.status, 0, r.stderr);
  return JSON.parse(r.stdout) as Record<string, unknown>;
}

const USE = "const { useEnvironmentCopy } = require('./server/src/environment.ts');";

test('the copy holds every variable, is a plain object, and is what a child process gets', () => {
  const out = run(
    `${USE}
     const before = { ...process.env };
     useEnvironmentCopy();
     process.env.RP_NUMBER = 1; // the real environment would turn it into '1'
     const child = require('node:child_process').spawnSync(process.execPath, ['-p', 'process.env.RP_TEST_VAR'], { encoding: 'utf8' }).stdout.trim();
     console.log(JSON.stringify({ same: Object.keys(before).every((k) => process.env[k] === before[k]), count: Object.keys(before).length + 1 === Object.keys(process.env).length, number: typeof process.env.RP_NUMBER, child }));`,
    { RP_TEST_VAR: 'from-the-copy' },
  );
  assert.deepEqual(out, { same: true, count: true, number: 'number', child: 'from-the-copy' });
});

test('on Windows each name is also there in upper case (the environment is case-insensitive there)', () => {
  const out = run(
    `${USE}
     Object.defineProperty(process, 'platform', { value: 'win32' });
     useEnvironmentCopy();
     console.log(JSON.stringify({ upper: process.env.RP_MIXED_CASE, kept: process.env.Rp_Mixed_Case }));`,
    { Rp_Mixed_Case: 'v' },
  );
  assert.deepEqual(out, { upper: 'v', kept: 'v' });
});
