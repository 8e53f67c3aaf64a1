// The outline of a manifest file (textDocument/documentSymbol): each document as `Kind name`; a Rollout's strategy and
// its steps (`1. setWeight 20` with the pod split, `2. pause` until promoted); an HPA's metrics; a Service's ports.
// Pure; ranges are in the file.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { mapAt, pairOf, rangeOfKey, rangeOfNode, scalarString, type ManifestDoc } from '../documents';
import type { Range } from '../types';
import type { WorkspaceLookup } from '../workspace/lookup';
import { formatDuration, hpaFor, readCanaryPlan, replicaCounts, stepArithmetic, stepHint } from '../canary';
import { inFile } from './parse';

export type OutlineKind = 'object' | 'namespace' | 'event' | 'number' | 'field';

export interface OutlineNode {
  name: string;
  detail?: string;
  kind: OutlineKind;
  range: Range;
  selectionRange: Range;
  children?: OutlineNode[];
}

function scalarText(node: unknown): string | undefined {
  return isScalar(node) && node.value !== null && typeof node.value !== 'object' ? String(node.value) : undefined;
}

function node(md: ManifestDoc, name: string, kind: OutlineKind, whole: Node | null | undefined, select?: Node | null, detail?: string): OutlineNode {
  const range = inFile(md, rangeOfNode(md, whole));
  const n: OutlineNode = { name, kind, range, selectionRange: select ? inFile(md, rangeOfNode(md, select)) : range };
  if (detail) n.detail = detail;
  return n;
}

function rolloutChildren(md: ManifestDoc, docs: readonly ManifestDoc[], workspace?: WorkspaceLookup, file?: string): OutlineNode[] {
  const strategy = mapAt(md.root, 'spec', 'strategy');
  if (!strategy) return [];
  const out: OutlineNode[] = [];
  for (const p of strategy.items) {
    const key = p.key as Node;
    const name = scalarText(key);
    if (!name) continue;
    const s = node(md, `strategy › ${name}`, 'namespace', p.value as Node, key);
    s.range = inFile(md, { start: rangeOfKey(md, p as never).start, end: rangeOfNode(md, (p.value ?? key) as Node).end });
    if (name === 'canary') {
      const plan = readCanaryPlan(md);
      const stepsPair = pairOf(p.value as YAMLMap, 'steps');
      if (plan && stepsPair && isSeq(stepsPair.value)) {
        const counts = replicaCounts(plan, hpaFor(plan, docs, workspace, file));
        const steps = node(md, 'steps', 'namespace', stepsPair.value as Node, stepsPair.key as Node, `${plan.steps.length}`);
        steps.range = inFile(md, { start: rangeOfKey(md, stepsPair as never).start, end: rangeOfNode(md, stepsPair.value as Node).end });
        steps.children = stepArithmetic(plan, counts).map((a) => {
          const item = (stepsPair.value as { items: Node[] }).items[a.step.index]!;
          const type = a.step.type ?? 'step';
          let label = `${a.step.index + 1}. ${type}`;
          let detail: string | undefined;
          if (a.step.setWeight) label += ` ${a.step.setWeight.value}`;
          if (a.step.pause) detail = a.step.pause.manual ? 'until promoted' : a.step.pause.ms !== undefined ? formatDuration(a.step.pause.ms) : undefined;
          else detail = stepHint(plan, a)?.replace(/^→ /, '');
          return node(md, label, 'event', item, item, detail);
        });
        s.children = [steps];
      }
    } else if (name === 'blueGreen' && isMap(p.value)) {
      const children: OutlineNode[] = [];
      for (const k of ['activeService', 'previewService']) {
        const sp = pairOf(p.value, k);
        const v = scalarText(sp?.value);
        if (sp && v) children.push(node(md, `${k} ${v}`, 'field', sp.value, sp.value));
      }
      if (children.length > 0) s.children = children;
    }
    out.push(s);
  }
  return out;
}

function hpaChildren(md: ManifestDoc): OutlineNode[] {
  const spec = mapAt(md.root, 'spec');
  const out: OutlineNode[] = [];
  const bounds = [scalarText(pairOf(spec, 'minReplicas')?.value) ?? '1', scalarText(pairOf(spec, 'maxReplicas')?.value) ?? '?'];
  const target = mapAt(spec, 'scaleTargetRef');
  if (target) {
    const kind = scalarString(pairOf(target, 'kind')?.value) ?? '?';
    const name = scalarString(pairOf(target, 'name')?.value) ?? '?';
    out.push(node(md, `→ ${kind} ${name}`, 'field', target, pairOf(target, 'name')?.value ?? target, `${bounds[0]}–${bounds[1]} replicas`));
  }
  const metrics = pairOf(spec, 'metrics')?.value;
  if (isSeq(metrics)) {
    const m = node(md, 'metrics', 'namespace', metrics, metrics);
    m.children = metrics.items.flatMap((item) => {
      if (!isMap(item)) return [];
      const type = scalarString(pairOf(item, 'type')?.value) ?? 'metric';
      const body = mapAt(item, type.charAt(0).toLowerCase() + type.slice(1));
      const metricName = scalarString(pairOf(body, 'name')?.value) ?? scalarString(pairOf(mapAt(body, 'metric'), 'name')?.value);
      const t = mapAt(body, 'target');
      const detail =
        scalarText(pairOf(t, 'averageUtilization')?.value) ?? scalarText(pairOf(body, 'targetAverageUtilization')?.value);
      const value = scalarText(pairOf(t, 'averageValue')?.value) ?? scalarText(pairOf(t, 'value')?.value) ?? scalarText(pairOf(body, 'targetAverageValue')?.value);
      return [node(md, `${type}${metricName ? ` ${metricName}` : ''}`, 'number', item, item, detail ? `${detail} %` : value)];
    });
    out.push(m);
  }
  return out;
}

function serviceChildren(md: ManifestDoc): OutlineNode[] {
  const ports = pairOf(mapAt(md.root, 'spec'), 'ports')?.value;
  if (!isSeq(ports)) return [];
  return ports.items.flatMap((item) => {
    if (!isMap(item)) return [];
    const name = scalarText(pairOf(item, 'name')?.value);
    const port = scalarText(pairOf(item, 'port')?.value) ?? '?';
    const target = scalarText(pairOf(item, 'targetPort')?.value);
    const protocol = scalarText(pairOf(item, 'protocol')?.value) ?? 'TCP';
    return [node(md, `${name ? `${name} ` : ''}${port}${target ? ` → ${target}` : ''}`, 'number', item, item, protocol)];
  });
}

export function outline(docs: readonly ManifestDoc[], workspace?: WorkspaceLookup, file?: string): OutlineNode[] {
  const out: OutlineNode[] = [];
  for (const md of docs) {
    if (!md.root || md.unparsed) continue;
    const namePair = pairOf(mapAt(md.root, 'metadata'), 'name');
    const name = scalarText(namePair?.value);
    const kind = md.kind ?? 'document';
    const top = node(md, name ? `${kind} ${name}` : kind, 'object', md.root, (namePair?.value as Node | undefined) ?? md.root, md.apiVersion);
    let children: OutlineNode[] = [];
    if (md.kind === 'Rollout') children = rolloutChildren(md, docs, workspace, file);
    else if (md.kind === 'HorizontalPodAutoscaler') children = hpaChildren(md);
    else if (md.kind === 'Service') children = serviceChildren(md);
    if (children.length > 0) top.children = children;
    out.push(top);
  }
  return out;
}
