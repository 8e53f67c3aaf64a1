// Well-known label keys in the reserved `kubernetes.io` / `k8s.io` namespaces, as data. Sources: kubernetes/api
// core/v1/well_known_labels.go and https://kubernetes.io/docs/reference/labels-annotations-taints/ (see
// docs/rules.md, "Well-known labels and topology keys"). Used by rules/labels.ts.

/** Labels the kubelet or cloud controller sets on Nodes: the keys `topologyKey`, `nodeSelector` and node affinity use. */
export const NODE_LABELS: readonly string[] = [
  'kubernetes.io/hostname',
  'topology.kubernetes.io/zone',
  'topology.kubernetes.io/region',
  'node.kubernetes.io/instance-type',
  'kubernetes.io/os',
  'kubernetes.io/arch',
  'node.kubernetes.io/windows-build',
  'node.kubernetes.io/exclude-from-external-load-balancers',
  'node-role.kubernetes.io/control-plane',
];

/** Deprecated node labels and what replaced them. They still work where nodes carry them, so: warning + quick fix. */
export const DEPRECATED_NODE_LABELS: Readonly<Record<string, string>> = {
  'failure-domain.beta.kubernetes.io/zone': 'topology.kubernetes.io/zone',
  'failure-domain.beta.kubernetes.io/region': 'topology.kubernetes.io/region',
  'beta.kubernetes.io/instance-type': 'node.kubernetes.io/instance-type',
  'beta.kubernetes.io/os': 'kubernetes.io/os',
  'beta.kubernetes.io/arch': 'kubernetes.io/arch',
  'node-role.kubernetes.io/master': 'node-role.kubernetes.io/control-plane',
};

/**
 * Reserved prefixes under which cluster operators and Kubernetes projects put their own node labels: any name under
 * them is accepted (`node-role.kubernetes.io/worker`, `node-restriction.kubernetes.io/pool`, `kops.k8s.io/instancegroup`).
 */
export const OPEN_NODE_LABEL_PREFIXES: readonly string[] = [
  'node-role.kubernetes.io',
  'node-restriction.kubernetes.io',
  'kops.k8s.io',
];

/** The recommended labels (https://kubernetes.io/docs/concepts/overview/working-with-objects/common-labels/). */
export const RECOMMENDED_LABELS: readonly string[] = [
  'app.kubernetes.io/name',
  'app.kubernetes.io/instance',
  'app.kubernetes.io/version',
  'app.kubernetes.io/component',
  'app.kubernetes.io/part-of',
  'app.kubernetes.io/managed-by',
  'app.kubernetes.io/created-by',
];

/** Other well-known keys that appear on workloads and Services; near misses of them are not reported. */
export const OTHER_OBJECT_LABELS: readonly string[] = [
  'kubernetes.io/metadata.name',
  'service.kubernetes.io/headless',
  'service.kubernetes.io/service-proxy-name',
  'pod-template-hash',
  'rollouts-pod-template-hash',
];

/** Second-level domains of the reserved namespaces; a prefix ending in a near miss of these is a typo. */
export const RESERVED_DOMAINS: readonly string[] = ['kubernetes.io', 'k8s.io'];
