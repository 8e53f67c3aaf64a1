// Which actions apply to a rollout right now, and why not: the same pure plans the actions execute (./plan), so a
// menu, a button and the refusal after a click can never disagree, plus the RBAC permissions each plan's requests
// need (answered by SelfSubjectAccessReviews, ../access). No I/O and no `vscode`.
import type { ReplicaSet, Rollout } from '../k8sTypes';
import { permissionOf } from '../errors';
import { ROLLOUTS, type RequestTarget, type ResourceType } from '../resources';
import { planAbort, planPause, planPromote, planRestart, planRetry, planUndo, type Plan, type PlannedRequest } from './plan';

export const ACTIONS = ['promote', 'promoteFull', 'abort', 'retry', 'pause', 'restart', 'setImage', 'undo'] as const;
export type ActionId = (typeof ACTIONS)[number];

/** What a person reads for each action (menus, buttons, confirmations). */
export const ACTION_TITLES: Record<ActionId, string> = {
  promote: 'Promote',
  promoteFull: 'Promote Full',
  abort: 'Abort',
  retry: 'Retry',
  pause: 'Pause',
  restart: 'Restart',
  setImage: 'Set Image',
  undo: 'Undo (Roll Back)',
};

export interface Gate {
  enabled: boolean;
  /** why it is disabled: the plan's refusal, or the missing permission */
  reason?: string;
}

export type Gates = Record<ActionId, Gate>;

/** One RBAC permission, as a SelfSubjectAccessReview asks it: what a request addresses, without the object. */
export type Permission = Pick<RequestTarget, 'verb' | 'group' | 'resource' | 'subresource'>;

/** `patch rollouts.argoproj.io/status`, the form `kubectl auth can-i` takes (the errors' own spelling). */
export function permissionKey(p: Permission): string {
  return permissionOf(p, true);
}

const VERB_OF: Record<PlannedRequest['method'], string> = { PATCH: 'patch', PUT: 'update' };
const TARGET_RESOURCES: Record<string, Pick<ResourceType, 'group' | 'plural'>> = {
  Deployment: { group: 'apps', plural: 'deployments' },
  ReplicaSet: { group: 'apps', plural: 'replicasets' },
  PodTemplate: { group: '', plural: 'podtemplates' },
};

/** The permissions a planned request needs. */
export function permissionOfRequest(req: PlannedRequest): Permission {
  const r = req.target ? TARGET_RESOURCES[req.target.kind] ?? { group: '', plural: req.target.kind.toLowerCase() + 's' } : ROLLOUTS;
  return { verb: VERB_OF[req.method], group: r.group, resource: r.plural, ...(req.subresource ? { subresource: req.subresource } : {}) };
}

/** Every permission any action may need: what a view asks the API server about once per namespace. */
export const ACTION_PERMISSIONS: Permission[] = [
  { verb: 'patch', group: 'argoproj.io', resource: 'rollouts', subresource: 'status' },
  { verb: 'patch', group: 'argoproj.io', resource: 'rollouts' },
  { verb: 'update', group: 'argoproj.io', resource: 'rollouts' },
  { verb: 'update', group: 'apps', resource: 'deployments' },
  { verb: 'list', group: 'apps', resource: 'replicasets' },
];

/** true: allowed; false: denied; undefined: not known (yet): treated as allowed, the request itself will tell. */
export type CanI = (p: Permission) => boolean | undefined;

export interface GateInput {
  rollout: Rollout;
  /** the rollout's namespace's ReplicaSets (undo offers only when another revision exists) */
  replicaSets: readonly ReplicaSet[];
  now?: Date;
  can?: CanI;
  /** the namespace, for the "missing permission" text */
  namespace?: string;
}

function fromPlan(plan: Plan, extra: Permission[], can: CanI | undefined, where: string): Gate {
  if (!plan.ok) return { enabled: false, reason: plan.reason };
  const needed = [...plan.requests.map(permissionOfRequest), ...extra];
  const missing = can ? needed.filter((p) => can(p) === false) : [];
  if (missing.length) return { enabled: false, reason: `you lack ${[...new Set(missing.map(permissionKey))].join(', ')}${where}` };
  return { enabled: true };
}

/** The gate of every action for one rollout. */
export function actionGates(input: GateInput): Gates {
  const ro = input.rollout;
  const where = input.namespace ? ` in namespace '${input.namespace}'` : '';
  const can = input.can;
  const workloadRef = ro.spec?.workloadRef;
  const setImagePerm: Permission = workloadRef
    ? { verb: 'update', group: 'apps', resource: 'deployments' }
    : { verb: 'update', group: 'argoproj.io', resource: 'rollouts' };
  const containers = ro.spec?.template?.spec?.containers ?? [];
  const setImage: Gate =
    !workloadRef && containers.length === 0
      ? { enabled: false, reason: `rollout '${ro.metadata?.name ?? ''}' has no containers in spec.template` }
      : fromPlan({ ok: true, requests: [], message: '' }, [setImagePerm], can, where);
  // undo with the default target (the previous revision): offered only when one exists and differs from the template
  const undoPlan = planUndo(ro, input.replicaSets);
  const undo =
    undoPlan.ok && undoPlan.requests.length === 0
      ? { enabled: false, reason: 'the current template already matches the previous revision' }
      : fromPlan(undoPlan, [{ verb: 'list', group: 'apps', resource: 'replicasets' }], can, where);
  return {
    promote: fromPlan(planPromote(ro), [], can, where),
    promoteFull: fromPlan(planPromote(ro, { full: true }), [], can, where),
    abort: fromPlan(planAbort(ro), [], can, where),
    retry: fromPlan(planRetry(ro), [], can, where),
    pause: fromPlan(planPause(ro), [], can, where),
    restart: fromPlan(planRestart(ro, input.now ?? new Date()), [], can, where),
    setImage,
    undo,
  };
}

/** The actions enabled, for a tree item's contextValue: `rollout;promote;abort;` (menus match `/;promote;/`). */
export function gatesContextValue(prefix: string, gates: Gates): string {
  return `${prefix};${ACTIONS.filter((a) => gates[a].enabled).join(';')};`;
}
