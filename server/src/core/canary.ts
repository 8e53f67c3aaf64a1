// Canary arithmetic for the editor: what each step of a canary Rollout really runs. Without trafficRouting the weight
// is made with pods, so `setWeight: 20` on 6 pods is 1 canary and 5 stable pods, 16 % (argo-rollouts
// utils/replicaset/canary.go, `CalculateReplicaCountsForBasicCanary` → `approximateWeightedCanaryStableReplicaCounts`,
// maxSurge resolved rounding up and maxUnavailable rounding down as `resolveFenceposts` in utils/replicaset/replicaset.go).
// An HPA that targets the rollout writes `spec.replicas` anywhere between its minReplicas and maxReplicas
// (docs/features/hpa-support.md), so both ends are worked out. With trafficRouting the traffic weight is exact.
// Pure: reads the parsed documents (and the workspace's facts), no LSP.
import { isMap, isScalar, isSeq, type Node } from 'yaml';
import { mapAt, pairOf, rangeOfNode, scalarNumber, scalarString, type ManifestDoc } from './documents';
import { sameNamespace } from './workspace/facts';
import type { Range } from './types';
import type { WorkspaceLookup } from './workspace/lookup';
import { pauseDurationMs } from '../../../extension/src/cluster/info/pause';

/**
 * An int-or-percent (maxSurge, maxUnavailable) against `total`: `N%` rounds up (`roundUp`, maxSurge) or down
 * (maxUnavailable), as apimachinery `intstr.GetScaledValueFromIntOrPercent`; undefined when unreadable.
 */
export function resolveIntOrPercent(value: number | string | undefined | null, total: number, roundUp: boolean): number | undefined {
  if (value === undefined || value === null) value = '25%';
  if (typeof value === 'number') return Number.isInteger(value) && value >= 0 ? value : undefined;
  const m = /^(\d+)%$/.exec(value);
  if (m) {
    const scaled = (Number(m[1]) * total) / 100;
    return roundUp ? Math.ceil(scaled) : Math.floor(scaled);
  }
  return /^\d+$/.test(value) ? Number(value) : undefined;
}

/** maxSurge and maxUnavailable resolved against `replicas`; both 0 makes maxUnavailable 1 (`resolveFenceposts`). */
export function resolveFenceposts(
  maxSurge: number | string | undefined | null,
  maxUnavailable: number | string | undefined | null,
  replicas: number,
): { surge: number; unavailable: number } | undefined {
  const surge = resolveIntOrPercent(maxSurge, replicas, true);
  const unavailable = resolveIntOrPercent(maxUnavailable, replicas, false);
  if (surge === undefined || unavailable === undefined) return undefined;
  return { surge, unavailable: surge === 0 && unavailable === 0 ? 1 : unavailable };
}

export interface Split {
  canary: number;
  stable: number;
}

/** The fraction of R·(w/100) is exactly .5, computed as Go's `floorCeilingTied` does (in floating point). */
function tiedAt(replicas: number, weight: number): boolean {
  const x = replicas * (weight / 100);
  return x - Math.trunc(x) === 0.5;
}

/**
 * `approximateWeightedCanaryStableReplicaCounts` (v1.2+): ceil and floor of R·w/100, each against a total of R and
 * (when maxSurge > 0) R+1; the option whose real weight is closest to w wins (the first on a tie). A floor of 0 only
 * for w 0/100 or R=1 without surge; a floor whose total makes R·w/100 end in exactly .5 is dropped (for R and R+1 each).
 * When no option is left (R ≥ 2, maxSurge 0, w close to 100 with a .5 fraction: 2 replicas at 75) upstream returns
 * 0 canary and R stable pods.
 */
export function basicCanarySplit(replicas: number, weight: number, maxSurge: number): Split {
  if (replicas <= 0) return { canary: 0, stable: 0 };
  const ceil = Math.ceil((replicas * weight) / 100);
  const floor = Math.floor((replicas * weight) / 100);
  const zeroAllowed = weight === 100 || weight === 0 || (replicas === 1 && maxSurge === 0);
  const floorUsable = floor !== 0 || zeroAllowed;
  const options: Array<[canary: number, total: number]> = [];
  if (ceil < replicas || zeroAllowed) options.push([ceil, replicas]);
  if (!tiedAt(replicas, weight) && floorUsable) options.push([floor, replicas]);
  if (maxSurge > 0) {
    options.push([ceil, replicas + 1]);
    if (!tiedAt(replicas + 1, weight) && floorUsable) options.push([floor, replicas + 1]);
  }
  if (options.length === 0) return { canary: 0, stable: replicas }; // upstream: "should not get here"
  let best = options[0]!;
  let bestDelta = Math.abs((best[0] * 100) / best[1] - weight);
  for (const o of options.slice(1)) {
    const delta = Math.abs((o[0] * 100) / o[1] - weight);
    if (delta < bestDelta) {
      best = o;
      bestDelta = delta;
    }
  }
  return { canary: best[0], stable: best[1] - best[0] };
}

