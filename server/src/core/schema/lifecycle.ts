// When Kubernetes started and stopped serving the API versions and fields Rollout Pilot checks: the data behind the
// `removed-api-version`, `deprecated-api-version`, `unavailable-api-version`, `removed-field` and `deprecated-field`
// findings, in one place with its sources. Versions are Kubernetes minor versions (25 = 1.25).
//
// Sources:
// - [pluto] FairwindsOps/pluto `versions.yaml` @dd5ec8c, confirmed against [docs-depr]
//   https://kubernetes.io/docs/reference/using-api/deprecation-guide/ (the HPA rows)
// - [k8s-96736] kubernetes/kubernetes PR #96736 (Service topologyKeys deprecated, 1.21);
//   [k8s-102412] PR #102412 "Remove support for the Service topologyKeys field" (1.22); the replacements:
//   https://kubernetes.io/docs/concepts/services-networking/topology-aware-routing/ (`topology-mode: Auto`, 1.27) and
//   https://kubernetes.io/docs/reference/networking/virtual-ips/#traffic-distribution (`trafficDistribution`, 1.31 beta)
// - [changelog-1.20] Kubernetes CHANGELOG-1.20: alpha dual-stack API reworked, `spec.ipFamily` replaced by
//   `spec.ipFamilies` + `spec.ipFamilyPolicy`
// - [docs-service] https://kubernetes.io/docs/concepts/services-networking/service/ : `spec.loadBalancerIP` deprecated in 1.24
// - [k8s-api] k8s.io/api core/v1/types.go: `DeprecatedServiceAccount` ("serviceAccount ... Deprecated: Use
//   serviceAccountName instead"), deprecated since the v1 API; kube-linter `deprecated-service-account-field`
import type { TargetKind } from '../targets';
import { definitionsVersions } from './data';

export interface ApiVersionLifecycle {
  kind: TargetKind;
  apiVersion: string;
  /** First minor version that serves it. */
  introduced: number;
  deprecated?: number;
  /** First minor version that no longer serves it. */
  removed?: number;
  /** The apiVersion to move to. */
  replacement?: string;
  source: string;
}

/** Newest first within a kind: the first one served at a target version is the one to recommend there. */
export const API_VERSIONS: readonly ApiVersionLifecycle[] = [
  { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v2', introduced: 23, source: 'pluto, docs-depr' },
  {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v2beta2',
    introduced: 12,
    deprecated: 23,
    removed: 26,
    replacement: 'autoscaling/v2',
    source: 'pluto, docs-depr',
  },
  {
    kind: 'HorizontalPodAutoscaler',
    apiVersion: 'autoscaling/v2beta1',
    introduced: 8,
    deprecated: 22,
    removed: 25,
    replacement: 'autoscaling/v2',
    source: 'pluto, docs-depr',
  },
  { kind: 'HorizontalPodAutoscaler', apiVersion: 'autoscaling/v1', introduced: 2, source: 'docs-depr (not deprecated)' },
];

export interface FieldLifecycle {
  kind: TargetKind;
  /** Path of the mapping that holds the field. */
  parent: readonly string[];
  field: string;
  deprecated?: number;
  removed?: number;
  /** How the field became deprecated, when no version says it ("a deprecated alias since the v1 API"). */
  deprecatedNote?: string;
  /** What to use instead, as a phrase: "use ...". */
  instead: string;
  /** The quick fix: delete the field, rename it, or rename it and wrap its value in a list. */
  fix?: { kind: 'remove'; title?: string } | { kind: 'rename'; to: string } | { kind: 'rename-to-list'; to: string };
  source: string;
}

export const FIELDS: readonly FieldLifecycle[] = [
  {
    kind: 'Service',
    parent: ['spec'],
    field: 'topologyKeys',
    deprecated: 21,
    removed: 22,
    instead:
      'route by topology with `spec.trafficDistribution: PreferClose` (1.31+) or topology-aware routing ' +
      '(the `service.kubernetes.io/topology-mode: Auto` annotation, 1.27+), or keep traffic on the node with ' +
      '`spec.internalTrafficPolicy: Local`',
    fix: { kind: 'remove', title: 'Remove `topologyKeys` (route by topology with `trafficDistribution: PreferClose` or the topology-mode annotation instead)' },
    source: 'k8s-96736, k8s-102412',
  },
  {
    kind: 'Service',
    parent: ['spec'],
    field: 'ipFamily',
    removed: 20,
    instead: 'use `spec.ipFamilies` (a list) with `spec.ipFamilyPolicy`',
    fix: { kind: 'rename-to-list', to: 'ipFamilies' },
    source: 'changelog-1.20',
  },
  {
    kind: 'Service',
    parent: ['spec'],
    field: 'loadBalancerIP',
    deprecated: 24,
    instead: "set the address through your load balancer provider's annotation, or use the Gateway API",
    source: 'docs-service',
  },
  {
    kind: 'Rollout',
    parent: ['spec', 'template', 'spec'],
    field: 'serviceAccount',
    deprecated: 0,
    deprecatedNote: 'a deprecated alias of `serviceAccountName` since the v1 API',
    instead: 'use `serviceAccountName`',
    fix: { kind: 'rename', to: 'serviceAccountName' },
    source: 'k8s-api',
  },
];

/** Minor version of a `1.X` setting (a leading `v` and a patch part are allowed); undefined when it is not one. */
export function parseMinor(version: string): number | undefined {
  const m = /^v?1\.(\d+)(?:\.\d+)?$/.exec(version.trim());
  return m ? Number(m[1]) : undefined;
}

/** targetMinor's last answer: several rules ask it for every document, always with the same setting. */
let lastTarget: { version: string | undefined; minor: number } = { version: undefined, minor: 0 };

/** The target minor version of a `kubernetesVersion` setting; one that is not `1.X` means the newest definitions. */
export function targetMinor(kubernetesVersion: string): number {
  if (kubernetesVersion !== lastTarget.version) lastTarget = { version: kubernetesVersion, minor: parseMinor(kubernetesVersion) ?? definitionsVersions().at(-1)! };
  return lastTarget.minor;
}

export function apiVersionLifecycle(kind: string, apiVersion: string): ApiVersionLifecycle | undefined {
  return API_VERSIONS.find((a) => a.kind === kind && a.apiVersion === apiVersion);
}

/** Whether Kubernetes 1.`minor` serves this API version. */
export function isServed(a: ApiVersionLifecycle, minor: number): boolean {
  return a.introduced <= minor && (a.removed === undefined || minor < a.removed);
}

/** The API version of `kind` to recommend at 1.`minor`: the newest one served there. */
export function preferredApiVersion(kind: string, minor: number): ApiVersionLifecycle | undefined {
  return API_VERSIONS.find((a) => a.kind === kind && isServed(a, minor));
}

/** The lifecycle entry for `field` in the mapping at `parent`, if the table has one. */
export function fieldLifecycle(kind: string, parent: ReadonlyArray<string | number>, field: string): FieldLifecycle | undefined {
  for (const f of FIELDS) {
    if (f.kind !== kind || f.field !== field || f.parent.length !== parent.length) continue;
    if (f.parent.every((p, i) => p === parent[i])) return f;
  }
  return undefined;
}
