// A HorizontalPodAutoscaler as kubernetes `pkg/apis/autoscaling/validation/validation.go` checks it
// (`validateHorizontalPodAutoscalerSpec`, `validateMetricSpec`, the per-source checks and `validateMetricTarget`),
// plus one thing it accepts but the HPA controller does not read the way it looks: a target `type` whose value field
// is not the one set (`type: Utilization` with `averageValue`). Metrics are checked in the autoscaling/v2 shape
// (v2 and v2beta2); a v2beta1 HPA is the deprecations rule's business.
import { isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { mapAt, pairOf, rangeOfKey } from '../documents';
import type { Target } from '../targets';
import { requote } from '../schema/validate';
import { isDNS1123Label } from './apiserver-names';
import { int, Reporter, seqMaps, str } from './apiserver-report';
import { memoryMillis, readQuantity } from './apiserver-pod';

export const HPA_CODES = {
  replicas: 'hpa-replicas',
  metricTarget: 'hpa-metric-target',
  behavior: 'hpa-behavior',
} as const;

/** `MaxPeriodSeconds` and `MaxStabilizationWindowSeconds` of the autoscaling validation. */
const MAX_PERIOD_SECONDS = 1800;
const MAX_STABILIZATION_WINDOW_SECONDS = 3600;

/** The metric `type` values and the field each one populates. */
const SOURCES: Readonly<Record<string, string>> = {
  Object: 'object',
  Pods: 'pods',
  Resource: 'resource',
  ContainerResource: 'containerResource',
  External: 'external',
};

/** The target field each target type reads. */
const TYPE_FIELD: Readonly<Record<string, string>> = {
  Utilization: 'averageUtilization',
  AverageValue: 'averageValue',
  Value: 'value',
};

export function checkHpaSpec(r: Reporter, spec: YAMLMap, target: Target): void {
  replicas(r, spec);
  if (target.version === 'v1') {
    const node = pairOf(spec, 'targetCPUUtilizationPercentage')?.value;
    const v = int(node);
    if (v !== undefined && v < 1) r.invalid(HPA_CODES.metricTarget, node, 'spec.targetCPUUtilizationPercentage', v, ['must be greater than 0']);
    return;
  }
  if (target.version !== 'v2' && target.version !== 'v2beta2') return;
  for (const { item, index } of seqMaps(pairOf(spec, 'metrics')?.value)) metric(r, item, `spec.metrics[${index}]`);
  const behavior = mapAt(spec, 'behavior');
  for (const dir of ['scaleUp', 'scaleDown']) {
    const rules = mapAt(behavior, dir);
    if (rules) scalingRules(r, rules, `spec.behavior.${dir}`);
  }
}

/** `validateScalingRules` after defaulting: an absent or null `policies` takes the defaults, an empty list does not. */
function scalingRules(r: Reporter, rules: YAMLMap, path: string): void {
  const windowNode = pairOf(rules, 'stabilizationWindowSeconds')?.value;
  const window = int(windowNode);
  if (window !== undefined && window < 0) {
    r.invalid(HPA_CODES.behavior, windowNode, `${path}.stabilizationWindowSeconds`, window, ['must be greater than or equal to zero']);
  } else if (window !== undefined && window > MAX_STABILIZATION_WINDOW_SECONDS) {
    r.invalid(HPA_CODES.behavior, windowNode, `${path}.stabilizationWindowSeconds`, window, [`must be less than or equal to ${MAX_STABILIZATION_WINDOW_SECONDS}`]);
  }
  const policies = pairOf(rules, 'policies');
  if (policies && isSeq(policies.value) && policies.value.items.length === 0) {
    r.required(HPA_CODES.behavior, r.rangeOf(policies.key as Node), `${path}.policies`, 'must specify at least one Policy', {
      hint: 'Remove `policies` to keep the default policies, or add one; to turn this direction off, use `selectPolicy: Disabled`',
    });
  }
  for (const { item, index } of seqMaps(policies?.value)) {
    const p = `${path}.policies[${index}]`;
    const valueNode = pairOf(item, 'value')?.value;
    const value = int(valueNode);
    if (value !== undefined && value <= 0) r.invalid(HPA_CODES.behavior, valueNode, `${p}.value`, value, ['must be greater than zero']);
    const periodNode = pairOf(item, 'periodSeconds')?.value;
    const period = int(periodNode);
    if (period !== undefined && period <= 0) r.invalid(HPA_CODES.behavior, periodNode, `${p}.periodSeconds`, period, ['must be greater than zero']);
    else if (period !== undefined && period > MAX_PERIOD_SECONDS) {
      r.invalid(HPA_CODES.behavior, periodNode, `${p}.periodSeconds`, period, [`must be less than or equal to ${MAX_PERIOD_SECONDS}`]);
    }
  }
}

function replicas(r: Reporter, spec: YAMLMap): void {
  const minNode = pairOf(spec, 'minReplicas')?.value;
  const maxNode = pairOf(spec, 'maxReplicas')?.value;
  const min = int(minNode);
  const max = int(maxNode);
  if (min !== undefined && min < 1) {
    r.invalid(HPA_CODES.replicas, minNode, 'spec.minReplicas', min, ['must be greater than or equal to 1'], {
      hint: '0 needs the alpha HPAScaleToZero feature gate and an Object or External metric',
    });
  }
  if (max !== undefined && max < 1) r.invalid(HPA_CODES.replicas, maxNode, 'spec.maxReplicas', max, ['must be greater than 0']);
  else if (max !== undefined && min !== undefined && max < min) {
    r.invalid(HPA_CODES.replicas, maxNode, 'spec.maxReplicas', max, ['must be greater than or equal to `minReplicas`']);
  }
}

function metric(r: Reporter, m: YAMLMap, path: string): void {
  const type = str(pairOf(m, 'type')?.value);
  const expected = type !== undefined ? SOURCES[type] : undefined;
  if (!expected) return; // missing or unknown: the schema rule says so
  if (pairOf(m, '<<')) return; // fields merged in from an anchor are not seen here
  const present = Object.values(SOURCES).filter((f) => pairOf(m, f) && !isNull(pairOf(m, f)?.value));
  for (const f of present) {
    if (f === expected) continue;
    r.forbidden(HPA_CODES.metricTarget, pairOf(m, f)!.key as Node, `${path}.${f}`, 'must populate the given metric source only', {
      hint: `\`type: ${type}\` reads \`${expected}\``,
    });
  }
  const source = mapAt(m, expected);
  if (!source) {
    if (!present.includes(expected)) {
      const typeKey = pairOf(m, 'type')!;
      r.required(HPA_CODES.metricTarget, rangeOfKey(r.md, typeKey), `${path}.${expected}`, 'must populate information for the given metric source');
    }
    return;
  }
  if (expected === 'containerResource') {
    const node = pairOf(source, 'container')?.value;
    const container = str(node);
    if (container) {
      const errs = isDNS1123Label(container);
      if (errs.length > 0) r.invalid('invalid-name', node, `${path}.containerResource.container`, container, errs);
    }
  }
  const tgt = mapAt(source, 'target');
  if (!tgt || pairOf(tgt, '<<')) return; // required: the schema rule says so; merged fields are not seen here
  targetChecks(r, type!, source, tgt, `${path}.${expected}`);
}

function targetChecks(r: Reporter, type: string, source: YAMLMap, tgt: YAMLMap, path: string): void {
  const tPath = `${path}.target`;
  const fields = {
    averageUtilization: pairOf(tgt, 'averageUtilization'),
    averageValue: pairOf(tgt, 'averageValue'),
    value: pairOf(tgt, 'value'),
  };
  const set = (k: keyof typeof fields) => fields[k] !== undefined && !isNull(fields[k]!.value);
  // validateMetricTarget: positive values
  const util = int(fields.averageUtilization?.value);
  if (util !== undefined && util < 1) r.invalid(HPA_CODES.metricTarget, fields.averageUtilization!.value, `${tPath}.averageUtilization`, util, ['must be greater than 0']);
  const resourceName = str(pairOf(source, 'name')?.value);
  for (const k of ['averageValue', 'value'] as const) {
    const node = fields[k]?.value;
    if (!node || isNull(node)) continue;
    const read = readQuantity(r, node, `${tPath}.${k}`, false);
    if (!read) continue;
    if (read.q.negative || read.q.digits === 0n) r.invalid(HPA_CODES.metricTarget, node, `${tPath}.${k}`, isScalar(node) ? node.value : read.source, ['must be positive']);
    else if (resourceName === 'memory' || resourceName === 'ephemeral-storage') memoryMillis(r, read, `${tPath}.${k}`, resourceName);
  }
  // the per-source rules
  const requiredAt = (field: string, detail: string) =>
    r.required(HPA_CODES.metricTarget, r.rangeOf(pairOf(tgt, 'type')?.key as Node ?? tgt), `${tPath}.${field}`, detail);
  const bothAt = (k: keyof typeof fields, detail: string) => r.forbidden(HPA_CODES.metricTarget, fields[k]!.key as Node, `${tPath}.${k}`, detail);
  switch (type) {
    case 'Resource':
    case 'ContainerResource':
      if (!set('averageUtilization') && !set('averageValue')) requiredAt('averageUtilization', 'must set either a target raw value or a target utilization');
      else if (set('averageUtilization') && set('averageValue')) bothAt('averageValue', 'may not set both a target raw value and a target utilization');
      else typeMismatch(r, tgt, tPath, set);
      return;
    case 'Pods':
      if (!set('averageValue')) requiredAt('averageValue', 'must specify a positive target averageValue');
      else typeMismatch(r, tgt, tPath, set);
      return;
    case 'Object':
      if (!set('value') && !set('averageValue')) requiredAt('averageValue', 'must set either a target value or averageValue');
      else typeMismatch(r, tgt, tPath, set);
      return;
    case 'External':
      if (!set('value') && !set('averageValue')) requiredAt('averageValue', 'must set either a target value for metric or a per-pod target');
      else if (set('value') && set('averageValue')) bothAt('value', 'may not set both a target value for metric and a per-pod target');
      else typeMismatch(r, tgt, tPath, set);
      return;
  }
}

/**
 * Accepted by the API server, read otherwise by the HPA controller: a target whose `type` names a field that is not
 * set. Resource and External targets go by the field that is set; an Object target goes by the type and finds nothing.
 */
function typeMismatch(r: Reporter, tgt: YAMLMap, tPath: string, set: (k: 'averageUtilization' | 'averageValue' | 'value') => boolean): void {
  const typeNode = pairOf(tgt, 'type')?.value;
  const type = str(typeNode);
  const wanted = type !== undefined ? TYPE_FIELD[type] : undefined;
  if (!wanted || set(wanted as 'value')) return;
  const given = (['averageUtilization', 'averageValue', 'value'] as const).filter((k) => set(k));
  if (given.length !== 1) return;
  const meant = Object.keys(TYPE_FIELD).find((t) => TYPE_FIELD[t] === given[0])!;
  r.push(
    HPA_CODES.metricTarget,
    r.rangeOf(typeNode),
    `${tPath}.type is \`${type}\`, which reads \`${wanted}\`, but the target sets \`${given[0]}\`: the API server accepts it, ` +
      `but the HPA controller goes by the field that is set (an Object metric goes by the type and finds no target). ` +
      `Did you mean \`type: ${meant}\`?`,
    {
      severity: 'warning',
      fixes: isScalar(typeNode) ? r.replaceFix(typeNode, requote(typeNode, meant), `Change to \`type: ${meant}\``) : [],
    },
  );
}

function isNull(node: unknown): boolean {
  return node === null || node === undefined || (isScalar(node) && node.value === null);
}