/** The weight `kubectl argo rollouts get` shows as ActualWeight once the pods are available (integer division). */
export function actualWeight(split: Split): number {
  const total = split.canary + split.stable;
  return total === 0 ? 0 : Math.floor((split.canary * 100) / total);
}

/** Go-style duration text: `20s`, `1m30s`, `2h`, `1h0m5s` is `1h5s`. */
export function formatDuration(ms: number): string {
  if (ms < 1000) return `${ms}ms`;
  let s = Math.round(ms / 1000);
  const h = Math.floor(s / 3600);
  s -= h * 3600;
  const m = Math.floor(s / 60);
  s -= m * 60;
  return `${h ? `${h}h` : ''}${m ? `${m}m` : ''}${s || (!h && !m) ? `${s}s` : ''}`;
}

// ---------------------------------------------------------------------------------------------------------------
// A Rollout's canary steps, read from its document (chunk-relative ranges)

export interface StepFacts {
  /** 0-based index in `steps`. */
  index: number;
  /** The step's mapping (or whatever the item is). */
  range: Range;
  /** The first key of the step (`setWeight`, `pause`, `analysis`, …), when it is a mapping. */
  type?: string;
  setWeight?: { value: number; range: Range };
  /** `manual`: `pause: {}` (or no duration) waits for a promotion; `ms` undefined with `manual` false: unreadable. */
  pause?: { manual: boolean; ms?: number; range: Range };
}

export interface CanaryPlan {
  name?: string;
  namespace?: string;
  /** `spec.replicas` when it is an integer (absent: the controller defaults it to 1). */
  replicas?: number;
  maxSurge?: number | string;
  maxUnavailable?: number | string;
  /** trafficRouting is set: the traffic weight is exact. */
  routed: boolean;
  maxTrafficWeight: number;
  steps: StepFacts[];
}

/**
 * Where a part of a step is written, worked out when first asked: every Rollout's steps are read on every check, while
 * their positions are wanted only for the few a finding, a hint or a hover names (each costs a line lookup).
 */
class Located {
  private at?: Range;
  constructor(
    private readonly md: ManifestDoc,
    private readonly node: Node,
  ) {}

  get range(): Range {
    return (this.at ??= rangeOfNode(this.md, this.node));
  }
}

class Step extends Located implements StepFacts {
  type?: string;
  setWeight?: StepFacts['setWeight'];
  pause?: StepFacts['pause'];
  constructor(
    md: ManifestDoc,
    node: Node,
    readonly index: number,
  ) {
    super(md, node);
  }
}

class Weight extends Located {
  constructor(
    md: ManifestDoc,
    node: Node,
    readonly value: number,
  ) {
    super(md, node);
  }
}

class Pause extends Located {
  constructor(
    md: ManifestDoc,
    node: Node,
    readonly manual: boolean,
    readonly ms?: number,
  ) {
    super(md, node);
  }
}

function intOrString(node: unknown): number | string | undefined {
  return isScalar(node) && (typeof node.value === 'number' || typeof node.value === 'string') ? node.value : undefined;
}

/** Plans by parsed document (its positions are document-relative, so a document that moves keeps its plan): a model
 * lives in the linter's cache as long as its text, and a keystroke elsewhere in the file re-runs the cross-document
 * rules over every Rollout of it. */
const plans = new WeakMap<object, CanaryPlan | null>();

/** The canary plan of a Rollout document, or undefined for anything else (blue-green, no steps, not a Rollout). */
export function readCanaryPlan(md: ManifestDoc): CanaryPlan | undefined {
  if (md.kind !== 'Rollout' || !md.root) return undefined;
  const known = plans.get(md.doc);
  if (known !== undefined) return known ?? undefined;
  const plan = readPlan(md);
  plans.set(md.doc, plan ?? null);
  return plan;
}

