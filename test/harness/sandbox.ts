// The seed scenario that `npm start` plays on the local API server, on the cluster layer's public entry: apply the
// seed manifests (test/fixtures/seed: rollout, service, HPA), wait — watch-driven, through the extension's own
// ClusterStore — until the controller stand-in has the rollout Healthy at the HPA's minReplicas, then start a canary
// as the seed write-up does (`kubectl argo rollouts set image flaskdemo flaskdemo=…`, the plugin's own request via
// `executeAction`) and wait until it pauses at its first `pause: {}` step. What to expect is read from the seed, not
// written here: the HPA's minReplicas, the first setWeight, the step count, and the basic-canary split of the replicas.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseAllDocuments } from 'yaml';
import { ClusterError, ClusterStore, KubeClient, executeAction, loadKubeconfig, type RolloutInfo } from '../../extension/src/cluster/index';
import type { Rollout } from '../../extension/src/cluster/k8sTypes';
import { canaryStableCounts, resolveMaxSurge } from './canaryMath';

export const SEED_FILES = ['rollout.yaml', 'service.yaml', 'hpa.yaml'] as const;

export interface SeedObject {
  apiVersion: string;
  kind: string;
  metadata: { name: string; namespace?: string };
  spec?: Record<string, unknown>;
}

/** The Kubernetes objects of the seed files, in file order (empty documents skipped). */
export function seedObjects(dir: string, files: readonly string[] = SEED_FILES): SeedObject[] {
  const out: SeedObject[] = [];
  for (const f of files) {
    for (const d of parseAllDocuments(readFileSync(join(dir, f), 'utf8'))) {
      if (d.errors.length) throw new Error(`${f}: ${d.errors[0]!.message}`);
      const obj = d.toJS() as SeedObject | null;
      if (obj?.kind) out.push(obj);
    }
  }
  return out;
}

/** A plausible next image: a numeric tag plus one (`flask_test:26` → `flask_test:27`), else the tag + `-next`. */
export function nextImageTag(image: string): string {
  const at = image.lastIndexOf(':');
  const tag = at > image.lastIndexOf('/') ? image.slice(at + 1) : '';
  if (!tag) return `${image}:next`;
  return /^\d+$/.test(tag) ? `${image.slice(0, at + 1)}${Number(tag) + 1}` : `${image}-next`;
}

export interface SeedExpectations {
  rollout: string;
  container: string;
  image: string;
  nextImage: string;
  /** the HPA's minReplicas (default 1), or spec.replicas when no HPA targets the rollout */
  replicas: number;
  stepCount: number;
  /** the setWeight of the first step */
  firstWeight: number;
  /** the basic-canary split of `replicas` at `firstWeight` (argo-rollouts utils/replicaset/canary.go) and the weight it shows */
  canary: number;
  stable: number;
  actualWeight: number;
}

/** What the sandbox should reach, read from the seed objects. Throws when the seed has no canary Rollout to play. */
export function seedExpectations(objs: readonly SeedObject[]): SeedExpectations {
  const ro = objs.find((o) => o.kind === 'Rollout') as unknown as Rollout | undefined;
  const canarySpec = ro?.spec?.strategy?.canary;
  const container = ro?.spec?.template?.spec?.containers?.[0];
  if (!ro || !canarySpec || !container?.name || !container.image) throw new Error('the seed has no canary Rollout with a container image');
  const name = ro.metadata!.name!;
  const hpa = objs.find((o) => {
    const ref = (o.spec as { scaleTargetRef?: { kind?: string; name?: string } } | undefined)?.scaleTargetRef;
    return o.kind === 'HorizontalPodAutoscaler' && ref?.kind === 'Rollout' && ref.name === name;
  });
  const replicas = hpa ? Number((hpa.spec as { minReplicas?: number }).minReplicas ?? 1) : (ro.spec?.replicas ?? 1);
  const steps = canarySpec.steps ?? [];
  const firstWeight = steps[0]?.setWeight;
  if (typeof firstWeight !== 'number') throw new Error(`the seed Rollout '${name}' does not start its steps with a setWeight`);
  const [canary, stable] = canaryStableCounts(replicas, firstWeight, resolveMaxSurge(canarySpec.maxSurge as number | string | undefined, replicas));
  return {
    rollout: name,
    container: container.name,
    image: container.image,
    nextImage: nextImageTag(container.image),
    replicas,
    stepCount: steps.length,
    firstWeight,
    canary,
    stable,
    actualWeight: Math.floor((canary * 100) / (canary + stable)),
  };
}

