// Composition root: builds the context, starts the language client, registers commands. Wiring only.
import * as vscode from 'vscode';
import { createCtx, type Ctx } from './ctx';
import { startLanguageClient } from './languageClient';

let ctx: Ctx | undefined;

export async function activate(extension: vscode.ExtensionContext): Promise<void> {
  ctx = createCtx(extension);
  const c = ctx;
  extension.subscriptions.push(
    vscode.commands.registerCommand('rolloutPilot.restartServer', async () => {
      if (c.client) await c.client.restart();
      else await startLanguageClient(c);
    }),
    vscode.commands.registerCommand('rolloutPilot.showOutput', () => c.output.show(true)),
  );
  await startLanguageClient(c);
}

export async function deactivate(): Promise<void> {
  await ctx?.client?.stop();
  ctx = undefined;
}
