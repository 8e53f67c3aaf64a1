// The extension in a real VS Code (code-server 4.100.3 = VS Code 1.100.3), installed from the packaged .vsix, used as
// a person would: open the seed manifests, read the Problems panel, apply the quick fix from the lightbulb menu.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { cpSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { openFile, problems, startEditor, until, type Editor } from './editor';

const VSIX = resolve('dist/rollout-pilot.vsix'); // built by the suite's setup (npm run package)
const SHOTS = resolve('test-artifacts/e2e');
let editor: Editor;
let workspace: string;

before(async () => {
  workspace = mkdtempSync(join(tmpdir(), 'rollout-pilot-ws-'));
  for (const f of readdirSync('test/fixtures/seed')) cpSync(join('test/fixtures/seed', f), join(workspace, f));
  editor = await startEditor(VSIX, workspace);
});

after(async () => {
  await editor?.stop();
  rmSync(workspace, { recursive: true, force: true });
});

const has = (rows: string[], ...parts: string[]) => rows.some((r) => parts.every((p) => r.includes(p)));

test('the seed Rollout: the topologyKey typo shows in Problems, and the quick fix from the lightbulb menu clears it', async () => {
  const { page } = editor;
  await openFile(page, 'rollout.yaml');
  const rows = await until('the topologyKey warning in Problems', () => problems(page), (r) => has(r, 'kubernets.io/zone'));
  assert.ok(has(rows, 'unknown-topology-key', 'topology.kubernetes.io/zone'), rows.join('\n'));
  assert.ok(has(rows, 'kubernets.io/zone', 'at line 40 and character 30', 'rollout-pilot'), rows.join('\n'));

  // go to the value (Ctrl+G line:column) and open the quick fix menu (Ctrl+.)
  await page.locator('.monaco-editor .view-lines').first().click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(':40:33');
  await page.keyboard.press('Enter');
  await page.keyboard.press('Control+.');
  // the menu opens with the preferred fix focused: Enter applies it, as a keyboard user would
  const fix = page.locator('.action-widget .monaco-list-row.focused[aria-label*="topology.kubernetes.io/zone"]');
  await fix.waitFor({ timeout: 15000 });
  await page.keyboard.press('Enter');
  // Monaco renders spaces as no-break spaces
  const shown = async () => (await page.locator('.monaco-editor .view-lines').first().innerText()).replace(/\u00a0/g, ' ');
  await until('the fixed line in the editor', shown, (t) => t.includes('topologyKey: topology.kubernetes.io/zone'));
  await until('the warning to leave Problems', () => problems(page), (r) => !has(r, 'kubernets.io/zone'));
});

test('the seed HPA and Service: the removed API version and the removed field show in Problems', async () => {
  const { page } = editor;
  await openFile(page, 'hpa.yaml');
  await openFile(page, 'service.yaml');
  const rows = await until('both errors in Problems', () => problems(page),
    (r) => has(r, 'removed-api-version') && has(r, 'removed-field'));
  assert.ok(has(rows, 'removed-api-version', 'autoscaling/v2beta1', '1.25', 'at line 2 and character 13'), rows.join('\n'));
  assert.ok(has(rows, 'removed-field', 'topologyKeys', '1.22', 'at line 15 and character 3'), rows.join('\n'));
});

test('settings reach the server: targeting Kubernetes 1.24 makes the v2beta1 HPA a deprecation warning', async () => {
  const { page } = editor;
  // as a person editing .vscode/settings.json would; VS Code notices the file and the client pushes the change
  mkdirSync(join(workspace, '.vscode'), { recursive: true });
  writeFileSync(join(workspace, '.vscode', 'settings.json'), JSON.stringify({ 'rolloutPilot.kubernetesVersion': '1.24' }));
  const rows = await until('the HPA finding to follow the setting', () => problems(page),
    (r) => has(r, 'deprecated-api-version', 'autoscaling/v2beta1') && !has(r, 'removed-api-version'));
  assert.ok(has(rows, 'removed-field', 'topologyKeys'), 'topologyKeys was removed in 1.22, so still an error at 1.24');
});

test('the canary arithmetic beside the steps (inlay hints) and in the hover of a step, from the HPA in another file', async () => {
  const { page } = editor;
  await openFile(page, 'rollout.yaml');
  // Monaco renders spaces as no-break spaces; inlay hints are text injected into the line
  const view = page.locator('.editor-group-container.active .monaco-editor .view-lines:visible').first();
  // an earlier test may have left the editor scrolled down: go to the step (Ctrl+G line:column), so it is rendered
  await view.click();
  await page.keyboard.press('Control+G');
  await page.locator('.quick-input-widget input').fill(':12:20');
  await page.keyboard.press('Enter');
  const lines = async () => (await view.innerText()).replace(/\u00a0/g, ' ');
  const shown = await until('the hint after setWeight: 20', lines, (t) => /setWeight: 20\s*→ 1 canary \/ 5 stable · 16 % \(min 6\)/.test(t));
  assert.match(shown, /manual promotion/);
  mkdirSync(SHOTS, { recursive: true });
  await page.screenshot({ path: join(SHOTS, 'editor-canary-hints.png') });

  // the hover of the step's value (the cursor is on it), as a keyboard user asks for it: Ctrl+K Ctrl+I
  await page.keyboard.press('Control+K');
  await page.keyboard.press('Control+I');
  const hover = page.locator('.monaco-hover-content').filter({ hasText: 'minReplicas' }).first();
  await hover.waitFor({ state: 'visible', timeout: 30000 });
  const text = (await hover.innerText()).replace(/\u00a0/g, ' ');
  assert.match(text, /16 %/, text);
  await page.waitForTimeout(500); // the hover fades in
  await page.screenshot({ path: join(SHOTS, 'editor-canary-hover.png') });
});
