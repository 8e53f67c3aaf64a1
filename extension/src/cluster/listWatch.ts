// List + watch of one resource in one namespace (or all), kept alive: resume from the last resourceVersion, relist
// on 410 (HTTP 410 and the ERROR-event form), reconnect with exponential backoff, and a watchdog for a silent
// stream. Written on raw requests because client-node 1.4.0's ListWatch stops for good after any error and its
// watch has no client timeout (docs/cluster.md, "The watch-driven model").
import { type KubeClient } from './client';
import { ClusterError, errorMessage, transportError } from './errors';
import { apiVersionOf, collectionPath, type ResourceType, requestTarget } from './resources';

export interface KObject {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; [k: string]: unknown };
  [k: string]: unknown;
}

export type WatchState =
  | { state: 'connecting' }
  | { state: 'connected' }
  /** the stream or a request failed; the next attempt is scheduled. `error` is absent for a silent watch. */
  | { state: 'retrying'; reason: string; error?: ClusterError; attempt: number; retryInMs: number };

export interface ListWatchOptions {
  /** server-side timeout of each watch request; the server then ends the stream and we resume (default 300) */
  watchTimeoutSeconds?: number;
  /** extra seconds without a byte, beyond watchTimeoutSeconds, before the stream is declared silent (default 30) */
  silenceGraceSeconds?: number;
  backoffInitialMs?: number;
  backoffMaxMs?: number;
  /** page size of the list (default 500) */
  pageSize?: number;
  /** per-request timeout for list pages (default 30 s) */
  requestTimeoutMs?: number;
}

export interface ListWatchHandlers {
  /** the whole set after a (re)list; objects absent from it are gone */
  onReplace(items: KObject[]): void;
  onUpsert(obj: KObject): void;
  onDelete(obj: KObject): void;
  onState(s: WatchState): void;
}

interface ListBody {
  metadata?: { resourceVersion?: string; continue?: string };
  items?: KObject[];
}

const WATCH_EXPIRED = 410;

export class ListWatch {
  private rv: string | undefined;
  private stopped = false;
  private attempt = 0;
  private timer: NodeJS.Timeout | undefined;
  private watchdog: NodeJS.Timeout | undefined;
  private abortCurrent: (() => void) | undefined;
  private lastBytes = 0;
  private readonly o: Required<ListWatchOptions>;
  /** counts of what happened, for tests and diagnostics */
  readonly stats = { lists: 0, watches: 0, relistsOn410: 0, silentWatches: 0, errors: 0 };

  constructor(
    private readonly client: KubeClient,
    readonly resource: ResourceType,
    /** '' = all namespaces */
    readonly namespace: string,
    private readonly h: ListWatchHandlers,
    opts: ListWatchOptions = {},
  ) {
    this.o = {
      watchTimeoutSeconds: opts.watchTimeoutSeconds ?? 300,
      silenceGraceSeconds: opts.silenceGraceSeconds ?? 30,
      backoffInitialMs: opts.backoffInitialMs ?? 500,
      backoffMaxMs: opts.backoffMaxMs ?? 30000,
      pageSize: opts.pageSize ?? 500,
      requestTimeoutMs: opts.requestTimeoutMs ?? 30000,
    };
  }

  start(): void {
    this.h.onState({ state: 'connecting' });
    void this.run(true);
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    if (this.watchdog) clearInterval(this.watchdog);
    this.abortCurrent?.();
  }

  get resourceVersion(): string | undefined {
    return this.rv;
  }

  private get path(): string {
    return collectionPath(this.resource, this.namespace || undefined);
  }

  private async list(): Promise<void> {
    const items: KObject[] = [];
    let cont: string | undefined;
    let rv: string | undefined;
    do {
      const page = await this.client.json<ListBody>({
        method: 'GET',
        path: this.path,
        query: { limit: this.o.pageSize, continue: cont },
        timeoutMs: this.o.requestTimeoutMs,
      });
      for (const it of page.items ?? []) {
        // List items of core/apps lists carry no apiVersion/kind; fill them so consumers see one shape.
        items.push({ apiVersion: apiVersionOf(this.resource), kind: this.resource.kind, ...it });
      }
      cont = page.metadata?.continue || undefined;
      rv = page.metadata?.resourceVersion ?? rv;
    } while (cont);
    this.stats.lists++;
    this.rv = rv;
    this.h.onReplace(items);
  }

