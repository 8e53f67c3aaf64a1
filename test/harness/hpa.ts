// The HPA part of the controller stand-in: it plays kube-controller-manager's HorizontalPodAutoscaler controller for
// HPAs whose scaleTargetRef is an Argo Rollout, and ONLY enforces the [minReplicas, maxReplicas] bounds — there are
// no metrics here (no metrics-server, no kubelet), so it never scales on CPU or any other metric.
//
// What it does, as kube-controller-manager v1.20 `pkg/controller/podautoscaler/horizontal.go` reconcileAutoscaler:
// - it works on the autoscaling/v1 view of the HPAs (as that controller does): an HPA created as v2beta1, v2beta2 or
//   v2 is the same stored object, so every version the API server serves is covered;
// - it reads the target's Scale through the Rollout's `/scale` subresource (the CRD maps it to spec.replicas,
//   status.HPAReplicas and status.selector; a missing spec.replicas reads as 0);
// - Scale.spec.replicas 0 with minReplicas ≠ 0: scaling disabled, nothing written to the target;
//   above maxReplicas → maxReplicas; below minReplicas (default 1) → minReplicas, written by PUT of the Scale object;
//   otherwise the real controller computes from metrics: here the count is left as it is;
// - the HPA's status: currentReplicas (Scale.spec.replicas when read), desiredReplicas, lastScaleTime on a rescale,
//   written with PUT on `/status` only when it changed.
// Not done: metrics, the 15 s resync (it is watch-driven: it acts on HPA and Rollout events), scale-down
// stabilisation, `behavior`, conditions and events, targets other than Rollouts.
import { rfc3339 } from '../../extension/src/cluster/actions/planGo';
import { ClusterError } from '../../extension/src/cluster/errors';
import type { KubeClient } from '../../extension/src/cluster/client';
import type { Disposable } from '../../extension/src/cluster/events';
import type { Rollout } from '../../extension/src/cluster/k8sTypes';
import { ListWatch, type KObject } from '../../extension/src/cluster/listWatch';
import { objectPath, ROLLOUTS, type ResourceType } from '../../extension/src/cluster/resources';

export const HPAS_V1: ResourceType = { group: 'autoscaling', version: 'v1', plural: 'horizontalpodautoscalers', kind: 'HorizontalPodAutoscaler' };

/** The autoscaling/v1 HorizontalPodAutoscaler fields the stand-in reads and writes. */
export interface HpaV1 extends KObject {
  spec?: {
    scaleTargetRef?: { apiVersion?: string; kind?: string; name?: string };
    minReplicas?: number;
    maxReplicas?: number;
  };
  status?: { currentReplicas?: number; desiredReplicas?: number; lastScaleTime?: string; [k: string]: unknown };
}

/** autoscaling/v1 Scale, as the `/scale` subresource returns it. */
export interface Scale {
  apiVersion?: string;
  kind?: string;
  metadata?: { name?: string; namespace?: string; resourceVersion?: string };
  spec?: { replicas?: number };
  status?: { replicas?: number; selector?: string };
}

export interface HpaDecision {
  desiredReplicas: number;
  rescale: boolean;
  /** the HPA controller's words for the decision */
  reason: string;
}

/**
 * The bounds part of reconcileAutoscaler (horizontal.go, v1.20): from the target's Scale.spec.replicas and the HPA's
 * bounds. Within the bounds the real controller asks the metrics; with none here, the count stays. Pure.
 */
export function hpaBoundsDecision(scaleReplicas: number, minReplicas: number | undefined, maxReplicas: number): HpaDecision {
  const min = minReplicas ?? 1;
  if (scaleReplicas === 0 && min !== 0) {
    return { desiredReplicas: 0, rescale: false, reason: 'scaling is disabled since the replica count of the target is zero' };
  }
  if (scaleReplicas > maxReplicas) return { desiredReplicas: maxReplicas, rescale: true, reason: 'Current number of replicas above Spec.MaxReplicas' };
  if (scaleReplicas < min) return { desiredReplicas: min, rescale: true, reason: 'Current number of replicas below Spec.MinReplicas' };
  return { desiredReplicas: scaleReplicas, rescale: false, reason: 'within bounds (no metrics in this stand-in)' };
}

/** A scaleTargetRef that names an Argo Rollout (any version of argoproj.io, as the HPA controller's REST mapping). */
export function targetsRollout(hpa: HpaV1): boolean {
  const ref = hpa.spec?.scaleTargetRef;
  return ref?.kind === 'Rollout' && (ref.apiVersion ?? '').split('/')[0] === 'argoproj.io' && !!ref.name;
}

