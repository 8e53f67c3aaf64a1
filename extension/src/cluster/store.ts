// The watch-driven model of one kubeconfig context: per namespace (or all namespaces), list + watch of rollouts,
// replicasets, pods, analysisruns and experiments, kept in memory and pushed to subscribers as snapshots, with the
// namespace's connection health. No polling: after the first list only watch events (and reconnects) change it.
import type { KubeConfig } from '@kubernetes/client-node';
import { KubeClient, type KubeClientOptions } from './client';
import { errorMessage, permissionOf, type ClusterError } from './errors';
import { Emitter, type Disposable } from './events';
import { deriveRolloutInfo, type RolloutInfo } from './info/rolloutInfo';
import type { AnalysisRun, Experiment, Pod, ReplicaSet, Rollout } from './k8sTypes';
import { type KObject, ListWatch, type ListWatchOptions, type WatchState } from './listWatch';
import { WATCHED, type WatchedName } from './resources';

/** Subscribe to this to watch every namespace (cluster-wide list/watch). */
export const ALL_NAMESPACES = '*';

export type HealthState = 'connecting' | 'connected' | 'reconnecting' | 'forbidden' | 'unreachable' | 'unauthorized';

export interface NamespaceHealth {
  state: HealthState;
  /** what a user should read: the reason and, when forbidden, the missing permissions */
  message?: string;
  /** missing permissions, e.g. `list rollouts.argoproj.io` (state forbidden; also filled when only some are missing) */
  missing: string[];
  /** per resource watch state */
  resources: Record<WatchedName, WatchState['state']>;
}

export interface NamespaceSnapshot {
  namespace: string;
  health: NamespaceHealth;
  /** every resource has been listed at least once */
  synced: boolean;
  /** every resource has been listed or has failed at least once (a view can stop showing "loading") */
  settled: boolean;
  rollouts: Rollout[];
  replicaSets: ReplicaSet[];
  pods: Pod[];
  analysisRuns: AnalysisRun[];
  experiments: Experiment[];
}

export interface StoreOptions extends ListWatchOptions {
  /** events within this many ms are delivered as one snapshot (default 50) */
  coalesceMs?: number;
  /** options of the KubeClient the store makes from a KubeConfig (e.g. a command's deadline for the first lists) */
  client?: KubeClientOptions;
}

const NAMES = Object.keys(WATCHED) as WatchedName[];
const RANK: Record<HealthState, number> = {
  unauthorized: 6,
  unreachable: 5,
  forbidden: 4,
  reconnecting: 3,
  connecting: 2,
  connected: 1,
};

/**
 * What the store keeps of an object: everything but `metadata.managedFields` (server-side apply bookkeeping, often
 * the largest part of an object, read by nothing here). Keeps 2,000 rollouts with their ReplicaSets and pods lighter.
 */
function lean<T extends KObject>(o: T): T {
  if (o.metadata && 'managedFields' in o.metadata) delete (o.metadata as { managedFields?: unknown }).managedFields;
  return o;
}

