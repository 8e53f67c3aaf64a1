// The cluster as the extension's views see it: the kubeconfig (watched), the chosen context and namespace (the
// extension's own choice, never written to the kubeconfig), one watch-driven ClusterStore for them, the rollouts of
// that namespace (or of all) derived as `get rollout` shows them with the gate of each action (plan + RBAC), and the
// actions. Views subscribe to `onDidChange`, which names the rollouts whose objects changed, so a tree refreshes only
// those. No `vscode` import: the CLI, the tests and the bench drive it as the extension does.
import { executeAction, type ActionOutcome, type ActionRequest } from './actions/execute';
import { ACTION_PERMISSIONS, actionGates, type Gates } from './actions/gates';
import { AccessReviews } from './access';
import { KubeClient, type KubeRequest, type KubeResponse, type Query, type WatchStream } from './client';
import { ClusterError, errorMessage } from './errors';
import { Emitter, type Disposable } from './events';
import { deriveRolloutInfo, type RolloutInfo } from './info/rolloutInfo';
import type { AnalysisRun, Experiment, ObjectMeta, Pod, ReplicaSet, Rollout } from './k8sTypes';
import { KubeconfigWatcher, type ContextInfo, type KubeconfigOptions, type LoadedKubeconfig } from './kubeconfig';
import { listNamespaces, type NamespaceList } from './namespaces';
import { ALL_NAMESPACES, ClusterStore, type HealthState, type NamespaceHealth, type NamespaceSnapshot, type StoreOptions } from './store';
import { TransitionTracker, type Transition } from './transitions';

export { ALL_NAMESPACES };

export interface SessionChoice {
  /** a kubeconfig context; default: the kubeconfig's current-context */
  context?: string;
  /** a namespace or ALL_NAMESPACES; default: the context's namespace */
  namespace?: string;
}

export type SessionStatus =
  /** no kubeconfig file, or one without contexts */
  | { kind: 'noKubeconfig'; message: string }
  /** the chosen context cannot be used (missing cluster/user, exec plugin not on PATH, bad server URL) */
  | { kind: 'contextProblem'; message: string }
  /** watching: see `health` */
  | { kind: 'active' };

export interface RolloutEntry {
  /** `namespace/name` */
  key: string;
  namespace: string;
  name: string;
  rollout: Rollout;
  info: RolloutInfo;
  gates: Gates;
  /** the Argo CD application tracking this rollout, when it has Argo CD's tracking label or annotation */
  argoCdApp?: string;
  /** changes whenever the rollout, its ReplicaSets, pods, AnalysisRuns, Experiments or its gates change */
  signature: string;
}

export interface SessionView {
  status: SessionStatus;
  context?: ContextInfo;
  /** the namespace watched, or ALL_NAMESPACES */
  namespace: string;
  /** whether `context`/`namespace` come from the user's pick (else from the kubeconfig) */
  picked: { context: boolean; namespace: boolean };
  health?: NamespaceHealth;
  /** false until every resource was listed or failed once (a view shows "loading" until then) */
  settled: boolean;
  entries: RolloutEntry[];
  kubeconfig: { files: string[]; paths: string[]; errors: string[] };
}

export interface SessionChange {
  /** the context, namespace, health or the set of rollouts changed: redraw from the top */
  structural: boolean;
  /** keys of rollouts that exist before and after and whose signature changed */
  changed: string[];
}

export interface SessionOptions {
  kubeconfig?: KubeconfigOptions;
  choice?: SessionChoice;
  store?: StoreOptions;
  /** one line per request (method, path, status, ms) and per watch state change */
  log?: (line: string) => void;
  /** kubeconfig file debounce (default 250 ms) */
  kubeconfigDebounceMs?: number;
}

/** Argo CD's tracking annotation (v2.2+) and its default tracking label. */
const ARGOCD_TRACKING_ANNOTATION = 'argocd.argoproj.io/tracking-id';
const ARGOCD_INSTANCE_LABEL = 'app.kubernetes.io/instance';

/** The Argo CD application that manages an object, from its tracking annotation (`app:group/kind:ns/name`) or label. */
export function argoCdApplication(meta: ObjectMeta | undefined): string | undefined {
  const id = meta?.annotations?.[ARGOCD_TRACKING_ANNOTATION];
  if (id) return id.split(':')[0] || id;
  return meta?.labels?.[ARGOCD_INSTANCE_LABEL] || undefined;
}

