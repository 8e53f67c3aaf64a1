// Where a Rollout document and the running rollout of that name disagree, as hint-level findings (never errors):
// an `image:` that is neither the stable nor the canary image running, `steps` that differ from the live steps, and a
// `replicas:` that an HPA in the cluster overrides. Pure (no `vscode`): the extension maps these to diagnostics with
// source `rollout-pilot-live`, and follows the session's changes.
import type { RolloutEntry } from '../cluster';

export interface DriftRange {
  start: { line: number; character: number };
  end: { line: number; character: number };
}

/** A Rollout document as the language server lists it (`rolloutPilot/resources`). */
export interface DriftResource {
  kind: string;
  name: string;
  object?: Record<string, unknown>;
  fields: ReadonlyArray<{ path: string; range: DriftRange; value?: string; container?: string }>;
}

/** A live HPA, as much as the hint needs (`autoscaling/v1` shape). */
export interface LiveHpa {
  name: string;
  targetKind?: string;
  targetName?: string;
  minReplicas?: number;
  maxReplicas?: number;
  currentReplicas?: number;
}

export type DriftCode = 'image-not-running' | 'steps-differ' | 'replicas-overridden';

export interface DriftHint {
  code: DriftCode;
  range: DriftRange;
  message: string;
}

/** `pause: {duration: 20}` and `pause: {duration: "20s"}` mean the same: compare steps with durations as strings. */
function canonicalSteps(steps: unknown): string {
  return JSON.stringify(steps ?? [], (_k, v: unknown) => {
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      const o = v as Record<string, unknown>;
      const sorted: Record<string, unknown> = {};
      for (const k of Object.keys(o).sort()) sorted[k] = k === 'duration' && typeof o[k] === 'number' ? `${o[k] as number}s` : o[k];
      return sorted;
    }
    return v;
  });
}

function canaryStepsOf(obj: Record<string, unknown> | undefined): unknown {
  const spec = obj?.spec as { strategy?: { canary?: { steps?: unknown } } } | undefined;
  return spec?.strategy?.canary?.steps;
}

/** The hints for one Rollout document against its live entry (and the HPAs of its namespace, when known). */
export function rolloutDrift(resource: DriftResource, entry: RolloutEntry, hpas: readonly LiveHpa[] = []): DriftHint[] {
  if (resource.kind !== 'Rollout') return [];
  const out: DriftHint[] = [];
  const info = entry.info;

  // images: what the running ReplicaSets carry, by role
  const running = info.images.filter((i) => i.tags.length > 0);
  const known = running.length > 0 ? running : info.images;
  const runningText = known.map((i) => `${i.image}${i.tags.length ? ` (${i.tags.join(', ')})` : ''}`).join(', ');
  for (const f of resource.fields) {
    if (!/\.(?:initContainers|containers)\[\d+\]\.image$/.test(f.path) || f.value === undefined) continue;
    if (known.length === 0 || known.some((i) => i.image === f.value)) continue;
    out.push({ code: 'image-not-running', range: f.range, message: `The cluster runs ${runningText}${f.container ? ` for container '${f.container}'` : ''}, not this image.` });
  }

  // steps
  const stepsField = resource.fields.find((f) => f.path === 'spec.strategy.canary.steps');
  const fileSteps = canaryStepsOf(resource.object);
  const liveSteps = canaryStepsOf(entry.rollout as unknown as Record<string, unknown>);
  if (stepsField && resource.object && liveSteps !== undefined && canonicalSteps(fileSteps) !== canonicalSteps(liveSteps)) {
    const summary = info.steps.map((s) => s.summary).join(', ');
    out.push({ code: 'steps-differ', range: stepsField.range, message: `The live rollout's steps differ from these: ${info.steps.length} steps (${summary}).` });
  }

  // replicas an HPA decides
  const replicas = resource.fields.find((f) => f.path === 'spec.replicas');
  const hpa = hpas.find((h) => h.targetKind === 'Rollout' && h.targetName === entry.name);
  const live = entry.rollout.spec?.replicas;
  if (replicas && hpa) {
    const bounds = `${hpa.minReplicas ?? 1}–${hpa.maxReplicas ?? '?'}`;
    out.push({
      code: 'replicas-overridden',
      range: replicas.range,
      message: `HPA '${hpa.name}' scales this rollout (${bounds} replicas; the cluster runs ${live ?? hpa.currentReplicas ?? '?'}): this value is replaced as soon as the HPA acts.`,
    });
  }
  return out;
}

/** The HPAs of an `autoscaling/v1` list answer. */
export function liveHpasOf(list: unknown): LiveHpa[] {
  const items = (list as { items?: unknown[] } | undefined)?.items;
  if (!Array.isArray(items)) return [];
  return items.map((raw) => {
    const h = raw as { metadata?: { name?: string }; spec?: { scaleTargetRef?: { kind?: string; name?: string }; minReplicas?: number; maxReplicas?: number }; status?: { currentReplicas?: number } };
    return {
      name: h.metadata?.name ?? '',
      ...(h.spec?.scaleTargetRef?.kind ? { targetKind: h.spec.scaleTargetRef.kind } : {}),
      ...(h.spec?.scaleTargetRef?.name ? { targetName: h.spec.scaleTargetRef.name } : {}),
      ...(h.spec?.minReplicas !== undefined ? { minReplicas: h.spec.minReplicas } : {}),
      ...(h.spec?.maxReplicas !== undefined ? { maxReplicas: h.spec.maxReplicas } : {}),
      ...(h.status?.currentReplicas !== undefined ? { currentReplicas: h.status.currentReplicas } : {}),
    };
  });
}
