// Starts the language server (dist/server.js) over node IPC and hands it every YAML document; the server decides by
// content which documents it checks. Settings reach it through workspace/configuration.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { Ctx } from './ctx';

export function createLanguageClient(ctx: Ctx): LanguageClient {
  const module = ctx.extension.asAbsolutePath('dist/server.js');
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: ['--nolazy', '--inspect=6009'] } },
  };
  const clientOptions: LanguageClientOptions = {
    documentSelector: [
      // files only: the read-only copies of Compare with Live (scheme rollout-pilot-live) and git's diff sides would
      // repeat every finding in the Problems panel
      { scheme: 'file', language: 'yaml' },
      { scheme: 'file', pattern: '**/*.{yaml,yml}' },
      { scheme: 'untitled', language: 'yaml' },
    ],
    synchronize: { configurationSection: 'rolloutPilot' },
    outputChannel: ctx.output,
    traceOutputChannel: ctx.output,
  };
  return new LanguageClient('rolloutPilot', 'Rollout Pilot', serverOptions, clientOptions);
}

export async function startLanguageClient(ctx: Ctx): Promise<void> {
  ctx.client = createLanguageClient(ctx);
  try {
    await ctx.client.start();
  } catch (err) {
    ctx.output.error(`language server failed to start: ${err instanceof Error ? err.message : String(err)}`);
    void vscode.window.showErrorMessage('Rollout Pilot: the manifest checker could not start. See the Rollout Pilot output.');
  }
}
