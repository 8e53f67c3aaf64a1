// The mechanical mapping of autoscaling/v2beta1 HPA metrics to the autoscaling/v2 (and v2beta2) shape, for the quick
// fix that moves a removed v2beta1 HPA to v2. Mapping: docs/rules.md (`removed-api-version`), the same as the
// API server's own conversion (kubernetes `pkg/apis/autoscaling/v2beta1/conversion.go`). Anything it does not know
// (an unknown field, a missing target, two targets at once) makes it give up: no fix is better than a wrong one.

type Obj = Record<string, unknown>;

function isObj(v: unknown): v is Obj {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

/** True when `o` has no keys but `allowed`. */
function only(o: Obj, allowed: readonly string[]): boolean {
  return Object.keys(o).every((k) => allowed.includes(k));
}

/** `{type, value}` or `{type, averageValue}`: the average wins, as in the API server's conversion. */
function valueTarget(value: unknown, averageValue: unknown): Obj | undefined {
  if (averageValue !== undefined) return { type: 'AverageValue', averageValue };
  if (value !== undefined) return { type: 'Value', value };
  return undefined;
}

function metricId(name: unknown, selector: unknown): Obj | undefined {
  if (typeof name !== 'string') return undefined;
  return selector === undefined ? { name } : { name, selector };
}

function resource(r: unknown, withContainer: boolean): Obj | undefined {
  const keys = ['name', 'targetAverageUtilization', 'targetAverageValue', ...(withContainer ? ['container'] : [])];
  if (!isObj(r) || !only(r, keys) || typeof r.name !== 'string') return undefined;
  const util = r.targetAverageUtilization;
  const avg = r.targetAverageValue;
  if ((util === undefined) === (avg === undefined)) return undefined; // exactly one target
  const out: Obj = { name: r.name };
  if (withContainer) {
    if (typeof r.container !== 'string') return undefined;
    out.container = r.container;
  }
  out.target = util !== undefined ? { type: 'Utilization', averageUtilization: util } : { type: 'AverageValue', averageValue: avg };
  return out;
}

function pods(p: unknown): Obj | undefined {
  if (!isObj(p) || !only(p, ['metricName', 'targetAverageValue', 'selector'])) return undefined;
  const metric = metricId(p.metricName, p.selector);
  if (!metric || p.targetAverageValue === undefined) return undefined;
  return { metric, target: { type: 'AverageValue', averageValue: p.targetAverageValue } };
}

function object(o: unknown): Obj | undefined {
  if (!isObj(o) || !only(o, ['target', 'metricName', 'targetValue', 'averageValue', 'selector'])) return undefined;
  const metric = metricId(o.metricName, o.selector);
  const target = valueTarget(o.targetValue, o.averageValue);
  if (!metric || !target || !isObj(o.target)) return undefined;
  return { describedObject: o.target, metric, target };
}

function external(e: unknown): Obj | undefined {
  if (!isObj(e) || !only(e, ['metricName', 'metricSelector', 'targetValue', 'targetAverageValue'])) return undefined;
  const metric = metricId(e.metricName, e.metricSelector);
  const target = valueTarget(e.targetValue, e.targetAverageValue);
  if (!metric || !target) return undefined;
  return { metric, target };
}

const SOURCES: Record<string, (v: unknown) => Obj | undefined> = {
  resource: (v) => resource(v, false),
  containerResource: (v) => resource(v, true),
  pods,
  object,
  external,
};

/** The v2 form of one v2beta1 metric, or undefined when it cannot be converted faithfully. */
export function convertV2beta1Metric(m: unknown): Obj | undefined {
  if (!isObj(m) || typeof m.type !== 'string') return undefined;
  const out: Obj = { type: m.type };
  for (const [k, v] of Object.entries(m)) {
    if (k === 'type') continue;
    const convert = SOURCES[k];
    const converted = convert?.(v);
    if (!converted) return undefined;
    out[k] = converted;
  }
  return out;
}

/** The v2 form of a v2beta1 `spec.metrics` list, or undefined when any metric cannot be converted. */
export function convertV2beta1Metrics(metrics: unknown): Obj[] | undefined {
  if (!Array.isArray(metrics)) return undefined;
  const out: Obj[] = [];
  for (const m of metrics) {
    const c = convertV2beta1Metric(m);
    if (!c) return undefined;
    out.push(c);
  }
  return out;
}
