// What the rollout page's AnalysisRun charts need: per run of the rollout, each metric with its conditions (from
// `spec.metrics[]`) and its measurements (from `status.metricResults[]`). The dashboard's analysis modal shows the
// same (argo-rollouts ui/src/app/components/analysis-modal). Pure: no I/O, no `vscode`.
import type { AnalysisRun } from '../k8sTypes';
import { compareGoStrings, compareRevisionThenCreated, findOwnerRef, parseRevision } from './meta';

export interface MeasurementDetail {
  /** Successful, Failed, Error, Inconclusive, Running, Pending. */
  phase: string;
  /** As the provider recorded it: `0.97`, `[0.97]`, `[0.97 0.95]`, a JSON document... */
  value?: string;
  startedAt?: string;
  finishedAt?: string;
}

export interface MetricDetail {
  name: string;
  /** The metric result's phase; `Pending` before the first measurement. */
  phase: string;
  successCondition?: string;
  failureCondition?: string;
  count?: number | string;
  interval?: string;
  failureLimit?: number | string;
  /** Oldest first, as the controller keeps them. */
  measurements: MeasurementDetail[];
}

export interface AnalysisDetail {
  name: string;
  revision: number;
  status: string;
  message?: string;
  metrics: MetricDetail[];
}

function str(v: unknown): string | undefined {
  return typeof v === 'string' && v !== '' ? v : undefined;
}

function intOrString(v: unknown): number | string | undefined {
  return typeof v === 'number' || (typeof v === 'string' && v !== '') ? v : undefined;
}

/**
 * The AnalysisRuns owned by the rollout `rolloutUid` (any owner reference, as `get rollout`), newest revision
 * first, then by creation time and name descending (the order of `deriveAnalysisRuns`). Metrics follow
 * `spec.metrics[]`; a result without a spec entry (a run edited by hand) is appended with no conditions.
 */
export function analysisDetails(rolloutUid: string, analysisRuns: readonly AnalysisRun[]): AnalysisDetail[] {
  const owner = new Set([rolloutUid]);
  const rows: Array<{ detail: AnalysisDetail; revision: number; creationTimestamp?: string }> = [];
  for (const run of analysisRuns) {
    const meta = run.metadata;
    if (!findOwnerRef(meta?.ownerReferences, owner)) continue;
    const results = run.status?.metricResults ?? [];
    const specMetrics = run.spec?.metrics ?? [];
    const metrics: MetricDetail[] = [];
    const seen = new Set<string>();
    const add = (name: string, spec: Record<string, unknown> | undefined) => {
      if (seen.has(name)) return;
      seen.add(name);
      const result = results.find((r) => r.name === name);
      const successCondition = str(spec?.successCondition);
      const failureCondition = str(spec?.failureCondition);
      const count = intOrString(spec?.count);
      const interval = str(spec?.interval);
      const failureLimit = intOrString(spec?.failureLimit);
      metrics.push({
        name,
        phase: result?.phase || 'Pending',
        ...(successCondition !== undefined ? { successCondition } : {}),
        ...(failureCondition !== undefined ? { failureCondition } : {}),
        ...(count !== undefined ? { count } : {}),
        ...(interval !== undefined ? { interval } : {}),
        ...(failureLimit !== undefined ? { failureLimit } : {}),
        measurements: (result?.measurements ?? []).map((m) => ({
          phase: m.phase ?? '',
          ...(typeof m.value === 'string' ? { value: m.value } : {}),
          ...(m.startedAt ? { startedAt: m.startedAt } : {}),
          ...(m.finishedAt ? { finishedAt: m.finishedAt } : {}),
        })),
      });
    };
    for (const m of specMetrics) if (m?.name) add(m.name, m);
    for (const r of results) if (r.name) add(r.name, undefined);
    const message = str(run.status?.message);
    const detail: AnalysisDetail = {
      name: meta?.name ?? '',
      revision: parseRevision(meta),
      status: run.status?.phase || 'Pending',
      ...(message !== undefined ? { message } : {}),
      metrics,
    };
    rows.push({ detail, revision: detail.revision, ...(meta?.creationTimestamp ? { creationTimestamp: meta.creationTimestamp } : {}) });
  }
  rows.sort((a, b) => compareRevisionThenCreated(a, b) || compareGoStrings(b.detail.name, a.detail.name));
  return rows.map((r) => r.detail);
}
