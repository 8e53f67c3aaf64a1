// ReplicaSet rows of the `get rollout` tree: which ReplicaSets belong to the Rollout (or to an Experiment), their
// roles (stable/canary/active/preview/ping/pong), health, scale-down delay and pods
// (argo-rollouts pkg/kubectl-argo-rollouts/info/replicaset_info.go, pod_info.go `addPodInfos`).
import type { Pod, ReplicaSet, Rollout } from '../k8sTypes';
import { humanDuration } from './duration';
import { replicaSetIcon } from './icons';
import {
  EXPERIMENT_TEMPLATE_NAME_ANNOTATION,
  compareGoStrings,
  POD_TEMPLATE_HASH_LABEL,
  REVISION_DESCRIPTION_ANNOTATION,
  SCALE_DOWN_DEADLINE_ANNOTATION,
  findOwnerRef,
  infoMeta,
  parseRevision,
  ageAt,
  type InfoMeta,
} from './meta';
import { comparePodInfos, derivePodInfo, type PodInfo } from './podInfo';

export type ReplicaSetTag = 'stable' | 'canary' | 'active' | 'preview' | 'ping' | 'pong';

export interface ReplicaSetInfo extends InfoMeta {
  /** The `rollout.argoproj.io/revision` annotation; 0 when missing or not a number. */
  revision: number;
  /** `Progressing`, `ReplicaFailure`, `ScaledDown` or `Healthy` (`getReplicaSetHealth`). */
  status: string;
  icon: string;
  /** `status.replicas` and `status.availableReplicas`. */
  replicas: number;
  available: number;
  stable: boolean;
  canary: boolean;
  active: boolean;
  preview: boolean;
  ping: boolean;
  pong: boolean;
  /** The roles in the order the INFO column prints them: stable, then canary|active|preview, then ping, pong. */
  tags: ReplicaSetTag[];
  /** Experiment template this ReplicaSet runs (`experiment.argoproj.io/template-name`). */
  template?: string;
  /** The raw `scale-down-deadline` annotation (RFC 3339). */
  scaleDownDeadline?: string;
  /** `delay:<human duration>`, `delay:passed`, or `delay:` for an unparsable deadline; absent without one. */
  scaleDownDelay?: string;
  description?: string;
  /** `spec.template` container and init-container images. */
  images: string[];
  initContainerImages: string[];
  /** Pods owned by this ReplicaSet (by owner UID), by creation time then name. */
  pods: PodInfo[];
  age: string;
}

/** `getReplicaSetHealth`. */
export function replicaSetHealth(rs: ReplicaSet): string {
  const generation = rs.metadata?.generation ?? 0;
  const observed = rs.status?.observedGeneration ?? 0;
  const specReplicas = rs.spec?.replicas;
  if (generation > observed) return 'Progressing';
  const failure = (rs.status?.conditions ?? []).find((c) => c.type === 'ReplicaFailure');
  if (failure && failure.status === 'True') return 'ReplicaFailure';
  if (specReplicas !== undefined && specReplicas !== null && (rs.status?.availableReplicas ?? 0) < specReplicas) {
    return 'Progressing';
  }
  if (specReplicas === 0) return 'ScaledDown';
  return 'Healthy';
}

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

/** `ScaleDownDelay` with the `delay:` prefix the INFO column adds; undefined when there is no deadline. */
export function scaleDownDelay(deadline: string | undefined, now: Date): string | undefined {
  if (!deadline) return undefined;
  const at = RFC3339.test(deadline) ? Date.parse(deadline) : Number.NaN;
  if (Number.isNaN(at)) return 'delay:';
  if (at < now.getTime()) return 'delay:passed';
  return `delay:${humanDuration(at - now.getTime())}`;
}

