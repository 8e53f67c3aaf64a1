// Links between resources: an HPA's target, the Services and AnalysisTemplates a Rollout names, a Rollout's
// workloadRef, a Service's selector and target ports (docs/rules.md, "Links between resources"). Each link is looked
// for in the file's own documents first, then in the workspace (`ctx.workspace`, another copy of this file skipped).
// Without a workspace only what the file itself shows is judged. A "not found" is said only as far as the workspace
// can be trusted (Coverage): a warning when every file that could hold the object is read as written, information
// when something the index cannot name could hold it, nothing for Helm templates, kustomize folders and while the
// workspace is still being read.
import { isMap, isScalar, type YAMLMap } from 'yaml';
import { mapAt, pairOf, rangeOfKey, rangeOfNode, rangeOfOffsets, type ManifestDoc } from '../documents';
import type { Finding, Fix, Range, Severity } from '../types';
import { CONTROLLER_LABELS, SCALABLE_KINDS, WORKLOAD_KINDS, readObjectCached, sameNamespace, templatedCached, withoutPositions } from '../workspace/facts';
import type { Coverage, IndexedContainer, IndexedObject, IndexedRef, WorkspaceLookup } from '../workspace/lookup';
import type { CrossDocumentRule, RuleContext } from './rule';

export const LINK_CODES = {
  hpaTargetNotFound: 'hpa-target-not-found',
  hpaMissingRequest: 'hpa-missing-request',
  replicasUnderHpa: 'replicas-under-hpa',
  serviceSelectsNothing: 'service-selects-nothing',
  serviceTargetPort: 'service-target-port',
  rolloutServiceNotFound: 'rollout-service-not-found',
  rolloutServiceLabel: 'rollout-service-label',
  analysisTemplateNotFound: 'analysis-template-not-found',
  workloadRefNotFound: 'workload-ref-not-found',
  hpaOnWorkloadRef: 'hpa-on-workload-ref',
} as const;

type Out = Array<{ doc: ManifestDoc; finding: Finding }>;

interface Own {
  md: ManifestDoc;
  o: IndexedObject;
  /** the document is a template (its names and fields change when it is rendered) */
  templated: boolean;
}

/** How the rules see the file and the workspace together. */
class Links {
  /** the file's own objects by kind and by kind + name (a file may hold thousands), built when first asked: a
   * keystroke whose documents' findings are all remembered asks nothing */
  private byKind?: Map<string, IndexedObject[]>;
  private byName?: Map<string, IndexedObject[]>;
  private byLabel?: Map<string, IndexedObject[]>;
  private byTarget?: Map<string, IndexedObject[]>;
  /** the file's objects read from templates, and the kinds its documents name: asked once per HPA, Service or link,
   * so built once per check (a scan of the file's documents each time made a file of 1,000 quadratic) */
  private templatedOwn?: Set<IndexedObject>;
  private fileKinds?: Set<string | undefined>;

  constructor(
    private readonly own: Own[],
    /** every document of the file, also those the links do not read (a LimitRange) */
    private readonly docs: readonly ManifestDoc[],
    private readonly ctx: RuleContext,
  ) {}

  private get ownByKind(): Map<string, IndexedObject[]> {
    if (!this.byKind) {
      this.byKind = new Map();
      for (const { o } of this.own) push(this.byKind, o.kind, o);
    }
    return this.byKind;
  }

  private get ownByName(): Map<string, IndexedObject[]> {
    if (!this.byName) {
      this.byName = new Map();
      for (const { o } of this.own) push(this.byName, keyOf(o.kind, o.name), o);
    }
    return this.byName;
  }

  private get ws(): WorkspaceLookup | undefined {
    return this.ctx.workspace;
  }

  private elsewhere(list: Iterable<IndexedObject>): IndexedObject[] {
    const out: IndexedObject[] = [];
    for (const o of list) if (o.file !== this.ctx.file) out.push(o);
    return out;
  }

