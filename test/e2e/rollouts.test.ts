// Shipping a canary from the real editor, as a person would: the packaged extension in code-server (VS Code 1.100.3)
// on a workspace with the seed manifests, a real kube-apiserver on 127.0.0.1 holding them, and the controller
// stand-in playing Argo (and the HPA's bounds). The Argo Rollouts view shows flaskdemo paused at 1/8; "Argo
// Rollouts: Promote" from the command palette moves it on in the API server and in the tree; "Abort" (confirmed in
// the modal) turns it Degraded; the rollout page opens from the tree, shows steps and weights and follows a retry
// live. A screenshot of each stage goes to test-artifacts/e2e/.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import type { FrameLocator, Page } from 'playwright-core';
import { openFile, until, type Editor } from './editor';
import { startSeedEditor, type SeedEditor } from './seedEditor';

let seed: SeedEditor;
let editor: Editor;
const rollout = () => seed.rollout();
const shot = (page: Page, name: string) => seed.shot(page, name);

before(async () => {
  seed = await startSeedEditor('rollouts');
  editor = seed.editor;
});

after(async () => {
  await seed?.stop();
});

/** The accessible labels of the Rollouts view's rows. */
async function treeRows(page: Page): Promise<string[]> {
  return page.locator('.pane-body .monaco-list-row').evaluateAll((rows) => rows.map((r) => r.getAttribute('aria-label') ?? ''));
}

async function flaskdemoRow(page: Page): Promise<string> {
  return (await treeRows(page)).find((r) => r.startsWith('flaskdemo,')) ?? '';
}

async function palette(page: Page, command: string): Promise<void> {
  await page.keyboard.press('Control+Shift+P');
  const input = page.locator('.quick-input-widget input');
  await input.waitFor({ timeout: 10000 });
  await input.fill(`>${command}`);
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: new RegExp(`^${command.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(?!\\s*Full)`) }).first();
  await row.waitFor({ timeout: 10000 });
  await row.click();
}

async function pickRolloutInQuickPick(page: Page, name: string): Promise<void> {
  const row = page.locator('.quick-input-list .monaco-list-row').filter({ hasText: name }).first();
  await row.waitFor({ timeout: 15000 });
  await row.click();
}

test('the Argo Rollouts view shows flaskdemo paused at 1/8: set weight 20, actual 16', async () => {
  const { page } = editor;
  await openFile(page, 'rollout.yaml');
  await page.locator('.activitybar [aria-label^="Argo Rollouts"]').first().click();
  // a wider side bar, as a person would drag it, so the descriptions are readable in the screenshots
  const bar = await page.locator('.part.sidebar').boundingBox();
  if (bar) {
    const edge = bar.x + bar.width;
    await page.mouse.move(edge, 500);
    await page.mouse.down();
    await page.mouse.move(edge + 320, 500, { steps: 8 });
    await page.mouse.up();
  }
  const row = await until('flaskdemo in the tree', () => flaskdemoRow(page), (r) => r.includes('Paused · 1/8 · 20% (actual 16%)'), 90000);
  assert.match(row, /^flaskdemo, Paused · 1\/8 · 20% \(actual 16%\)$/);
  const rows = await treeRows(page);
  assert.ok(rows.some((r) => r.startsWith('admin, default · test/admin')), rows.join('\n'));
  // the status bar names context and namespace, and the one rollout waiting
  const status = await page.locator('.statusbar-item[id*="rolloutPilot.context"]').first().innerText();
  assert.match(status, /admin\/default/);
  // expand it: revisions (newest first) with their ReplicaSets and pods, as `get rollout` prints them
  const twistie = page.locator('.pane-body .monaco-list-row[aria-label^="flaskdemo,"] .monaco-tl-twistie').first();
  await twistie.click();
  const expanded = await until('the revisions under flaskdemo', () => treeRows(page), (r) => r.some((x) => x.startsWith('revision:2,')) && r.some((x) => x.startsWith('revision:1,')));
  assert.ok(expanded.findIndex((x) => x.startsWith('revision:2,')) < expanded.findIndex((x) => x.startsWith('revision:1,')));
  await until('the canary ReplicaSet and its pod', () => treeRows(page), (r) => r.some((x) => /^flaskdemo-[a-z0-9]+, Healthy · canary · 1\/1 available/.test(x)) && r.some((x) => /Running · ready 1\/1/.test(x)));
  await shot(page, '1-sidebar-paused');
  await twistie.click();
});

