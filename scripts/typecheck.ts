// `npm run typecheck`: `tsc --noEmit` for each target. esbuild and tsx strip types without checking them, so this
// (and the `static` test suite, which runs the same targets) is where type errors are found.
// A target whose tsconfig does not exist (yet) is skipped, with a line saying so.
import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { resolve } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

export const ROOT = resolve(fileURLToPath(import.meta.url), '../..');

export interface Target {
  name: string;
  /** tsconfig path, relative to the repository root */
  project: string;
  about: string;
  /** whether the target has the DOM lib and the Node types (the static suite checks the tsconfig says so) */
  dom: boolean;
  node: boolean;
}

export const TARGETS: readonly Target[] = [
  { name: 'node', project: 'tsconfig.json', about: 'extension host, language server, CLI, tests, scripts', dom: false, node: true },
  { name: 'webview', project: 'webview/tsconfig.json', about: 'the rollout page', dom: true, node: false },
  // Node code that hands callbacks to Playwright's page.evaluate, which run in the page:
  { name: 'webview-tests', project: 'test/webview/tsconfig.json', about: 'tests driving the page in Chromium', dom: true, node: true },
  { name: 'bench', project: 'bench/tsconfig.json', about: 'the live bench, which drives the page in Chromium', dom: true, node: true },
];

export interface ToolRun {
  /** exit status; null when the process could not start or was killed */
  status: number | null;
  /** stdout and stderr together */
  output: string;
}

/** Runs a Node CLI script of a package (no shell, no npx), collecting its output. */
export function runNodeScript(script: string, args: readonly string[]): Promise<ToolRun> {
  return new Promise((done) => {
    const child = spawn(process.execPath, [script, ...args], { cwd: ROOT, env: { ...process.env, FORCE_COLOR: '0' } });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    child.on('error', (e) => done({ status: null, output: output + String(e) }));
    child.on('close', (status) => done({ status, output }));
  });
}

const require = createRequire(import.meta.url);

/** `tsc -p <project> --noEmit` for one target. Incremental: a rerun reads what has not changed from
 *  node_modules/.cache/rollout-pilot/ (tsc tracks every file a result depends on; a clean clone has no cache). */
export function typecheck(target: Target): Promise<ToolRun> {
  const buildInfo = `node_modules/.cache/rollout-pilot/tsc-${target.name}.tsbuildinfo`;
  return runNodeScript(require.resolve('typescript/bin/tsc'), [
    '-p', target.project, '--noEmit', '--pretty', 'false', '--incremental', '--tsBuildInfoFile', buildInfo,
  ]);
}

export function targetExists(target: Target): boolean {
  return existsSync(resolve(ROOT, target.project));
}

async function main(): Promise<number> {
  const present = TARGETS.filter((t) => {
    if (targetExists(t)) return true;
    console.log(`typecheck ${t.name}: skipped, ${t.project} does not exist`);
    return false;
  });
  const runs = await Promise.all(present.map(async (t) => ({ t, run: await typecheck(t) })));
  let failed = 0;
  for (const { t, run } of runs) {
    if (run.output.trim()) console.log(run.output.trimEnd());
    console.log(`typecheck ${t.name} (${t.project}): ${run.status === 0 ? 'ok' : 'FAILED'}`);
    if (run.status !== 0) failed++;
  }
  return failed ? 1 : 0;
}

if (process.argv[1] && import.meta.url === pathToFileURL(resolve(process.argv[1])).href) {
  void main().then((code) => (process.exitCode = code));
}
