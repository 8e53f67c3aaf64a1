// A minimal editor-side LSP client for the benchmark: spawns a language server as a child process over stdio and
// talks to it with vscode-languageserver-protocol, as VS Code does (initialize, initialized, answering
// workspace/configuration, didOpen / didChange / didClose, listening for publishDiagnostics).
import { spawn } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import lsp from 'vscode-languageserver-protocol/node.js';

const { createProtocolConnection, StreamMessageReader, StreamMessageWriter } = lsp;

const live = new Set();
let exitHooked = false;
function hookExit() {
  if (exitHooked) return;
  exitHooked = true;
  // never leave a server behind, whatever way the bench ends
  process.on('exit', () => {
    for (const s of live) s.kill();
  });
  for (const sig of ['SIGINT', 'SIGTERM', 'SIGHUP']) {
    process.on(sig, () => {
      for (const s of live) s.kill();
      process.exit(130);
    });
  }
}

/** Follows a dotted section ("yaml", "rolloutPilot.kubernetesVersion") into a settings tree; null when absent. */
function lookup(tree, section) {
  if (!section) return tree;
  if (Object.prototype.hasOwnProperty.call(tree, section)) return tree[section];
  let cur = tree;
  for (const part of section.split('.')) {
    if (cur === null || typeof cur !== 'object' || !(part in cur)) return null;
    cur = cur[part];
  }
  return cur;
}

export class LspServer {
  /**
   * @param {object} o
   * @param {string} o.name label for messages
   * @param {string[]} o.args node arguments (script and flags)
   * @param {object} o.settings tree answering workspace/configuration (by section)
   * @param {unknown} [o.initializationOptions]
   * @param {string} o.rootDir workspace folder
   * @param {Record<string,string|undefined>} [o.env] laid over process.env; undefined leaves a variable out
   */
  constructor(o) {
    this.o = o;
    this.diagWaiters = [];
    this.publishes = new Map(); // uri -> { seq, version, diagnostics, at }
    this.versions = new Map();
    this.texts = new Map();
    this.stderr = '';
    this.configRequests = 0;
  }

  /** Spawns the server; `spawnedAt` is the performance.now() just before spawn (cold start's zero). */
  start() {
    hookExit();
    this.spawnedAt = performance.now();
    this.child = spawn(process.execPath, this.o.args, {
      stdio: ['pipe', 'pipe', 'pipe'],
      env: { ...process.env, ...(this.o.env ?? {}) },
      cwd: this.o.cwd,
    });
    live.add(this);
    this.exited = new Promise((resolve) => this.child.once('exit', (code, signal) => resolve({ code, signal })));
    this.exited.then(({ code, signal }) => {
      live.delete(this);
      this.dead = `${this.o.name} exited (code ${code}, signal ${signal})`;
      for (const w of this.diagWaiters.splice(0)) w.reject(new Error(`${this.dead}\n${this.stderrTail()}`));
    });
    this.child.stderr.setEncoding('utf8');
    this.child.stderr.on('data', (d) => {
      this.stderr = (this.stderr + d).slice(-20000);
    });
    this.child.stdin.on('error', () => undefined);
    const conn = createProtocolConnection(new StreamMessageReader(this.child.stdout), new StreamMessageWriter(this.child.stdin));
    this.conn = conn;
    conn.onRequest('workspace/configuration', (params) => {
      this.configRequests++;
      return params.items.map((item) => lookup(this.o.settings, item.section));
    });
    conn.onRequest((method) => {
      // client/registerCapability, window/workDoneProgress/create, ...: accepted, nothing to do
      if (method === 'vscode/content' || method === 'custom/schema/content') {
        throw new Error(`${method} is not served by the benchmark client`);
      }
      return null;
    });
    conn.onNotification('textDocument/publishDiagnostics', (p) => this.onDiagnostics(p));
    conn.onNotification(() => undefined); // window/logMessage, telemetry, ...
    conn.onError(() => undefined);
    conn.onClose(() => undefined);
    conn.listen();
    return this;
  }

  stderrTail() {
    return this.stderr.trim().split('\n').slice(-15).join('\n');
  }

  async initialize() {
    const rootUri = pathToFileURL(this.o.rootDir).href;
    const result = await this.conn.sendRequest('initialize', {
      processId: process.pid,
      clientInfo: { name: 'rollout-pilot-bench', version: '1' },
      rootUri,
      rootPath: this.o.rootDir,
      workspaceFolders: [{ uri: rootUri, name: 'bench' }],
      initializationOptions: this.o.initializationOptions ?? null,
      capabilities: {
        workspace: {
          configuration: true,
          workspaceFolders: true,
          didChangeConfiguration: { dynamicRegistration: true },
        },
        textDocument: {
          synchronization: { dynamicRegistration: false, didSave: false, willSave: false },
          publishDiagnostics: { relatedInformation: true, versionSupport: true, tagSupport: { valueSet: [1, 2] } },
        },
      },
    });
    this.capabilities = result.capabilities;
    const sync = result.capabilities.textDocumentSync;
    this.syncKind = typeof sync === 'number' ? sync : sync?.change ?? 0;
    await this.conn.sendNotification('initialized', {});
    return result;
  }

