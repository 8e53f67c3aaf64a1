// The one context object the composition root builds: everything the extension owns hangs off it and is disposed
// with it; no module reaches for globals (the rust-analyzer `ctx.ts` pattern).
import * as vscode from 'vscode';
import type { LanguageClient } from 'vscode-languageclient/node';

export interface Ctx {
  readonly extension: vscode.ExtensionContext;
  readonly output: vscode.LogOutputChannel;
  client?: LanguageClient;
}

export function createCtx(extension: vscode.ExtensionContext): Ctx {
  const output = vscode.window.createOutputChannel('Rollout Pilot', { log: true });
  extension.subscriptions.push(output);
  return { extension, output };
}
