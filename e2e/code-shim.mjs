#!/usr/bin/env node
// A stand-in "VS Code executable" for `@vscode/test-electron`'s runTests({ vscodeExecutablePath }) (and
// `@vscode/test-cli`'s useInstallation.fromPath): it takes the Electron-style arguments those runners pass
// (`--extensionDevelopmentPath=…`, `--extensionTestsPath=…`, the folder to open as the first positional argument) and
// runs the same extension tests inside code-server's real (Node) extension host, opened in headless chromium.
// VS Code's web workbench reads both paths from the URL's `payload` (as @vscode/test-web does), calls the tests'
// `run()` in the extension host, forwards its console through `window.codeAutomationLog` and ends with
// `window.codeAutomationExit(code)`: that code is this process's exit status, which is what runTests reads.
//
// Environment (the runner's `extensionTestsEnv` also reaches the extension host, through code-server):
//   CODE_SERVER        code-server executable (default: the one e2e/install-code-server.sh installs)
//   CODE_SERVER_NODE   a folder put first on PATH for code-server (its Node, for code-server releases on Node 22/24)
//   CS_EXTRA_ARGS      more code-server flags, e.g. `--vscode-option enable-smoke-test-driver` (VS Code >= ~1.12x)
//   CHROMIUM           default /usr/bin/chromium
//   EXTHOST_TIMEOUT_MS the whole run (default 600000); EXTHOST_VERBOSE=1 prints everything the host logs
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { delimiter, join, resolve } from 'node:path';
import { format } from 'node:util';
import { chromium } from 'playwright-core';
import { CODE_SERVER, startCodeServer } from './code-server.mjs';

/** The runner's arguments: `--name=value` or `--name value`, and positionals. */
export function parseCodeArgs(argv) {
  const opts = {};
  const positional = [];
  for (let i = 0; i < argv.length; i++) {
    const a = argv[i];
    const m = /^--([^=]+)(?:=(.*))?$/.exec(a);
    if (!m) positional.push(a);
    else if (m[2] !== undefined) opts[m[1]] = m[2];
    else if (['extensionDevelopmentPath', 'extensionTestsPath', 'user-data-dir', 'extensions-dir'].includes(m[1]) && argv[i + 1] !== undefined) opts[m[1]] = argv[++i];
    else opts[m[1]] = true;
  }
  return { dev: opts.extensionDevelopmentPath, tests: opts.extensionTestsPath, folder: positional[0] };
}

/** The extension host's noise that says nothing about the tests (network look-ups that fail offline, etc.). */
const NOISE = /^(Resolv|Creating a socket|Updating additional|\[Service Worker\]|ChatSessionStore|Creation of workbench contribution|getaddrinfo ENOTFOUND|\[AgentHost|\[ChatModelSelection\]|\[AccountPolicyGate\]|Timed out waiting for authentication provider)/;

async function main() {
  const { dev, tests, folder: given } = parseCodeArgs(process.argv.slice(2));
  if (!dev || !tests) {
    console.error(`code-shim: only extension test runs are supported (--extensionDevelopmentPath and --extensionTestsPath); got: ${process.argv.slice(2).join(' ')}`);
    return 2;
  }
  const home = mkdtempSync(join(tmpdir(), 'rollout-pilot-exthost-'));
  const folder = given ? resolve(given) : join(home, 'empty-workspace');
  mkdirSync(folder, { recursive: true });
  let server;
  let browser;
  let code = 1;
  try {
    server = await startCodeServer({
      folder,
      home,
      settings: { 'git.enabled': false },
      executable: process.env.CODE_SERVER || CODE_SERVER,
      extraArgs: (process.env.CS_EXTRA_ARGS ?? '').split(/\s+/).filter(Boolean),
      env: process.env.CODE_SERVER_NODE ? { PATH: `${process.env.CODE_SERVER_NODE}${delimiter}${process.env.PATH ?? ''}` } : {},
    });
    const { base } = server;
    const version = await fetch(`${base}/version`).then((r) => r.text()).catch(() => '?');
    console.log(`code-shim: code-server ${version.trim()} at ${base}, folder ${folder}`);
    browser = await chromium.launch({
      executablePath: process.env.CHROMIUM || '/usr/bin/chromium',
      headless: true,
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
    });
    const page = await browser.newPage();
    page.on('pageerror', (e) => console.log(`[pageerror] ${e.message}`));
    let done;
    const exited = new Promise((r) => (done = r));
    await page.exposeFunction('codeAutomationLog', (_type, args) => {
      const line = format(...(args ?? []).map((x) => (typeof x === 'string' ? x.replace(/^%c\s*\S+\s*color: #[0-9a-f]+\s*/i, '') : x)));
      if (process.env.EXTHOST_VERBOSE || !NOISE.test(line.trim())) console.log(line);
    });
    await page.exposeFunction('codeAutomationExit', (c) => done(c));
    const remote = (p) => `vscode-remote://${new URL(base).host}${resolve(p)}`;
    const payload = JSON.stringify([['extensionDevelopmentPath', remote(dev)], ['extensionTestsPath', remote(tests)]]);
    await page.goto(`${base}/?folder=${encodeURIComponent(folder)}&payload=${encodeURIComponent(payload)}`);
    const limit = Number(process.env.EXTHOST_TIMEOUT_MS || 600000);
    let timer;
    code = await Promise.race([
      exited,
      new Promise((_, reject) => (timer = setTimeout(() => reject(new Error(`the extension tests did not finish within ${limit / 1000} s (on VS Code >= 1.12x code-server needs CS_EXTRA_ARGS="--vscode-option enable-smoke-test-driver")`)), limit))),
    ]);
    clearTimeout(timer);
  } catch (e) {
    console.error(`code-shim: ${e instanceof Error ? e.message : String(e)}`);
    code = 1;
  } finally {
    await browser?.close().catch(() => {});
    server?.stop();
    rmSync(home, { recursive: true, force: true });
  }
  return typeof code === 'number' ? code : 1;
}

process.exitCode = await main();