  onDiagnostics(p) {
    const at = performance.now();
    const prev = this.publishes.get(p.uri);
    const rec = { seq: (prev?.seq ?? 0) + 1, version: p.version, diagnostics: p.diagnostics, at };
    this.publishes.set(p.uri, rec);
    for (const w of [...this.diagWaiters]) {
      if (w.uri !== p.uri || rec.seq <= w.afterSeq) continue;
      // a server that states the version must be answering the current text; one that does not (YLS) is taken at
      // its word: the bench waits for each answer before it sends the next change
      if (p.version !== undefined && p.version !== null && p.version < this.versions.get(p.uri)) continue;
      if (w.accept && !w.accept(p.diagnostics)) continue;
      this.diagWaiters.splice(this.diagWaiters.indexOf(w), 1);
      clearTimeout(w.timer);
      w.resolve(rec);
    }
  }

  seqOf(uri) {
    return this.publishes.get(uri)?.seq ?? 0;
  }

  /** The next publishDiagnostics for `uri` after publish number `afterSeq` (that `accept` approves, if given). */
  waitForDiagnostics(uri, afterSeq, { timeoutMs = 120000, accept } = {}) {
    if (this.dead) return Promise.reject(new Error(this.dead));
    return new Promise((resolve, reject) => {
      const w = { uri, afterSeq, accept, resolve, reject };
      w.timer = setTimeout(() => {
        this.diagWaiters.splice(this.diagWaiters.indexOf(w), 1);
        reject(new Error(`${this.o.name}: no diagnostics for ${uri} within ${timeoutMs} ms\n${this.stderrTail()}`));
      }, timeoutMs);
      this.diagWaiters.push(w);
    });
  }

  /** Resolves once no diagnostics for `uri` have arrived for `quietMs`. */
  async settle(uri, quietMs) {
    for (;;) {
      const seq = this.seqOf(uri);
      await new Promise((r) => setTimeout(r, quietMs));
      if (this.seqOf(uri) === seq) return this.publishes.get(uri);
    }
  }

  open(uri, text) {
    this.versions.set(uri, 1);
    this.texts.set(uri, text);
    const afterSeq = this.seqOf(uri);
    const sentAt = performance.now();
    void this.conn.sendNotification('textDocument/didOpen', { textDocument: { uri, languageId: 'yaml', version: 1, text } });
    return { afterSeq, sentAt };
  }

  /** Replaces the whole text (one content change without a range: valid for full and incremental sync). */
  replace(uri, text) {
    const version = this.versions.get(uri) + 1;
    this.versions.set(uri, version);
    this.texts.set(uri, text);
    const afterSeq = this.seqOf(uri);
    const sentAt = performance.now();
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges: [{ text }] });
    return { afterSeq, sentAt };
  }

  /** Inserts `insert` at (line, character), as an editor sends a keystroke (a range edit when the server syncs incrementally). */
  type(uri, line, character, insert) {
    const version = this.versions.get(uri) + 1;
    this.versions.set(uri, version);
    const old = this.texts.get(uri);
    let offset = 0;
    for (let l = 0; l < line; l++) offset = old.indexOf('\n', offset) + 1;
    offset += character;
    const text = old.slice(0, offset) + insert + old.slice(offset);
    this.texts.set(uri, text);
    const pos = { line, character };
    const contentChanges = this.syncKind === 2 ? [{ range: { start: pos, end: pos }, text: insert }] : [{ text }];
    const afterSeq = this.seqOf(uri);
    const sentAt = performance.now();
    void this.conn.sendNotification('textDocument/didChange', { textDocument: { uri, version }, contentChanges });
    return { afterSeq, sentAt };
  }

  close(uri) {
    void this.conn.sendNotification('textDocument/didClose', { textDocument: { uri } });
    this.versions.delete(uri);
    this.texts.delete(uri);
  }

  /** Peak and current resident set of the server process, from /proc (MB). */
  memory() {
    const status = readFileSync(`/proc/${this.child.pid}/status`, 'utf8');
    const kb = (key) => Number(new RegExp(`^${key}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { peakRssMb: kb('VmHWM') / 1024, rssMb: kb('VmRSS') / 1024 };
  }

  /** shutdown + exit, then SIGKILL if the process is still there after `graceMs`. */
  async stop(graceMs = 2000) {
    if (this.dead) return;
    try {
      await Promise.race([this.conn.sendRequest('shutdown'), new Promise((r) => setTimeout(r, graceMs))]);
      void this.conn.sendNotification('exit');
    } catch {
      /* already gone */
    }
    const t = setTimeout(() => this.kill(), graceMs);
    await this.exited;
    clearTimeout(t);
    this.conn.dispose();
  }

  kill() {
    if (this.child && this.child.exitCode === null && this.child.signalCode === null) this.child.kill('SIGKILL');
  }
}
