// `npm test`: every suite, one after the other, each ending with its own `N passed, N failed` line.
// `npm test -- unit lsp` runs only the named suites.
import { spawnSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';

const suites = [
  { name: 'static', dir: 'test/static', about: 'types (tsc per target), lint (typescript-eslint), layer boundaries' },
  { name: 'unit', dir: 'test/unit', about: 'engine rules, schema data, rollout derivation (pure functions)' },
  { name: 'lsp', dir: 'test/lsp', about: 'the language server over stdio, as an editor talks to it', build: true },
  { name: 'cli', dir: 'test/cli', about: 'the rollout-pilot command line', build: true },
  { name: 'hostile', dir: 'test/hostile', about: 'hostile input and failing clusters: CLI, language server, cluster layer', build: true },
  { name: 'webview', dir: 'test/webview', about: 'the rollout page in headless Chromium', build: true, setup: './webview-suite.mjs' },
  {
    name: 'cluster',
    dir: 'test/cluster',
    about: 'cluster layer against a real kube-apiserver on 127.0.0.1',
    build: true,
    // one API server for the whole suite (test/harness/test-suite.mjs)
    setup: '../test/harness/test-suite.mjs',
  },
  {
    name: 'e2e',
    dir: 'test/e2e',
    about: 'the packaged extension in a real VS Code (code-server 4.100.3) driven through chromium',
    build: true,
    setup: './e2e-suite.mjs',
  },
  {
    name: 'exthost',
    dir: 'test/exthost',
    about: 'mocha inside the extension host (@vscode/test-electron → code-server 4.100.3), against a real kube-apiserver',
    build: true,
    setup: './exthost-suite.mjs',
  },
  {
    // only when named (`npm test -- exthost-matrix`): installs two more code-server releases on first use
    name: 'exthost-matrix',
    dir: 'test/exthost/matrix',
    about: 'the exthost suite on the oldest and the newest code-server (VS Code 1.93.1 on Node 20, 1.139.1 on Node 24)',
    build: true,
    setup: './exthost-matrix.mjs',
    onlyWhenNamed: true,
  },
];

const only = process.argv.slice(2);
const chosen = suites.filter((s) => (only.length ? only.includes(s.name) : !s.onlyWhenNamed) && existsSync(s.dir));
if (chosen.some((s) => s.build)) {
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: 'inherit' });
  if (b.status !== 0) process.exit(b.status ?? 1);
}

let failedSuites = 0;
for (const s of chosen) {
  const files = readdirSync(s.dir)
    .filter((f) => f.endsWith('.test.ts'))
    .sort()
    .map((f) => join(s.dir, f));
  if (files.length === 0) continue;
  console.log(`\n=== ${s.name}: ${s.about} ===`);
  let env = { ...process.env, FORCE_COLOR: '0' };
  let teardown;
  if (s.setup) ({ env, teardown } = await (await import(s.setup)).setupSuite(env));
  const r = spawnSync(
    process.execPath,
    [
      '--import', 'tsx',
      '--test',
      '--test-concurrency=1',
      '--test-reporter=spec', '--test-reporter-destination=stdout',
      '--test-reporter=./test/support/summary-reporter.mjs', '--test-reporter-destination=stdout',
      ...files,
    ],
    { stdio: 'inherit', env },
  );
  await teardown?.();
  if (r.status !== 0) failedSuites++;
}
process.exit(failedSuites ? 1 : 0);
