// The shipping side's surface, from inside the extension host: every contributed command is registered, and the
// Rollouts tree's data provider returns what VS Code would draw — context → rollout → revisions for the context's
// namespace, context → namespace → rollout once "All namespaces" is picked — compared with the API server's objects.
import assert from 'node:assert/strict';
import { suite, suiteSetup, test } from 'mocha';
import * as vscode from 'vscode';
import type { RolloutPilotApi } from '../../../extension/src/main';
import { EXTENSION_ID, api, fixture, getJson, kube, open, until } from './util';

interface Node {
  kind: string;
  label: string;
  contextValue: string;
}

interface RsList {
  items: Array<{ metadata: { annotations?: Record<string, string>; ownerReferences?: Array<{ kind: string; name: string }> } }>;
}

let pilot: RolloutPilotApi;

async function roots(): Promise<Node[]> {
  return ((await pilot.rolloutTree.getChildren()) ?? []) as Node[];
}

async function children(n: Node): Promise<Node[]> {
  return ((await pilot.rolloutTree.getChildren(n)) ?? []) as Node[];
}

/** The roots and, under a single root, its children. The nodes are a snapshot: as VS Code does on the view's change
 * event, ask again from the top. */
async function top(): Promise<{ ctx: Node[]; below: Node[] }> {
  const r = await roots();
  return { ctx: r, below: r.length === 1 ? await children(r[0]!) : [] };
}

async function item(n: Node): Promise<vscode.TreeItem> {
  return pilot.rolloutTree.getTreeItem(n);
}

function labelOf(t: vscode.TreeItem): string {
  return typeof t.label === 'string' ? t.label : (t.label?.label ?? '');
}

/**
 * Runs `command` and picks the item at `index` (0 = first) of the quick pick it shows, as a person would with the
 * keys (first item, down `index` times, Enter); resolves once `done()` says the pick took effect. The extension host
 * shows a quick pick first and sends its items after: an Enter that lands in between closes it with nothing picked,
 * as it would for a person; then the command is run again (at most 5 times).
 */
async function pickInQuickPick(command: string, index: number, done: () => boolean): Promise<void> {
  const attempts: string[] = [];
  for (let attempt = 1; attempt <= 5; attempt++) {
    let returned: string | undefined;
    const shown = Promise.resolve(vscode.commands.executeCommand(command)).then(
      () => (returned = 'returned'),
      (e: Error) => (returned = `failed: ${e.message}`),
    );
    // until the quick pick is up, these commands find none and do nothing
    await until(`${command}'s quick pick shown and answered`, async () => {
      if (!returned) {
        await new Promise((r) => setTimeout(r, 150));
        await vscode.commands.executeCommand('quickInput.first');
        for (let i = 0; i < index; i++) await vscode.commands.executeCommand('quickInput.next');
        await vscode.commands.executeCommand('workbench.action.acceptSelectedQuickOpenItem');
      }
      return returned;
    }, (r) => r !== undefined, 30000);
    await shown;
    try {
      await until(`the pick of ${command} taking effect`, done, (ok) => ok, 5000);
      return;
    } catch {
      attempts.push(`attempt ${attempt}: the command ${returned}, the pick did not take effect`);
    }
  }
  throw new Error(`${command}: ${attempts.join('; ')}`);
}

