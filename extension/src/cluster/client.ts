// Raw HTTP(S) requests to the API server with the kubeconfig's credentials (client-node's KubeConfig supplies TLS,
// tokens, client certificates, exec plugins and proxies through applyToHTTPSOptions). Raw, not the generated API
// classes, because actions must send exactly the plugin's bytes (the generated clients re-serialise bodies and pick
// their own patch Content-Type), and because a watch needs its error body and an abort.
import { KubeConfig } from '@kubernetes/client-node';
import { spawn, type ChildProcess, type SpawnOptions } from 'node:child_process';
import { request as httpRequest, type ClientRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ClusterError, httpError, transportError, type ClusterErrorCode } from './errors';
import { type RequestTarget, requestTarget } from './resources';

export type Query = Record<string, string | number | boolean | undefined>;

export interface KubeRequest {
  method: 'GET' | 'POST' | 'PUT' | 'PATCH' | 'DELETE';
  path: string;
  query?: Query;
  /** sent as is */
  contentType?: string;
  /** exact bytes to send (a string is sent as UTF-8) */
  body?: string;
  /** milliseconds until the request is abandoned, credentials included (default 30 s; never past the client's deadline) */
  timeoutMs?: number;
}

export interface KubeClientOptions {
  /**
   * One deadline for everything this client does (epoch ms, like Date.now()): a command line's whole run. Each
   * request's time limit is cut to it, so a command ends when it says, whatever number of requests it makes.
   */
  deadline?: number;
  /** an exec credential plugin still running after this is stopped (default 120 s, never past the deadline) */
  execTimeoutMs?: number;
}

export const DEFAULT_REQUEST_TIMEOUT_MS = 30000;
/** Long enough for a plugin that opens a browser to log in (kubelogin), short enough that a hung one ends. */
export const DEFAULT_EXEC_TIMEOUT_MS = 120000;

function seconds(ms: number): string {
  return `${(ms / 1000).toLocaleString('en-US', { maximumFractionDigits: 1 })} s`;
}

export interface KubeResponse {
  status: number;
  text: string;
}

export interface WatchStream {
  /** resolves when the server closes the stream cleanly; rejects with a ClusterError otherwise */
  done: Promise<void>;
  abort(): void;
}

function execCommandOf(kc: KubeConfig): string | undefined {
  const user = kc.getCurrentUser();
  const exec = (user?.exec ?? (user?.authProvider?.config as { exec?: { command?: string } } | undefined)?.exec) as
    | { command?: string }
    | undefined;
  return exec?.command;
}