  /** Objects of `kind` named `name` that `namespace` can see, the file's own first. */
  find(kind: string, name: string, namespace: string | undefined): IndexedObject[] {
    const mine = (this.ownByName.get(keyOf(kind, name)) ?? []).filter((o) => sameNamespace(o.namespace, namespace));
    if (mine.length > 0 || !this.ws) return mine;
    return this.elsewhere(this.ws.find(kind, name, kind === 'ClusterAnalysisTemplate' ? undefined : namespace));
  }

  /** Every object of `kind`, the file's own first. */
  ofKind(kind: string): IndexedObject[] {
    const mine = this.ofKindOwn(kind);
    return this.ws ? [...mine, ...this.elsewhere(this.ws.ofKind(kind))] : mine;
  }

  /**
   * Workloads that may carry all of `pairs` on their pods: the file's own, then the workspace's through its label
   * index (a Service among thousands of workloads looks at the few with its rarest label), or all of them.
   */
  workloadsWith(pairs: ReadonlyArray<readonly [string, string]>): IndexedObject[] {
    const out: IndexedObject[] = pairs.length > 0 ? [...(this.ownByLabel.get(keyOf(...pairs[0]!)) ?? [])] : this.ownWorkloads();
    if (!this.ws) return out;
    if (this.ws.labelled) {
      // a Rollout with a workloadRef has no labels of its own: it is reached through its workload's file below
      const found = this.elsewhere(this.ws.labelled(pairs));
      const refs = new Set<IndexedObject>();
      for (const w of found) {
        out.push(w);
        for (const r of this.referrersElsewhere(w.kind, w.name, w.namespace)) if (r.kind === 'Rollout' && r.workloadRef) refs.add(r);
      }
      return [...out, ...refs];
    }
    for (const kind of WORKLOAD_KINDS) out.push(...this.elsewhere(this.ws.ofKind(kind)));
    return out;
  }

  private ownWorkloads(): IndexedObject[] {
    const out: IndexedObject[] = [];
    for (const kind of WORKLOAD_KINDS) out.push(...this.ofKindOwn(kind));
    return out;
  }

  /**
   * The file's workloads by each label of their pods (a Rollout's workloadRef followed): a Service looks at those
   * with its first label, where every Service of a file of hundreds looked at every workload.
   */
  private get ownByLabel(): Map<string, IndexedObject[]> {
    if (!this.byLabel) {
      this.byLabel = new Map();
      for (const w of this.ownWorkloads()) {
        const labels = this.podOf(w)?.labels;
        for (const k in labels) push(this.byLabel, keyOf(k, labels[k]!), w);
      }
    }
    return this.byLabel;
  }

  ofKindOwn(kind: string): IndexedObject[] {
    return this.ownByKind.get(kind) ?? [];
  }

  /** Objects of other files linking to (kind, name). */
  referrersElsewhere(kind: string, name: string, namespace: string | undefined): IndexedObject[] {
    if (!this.ws) return [];
    return this.elsewhere(this.ws.referrers ? this.ws.referrers(kind, name, namespace) : [...this.ws.ofKind('Rollout')]);
  }

  /** HPAs scaling (kind, name) in `namespace`. */
  scalers(kind: string, name: string, namespace: string | undefined): IndexedObject[] {
    const targets = (o: IndexedObject) =>
      o.kind === 'HorizontalPodAutoscaler' && o.hpa?.target?.kind === kind && o.hpa.target.name === name && sameNamespace(o.namespace, namespace);
    const mine = (this.ownByTarget.get(keyOf(kind, name)) ?? []).filter(targets);
    if (!this.ws) return mine;
    const theirs = this.ws.referrers ? this.ws.referrers(kind, name, namespace) : [...this.ws.ofKind('HorizontalPodAutoscaler')];
    return [...mine, ...this.elsewhere(theirs).filter(targets)];
  }

