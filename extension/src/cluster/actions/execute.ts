// The live half of the rollout actions: GET what the plan needs, plan (./plan, pure), then send the plugin's exact
// requests — method, path, Content-Type and body bytes — in order: the /status patch first, then the spec patch,
// and on a 404 from /status the plan's fallback to the main object. `set image` retries GET + plan + PUT on 409 up
// to the plan's attempt count. Errors come back typed and explained (ClusterError), refusals as the plan's reason.
import type { KubeClient } from '../client';
import { ClusterError } from '../errors';
import type { Deployment, ReplicaSet, Rollout } from '../k8sTypes';
import { objectPath, collectionPath, REPLICA_SETS, ROLLOUTS, type ResourceType } from '../resources';
import { formatLabelSelector } from '../selector';
import { planAbort, planPause, planPromote, planRestart, planRetry, planSetImage, planUndo, type Plan, type PlannedRequest } from './plan';

export type ActionRequest =
  | { action: 'promote'; full?: boolean }
  | { action: 'abort' }
  | { action: 'retry' }
  | { action: 'pause' }
  /** `in`: seconds, or a Go duration such as `10s` */
  | { action: 'restart'; in?: number | string }
  | { action: 'setImage'; container: string; image: string }
  | { action: 'undo'; toRevision?: number };

export interface SentRequest {
  method: string;
  path: string;
  contentType: string;
  body: string;
  /** HTTP status, or 0 when no answer came */
  status: number;
}

export type ActionOutcome =
  /** `message` is the plugin's output line, e.g. `rollout 'x' promoted` */
  | { ok: true; message: string; sent: SentRequest[] }
  /** refused before any write (the plan's reason) */
  | { ok: false; refused: true; message: string; sent: SentRequest[] }
  /** a request failed; `message` explains it (403 → the missing permission, 404 → gone, ...) */
  | { ok: false; refused: false; error: ClusterError; message: string; sent: SentRequest[] };

export interface ExecuteOptions {
  now?: () => Date;
  /** called before each write with the attempt number (1-based); tests use it to race a real 409 */
  beforeWrite?: (req: PlannedRequest, attempt: number) => Promise<void> | void;
}

const TARGETS: Record<string, ResourceType> = {
  'apps/v1/Deployment': { group: 'apps', version: 'v1', plural: 'deployments', kind: 'Deployment' },
  'apps/v1/ReplicaSet': REPLICA_SETS,
  'v1/PodTemplate': { group: '', version: 'v1', plural: 'podtemplates', kind: 'PodTemplate' },
};

function pathOf(req: PlannedRequest, namespace: string, name: string): string {
  if (req.target) {
    const r = TARGETS[`${req.target.apiVersion}/${req.target.kind}`];
    if (!r) throw new ClusterError('invalid', `cannot address a ${req.target.kind} (${req.target.apiVersion})`);
    return objectPath(r, namespace, req.target.name);
  }
  return objectPath(ROLLOUTS, namespace, name, req.subresource);
}

/** Runs one action on rollout `name` in `namespace`. Never throws for cluster errors: they come back as outcomes. */
export async function executeAction(
  client: KubeClient,
  namespace: string,
  name: string,
  action: ActionRequest,
  opts: ExecuteOptions = {},
): Promise<ActionOutcome> {
  const sent: SentRequest[] = [];
  const now = opts.now ?? (() => new Date());
  const send = async (req: PlannedRequest): Promise<void> => {
    const path = pathOf(req, namespace, name);
    const record: SentRequest = { method: req.method, path, contentType: req.contentType, body: req.body, status: 0 };
    sent.push(record);
    try {
      const res = await client.request({ method: req.method, path, contentType: req.contentType, body: req.body });
      record.status = res.status;
    } catch (e) {
      if (e instanceof ClusterError && e.status) record.status = e.status;
      throw e;
    }
  };

  let attempt = 0;
  let attemptsAllowed = 1;
  for (;;) {
    attempt++;
    try {
      const ro = await client.json<Rollout>({ method: 'GET', path: objectPath(ROLLOUTS, namespace, name) });
      const plan = await planFor(client, namespace, ro, action, now());
      if (!plan.ok) return { ok: false, refused: true, message: plan.reason, sent };
      attemptsAllowed = plan.conflictAttempts ?? 1;
      let requests = plan.requests;
      for (let i = 0; i < requests.length; i++) {
        const req = requests[i]!;
        await opts.beforeWrite?.(req, attempt);
        try {
          await send(req);
        } catch (e) {
          // No status subresource (v0.9-era CRD): the plugin sends its unified patch to the main object instead.
          if (i === 0 && req.subresource === 'status' && plan.fallback && e instanceof ClusterError && e.kind === 'notFound') {
            requests = plan.fallback;
            i = -1;
            continue;
          }
          throw e;
        }
      }
      return { ok: true, message: plan.message, sent };
    } catch (e) {
      if (!(e instanceof ClusterError)) throw e;
      if (e.kind === 'conflict' && attempt < attemptsAllowed) continue;
      return { ok: false, refused: false, error: e, message: explain(e, action, namespace, name, attempt), sent };
    }
  }
}

function explain(e: ClusterError, action: ActionRequest, namespace: string, name: string, attempts: number): string {
  if (e.kind === 'notFound' && e.target?.resource === 'rollouts') return `rollout '${name}' no longer exists in namespace '${namespace}'`;
  if (e.kind === 'conflict' && attempts > 1) {
    return `rollout '${name}' kept changing while the ${action.action === 'setImage' ? 'image was being set' : 'action ran'}: ${attempts} attempts got 409 Conflict; try again`;
  }
  return e.message;
}

async function planFor(client: KubeClient, namespace: string, ro: Rollout, action: ActionRequest, now: Date): Promise<Plan> {
  switch (action.action) {
    case 'promote':
      return planPromote(ro, { full: !!action.full });
    case 'abort':
      return planAbort(ro);
    case 'retry':
      return planRetry(ro);
    case 'pause':
      return planPause(ro);
    case 'restart':
      return planRestart(ro, now, action.in ?? 0);
    case 'setImage': {
      const ref = ro.spec?.workloadRef;
      const workload = ref?.name
        ? await client.json<Deployment>({ method: 'GET', path: objectPath(TARGETS['apps/v1/Deployment']!, namespace, ref.name) })
        : undefined;
      return planSetImage(ro, action.container, action.image, workload);
    }
    case 'undo': {
      let selector: string;
      try {
        selector = formatLabelSelector(ro.spec?.selector);
      } catch (e) {
        return { ok: false, reason: (e as Error).message };
      }
      const list = await client.json<{ items?: ReplicaSet[] }>({
        method: 'GET',
        path: collectionPath(REPLICA_SETS, namespace),
        query: { labelSelector: selector },
      });
      return planUndo(ro, list.items ?? [], action.toRevision ?? 0);
    }
  }
}
