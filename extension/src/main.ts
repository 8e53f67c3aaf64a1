// Composition root: builds the one context object and hands it to each part; wiring only.
import * as vscode from 'vscode';
import { keyOfArg, pickRollout, registerActionCommands } from './commands/actions';
import { registerClusterCommands } from './commands/cluster';
import type { ClusterSession } from './cluster';
import { Ctx } from './ctx';
import { startLanguageClient } from './languageClient';
import { RolloutPanels } from './panels/rolloutPanel';
import { watchTransitions } from './views/notifications';
import { RolloutTree } from './views/rolloutTree';
import { registerLens } from './lens/register';
import { createStatusBar } from './views/statusBar';

let ctx: Ctx | undefined;

/** What `activate` returns (`vscode.extensions.getExtension('rollout-pilot.rollout-pilot').exports`): for
 * extension-host tests and for other extensions, read-only views of what the extension shows. */
export interface RolloutPilotApi {
  /** the Rollouts view's data provider (its `getChildren`/`getTreeItem` are what VS Code calls) */
  readonly rolloutTree: vscode.TreeDataProvider<unknown>;
  /** the cluster session the views read, undefined in Restricted Mode */
  readonly session: () => ClusterSession | undefined;
  /** the open rollout pages, as `context|namespace/name` */
  readonly openRolloutPages: () => string[];
}

export async function activate(extension: vscode.ExtensionContext): Promise<RolloutPilotApi> {
  const c = new Ctx(extension);
  ctx = c;
  extension.subscriptions.push(c);

  c.own(
    vscode.commands.registerCommand('rolloutPilot.restartServer', async () => {
      if (c.client) await c.client.restart();
      else await startLanguageClient(c);
    }),
  );
  c.own(vscode.commands.registerCommand('rolloutPilot.showOutput', () => c.output.show(true)));

  // shipping: the cluster session (off in a restricted workspace), its views and commands
  const tree = c.own(new RolloutTree(c));
  const panels = c.own(new RolloutPanels(c));
  c.own(vscode.commands.registerCommand('rolloutPilot.openRolloutPage', async (arg?: unknown) => {
    const key = keyOfArg(arg) ?? (await pickRollout(c, undefined, 'Open the page of which rollout?'))?.key;
    if (key) panels.open(key);
  }));
  registerActionCommands(c);
  registerClusterCommands(c);
  createStatusBar(c);
  watchTransitions(c);
  c.own(vscode.workspace.onDidGrantWorkspaceTrust(() => c.startSession()));
  c.own(
    vscode.workspace.onDidChangeConfiguration((e) => {
      if (e.affectsConfiguration('rolloutPilot.kubeconfig')) c.startSession();
    }),
  );
  c.startSession();

  // the manifest meets the cluster: CodeLens, compare with live, drift hints
  const lens = registerLens(c);

  // editing: the manifest checker
  await startLanguageClient(c);
  lens.clientStarted();
  return { rolloutTree: tree as vscode.TreeDataProvider<unknown>, session: () => c.session, openRolloutPages: () => panels.openKeys };
}

export async function deactivate(): Promise<void> {
  await ctx?.client?.stop();
  ctx?.dispose();
  ctx = undefined;
}
