// A real VS Code for the end-to-end tests: code-server 4.100.3 (VS Code 1.100.3) with the packaged .vsix installed,
// on a free 127.0.0.1 port with its own temp dirs, driven by Debian's chromium through playwright-core.
// e2e/install-code-server.sh installs code-server into E2E_DIR (default ~/.cache/rollout-pilot/e2e), outside
// node_modules, and chromium from Debian; playwright-core (no browser of its own) is a devDependency.
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { startCodeServer } from '../../e2e/code-server.mjs';

export interface Editor {
  page: Page;
  url: string;
  /** code-server's own log (stderr), for failure messages */
  log: () => string;
  stop(): Promise<void>;
}

/** Starts code-server with `vsix` installed, opened on `folder`, and a headless chromium page on it. */
export async function startEditor(vsix: string, folder: string): Promise<Editor> {
  const home = mkdtempSync(join(tmpdir(), 'rollout-pilot-e2e-'));
  const server = await startCodeServer({
    vsix,
    folder,
    home,
    settings: { 'git.enabled': false, 'editor.quickSuggestions': { other: false, comments: false, strings: false } },
  });
  const browser: Browser = await chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update',
      '--disable-sync', '--no-first-run', '--disable-quic'],
  });
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const url = server.url;
  await page.goto(url);
  await page.waitForSelector('.monaco-workbench', { timeout: 60000 });
  return {
    page,
    url,
    log: server.log,
    async stop() {
      await browser.close().catch(() => undefined);
      server.stop();
      rmSync(home, { recursive: true, force: true });
    },
  };
}

/** Opens a workspace file through Quick Open (Ctrl+P), as a person would, and waits for its editor tab. */
export async function openFile(page: Page, name: string): Promise<void> {
  // already open in a tab: click it, as a person would
  const tab = page.locator(`.tabs-container .tab[aria-label*="${name}"]`).first();
  if ((await tab.count()) > 0) {
    await tab.click();
    await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).first().waitFor({ timeout: 10000 });
    return;
  }
  for (let attempt = 0; attempt < 5; attempt++) {
    await page.keyboard.press('Control+P');
    const input = page.locator('.quick-input-widget input');
    await input.waitFor({ timeout: 10000 });
    await input.fill(name);
    const row = page.locator(`.quick-input-list .monaco-list-row[aria-label*="${name}"]`).first();
    try {
      await row.waitFor({ timeout: 5000 });
      await page.keyboard.press('Enter');
      // the tab may exist already (opened before): wait until it is the active one
      await page.locator(`.tabs-container .tab.active[aria-label*="${name}"]`).first().waitFor({ timeout: 10000 });
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