/** A KubeClient that reports each request's method, path, status and time. */
class ObservedKubeClient extends KubeClient {
  constructor(
    kc: ConstructorParameters<typeof KubeClient>[0],
    private readonly log: (line: string) => void,
  ) {
    super(kc);
  }

  override async request(req: KubeRequest): Promise<KubeResponse> {
    const t0 = Date.now();
    try {
      const res = await super.request(req);
      this.log(`${req.method} ${req.path} ${res.status} ${Date.now() - t0} ms`);
      return res;
    } catch (e) {
      const status = e instanceof ClusterError && e.status ? String(e.status) : 'failed';
      this.log(`${req.method} ${req.path} ${status} ${Date.now() - t0} ms: ${errorMessage(e)}`);
      throw e;
    }
  }

  override watch(path: string, query: Query, onEvent: Parameters<KubeClient['watch']>[2], onBytes?: () => void): WatchStream {
    this.log(`GET ${path}?watch=true (watch opened${query.resourceVersion ? ` at resourceVersion ${query.resourceVersion}` : ''})`);
    return super.watch(path, query, onEvent, onBytes);
  }
}

interface OwnedIndex {
  byOwner: Map<string, { replicaSets: ReplicaSet[]; pods: Pod[]; analysisRuns: AnalysisRun[]; experiments: Experiment[] }>;
}

function indexByOwner(s: NamespaceSnapshot): OwnedIndex {
  const byOwner: OwnedIndex['byOwner'] = new Map();
  const slot = (uid: string) => {
    let v = byOwner.get(uid);
    if (!v) byOwner.set(uid, (v = { replicaSets: [], pods: [], analysisRuns: [], experiments: [] }));
    return v;
  };
  const add = (list: ReadonlyArray<{ metadata?: ObjectMeta }>, k: 'replicaSets' | 'pods' | 'analysisRuns' | 'experiments') => {
    for (const o of list) for (const ref of o.metadata?.ownerReferences ?? []) if (ref.uid) (slot(ref.uid)[k] as unknown[]).push(o);
  };
  add(s.replicaSets, 'replicaSets');
  add(s.pods, 'pods');
  add(s.analysisRuns, 'analysisRuns');
  add(s.experiments, 'experiments');
  return { byOwner };
}

/** The objects `get rollout` reads for one rollout: its own and its experiments' ReplicaSets, their pods, runs. */
function relatedTo(ro: Rollout, idx: OwnedIndex) {
  const own = idx.byOwner.get(ro.metadata?.uid ?? '');
  const experiments = own?.experiments ?? [];
  const replicaSets = [...(own?.replicaSets ?? [])];
  const analysisRuns = [...(own?.analysisRuns ?? [])];
  for (const ex of experiments) {
    const e = idx.byOwner.get(ex.metadata?.uid ?? '');
    replicaSets.push(...(e?.replicaSets ?? []));
    analysisRuns.push(...(e?.analysisRuns ?? []));
  }
  const pods: Pod[] = [];
  for (const rs of replicaSets) pods.push(...(idx.byOwner.get(rs.metadata?.uid ?? '')?.pods ?? []));
  return { replicaSets, pods, analysisRuns, experiments };
}

const rv = (o: { metadata?: ObjectMeta }) => `${o.metadata?.uid ?? ''}@${o.metadata?.resourceVersion ?? ''}`;

export class ClusterSession implements Disposable {
  private readonly kubeconfigWatcher: KubeconfigWatcher;
  private choice: SessionChoice;
  private store: ClusterStore | undefined;
  private access: AccessReviews | undefined;
  private storeSubs: Disposable[] = [];
  private status: SessionStatus = { kind: 'noKubeconfig', message: 'not loaded yet' };
  private contextInfo: ContextInfo | undefined;
  private namespace = 'default';
  private snapshot: NamespaceSnapshot | undefined;
  private entries = new Map<string, RolloutEntry>();
  private ordered: RolloutEntry[] = [];
  private lastHealth: HealthState | undefined;
  private readonly changed = new Emitter<SessionChange>();
  private readonly transitionsEmitter = new Emitter<Transition[]>();
  private readonly tracker = new TransitionTracker();
  private readonly log: (line: string) => void;
  private disposed = false;

