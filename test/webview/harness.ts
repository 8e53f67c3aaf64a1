// The rollout page in headless Chromium, as VS Code shows it: the HTML from pageHtml (the same function the panel
// host uses), dist/webview.js and the codicons served through Playwright's request interception on a made-up
// https origin (nothing listens on the network), a stub acquireVsCodeApi that records what the page posts, the
// theme's CSS variables set on <html> the way VS Code sets them, and host messages delivered with
// window.postMessage.
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { randomBytes } from 'node:crypto';
import { chromium, type Browser, type Page } from 'playwright-core';
import { pageHtml } from '../../extension/src/panels/pageHtml';
import { THEMES, type ThemeKind } from './themes';

const ORIGIN = 'https://rollout-page.test';
const DIST = resolve('dist');
const TYPES: Record<string, string> = { '.js': 'text/javascript', '.css': 'text/css', '.ttf': 'font/ttf', '.map': 'application/json' };

export async function launch(): Promise<Browser> {
  return chromium.launch({
    executablePath: '/usr/bin/chromium',
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync', '--no-first-run', '--disable-quic'],
  });
}

export interface RolloutPage {
  page: Page;
  /** Messages the page posted to the host, in order. */
  posted(): Promise<unknown[]>;
  /** The page's setState value. */
  savedState(): Promise<unknown>;
  /** Delivers a message as the host does. */
  send(msg: unknown): Promise<void>;
  /** console.warn lines the page printed. */
  warnings: string[];
  /** CSP violations the page caused (must stay empty). */
  cspViolations(): Promise<string[]>;
  close(): Promise<void>;
}

export async function openPage(browser: Browser, theme: ThemeKind = 'dark', savedState?: unknown): Promise<RolloutPage> {
  const context = await browser.newContext({ viewport: { width: 1000, height: 800 }, deviceScaleFactor: 1 });
  const page = await context.newPage();
  const nonce = randomBytes(18).toString('base64');
  const html = pageHtml({
    nonce,
    cspSource: ORIGIN,
    scriptUri: `${ORIGIN}/dist/webview.js`,
    codiconCssUri: `${ORIGIN}/dist/codicons/codicon.css`,
    title: 'Rollout',
  });
  await page.route('**/*', async (route) => {
    const url = new URL(route.request().url());
    if (url.origin !== ORIGIN) return route.abort();
    if (url.pathname === '/index.html') return route.fulfill({ status: 200, contentType: 'text/html', body: html });
    if (url.pathname.startsWith('/dist/')) {
      const file = join(DIST, url.pathname.slice('/dist/'.length));
      const ext = file.slice(file.lastIndexOf('.'));
      try {
        return await route.fulfill({ status: 200, contentType: TYPES[ext] ?? 'application/octet-stream', body: readFileSync(file) });
      } catch {
        return route.fulfill({ status: 404, body: '' });
      }
    }
    return route.fulfill({ status: 404, body: '' });
  });
  const t = THEMES[theme];
  // a string, not a function: tsx would wrap the function's inner functions in a helper the page does not have
  await page.addInitScript(`(() => {
    const vars = ${JSON.stringify(t.vars)};
    const bodyClass = ${JSON.stringify(t.bodyClass)};
    window.__posted = [];
    window.__state = ${JSON.stringify(savedState ?? null)} ?? undefined;
    window.__csp = [];
    let acquired = false;
    window.acquireVsCodeApi = () => {
      if (acquired) throw new Error('An instance of the VS Code API has already been acquired');
      acquired = true;
      return Object.freeze({
        postMessage: (m) => void window.__posted.push(JSON.parse(JSON.stringify(m))),
        getState: () => window.__state,
        setState: (s) => { window.__state = s; return s; },
      });
    };
    document.addEventListener('securitypolicyviolation', (e) => window.__csp.push(e.violatedDirective + ' ' + e.blockedURI));
    document.addEventListener('DOMContentLoaded', () => {
      for (const [k, v] of Object.entries(vars)) document.documentElement.style.setProperty(k, v);
      document.body.classList.add(bodyClass);
    });
  })();`);
  const warnings: string[] = [];
  page.on('console', (m) => {
    if (m.type() === 'warning') warnings.push(m.text());
  });
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  await page.goto(`${ORIGIN}/index.html`);
  await page.waitForFunction(() => (window as unknown as { __posted: unknown[] }).__posted.length > 0);
  await page.evaluate(() => document.fonts.ready);
  return {
    page,
    warnings,
    posted: () => page.evaluate(() => (window as unknown as { __posted: unknown[] }).__posted),
    savedState: () => page.evaluate(() => (window as unknown as { __state: unknown }).__state),
    async send(msg) {
      await page.evaluate((m) => window.postMessage(m, '*'), msg as object);
      // a message event is a task: one round trip through the page lets it run
      await page.evaluate(() => new Promise((r) => setTimeout(r, 0)));
      if (errors.length) throw new Error(`page error: ${errors.join('\n')}`);
    },
    cspViolations: () => page.evaluate(() => (window as unknown as { __csp: string[] }).__csp),
    close: () => context.close(),
  };
}
