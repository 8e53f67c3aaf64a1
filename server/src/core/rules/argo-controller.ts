// The Argo Rollouts controller's spec validation (argo-rollouts pkg/apis/rollouts/validation/validation.go,
// `ValidateRolloutSpec` and the canary/blue-green/step rules), said in the controller's own words, so the editor says
// what the Rollout's `InvalidSpec` condition would. Only what can be decided from the document alone; the referenced
// resources (Services, AnalysisTemplates) are cross-document rules. Values that are not plain scalars of the expected
// type are left to the schema rule. The spec-level checks (selector, pod template, counts) are in argo-spec.ts, the
// router-dependent canary checks in argo-routing.ts; this file runs them all. A fragment (`ctx.partial`, a kustomize
// patch) is judged on what it writes: a check that needs an absent field (or that field's default) is left out, since
// the object the patch is merged into may have it.
import { isMap, isScalar, isSeq, type YAMLMap } from 'yaml';
import { mapAt, pairOf, scalarNumber, scalarString, type ManifestDoc } from '../documents';
import type { Finding } from '../types';
import { pauseDurationMs } from '../../../../extension/src/cluster/info/pause';
import { finding, goString, keyFinding } from './argo-findings';
import { routingFindings } from './argo-routing';
import { revisionLimitFindings, specFindings } from './argo-spec';
import type { DocumentRule } from './rule';

/** `"N%"` → N, an integer → itself (the controller's reading of maxSurge/maxUnavailable); undefined when unknown. */
function intOrPercent(node: unknown, dflt: number): number | undefined {
  if (node === undefined || node === null) return dflt;
  if (!isScalar(node)) return undefined;
  if (typeof node.value === 'number') return node.value;
  if (typeof node.value === 'string') {
    const m = /^(\d+)%$/.exec(node.value);
    return m ? Number(m[1]) : undefined;
  }
  return undefined;
}

/** The step types `Step must have one of the following set` counts (setCanaryScale, routes and plugin are not). */
const COUNTED_STEP_KEYS = ['setWeight', 'pause', 'experiment', 'analysis'];
const ALL_STEP_KEYS = [...COUNTED_STEP_KEYS, 'setCanaryScale', 'setHeaderRoute', 'setMirrorRoute', 'plugin'];
const STEP_MESSAGE = 'Step must have one of the following set: experiment, setWeight, setCanaryScale, plugin or pause';

function canaryFindings(md: ManifestDoc, canary: YAMLMap, out: Finding[], partial: boolean): void {
  const trafficRouting = pairOf(canary, 'trafficRouting')?.value;
  const routed = isMap(trafficRouting);
  // 12. maxSurge and maxUnavailable both zero (both default to 25%)
  const surge = intOrPercent(pairOf(canary, 'maxSurge')?.value, 25);
  const unavailable = intOrPercent(pairOf(canary, 'maxUnavailable')?.value, 25);
  if (surge === 0 && unavailable === 0) {
    out.push(keyFinding(md, canary, pairOf(canary, 'maxSurge') ? 'maxSurge' : 'maxUnavailable', 'argo-max-surge', 'MaxSurge and MaxUnavailable both can not be zero'));
  }
  // 13. the same service for stable and canary
  const stable = scalarString(pairOf(canary, 'stableService')?.value);
  const canarySvc = scalarString(pairOf(canary, 'canaryService')?.value);
  if (stable && canarySvc && stable === canarySvc) {
    out.push(finding(md, pairOf(canary, 'canaryService')?.value, 'argo-same-service', 'This rollout uses the same service for the stable and canary services, but two different services are required.'));
  }
  // 16. traffic-routing-only fields (a patch's target may have the trafficRouting)
  if (!routed && !partial) {
    if (pairOf(canary, 'scaleDownDelaySeconds')) {
      out.push(keyFinding(md, canary, 'scaleDownDelaySeconds', 'argo-traffic-routing-required', 'Canary scaleDownDelaySeconds can only be used with traffic routing'));
    }
    const dss = pairOf(canary, 'dynamicStableScale')?.value;
    if (isScalar(dss) && dss.value === true) {
      out.push(keyFinding(md, canary, 'dynamicStableScale', 'argo-traffic-routing-required', 'Canary dynamicStableScale can only be used with traffic routing'));
    }
  }
  const maxWritten = routed ? scalarNumber(pairOf(trafficRouting, 'maxTrafficWeight')?.value) : undefined;
  const maxWeight = maxWritten ?? 100;
  // a patch's target may set another maxTrafficWeight: only a negative weight is surely wrong
  const checkMax = !partial || maxWritten !== undefined;
  const steps = pairOf(canary, 'steps')?.value;
  if (!isSeq(steps)) return;
  for (const step of steps.items) {
    if (!isMap(step)) continue;
    const keys = step.items.map((p) => (isScalar(p.key) ? String(p.key.value) : ''));
    const counted = keys.filter((k) => COUNTED_STEP_KEYS.includes(k));
    // 18/19. exactly one action per step
    if (counted.length > 1 || !keys.some((k) => ALL_STEP_KEYS.includes(k))) {
      out.push(finding(md, step, 'argo-step', STEP_MESSAGE));
      continue;
    }
    // 20. setWeight range
    const weightNode = pairOf(step, 'setWeight')?.value;
    const weight = scalarNumber(weightNode);
    if (weight !== undefined && (weight < 0 || (checkMax && weight > maxWeight))) {
      out.push(finding(md, weightNode, 'argo-set-weight', `SetWeight needs to be between 0 and ${maxWeight}`));
    }
    // 21. pause duration
    const pause = pairOf(step, 'pause')?.value;
    if (isMap(pause)) {
      // the controller's reading (an integer or integer string is seconds, else a Go duration; unreadable is -1),
      // shared with the cluster layer's countdown; other scalar types are the schema rule's
      const d = pairOf(pause, 'duration')?.value;
      const v = isScalar(d) ? d.value : undefined;
      const ms = typeof v === 'number' || typeof v === 'string' ? pauseDurationMs(v) : 0;
      if (ms === undefined || ms < 0) {
        out.push(finding(md, d, 'argo-pause-duration', 'Duration needs to be greater than 0'));
      }
    }
    // 22. setCanaryScale needs traffic routing
    if (!routed && !partial && pairOf(step, 'setCanaryScale')) {
      out.push(keyFinding(md, step, 'setCanaryScale', 'argo-traffic-routing-required', 'SetCanaryScale requires TrafficRouting to be set'));
    }
  }
}