function readPlan(md: ManifestDoc): CanaryPlan | undefined {
  if (!md.root) return undefined;
  const spec = mapAt(md.root, 'spec');
  const canary = mapAt(spec, 'strategy', 'canary');
  if (!canary) return undefined;
  const stepsNode = pairOf(canary, 'steps')?.value;
  const meta = mapAt(md.root, 'metadata');
  const replicasNode = pairOf(spec, 'replicas')?.value;
  const trafficRouting = pairOf(canary, 'trafficRouting')?.value;
  const routed = isMap(trafficRouting);
  const mtw = routed ? pairOf(trafficRouting, 'maxTrafficWeight')?.value : undefined;
  const plan: CanaryPlan = {
    routed,
    maxTrafficWeight: isScalar(mtw) && typeof mtw.value === 'number' && mtw.value > 0 ? mtw.value : 100,
    steps: [],
  };
  const name = scalarString(pairOf(meta, 'name')?.value);
  const namespace = scalarString(pairOf(meta, 'namespace')?.value);
  if (name) plan.name = name;
  if (namespace) plan.namespace = namespace;
  if (isScalar(replicasNode) && typeof replicasNode.value === 'number' && Number.isInteger(replicasNode.value)) plan.replicas = replicasNode.value;
  const surge = intOrString(pairOf(canary, 'maxSurge')?.value);
  const unavailable = intOrString(pairOf(canary, 'maxUnavailable')?.value);
  if (surge !== undefined) plan.maxSurge = surge;
  if (unavailable !== undefined) plan.maxUnavailable = unavailable;
  if (!isSeq(stepsNode)) return plan;
  stepsNode.items.forEach((item, index) => {
    const step: StepFacts = new Step(md, item as Node, index);
    plan.steps.push(step);
    if (!isMap(item)) return;
    const first = item.items[0]?.key;
    if (isScalar(first)) step.type = String(first.value);
    const w = pairOf(item, 'setWeight')?.value;
    if (isScalar(w) && typeof w.value === 'number' && Number.isInteger(w.value)) step.setWeight = new Weight(md, w, w.value);
    const pausePair = pairOf(item, 'pause');
    if (pausePair) {
      const p = pausePair.value;
      const d = isMap(p) ? pairOf(p, 'duration')?.value : undefined;
      const raw = intOrString(d);
      const at = (p ?? pausePair.key) as Node;
      if (d === undefined || (isScalar(d) && d.value === null)) step.pause = new Pause(md, at, true);
      else {
        const ms = raw === undefined ? undefined : pauseDurationMs(raw);
        step.pause = new Pause(md, at, false, ms !== undefined && ms >= 0 ? ms : undefined);
      }
    }
  });
  return plan;
}

// ---------------------------------------------------------------------------------------------------------------
// How many pods the rollout runs: its HPA's bounds, else spec.replicas

export interface HpaFacts {
  name: string;
  minReplicas: number;
  maxReplicas?: number;
  /** Where it was found: this file, or another file of the workspace. */
  file?: string;
}

/** The replica counts the arithmetic is shown for, each with what it is. */
export interface ReplicaCount {
  replicas: number;
  /** `HPA flaskdemo-hpa min`, `spec.replicas`, `default (no spec.replicas)` */
  source: string;
  /** Short label for the inlay hint (`min 6`), empty when there is one count. */
  short: string;
}

/** What the arithmetic reads of an HPA document: the Rollout it scales and its bounds (remembered per Document). */
interface FileHpa {
  target: string;
  namespace: string | undefined;
  facts: HpaFacts;
}
const fileHpaFacts = new WeakMap<object, FileHpa | null>();

function fileHpa(md: ManifestDoc): FileHpa | undefined {
  let known = fileHpaFacts.get(md.doc);
  if (known === undefined) {
    known = null;
    const ref = mapAt(md.root, 'spec', 'scaleTargetRef');
    const target = scalarString(pairOf(ref, 'name')?.value);
    if (md.root && scalarString(pairOf(ref, 'kind')?.value) === 'Rollout' && target !== undefined) {
      const spec = mapAt(md.root, 'spec');
      const meta = mapAt(md.root, 'metadata');
      const facts: HpaFacts = {
        name: scalarString(pairOf(meta, 'name')?.value) ?? '(unnamed)',
        minReplicas: scalarNumber(pairOf(spec, 'minReplicas')?.value) ?? 1,
      };
      const maxReplicas = scalarNumber(pairOf(spec, 'maxReplicas')?.value);
      if (maxReplicas !== undefined) facts.maxReplicas = maxReplicas;
      known = { target, namespace: scalarString(pairOf(meta, 'namespace')?.value), facts };
    }
    fileHpaFacts.set(md.doc, known);
  }
  return known ?? undefined;
}