  /** The file's HPAs by the kind and name they scale (every workload of a file of hundreds scanned every HPA). */
  private get ownByTarget(): Map<string, IndexedObject[]> {
    if (!this.byTarget) {
      this.byTarget = new Map();
      for (const h of this.ofKindOwn('HorizontalPodAutoscaler')) {
        const t = h.hpa?.target;
        if (t?.kind !== undefined && t.name !== undefined) push(this.byTarget, keyOf(t.kind, t.name), h);
      }
    }
    return this.byTarget;
  }

  /** Whether `file` (another file's object) is rendered before it is applied. */
  transformed(o: IndexedObject): boolean {
    if (o.file === this.ctx.file) {
      this.templatedOwn ??= new Set(this.own.filter((x) => x.templated).map((x) => x.o));
      return this.templatedOwn.has(o) || this.fileTransformed();
    }
    return this.ws?.transformed?.(o.file) ?? false;
  }

  fileTransformed(): boolean {
    return this.ctx.file !== undefined && (this.ws?.transformed?.(this.ctx.file) ?? false);
  }

  /** How far "not found" holds for a link from `own` (no workspace: nothing is said). */
  coverage(own: Own, kind: string, namespace: string | undefined): Coverage {
    if (!this.ws || own.templated) return 'none';
    return this.ws.coverage ? this.ws.coverage(this.ctx.file, kind, namespace) : 'partial';
  }

  /** The pod template of a workload, following a Rollout's workloadRef once. */
  podOf(o: IndexedObject): IndexedObject['pod'] | undefined {
    if (o.pod && (o.pod.containers.length > 0 || Object.keys(o.pod.labels).length > 0)) return o.pod;
    const ref = o.workloadRef;
    if (o.kind === 'Rollout' && ref?.name) {
      const w = this.find(ref.kind ?? 'Deployment', ref.name, o.namespace)[0];
      return w?.pod;
    }
    return o.pod;
  }

  mentions(kind: string): boolean {
    return this.kinds().has(kind) || (this.ws?.mentions?.(kind) ?? false);
  }

  /** The kinds of the file's documents, in one string (what `mentions` can see of the file, for the memo below). */
  kindsPrint(): string {
    return [...this.kinds()].sort().join(',');
  }

  private kinds(): Set<string | undefined> {
    return (this.fileKinds ??= new Set(this.docs.map((md) => md.kind)));
  }
}

/** One map key of two strings: a kind and a name, or a label's key and value. */
function keyOf(a: string, b: string): string {
  return `${a}\0${b}`;
}

function push<K, V>(map: Map<K, V[]>, key: K, value: V): void {
  const list = map.get(key);
  if (list) list.push(value);
  else map.set(key, [value]);
}

function severityOf(c: Coverage): Severity | undefined {
  return c === 'complete' ? 'warning' : c === 'partial' ? 'information' : undefined;
}

function where(namespace: string | undefined): string {
  return namespace ? ` in namespace \`${namespace}\`` : '';
}

function scope(c: Coverage): string {
  return c === 'complete' ? 'in the workspace' : 'among the files read (it may be defined elsewhere)';
}

/** A "not found" for a link, when the coverage allows one. */
function notFound(out: Out, own: Own, r: IndexedRef, code: string, c: Coverage, consequence: string): void {
  const severity = severityOf(c);
  if (!severity) return;
  // a ClusterAnalysisTemplate has no namespace
  const ns = r.kind === 'ClusterAnalysisTemplate' ? undefined : own.o.namespace;
  const message = `No ${r.kind} named \`${r.name}\`${where(ns)} ${scope(c)}: ${consequence}`;
  out.push({ doc: own.md, finding: { range: r.range, severity, code, message } });
}

/** Selector pairs a pod template must carry (labels controllers add to pods are not in templates). */
function requiredPairs(selector: Record<string, string>): Array<[string, string]> {
  return Object.entries(selector).filter(([k]) => !CONTROLLER_LABELS.has(k));
}