function antiAffinityFindings(md: ManifestDoc, strategy: YAMLMap, out: Finding[], partial: boolean): void {
  const aa = mapAt(strategy, 'antiAffinity');
  if (!aa) return;
  const preferred = pairOf(aa, 'preferredDuringSchedulingIgnoredDuringExecution');
  const required = pairOf(aa, 'requiredDuringSchedulingIgnoredDuringExecution');
  // neither, in a patch: the target's antiAffinity has its own
  if (!!preferred === !!required && (!partial || !!preferred)) {
    out.push(keyFinding(md, strategy, 'antiAffinity', 'argo-anti-affinity', 'AntiAffinity must have exactly one strategy listed'));
    return;
  }
  const weightNode = isMap(preferred?.value) ? pairOf(preferred.value, 'weight')?.value : undefined;
  const weight = scalarNumber(weightNode);
  if (weight !== undefined && (weight < 1 || weight > 100)) {
    out.push(finding(md, weightNode, 'argo-anti-affinity', 'AntiAffinity weight must be between 1-100'));
  }
}

export const argoControllerRule: DocumentRule = {
  id: 'argo-controller',
  check(md, target, ctx) {
    if (target.kind !== 'Rollout') return [];
    const spec = mapAt(md.root, 'spec');
    if (!spec) return [];
    const out: Finding[] = [];
    const partial = ctx.partial === true;
    specFindings(md, spec, out, partial);
    // 9. exactly one strategy
    const strategy = mapAt(spec, 'strategy');
    const canary = strategy ? pairOf(strategy, 'canary') : undefined;
    const blueGreen = strategy ? pairOf(strategy, 'blueGreen') : undefined;
    if (!canary && !blueGreen) {
      if (!partial) out.push(keyFinding(md, spec, 'strategy', 'argo-strategy', "Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'"));
    } else if (canary && blueGreen) {
      out.push(keyFinding(md, strategy, 'blueGreen', 'argo-strategy', 'Multiple Strategies can not be listed'));
    }
    if (strategy && canary && isMap(canary.value)) {
      canaryFindings(md, canary.value, out, partial);
      antiAffinityFindings(md, canary.value, out, partial);
      routingFindings(md, canary.value, out, partial);
    }
    if (strategy && blueGreen && isMap(blueGreen.value)) {
      const bg = blueGreen.value;
      // compared as Go strings: `activeService: ""` with no previewService is "the same service" too (an absent
      // activeService is the schema rule's: it is required there)
      const active = pairOf(bg, 'activeService') ? goString(bg, 'activeService') : undefined;
      const preview = goString(bg, 'previewService');
      if (active !== undefined && preview !== undefined && active === preview) {
        const at = pairOf(bg, 'previewService') ? 'previewService' : 'activeService';
        out.push(finding(md, pairOf(bg, at)?.value, 'argo-same-service', 'This rollout uses the same service for the active and preview services, but two different services are required.'));
      }
      antiAffinityFindings(md, bg, out, partial);
      revisionLimitFindings(md, spec, bg, out, partial);
    }
    // 8. progressDeadlineSeconds must be greater than minReadySeconds (defaults 600 and 0)
    const deadlineNode = pairOf(spec, 'progressDeadlineSeconds')?.value;
    const deadline = scalarNumber(deadlineNode) ?? 600;
    const minReady = scalarNumber(pairOf(spec, 'minReadySeconds')?.value) ?? 0;
    const written = partial ? deadlineNode && pairOf(spec, 'minReadySeconds') : deadlineNode || pairOf(spec, 'minReadySeconds');
    if (minReady >= deadline && written) {
      out.push(keyFinding(md, spec, deadlineNode ? 'progressDeadlineSeconds' : 'minReadySeconds', 'argo-progress-deadline', 'progressDeadlineSeconds must be greater than minReadySeconds'));
    }
    return out;
  },
};
