// A Pod row of the `get rollout` tree: kubectl's printer logic for the STATUS string, the ready count and the
// restarts (argo-rollouts pkg/kubectl-argo-rollouts/info/pod_info.go, a copy of kubectl's printPod).
import type { Pod } from '../k8sTypes';
import { podIcon } from './icons';
import { ageAt, compareGoStrings, infoMeta, timeMs, type InfoMeta } from './meta';

export interface PodInfo extends InfoMeta {
  /** `Running`, `Init:1/2`, `Init:CrashLoopBackOff`, `CrashLoopBackOff`, `ExitCode:1`, `Terminating`, `Unknown`... */
  status: string;
  icon: string;
  /** `<ready containers>/<spec.containers>`, e.g. `1/2`. */
  ready: string;
  restarts: number;
  /** Age at derivation time, as kubectl prints it. */
  age: string;
}

/** `NodeUnreachablePodReason` (k8s.io/kubernetes/pkg/util/node). */
const NODE_LOST = 'NodeLost';

export function podStatus(pod: Pod): { status: string; readyContainers: number; restarts: number } {
  const sidecars = new Set<string>();
  for (const c of pod.spec?.initContainers ?? []) if (c.restartPolicy === 'Always' && c.name) sidecars.add(c.name);
  const initTotal = (pod.spec?.initContainers ?? []).length;

  let reason = pod.status?.reason || pod.status?.phase || '';
  let restarts = 0;
  let readyContainers = 0;
  let initializing = false;

  const initStatuses = pod.status?.initContainerStatuses ?? [];
  for (let i = 0; i < initStatuses.length; i++) {
    const c = initStatuses[i];
    restarts += c.restartCount ?? 0;
    const terminated = c.state?.terminated;
    const waiting = c.state?.waiting;
    if (terminated && (terminated.exitCode ?? 0) === 0) continue;
    if (terminated) {
      // initialization failed
      if (!terminated.reason) {
        reason = terminated.signal ? `Init:Signal:${terminated.signal}` : `Init:ExitCode:${terminated.exitCode ?? 0}`;
      } else {
        reason = `Init:${terminated.reason}`;
      }
      initializing = true;
    } else if (c.name !== undefined && sidecars.has(c.name) && c.started) {
      // a started native sidecar: ready ones are skipped; an unready one stops the walk without changing anything
      if (c.ready) continue;
    } else if (waiting && waiting.reason && waiting.reason !== 'PodInitializing') {
      reason = `Init:${waiting.reason}`;
      initializing = true;
    } else {
      reason = `Init:${i}/${initTotal}`;
      initializing = true;
    }
    break;
  }

  if (!initializing) {
    restarts = 0;
    let hasRunning = false;
    const statuses = pod.status?.containerStatuses ?? [];
    for (let i = statuses.length - 1; i >= 0; i--) {
      const c = statuses[i];
      restarts += c.restartCount ?? 0;
      const waiting = c.state?.waiting;
      const terminated = c.state?.terminated;
      if (waiting && waiting.reason) {
        reason = waiting.reason;
      } else if (terminated && terminated.reason) {
        reason = terminated.reason;
      } else if (terminated) {
        reason = terminated.signal ? `Signal:${terminated.signal}` : `ExitCode:${terminated.exitCode ?? 0}`;
      } else if (c.ready && c.state?.running) {
        hasRunning = true;
        readyContainers++;
      }
    }
    // a container that completed while another still runs: the pod is Running
    if (reason === 'Completed' && hasRunning) reason = 'Running';
  }

  if (pod.metadata?.deletionTimestamp && pod.status?.reason === NODE_LOST) reason = 'Unknown';
  else if (pod.metadata?.deletionTimestamp) reason = 'Terminating';

  return { status: reason, readyContainers, restarts };
}

export function derivePodInfo(pod: Pod, now: Date): PodInfo {
  const { status, readyContainers, restarts } = podStatus(pod);
  const meta = pod.metadata ?? {};
  return {
    ...infoMeta(meta),
    status,
    icon: podIcon(status),
    ready: `${readyContainers}/${(pod.spec?.containers ?? []).length}`,
    restarts,
    age: ageAt(meta.creationTimestamp, now),
  };
}

/** Pods by creation time, then name (`addPodInfos`). */
export function comparePodInfos(a: PodInfo, b: PodInfo): number {
  const d = timeMs(a.creationTimestamp) - timeMs(b.creationTimestamp);
  return d !== 0 ? d : compareGoStrings(a.name, b.name);
}