  constructor(private readonly opts: SessionOptions = {}) {
    this.log = opts.log ?? (() => {});
    this.choice = { ...opts.choice };
    this.kubeconfigWatcher = new KubeconfigWatcher(opts.kubeconfig ?? {}, opts.kubeconfigDebounceMs ?? 250);
    this.kubeconfigWatcher.onDidChange(() => {
      this.log(`kubeconfig changed (${this.kubeconfigWatcher.current.files.join(', ') || 'no file'}): reconnecting`);
      this.connect();
    });
    this.connect();
  }

  get kubeconfig(): LoadedKubeconfig {
    return this.kubeconfigWatcher.current;
  }

  /** The client of the current context (undefined when no context can be used). */
  get client(): KubeClient | undefined {
    return this.store?.client;
  }

  onDidChange(listener: (c: SessionChange) => void): Disposable {
    return this.changed.on(listener);
  }

  /** Rollouts that started waiting for promotion, were aborted or degraded (never their state when first seen). */
  onTransitions(listener: (t: Transition[]) => void): Disposable {
    return this.transitionsEmitter.on(listener);
  }

  get view(): SessionView {
    const k = this.kubeconfigWatcher.current;
    return {
      status: this.status,
      ...(this.contextInfo ? { context: this.contextInfo } : {}),
      namespace: this.namespace,
      picked: { context: !!this.choice.context, namespace: !!this.choice.namespace },
      ...(this.snapshot ? { health: this.snapshot.health } : {}),
      settled: this.status.kind !== 'active' || !!this.snapshot?.settled,
      entries: this.ordered,
      kubeconfig: { files: k.files, paths: k.paths, errors: k.errors },
    };
  }

  entry(namespace: string, name: string): RolloutEntry | undefined {
    return this.entries.get(`${namespace}/${name}`);
  }

  /** By `namespace/name`. */
  entryByKey(key: string): RolloutEntry | undefined {
    return this.entries.get(key);
  }

  /** The raw objects of the current snapshot (for the rollout page's analysis details). */
  get rawSnapshot(): NamespaceSnapshot | undefined {
    return this.snapshot;
  }

  /** The context and namespace shown; never written to the kubeconfig. */
  setChoice(choice: SessionChoice): void {
    this.choice = { ...choice };
    this.connect();
  }

  get currentChoice(): SessionChoice {
    return { ...this.choice };
  }

  /** Drops the watches and starts again (the "retry" of a view). */
  reconnect(): void {
    this.kubeconfigWatcher.reload();
    this.connect();
  }

  async listNamespaces(): Promise<NamespaceList> {
    if (!this.store) return { names: [] };
    return listNamespaces(this.store.client, this.contextInfo?.namespace ?? 'default');
  }

  /** Runs an action with the plugin's requests; the outcome says what happened (never throws for cluster errors). */
  async execute(namespace: string, name: string, action: ActionRequest): Promise<ActionOutcome> {
    if (!this.store) {
      const message = this.status.kind === 'active' ? 'not connected' : this.status.message;
      return { ok: false, refused: true, message, sent: [] };
    }
    const outcome = await executeAction(this.store.client, namespace, name, action);
    this.log(`${action.action} ${namespace}/${name}: ${outcome.ok ? 'ok' : outcome.refused ? 'refused' : 'failed'}: ${outcome.message}`);
    if (!outcome.ok && !outcome.refused && outcome.error.kind === 'forbidden') {
      // RBAC changed under us: ask again, so the gates follow
      this.access?.invalidate(namespace);
      this.reviewAccess();
    }
    return outcome;
  }

  dispose(): void {
    this.disposed = true;
    this.teardown();
    this.kubeconfigWatcher.dispose();
    this.changed.clear();
    this.transitionsEmitter.clear();
  }

  private teardown(): void {
    for (const s of this.storeSubs) s.dispose();
    this.storeSubs = [];
    this.access?.dispose();
    this.access = undefined;
    this.store?.dispose();
    this.store = undefined;
    this.snapshot = undefined;
    this.entries.clear();
    this.ordered = [];
    this.lastHealth = undefined;
    this.tracker.reset();
  }

