// Bundles the extension host side, the language server and the CLI with esbuild (and the webview page once it
// exists). `--production` minifies; `--watch` rebuilds on change.
import * as esbuild from 'esbuild';
import { copyFileSync, existsSync, mkdirSync } from 'node:fs';

const production = process.argv.includes('--production');
const watch = process.argv.includes('--watch');

const common = {
  bundle: true,
  platform: 'node',
  target: 'node20',
  format: 'cjs',
  sourcemap: !production,
  minify: production,
  logLevel: 'warning',
  external: ['vscode'],
};

/**
 * Node builtins that vscode-jsonrpc / vscode-languageserver require at load but use only on paths the server does not
 * take at start (crypto: a random pipe name; child_process: finding a global node_modules): they are loaded on
 * first use instead. Loading `crypto` alone was ~16 ms of every start of the server (it is not in Node's startup
 * snapshot and pulls in its stream classes).
 */
const LAZY_BUILTINS = /^(?:node:)?(crypto|child_process)$/;
const lazyBuiltins = {
  name: 'lazy-builtins',
  setup(build) {
    build.onResolve({ filter: LAZY_BUILTINS }, (args) =>
      /[\\/]node_modules[\\/]vscode-(?:jsonrpc|languageserver)[\\/]/.test(args.importer)
        ? { path: args.path.replace(/^node:/, ''), namespace: 'lazy-builtin' }
        : undefined,
    );
    build.onLoad({ filter: /.*/, namespace: 'lazy-builtin' }, (args) => ({
      contents:
        `let m; const load = () => (m ??= require('node:${args.path}'));\n` +
        'module.exports = new Proxy({}, { get: (_t, k) => load()[k], has: (_t, k) => k in load(), ownKeys: () => Reflect.ownKeys(load()), getOwnPropertyDescriptor: (_t, k) => { const d = Object.getOwnPropertyDescriptor(load(), k); return d && { ...d, configurable: true }; } });\n',
      loader: 'js',
    }));
  },
};

const builds = [
  { ...common, entryPoints: ['extension/src/main.ts'], outfile: 'dist/extension.js' },
  // dist/server.js starts dist/server-main.js, with V8's code cache when given a folder for it (server/src/boot.ts)
  { ...common, entryPoints: ['server/src/boot.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server-main.js', plugins: [lazyBuiltins] },
  // the server's index workers (server/src/indexer/pool.ts starts them during the first scan of a large workspace)
  { ...common, entryPoints: ['server/src/indexer/worker.ts'], outfile: 'dist/index-worker.js' },
  { ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/cli.js' },
  // rollout-pilot lint's workers (cli/lintPool.ts starts them for a run of many files); the CLI is not in the .vsix
  { ...common, entryPoints: ['cli/lintWorker.ts'], outfile: 'dist/lint-worker.js' },
].filter((b) => existsSync(b.entryPoints[0]));

if (existsSync('webview/src/main.ts')) {
  builds.push({
    bundle: true,
    platform: 'browser',
    target: 'es2022',
    format: 'iife',
    sourcemap: !production,
    minify: production,
    logLevel: 'warning',
    entryPoints: ['webview/src/main.ts'],
    outfile: 'dist/webview.js',
  });
  // the page's icon font, shipped in the package (the webview may load nothing from outside the extension)
  mkdirSync('dist/codicons', { recursive: true });
  for (const f of ['codicon.css', 'codicon.ttf']) copyFileSync(`node_modules/@vscode/codicons/dist/${f}`, `dist/codicons/${f}`);
}

if (watch) {
  for (const b of builds) await (await esbuild.context(b)).watch();
} else {
  await Promise.all(builds.map((b) => esbuild.build(b)));
}
