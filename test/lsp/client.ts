// A small editor stand-in for the language-server tests: spawns `node dist/server.js --stdio` (or forks it with
// `--node-ipc`), speaks JSON-RPC to it with vscode-jsonrpc as an editor's client library does, answers
// workspace/configuration, and records every publishDiagnostics / showMessage.
import { spawn, fork, type ChildProcess } from 'node:child_process';
import {
  createMessageConnection,
  IPCMessageReader,
  IPCMessageWriter,
  StreamMessageReader,
  StreamMessageWriter,
  type MessageConnection,
} from 'vscode-jsonrpc/node';
import type {
  ClientCapabilities,
  CodeAction,
  Diagnostic,
  InitializeResult,
  PublishDiagnosticsParams,
  ShowMessageParams,
  TextDocumentContentChangeEvent,
} from 'vscode-languageserver-protocol';

export const SERVER = 'dist/server.js';

export interface StartOptions {
  transport?: 'stdio' | 'ipc';
  initializationOptions?: unknown;
  /** When set, the client announces workspace/configuration and answers it with this function's result (or what its
   * promise resolves to: an answer can be held back). */
  configuration?: () => unknown;
  /** Another server to spawn over stdio instead of ours (node script + args), e.g. yaml-language-server for comparison. */
  serverArgs?: string[];
  /** The workspace folder (a file: URI) sent as rootUri and workspaceFolders; the client then also announces that
   * it lets the server register file watchers (workspace/didChangeWatchedFiles), as VS Code does. */
  rootUri?: string;
  /** The client announces that the file watchers the server registers may have a base folder (LSP 3.17
   * `relativePatternSupport`, as vscode-languageclient 9 does), with or without a rootUri. */
  relativePatterns?: boolean;
  /** Environment variables laid over the server's (this process's); undefined leaves one out. */
  env?: Record<string, string | undefined>;
  /** Node options of a server forked for `ipc` (the extension forks it with server/src/lsp/launch.json's). */
  execArgv?: string[];
}

type Waiter = { uri: string; pred: (p: PublishDiagnosticsParams) => boolean; resolve: (p: PublishDiagnosticsParams) => void };

export class LspClient {
  readonly published: PublishDiagnosticsParams[] = [];
  readonly messages: ShowMessageParams[] = [];
  readonly logs: string[] = [];
  /** client/registerCapability requests received. */
  readonly registrations: Array<{ id: string; method: string; registerOptions?: unknown }> = [];
  /** client/unregisterCapability requests received. */
  readonly unregistrations: Array<{ id: string; method: string }> = [];
  stderr = '';
  configurationRequests = 0;
  /** `workspace/inlayHint/refresh` requests received (the client announces refreshSupport). */
  inlayHintRefreshes = 0;
  initializeResult!: InitializeResult;
  private waiters: Waiter[] = [];
  private exited: Promise<number | null>;

  private constructor(
    readonly proc: ChildProcess,
    readonly conn: MessageConnection,
  ) {
    this.exited = new Promise((resolve) => proc.on('exit', (code) => resolve(code)));
    proc.stderr?.on('data', (d: Buffer) => (this.stderr += d.toString()));
    conn.onNotification('textDocument/publishDiagnostics', (p: PublishDiagnosticsParams) => {
      this.published.push(p);
      this.waiters = this.waiters.filter((w) => {
        if (w.uri !== p.uri || !w.pred(p)) return true;
        w.resolve(p);
        return false;
      });
    });
    conn.onNotification('window/showMessage', (p: ShowMessageParams) => this.messages.push(p));
    conn.onNotification('window/logMessage', (p: { message: string }) => this.logs.push(p.message));
    conn.onRequest('client/registerCapability', (p: { registrations: Array<{ id: string; method: string; registerOptions?: unknown }> }) => {
      this.registrations.push(...p.registrations);
      return null;
    });
    // (the protocol spells it `unregisterations`)
    conn.onRequest('client/unregisterCapability', (p: { unregisterations: Array<{ id: string; method: string }> }) => {
      this.unregistrations.push(...p.unregisterations);
      return null;
    });
    conn.onRequest('window/showMessageRequest', () => null);
    conn.onRequest('workspace/inlayHint/refresh', () => {
      this.inlayHintRefreshes++;
      return null;
    });
  }

  static async start(opts: StartOptions = {}): Promise<LspClient> {
    let proc: ChildProcess;
    let conn: MessageConnection;
    if (opts.transport === 'ipc') {
      proc = fork(SERVER, ['--node-ipc'], { stdio: ['ignore', 'ignore', 'pipe', 'ipc'], env: { ...process.env, ...opts.env }, ...(opts.execArgv ? { execArgv: opts.execArgv } : {}) });
      conn = createMessageConnection(new IPCMessageReader(proc), new IPCMessageWriter(proc));
    } else {
      proc = spawn(process.execPath, opts.serverArgs ?? [SERVER, '--stdio'], { stdio: ['pipe', 'pipe', 'pipe'], env: { ...process.env, ...opts.env } });
      conn = createMessageConnection(new StreamMessageReader(proc.stdout!), new StreamMessageWriter(proc.stdin!));
    }
    const client = new LspClient(proc, conn);
    if (opts.configuration) {
      const answer = opts.configuration;
      conn.onRequest('workspace/configuration', async (params: { items: Array<{ section?: string }> }) => {
        client.configurationRequests++;
        return Promise.all(params.items.map(() => answer()));
      });
    }
    conn.listen();
    const capabilities: ClientCapabilities = {
      workspace: {
        configuration: opts.configuration !== undefined,
        didChangeConfiguration: { dynamicRegistration: opts.configuration !== undefined },
        ...(opts.rootUri || opts.relativePatterns
          ? { didChangeWatchedFiles: { dynamicRegistration: true, ...(opts.relativePatterns ? { relativePatternSupport: true } : {}) } }
          : {}),
        ...(opts.rootUri ? { workspaceFolders: true } : {}),
        inlayHint: { refreshSupport: true },
      },
      textDocument: {
        synchronization: { dynamicRegistration: false },
        publishDiagnostics: { relatedInformation: false, versionSupport: true, codeDescriptionSupport: true, tagSupport: { valueSet: [1, 2] } },
        codeAction: { codeActionLiteralSupport: { codeActionKind: { valueSet: ['quickfix'] } }, isPreferredSupport: true },
      },
    };
    client.initializeResult = await conn.sendRequest('initialize', {
      processId: process.pid,
      rootUri: opts.rootUri ?? null,
      ...(opts.rootUri ? { workspaceFolders: [{ uri: opts.rootUri, name: 'workspace' }] } : {}),
      capabilities,
      initializationOptions: opts.initializationOptions,
    });
    await conn.sendNotification('initialized', {});
    return client;
  }