function matches(pairs: Array<[string, string]>, labels: Record<string, string>): boolean {
  return pairs.every(([k, v]) => labels[k] === v);
}

function hpaChecks(l: Links, own: Own, out: Out): void {
  const { o } = own;
  const t = o.hpa?.target;
  const r = o.refs?.find((x) => x.field === 'scaleTargetRef');
  if (!t?.kind || !t.name || !r || !SCALABLE_KINDS.has(t.kind) || t.name.includes('{{')) return;
  const targets = l.find(t.kind, t.name, o.namespace);
  if (targets.length === 0) {
    notFound(out, own, r, LINK_CODES.hpaTargetNotFound, l.coverage(own, t.kind, o.namespace),
      'the HPA cannot read its scale (FailedGetScale) and never scales anything.');
    return;
  }
  groupCheck(own, t.apiVersion, targets[0]!, out);
  workloadRefCheck(l, own, r, out);
  // requests: patches and templates may add them, and a LimitRange may default them at admission
  if (own.templated || l.fileTransformed() || l.mentions('LimitRange')) return;
  const target = targets[0]!;
  if (l.transformed(target)) return;
  const pod = l.podOf(target);
  if (!pod || pod.containers.length === 0) return;
  const missing = (resource: string, containers: IndexedContainer[]) => containers.filter((c) => !c.requests.includes(resource));
  const checks: Array<{ resource: string; containers: IndexedContainer[] }> = [
    ...(o.hpa?.utilizationResources ?? []).map((resource) => ({ resource, containers: pod.containers })),
    ...(o.hpa?.containerUtilization ?? []).map(({ resource, container }) => ({ resource, containers: pod.containers.filter((c) => c.name === container) })),
  ];
  for (const { resource, containers } of checks) {
    const lacking = missing(resource, containers);
    if (lacking.length === 0) continue;
    const names = lacking.map((c) => `\`${c.name ?? '?'}\``).join(', ');
    out.push({
      doc: own.md,
      finding: {
        range: metricRange(own.md, resource) ?? r.range,
        severity: 'warning',
        code: LINK_CODES.hpaMissingRequest,
        message:
          `This HPA scales on ${resource} utilization, but container${lacking.length > 1 ? 's' : ''} ${names} of ${target.kind} ` +
          `\`${target.name}\` ${lacking.length > 1 ? 'have' : 'has'} no ${resource} request: utilization is a share of the request, so the HPA ` +
          `reports "missing request for ${resource}" and does not scale. Set resources.requests.${resource} on every container.`,
      },
    });
  }
}

/**
 * An HPA scaling a Deployment that a Rollout takes its pod template from (workloadRef): the Rollout runs pods of its
 * own, so the HPA scales the Deployment's pods (which `workloadRef.scaleDown` may have the controller scale to zero;
 * argo-rollouts `docs/migrating.md`) and never the Rollout's. Offered fix: point scaleTargetRef at the Rollout.
 */