  /** One cycle: list if needed, then watch until the stream ends; errors go to `retry`. */
  private async run(needList: boolean): Promise<void> {
    if (this.stopped) return;
    try {
      if (needList || !this.rv) await this.list();
      if (this.stopped) return;
      this.h.onState({ state: 'connected' });
      const outcome = await this.watchOnce();
      if (this.stopped) return;
      if (outcome === 'expired') {
        this.stats.relistsOn410++;
        this.rv = undefined;
        void this.run(true);
      } else if (outcome === 'silent') {
        this.stats.silentWatches++;
        this.retry(`no data from the watch of ${this.resource.plural} for over ${this.o.watchTimeoutSeconds + this.o.silenceGraceSeconds} s`);
      } else if (outcome === 'closedEarly') {
        // Closed at once without a byte: something between us and the server is refusing; do not spin.
        this.retry(`the watch of ${this.resource.plural} was closed as soon as it opened`);
      } else {
        // A clean end (the server's timeoutSeconds): resume from the last resourceVersion at once.
        this.attempt = 0;
        void this.run(false);
      }
    } catch (e) {
      if (this.stopped) return;
      this.stats.errors++;
      const err =
        e instanceof ClusterError ? e : transportError(e, requestTarget('GET', this.path), this.client.server);
      if (err.kind === 'expired') {
        this.stats.relistsOn410++;
        this.rv = undefined;
        void this.run(true);
        return;
      }
      this.retry(errorMessage(err), err);
    }
  }

  private retry(reason: string, error?: ClusterError): void {
    this.attempt++;
    const base = Math.min(this.o.backoffMaxMs, this.o.backoffInitialMs * 2 ** (this.attempt - 1));
    const retryInMs = Math.round(base * (0.8 + Math.random() * 0.4));
    this.h.onState({ state: 'retrying', reason, error, attempt: this.attempt, retryInMs });
    // After an error the watch resumes from the last resourceVersion when it can; a relist happens only on 410
    // or when no version is known. A failed list leaves rv undefined, so the next run lists again.
    this.timer = setTimeout(() => void this.run(false), retryInMs);
  }

  private watchOnce(): Promise<'closed' | 'closedEarly' | 'expired' | 'silent'> {
    this.stats.watches++;
    let outcome: 'closed' | 'closedEarly' | 'expired' | 'silent' = 'closed';
    let sawEvent = false;
    let sawBytes = false;
    const opened = Date.now();
    this.lastBytes = opened;
    const stream = this.client.watch(
      this.path,
      {
        resourceVersion: this.rv,
        allowWatchBookmarks: true,
        timeoutSeconds: this.o.watchTimeoutSeconds,
      },
      (ev) => {
        const obj = ev.object as KObject;
        const rv = obj?.metadata?.resourceVersion;
        switch (ev.type) {
          case 'ADDED':
          case 'MODIFIED':
            if (!sawEvent) {
              sawEvent = true;
              this.attempt = 0;
            }
            this.h.onUpsert(this.withKind(obj));
            if (rv) this.rv = rv;
            break;
          case 'DELETED':
            this.h.onDelete(this.withKind(obj));
            if (rv) this.rv = rv;
            break;
          case 'BOOKMARK':
            if (rv) this.rv = rv;
            break;
          case 'ERROR': {
            const status = ev.object as { code?: number };
            if (status?.code === WATCH_EXPIRED) outcome = 'expired';
            stream.abort();
            break;
          }
        }
      },
      () => {
        sawBytes = true;
        this.lastBytes = Date.now();
      },
    );
    this.abortCurrent = () => stream.abort();
    const limitMs = (this.o.watchTimeoutSeconds + this.o.silenceGraceSeconds) * 1000;
    if (this.watchdog) clearInterval(this.watchdog);
    this.watchdog = setInterval(
      () => {
        if (Date.now() - this.lastBytes > limitMs) {
          outcome = 'silent';
          stream.abort();
        }
      },
      Math.max(250, Math.min(5000, limitMs / 4)),
    );
    return stream.done.then(
      () => {
        if (this.watchdog) clearInterval(this.watchdog);
        if (outcome === 'closed' && !sawBytes && Date.now() - opened < 1000) return 'closedEarly';
        return outcome;
      },
      (e: unknown) => {
        if (this.watchdog) clearInterval(this.watchdog);
        if (outcome === 'silent') return outcome;
        throw e;
      },
    );
  }

  private withKind(obj: KObject): KObject {
    if (obj.kind && obj.apiVersion) return obj;
    return { apiVersion: apiVersionOf(this.resource), kind: this.resource.kind, ...obj };
  }
}
