// What a hover shows (Markdown): on a finding's range, its code, message and the link to its explanation; on a canary
// step, the step's arithmetic (canary.ts); on a field's key, what the field means. Pure: the language server hands in
// the file's documents and findings.
import type { ManifestDoc } from '../documents';
import { rangeOfNode } from '../documents';
import { ruleDocUrl } from '../rule-docs';
import type { Finding, Position, Range } from '../types';
import type { WorkspaceLookup } from '../workspace/lookup';
import { hpaFor, readCanaryPlan, replicaCounts, stepArithmetic, stepHover } from '../canary';
import { targetAt } from './cursor';
import { describeField } from './descriptions';
import { docAt, inFile } from './parse';

export interface HoverResult {
  markdown: string;
  range?: Range;
}

function within(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

export interface HoverInput {
  docs: readonly ManifestDoc[];
  /** The file's findings, in file positions (as published). */
  findings: readonly Finding[];
  workspace?: WorkspaceLookup;
  file?: string;
}

export function hoverAt(input: HoverInput, pos: Position): HoverResult | undefined {
  const parts: string[] = [];
  let range: Range | undefined;
  for (const f of input.findings) {
    if (!within(f.range, pos)) continue;
    parts.push(`**\`${f.code}\`** (${f.severity}): ${f.message}\n\n[What it means and how to fix it](${ruleDocUrl(f.code)})`);
    range ??= f.range;
  }
  const at = docAt(input.docs, pos);
  const target = at && !at.md.unparsed ? targetAt(at.md, at.offset) : undefined;
  if (at && target) {
    const { md } = at;
    const p = target.path;
    // a canary step: anywhere inside spec.strategy.canary.steps[i] (not in a kustomize patch: the replicas and the
    // traffic routing it is merged with are not in it)
    const patch = input.file !== undefined && input.workspace?.patchOf?.(input.file) !== undefined;
    if (!patch && md.kind === 'Rollout' && p[0] === 'spec' && p[1] === 'strategy' && p[2] === 'canary' && p[3] === 'steps' && typeof p[4] === 'number') {
      const plan = readCanaryPlan(md);
      const step = plan?.steps[p[4]];
      if (plan && step) {
        const hpa = hpaFor(plan, input.docs, input.workspace, input.file);
        const s = stepArithmetic(plan, replicaCounts(plan, hpa))[step.index]!;
        parts.push(stepHover(plan, s, hpa));
        range ??= inFile(md, step.range);
      }
    }
    if (target.onKey) {
      const description = describeField(md.apiVersion, md.kind, p);
      const name = String(p[p.length - 1]);
      if (description) parts.push(`**${name}**: ${description}`);
      range ??= inFile(md, rangeOfNode(md, target.node));
    }
  }
  return parts.length > 0 ? { markdown: parts.join('\n\n---\n\n'), ...(range ? { range } : {}) } : undefined;
}
