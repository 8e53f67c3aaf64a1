// A real VS Code for the end-to-end tests: code-server 4.100.3 (VS Code 1.100.3) with the packaged .vsix installed,
// on a free 127.0.0.1 port with its own temp dirs, driven by Debian's chromium through playwright-core.
// e2e/install-code-server.sh installs code-server into E2E_DIR (default ~/.cache/rollout-pilot/e2e), outside
// node_modules, and chromium from Debian; playwright-core (no browser of its own) is a devDependency.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';

export const E2E_DIR = process.env.E2E_DIR || join(homedir(), '.cache', 'rollout-pilot', 'e2e');
const CODE_SERVER = join(E2E_DIR, 'cs', 'node_modules', '.bin', 'code-server');

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const s = createServer();
    s.once('error', reject);
    s.listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

export interface Editor {
  page: Page;
  url: string;
  /** code-server's own log (stderr), for failure messages */
  log: () => string;
  stop(): Promise<void>;
}

const USER_SETTINGS = {
  'workbench.startupEditor': 'none',
  'workbench.welcomePage.walkthroughs.openOnInstall': false,
  'workbench.tips.enabled': false,
  'telemetry.telemetryLevel': 'off',
  'update.mode': 'none',
  'extensions.autoUpdate': false,
  'extensions.autoCheckUpdates': false,
  'workbench.enableExperiments': false,
  'security.workspace.trust.enabled': false,
  'git.enabled': false,
  'editor.quickSuggestions': { other: false, comments: false, strings: false },
};

/** Starts code-server with `vsix` installed, opened on `folder`, and a headless chromium page on it. */
export async function startEditor(vsix: string, folder: string): Promise<Editor> {
  const home = mkdtempSync(join(tmpdir(), 'rollout-pilot-e2e-'));
  mkdirSync(join(home, 'ud', 'User'), { recursive: true });
  writeFileSync(join(home, 'ud', 'User', 'settings.json'), JSON.stringify(USER_SETTINGS));
  const env = {
    ...process.env,
    XDG_CONFIG_HOME: join(home, 'config'),
    XDG_DATA_HOME: join(home, 'data'),
    XDG_CACHE_HOME: join(home, 'cache'),
  };
  const dirs = ['--user-data-dir', join(home, 'ud'), '--extensions-dir', join(home, 'ext')];
  const inst = spawnSync(CODE_SERVER, [...dirs, '--install-extension', vsix], { env, encoding: 'utf8', timeout: 120000 });
  if (inst.status !== 0) throw new Error(`installing the .vsix failed: ${inst.stdout}${inst.stderr}`);

  const port = await freePort();
  let log = '';
  const server: ChildProcess = spawn(
    CODE_SERVER,
    [...dirs, '--auth', 'none', '--disable-telemetry', '--disable-update-check', '--disable-workspace-trust',
      '--disable-getting-started-override', '--bind-addr', `127.0.0.1:${port}`, folder],
    { env, detached: true, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  server.stdout?.on('data', (d: Buffer) => (log += d.toString()));
  server.stderr?.on('data', (d: Buffer) => (log += d.toString()));
  const base = `http://127.0.0.1:${port}`;
  const until = Date.now() + 60000;
  for (;;) {
    try {
      if ((await fetch(`${base}/healthz`)).ok) break;
    } catch {
      /* not yet */
    }
    if (Date.now() > until) throw new Error(`code-server did not answer on ${base}: ${log}`);
    await new Promise((r) => setTimeout(r, 250));
  }

  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const url = `${base}/?folder=${encodeURIComponent(folder)}`;
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  return {
    page,
    url,
    log: () => log,
    async stop() {
      await browser.close().catch(() => undefined);
      try {
        if (server.pid) process.kill(-server.pid, 'SIGTERM');
      } catch {
        /* gone */
      }
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Opens a workspace file through Quick Open (Ctrl+P), as a person would, and waits for its editor tab. */
export async function openFile(page: Page, name: string): Promise<void> {
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10000 });
    await input.fill(name);
    const row = page.locator(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`).first();
    try {
      await row.waitFor({ timeout: 5000 });
      await page.keyboard.press('Enter');
      await page.locator(`.tabs-container .tab[aria-label*="${name}"]`).first().waitFor({ timeout: 10000 });
      return;
    } catch {
      await page.keyboard.press('Escape');
    }
  }
  throw new Error(`could not open ${name} through Quick Open`);
}

/** The rows of the Problems panel (opened with Ctrl+Shift+M): accessible text (message, line, character, source)
 * followed by the shown text (which has the rule code). */
export async function problems(page: Page): Promise<string[]> {
  const panel = page.locator('.markers-panel');
  if (!(await panel.isVisible())) await page.keyboard.press('Control+Shift+M');
  await panel.waitFor({ timeout: 10000 });
  return page.locator('.markers-panel .monaco-list-row').evaluateAll((rows) =>
    rows.map((r) => `${r.getAttribute('aria-label') ?? ''} | ${r.textContent ?? ''}`),
  );
}

/** Polls `read` until `ok` holds for its value, or fails with the last value seen. */
export async function until<T>(what: string, read: () => Promise<T>, ok: (v: T) => boolean, ms = 60000): Promise<T> {
  const end = Date.now() + ms;
  let last: T | undefined;
  while (Date.now() < end) {
    last = await read();
    if (ok(last)) return last;
    await new Promise((r) => setTimeout(r, 500));
  }
  throw new Error(`timed out waiting for ${what}; last seen: ${JSON.stringify(last)}`);
}
