// The API resources the cluster layer lists, watches and changes, and their REST paths.

export interface ResourceType {
  /** API group; '' for the core group */
  group: string;
  version: string;
  /** plural resource name as in the URL and in RBAC rules */
  plural: string;
  kind: string;
}

export const ROLLOUTS: ResourceType = { group: 'argoproj.io', version: 'v1alpha1', plural: 'rollouts', kind: 'Rollout' };
export const ANALYSIS_RUNS: ResourceType = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  plural: 'analysisruns',
  kind: 'AnalysisRun',
};
export const EXPERIMENTS: ResourceType = {
  group: 'argoproj.io',
  version: 'v1alpha1',
  plural: 'experiments',
  kind: 'Experiment',
};
export const REPLICA_SETS: ResourceType = { group: 'apps', version: 'v1', plural: 'replicasets', kind: 'ReplicaSet' };
export const PODS: ResourceType = { group: '', version: 'v1', plural: 'pods', kind: 'Pod' };

/** What `get rollout` watches (argo-rollouts `pkg/kubectl-argo-rollouts/viewcontroller/viewcontroller.go`), minus Deployments (workloadRef only). */
export const WATCHED = { rollouts: ROLLOUTS, replicaSets: REPLICA_SETS, pods: PODS, analysisRuns: ANALYSIS_RUNS, experiments: EXPERIMENTS } as const;
export type WatchedName = keyof typeof WATCHED;

/** The `apiVersion` objects of this resource carry: `group/version`, or the bare version for the core group. */
export function apiVersionOf(r: ResourceType): string {
  return r.group ? `${r.group}/${r.version}` : r.version;
}

function groupVersionPath(r: ResourceType): string {
  return r.group ? `/apis/${r.group}/${r.version}` : `/api/${r.version}`;
}

/** Collection path; `namespace` undefined or '' gives the all-namespaces path. */
export function collectionPath(r: ResourceType, namespace?: string): string {
  const ns = namespace ? `/namespaces/${encodeURIComponent(namespace)}` : '';
  return `${groupVersionPath(r)}${ns}/${r.plural}`;
}

export function objectPath(r: ResourceType, namespace: string, name: string, subresource?: string): string {
  return `${collectionPath(r, namespace)}/${encodeURIComponent(name)}${subresource ? `/${subresource}` : ''}`;
}

/** What a request path addresses, for error messages: `patch rollouts/status in namespace x`. */
export interface RequestTarget {
  verb: string;
  group: string;
  resource: string;
  subresource?: string;
  namespace?: string;
  name?: string;
}

/** Reads verb and target from an HTTP method and API path, as the API server's request-info resolver does. */
export function requestTarget(method: string, path: string, query?: Record<string, unknown>): RequestTarget {
  const parts = path.split('?')[0]!.split('/').filter(Boolean).map(decodeURIComponent);
  let rest: string[];
  let group = '';
  if (parts[0] === 'api') rest = parts.slice(2);
  else if (parts[0] === 'apis') {
    group = parts[1] ?? '';
    rest = parts.slice(3);
  } else rest = parts;
  let namespace: string | undefined;
  if (rest[0] === 'namespaces' && rest.length >= 3) {
    namespace = rest[1];
    rest = rest.slice(2);
  }
  const [resource = '', name, subresource] = rest;
  const m = method.toUpperCase();
  const watch = query?.watch === true || query?.watch === 'true' || query?.watch === '1' || /[?&]watch=(true|1)/.test(path);
  const verb =
    m === 'GET'
      ? name
        ? 'get'
        : watch
          ? 'watch'
          : 'list'
      : m === 'PATCH'
        ? 'patch'
        : m === 'PUT'
          ? 'update'
          : m === 'POST'
            ? 'create'
            : m === 'DELETE'
              ? name
                ? 'delete'
                : 'deletecollection'
              : m.toLowerCase();
  return { verb, group, resource, subresource, namespace, name };
}
