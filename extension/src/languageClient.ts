// Starts the language server (dist/server.js) over node IPC and hands it every YAML document; the server decides by
// content which documents it checks. Settings reach it with initialize and through workspace/configuration.
import * as vscode from 'vscode';
import { LanguageClient, TransportKind, type LanguageClientOptions, type ServerOptions } from 'vscode-languageclient/node';
import type { Ctx } from './ctx';
import { INLAY_HINTS_CHANGED_METHOD } from '../../server/src/lsp/protocol';
// how the server's Node runs (V8 flags, variables left out), shared with the benchmark so that it measures the server
// as started here
import { SERVER_ENV, SERVER_EXEC_ARGV } from '../../server/src/lsp/launch';

/** `rolloutPilot.inlayHints.enabled`: the canary step hints, off without touching `editor.inlayHints.enabled`. */
function inlayHintsEnabled(doc?: vscode.TextDocument): boolean {
  return vscode.workspace.getConfiguration('rolloutPilot', doc).get<boolean>('inlayHints.enabled', true);
}

const watchingInlayHints = new WeakSet<Ctx>();

export function createLanguageClient(ctx: Ctx): LanguageClient {
  const module = ctx.extension.asAbsolutePath('dist/server.js');
  // V8's code cache of the server, in the extension's own storage: every start after the first skips compiling the
  // bundle (server/src/boot.ts)
  const args = [`--code-cache=${vscode.Uri.joinPath(ctx.extension.globalStorageUri, 'code-cache').fsPath}`];
  const serverOptions: ServerOptions = {
    run: { module, transport: TransportKind.ipc, args, options: { execArgv: SERVER_EXEC_ARGV, env: SERVER_ENV } },
    debug: { module, transport: TransportKind.ipc, options: { execArgv: [...SERVER_EXEC_ARGV, '--nolazy', '--inspect=6009'], env: SERVER_ENV } },
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
    // the settings as they are now: the server checks the documents opened at start without waiting for its first
    // workspace/configuration request to be answered (it still asks, and re-checks if an answer differs)
    initializationOptions: () => ({ rolloutPilot: JSON.parse(JSON.stringify(vscode.workspace.getConfiguration('rolloutPilot'))) as unknown }),
    outputChannel: ctx.output,
    traceOutputChannel: ctx.output,
    middleware: {
      provideInlayHints: (document, range, token, next) => (inlayHintsEnabled(document) ? next(document, range, token) : []),
    },
  };
  return new LanguageClient('rolloutPilot', 'Rollout Pilot', serverOptions, clientOptions);
}

export async function startLanguageClient(ctx: Ctx): Promise<void> {
  ctx.client = createLanguageClient(ctx);
  if (!watchingInlayHints.has(ctx)) {
    watchingInlayHints.add(ctx);
    // the server asks the editor to request the hints again (the client alone cannot)
    ctx.own(
      vscode.workspace.onDidChangeConfiguration((e) => {
        if (e.affectsConfiguration('rolloutPilot.inlayHints.enabled') && ctx.client?.isRunning()) void ctx.client.sendNotification(INLAY_HINTS_CHANGED_METHOD);
      }),
    );
  }
  try {
    await ctx.client.start();
  } catch (err) {
    ctx.output.error(`language server failed to start: ${err instanceof Error ? err.message : String(err)}`);
    void vscode.window.showErrorMessage('Rollout Pilot: the manifest checker could not start. See the Rollout Pilot output.');
  }
}
