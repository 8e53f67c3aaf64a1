// Every code a finding can carry, one per heading in docs/rules.md (a static test keeps the two equal). Settings,
// CLI flags and disable comments are checked against it.
export const RULE_CODES: ReadonlySet<string> = new Set([
  // the engine
  'yaml-syntax',
  'template-skipped',
  'unknown-kind',
  'internal-error',
  'file-too-large',
  'unknown-rule-code',
  // schema shape
  'unknown-field',
  'invalid-type',
  'missing-required',
  'invalid-enum',
  'unknown-api-version',
  // removed and deprecated APIs and fields
  'removed-api-version',
  'deprecated-api-version',
  'unavailable-api-version',
  'removed-field',
  'deprecated-field',
  // well-known labels
  'unknown-topology-key',
  'deprecated-label',
  'misspelled-label',
  // the Argo Rollouts controller
  'argo-strategy',
  'argo-step',
  'argo-set-weight',
  'argo-pause-duration',
  'argo-same-service',
  'argo-max-surge',
  'argo-traffic-routing-required',
  'argo-anti-affinity',
  'argo-progress-deadline',
  // the Argo Rollouts controller: selector, pod template, counts, routers, route steps, analysis arguments
  'argo-selector',
  'argo-pod-template',
  'argo-workload-ref',
  'argo-negative',
  'argo-revision-limit',
  'argo-service-required',
  'argo-router-support',
  'argo-dynamic-stable-scale',
  'argo-route-match',
  'argo-managed-routes',
  'argo-analysis-args',
  // canary arithmetic (steps the pods cannot make)
  'canary-weight-zero',
  'canary-weight-jump',
]);