/** A file's HPAs by the name of the Rollout they scale, built once per check (a file may hold hundreds of each). */
const hpasByTarget = new WeakMap<readonly ManifestDoc[], Map<string, FileHpa[]>>();

function fileHpas(docs: readonly ManifestDoc[]): Map<string, FileHpa[]> {
  let map = hpasByTarget.get(docs);
  if (map) return map;
  map = new Map();
  for (const md of docs) {
    if (md.kind !== 'HorizontalPodAutoscaler') continue;
    const h = fileHpa(md);
    if (!h) continue;
    const list = map.get(h.target);
    if (list) list.push(h);
    else map.set(h.target, [h]);
  }
  hpasByTarget.set(docs, map);
  return map;
}

/** The HPA whose scaleTargetRef names this rollout: the file's own documents first, then the workspace's other files. */
export function hpaFor(plan: CanaryPlan, docs: readonly ManifestDoc[], workspace?: WorkspaceLookup, file?: string): HpaFacts | undefined {
  if (!plan.name) return undefined;
  for (const h of fileHpas(docs).get(plan.name) ?? []) {
    if (sameNamespace(h.namespace, plan.namespace)) return h.facts;
  }
  if (!workspace) return undefined;
  // HPAs link to their target by name: the workspace's index of links, when it has one, instead of every HPA
  const candidates = workspace.referrers ? workspace.referrers('Rollout', plan.name, plan.namespace) : workspace.ofKind('HorizontalPodAutoscaler');
  for (const o of candidates) {
    if (o.kind !== 'HorizontalPodAutoscaler') continue;
    if (file !== undefined && o.file === file) continue; // this file's documents were read above, fresher
    const t = o.hpa?.target;
    if (t?.kind !== 'Rollout' || t.name !== plan.name || !sameNamespace(o.namespace, plan.namespace)) continue;
    const facts: HpaFacts = { name: o.name, minReplicas: o.hpa?.minReplicas ?? 1, file: o.file };
    if (o.hpa?.maxReplicas !== undefined) facts.maxReplicas = o.hpa.maxReplicas;
    return facts;
  }
  return undefined;
}

export function replicaCounts(plan: CanaryPlan, hpa: HpaFacts | undefined): ReplicaCount[] {
  if (hpa) {
    const out: ReplicaCount[] = [{ replicas: hpa.minReplicas, source: `HPA ${hpa.name} minReplicas`, short: `min ${hpa.minReplicas}` }];
    if (hpa.maxReplicas !== undefined && hpa.maxReplicas !== hpa.minReplicas) {
      out.push({ replicas: hpa.maxReplicas, source: `HPA ${hpa.name} maxReplicas`, short: `max ${hpa.maxReplicas}` });
    }
    return out.length === 1 ? [{ ...out[0]!, short: '' }] : out;
  }
  if (plan.replicas !== undefined) return [{ replicas: plan.replicas, source: 'spec.replicas', short: '' }];
  return [{ replicas: 1, source: 'no spec.replicas: the controller sets 1', short: '' }];
}

// ---------------------------------------------------------------------------------------------------------------
// Per step

export interface WeightAt {
  count: ReplicaCount;
  /** maxSurge resolved against this count (undefined: unreadable maxSurge/maxUnavailable). */
  surge?: number;
  split?: Split;
  actual?: number;
}

export interface StepArithmetic {
  step: StepFacts;
  /** The setWeight in force at this step (the last one at or before it; 0 before any). */
  weight: number;
  /** For a setWeight step without trafficRouting: the pods at each replica count. */
  at?: WeightAt[];
  /** For a pause: the automatic pause time so far, this pause included (ms). */
  pauseTotalMs?: number;
}

export function weightAt(plan: CanaryPlan, count: ReplicaCount, weight: number): WeightAt {
  const fence = resolveFenceposts(plan.maxSurge, plan.maxUnavailable, count.replicas);
  if (!fence) return { count };
  const split = basicCanarySplit(count.replicas, weight, fence.surge);
  return { count, surge: fence.surge, split, actual: actualWeight(split) };
}

