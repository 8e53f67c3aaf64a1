// A STAND-IN for the Argo Rollouts controller, for tests and the sandbox (`npm start`). It is not Argo: it moves a
// canary Rollout through the states the real controller writes, through the real API server, so the extension's
// views and actions can be exercised without a cluster. Watch-driven (the extension's own ClusterStore).
//
// What it does, per Rollout in its namespace:
// - a new spec.template hash → a ReplicaSet `<rollout>-<hash>` (labels incl. rollouts-pod-template-hash, annotation
//   rollout.argoproj.io/revision, controller ownerReference to the rollout) and its pods (ownerReference to the RS,
//   spec.nodeName set to a fake node, /status patched to Running + Ready, since no kubelet exists);
// - canary steps: setWeight scales canary/stable to the basic-canary split (argo-rollouts utils/replicaset/canary.go), `pause: {}` adds a
//   CanaryPauseStep pause condition + controllerPause and waits for promote, a timed pause waits its duration;
//   analysis/experiment/other steps complete at once (no AnalysisRuns or Experiments are created);
// - promote (pause conditions cleared), promoteFull, abort (abortedAt, RolloutAborted condition → Degraded),
//   retry, spec.paused (manually paused), restartAt (pods older than it are replaced, then status.restartedAt);
// - status: currentStepIndex, pauseConditions, controllerPause, stableRS, currentPodHash, phase/message (the
//   controller's CalculateRolloutPhase), observedGeneration, replica counts, selector, HPAReplicas, conditions;
// - a missing spec.replicas is set to 1, as Argo does "in order to work with HPA" (argo-rollouts rollout/controller.go);
// - the HPA controller's part for HPAs that target a Rollout: the [minReplicas, maxReplicas] bounds written through
//   the Rollout's /scale subresource, and the HPA's status — no metrics (./hpa.ts).
// Simplifications (said plainly): scaling jumps to the target counts (no maxSurge/maxUnavailable pacing), pods are
// ready at once, no blue-green, no traffic routing, no scale-down delay, no revisionHistoryLimit clean-up, and the
// pod-template hash is computed differently from Argo's.
//
// CLI: node --import tsx test/harness/controller.ts --kubeconfig PATH [--context C] [-n NS]
import { randomBytes } from 'node:crypto';
import { rfc3339 } from '../../extension/src/cluster/actions/planGo';
import { KubeClient } from '../../extension/src/cluster/client';
import { ClusterError, errorMessage } from '../../extension/src/cluster/errors';
import type { Disposable } from '../../extension/src/cluster/events';
import { isControlledBy } from '../../extension/src/cluster/actions/planTemplate';
import { canarySteps, currentSetWeight } from '../../extension/src/cluster/info/canarySteps';
import { POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION, parseRevision } from '../../extension/src/cluster/info/meta';
import { calculateRolloutPhase } from '../../extension/src/cluster/info/rolloutPhase';
import type { ObjectMeta, OwnerReference, Pod, ReplicaSet, Rollout, RolloutCondition, RolloutStatus } from '../../extension/src/cluster/k8sTypes';
import { loadKubeconfig } from '../../extension/src/cluster/kubeconfig';
import { apiVersionOf, objectPath, collectionPath, PODS, REPLICA_SETS, ROLLOUTS, type ResourceType } from '../../extension/src/cluster/resources';
import { formatLabelSelector } from '../../extension/src/cluster/selector';
import { ALL_NAMESPACES, ClusterStore, type NamespaceSnapshot, type StoreOptions } from '../../extension/src/cluster/store';
import { canaryStableCounts, pauseDurationMs, podTemplateHash, resolveMaxSurge } from './canaryMath';
import { HpaStandIn } from './hpa';

export const FAKE_NODE = 'rollout-pilot-fake-node';
const MERGE = 'application/merge-patch+json';

export interface ControllerOptions extends StoreOptions {
  log?: (line: string) => void;
}

const nowIso = () => rfc3339(Date.now());

/** The owner reference a controller writes on what it creates: controller: true, blockOwnerDeletion: true. */
function controllerRef(resource: ResourceType, owner: { metadata?: ObjectMeta }): OwnerReference {
  return {
    apiVersion: apiVersionOf(resource),
    kind: resource.kind,
    name: owner.metadata!.name,
    uid: owner.metadata!.uid,
    controller: true,
    blockOwnerDeletion: true,
  };
}

