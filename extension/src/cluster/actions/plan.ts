// The pure half of the rollout actions: from a Rollout (and, for undo, its ReplicaSets) the exact requests
// `kubectl argo rollouts` v1.9 sends, in order, with the 404 fallback for clusters without the status
// subresource, and the plugin's output line; or a refusal, before any request, when the action makes no sense.
// Sources (argo-rollouts): pkg/kubectl-argo-rollouts/cmd/{promote,abort,retry,pause,restart,set,undo}/*.go.
// No I/O and no `vscode`: the live side sends the requests (and re-plans after a 409 for `set image`).
import type { Deployment, ReplicaSet, Rollout } from '../k8sTypes';
import { isFullyPromoted, isUnpausing } from '../info/rolloutPhase';
import { currentCanaryStep } from '../info/canarySteps';
import { POD_TEMPLATE_HASH_LABEL, REVISION_ANNOTATION } from '../info/meta';
import { goDurationString, goJson, parseGoDuration, rfc3339 } from './planGo';
import { deepDerivative, isControlledBy, selectorMatches } from './planTemplate';

export type PlanContentType = 'application/merge-patch+json' | 'application/json-patch+json' | 'application/json';

export interface PlannedRequest {
  method: 'PATCH' | 'PUT';
  /** `status` for the status subresource; absent for the object itself. */
  subresource?: 'status';
  contentType: PlanContentType;
  /** The exact body the plugin sends. */
  body: string;
  /** The object to send to when it is not the Rollout itself (a workloadRef Deployment, ReplicaSet or PodTemplate). */
  target?: { apiVersion: string; kind: string; name: string };
}

export type Plan =
  | {
      ok: true;
      /** Send in order; stop at the first failure. */
      requests: PlannedRequest[];
      /**
       * When the first request (the `/status` PATCH) answers 404 — a cluster without the status subresource —
       * send these instead of the remaining requests.
       */
      fallback?: PlannedRequest[];
      /** The plugin's output line on success, without the trailing newline. */
      message: string;
      /** `set image` retries the whole GET, plan and PUT on 409 Conflict, up to this many attempts in total. */
      conflictAttempts?: number;
    }
  | { ok: false; reason: string };

const MERGE = 'application/merge-patch+json' as const;

function nameOf(ro: Rollout): string {
  return ro.metadata?.name ?? '';
}

function statusPatch(body: string): PlannedRequest {
  return { method: 'PATCH', subresource: 'status', contentType: MERGE, body };
}

function mainPatch(body: string): PlannedRequest {
  return { method: 'PATCH', contentType: MERGE, body };
}

function refuse(reason: string): Plan {
  return { ok: false, reason };
}

/** `idx+`: currentStepIndex + 1, never past the number of steps; undefined for a rollout without steps. */
function nextStepIndex(ro: Rollout): number | undefined {
  const { index } = currentCanaryStep(ro);
  if (index === undefined) return undefined;
  const n = ro.spec?.strategy?.canary?.steps?.length ?? 0;
  return index < n ? index + 1 : index;
}

const ABORTED_HINT =
  'run retry to restart the update from the first step, or undo / set image to go back (the dashboard also disables promotion of a Degraded rollout)';

/**
 * `promote NAME` and `promote NAME --full` (v1.9). Refused when the rollout is aborted, when a plain promote was
 * already sent and the controller has not reacted (a second one would skip a step), and when there is nothing
 * to promote (no request would be sent).
 */
export function planPromote(ro: Rollout, options: { full?: boolean } = {}): Plan {
  const name = nameOf(ro);
  const status = ro.status ?? {};
  const paused = !!ro.spec?.paused;
  const pauseConditions = status.pauseConditions ?? [];
  if (status.abort) return refuse(`rollout '${name}' is aborted; ${options.full ? 'promote --full' : 'promote'} is not offered: ${ABORTED_HINT}`);

  const requests: PlannedRequest[] = [];
  let statusBody: string | undefined;
  let unified: string;

  if (options.full) {
    if ((status.currentPodHash ?? '') !== (status.stableRS ?? '')) statusBody = '{"status":{"promoteFull":true}}';
    unified = '{"spec":{"paused":false},"status":{"promoteFull":true}}';
    if (!statusBody && !paused) return refuse(`rollout '${name}' is already fully promoted and not paused; nothing to promote`);
  } else {
    if (isUnpausing(ro)) {
      return refuse(`rollout '${name}' is already being promoted (waiting for the controller to unpause); wait for it, as promoting again now could skip a step`);
    }
    if (isFullyPromoted(ro) && !paused && pauseConditions.length === 0) {
      return refuse(`rollout '${name}' is fully promoted and not paused; nothing to promote`);
    }
    unified = '{"spec":{"paused":false},"status":{"pauseConditions":null}}';
    const canary = ro.spec?.strategy?.canary;
    const inconclusive = !!canary && status.canary?.currentStepAnalysisRunStatus?.status === 'Inconclusive';
    if (inconclusive && pauseConditions.length > 0 && status.controllerPause) {
      const next = nextStepIndex(ro);
      if (next !== undefined) statusBody = `{"status":{"pauseConditions":null, "controllerPause":false, "currentStepIndex":${next}}}`;
    } else if (pauseConditions.length > 0) {
      statusBody = '{"status":{"pauseConditions":null}}';
    } else if (canary) {
      const next = nextStepIndex(ro);
      if (next !== undefined) {
        statusBody = `{"status":{"pauseConditions":null, "currentStepIndex":${next}}}`;
        unified = `{"spec":{"paused":false},"status":{"pauseConditions":null, "currentStepIndex":${next}}}`;
      }
    }
    if (!statusBody && !paused) {
      return refuse(`rollout '${name}' is not paused and has no canary step to skip; nothing to promote (promote --full skips remaining analysis)`);
    }
  }

  if (statusBody) requests.push(statusPatch(statusBody));
  if (paused) requests.push(mainPatch('{"spec":{"paused":false}}'));
  return {
    ok: true,
    requests,
    ...(statusBody ? { fallback: [mainPatch(unified)] } : {}),
    message: options.full ? `rollout '${name}' fully promoted` : `rollout '${name}' promoted`,
  };
}

