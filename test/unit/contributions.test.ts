// What package.json promises VS Code: the Argo Rollouts container and view, every action as a command in the
// "Argo Rollouts" category with an icon, menus whose `when` clauses match the contextValues the tree builds, the
// settings with descriptions, and the workspace-trust declaration. Checked against the code, not against itself.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, existsSync } from 'node:fs';
import { ACTIONS, type Gates } from '../../extension/src/cluster';
import { gatesContextValue } from '../../extension/src/cluster/actions/gates';

const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const c = pkg.contributes;
const commandIds = new Set<string>(c.commands.map((x: { command: string }) => x.command));
const sources = ['extension/src/main.ts', 'extension/src/commands/actions.ts', 'extension/src/commands/cluster.ts', 'extension/src/compare/compareCommand.ts'].map((f) => readFileSync(f, 'utf8')).join('\n');

test('an "Argo Rollouts" activity-bar container with its own monochrome SVG icon holds the Rollouts view', () => {
  const container = c.viewsContainers.activitybar.find((v: { id: string }) => v.id === 'argoRollouts');
  assert.equal(container.title, 'Argo Rollouts');
  assert.ok(container.icon.endsWith('.svg') && existsSync(container.icon));
  const svg = readFileSync(container.icon, 'utf8');
  assert.doesNotMatch(svg, /#[0-9a-f]{3,6}/i, 'monochrome: currentColor only, VS Code tints it');
  assert.deepEqual(c.views.argoRollouts.map((v: { id: string; name: string }) => [v.id, v.name]), [['rolloutPilot.rollouts', 'Rollouts']]);
  assert.ok(pkg.activationEvents.includes('onView:rolloutPilot.rollouts'));
  assert.ok(pkg.activationEvents.includes('onWebviewPanel:rolloutPilot.rollout'));
});

test('every action is a command in the Argo Rollouts category with an icon, and registered by the code', () => {
  for (const a of ACTIONS) {
    const cmd = c.commands.find((x: { command: string }) => x.command === `rolloutPilot.${a}`);
    assert.ok(cmd, a);
    assert.equal(cmd.category, 'Argo Rollouts', a);
    assert.match(cmd.icon, /^\$\([a-z-]+\)$/, a);
  }
  assert.match(sources, /registerCommand\(`rolloutPilot\.\$\{action\}`/);
  for (const id of commandIds) {
    const short = id.replace('rolloutPilot.', '');
    if ((ACTIONS as readonly string[]).includes(short)) continue;
    assert.ok(sources.includes(`'${id}'`), `${id} is registered`);
  }
});

test('menus name existing commands, and each item action shows exactly when the tree offers it', () => {
  const menus = c.menus;
  for (const [where, items] of Object.entries(menus) as Array<[string, Array<{ command: string; when?: string }>]>) {
    for (const m of items) {
      assert.ok(commandIds.has(m.command), `${where}: ${m.command}`);
      assert.ok(m.when, `${where}: ${m.command} has a when clause`);
    }
  }
  // evaluate the item menus' `viewItem =~ /…/` against contextValues built by the code
  const enabledOnly = (on: string[]) => Object.fromEntries(ACTIONS.map((a) => [a, { enabled: on.includes(a) }])) as Gates;
  const paused = gatesContextValue('rollout', enabledOnly(['promote', 'promoteFull', 'abort', 'restart', 'setImage', 'undo']));
  const aborted = gatesContextValue('rollout', enabledOnly(['retry', 'restart', 'setImage', 'undo']));
  const shows = (cv: string, command: string) =>
    menus['view/item/context'].some((m: { command: string; when: string }) => {
      if (m.command !== command) return false;
      const re = /viewItem =~ \/(.+?)\/(?: |$)/.exec(m.when);
      return re ? new RegExp(re[1]!).test(cv) : m.when.includes(`viewItem == ${cv}`);
    });
  assert.equal(shows(paused, 'rolloutPilot.promote'), true);
  assert.equal(shows(paused, 'rolloutPilot.retry'), false);
  assert.equal(shows(aborted, 'rolloutPilot.retry'), true);
  assert.equal(shows(aborted, 'rolloutPilot.promote'), false);
  assert.equal(shows(aborted, 'rolloutPilot.openRolloutPage'), true);
  assert.equal(shows('rollout;;', 'rolloutPilot.abort'), false, 'a viewer gets no write action');
  assert.equal(shows('pod', 'rolloutPilot.openRolloutPage'), false);
});

test('settings have descriptions and defaults; the kubeconfig setting is restricted in untrusted workspaces', () => {
  for (const [key, s] of Object.entries(c.configuration.properties) as Array<[string, { description?: string; markdownDescription?: string; default?: unknown }]>) {
    assert.ok(s.description || s.markdownDescription, `${key} has a description`);
    assert.ok('default' in s, `${key} has a default`);
  }
  assert.equal(c.configuration.properties['rolloutPilot.notifications'].default, true);
  assert.equal(pkg.capabilities.untrustedWorkspaces.supported, 'limited');
  assert.deepEqual(pkg.capabilities.untrustedWorkspaces.restrictedConfigurations, ['rolloutPilot.kubeconfig']);
  assert.ok('virtualWorkspaces' in pkg.capabilities);
  assert.ok(c.viewsWelcome.some((w: { when: string }) => w.when.includes('!isWorkspaceTrusted')));
});

test('engines.vscode stays at or below 1.100, the VS Code the end-to-end tests run', () => {
  const m = /^\^?(\d+)\.(\d+)/.exec(pkg.engines.vscode)!;
  assert.ok(Number(m[1]) === 1 && Number(m[2]) <= 100, pkg.engines.vscode);
});