/** One line for people: `Paused · step 1/8 · set weight 20 · actual weight 16 · 6 pods (1 canary, 5 stable)`. */
export function describeRollout(i: RolloutInfo | undefined): string {
  if (!i) return 'not in the cluster';
  const parts = [i.status + (i.message ? ` (${i.message})` : '')];
  if (i.step) parts.push(`step ${i.step}`);
  if (i.setWeight !== undefined) parts.push(`set weight ${i.setWeight}`);
  if (i.actualWeight !== undefined) parts.push(`actual weight ${i.actualWeight}`);
  const canary = i.replicaSets.filter((r) => r.canary && !r.stable).reduce((s, r) => s + r.available, 0);
  const stable = i.replicaSets.filter((r) => r.stable).reduce((s, r) => s + r.available, 0);
  parts.push(`${i.replicas.available}/${i.replicas.desired} pods available (${canary} canary, ${stable} stable)`);
  return parts.join(' · ');
}

const PLURALS: Record<string, string> = { Rollout: 'rollouts', Service: 'services', HorizontalPodAutoscaler: 'horizontalpodautoscalers' };

/** The seed scenario on one namespace of a kubeconfig's current context. */
export class SeedSandbox {
  readonly client: KubeClient;
  private readonly store: ClusterStore;

  constructor(
    kubeconfigPath: string,
    readonly namespace: string,
  ) {
    const loaded = loadKubeconfig({ explicitPath: kubeconfigPath });
    if (loaded.errors.length) throw new Error(loaded.errors.join('\n'));
    this.client = new KubeClient(loaded.kubeConfigFor(undefined));
    this.store = new ClusterStore(this.client);
  }

  /** Creates each object (an existing one is left as it is); one line per object. */
  async apply(objs: readonly SeedObject[]): Promise<string[]> {
    const lines: string[] = [];
    for (const o of objs) {
      const plural = PLURALS[o.kind];
      if (!plural) throw new Error(`the sandbox does not know where to create a ${o.kind}`);
      const [group, version] = o.apiVersion.includes('/') ? o.apiVersion.split('/') : ['', o.apiVersion];
      const path = `${group ? `/apis/${group}/${version}` : `/api/${version}`}/namespaces/${encodeURIComponent(this.namespace)}/${plural}`;
      try {
        await this.client.request({ method: 'POST', path, contentType: 'application/json', body: JSON.stringify(o) });
        lines.push(`${o.kind}/${o.metadata.name} (${o.apiVersion}): created`);
      } catch (e) {
        if (e instanceof ClusterError && e.status === 409) lines.push(`${o.kind}/${o.metadata.name}: already there`);
        else throw new Error(`${o.kind}/${o.metadata.name} (${o.apiVersion}) was refused: ${e instanceof Error ? e.message : String(e)}`);
      }
    }
    return lines;
  }

  info(name: string): RolloutInfo | undefined {
    return this.store.rolloutInfos(this.namespace).find((i) => i.name === name);
  }

  /** Resolves with the rollout's info once `ok` holds for it; the error names `what` and the state it was left in. */
  async waitFor(name: string, what: string, ok: (i: RolloutInfo) => boolean, timeoutMs: number): Promise<RolloutInfo> {
    // The store watches only while someone waits: keep what was seen, the snapshot goes with the last subscriber.
    let seen: RolloutInfo | undefined;
    try {
      await this.store.waitFor(this.namespace, () => {
        seen = this.info(name) ?? seen;
        return !!seen && ok(seen);
      }, timeoutMs);
    } catch (e) {
      const detail = e instanceof Error ? e.message : String(e);
      throw new Error(`${what}: not reached within ${Math.round(timeoutMs / 1000)} s; rollout '${name}' is ${describeRollout(seen)} (${detail})`);
    }
    return seen!;
  }

  /** `set image NAME CONTAINER=IMAGE` with the plugin's own request; throws with the action's explanation. */
  async setImage(name: string, container: string, image: string): Promise<string> {
    const out = await executeAction(this.client, this.namespace, name, { action: 'setImage', container, image });
    if (!out.ok) throw new Error(`set image ${name} ${container}=${image}: ${out.message}`);
    return out.message;
  }

  dispose(): void {
    this.store.dispose();
  }
}