  private connect(): void {
    if (this.disposed) return;
    this.teardown();
    const k = this.kubeconfigWatcher.current;
    const contextName = this.choice.context ?? k.currentContext;
    const info = contextName ? k.contexts.find((c) => c.name === contextName) : undefined;
    this.contextInfo = info;
    this.namespace = this.choice.namespace ?? info?.namespace ?? 'default';
    if (k.contexts.length === 0) {
      const why = k.errors.length ? k.errors.join('; ') : k.files.length ? `no contexts in ${k.files.join(', ')}` : `no kubeconfig at ${k.paths.join(', ')}`;
      this.status = { kind: 'noKubeconfig', message: why };
    } else if (!info) {
      this.status = {
        kind: 'contextProblem',
        message: contextName ? `context '${contextName}' is not in the kubeconfig` : 'the kubeconfig has no current-context: pick a context',
      };
    } else if (info.problem) {
      this.status = { kind: 'contextProblem', message: info.problem };
    } else {
      try {
        const client = new ObservedKubeClient(k.kubeConfigFor(info.name), this.log);
        this.store = new ClusterStore(client, this.opts.store);
        this.access = new AccessReviews(client);
        this.status = { kind: 'active' };
        this.log(`watching ${this.namespace === ALL_NAMESPACES ? 'all namespaces' : `namespace '${this.namespace}'`} of context '${info.name}' (${info.server ?? ''})`);
        this.storeSubs.push(
          this.store.subscribe(this.namespace, (s) => this.onSnapshot(s)),
          this.access.onDidChange(() => this.regate()),
        );
      } catch (e) {
        this.status = { kind: 'contextProblem', message: errorMessage(e) };
      }
    }
    this.changed.fire({ structural: true, changed: [] });
  }

  private onSnapshot(s: NamespaceSnapshot): void {
    const prevHealth = this.lastHealth;
    this.snapshot = s;
    const health = s.health.state;
    this.lastHealth = health;
    let structural = prevHealth !== health;
    if (prevHealth !== health) {
      this.log(`watch ${this.namespace === ALL_NAMESPACES ? 'all namespaces' : this.namespace}: ${health}${s.health.message ? ` (${s.health.message})` : ''}`);
      // permissions may have changed while we were away
      if (health === 'connected' && prevHealth && prevHealth !== 'connecting') this.access?.invalidate();
    }
    const idx = indexByOwner(s);
    const next = new Map<string, RolloutEntry>();
    const changed: string[] = [];
    const now = new Date();
    for (const ro of s.rollouts) {
      const namespace = ro.metadata?.namespace ?? '';
      const name = ro.metadata?.name ?? '';
      const key = `${namespace}/${name}`;
      const rel = relatedTo(ro, idx);
      const objectsSig = [rv(ro), ...rel.replicaSets.map(rv), ...rel.pods.map(rv), ...rel.analysisRuns.map(rv), ...rel.experiments.map(rv)].join(',');
      const gates = actionGates({ rollout: ro, replicaSets: rel.replicaSets, now, namespace, ...(this.access ? { can: this.access.canI(namespace) } : {}) });
      const signature = `${objectsSig}|${JSON.stringify(gates)}`;
      const prev = this.entries.get(key);
      if (prev && prev.signature === signature) {
        next.set(key, prev);
        continue;
      }
      const info = deriveRolloutInfo({ rollout: ro, ...rel, now });
      const argoCdApp = argoCdApplication(ro.metadata);
      next.set(key, { key, namespace, name, rollout: ro, info, gates, signature, ...(argoCdApp ? { argoCdApp } : {}) });
      if (prev) changed.push(key);
    }
    if (next.size !== this.entries.size || [...next.keys()].some((k) => !this.entries.has(k))) structural = true;
    this.entries = next;
    this.ordered = [...next.values()];
    this.reviewAccess();
    if (structural || changed.length) this.changed.fire({ structural, changed });
    if (s.synced) {
      const t = this.tracker.update(s.rollouts);
      if (t.length) this.transitionsEmitter.fire(t);
    }
  }

  /** Asks the API server what the user may do in each namespace in view (once per namespace until invalidated). */
  private reviewAccess(): void {
    if (!this.access) return;
    const namespaces = new Set(this.ordered.map((e) => e.namespace));
    for (const ns of namespaces) void this.access.review(ns, ACTION_PERMISSIONS);
  }

  /** RBAC answers arrived: recompute the gates (the signature changes for the rollouts whose gates did). */
  private regate(): void {
    if (this.snapshot) this.onSnapshot(this.snapshot);
  }
}
