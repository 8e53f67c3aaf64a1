// AnalysisRun rows (α) of the `get rollout` tree and their Job children (⊞)
// (argo-rollouts pkg/kubectl-argo-rollouts/info/analysisrun_info.go).
import type { AnalysisRun } from '../k8sTypes';
import { ICON, analysisIcon } from './icons';
import { ageAt, compareGoStrings, compareRevisionThenCreated, findOwnerRef, infoMeta, parseRevision, type InfoMeta } from './meta';

/** Measurement metadata key under which the Job metric provider records its Job (metricproviders/job). */
export const JOB_NAME_KEY = 'job-name';

export interface JobInfo {
  name: string;
  status: string;
  icon: string;
  startedAt?: string;
  age: string;
}

export interface NonJobMeasurementInfo {
  value?: string;
  status: string;
  startedAt?: string;
}

export interface AnalysisRunInfo extends InfoMeta {
  revision: number;
  /** `status.phase`: Pending, Running, Successful, Failed, Error, Inconclusive (or empty). */
  status: string;
  icon: string;
  /** Sums over `status.metricResults`. */
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  /** From the first metric (dashboard fields); 0 / empty when unset, as upstream. */
  successCondition: string;
  count: number;
  failureLimit: number;
  inconclusiveLimit: number;
  jobs: JobInfo[];
  nonJobInfo: NonJobMeasurementInfo[];
  /** The INFO column: `✔ N`, `✖ N`, `? N`, `⚠ N` for the non-zero counts, comma-separated. */
  info: string;
  age: string;
}

function intVal(v: number | string | undefined): number {
  return typeof v === 'number' ? v : 0;
}

export function analysisRunInfoColumn(ar: Pick<AnalysisRunInfo, 'successful' | 'failed' | 'inconclusive' | 'error'>): string {
  const cols: string[] = [];
  if (ar.successful > 0) cols.push(`${ICON.ok} ${ar.successful}`);
  if (ar.failed > 0) cols.push(`${ICON.bad} ${ar.failed}`);
  if (ar.inconclusive > 0) cols.push(`${ICON.unknown} ${ar.inconclusive}`);
  if (ar.error > 0) cols.push(`${ICON.warning} ${ar.error}`);
  return cols.join(',');
}

/** `getAnalysisRunInfo`: runs owned by `ownerUid`, by revision (newest first), creation time, then name descending. */
export function deriveAnalysisRuns(ownerUid: string, runs: readonly AnalysisRun[], now: Date): AnalysisRunInfo[] {
  const owner = new Set([ownerUid]);
  const infos: AnalysisRunInfo[] = [];
  for (const run of runs) {
    if (!findOwnerRef(run.metadata?.ownerReferences, owner)) continue;
    const meta = run.metadata ?? {};
    const first = run.spec?.metrics?.[0];
    const counts = { successful: 0, failed: 0, inconclusive: 0, error: 0 };
    const jobs: JobInfo[] = [];
    const nonJobInfo: NonJobMeasurementInfo[] = [];
    for (const mr of run.status?.metricResults ?? []) {
      counts.successful += mr.successful ?? 0;
      counts.failed += mr.failed ?? 0;
      counts.inconclusive += mr.inconclusive ?? 0;
      counts.error += mr.error ?? 0;
      // `analysisutil.ArrayMeasurement(run, mr.Name)`: the measurements of the (first) result with that name
      const named = (run.status?.metricResults ?? []).find((r) => r.name === mr.name);
      for (const m of named?.measurements ?? []) {
        const phase = m.phase ?? '';
        if (m.metadata) {
          const jobName = m.metadata[JOB_NAME_KEY];
          if (jobName !== undefined) {
            jobs.push({
              name: jobName,
              status: phase,
              icon: analysisIcon(phase),
              ...(m.startedAt ? { startedAt: m.startedAt } : {}),
              age: ageAt(m.startedAt, now),
            });
          }
        } else {
          nonJobInfo.push({ ...(m.value !== undefined ? { value: m.value } : {}), status: phase, ...(m.startedAt ? { startedAt: m.startedAt } : {}) });
        }
      }
    }
    const status = run.status?.phase ?? '';
    infos.push({
      ...infoMeta(meta),
      revision: parseRevision(meta),
      status,
      icon: analysisIcon(status),
      ...counts,
      successCondition: first?.successCondition ?? '',
      count: intVal(first?.count),
      failureLimit: intVal(first?.failureLimit),
      inconclusiveLimit: intVal(first?.inconclusiveLimit),
      jobs,
      nonJobInfo,
      info: analysisRunInfoColumn(counts),
      age: ageAt(meta.creationTimestamp, now),
    });
  }
  infos.sort((a, b) => compareRevisionThenCreated(a, b) || compareGoStrings(b.name, a.name));
  return infos;
}