function keyOf(o: KObject): string {
  return `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
}

function healthOfError(e: ClusterError | undefined): HealthState {
  if (!e) return 'reconnecting';
  switch (e.kind) {
    case 'unauthorized':
    case 'credentials':
      return 'unauthorized';
    case 'forbidden':
      return 'forbidden';
    case 'timeout':
      return 'unreachable';
    case 'unreachable':
      // A dropped stream (the server went away mid-watch) is a reconnect; a refused or failed connection is not.
      return e.code === 'connectionReset' ? 'reconnecting' : 'unreachable';
    default:
      return 'reconnecting';
  }
}

class Scope {
  readonly caches = Object.fromEntries(NAMES.map((n) => [n, new Map<string, KObject>()])) as Record<WatchedName, Map<string, KObject>>;
  readonly states = Object.fromEntries(NAMES.map((n) => [n, { state: 'connecting' } as WatchState])) as Record<WatchedName, WatchState>;
  readonly listed = new Set<WatchedName>();
  readonly failed = new Set<WatchedName>();
  readonly watchers: ListWatch[] = [];
  readonly changed = new Emitter<NamespaceSnapshot>();
  private timer: NodeJS.Timeout | undefined;
  private last: NamespaceSnapshot | undefined;
  private dirty = true;

  constructor(
    readonly namespace: string,
    private readonly coalesceMs: number,
  ) {}

  touch(): void {
    this.dirty = true;
    if (this.timer) return;
    this.timer = setTimeout(() => {
      this.timer = undefined;
      if (this.changed.size) this.changed.fire(this.snapshot());
    }, this.coalesceMs);
  }

  health(): NamespaceHealth {
    let state: HealthState = 'connected';
    let message: string | undefined;
    const missing: string[] = [];
    const resources = {} as Record<WatchedName, WatchState['state']>;
    for (const n of NAMES) {
      const s = this.states[n];
      resources[n] = s.state;
      let h: HealthState;
      let m: string | undefined;
      if (s.state === 'connected') h = 'connected';
      else if (s.state === 'connecting') h = 'connecting';
      else {
        h = healthOfError(s.error);
        m = s.error ? errorMessage(s.error) : s.reason;
        if (h === 'forbidden' && s.error?.target) missing.push(permissionOf(s.error.target, true));
      }
      if (RANK[h] > RANK[state]) {
        state = h;
        message = m;
      }
    }
    if (state === 'forbidden') {
      const where = this.namespace === ALL_NAMESPACES ? 'across all namespaces' : `in namespace '${this.namespace}'`;
      message = `missing permission ${where}: ${missing.join(', ')}`;
    }
    return { state, message, missing, resources };
  }

  snapshot(): NamespaceSnapshot {
    if (!this.dirty && this.last) return this.last;
    const list = <T>(n: WatchedName) =>
      [...this.caches[n].values()].sort((a, b) => (keyOf(a) < keyOf(b) ? -1 : keyOf(a) > keyOf(b) ? 1 : 0)) as T[];
    this.last = {
      namespace: this.namespace,
      health: this.health(),
      synced: NAMES.every((n) => this.listed.has(n)),
      settled: NAMES.every((n) => this.listed.has(n) || this.failed.has(n)),
      rollouts: list<Rollout>('rollouts'),
      replicaSets: list<ReplicaSet>('replicaSets'),
      pods: list<Pod>('pods'),
      analysisRuns: list<AnalysisRun>('analysisRuns'),
      experiments: list<Experiment>('experiments'),
    };
    this.dirty = false;
    return this.last;
  }

  stop(): void {
    if (this.timer) clearTimeout(this.timer);
    for (const w of this.watchers) w.stop();
    this.changed.clear();
  }
}

export class ClusterStore implements Disposable {
  readonly client: KubeClient;
  private readonly scopes = new Map<string, Scope>();
  private readonly refs = new Map<string, number>();
  private readonly opts: StoreOptions;

  /** A client made here from a KubeConfig is closed with the store; one passed in belongs to the caller. */
  private readonly ownsClient: boolean;

  constructor(kcOrClient: KubeConfig | KubeClient, opts: StoreOptions = {}) {
    this.ownsClient = !(kcOrClient instanceof KubeClient);
    this.client = kcOrClient instanceof KubeClient ? kcOrClient : new KubeClient(kcOrClient, opts.client);
    this.opts = opts;
  }

  /**
   * Starts (or joins) the watches of `namespace` (ALL_NAMESPACES for every namespace) and calls `listener` with
   * a snapshot after each change (coalesced), and once at once if data is already there. Dispose to leave; the
   * watches stop when the last subscriber leaves.
   */
  subscribe(namespace: string, listener: (s: NamespaceSnapshot) => void): Disposable {
    const scope = this.scope(namespace);
    this.refs.set(namespace, (this.refs.get(namespace) ?? 0) + 1);
    const sub = scope.changed.on(listener);
    if (scope.listed.size || scope.failed.size) queueMicrotask(() => listener(scope.snapshot()));
    let disposed = false;
    return {
      dispose: () => {
        if (disposed) return;
        disposed = true;
        sub.dispose();
        const n = (this.refs.get(namespace) ?? 1) - 1;
        if (n > 0) this.refs.set(namespace, n);
        else {
          this.refs.delete(namespace);
          scope.stop();
          this.scopes.delete(namespace);
        }
      },
    };
  }

  /** The current snapshot of a subscribed namespace. */
  snapshot(namespace: string): NamespaceSnapshot | undefined {
    return this.scopes.get(namespace)?.snapshot();
  }

  /** What `get rollout` shows for every rollout of a subscribed namespace, derived from the current snapshot. */
  rolloutInfos(namespace: string, now: Date = new Date()): RolloutInfo[] {
    const s = this.snapshot(namespace);
    return s ? rolloutInfosOf(s, now) : [];
  }

  /** The ListWatch of one resource in a subscribed namespace (for diagnostics and tests). */
  watcher(namespace: string, resource: WatchedName): ListWatch | undefined {
    return this.scopes.get(namespace)?.watchers[NAMES.indexOf(resource)];
  }

  /**
   * Resolves with the first snapshot for which `predicate` holds (default: every resource listed or failed).
   * Subscribes for the duration of the wait.
   */
  waitFor(
    namespace: string,
    predicate: (s: NamespaceSnapshot) => boolean = (s) => s.settled,
    timeoutMs = 30000,
  ): Promise<NamespaceSnapshot> {
    return new Promise((resolve, reject) => {
      let sub: Disposable | undefined;
      const timer = setTimeout(() => {
        sub?.dispose();
        const s = this.snapshot(namespace);
        reject(new Error(`timed out after ${timeoutMs} ms waiting for namespace '${namespace}' (health: ${s?.health.state}${s?.health.message ? `: ${s.health.message}` : ''})`));
      }, timeoutMs);
      const check = (s: NamespaceSnapshot) => {
        if (!predicate(s)) return;
        clearTimeout(timer);
        // Leave after this delivery, not inside it.
        queueMicrotask(() => sub?.dispose());
        resolve(s);
      };
      sub = this.subscribe(namespace, check);
    });
  }

  dispose(): void {
    for (const s of this.scopes.values()) s.stop();
    this.scopes.clear();
    this.refs.clear();
    // requests still in flight (a list to a server that never answers) must not keep the process alive
    if (this.ownsClient) this.client.dispose();
  }

  private scope(namespace: string): Scope {
    let scope = this.scopes.get(namespace);
    if (scope) return scope;
    scope = new Scope(namespace, this.opts.coalesceMs ?? 50);
    this.scopes.set(namespace, scope);
    const s = scope;
    for (const name of NAMES) {
      const cache = s.caches[name];
      const lw = new ListWatch(
        this.client,
        WATCHED[name],
        namespace === ALL_NAMESPACES ? '' : namespace,
        {
          onReplace: (items) => {
            const next = new Map(items.map((o) => [keyOf(o), lean(o)]));
            let changed = next.size !== cache.size || !s.listed.has(name);
            if (!changed) {
              for (const [k, o] of next) {
                if (cache.get(k)?.metadata.resourceVersion !== o.metadata.resourceVersion) {
                  changed = true;
                  break;
                }
              }
            }
            cache.clear();
            for (const [k, o] of next) cache.set(k, o);
            s.listed.add(name);
            if (changed) s.touch();
          },
          onUpsert: (raw) => {
            const o = lean(raw);
            const k = keyOf(o);
            if (cache.get(k)?.metadata.resourceVersion === o.metadata.resourceVersion) return;
            cache.set(k, o);
            s.touch();
          },
          onDelete: (o) => {
            if (cache.delete(keyOf(o))) s.touch();
          },
          onState: (st) => {
            const prev = s.states[name];
            s.states[name] = st;
            if (st.state === 'retrying') s.failed.add(name);
            if (prev.state !== st.state || st.state === 'retrying') s.touch();
          },
        },
        this.opts,
      );
      s.watchers.push(lw);
    }
    for (const w of s.watchers) w.start();
    return s;
  }
}

/** `deriveRolloutInfo` for each rollout of a snapshot (objects of other namespaces are left out per rollout). */
export function rolloutInfosOf(s: NamespaceSnapshot, now: Date = new Date()): RolloutInfo[] {
  return s.rollouts.map((rollout) => {
    const ns = rollout.metadata?.namespace;
    const same = <T extends { metadata?: { namespace?: string } }>(xs: T[]) => xs.filter((x) => x.metadata?.namespace === ns);
    return deriveRolloutInfo({
      rollout,
      replicaSets: same(s.replicaSets),
      pods: same(s.pods),
      analysisRuns: same(s.analysisRuns),
      experiments: same(s.experiments),
      now,
    });
  });
}
