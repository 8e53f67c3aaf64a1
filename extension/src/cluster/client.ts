// Raw HTTP(S) requests to the API server with the kubeconfig's credentials (client-node's KubeConfig supplies TLS,
// tokens, client certificates, exec plugins and proxies through applyToHTTPSOptions). Raw, not the generated API
// classes, because actions must send exactly the plugin's bytes (the generated clients re-serialise bodies and pick
// their own patch Content-Type), and because a watch needs its error body and an abort.
import type { KubeConfig } from '@kubernetes/client-node';
import { request as httpRequest, type IncomingMessage, type RequestOptions } from 'node:http';
import { request as httpsRequest } from 'node:https';
import { ClusterError, httpError, transportError } from './errors';
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
  /** milliseconds until the request is abandoned (default 30 s) */
  timeoutMs?: number;
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

/** Where an exec plugin is missing or failing, say so plainly rather than `spawn aws ENOENT`. */
function credentialError(kc: KubeConfig, err: unknown, target: RequestTarget, server: string): ClusterError {
  const user = kc.getCurrentUser();
  const exec = (user?.exec ?? (user?.authProvider?.config as { exec?: { command?: string } } | undefined)?.exec) as
    | { command?: string }
    | undefined;
  const e = err as NodeJS.ErrnoException;
  if (exec?.command && e?.code === 'ENOENT') {
    return new ClusterError(
      'credentials',
      `the kubeconfig user '${user?.name}' gets its credentials from the exec plugin '${exec.command}', which is not on PATH; ` +
        `install it or make it reachable from the editor's environment`,
      target,
      undefined,
      undefined,
      server,
      { cause: err },
    );
  }
  if (exec?.command) {
    return new ClusterError(
      'credentials',
      `the exec plugin '${exec.command}' of kubeconfig user '${user?.name}' failed: ${(e?.message ?? String(err)).trim()}`,
      target,
      undefined,
      undefined,
      server,
      { cause: err },
    );
  }
  return new ClusterError('credentials', `could not load the credentials of kubeconfig user '${user?.name}': ${e?.message ?? String(err)}`, target, undefined, undefined, server, {
    cause: err,
  });
}

export class KubeClient {
  readonly server: string;

  constructor(readonly kc: KubeConfig) {
    const cluster = kc.getCurrentCluster();
    if (!cluster) throw new ClusterError('credentials', `the kubeconfig context '${kc.getCurrentContext()}' names no cluster`);
    this.server = cluster.server.replace(/\/+$/, '');
  }

  url(path: string, query?: Query): URL {
    const u = new URL(this.server + path);
    for (const [k, v] of Object.entries(query ?? {})) if (v !== undefined) u.searchParams.set(k, String(v));
    return u;
  }

  private async open(req: KubeRequest, target: RequestTarget): Promise<{ url: URL; options: RequestOptions }> {
    const opts: { headers: Record<string, string>; [k: string]: unknown } = { headers: {} };
    try {
      await this.kc.applyToHTTPSOptions(opts as never);
    } catch (e) {
      throw credentialError(this.kc, e, target, this.server);
    }
    const headers: Record<string, string> = { ...opts.headers, Accept: 'application/json' };
    if (req.body !== undefined) {
      headers['Content-Type'] = req.contentType ?? 'application/json';
      headers['Content-Length'] = String(Buffer.byteLength(req.body));
    }
    return { url: this.url(req.path, req.query), options: { ...(opts as RequestOptions), method: req.method, headers } };
  }

  private send(url: URL, options: RequestOptions, onResponse: (res: IncomingMessage) => void) {
    return (url.protocol === 'http:' ? httpRequest : httpsRequest)(url, options, onResponse);
  }

  /** One request; resolves with a 2xx answer, throws a ClusterError for anything else. */
  async request(req: KubeRequest): Promise<KubeResponse> {
    const target = requestTarget(req.method, req.path, req.query);
    const { url, options } = await this.open(req, target);
    return new Promise<KubeResponse>((resolve, reject) => {
      const r = this.send(url, options, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (c: Buffer) => chunks.push(c));
        res.on('error', (e) => reject(transportError(e, target, this.server)));
        res.on('end', () => {
          const text = Buffer.concat(chunks).toString('utf8');
          const status = res.statusCode ?? 0;
          if (status >= 200 && status < 300) resolve({ status, text });
          else reject(httpError(status, text, target, this.server));
        });
      });
      r.setTimeout(req.timeoutMs ?? 30000, () => {
        const e = Object.assign(new Error(`no answer within ${req.timeoutMs ?? 30000} ms`), { code: 'RP_TIMEOUT' });
        r.destroy(e);
      });
      r.on('error', (e) => reject(transportError(e, target, this.server)));
      if (req.body !== undefined) r.write(req.body);
      r.end();
    });
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