/** Every step's arithmetic, in order. */
export function stepArithmetic(plan: CanaryPlan, counts: readonly ReplicaCount[]): StepArithmetic[] {
  let weight = 0;
  let pauseTotal = 0;
  return plan.steps.map((step) => {
    const out: StepArithmetic = { step, weight };
    if (step.setWeight) {
      weight = step.setWeight.value;
      out.weight = weight;
      if (!plan.routed && weight >= 0 && weight <= 100) out.at = counts.map((c) => weightAt(plan, c, weight));
    }
    if (step.pause?.ms !== undefined) {
      pauseTotal += step.pause.ms;
      out.pauseTotalMs = pauseTotal;
    }
    return out;
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Words

function splitText(a: WeightAt, long: boolean): string {
  if (!a.split || a.actual === undefined) return 'maxSurge/maxUnavailable unreadable';
  const { canary, stable } = a.split;
  return long ? `${canary} canary / ${stable} stable · ${a.actual} %` : `${canary} / ${stable} · ${a.actual} %`;
}

/** The inlay hint after a step's value, or undefined when there is nothing to say. */
export function stepHint(plan: CanaryPlan, s: StepArithmetic): string | undefined {
  if (s.step.setWeight) {
    if (plan.routed) return `→ ${s.weight} % of traffic (exact: trafficRouting)`;
    if (!s.at) return undefined;
    if (s.at.length === 1) return `→ ${splitText(s.at[0]!, true)}`;
    return `→ ${s.at.map((a, i) => `${splitText(a, i === 0)} (${a.count.short})`).join(' · ')}`;
  }
  if (s.step.pause) {
    if (s.step.pause.manual) return '⏸ manual promotion';
    if (s.step.pause.ms === undefined || s.pauseTotalMs === undefined) return undefined;
    return `⏸ ${formatDuration(s.step.pause.ms)} (total ${formatDuration(s.pauseTotalMs)})`;
  }
  return undefined;
}

/** Markdown for a hover on a step. */
export function stepHover(plan: CanaryPlan, s: StepArithmetic, hpa: HpaFacts | undefined): string {
  const lines: string[] = [];
  const n = s.step.index + 1;
  if (s.step.setWeight) {
    lines.push(`**Step ${n} · setWeight ${s.weight}**`, '');
    if (plan.routed) {
      lines.push(
        `With trafficRouting the traffic weight is exact: ${s.weight} % of requests go to the canary` +
          (plan.maxTrafficWeight !== 100 ? ` (of maxTrafficWeight ${plan.maxTrafficWeight})` : '') +
          '. The canary ReplicaSet is scaled to ceil(replicas × weight / maxTrafficWeight) pods; the stable one keeps all replicas (unless dynamicStableScale).',
      );
    } else if (s.at) {
      lines.push('Without trafficRouting the weight is made with pods (argo-rollouts `utils/replicaset/canary.go`):', '');
      lines.push('| replicas | canary pods | stable pods | actual weight |', '|---|---|---|---|');
      for (const a of s.at) {
        const cells = a.split ? `${a.split.canary} | ${a.split.stable} | ${a.actual} %` : 'maxSurge/maxUnavailable unreadable | | ';
        lines.push(`| ${a.count.replicas} (${a.count.source}) | ${cells} |`);
      }
      lines.push('');
      const surges = s.at.filter((a) => a.surge !== undefined).map((a) => `${a.surge} at ${a.count.replicas}`);
      lines.push(
        `maxSurge ${String(plan.maxSurge ?? '25%')} (${surges.join(', ') || '?'}) rounds up, maxUnavailable ${String(plan.maxUnavailable ?? '25%')} rounds down. ` +
          'The controller picks ceil or floor of replicas × weight, against the replicas or one more when it may surge, whichever comes closest to the weight.',
      );
      if (hpa) lines.push('', `HPA \`${hpa.name}\` sets spec.replicas between ${hpa.minReplicas} and ${hpa.maxReplicas ?? '?'}: the split follows it.`);
    }
  } else if (s.step.pause) {
    lines.push(`**Step ${n} · pause** at weight ${s.weight} %`, '');
    if (s.step.pause.manual) lines.push('Waits for a person: `kubectl argo rollouts promote ' + (plan.name ?? '<rollout>') + '` (or Promote in the Rollouts view).');
    else if (s.step.pause.ms !== undefined && s.pauseTotalMs !== undefined) {
      lines.push(`Resumes by itself after ${formatDuration(s.step.pause.ms)}; automatic pauses so far: ${formatDuration(s.pauseTotalMs)}.`);
    } else lines.push('The duration is unreadable (see the finding).');
  } else {
    lines.push(`**Step ${n}${s.step.type ? ` · ${s.step.type}` : ''}** at weight ${s.weight} %`);
  }
  return lines.join('\n');
}