function workloadRefCheck(l: Links, own: Own, r: IndexedRef, out: Out): void {
  const t = own.o.hpa?.target;
  if (!t?.kind || !t.name || t.kind === 'Rollout') return;
  const rollouts = [
    ...l.ofKindOwn('Rollout'),
    ...l.referrersElsewhere(t.kind, t.name, own.o.namespace),
  ].filter((o) => o.kind === 'Rollout' && o.refs?.some((x) => x.field === 'workloadRef' && x.kind === t.kind && x.name === t.name) && sameNamespace(o.namespace, own.o.namespace));
  const rollout = rollouts[0];
  if (!rollout) return;
  const ref = mapAt(own.md.root, 'spec', 'scaleTargetRef');
  const fields = ['apiVersion', 'kind', 'name'].map((k) => pairOf(ref, k)?.value);
  const edits = fields.every((v) => isScalar(v))
    ? fields.map((v, i) => ({ range: rangeOfNode(own.md, v), newText: ['argoproj.io/v1alpha1', 'Rollout', rollout.name][i]! }))
    : undefined;
  out.push({
    doc: own.md,
    finding: {
      range: r.range,
      severity: 'warning',
      code: LINK_CODES.hpaOnWorkloadRef,
      message:
        `Rollout \`${rollout.name}\` takes its pod template from this ${t.kind} (workloadRef) and runs pods of its own: this HPA ` +
        `scales the ${t.kind}'s pods (which workloadRef.scaleDown may have the controller scale to zero), never the Rollout's. ` +
        `Scale the Rollout instead (scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: ${rollout.name}}).`,
      ...(edits ? { fixes: [{ title: `Scale Rollout \`${rollout.name}\` instead`, edits, preferred: true }] } : {}),
    },
  });
}

const groupOf = (apiVersion: string) => (apiVersion.includes('/') ? apiVersion.slice(0, apiVersion.indexOf('/')) : '');

/**
 * `scaleTargetRef.apiVersion` of another API group than the target's (`apps/v1` for a Rollout): the HPA asks that
 * group for the kind's scale and finds nothing. Offered fix: the target's own apiVersion.
 */
function groupCheck(own: Own, apiVersion: string | undefined, target: IndexedObject, out: Out): void {
  if (apiVersion === undefined || !target.apiVersion || groupOf(apiVersion) === groupOf(target.apiVersion)) return;
  const value = pairOf(mapAt(own.md.root, 'spec', 'scaleTargetRef'), 'apiVersion')?.value;
  if (!value) return;
  const range = rangeOfNode(own.md, value);
  out.push({
    doc: own.md,
    finding: {
      range,
      severity: 'warning',
      code: LINK_CODES.hpaTargetNotFound,
      message:
        `${target.kind} \`${target.name}\` is ${target.apiVersion}, but scaleTargetRef says ${apiVersion}: the HPA looks for the ` +
        `${target.kind} in the ${groupOf(apiVersion) || 'core'} API group, finds nothing (FailedGetScale) and never scales.`,
      fixes: [{ title: `Change to \`${target.apiVersion}\``, edits: [{ range, newText: target.apiVersion }], preferred: true }],
    },
  });
}

/** Where the HPA names `resource` in a Utilization metric (the metric's `name` value), if written. */
function metricRange(md: ManifestDoc, resource: string): Range | undefined {
  const spec = mapAt(md.root, 'spec');
  const cpuKey = pairOf(spec, 'targetCPUUtilizationPercentage');
  if (cpuKey && resource === 'cpu') return rangeOfKey(md, cpuKey);
  const metrics = pairOf(spec, 'metrics')?.value;
  if (!metrics || !('items' in (metrics as object))) return undefined;
  for (const m of (metrics as { items: unknown[] }).items) {
    if (!isMap(m)) continue;
    for (const key of ['resource', 'containerResource']) {
      const src = mapAt(m, key);
      const name = pairOf(src, 'name');
      if (name && isMap(src) && String((name.value as { value?: unknown } | null)?.value) === resource) return rangeOfNode(md, name.value);
    }
  }
  return undefined;
}

function replicasCheck(l: Links, own: Own, out: Out): void {
  const { o, md } = own;
  if (!o.hasReplicas || !SCALABLE_KINDS.has(o.kind) || own.templated) return;
  const hpas = l.scalers(o.kind, o.name, o.namespace);
  if (hpas.length === 0) return;
  const spec = mapAt(md.root, 'spec');
  const pair = pairOf(spec, 'replicas');
  if (!pair) return;
  const range = rangeOfKey(md, pair);
  const fix = removeLineFix(md, spec!, pair.key as { range?: [number, number, number] }, pair.value as { range?: [number, number, number] } | null);
  out.push({
    doc: md,
    finding: {
      range,
      severity: 'warning',
      code: LINK_CODES.replicasUnderHpa,
      message:
        `HorizontalPodAutoscaler \`${hpas[0]!.name}\` scales this ${o.kind}: \`spec.replicas\` here resets the count the HPA chose on every ` +
        `apply or sync, and the HPA scales it back. Leave the count to the HPA (remove \`replicas\`).`,
      ...(fix ? { fixes: [fix] } : {}),
    },
  });
}