/** `abort NAME`: refused when already aborted, or when there is no update in progress (fully promoted). */
export function planAbort(ro: Rollout): Plan {
  const name = nameOf(ro);
  if (ro.status?.abort) return refuse(`rollout '${name}' is already aborted; retry restarts the update, undo or set image goes back`);
  if (isFullyPromoted(ro)) return refuse(`rollout '${name}' is fully promoted; there is no update in progress to abort`);
  const body = '{"status":{"abort":true}}';
  return { ok: true, requests: [statusPatch(body)], fallback: [mainPatch(body)], message: `rollout '${name}' aborted` };
}

/** `retry rollout NAME`: only for an aborted rollout. */
export function planRetry(ro: Rollout): Plan {
  const name = nameOf(ro);
  if (!ro.status?.abort) return refuse(`rollout '${name}' is not aborted; nothing to retry`);
  const body = '{"status":{"abort":false}}';
  return { ok: true, requests: [statusPatch(body)], fallback: [mainPatch(body)], message: `rollout '${name}' retried` };
}

/** `pause NAME`: refused when `spec.paused` is already true. */
export function planPause(ro: Rollout): Plan {
  const name = nameOf(ro);
  if (ro.spec?.paused) return refuse(`rollout '${name}' is already paused; promote resumes it`);
  return { ok: true, requests: [mainPatch('{"spec":{"paused":true}}')], message: `rollout '${name}' paused` };
}

/**
 * `restart NAME [--in D]`: `spec.restartAt` = now + D (UTC, whole seconds), in the plugin's multi-line literal.
 * `inSeconds` is a number of seconds or a Go duration string (`10s`, `1m30s`); the message echoes it as given.
 */
export function planRestart(ro: Rollout, now: Date, inSeconds: number | string = 0): Plan {
  let delayMs: number;
  let shown: string;
  if (typeof inSeconds === 'string') {
    try {
      delayMs = inSeconds === '' ? 0 : parseGoDuration(inSeconds);
    } catch (err) {
      return refuse((err as Error).message);
    }
    shown = inSeconds === '' ? '0s' : inSeconds;
  } else {
    if (!Number.isFinite(inSeconds)) return refuse(`restart delay must be a number of seconds, not ${inSeconds}`);
    delayMs = Math.round(inSeconds * 1000);
    shown = goDurationString(delayMs);
  }
  const body = `{\n\t"spec": {\n\t\t"restartAt": "${rfc3339(now.getTime() + delayMs)}"\n\t}\n}`;
  return { ok: true, requests: [mainPatch(body)], message: `rollout '${nameOf(ro)}' restarts in ${shown}` };
}

const CONTAINER_LISTS = ['initContainers', 'containers', 'ephemeralContainers'] as const;

/**
 * `set image NAME CONTAINER=IMAGE`: a read-modify-write PUT of the whole object (the Rollout, or the Deployment
 * its workloadRef names, which must then be passed as `workload`). `*` matches every container. Refused when no
 * container matches, or when every matching container already runs `image`.
 */
