// Experiment rows (Σ) of the `get rollout` tree, with the ReplicaSets and AnalysisRuns each Experiment owns
// (argo-rollouts pkg/kubectl-argo-rollouts/info/experiment_info.go).
import type { AnalysisRun, Experiment, Pod, ReplicaSet, Rollout } from '../k8sTypes';
import { deriveAnalysisRuns, type AnalysisRunInfo } from './analysisRunInfo';
import { analysisIcon } from './icons';
import { ageAt, compareGoStrings, compareRevisionThenCreated, findOwnerRef, infoMeta, parseRevision, type InfoMeta } from './meta';
import { deriveReplicaSets, type ReplicaSetInfo } from './replicaSetInfo';

export interface ExperimentInfo extends InfoMeta {
  revision: number;
  /** `status.phase`: Pending, Running, Successful, Failed, Error, Inconclusive (or empty). */
  status: string;
  message: string;
  icon: string;
  /** The Experiment's own ReplicaSets (no stable/canary roles), with pods. */
  replicaSets: ReplicaSetInfo[];
  analysisRuns: AnalysisRunInfo[];
  age: string;
}

/**
 * `getExperimentInfo`: Experiments owned by the Rollout. Upstream sorts with a comparator that is not a strict
 * order (`rev_i > rev_j || created_i < created_j`); this applies its intent: revision descending, then creation
 * time, then name.
 */
export function deriveExperiments(
  ro: Rollout,
  experiments: readonly Experiment[],
  replicaSets: readonly ReplicaSet[],
  runs: readonly AnalysisRun[],
  pods: readonly Pod[],
  now: Date,
): ExperimentInfo[] {
  const roUid = ro.metadata?.uid ?? '';
  const owner = new Set([roUid]);
  const infos: ExperimentInfo[] = [];
  for (const exp of experiments) {
    if (!findOwnerRef(exp.metadata?.ownerReferences, owner)) continue;
    infos.push(deriveExperiment(exp, replicaSets, runs, pods, now));
  }
  infos.sort((a, b) => compareRevisionThenCreated(a, b) || compareGoStrings(a.name, b.name));
  return infos;
}

/** `NewExperimentInfo`: one Experiment with the ReplicaSets (and their pods) and AnalysisRuns it owns. */
export function deriveExperiment(
  exp: Experiment,
  replicaSets: readonly ReplicaSet[],
  runs: readonly AnalysisRun[],
  pods: readonly Pod[],
  now: Date,
): ExperimentInfo {
  const meta = exp.metadata ?? {};
  const uid = meta.uid ?? '';
  const status = exp.status?.phase ?? '';
  return {
    ...infoMeta(meta),
    revision: parseRevision(meta),
    status,
    message: exp.status?.message ?? '',
    icon: analysisIcon(status),
    replicaSets: deriveReplicaSets(uid, undefined, replicaSets, pods, now),
    analysisRuns: deriveAnalysisRuns(uid, runs, now),
    age: ageAt(meta.creationTimestamp, now),
  };
}