/** Removes the `replicas:` line, keeping a comment written after it on its own line. */
function removeLineFix(md: ManifestDoc, spec: YAMLMap, key: { range?: [number, number, number] }, value: { range?: [number, number, number] } | null): Fix | undefined {
  if (spec.flow || !key.range) return undefined;
  const text = md.text;
  const start = text.lastIndexOf('\n', key.range[0] - 1) + 1;
  const nl = text.indexOf('\n', value?.range?.[1] ?? key.range[1]);
  const end = nl === -1 ? text.length : nl + 1;
  const line = text.slice(start, nl === -1 ? text.length : nl).replace(/\r$/, '');
  const m = /^([ \t]*)replicas[ \t]*:[ \t]*[^\s#]+[ \t]*(#.*)?$/.exec(line);
  if (!m) return undefined;
  const newText = m[2] ? `${m[1]}${m[2]}${text.slice(start, end).endsWith('\r\n') ? '\r\n' : nl === -1 ? '' : '\n'}` : '';
  return { title: 'Remove `replicas` (the HPA sets the count)', edits: [{ range: rangeOfOffsets(md, start, end), newText }], preferred: true };
}

function serviceChecks(l: Links, own: Own, out: Out): void {
  const { o } = own;
  if (!o.selector || !o.selectorRange) return;
  const pairs = requiredPairs(o.selector);
  if (pairs.length === 0 || pairs.some(([k, v]) => k.includes('{{') || v.includes('{{'))) return;
  const selected: Array<{ w: IndexedObject; pod: NonNullable<IndexedObject['pod']> }> = [];
  for (const w of l.workloadsWith(pairs)) {
    if (!sameNamespace(w.namespace, o.namespace)) continue;
    const pod = l.podOf(w);
    if (pod && matches(pairs, pod.labels)) selected.push({ w, pod });
  }
  const c = l.coverage(own, 'Pod', o.namespace);
  if (selected.length === 0) {
    const severity = severityOf(c);
    if (!severity) return;
    const labels = pairs.map(([k, v]) => `${k}=${v}`).join(', ');
    out.push({
      doc: own.md,
      finding: {
        range: o.selectorRange,
        severity,
        code: LINK_CODES.serviceSelectsNothing,
        message: `No pod template${where(o.namespace)} ${scope(c)} has the labels ${labels}: this Service selects no pods and has no endpoints.`,
      },
    });
    return;
  }
  // kustomize patches and templates may add ports to what is selected
  if (selected.some(({ w }) => l.transformed(w))) return;
  const containers = selected.flatMap(({ pod }) => pod.containers);
  for (const p of o.servicePorts ?? []) {
    const target = p.targetPort ?? p.port;
    if (target === undefined || (typeof target === 'string' && target.includes('{{'))) continue;
    if (typeof target === 'string') {
      if (containers.some((ct) => ct.ports.some((cp) => cp.name === target))) continue;
      const severity = severityOf(c);
      if (!severity) continue;
      out.push({
        doc: own.md,
        finding: {
          range: p.range,
          severity,
          code: LINK_CODES.serviceTargetPort,
          message:
            `No container of ${workloadsText(selected.map((s) => s.w))} has a port named \`${target}\`: a named targetPort is looked up in each ` +
            `pod's container ports, so this port gets no endpoints.`,
        },
      });
    } else if (target !== 0 && c === 'complete') {
      // a number works whether or not it is declared; only a declared list that misses it is worth a word
      const declared = containers.flatMap((ct) => ct.ports.map((cp) => cp.containerPort)).filter((n): n is number => n !== undefined);
      if (declared.length === 0 || declared.includes(target)) continue;
      out.push({
        doc: own.md,
        finding: {
          range: p.range,
          severity: 'information',
          code: LINK_CODES.serviceTargetPort,
          message:
            `targetPort ${target} is not among the container ports of ${workloadsText(selected.map((s) => s.w))} ` +
            `(${[...new Set(declared)].join(', ')}): traffic reaches the pods only if something listens on ${target}.`,
        },
      });
    }
  }
}

function workloadsText(ws: IndexedObject[]): string {
  const names = [...new Set(ws.map((w) => `${w.kind} \`${w.name}\``))];
  return names.length > 3 ? `${names.slice(0, 3).join(', ')} and ${names.length - 3} more` : names.join(', ');
}

function rolloutChecks(l: Links, own: Own, out: Out): void {
  const { o } = own;
  for (const r of o.refs ?? []) {
    if (r.name.includes('{{')) continue;
    if (r.kind === 'Service') {
      const found = l.find('Service', r.name, o.namespace);
      if (found.length === 0) {
        notFound(out, own, r, LINK_CODES.rolloutServiceNotFound, l.coverage(own, 'Service', o.namespace),
          `the controller marks the Rollout InvalidSpec (service "${r.name}" not found) and does not roll out.`);
      } else {
        serviceLabelCheck(l, own, r, found[0]!, out);
      }
    } else if (r.kind === 'AnalysisTemplate' || r.kind === 'ClusterAnalysisTemplate') {
      const ns = r.kind === 'ClusterAnalysisTemplate' ? undefined : o.namespace;
      if (l.find(r.kind, r.name, ns).length > 0) continue;
      notFound(out, own, r, LINK_CODES.analysisTemplateNotFound, l.coverage(own, r.kind, ns),
        o.kind === 'Rollout'
          ? `the controller marks the Rollout InvalidSpec (${r.kind.replace(/^./, (c) => c.toLowerCase())} "${r.name}" not found).`
          : 'the controller cannot create this analysis run.');
    } else if (r.field === 'workloadRef') {
      if (l.find(r.kind, r.name, o.namespace).length > 0) continue;
      notFound(out, own, r, LINK_CODES.workloadRefNotFound, l.coverage(own, r.kind, o.namespace),
        'the Rollout takes its pod template from that workload, so there is nothing to roll out.');
    }
  }
}

/**
 * The controller's reference check (argo-rollouts `ValidateService`): every selector label of a Service the Rollout
 * names, except the pod-template hash it adds itself, must be on the Rollout's pod template with the same value.
 */
function serviceLabelCheck(l: Links, own: Own, r: IndexedRef, svc: IndexedObject, out: Out): void {
  if (!svc.selector || l.transformed(svc) || l.fileTransformed() || own.templated) return;
  const pod = l.podOf(own.o);
  if (!pod || Object.keys(pod.labels).length === 0) return;
  for (const [k, v] of Object.entries(svc.selector)) {
    if (k === 'rollouts-pod-template-hash' || pod.labels[k] === v) continue;
    out.push({
      doc: own.md,
      finding: {
        range: r.range,
        severity: 'error',
        code: LINK_CODES.rolloutServiceLabel,
        message:
          `the controller marks the Rollout InvalidSpec (Degraded): Service "${svc.name}" has unmatch label "${k}" in rollout ` +
          `(its selector wants ${k}=${v}; the pod template has ${k in pod.labels ? `${k}=${pod.labels[k]}` : 'no such label'}).`,
      },
    });
    return;
  }
}

function checksOf(l: Links, x: Own, out: Out): void {
  if (x.o.kind === 'HorizontalPodAutoscaler') hpaChecks(l, x, out);
  else if (x.o.kind === 'Service') serviceChecks(l, x, out);
  if (x.o.kind === 'Rollout' || x.o.kind === 'Experiment') rolloutChecks(l, x, out);
  if (WORKLOAD_KINDS.has(x.o.kind)) replicasCheck(l, x, out);
}

// ---------------------------------------------------------------------------------------------------------------
// Memory of the last check of each file. A document's link findings depend on its own facts, on the facts of the
// file's other documents and on the workspace. A keystroke changes one document and, mostly, no facts at all (an
// image tag, a comment, a step): the other documents' findings are then the last check's, and only the edited
// document is checked again (a keystroke in a file of 1,000 documents re-ran every link check: ~100 ms).

interface Memo {
  /** the workspace, and its generation, the findings were made under */
  workspace: object | undefined;
  generation: number | undefined;
  /** the facts of the file's documents, order aside (see factsPrint) */
  print: string;
  /** per parsed document (a document that only moves keeps its Document); findings are document-relative */
  found: WeakMap<object, Finding[]>;
}

const MAX_MEMOS = 256;
const memos = new Map<string, Memo>();
const factsHashes = new WeakMap<object, number>();

/** What other documents may read of this one (its facts without positions), hashed; remembered per Document. */
function factsHash(x: Own): number {
  let h = factsHashes.get(x.md.doc);
  if (h === undefined) {
    h = (x.templated ? 1 : 0) ^ hashString(JSON.stringify(withoutPositions(x.o)));
    factsHashes.set(x.md.doc, h);
  }
  return h;
}

function hashString(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) h = Math.imul(h ^ s.charCodeAt(i), 0x01000193);
  return h >>> 0;
}