test('palette "Argo Rollouts: Promote" → quick pick → the API server object moves on, and so does the tree', async () => {
  const { page } = editor;
  await palette(page, 'Argo Rollouts: Promote');
  await pickRolloutInQuickPick(page, 'flaskdemo');
  const ro = await until('the controller past step 1', rollout, (r) => (r.status?.currentStepIndex ?? 0) >= 2, 30000);
  assert.ok((ro.status?.currentStepIndex ?? 0) >= 2);
  const row = await until('the tree past 1/8', () => flaskdemoRow(page), (r) => /· [3-8]\/8 ·/.test(r), 30000);
  assert.doesNotMatch(row, /1\/8/);
  await shot(page, '2-promoted');
});

test('palette "Argo Rollouts: Abort" asks in a modal naming rollout, namespace and context; confirmed, the tree says Degraded', async () => {
  const { page } = editor;
  await palette(page, 'Argo Rollouts: Abort');
  await pickRolloutInQuickPick(page, 'flaskdemo');
  const dialog = page.locator('.monaco-dialog-box');
  await dialog.waitFor({ timeout: 15000 });
  const text = await dialog.innerText();
  assert.match(text, /Abort rollout 'flaskdemo' in namespace 'default' \(context 'admin'\)\?/);
  await shot(page, '3-abort-confirm');
  await dialog.locator('.monaco-button', { hasText: /^Abort$/ }).click();
  const ro = await until('abort in the API server', rollout, (r) => r.status?.abort === true, 30000);
  assert.equal(ro.status?.abort, true);
  await until('the tree says Degraded', () => flaskdemoRow(page), (r) => r.startsWith('flaskdemo, Degraded'), 30000);
  await shot(page, '4-aborted');
});

function pageFrame(page: Page): FrameLocator {
  return page.frameLocator('iframe.webview.ready').frameLocator('#active-frame');
}

test('the rollout page opens from the tree, shows steps and weights, and follows a retry live', async () => {
  const { page } = editor;
  const consoleLines: string[] = [];
  page.on('console', (m) => consoleLines.push(`${m.type()}: ${m.text()}`));
  page.on('pageerror', (e) => consoleLines.push(`pageerror: ${e.message}`));
  await page.locator('.pane-body .monaco-list-row[aria-label^="flaskdemo,"]').first().click();
  const frame = pageFrame(page);
  try {
    await frame.locator('body').getByText('flaskdemo').first().waitFor({ timeout: 30000 });
  } catch (e) {
    await shot(page, 'page-failed');
    const frames = page.frames().map((f) => `${f.name()} ${f.url().slice(0, 120)}`);
    throw new Error(`the rollout page did not show: ${String(e)}\nframes:\n${frames.join('\n')}\nconsole:\n${consoleLines.join('\n')}`);
  }
  await until('the page shows Degraded', () => frame.locator('body').innerText(), (t) => /Degraded/.test(t), 30000);
  const body = await frame.locator('body').innerText();
  assert.match(body, /setWeight: 20|Set weight|20%/i);
  await shot(page, '5-page-degraded');
  // retry from the page's own button: the extension acts, the page follows the watch
  await frame.getByRole('button', { name: /^Retry/ }).click();
  await until('retry in the API server', rollout, (r) => !r.status?.abort, 30000);
  await until('the page leaves Degraded', () => frame.locator('body').innerText(), (t) => !/Degraded/.test(t) && /Paused|Progressing/.test(t), 30000);
  await until('the page paused at 1/8 again', () => frame.locator('body').innerText(), (t) => /waiting for promotion/.test(t), 30000);
  await palette(page, 'Notifications: Clear All Notifications');
  await shot(page, '6-page-retried');
});
