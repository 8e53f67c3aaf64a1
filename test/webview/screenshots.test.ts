// Every state in the Light+, Dark+ and High Contrast themes: the page takes its colours from the theme's variables
// (checked on the computed styles), shows a visible focus ring, and a PNG of each is written to
// test-artifacts/webview/ for a person to look at.
import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, statSync } from 'node:fs';
import type { Browser } from 'playwright-core';
import { launch, openPage } from './harness';
import { STATES } from './states';
import { THEMES, type ThemeKind } from './themes';

const OUT = 'test-artifacts/webview';
let browser: Browser;
before(async () => {
  browser = await launch();
  mkdirSync(OUT, { recursive: true });
});
after(async () => {
  await browser?.close();
});

function rgb(hex: string): string {
  const n = (i: number) => parseInt(hex.slice(i, i + 2), 16);
  return hex.length === 9 ? `rgba(${n(1)}, ${n(3)}, ${n(5)}, ${Math.round((n(7) / 255) * 1000) / 1000})` : `rgb(${n(1)}, ${n(3)}, ${n(5)})`;
}

for (const theme of Object.keys(THEMES) as ThemeKind[]) {
  test(`${theme} theme: the theme's colours and focus ring, and a screenshot of every state`, async () => {
    const p = await openPage(browser, theme);
    try {
      const vars = THEMES[theme].vars;
      for (const [name, make] of Object.entries(STATES)) {
        await p.send({ type: 'state', state: make() });
        const file = `${OUT}/${name}-${theme}.png`;
        await p.page.screenshot({ path: file, fullPage: true });
        assert.ok(statSync(file).size > 5000, `${file} was written`);
      }
      await p.send({ type: 'state', state: STATES['paused-manual']() });
      const look = await p.page.evaluate(() => {
        const body = getComputedStyle(document.body);
        const promote = document.getElementById('action-promote')!;
        promote.focus();
        // keyboard focus, as :focus-visible needs
        return { bodyClass: document.body.className, background: body.backgroundColor, color: body.color };
      });
      assert.equal(look.bodyClass, THEMES[theme].bodyClass);
      assert.equal(look.background, rgb(vars['--vscode-editor-background']));
      assert.equal(look.color, rgb(vars['--vscode-foreground']));
      await p.page.keyboard.press('Shift+Tab');
      await p.page.keyboard.press('Tab');
      const ring = await p.page.evaluate(() => {
        const el = document.activeElement as HTMLElement;
        const s = getComputedStyle(el);
        return { id: el.id, style: s.outlineStyle, colour: s.outlineColor, width: s.outlineWidth };
      });
      assert.deepEqual(ring, { id: 'action-promote', style: 'solid', colour: rgb(vars['--vscode-focusBorder']), width: '1px' });
      assert.deepEqual(await p.cspViolations(), []);
    } finally {
      await p.close();
    }
  });
}
