// The live half of `terminate analysisrun|experiment` and `retry experiment`: GET the object, plan
// (./planAnalysis, pure), send the one merge patch to the object itself. Errors come back explained, as for the
// rollout actions (./execute).
import type { KubeClient } from '../client';
import { ClusterError } from '../errors';
import type { AnalysisRun, Experiment } from '../k8sTypes';
import { ANALYSIS_RUNS, EXPERIMENTS, objectPath } from '../resources';
import type { ActionOutcome, SentRequest } from './execute';
import { planRetryExperiment, planTerminate, type AnalysisKind } from './planAnalysis';

export type AnalysisAction = { action: 'terminate'; kind: AnalysisKind } | { action: 'retryExperiment' };

export async function executeAnalysisAction(client: KubeClient, namespace: string, name: string, request: AnalysisAction): Promise<ActionOutcome> {
  const kind: AnalysisKind = request.action === 'terminate' ? request.kind : 'Experiment';
  const resource = kind === 'AnalysisRun' ? ANALYSIS_RUNS : EXPERIMENTS;
  const path = objectPath(resource, namespace, name);
  const sent: SentRequest[] = [];
  try {
    const obj = await client.json<AnalysisRun & Experiment>({ method: 'GET', path });
    const plan = request.action === 'terminate' ? planTerminate(kind, obj) : planRetryExperiment(obj);
    if (!plan.ok) return { ok: false, refused: true, message: plan.reason, sent };
    for (const req of plan.requests) {
      const record: SentRequest = { method: req.method, path, contentType: req.contentType, body: req.body, status: 0 };
      sent.push(record);
      const res = await client.request({ method: req.method, path, contentType: req.contentType, body: req.body });
      record.status = res.status;
    }
    return { ok: true, message: plan.message, sent };
  } catch (e) {
    if (!(e instanceof ClusterError)) throw e;
    if (e.status && sent.length) sent[sent.length - 1]!.status = e.status;
    const message =
      e.kind === 'notFound' && e.target?.name ? `${kind === 'AnalysisRun' ? 'analysisrun' : 'experiment'} '${name}' not found in namespace '${namespace}'` : e.message;
    return { ok: false, refused: false, error: e, message, sent };
  }
}
