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
  if (!apiVersion || !kind || !(kind in KNOWN)) return undefined;
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