export function planSetImage(ro: Rollout, container: string, image: string, workload?: Deployment): Plan {
  const ref = ro.spec?.workloadRef;
  if (ref && !workload) {
    return refuse(`rollout '${nameOf(ro)}' takes its pod template from Deployment '${ref.name ?? ''}' (workloadRef); the image is set there`);
  }
  const original = (ref ? workload : ro) as Record<string, unknown>;
  const obj = structuredClone(original) as { kind?: string; metadata?: { name?: string }; spec?: { template?: { spec?: Record<string, unknown> } } };
  let found = false;
  let changed = false;
  const podSpec = obj.spec?.template?.spec;
  for (const list of CONTAINER_LISTS) {
    const ctrs = podSpec?.[list];
    if (!Array.isArray(ctrs)) continue;
    for (const ctr of ctrs as Array<Record<string, unknown>>) {
      if (ctr && typeof ctr === 'object' && (ctr.name === container || container === '*')) {
        found = true;
        if (ctr.image !== image) changed = true;
        ctr.image = image;
      }
    }
  }
  if (!found) return refuse(`unable to find container named "${container}"`);
  const kind = (obj.kind ?? (ref ? 'Deployment' : 'Rollout')).toLowerCase();
  const objName = obj.metadata?.name ?? '';
  if (!changed) return refuse(`${kind} "${objName}" already runs ${image} in ${container === '*' ? 'every container' : `container "${container}"`}; nothing to update`);
  const request: PlannedRequest = {
    method: 'PUT',
    contentType: 'application/json',
    // the unstructured encoder: Go map order, plus the encoder's trailing newline
    body: `${goJson(obj, true)}\n`,
    ...(ref ? { target: { apiVersion: 'apps/v1', kind: 'Deployment', name: ref.name ?? '' } } : {}),
  };
  return { ok: true, requests: [request], message: `${kind} "${objName}" image updated`, conflictAttempts: 5 };
}

const WORKLOAD_TARGETS: Record<string, string> = { Deployment: 'apps/v1', ReplicaSet: 'apps/v1', PodTemplate: 'v1' };

/** The revision annotation as Go's `strconv.ParseInt` reads it: missing is 0, unparsable is an error (undefined). */
function revisionOf(rs: ReplicaSet): number | undefined {
  const annotations = rs.metadata?.annotations ?? {};
  if (!Object.prototype.hasOwnProperty.call(annotations, REVISION_ANNOTATION)) return 0;
  const v = annotations[REVISION_ANNOTATION];
  return /^[+-]?\d+$/.test(v) ? Number(v) : undefined;
}

/**
 * `undo NAME [--to-revision N]`: the ReplicaSets selected by `spec.selector` and controlled by the rollout;
 * the one with revision N, or by default the second-highest revision; a JSON Patch replacing `spec.template` with
 * its template (hash label removed), unless the templates already match (the plugin's "skipped rollback").
 */
export function planUndo(ro: Rollout, replicaSets: readonly ReplicaSet[], toRevision = 0): Plan {
  const name = nameOf(ro);
  const uid = ro.metadata?.uid ?? '';
  let owned: ReplicaSet[];
  try {
    owned = replicaSets.filter((rs) => selectorMatches(ro.spec?.selector, rs.metadata?.labels) && isControlledBy(rs.metadata, uid));
  } catch (err) {
    return refuse((err as Error).message);
  }

  let target: ReplicaSet | undefined;
  let latest: ReplicaSet | undefined;
  let latestRevision = -1;
  let previousRevision = -1;
  for (const rs of owned) {
    const v = revisionOf(rs);
    if (v === undefined) continue;
    if (toRevision === 0) {
      if (latestRevision < v) {
        previousRevision = latestRevision;
        target = latest;
        latestRevision = v;
        latest = rs;
      } else if (previousRevision < v) {
        previousRevision = v;
        target = rs;
      }
    } else if (toRevision === v) {
      target = rs;
      break;
    }
  }
  if (toRevision > 0 && !target) return refuse(`unable to find specified revision ${toRevision} in history`);
  if (!target) return refuse(`no revision found for rollout "${name}"`);

  const rsTemplate = structuredClone(target.spec?.template ?? {}) as Record<string, unknown> & { metadata?: { labels?: Record<string, string> | null } };
  const roTemplate = ro.spec?.template;
  if (roTemplate) {
    const a = structuredClone(roTemplate) as typeof rsTemplate;
    const b = structuredClone(rsTemplate);
    delete a.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL];
    delete b.metadata?.labels?.[POD_TEMPLATE_HASH_LABEL];
    if (deepDerivative(a, b)) {
      return { ok: true, requests: [], message: `skipped rollback (current template already matches revision ${toRevision})` };
    }
  }

  const labels = rsTemplate.metadata?.labels;
  if (labels) {
    delete labels[POD_TEMPLATE_HASH_LABEL];
    // `labels` is omitempty: an emptied map disappears from the marshalled template
    if (Object.keys(labels).length === 0) delete rsTemplate.metadata!.labels;
  }
  const body = `[{"op":"replace","path":"/spec/template","value":${goJson(rsTemplate, false)}}]`;
  const ref = ro.spec?.workloadRef;
  let requestTarget: PlannedRequest['target'];
  if (ref) {
    const apiVersion = WORKLOAD_TARGETS[ref.kind ?? ''];
    if (!apiVersion) return refuse(`failed restoring revision ${toRevision}: workload of type ${ref.kind ?? ''} is not supported`);
    requestTarget = { apiVersion, kind: ref.kind!, name: ref.name ?? '' };
  }
  return {
    ok: true,
    requests: [{ method: 'PATCH', contentType: 'application/json-patch+json', body, ...(requestTarget ? { target: requestTarget } : {}) }],
    message: `rollout '${name}' undo`,
  };
}
