// Which documents the engine checks, by content (apiVersion + kind), never by file name.
import type { ManifestDoc } from './documents';

export type TargetKind = 'Rollout' | 'HorizontalPodAutoscaler' | 'Service';

export interface Target {
  kind: TargetKind;
  /** `group/version`, or `v1` for the core group. */
  apiVersion: string;
  group: string;
  version: string;
}

const KNOWN: Record<TargetKind, { group: string; versions: string[] }> = {
  Rollout: { group: 'argoproj.io', versions: ['v1alpha1'] },
  HorizontalPodAutoscaler: { group: 'autoscaling', versions: ['v1', 'v2', 'v2beta2', 'v2beta1'] },
  Service: { group: '', versions: ['v1'] },
};

/** The document's target, or undefined for other kinds and for non-Kubernetes YAML (which get no findings). */
export function targetOf(md: ManifestDoc): Target | undefined {
  const { apiVersion, kind } = md;
  if (!apiVersion || !kind || !Object.hasOwn(KNOWN, kind)) return undefined;
  const known = KNOWN[kind as TargetKind];
  const slash = apiVersion.indexOf('/');
  const group = slash === -1 ? '' : apiVersion.slice(0, slash);
  const version = slash === -1 ? apiVersion : apiVersion.slice(slash + 1);
  if (group !== known.group) return undefined;
  // an unknown version of a known kind is still a target: the schema rule reports the version
  return { kind: kind as TargetKind, apiVersion, group, version };
}

export function isKnownVersion(t: Target): boolean {
  return KNOWN[t.kind].versions.includes(t.version);
}

/** What a document that names one of our kinds gets wrong about its identity, read before the rules run. */
export interface IdentityProblem {
  code: 'missing-required' | 'unknown-kind';
  message: string;
  /** the kind the document evidently means (the rules check it as that) */
  target: Target;
  /** for `unknown-kind`: the correctly spelled kind, offered as a fix */
  kind?: TargetKind;
}

/**
 * A document with `kind: Rollout` and no apiVersion, or `kind: rollout` (kinds are case-sensitive): the API server
 * refuses both, and `targetOf` does not see them as ours. `apiVersionFor(kind)` supplies the version to check against
 * when the document has none.
 */
export function identityProblem(md: ManifestDoc, apiVersionFor: (kind: TargetKind) => string): IdentityProblem | undefined {
  const { apiVersion, kind } = md;
  if (!kind || targetOf(md)) return undefined;
  const spelled = (Object.keys(KNOWN) as TargetKind[]).find((k) => k.toLowerCase() === kind.toLowerCase());
  if (!spelled) return undefined;
  const make = (v: string): Target => {
    const slash = v.indexOf('/');
    return { kind: spelled, apiVersion: v, group: slash === -1 ? '' : v.slice(0, slash), version: slash === -1 ? v : v.slice(slash + 1) };
  };
  const hasApiVersion = md.root?.has('apiVersion') ?? false;
  if (spelled !== kind) {
    const own = apiVersion ? make(apiVersion) : undefined;
    // `kind: service` with `apiVersion: apps/v1` is someone else's business
    if (own && own.group !== KNOWN[spelled].group) return undefined;
    return {
      code: 'unknown-kind',
      message: `There is no kind \`${kind}\`: kinds are case-sensitive, so the API server refuses this document. Did you mean \`${spelled}\`?`,
      target: own ?? make(apiVersionFor(spelled)),
      kind: spelled,
    };
  }
  if (hasApiVersion) return undefined; // an apiVersion of another group (or not a string): not ours
  const v = apiVersionFor(spelled);
  return {
    code: 'missing-required',
    message: `Missing required field \`apiVersion\`: the API server refuses a ${spelled} without it (\`apiVersion: ${v}\`).`,
    target: make(v),
  };
}
