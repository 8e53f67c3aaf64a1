// A recording HTTPS proxy on 127.0.0.1 between the client under test and the API server: it forwards every
// request unchanged and records what went over the wire (method, path with query, Content-Type, exact body bytes)
// and what came back (status, body). It serves the API server's own self-signed certificate.
import { readFileSync } from 'node:fs';
import { createServer, request, type Server } from 'node:https';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';

export interface Recorded {
  method: string;
  /** path and query as sent */
  url: string;
  path: string;
  contentType: string | undefined;
  /** exact request body bytes, decoded as UTF-8 */
  body: string;
  status: number;
  /** response body (empty for watch streams, which are not buffered) */
  response: string;
  /** the bearer token's user, as the test knows it */
  authorization: string | undefined;
}

/** What a test may do to one request: forward it to another URL (e.g. an old resourceVersion), or answer itself. */
export type Intercept = (req: { method: string; url: URL }) => { url?: URL; respond?: { status: number; body: string } } | undefined;

export class RecordingProxy {
  readonly records: Recorded[] = [];
  /** set by a test to alter requests; unset, the proxy only records */
  intercept: Intercept | undefined;
  private server: Server | undefined;
  url = '';

  constructor(
    private readonly upstream: string,
    private readonly certDir: string,
  ) {}

  async start(): Promise<this> {
    this.server = createServer(
      { cert: readFileSync(join(this.certDir, 'apiserver.crt')), key: readFileSync(join(this.certDir, 'apiserver.key')) },
      (req, res) => {
        const chunks: Buffer[] = [];
        req.on('data', (c: Buffer) => chunks.push(c));
        req.on('end', () => {
          const body = Buffer.concat(chunks);
          const u = new URL(req.url ?? '/', 'https://x');
          const watch = u.searchParams.get('watch') === 'true' || u.searchParams.get('watch') === '1';
          const rec: Recorded = {
            method: req.method ?? '',
            url: req.url ?? '',
            path: u.pathname,
            contentType: req.headers['content-type'],
            body: body.toString('utf8'),
            status: 0,
            response: '',
            authorization: req.headers.authorization,
          };
          if (!watch) this.records.push(rec);
          const change = this.intercept?.({ method: rec.method, url: u });
          if (change?.respond) {
            rec.status = change.respond.status;
            rec.response = change.respond.body;
            res.writeHead(change.respond.status, { 'Content-Type': 'application/json' });
            res.end(change.respond.body);
            return;
          }
          const target = change?.url ? `${change.url.pathname}${change.url.search}` : (req.url ?? '/');
          const up = request(
            new URL(target, this.upstream),
            { method: req.method, headers: { ...req.headers, host: new URL(this.upstream).host }, rejectUnauthorized: false },
            (ures) => {
              rec.status = ures.statusCode ?? 0;
              res.writeHead(ures.statusCode ?? 502, ures.headers);
              if (watch) {
                ures.pipe(res);
                return;
              }
              const out: Buffer[] = [];
              ures.on('data', (c: Buffer) => out.push(c));
              ures.on('end', () => {
                const b = Buffer.concat(out);
                rec.response = b.toString('utf8');
                res.end(b);
              });
            },
          );
          up.on('error', () => res.destroy());
          res.on('close', () => up.destroy());
          up.end(body);
        });
      },
    );
    await new Promise<void>((r) => this.server!.listen(0, '127.0.0.1', r));
    this.url = `https://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  /** Records of writes (anything but GET) since `from`. */
  writes(from = 0): Recorded[] {
    return this.records.slice(from).filter((r) => r.method !== 'GET');
  }

  mark(): number {
    return this.records.length;
  }

  async stop(): Promise<void> {
    this.server?.closeAllConnections();
    await new Promise<void>((r) => (this.server ? this.server.close(() => r()) : r()));
  }
}