suite('views', () => {
  suiteSetup(async () => {
    await open('rollout.yaml');
    pilot = await api();
  });

  test('every contributed command is registered', async () => {
    const declared = (vscode.extensions.getExtension(EXTENSION_ID)!.packageJSON.contributes.commands as Array<{ command: string }>).map((c) => c.command);
    assert.ok(declared.length > 10, 'package.json declares the commands');
    const registered = new Set(await vscode.commands.getCommands(true));
    assert.deepEqual(declared.filter((c) => !registered.has(c)), []);
  });

  test("the tree: context → rollout (with the actions it allows in its contextValue) → the API server's revisions", async () => {
    const { rollout } = fixture();
    const { context } = kube();
    const { ctx, below: ro } = await until('the paused rollout under the context node', top, (t) => t.ctx[0]?.contextValue === 'context' && t.below.some((n) => n.label === rollout && n.contextValue.includes(';promote;')));
    assert.equal(ctx.length, 1);
    const ctxItem = await item(ctx[0]!);
    assert.equal(ctxItem.contextValue, 'context');
    assert.equal(labelOf(ctxItem), context);
    assert.equal(ctxItem.collapsibleState, vscode.TreeItemCollapsibleState.Expanded);
    const roNode = ro.find((n) => n.label === rollout)!;
    const roItem = await item(roNode);
    assert.match(roItem.contextValue ?? '', /^rollout;/);
    for (const action of ['promote', 'abort', 'setImage']) assert.match(roItem.contextValue ?? '', new RegExp(`;${action};`), `paused at a step, ${action} is offered`);
    assert.match(String(roItem.description), /Paused/);
    assert.equal(roItem.collapsibleState, vscode.TreeItemCollapsibleState.Collapsed);

    // the revisions the API server's ReplicaSets carry, newest first, as `kubectl argo rollouts get rollout` lists them
    const rs = await getJson<RsList>('/apis/apps/v1/namespaces/default/replicasets');
    const revisions = rs.items
      .filter((r) => r.metadata.ownerReferences?.some((o) => o.kind === 'Rollout' && o.name === rollout))
      .map((r) => Number(r.metadata.annotations?.['rollout.argoproj.io/revision']))
      .sort((a, b) => b - a);
    assert.ok(revisions.length >= 2, 'the canary has a new revision next to the stable one');
    const revNodes = (await children(roNode)).filter((n) => n.kind === 'revision');
    const revItems = await Promise.all(revNodes.map(item));
    assert.deepEqual(revItems.map(labelOf), revisions.map((r) => `revision:${r}`));
    for (const r of revItems) assert.match(r.contextValue ?? '', /^revision(;current)?$/);
    assert.ok(revItems.every((r) => r.contextValue === 'revision;current'), 'both revisions run pods while paused at a canary step');
  });

  test('after "Pick Namespace…" → All namespaces: context → one node per namespace → its rollout', async () => {
    const { rollout, namespaces } = fixture();
    await pickInQuickPick('rolloutPilot.pickNamespace', 0, () => pilot.session()?.view.namespace === '*');
    try {
      const view = () => {
        const v = pilot.session()?.view;
        return JSON.stringify({ namespace: v?.namespace, status: v?.status, health: v?.health, settled: v?.settled, entries: v?.entries.map((e) => e.key) });
      };
      const { ctx, below: nsNodes } = await until('context → one node per namespace', top, (t) => t.ctx.length === 1 && t.below.filter((n) => n.kind === 'namespace').length === namespaces.length && t.below.every((n) => n.kind !== 'message')).catch((e: Error) => {
        throw new Error(`${e.message}\nthe session's view: ${view()}`);
      });
      const ctxItem = await item(ctx[0]!);
      assert.equal(ctxItem.contextValue, 'context');
      assert.match(String(ctxItem.description), /^all namespaces/);
      const nsItems = await Promise.all(nsNodes.map(item));
      assert.deepEqual(nsItems.map(labelOf), [...namespaces].sort());
      for (const [i, n] of nsNodes.entries()) {
        assert.equal(nsItems[i]!.contextValue, 'namespace');
        const ros = await Promise.all((await children(n)).map(item));
        assert.deepEqual(ros.map(labelOf), [rollout]);
        assert.match(ros[0]!.contextValue ?? '', /^rollout;/);
      }
    } finally {
      // back to the context's namespace (the second item) for the tests that follow
      await pickInQuickPick('rolloutPilot.pickNamespace', 1, () => pilot.session()?.view.namespace === 'default');
    }
  });

  test('"Open Rollout Page" on a rollout key opens its page', async () => {
    const key = `default/${fixture().rollout}`;
    await vscode.commands.executeCommand('rolloutPilot.openRolloutPage', key);
    // the keys are `context|namespace/name`
    await until('the page open', () => pilot.openRolloutPages(), (k) => k.some((x) => x === key || x.endsWith(`|${key}`)), 30000);
    await vscode.commands.executeCommand('workbench.action.closeActiveEditor');
  });
});