/** Roles of a ReplicaSet of `ro`, from its pod-template-hash label and the rollout's status. */
function roles(rs: ReplicaSet, ro: Rollout | undefined): Pick<ReplicaSetInfo, ReplicaSetTag> {
  const r = { stable: false, canary: false, active: false, preview: false, ping: false, pong: false };
  if (!ro) return r;
  const hash = rs.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL] ?? '';
  const status = ro.status ?? {};
  const canary = ro.spec?.strategy?.canary;
  if (canary) {
    const pingPong = !!canary.pingPong;
    const stableIsPing = status.canary?.stablePingPong === 'ping';
    if ((status.stableRS ?? '') === hash) {
      r.stable = true;
      if (pingPong) {
        r.ping = stableIsPing;
        r.pong = !stableIsPing;
      }
    } else if ((status.currentPodHash ?? '') === hash) {
      r.canary = true;
      if (pingPong) {
        r.ping = !stableIsPing;
        r.pong = stableIsPing;
      }
    }
  }
  if (ro.spec?.strategy?.blueGreen) {
    if ((status.stableRS ?? '') === hash) r.stable = true;
    if ((status.blueGreen?.activeSelector ?? '') === hash) r.active = true;
    else if ((status.blueGreen?.previewSelector ?? '') === hash) r.preview = true;
  }
  return r;
}

function tagsOf(r: Pick<ReplicaSetInfo, ReplicaSetTag>): ReplicaSetTag[] {
  const tags: ReplicaSetTag[] = [];
  if (r.stable) tags.push('stable');
  if (r.canary) tags.push('canary');
  else if (r.active) tags.push('active');
  else if (r.preview) tags.push('preview');
  if (r.ping) tags.push('ping');
  if (r.pong) tags.push('pong');
  return tags;
}

/**
 * `GetReplicaSetInfo`: the ReplicaSets with an owner reference to `ownerUid` (the Rollout's or an Experiment's),
 * with roles when `ro` is given, sorted by revision (newest first) then name, each with its pods.
 */
export function deriveReplicaSets(
  ownerUid: string,
  ro: Rollout | undefined,
  replicaSets: readonly ReplicaSet[],
  pods: readonly Pod[],
  now: Date,
): ReplicaSetInfo[] {
  const owner = new Set([ownerUid]);
  const infos: ReplicaSetInfo[] = [];
  for (const rs of replicaSets) {
    if (!findOwnerRef(rs.metadata?.ownerReferences, owner)) continue;
    const meta = rs.metadata ?? {};
    const annotations = meta.annotations ?? {};
    const status = replicaSetHealth(rs);
    const r = roles(rs, ro);
    const deadline = annotations[SCALE_DOWN_DEADLINE_ANNOTATION] || undefined;
    const delay = scaleDownDelay(deadline, now);
    infos.push({
      ...infoMeta(meta),
      revision: parseRevision(meta),
      status,
      icon: replicaSetIcon(status),
      replicas: rs.status?.replicas ?? 0,
      available: rs.status?.availableReplicas ?? 0,
      ...r,
      tags: tagsOf(r),
      ...(annotations[EXPERIMENT_TEMPLATE_NAME_ANNOTATION] ? { template: annotations[EXPERIMENT_TEMPLATE_NAME_ANNOTATION] } : {}),
      ...(deadline ? { scaleDownDeadline: deadline } : {}),
      ...(delay !== undefined ? { scaleDownDelay: delay } : {}),
      ...(annotations[REVISION_DESCRIPTION_ANNOTATION] ? { description: annotations[REVISION_DESCRIPTION_ANNOTATION] } : {}),
      images: (rs.spec?.template?.spec?.containers ?? []).map((c) => c.image ?? ''),
      initContainerImages: (rs.spec?.template?.spec?.initContainers ?? []).map((c) => c.image ?? ''),
      pods: [],
      age: ageAt(meta.creationTimestamp, now),
    });
  }
  // Upstream also compares creation timestamps but drops the result (a missing `return`), so the order is
  // revision descending, then name.
  infos.sort((a, b) => b.revision - a.revision || compareGoStrings(a.name, b.name));
  attachPods(infos, pods, now);
  return infos;
}

/** `addPodInfos`: each pod goes to the ReplicaSet its first matching owner reference names. */
function attachPods(infos: ReplicaSetInfo[], pods: readonly Pod[], now: Date): void {
  const byUid = new Map(infos.map((info) => [info.uid, info]));
  const uids = new Set(byUid.keys());
  for (const pod of pods) {
    const ref = findOwnerRef(pod.metadata?.ownerReferences, uids);
    if (ref?.uid) byUid.get(ref.uid)?.pods.push(derivePodInfo(pod, now));
  }
  for (const info of infos) info.pods.sort(comparePodInfos);
}