/** The file's facts as a set: count, sum and xor of the documents' hashes (the order of documents aside). */
function factsPrint(own: Own[]): string {
  let sum = 0;
  let xor = 0;
  for (const x of own) {
    const h = factsHash(x);
    sum = (sum + h) % 0x100000000;
    xor = (xor ^ h) >>> 0;
  }
  return `${own.length}:${sum}:${xor}`;
}

export const linksRule: CrossDocumentRule = {
  id: 'links',
  check(docs, ctx) {
    // a kustomize patch names its target and adds to it: its links are the target's, judged in the target's file
    if (ctx.partial) return [];
    const own: Own[] = [];
    for (const md of docs) {
      const o = readObjectCached(md, ctx.file ?? '');
      if (o) own.push({ md, o, templated: templatedCached(md) });
    }
    const file = ctx.file;
    if (own.length === 0) {
      if (file !== undefined) memos.delete(file);
      return [];
    }
    const l = new Links(own, docs, ctx);
    const out: Out = [];
    // a workspace that cannot say when it changed: every check is a first one
    const remember = file !== undefined && (!ctx.workspace || ctx.workspace.generation !== undefined);
    if (!remember) {
      for (const x of own) checksOf(l, x, out);
      return out;
    }
    const generation = ctx.workspace?.generation?.(file);
    // the kinds matter too: a LimitRange the file gains or loses changes findings of documents whose facts did not
    const print = `${factsPrint(own)}:${l.kindsPrint()}`;
    const last = memos.get(file);
    const reuse = last !== undefined && last.workspace === ctx.workspace && last.generation === generation && last.print === print;
    const found = new WeakMap<object, Finding[]>();
    for (const x of own) {
      let mine = reuse ? last.found.get(x.md.doc) : undefined;
      if (!mine) {
        const local: Out = [];
        checksOf(l, x, local);
        mine = local.map((f) => f.finding);
      }
      found.set(x.md.doc, mine);
      for (const finding of mine) out.push({ doc: x.md, finding });
    }
    memos.delete(file);
    memos.set(file, { workspace: ctx.workspace, generation, print, found });
    if (memos.size > MAX_MEMOS) memos.delete(memos.keys().next().value!);
    return out;
  },
};
