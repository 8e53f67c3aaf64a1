// Canary steps whose weight the pods cannot make. Without trafficRouting the controller approximates a setWeight with
// whole pods (argo-rollouts utils/replicaset/canary.go, `approximateWeightedCanaryStableReplicaCounts`): on few
// replicas a step can run no canary pod at all (the step changes nothing, the new version gets no traffic) or every
// pod (the step is a full promotion before its time). Judged at spec.replicas, or at the minReplicas and maxReplicas
// of an HPA that targets the rollout (this file's, else the workspace's). Cross-document because of the HPA; cheap: it
// reads the steps and looks the HPA up, no parsing.
import { hpaFor, readCanaryPlan, replicaCounts, stepArithmetic, type CanaryPlan, type ReplicaCount, type WeightAt } from '../canary';
import type { ManifestDoc } from '../documents';
import type { Finding } from '../types';
import type { CrossDocumentRule } from './rule';

function where(a: WeightAt): string {
  const surge = a.surge === 0 ? ', maxSurge 0' : '';
  return `${a.count.replicas} replica${a.count.replicas === 1 ? '' : 's'} (${a.count.source}${surge})`;
}

/**
 * A Rollout's findings, remembered per parsed Document with the replica counts they were made at: a keystroke in a
 * file of hundreds of Rollouts works out the steps of the edited one only.
 */
const memo = new WeakMap<object, { counts: string; found: Finding[] }>();

function findingsOf(md: ManifestDoc, plan: CanaryPlan, counts: ReplicaCount[]): Finding[] {
  const key = counts.map((c) => `${c.replicas}\0${c.source}`).join('\n');
  const known = memo.get(md.doc);
  if (known && known.counts === key) return known.found;
  const found: Finding[] = [];
  for (const s of stepArithmetic(plan, counts)) {
    const w = s.step.setWeight;
    if (!w || !s.at || w.value <= 0 || w.value >= 100) continue;
    // a deliberately scaled-to-zero rollout runs nothing at any weight
    const zero = s.at.find((a) => a.split && a.count.replicas > 0 && a.split.canary === 0);
    const full = s.at.find((a) => a.split && a.split.canary > 0 && a.split.stable === 0);
    if (zero) {
      found.push({
        range: w.range,
        severity: 'warning',
        code: 'canary-weight-zero',
        message:
          `setWeight ${w.value} runs 0 canary pods at ${where(zero)}: the step changes nothing, the new version gets no traffic. ` +
          'Without trafficRouting the weight is made with whole pods; use more replicas, a maxSurge above 0, or a larger weight.',
      });
    } else if (full) {
      found.push({
        range: w.range,
        severity: 'warning',
        code: 'canary-weight-jump',
        message:
          `setWeight ${w.value} runs ${full.split!.canary} canary and 0 stable pods at ${where(full)}: the step jumps straight to 100 %, ` +
          'a full promotion before the later steps. Without trafficRouting the weight is made with whole pods; use more replicas, a maxSurge above 0, or a smaller weight.',
      });
    }
  }
  memo.set(md.doc, { counts: key, found });
  return found;
}

export const canaryArithmeticRule: CrossDocumentRule = {
  id: 'canary-arithmetic',
  check(docs, ctx) {
    // a kustomize patch's steps run at the replicas of the object it is merged into (not seen here)
    if (ctx.partial) return [];
    const out: Array<{ doc: ManifestDoc; finding: Finding }> = [];
    for (const md of docs) {
      if (md.kind !== 'Rollout') continue;
      const plan = readCanaryPlan(md);
      if (!plan || plan.routed || !plan.steps.some((s) => s.setWeight)) continue;
      const counts = replicaCounts(plan, hpaFor(plan, docs, ctx.workspace, ctx.file));
      for (const finding of findingsOf(md, plan, counts)) out.push({ doc: md, finding });
    }
    return out;
  },
};