/** Why a kubeconfig `server` cannot be used, or undefined: a request to it could only fail with "Invalid URL". */
export function serverUrlProblem(server: string | undefined): string | undefined {
  if (!server) return 'is empty';
  let u: URL;
  try {
    u = new URL(server);
  } catch {
    return `'${server}' is not a valid URL (expected https://host:port)`;
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return `'${server}' is not an http:// or https:// URL`;
  return undefined;
}

/** Where an exec plugin is missing, hanging or failing, say so plainly rather than `spawn aws ENOENT`. */
function credentialError(kc: KubeConfig, err: unknown, target: RequestTarget, server: string, execTimedOutMs?: number): ClusterError {
  const user = kc.getCurrentUser();
  const command = execCommandOf(kc);
  const e = err as NodeJS.ErrnoException;
  const make = (message: string, code: ClusterErrorCode) =>
    new ClusterError('credentials', message, target, undefined, undefined, server, { cause: err, code });
  if (command && execTimedOutMs !== undefined) {
    return make(
      `the exec plugin '${command}' of kubeconfig user '${user?.name}' gave no credentials within ${seconds(execTimedOutMs)} ` +
        `and was stopped; run it in a terminal to see what it waits for (a login prompt, a browser, the network)`,
      'execTimeout',
    );
  }
  if (command && e?.code === 'ENOENT') {
    const where = command.includes('/')
      ? `'${command}', which does not exist`
      : `'${command}', which is not on PATH; install it or make it reachable from the editor's environment`;
    return make(`the kubeconfig user '${user?.name}' gets its credentials from the exec plugin ${where}`, 'execPlugin');
  }
  if (command && e?.code === 'EACCES') {
    return make(`the exec plugin '${command}' of kubeconfig user '${user?.name}' cannot be run (permission denied: is it executable?)`, 'execPlugin');
  }
  if (command) {
    return make(`the exec plugin '${command}' of kubeconfig user '${user?.name}' failed: ${(e?.message ?? String(err)).trim()}`, 'execPlugin');
  }
  if (e?.code === 'ENOENT' || e?.code === 'EACCES' || e?.code === 'EISDIR') {
    return make(`could not load the credentials of kubeconfig user '${user?.name}': ${e.message}`, 'credentialFile');
  }
  return make(`could not load the credentials of kubeconfig user '${user?.name}': ${e?.message ?? String(err)}`, 'other');
}

/**
 * A plain-http:// server (as `kubectl proxy` serves) is accepted as kubectl accepts it: client-node refuses to apply
 * credentials for it unless skipTLSVerify is set, which means nothing without TLS, so the copy used here sets it.
 */
function allowPlainHttp(kc: KubeConfig): KubeConfig {
  const cluster = kc.getCurrentCluster();
  if (!cluster || !cluster.server.startsWith('http:') || cluster.skipTLSVerify) return kc;
  const copy = new KubeConfig();
  copy.loadFromOptions({
    clusters: kc.clusters.map((c) => (c.name === cluster.name ? { ...c, skipTLSVerify: true } : c)),
    users: kc.users,
    contexts: kc.contexts,
    currentContext: kc.getCurrentContext(),
  });
  return copy;
}

type ExecFn = (command: string, args?: readonly string[], options?: SpawnOptions) => ChildProcess;

/**
 * Bounds client-node's exec credential plugins in time: its ExecAuth spawns the plugin and waits for it forever (and
 * the running child keeps the process alive). The spawn it uses is replaced by one that stops the plugin after
 * `limitMs()` and remembers it did. Internal to client-node 1.4 (pinned): without that hook nothing changes.
 */
function boundExecPlugins(kc: KubeConfig, limitMs: () => number, children: Set<ChildProcess>): { timedOutMs?: number } {
  const state: { timedOutMs?: number } = {};
  const auths = (kc as unknown as { authenticators?: unknown[] }).authenticators ?? [];
  for (const a of auths) {
    if (!a || typeof a !== 'object' || typeof (a as { execFn?: unknown }).execFn !== 'function') continue;
    const bounded: ExecFn = (command, args, options) => {
      const limit = Math.max(1, limitMs());
      const child = spawn(command, args ?? [], { ...options, timeout: limit, killSignal: 'SIGKILL' });
      children.add(child);
      child.on('exit', (_code, signal) => {
        children.delete(child);
        if (signal === 'SIGKILL') state.timedOutMs = limit;
      });
      child.on('error', () => children.delete(child));
      return child;
    };
    (a as { execFn: ExecFn }).execFn = bounded;
  }
  return state;
}

export class KubeClient {
  readonly server: string;
  readonly kc: KubeConfig;
  /** See KubeClientOptions.deadline; may be moved or cleared (e.g. once `get --watch` has its first snapshot). */
  deadline: number | undefined;
  private readonly execTimeoutMs: number;
  private readonly inFlight = new Set<ClientRequest>();
  private readonly execChildren = new Set<ChildProcess>();
  private readonly exec: { timedOutMs?: number };
  private disposed = false;

  constructor(kc: KubeConfig, options: KubeClientOptions = {}) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new ClusterError('credentials', `the kubeconfig context '${kc.getCurrentContext()}' names no cluster`);
    const problem = serverUrlProblem(cluster.server);
    if (problem) {
      throw new ClusterError('credentials', `the server of cluster '${cluster.name}' in the kubeconfig ${problem}`, undefined, undefined, undefined, cluster.server, {
        code: 'invalidUrl',
      });
    }
    this.server = cluster.server.replace(/\/+$/, '');
    this.kc = allowPlainHttp(kc);
    this.deadline = options.deadline;
    this.execTimeoutMs = options.execTimeoutMs ?? DEFAULT_EXEC_TIMEOUT_MS;
    this.exec = boundExecPlugins(this.kc, () => this.limit(this.execTimeoutMs).ms, this.execChildren);
  }

  url(path: string, query?: Query): URL {
    const u = new URL(this.server + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  }

  /** The time a request (or a plugin) may take: its own limit, cut to the deadline. */
  private limit(ownMs: number): { ms: number; byDeadline: boolean } {
    if (this.deadline === undefined) return { ms: ownMs, byDeadline: false };
    const left = Math.max(0, this.deadline - Date.now());
    return left < ownMs ? { ms: left, byDeadline: true } : { ms: ownMs, byDeadline: false };
  }

  private async open(req: KubeRequest, target: RequestTarget): Promise<{ url: URL; options: RequestOptions }> {
    const opts: { headers: Record<string, string>; [k: string]: unknown } = { headers: {} };
    this.exec.timedOutMs = undefined;
    try {
      await this.kc.applyToHTTPSOptions(opts as never);
    } catch (e) {
      throw credentialError(this.kc, e, target, this.server, this.exec.timedOutMs);
    }
    const headers: Record<string, string> = { ...opts.headers, Accept: 'application/json' };
    if (req.body !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(req.body));
    }
    return { url: this.url(req.path, req.query), options: { ...(opts as RequestOptions), method: req.method, headers } };
  }

  private send(url: URL, options: RequestOptions, onResponse: (res: IncomingMessage) => void): ClientRequest {
    const r = (url.protocol === 'http:' ? httpRequest : httpsRequest)(url, options, onResponse);
    this.inFlight.add(r);
    r.once('close', () => this.inFlight.delete(r));
    return r;
  }

  /**
   * One request; resolves with a 2xx answer, throws a ClusterError for anything else. Its time limit (timeoutMs, cut
   * to the deadline) counts once the credentials are there (an exec plugin has its own limit, a login may take a
   * while); with a deadline, nothing runs past it. The error says how long was really waited.
   */
  async request(req: KubeRequest): Promise<KubeResponse> {
    const target = requestTarget(req.method, req.path, req.query);
    if (this.disposed) throw new ClusterError('server', 'the cluster connection was closed', target, undefined, undefined, this.server);
    const started = Date.now();
    return new Promise<KubeResponse>((resolve, reject) => {
      let r: ClientRequest | undefined;
      let settled = false;
      let timer: NodeJS.Timeout | undefined;
      const fail = (e: ClusterError) => {
        if (settled) return;
        settled = true;
        clearTimeout(timer);
        reject(e);
      };
      const arm = (ms: number, byDeadline: boolean) => {
        clearTimeout(timer);
        timer = setTimeout(() => {
          if (!r && execCommandOf(this.kc)) {
            // still waiting for the exec plugin's credentials when the time ran out: it is the plugin that hangs
            for (const c of this.execChildren) c.kill('SIGKILL');
            fail(credentialError(this.kc, new Error('no credentials in time'), target, this.server, Date.now() - started));
            return;
          }
          const waited = seconds(Date.now() - started);
          const e = byDeadline
            ? Object.assign(new Error(`the command's time limit ran out: no answer after ${waited}`), { code: 'RP_DEADLINE' })
            : Object.assign(new Error(`no answer within ${seconds(ms)}; waited ${waited}`), { code: 'RP_TIMEOUT' });
          if (r) r.destroy(e);
          fail(transportError(e, target, this.server));
        }, ms);
      };
      if (this.deadline !== undefined) arm(Math.max(0, this.deadline - Date.now()), true);
      this.open(req, target).then(
        ({ url, options }) => {
          if (settled) return;
          const { ms, byDeadline } = this.limit(req.timeoutMs ?? DEFAULT_REQUEST_TIMEOUT_MS);
          arm(ms, byDeadline);
          r = this.send(url, options, (res) => {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('error', (e) => fail(transportError(e, target, this.server)));
            res.on('end', () => {
              const text = Buffer.concat(chunks).toString('utf8');
              const status = res.statusCode ?? 0;
              if (status < 200 || status >= 300) return fail(httpError(status, text, target, this.server));
              if (settled) return;
              settled = true;
              clearTimeout(timer);
              resolve({ status, text });
            });
          });
          r.on('error', (e) => fail(transportError(e, target, this.server)));
          if (req.body !== undefined) r.write(req.body);
          r.end();
        },
        (e: unknown) => fail(e instanceof ClusterError ? e : transportError(e, target, this.server)),
      );
    });
  }

  /** Ends every request in flight and stops running exec plugins; later requests fail at once. */
  dispose(): void {
    this.disposed = true;
    for (const r of this.inFlight) r.destroy(Object.assign(new Error('the cluster connection was closed'), { code: 'RP_CLOSED' }));
    this.inFlight.clear();
    for (const c of this.execChildren) c.kill('SIGKILL');
    this.execChildren.clear();
  }

  async json<T>(req: KubeRequest): Promise<T> {
    const res = await this.request(req);
    try {
      return JSON.parse(res.text) as T;
    } catch {
      throw new ClusterError('server', `the API server sent a body that is not JSON for ${req.method} ${req.path}`);
    }
  }

  /**
   * A watch: `onLine` gets each parsed `{type, object}` line, `onBytes` any received data (for a watchdog).
   * Non-200 answers reject `done` with the explained ClusterError (a 410 as kind 'expired').
   */
  watch(
    path: string,
    query: Query,
    onEvent: (event: { type: string; object: Record<string, unknown> }) => void,
    onBytes?: () => void,
  ): WatchStream {
    const target = requestTarget('GET', path, { ...query, watch: 'true' });
    let destroy: (() => void) | undefined;
    let aborted = false;
    const done = (async () => {
      const { url, options } = await this.open({ method: 'GET', path, query: { ...query, watch: 'true' } }, target);
      if (aborted) return;
      await new Promise<void>((resolve, reject) => {
        const r = this.send(url, options, (res) => {
          res.on('close', () => {
            if (aborted) resolve();
          });
          const status = res.statusCode ?? 0;
          if (status !== 200) {
            const chunks: Buffer[] = [];
            res.on('data', (c: Buffer) => chunks.push(c));
            res.on('end', () => reject(httpError(status, Buffer.concat(chunks).toString('utf8'), target, this.server)));
            res.on('error', (e) => reject(transportError(e, target, this.server)));
            return;
          }
          let buf = '';
          res.setEncoding('utf8');
          res.on('data', (chunk: string) => {
            onBytes?.();
            buf += chunk;
            let nl: number;
            while ((nl = buf.indexOf('\n')) >= 0) {
              const line = buf.slice(0, nl).trim();
              buf = buf.slice(nl + 1);
              if (!line) continue;
              let ev: { type: string; object: Record<string, unknown> } | undefined;
              try {
                ev = JSON.parse(line) as { type: string; object: Record<string, unknown> };
              } catch {
                continue; // as client-node does: an unparsable line is dropped
              }
              onEvent(ev);
            }
          });
          res.on('end', () => resolve());
          res.on('aborted', () => reject(transportError(Object.assign(new Error('watch aborted'), { code: 'ECONNRESET' }), target, this.server)));
          res.on('error', (e) => (aborted ? resolve() : reject(transportError(e, target, this.server))));
        });
        destroy = () => {
          r.destroy();
          resolve();
        };
        r.on('error', (e) => (aborted ? resolve() : reject(transportError(e, target, this.server))));
        r.end();
      });
    })();
    return {
      done,
      abort: () => {
        aborted = true;
        destroy?.();
      },
    };
  }
}