/** The status the HPA gets from a decision on a Scale of `currentReplicas` (lastScaleTime aside). */
function statusFor(currentReplicas: number, d: HpaDecision): { currentReplicas: number; desiredReplicas: number } {
  return { currentReplicas, desiredReplicas: d.desiredReplicas };
}

/**
 * Watches the HPAs of one namespace ('' = all) with the cluster layer's ListWatch and, on `reconcile(rollouts)`,
 * enforces their bounds on the Rollouts they target. `onChange` is called on every HPA event (the controller kicks a
 * reconcile pass from it).
 */
export class HpaStandIn implements Disposable {
  private readonly hpas = new Map<string, HpaV1>();
  private readonly lw: ListWatch;
  synced = false;

  constructor(
    private readonly client: KubeClient,
    readonly namespace: string,
    onChange: () => void,
    private readonly log: (line: string) => void = () => {},
  ) {
    const key = (o: KObject) => `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    this.lw = new ListWatch(client, HPAS_V1, namespace, {
      onReplace: (items) => {
        this.hpas.clear();
        for (const o of items) this.hpas.set(key(o), o as HpaV1);
        this.synced = true;
        onChange();
      },
      onUpsert: (o) => {
        this.hpas.set(key(o), o as HpaV1);
        onChange();
      },
      onDelete: (o) => {
        this.hpas.delete(key(o));
        onChange();
      },
      onState: (s) => {
        if (s.state === 'retrying') this.log(`hpa watch: ${s.reason}`);
      },
    });
  }

  start(): this {
    this.lw.start();
    return this;
  }

  dispose(): void {
    this.lw.stop();
  }

  /** The HPAs seen, for tests and logs. */
  list(): HpaV1[] {
    return [...this.hpas.values()];
  }

  /**
   * One pass over the HPAs that target a Rollout in `rollouts` (the controller's snapshot). The snapshot only says
   * whether there is anything to do; the decision itself is made on the Scale read through `/scale`. A 409 or 404
   * (a newer object on its way through a watch) is thrown as the ClusterError it is, for the caller to retry.
   */
  async reconcile(rollouts: Rollout[]): Promise<void> {
    for (const hpa of this.hpas.values()) {
      if (!targetsRollout(hpa)) continue;
      const ns = hpa.metadata.namespace!;
      const name = hpa.spec!.scaleTargetRef!.name!;
      const ro = rollouts.find((r) => r.metadata?.namespace === ns && r.metadata?.name === name);
      if (!ro) continue; // the real controller records FailedGetScale; the stand-in waits for the Rollout
      const max = hpa.spec?.maxReplicas ?? 0;
      const seen = hpaBoundsDecision(ro.spec?.replicas ?? 0, hpa.spec?.minReplicas, max);
      const want = statusFor(ro.spec?.replicas ?? 0, seen);
      const st = hpa.status ?? {};
      if (!seen.rescale && st.currentReplicas === want.currentReplicas && st.desiredReplicas === want.desiredReplicas) continue;
      await this.sync(hpa, ns, name);
    }
  }

  private async sync(hpa: HpaV1, ns: string, rollout: string): Promise<void> {
    const scalePath = objectPath(ROLLOUTS, ns, rollout, 'scale');
    const scale = await this.client.json<Scale>({ method: 'GET', path: scalePath });
    const current = scale.spec?.replicas ?? 0;
    const d = hpaBoundsDecision(current, hpa.spec?.minReplicas, hpa.spec?.maxReplicas ?? 0);
    let lastScaleTime = hpa.status?.lastScaleTime;
    if (d.rescale) {
      const body: Scale = { ...scale, spec: { ...scale.spec, replicas: d.desiredReplicas } };
      await this.client.request({ method: 'PUT', path: scalePath, contentType: 'application/json', body: JSON.stringify(body) });
      lastScaleTime = rfc3339(Date.now());
      this.log(`hpa ${hpa.metadata.name}: rollout ${rollout} scaled ${current} → ${d.desiredReplicas} (${d.reason})`);
    }
    const status = { ...(hpa.status ?? {}), ...statusFor(current, d), ...(lastScaleTime ? { lastScaleTime } : {}) };
    if (JSON.stringify(status) === JSON.stringify(hpa.status ?? {})) return;
    const path = objectPath(HPAS_V1, ns, hpa.metadata.name, 'status');
    try {
      await this.client.request({
        method: 'PUT',
        path,
        contentType: 'application/json',
        body: JSON.stringify({ ...hpa, apiVersion: 'autoscaling/v1', kind: 'HorizontalPodAutoscaler', status }),
      });
    } catch (e) {
      // The scale was written; a stale HPA (409) gets its status on the next pass, from the watch's newer copy.
      if (!(e instanceof ClusterError && e.kind === 'conflict')) throw e;
    }
  }
}
