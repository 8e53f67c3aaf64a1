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

const builds = [
  { ...common, entryPoints: ['extension/src/main.ts'], outfile: 'dist/extension.js' },
  // dist/server.js starts dist/server-main.js, with V8's code cache when given a folder for it (server/src/boot.ts)
  { ...common, entryPoints: ['server/src/boot.ts'], outfile: 'dist/server.js' },
  { ...common, entryPoints: ['server/src/main.ts'], outfile: 'dist/server-main.js' },
  { ...common, entryPoints: ['cli/main.ts'], outfile: 'dist/cli.js' },
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