function podReady(p: Pod): boolean {
  return !p.metadata?.deletionTimestamp && (p.status?.containerStatuses ?? []).length > 0 && (p.status?.containerStatuses ?? []).every((c) => c.ready);
}

function sameJson(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export class RolloutController implements Disposable {
  private readonly store: ClusterStore;
  private readonly client: KubeClient;
  /** the HPA controller's part (bounds only) */
  readonly hpa: HpaStandIn;
  private sub: Disposable | undefined;
  private running = false;
  private again = false;
  private timers = new Map<string, NodeJS.Timeout>();
  /** pods created / deleted that the snapshot does not show yet, per RS name (controller "expectations") */
  private expectCreate = new Map<string, Set<string>>();
  private expectDelete = new Set<string>();
  private disposed = false;
  readonly errors: string[] = [];
  private readonly log: (line: string) => void;

  constructor(
    kcOrClient: ConstructorParameters<typeof ClusterStore>[0],
    readonly namespace: string,
    opts: ControllerOptions = {},
  ) {
    this.store = new ClusterStore(kcOrClient, { coalesceMs: 20, ...opts });
    this.client = this.store.client;
    this.log = opts.log ?? (() => {});
    this.hpa = new HpaStandIn(this.client, namespace === ALL_NAMESPACES ? '' : namespace, () => this.kick(), (l) => this.log(`controller: ${l}`));
  }

  start(): this {
    this.sub = this.store.subscribe(this.namespace, () => this.kick());
    this.hpa.start();
    return this;
  }

  dispose(): void {
    this.disposed = true;
    this.sub?.dispose();
    this.hpa.dispose();
    for (const t of this.timers.values()) clearTimeout(t);
    this.timers.clear();
    this.store.dispose();
  }

  /** Runs a reconcile pass now (or once more after the current one). */
  kick(): void {
    if (this.disposed) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    void (async () => {
      try {
        do {
          this.again = false;
          const snap = this.store.snapshot(this.namespace);
          if (snap?.synced) await this.reconcileAll(snap);
        } while (this.again && !this.disposed);
      } finally {
        this.running = false;
      }
    })();
  }

  private later(key: string, atMs: number): void {
    const old = this.timers.get(key);
    if (old) clearTimeout(old);
    const t = setTimeout(() => {
      this.timers.delete(key);
      this.kick();
    }, Math.max(0, atMs - Date.now()) + 50);
    this.timers.set(key, t);
  }

  private async reconcileAll(snap: NamespaceSnapshot): Promise<void> {
    for (const ro of snap.rollouts) {
      if (this.disposed) return;
      await this.guarded(ro.metadata?.name ?? '?', () => this.reconcile(ro, snap));
    }
    if (!this.disposed && this.hpa.synced) await this.guarded('hpa', () => this.hpa.reconcile(snap.rollouts));
  }

  /** Runs one reconcile step; a 409 or 404 means a newer object is on its way through the watch: run again. */
  private async guarded(what: string, fn: () => Promise<void>): Promise<void> {
    try {
      await fn();
    } catch (e) {
      if (e instanceof ClusterError && (e.kind === 'conflict' || e.kind === 'notFound')) {
        this.again = true;
        return;
      }
      const msg = `${what}: ${errorMessage(e)}`;
      this.errors.push(msg);
      this.log(`controller: ${msg}`);
    }
  }

  private async send(method: 'PATCH' | 'POST' | 'DELETE', path: string, body?: unknown): Promise<unknown> {
    const res = await this.client.request({
      method,
      path,
      contentType: method === 'PATCH' ? MERGE : 'application/json',
      body: body === undefined ? undefined : JSON.stringify(body),
    });
    return JSON.parse(res.text) as unknown;
  }

  private async reconcile(ro: Rollout, snap: NamespaceSnapshot): Promise<void> {
    const name = ro.metadata!.name!;
    const ns = ro.metadata!.namespace!;
    const uid = ro.metadata!.uid;
    const spec = ro.spec ?? {};
    const status: RolloutStatus = { ...(ro.status ?? {}) };
    if (spec.replicas === undefined || spec.replicas === null) {
      // Argo sets a missing spec.replicas to 1 "in order to work with HPA" (rollout/controller.go): the /scale
      // subresource reads a missing field as 0, and the HPA controller does not scale a target at 0.
      this.log(`controller: ${name} spec.replicas defaulted to 1`);
      await this.send('PATCH', objectPath(ROLLOUTS, ns, name), { metadata: { resourceVersion: ro.metadata?.resourceVersion }, spec: { replicas: 1 } });
      return;
    }
    if (!spec.strategy?.canary || !spec.template) return; // blue-green and workloadRef are not simulated
    const R = spec.replicas ?? 1;
    const steps = canarySteps(ro);
    const n = steps.length;
    const hash = podTemplateHash(spec.template, POD_TEMPLATE_HASH_LABEL);
    const owned = snap.replicaSets.filter((rs) => isControlledBy(rs.metadata, uid ?? ''));
    const maxRevision = owned.reduce((m, rs) => Math.max(m, parseRevision(rs.metadata)), 0);
    let current = owned.find((rs) => rs.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] === hash);
    const now = nowIso();

    // 1. A template not seen before: new (or re-used, for undo) ReplicaSet and a fresh canary run.
    if (status.currentPodHash !== hash) {
      if (!current) {
        current = await this.createReplicaSet(ro, hash, maxRevision + 1);
      } else if (parseRevision(current.metadata) < maxRevision) {
        await this.send('PATCH', objectPath(REPLICA_SETS, ns, current.metadata!.name!), {
          metadata: { annotations: { [REVISION_ANNOTATION]: String(maxRevision + 1) } },
        });
      }
      status.currentPodHash = hash;
      status.abort = undefined;
      status.abortedAt = null;
      status.pauseConditions = null;
      status.controllerPause = undefined;
      status.promoteFull = undefined;
      if (!status.stableRS) status.stableRS = hash; // first deploy: straight to 100%, steps skipped (as Argo)
      if (n) status.currentStepIndex = status.stableRS === hash ? n : 0;
    }
    if (!current) return; // created above; the watch brings it back
    const currentRev = parseRevision(current.metadata) || maxRevision + 1;
    const stable = owned.find((rs) => rs.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] === status.stableRS);
    const promoted = status.stableRS === hash;

    // 2. Abort / retry / promote-full bookkeeping.
    const aborted = !!status.abort && !promoted;
    if (aborted) {
      if (!status.abortedAt) status.abortedAt = now;
      status.currentStepIndex = n ? 0 : status.currentStepIndex;
      status.pauseConditions = null;
      status.controllerPause = undefined;
    } else if (status.abortedAt) {
      status.abortedAt = null; // retried
    }
    if (status.promoteFull && !promoted) {
      status.currentStepIndex = n;
      status.pauseConditions = null;
      status.controllerPause = undefined;
    }

    // 3. Target counts for this step.
    const probe: Rollout = { ...ro, status };
    const weight = promoted ? 100 : status.promoteFull ? 100 : currentSetWeight(probe);
    const surge = resolveMaxSurge(spec.strategy.canary.maxSurge as number | string | undefined, R);
    const [canaryTarget, stableTarget] = promoted ? [R, 0] : canaryStableCounts(R, weight, surge);
    const targets = new Map<string, number>();
    for (const rs of owned) targets.set(rs.metadata!.name!, 0);
    targets.set(current.metadata!.name!, canaryTarget);
    if (stable && !promoted) targets.set(stable.metadata!.name!, stableTarget);
    for (const rs of owned) {
      const want = targets.get(rs.metadata!.name!) ?? 0;
      if ((rs.spec?.replicas ?? 0) !== want) {
        await this.send('PATCH', objectPath(REPLICA_SETS, ns, rs.metadata!.name!), { spec: { replicas: want } });
      }
    }

    // 4. Pods: create/delete toward the targets, replace those older than restartAt, then RS status.
    const restartAt = spec.restartAt ? Date.parse(spec.restartAt) : NaN;
    const restartDue = !Number.isNaN(restartAt) && restartAt <= Date.now() && spec.restartAt !== status.restartedAt;
    if (!Number.isNaN(restartAt) && restartAt > Date.now()) this.later(`restart/${ns}/${name}`, restartAt);
    let allAvailable = true;
    let oldPodsLeft = false;
    const avail = new Map<string, number>();
    for (const rs of owned) {
      const rsName = rs.metadata!.name!;
      const want = targets.get(rsName) ?? 0;
      let pods = snap.pods.filter((p) => isControlledBy(p.metadata, rs.metadata?.uid ?? '') && !this.expectDelete.has(p.metadata!.name!));
      const pending = this.expectCreate.get(rsName) ?? new Set<string>();
      for (const p of pods) pending.delete(p.metadata!.name!);
      for (const gone of [...this.expectDelete]) if (!snap.pods.some((p) => p.metadata?.name === gone)) this.expectDelete.delete(gone);
      if (restartDue) {
        const old = pods.filter((p) => Date.parse(p.metadata?.creationTimestamp ?? '') < restartAt);
        for (const p of old) await this.deletePod(ns, p.metadata!.name!);
        if (old.length) oldPodsLeft = true;
        pods = pods.filter((p) => !old.includes(p));
      }
      let count = pods.length + pending.size;
      while (count < want) {
        pending.add(await this.createPod(rs));
        count++;
      }
      if (count > want) {
        const extra = [...pods]
          .sort((a, b) => (a.metadata?.creationTimestamp ?? '') < (b.metadata?.creationTimestamp ?? '') ? 1 : -1)
          .slice(0, count - want);
        for (const p of extra) await this.deletePod(ns, p.metadata!.name!);
        pods = pods.filter((p) => !extra.includes(p));
      }
      this.expectCreate.set(rsName, pending);
      for (const p of pods) if (!podReady(p)) await this.markRunning(p);
      const ready = pods.filter(podReady).length;
      avail.set(rsName, ready);
      if (ready !== want || pending.size) allAvailable = false;
      const rsStatus = { replicas: pods.length, fullyLabeledReplicas: pods.length, readyReplicas: ready, availableReplicas: ready, observedGeneration: rs.metadata?.generation };
      const cur = rs.status ?? {};
      if (
        cur.replicas !== rsStatus.replicas ||
        (cur.readyReplicas ?? 0) !== ready ||
        (cur.availableReplicas ?? 0) !== ready ||
        cur.observedGeneration !== rsStatus.observedGeneration
      ) {
        await this.send('PATCH', objectPath(REPLICA_SETS, ns, rsName, 'status'), { status: rsStatus });
      }
    }
    if (restartDue && !oldPodsLeft && allAvailable) status.restartedAt = spec.restartAt;

    // 5. Steps (not while aborted, manually paused or already promoted).
    if (!promoted && !aborted && !spec.paused && n && allAvailable) {
      const idx = status.currentStepIndex ?? 0;
      const step = idx < n ? steps[idx] : undefined;
      if (!step) {
        status.stableRS = hash; // every step done: the canary becomes stable
        status.pauseConditions = null;
        status.controllerPause = undefined;
        status.promoteFull = undefined;
      } else if (step.pause) {
        const pc = (status.pauseConditions ?? []).find((c) => c.reason === 'CanaryPauseStep');
        const ms = pauseDurationMs(step.pause.duration);
        if (pc) {
          if (ms !== undefined && Date.parse(pc.startTime ?? now) + ms <= Date.now()) {
            status.pauseConditions = null;
            status.controllerPause = undefined;
            status.currentStepIndex = idx + 1;
          } else if (ms !== undefined) {
            this.later(`pause/${ns}/${name}`, Date.parse(pc.startTime ?? now) + ms);
          }
        } else if (status.controllerPause) {
          // pause conditions cleared by promote while controllerPause is set: the user resumed
          status.controllerPause = undefined;
          status.currentStepIndex = idx + 1;
        } else if (ms === 0) {
          status.currentStepIndex = idx + 1;
        } else {
          status.pauseConditions = [{ reason: 'CanaryPauseStep', startTime: now }];
          status.controllerPause = true;
          if (ms !== undefined) this.later(`pause/${ns}/${name}`, Date.now() + ms);
        }
      } else {
        status.currentStepIndex = idx + 1; // setWeight reached (all pods available); other steps pass at once
      }
    }
    if (status.stableRS === hash && status.promoteFull) status.promoteFull = undefined;

    // 6. Counts, conditions, phase; written only when something changed.
    const sum = (f: (rs: ReplicaSet) => number) => owned.reduce((s, rs) => s + f(rs), 0);
    status.replicas = sum((rs) => rs.status?.replicas ?? 0);
    status.updatedReplicas = current.status?.replicas ?? 0;
    status.readyReplicas = sum((rs) => rs.status?.readyReplicas ?? 0);
    status.availableReplicas = sum((rs) => rs.status?.availableReplicas ?? 0);
    status.HPAReplicas = status.replicas;
    status.selector = formatLabelSelector(spec.selector);
    status.observedGeneration = String(ro.metadata?.generation ?? 0);
    status.canary = status.canary ?? {};
    status.conditions = this.conditions(ro, status, aborted, currentRev, now);
    const { phase, message } = calculateRolloutPhase({ ...ro, status });
    status.phase = phase;
    // Argo omits an empty message (omitempty). Sending "" in a merge patch is also refused by this server:
    // kube-apiserver 1.20 turns it into null and rejects it against the CRD's `type: string` (422, observed).
    status.message = message || undefined;
    const keys = new Set([...Object.keys(ro.status ?? {}), ...Object.keys(status)]);
    const changed = [...keys].filter((k) => !sameJson((ro.status ?? {})[k], status[k]));
    if (changed.length) {
      const body: Record<string, unknown> = {};
      for (const k of changed) body[k] = status[k] === undefined ? null : status[k];
      this.log(`controller: ${name} status ${changed.join(',')}`);
      // resourceVersion in a patch is a precondition: a stale view gets 409 and is retried from the watch.
      await this.send('PATCH', objectPath(ROLLOUTS, ns, name, 'status'), {
        metadata: { resourceVersion: ro.metadata?.resourceVersion },
        status: body,
      });
    }
  }

  private conditions(ro: Rollout, status: RolloutStatus, aborted: boolean, revision: number, now: string): RolloutCondition[] {
    const prev = ro.status?.conditions ?? [];
    const make = (type: string, st: string, reason: string, message: string): RolloutCondition => {
      const old = prev.find((c) => c.type === type);
      if (old && old.status === st && old.reason === reason && old.message === message) return old;
      return {
        type,
        status: st,
        reason,
        message,
        lastUpdateTime: now,
        lastTransitionTime: old && old.status === st ? (old.lastTransitionTime ?? now) : now,
      };
    };
    const out: RolloutCondition[] = [];
    const hadAbort = prev.some((c) => c.reason === 'RolloutAborted');
    if (aborted) out.push(make('Progressing', 'False', 'RolloutAborted', `Rollout aborted update to revision ${revision}`));
    else if (hadAbort) out.push(make('Progressing', 'True', 'RolloutRetry', `Retrying Rollout after abort`));
    else if (status.stableRS === status.currentPodHash && (status.availableReplicas ?? 0) >= (ro.spec?.replicas ?? 1))
      out.push(make('Progressing', 'True', 'NewReplicaSetAvailable', 'Rollout has completed rollout'));
    else out.push(make('Progressing', 'True', 'ReplicaSetUpdated', `ReplicaSet is progressing to revision ${revision}`));
    const available = (status.availableReplicas ?? 0) >= (ro.spec?.replicas ?? 1);
    out.push(make('Available', available ? 'True' : 'False', available ? 'AvailableReason' : 'AvailableReason', available ? 'Rollout has minimum availability' : 'Rollout does not have minimum availability'));
    const paused = !!ro.spec?.paused || (status.pauseConditions ?? []).length > 0;
    out.push(make('Paused', paused ? 'True' : 'False', paused ? 'RolloutPaused' : 'RolloutResumed', paused ? 'Rollout is paused' : 'Rollout is resumed'));
    return out;
  }

  private async createReplicaSet(ro: Rollout, hash: string, revision: number): Promise<ReplicaSet | undefined> {
    const name = `${ro.metadata!.name}-${hash}`;
    const labels = { ...(ro.spec?.template?.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const selector = {
      matchLabels: { ...(ro.spec?.selector?.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash },
      ...(ro.spec?.selector?.matchExpressions ? { matchExpressions: ro.spec.selector.matchExpressions } : {}),
    };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name,
        namespace: ro.metadata!.namespace,
        labels,
        annotations: { [REVISION_ANNOTATION]: String(revision) },
        ownerReferences: [controllerRef(ROLLOUTS, ro)],
      },
      spec: {
        replicas: 0,
        selector,
        template: { ...ro.spec!.template, metadata: { ...(ro.spec!.template!.metadata ?? {}), labels } },
      },
    };
    this.log(`controller: create replicaset ${name} (revision ${revision})`);
    try {
      return (await this.send('POST', collectionPath(REPLICA_SETS, ro.metadata!.namespace), rs)) as ReplicaSet;
    } catch (e) {
      if (e instanceof ClusterError && e.status === 409) return undefined; // already there; the watch has it
      throw e;
    }
  }

  private async createPod(rs: ReplicaSet): Promise<string> {
    const name = `${rs.metadata!.name}-${randomBytes(3).toString('hex').slice(0, 5)}`;
    const tpl = rs.spec?.template ?? {};
    const pod: Pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name,
        namespace: rs.metadata!.namespace,
        labels: { ...(tpl.metadata?.labels ?? {}) },
        ownerReferences: [controllerRef(REPLICA_SETS, rs)],
      },
      // No scheduler: the pod is "bound" to a node that does not exist, and its status is written below.
      spec: { ...(tpl.spec ?? {}), nodeName: FAKE_NODE },
    };
    const created = (await this.send('POST', collectionPath(PODS, rs.metadata!.namespace), pod)) as Pod;
    await this.markRunning(created);
    return name;
  }

  private async markRunning(p: Pod): Promise<void> {
    const now = nowIso();
    const containers = p.spec?.containers ?? [];
    await this.send('PATCH', objectPath(PODS, p.metadata!.namespace!, p.metadata!.name!, 'status'), {
      status: {
        phase: 'Running',
        startTime: now,
        conditions: ['Initialized', 'Ready', 'ContainersReady', 'PodScheduled'].map((type) => ({ type, status: 'True', lastTransitionTime: now })),
        containerStatuses: containers.map((c) => ({
          name: c.name,
          image: c.image,
          imageID: '',
          ready: true,
          started: true,
          restartCount: 0,
          state: { running: { startedAt: now } },
        })),
      },
    });
  }

  private async deletePod(ns: string, name: string): Promise<void> {
    this.expectDelete.add(name);
    try {
      await this.client.request({ method: 'DELETE', path: objectPath(PODS, ns, name), query: { gracePeriodSeconds: 0 } });
    } catch (e) {
      if (!(e instanceof ClusterError && e.kind === 'notFound')) throw e;
    }
  }
}

async function cli(argv: string[]): Promise<void> {
  const arg = (...names: string[]) => {
    for (const n of names) {
      const i = argv.indexOf(n);
      if (i >= 0) return argv[i + 1];
    }
    return undefined;
  };
  const kubeconfig = arg('--kubeconfig');
  const loaded = loadKubeconfig({ explicitPath: kubeconfig });
  if (loaded.errors.length) throw new Error(loaded.errors.join('\n'));
  const kc = loaded.kubeConfigFor(arg('--context'));
  const namespace = arg('-n', '--namespace') ?? 'default';
  const c = new RolloutController(kc, namespace, { log: (l) => process.stdout.write(`${new Date().toISOString()} ${l}\n`) }).start();
  process.stdout.write(`controller stand-in watching namespace '${namespace}' at ${kc.getCurrentCluster()?.server}\n`);
  const stop = () => {
    c.dispose();
    process.exit(0);
  };
  process.on('SIGTERM', stop);
  process.on('SIGINT', stop);
}

if (process.argv[1] && /controller\.ts$/.test(process.argv[1])) {
  cli(process.argv.slice(2)).catch((e: unknown) => {
    process.stderr.write(`controller: ${errorMessage(e)}\n`);
    process.exit(1);
  });
}