  /** The next publication for `uri` that satisfies `pred` (the latest one already received counts). */
  diagnostics(
    uri: string,
    pred: (p: PublishDiagnosticsParams) => boolean = () => true,
    timeoutMs = 10000,
  ): Promise<PublishDiagnosticsParams> {
    const latest = [...this.published].reverse().find((p) => p.uri === uri);
    if (latest && pred(latest)) return Promise.resolve(latest);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        this.waiters = this.waiters.filter((w) => w !== waiter);
        reject(new Error(`no matching diagnostics for ${uri} within ${timeoutMs} ms; got ${JSON.stringify(latest)}\n${this.stderr}`));
      }, timeoutMs);
      const waiter: Waiter = {
        uri,
        pred,
        resolve: (p) => {
          clearTimeout(timer);
          resolve(p);
        },
      };
      this.waiters.push(waiter);
    });
  }

  /** The server's log line that its first read of the workspace folder ended (`indexed N YAML files in T ms`), waited
   * for at most `ms`; undefined when it did not come. */
  async firstRead(ms = 10000): Promise<string | undefined> {
    const line = () => this.logs.find((l) => /indexed \d+ YAML files/.test(l));
    for (const until = Date.now() + ms; !line() && Date.now() < until; ) await delay(20);
    return line();
  }

  /** Diagnostics published for exactly this version of the document. */
  diagnosticsFor(uri: string, version: number): Promise<Diagnostic[]> {
    return this.diagnostics(uri, (p) => p.version === version).then((p) => p.diagnostics);
  }

  open(uri: string, text: string, version = 1, languageId = 'yaml'): Promise<void> {
    return this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId, version, text } });
  }

  change(uri: string, version: number, contentChanges: TextDocumentContentChangeEvent[]): Promise<void> {
    return this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
  }

  close(uri: string): Promise<void> {
    return this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
  }

  codeActions(uri: string, range: Diagnostic['range'], diagnostics: Diagnostic[] = []): Promise<CodeAction[]> {
    return this.conn.sendRequest('textDocument/codeAction', { textDocument: { uri }, range, context: { diagnostics } });
  }

  request<T>(method: string, params?: unknown): Promise<T> {
    return params === undefined ? this.conn.sendRequest(method) : this.conn.sendRequest(method, params);
  }

  notify(method: string, params: unknown): Promise<void> {
    return this.conn.sendNotification(method, params);
  }

  get alive(): boolean {
    return this.proc.exitCode === null && this.proc.signalCode === null;
  }

  /** shutdown + exit, as an editor closes a server; resolves with the exit code. */
  async stop(): Promise<number | null> {
    if (this.alive) {
      try {
        await Promise.race([this.conn.sendRequest('shutdown'), delay(5000)]);
        await this.conn.sendNotification('exit');
      } catch {
        // the process is gone already
      }
    }
    const code = await Promise.race([this.exited, delay(5000).then(() => 'timeout' as const)]);
    this.conn.dispose();
    if (code === 'timeout') {
      this.proc.kill();
      return null;
    }
    return code;
  }
}

export function delay(ms: number): Promise<void> {
  return new Promise((r) => setTimeout(r, ms));
}

/** Text of a range in a document (for asserting what a diagnostic points at). */
export function textOf(text: string, range: Diagnostic['range']): string {
  const lines = text.split('\n');
  if (range.start.line === range.end.line) return lines[range.start.line]!.slice(range.start.character, range.end.character);
  const parts = [lines[range.start.line]!.slice(range.start.character)];
  for (let l = range.start.line + 1; l < range.end.line; l++) parts.push(lines[l]!);
  parts.push(lines[range.end.line]!.slice(0, range.end.character));
  return parts.join('\n');
}

/** Applies LSP text edits (non-overlapping) to a text. */
export function applyEdits(text: string, edits: Array<{ range: Diagnostic['range']; newText: string }>): string {
  const offsets = lineOffsets(text);
  const at = (p: Diagnostic['range']['start']) => offsets[p.line]! + p.character;
  const sorted = [...edits].sort((a, b) => at(b.range.start) - at(a.range.start));
  let out = text;
  for (const e of sorted) out = out.slice(0, at(e.range.start)) + e.newText + out.slice(at(e.range.end));
  return out;
}

function lineOffsets(text: string): number[] {
  const o = [0];
  for (let i = 0; i < text.length; i++) if (text.charCodeAt(i) === 10) o.push(i + 1);
  return o;
}
