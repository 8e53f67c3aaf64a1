// The static suite, first in `npm test`: types checked per target (esbuild and tsx only strip them), the linter, and
// the layer boundaries the README promises (the cluster layer and the engine never import vscode or the LSP
// libraries). The type checks and the lint start together when this file loads and run side by side.
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { dirname, join, relative, resolve } from 'node:path';
import { test } from 'node:test';
import ts from 'typescript';
import { ROOT, TARGETS, runNodeScript, targetExists, typecheck, type Target, type ToolRun } from '../../scripts/typecheck';
import { findForbiddenImports } from './importGraph';

const require = createRequire(import.meta.url);
const eslintBin = join(dirname(require.resolve('eslint/package.json')), 'bin/eslint.js');

const typechecks = new Map<string, Promise<ToolRun>>(
  TARGETS.filter(targetExists).map((t) => [t.name, typecheck(t)]),
);
const lint = runNodeScript(eslintBin, ['.', '--max-warnings', '0']);

function assertClean(run: ToolRun, what: string): void {
  if (run.status !== 0) {
    assert.fail(`${what} exited with ${run.status}:\n${run.output.trimEnd()}`);
  }
}

const libs = (t: Target) => `${t.node ? 'Node types' : 'no Node types'}, ${t.dom ? 'DOM' : 'no DOM'}`;

for (const t of TARGETS) {
  test(`typecheck ${t.name}: tsc -p ${t.project} --noEmit (${t.about}; ${libs(t)})`, async (ctx) => {
    const run = typechecks.get(t.name);
    if (!run) return ctx.skip(`${t.project} does not exist`);
    assertClean(await run, `tsc -p ${t.project}`);
  });
}

function parsedConfig(t: Target): ts.ParsedCommandLine {
  const file = resolve(ROOT, t.project);
  const parsed = ts.getParsedCommandLineOfConfigFile(file, undefined, {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => assert.fail(ts.flattenDiagnosticMessageText(d.messageText, '\n')),
  });
  assert.ok(parsed, `${t.project} could not be read`);
  return parsed;
}

test('each target has the libraries it claims, and every TypeScript file is in a target', () => {
  const covered = new Set<string>();
  const problems: string[] = [];
  for (const t of TARGETS.filter(targetExists)) {
    const parsed = parsedConfig(t);
    const hasDom = (parsed.options.lib ?? []).some((l) => /dom/i.test(l));
    const hasNode = (parsed.options.types ?? []).includes('node');
    if (hasDom !== t.dom || hasNode !== t.node) {
      problems.push(`${t.project}: expected ${libs(t)}, has lib ${JSON.stringify(parsed.options.lib)} and types ${JSON.stringify(parsed.options.types)}`);
    }
    for (const f of parsed.fileNames) covered.add(relative(ROOT, f));
  }
  // what a clean clone has, plus new files not yet committed (git's ignore rules apply)
  const sources = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '--', '*.ts', '*.mts', '*.cts'], {
    cwd: ROOT,
    encoding: 'utf8',
  })
    .split('\n')
    .filter((f) => f && !/\.d\.[mc]?ts$/.test(f) && !f.startsWith('test/fixtures/'));
  assert.ok(sources.length > 50, `git listed only ${sources.length} TypeScript files`);
  for (const f of sources) if (!covered.has(f)) problems.push(`${f} is in no target's tsconfig: its types are never checked`);
  assert.deepEqual(problems, []);
});

test('lint: eslint . (typescript-eslint recommended, floating and misused promises)', async () => {
  assertClean(await lint, 'eslint .');
});

/** vscode itself and the language server / client libraries (and their protocol packages). */
const vscodeOrLsp = (s: string) => /^vscode(\/|$)/.test(s) || /^vscode-(languageserver|languageclient|jsonrpc)/.test(s);

test('the cluster layer and the engine never import vscode or the LSP libraries, directly or through another file', () => {
  const roots = ['extension/src/cluster', 'server/src/core'].map((d) => join(ROOT, d));
  const { violations, filesScanned } = findForbiddenImports(roots, vscodeOrLsp, ROOT);
  assert.ok(filesScanned >= 10, `only ${filesScanned} files scanned: are the roots right?`);
  assert.deepEqual(
    violations.map((v) => `${v.from} reaches '${v.specifier}' via ${v.chain.join(' → ')}`),
    [],
  );
});

test('the import scan follows the graph: a forbidden import two files away is found, with its chain', () => {
  const dir = mkdtempSync(join(tmpdir(), 'rp-imports-'));
  try {
    const put = (p: string, text: string) => {
      mkdirSync(dirname(join(dir, p)), { recursive: true });
      writeFileSync(join(dir, p), text);
    };
    put('layer/a.ts', "import { b } from './b';\nexport const a = b;\n");
    put('layer/b.ts', "export { c as b } from '../outside/c';\n");
    put('outside/c.ts', "import type { Uri } from 'vscode';\nexport const c = 1 as unknown as Uri;\n");
    put('layer/d.ts', "export const load = () => import('../outside/e');\n");
    put('outside/e.ts', "import { createConnection } from 'vscode-languageserver/node';\nexport default createConnection;\n");
    put('layer/clean.ts', "import { readFileSync } from 'node:fs';\nimport { parse } from 'yaml';\nexport { readFileSync, parse };\n");
    const { violations } = findForbiddenImports([join(dir, 'layer')], vscodeOrLsp, dir);
    assert.deepEqual(
      violations.map((v) => [v.from, v.specifier, v.chain.join(' > ')]),
      [
        ['layer/a.ts', 'vscode', 'layer/a.ts > layer/b.ts > outside/c.ts'],
        ['layer/b.ts', 'vscode', 'layer/b.ts > outside/c.ts'],
        ['layer/d.ts', 'vscode-languageserver/node', 'layer/d.ts > outside/e.ts'],
      ],
    );
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});
