// The pure half of `kubectl argo rollouts terminate analysisrun|experiment NAME` and `retry experiment NAME`
// (argo-rollouts pkg/kubectl-argo-rollouts/cmd/terminate/terminate.go, cmd/retry/retry.go, v1.9): one JSON merge
// patch to the object itself (the AnalysisRun and Experiment CRDs have no status subresource), or a refusal
// before any request when it would change nothing. No I/O and no `vscode`.
import type { AnalysisRun, Experiment } from '../k8sTypes';
import type { Plan, PlannedRequest } from './plan';

export type AnalysisKind = 'AnalysisRun' | 'Experiment';

/** Phases after which the controller leaves the object alone (`AnalysisPhase.Completed()`). */
const COMPLETED = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

/** The plugin's word for the kind in its output lines (`analysisRun 'x' terminated`). */
const WORD: Record<AnalysisKind, string> = { AnalysisRun: 'analysisRun', Experiment: 'experiment' };

function patch(kind: AnalysisKind, name: string, body: string): PlannedRequest {
  return { method: 'PATCH', contentType: 'application/merge-patch+json', body, target: { apiVersion: 'argoproj.io/v1alpha1', kind, name } };
}

/**
 * `terminate analysisrun|experiment NAME`: `{"spec":{"terminate":true}}`. Refused when already terminated or
 * finished. The plugin prints `experiment 'x' retried` after terminating an experiment (a copy-paste slip in
 * terminate.go); this says `terminated`.
 */
export function planTerminate(kind: AnalysisKind, obj: AnalysisRun | Experiment): Plan {
  const name = obj.metadata?.name ?? '';
  const phase = obj.status?.phase ?? '';
  if (obj.spec?.terminate === true) return { ok: false, reason: `${WORD[kind]} '${name}' is already being terminated` };
  if (COMPLETED.has(phase)) return { ok: false, reason: `${WORD[kind]} '${name}' already finished (${phase}); nothing to terminate` };
  return { ok: true, requests: [patch(kind, name, '{"spec":{"terminate":true}}')], message: `${WORD[kind]} '${name}' terminated` };
}

/**
 * `retry experiment NAME`: `{"status":null}` clears the status and the controller runs the Experiment again.
 * Refused while it is still running (clearing a running Experiment's status would restart it mid-way).
 */
export function planRetryExperiment(exp: Experiment): Plan {
  const name = exp.metadata?.name ?? '';
  const phase = exp.status?.phase ?? '';
  if (!COMPLETED.has(phase)) return { ok: false, reason: `experiment '${name}' is ${phase || 'not started'}, not finished; nothing to retry` };
  return { ok: true, requests: [patch('Experiment', name, '{"status":null}')], message: `experiment '${name}' retried` };
}
