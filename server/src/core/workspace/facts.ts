// The facts the links between resources need, read from one parsed document into plain data (IndexedObject): names,
// pod template labels, container ports and requests, the HPA's target and metrics, a Service's selector and ports,
// and every link by name with where it is written. Shared by the workspace index (other files) and the link rules
// (the file's own documents), so both read a document the same way. Aliases are never followed (an alias bomb costs
// nothing here): a value that is an alias is read as absent.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { hasTemplateMarker, mapAt, pairOf, rangeOfKey, rangeOfNode, scalarNumber, scalarText, type ManifestDoc } from '../documents';
import type { Range } from '../types';
import { POD_SPEC, type Lists } from '../rules/merge-keys';
import type { IndexedContainer, IndexedObject, IndexedRef, KeyedItem } from './lookup';

/** Kinds with a pod template the links read (where the template is: see podTemplateOf). */
export const WORKLOAD_KINDS: ReadonlySet<string> = new Set([
  'Rollout', 'Deployment', 'StatefulSet', 'ReplicaSet', 'DaemonSet', 'Job', 'CronJob', 'Pod',
]);

/** Kinds an HPA can scale that the index models (others have a scale subresource the index cannot see). */
export const SCALABLE_KINDS: ReadonlySet<string> = new Set(['Rollout', 'Deployment', 'StatefulSet', 'ReplicaSet']);

/** Every kind the index parses; other kinds are only scanned for their `kind:` line. */
export const INDEXED_KINDS: ReadonlySet<string> = new Set([
  ...WORKLOAD_KINDS, 'HorizontalPodAutoscaler', 'Service', 'AnalysisTemplate', 'ClusterAnalysisTemplate', 'Experiment',
]);

/**
 * Kinds that make no pods and hold no object the links lead to: seeing one tells nothing the index misses. Every
 * other kind the index does not model (an operator's custom resource) may make pods a Service selects.
 */
export const INERT_KINDS: ReadonlySet<string> = new Set([
  'ConfigMap', 'Secret', 'ServiceAccount', 'Namespace', 'Ingress', 'IngressClass', 'NetworkPolicy',
  'PodDisruptionBudget', 'Role', 'RoleBinding', 'ClusterRole', 'ClusterRoleBinding', 'CustomResourceDefinition',
  'PersistentVolumeClaim', 'PersistentVolume', 'StorageClass', 'ResourceQuota', 'PriorityClass',
  'Endpoints', 'EndpointSlice', 'MutatingWebhookConfiguration', 'ValidatingWebhookConfiguration', 'APIService',
  'PodTemplate', 'VerticalPodAutoscaler', 'AnalysisRun', 'Kustomization', 'Component',
  // traffic routers and other add-ons' configuration: no pods
  'VirtualService', 'DestinationRule', 'Gateway', 'HTTPRoute', 'GRPCRoute', 'TCPRoute', 'TLSRoute', 'ReferenceGrant',
  'ServiceMonitor', 'PodMonitor', 'PrometheusRule', 'Certificate', 'Issuer', 'ClusterIssuer', 'ExternalSecret',
  'SecretStore', 'ClusterSecretStore', 'SealedSecret', 'Application', 'AppProject', 'ApplicationSet', 'ScaledObject',
  'TrafficSplit', 'Mapping', 'TargetGroupBinding', 'Middleware', 'IngressRoute', 'IngressRouteTCP', 'ServiceEntry',
  'Sidecar', 'PeerAuthentication', 'AuthorizationPolicy', 'TriggerAuthentication', 'ClusterTriggerAuthentication',
]);

/** Labels controllers add to the pods they make: a Service selecting one of them selects pods no template shows. */
export const CONTROLLER_LABELS: ReadonlySet<string> = new Set([
  'job-name', 'batch.kubernetes.io/job-name', 'controller-uid', 'batch.kubernetes.io/controller-uid',
  'controller-revision-hash', 'statefulset.kubernetes.io/pod-name', 'apps.kubernetes.io/pod-index',
  'rollouts-pod-template-hash', 'pod-template-hash', 'pod-template-generation',
]);

/** A column-0 `apiVersion:` line (a Kubernetes-looking document whose kind may be templated). */
export function hasApiVersionLine(text: string): boolean {
  return /^apiVersion:/m.test(text);
}

const str = scalarText;

function seqItems(node: unknown): unknown[] {
  return isSeq(node) ? node.items : [];
}

function stringMap(map: YAMLMap | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!map) return out;
  for (const item of map.items) {
    const k = str(item.key);
    const v = str(item.value);
    if (k !== undefined && v !== undefined) out[k] = v;
  }
  return out;
}

/** The pod template of a workload (a Pod is its own template). */
export function podTemplateOf(kind: string, root: YAMLMap | undefined): YAMLMap | undefined {
  if (kind === 'Pod') return root;
  if (kind === 'CronJob') return mapAt(root, 'spec', 'jobTemplate', 'spec', 'template');
  return mapAt(root, 'spec', 'template');
}

function containersOf(podSpec: YAMLMap | undefined): IndexedContainer[] {
  const out: IndexedContainer[] = [];
  for (const c of seqItems(pairOf(podSpec, 'containers')?.value)) {
    if (!isMap(c)) continue;
    const ports: IndexedContainer['ports'] = [];
    for (const p of seqItems(pairOf(c, 'ports')?.value)) {
      if (!isMap(p)) continue;
      const port: IndexedContainer['ports'][number] = {};
      const cp = scalarNumber(pairOf(p, 'containerPort')?.value);
      const name = str(pairOf(p, 'name')?.value);
      const protocol = str(pairOf(p, 'protocol')?.value);
      if (cp !== undefined) port.containerPort = cp;
      if (name !== undefined) port.name = name;
      if (protocol !== undefined) port.protocol = protocol;
      ports.push(port);
    }
    const resources = mapAt(c, 'resources');
    const requests = new Set<string>();
    for (const section of ['requests', 'limits']) {
      for (const item of mapAt(resources, section)?.items ?? []) {
        const k = str(item.key);
        if (k !== undefined) requests.add(k);
      }
    }
    const container: IndexedContainer = { ports, requests: [...requests] };
    const name = str(pairOf(c, 'name')?.value);
    if (name !== undefined) container.name = name;
    out.push(container);
  }
  return out;
}

/** The keyed lists of `map` (`lists` says which, rules/merge-keys.ts), each item by its merge key; keyless ones left out. */
function keyedLists(map: YAMLMap | undefined, lists: Lists): Record<string, KeyedItem[]> | undefined {
  let out: Record<string, KeyedItem[]> | undefined;
  for (const pair of map?.items ?? []) {
    const name = str(pair.key);
    if (name === undefined || !Object.hasOwn(lists, name) || !isSeq(pair.value)) continue;
    const list = lists[name]!;
    const items: KeyedItem[] = [];
    for (const item of pair.value.items) {
      const key = isMap(item) ? str(pairOf(item, list.key)?.value) : undefined;
      if (key === undefined) continue;
      const it: KeyedItem = { key };
      const item0 = item as YAMLMap;
      if (!pairOf(item0, '<<')) {
        const fields: string[] = [];
        for (const p of item0.items) {
          const k = str(p.key);
          if (k !== undefined) fields.push(k);
        }
        it.fields = fields;
      }
      const inner = list.inner ? keyedLists(item0, list.inner) : undefined;
      if (inner) it.lists = inner;
      items.push(it);
    }
    (out ??= {})[name] = items;
  }
  return out;
}

function ref(md: ManifestDoc, kind: string, valueNode: unknown, field: string): IndexedRef | undefined {
  const name = str(valueNode);
  if (name === undefined || name === '') return undefined;
  return { kind, name, field, range: rangeOfNode(md, valueNode as Node) };
}

/** `templates: [{templateName, clusterScope}]` (and the older single `templateName`) of an analysis block. */
function analysisRefs(md: ManifestDoc, analysis: unknown, out: IndexedRef[]): void {
  if (!isMap(analysis)) return;
  const one = (m: YAMLMap) => {
    const cluster = isScalar(pairOf(m, 'clusterScope')?.value) && (pairOf(m, 'clusterScope')!.value as { value: unknown }).value === true;
    const r = ref(md, cluster ? 'ClusterAnalysisTemplate' : 'AnalysisTemplate', pairOf(m, 'templateName')?.value, 'templateName');
    if (r) out.push(r);
    const c = ref(md, 'ClusterAnalysisTemplate', pairOf(m, 'clusterTemplateName')?.value, 'clusterTemplateName');
    if (c) out.push(c);
  };
  one(analysis);
  for (const t of seqItems(pairOf(analysis, 'templates')?.value)) if (isMap(t)) one(t);
}

function rolloutRefs(md: ManifestDoc, spec: YAMLMap | undefined, out: IndexedRef[]): void {
  const strategy = mapAt(spec, 'strategy');
  const canary = mapAt(strategy, 'canary');
  const blueGreen = mapAt(strategy, 'blueGreen');
  const service = (map: YAMLMap | undefined, key: string) => {
    const r = ref(md, 'Service', pairOf(map, key)?.value, key);
    if (r) out.push(r);
  };
  service(canary, 'canaryService');
  service(canary, 'stableService');
  service(mapAt(canary, 'pingPong'), 'pingService');
  service(mapAt(canary, 'pingPong'), 'pongService');
  service(mapAt(canary, 'trafficRouting', 'alb'), 'rootService');
  service(blueGreen, 'activeService');
  service(blueGreen, 'previewService');
  analysisRefs(md, pairOf(canary, 'analysis')?.value, out);
  analysisRefs(md, pairOf(blueGreen, 'prePromotionAnalysis')?.value, out);
  analysisRefs(md, pairOf(blueGreen, 'postPromotionAnalysis')?.value, out);
  for (const step of seqItems(pairOf(canary, 'steps')?.value)) {
    if (!isMap(step)) continue;
    analysisRefs(md, pairOf(step, 'analysis')?.value, out);
    for (const a of seqItems(pairOf(mapAt(step, 'experiment'), 'analyses')?.value)) analysisRefs(md, a, out);
  }
}

/** `Utilization` resource metrics of an HPA, in every apiVersion's spelling. */
function hpaUtilization(spec: YAMLMap | undefined, apiVersion: string): { all: string[]; containers: Array<{ resource: string; container: string }> } {
  const all = new Set<string>();
  const containers: Array<{ resource: string; container: string }> = [];
  if (apiVersion === 'autoscaling/v1') {
    // v1 has only CPU, and an HPA without a target gets the default 80 %
    all.add('cpu');
    return { all: [...all], containers };
  }
  const metrics = pairOf(spec, 'metrics')?.value;
  if (!metrics || (isSeq(metrics) && metrics.items.length === 0)) {
    // no metrics: the API server defaults to 80 % average CPU utilization
    all.add('cpu');
    return { all: [...all], containers };
  }
  for (const m of seqItems(metrics)) {
    if (!isMap(m)) continue;
    const type = str(pairOf(m, 'type')?.value);
    const source = type === 'Resource' ? mapAt(m, 'resource') : type === 'ContainerResource' ? mapAt(m, 'containerResource') : undefined;
    if (!source) continue;
    const name = str(pairOf(source, 'name')?.value);
    if (!name) continue;
    const target = mapAt(source, 'target');
    const utilization =
      str(pairOf(target, 'type')?.value) === 'Utilization' ||
      pairOf(target, 'averageUtilization') !== undefined ||
      pairOf(source, 'targetAverageUtilization') !== undefined; // v2beta1
    if (!utilization) continue;
    if (type === 'Resource') all.add(name);
    else {
      const container = str(pairOf(source, 'container')?.value);
      if (container) containers.push({ resource: name, container });
    }
  }
  return { all: [...all], containers };
}

/**
 * The facts of one parsed document, with ranges relative to the document (as the engine's findings are), or undefined
 * for kinds the links do not read and documents without a `metadata.name`.
 */
export function readObject(md: ManifestDoc, file: string): IndexedObject | undefined {
  const { kind, apiVersion, root } = md;
  if (!kind || !root || !INDEXED_KINDS.has(kind)) return undefined;
  const metadata = mapAt(root, 'metadata');
  const namePair = pairOf(metadata, 'name');
  const name = str(namePair?.value);
  if (name === undefined || name === '') return undefined;
  const o: IndexedObject = { file, kind, apiVersion: apiVersion ?? '', name, nameRange: rangeOfNode(md, namePair!.value) };
  const namespace = str(pairOf(metadata, 'namespace')?.value);
  if (namespace !== undefined && namespace !== '') o.namespace = namespace;
  const spec = mapAt(root, 'spec');
  const refs: IndexedRef[] = [];

  if (WORKLOAD_KINDS.has(kind)) {
    const template = podTemplateOf(kind, root);
    if (template) {
      o.pod = { labels: stringMap(mapAt(template, 'metadata', 'labels')), containers: containersOf(mapAt(template, 'spec')) };
    }
    if (SCALABLE_KINDS.has(kind) && pairOf(spec, 'replicas')) o.hasReplicas = true;
  }
  if (kind === 'Rollout') {
    const wr = mapAt(spec, 'workloadRef');
    if (wr) {
      const w: NonNullable<IndexedObject['workloadRef']> = {};
      const k = str(pairOf(wr, 'kind')?.value);
      const n = str(pairOf(wr, 'name')?.value);
      const v = str(pairOf(wr, 'apiVersion')?.value);
      if (k !== undefined) w.kind = k;
      if (n !== undefined) w.name = n;
      if (v !== undefined) w.apiVersion = v;
      o.workloadRef = w;
      const r = ref(md, k ?? 'Deployment', pairOf(wr, 'name')?.value, 'workloadRef');
      if (r) refs.push(v !== undefined ? { ...r, apiVersion: v } : r);
    }
    rolloutRefs(md, spec, refs);
    const lists = keyedLists(mapAt(root, 'spec', 'template', 'spec'), POD_SPEC);
    if (lists) o.podLists = lists;
  }
  if (kind === 'Experiment') {
    for (const a of seqItems(pairOf(spec, 'analyses')?.value)) analysisRefs(md, a, refs);
  }
  if (kind === 'HorizontalPodAutoscaler') {
    const str0 = mapAt(spec, 'scaleTargetRef');
    const target: NonNullable<IndexedObject['hpa']>['target'] = {};
    const tk = str(pairOf(str0, 'kind')?.value);
    const tn = str(pairOf(str0, 'name')?.value);
    const tv = str(pairOf(str0, 'apiVersion')?.value);
    if (tk !== undefined) target.kind = tk;
    if (tn !== undefined) target.name = tn;
    if (tv !== undefined) target.apiVersion = tv;
    const { all, containers } = hpaUtilization(spec, o.apiVersion);
    o.hpa = { target, utilizationResources: all };
    if (containers.length > 0) o.hpa.containerUtilization = containers;
    const min = scalarNumber(pairOf(spec, 'minReplicas')?.value);
    const max = scalarNumber(pairOf(spec, 'maxReplicas')?.value);
    if (min !== undefined) o.hpa.minReplicas = min;
    if (max !== undefined) o.hpa.maxReplicas = max;
    if (tk) {
      const r = ref(md, tk, pairOf(str0, 'name')?.value, 'scaleTargetRef');
      if (r) refs.push(tv !== undefined ? { ...r, apiVersion: tv } : r);
    }
  }
  if (kind === 'Service') {
    const selectorPair = pairOf(spec, 'selector');
    if (selectorPair && isMap(selectorPair.value)) {
      o.selector = stringMap(selectorPair.value);
      o.selectorRange = rangeOfKey(md, selectorPair);
    }
    const ports: NonNullable<IndexedObject['servicePorts']> = [];
    for (const p of seqItems(pairOf(spec, 'ports')?.value)) {
      if (!isMap(p)) continue;
      const tp = pairOf(p, 'targetPort');
      const entry: NonNullable<IndexedObject['servicePorts']>[number] = { range: rangeOfNode(md, tp ? (tp.value as Node) : p) };
      const port = scalarNumber(pairOf(p, 'port')?.value);
      const name = str(pairOf(p, 'name')?.value);
      if (port !== undefined) entry.port = port;
      if (name !== undefined) entry.name = name;
      if (tp && isScalar(tp.value)) {
        const v = tp.value.value;
        if (typeof v === 'number' || typeof v === 'string') entry.targetPort = typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v;
      }
      ports.push(entry);
    }
    o.servicePorts = ports;
  }
  if (refs.length > 0) o.refs = refs;
  return o;
}

/**
 * readObject, remembered per parsed document: the engine keeps a document's parse while its text is unchanged, so a
 * keystroke re-reads only the document it changed (the link rules read every document of the file on each check).
 */
const readCache = new WeakMap<object, { o: IndexedObject | null; templated: boolean }>();
function cachedFacts(md: ManifestDoc): { o: IndexedObject | null; templated: boolean } {
  let entry = readCache.get(md.doc);
  if (!entry) {
    const o = readObject(md, '') ?? null;
    // Argo Rollouts' own `{{args.x}}` lives in analysis templates' strings; anywhere else a marker means a template
    const analysis = o?.kind === 'AnalysisTemplate' || o?.kind === 'ClusterAnalysisTemplate';
    entry = { o, templated: o !== null && !analysis && hasTemplateMarker(md.text) };
    readCache.set(md.doc, entry);
  }
  return entry;
}

/** The object named by its file, remembered per Document for the last file asked (the same one, check after check). */
const inFile = new WeakMap<object, { file: string; o: IndexedObject }>();

export function readObjectCached(md: ManifestDoc, file: string): IndexedObject | undefined {
  const { o } = cachedFacts(md);
  if (o === null) return undefined;
  if (o.file === file) return o; // (no file: the object as read, no copy)
  const known = inFile.get(md.doc);
  if (known && known.file === file) return known.o;
  const placed = { ...o, file };
  inFile.set(md.doc, { file, o: placed });
  return placed;
}

/** Whether a document the links read holds template markers (its names and fields change when rendered). */
export function templatedCached(md: ManifestDoc): boolean {
  return cachedFacts(md).templated;
}

function shiftRange(r: Range, lines: number): Range {
  return { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } };
}

/** The object with its ranges moved down by `lines` (document → file positions). */
export function shiftObject(o: IndexedObject, lines: number, file = o.file): IndexedObject {
  if (lines === 0 && file === o.file) return o;
  const out: IndexedObject = { ...o, file, nameRange: shiftRange(o.nameRange, lines) };
  if (o.selectorRange) out.selectorRange = shiftRange(o.selectorRange, lines);
  if (o.servicePorts) out.servicePorts = o.servicePorts.map((p) => ({ ...p, range: shiftRange(p.range, lines) }));
  if (o.refs) out.refs = o.refs.map((r) => ({ ...r, range: shiftRange(r.range, lines) }));
  return out;
}

/** An object without its file and positions: what other files and documents may read of it (the index's signatures,
 * the link rules' memory compare these). */
export function withoutPositions(o: IndexedObject): unknown {
  const { nameRange: _n, selectorRange: _s, servicePorts, refs, file: _f, ...rest } = o;
  return {
    ...rest,
    ...(servicePorts ? { servicePorts: servicePorts.map(({ range: _r, ...p }) => p) } : {}),
    ...(refs ? { refs: refs.map(({ range: _r, ...r }) => r) } : {}),
  };
}

/** Two namespaces that may be the same: equal, or either unset (kustomize or `kubectl -n` decides it). */
export function sameNamespace(a: string | undefined, b: string | undefined): boolean {
  return a === undefined || b === undefined || a === b;
}

/** Whether a Service selector selects a pod template's labels (every selector pair present with its value). */
export function selects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  if (keys.length === 0) return false;
  return keys.every((k) => labels[k] === selector[k]);
}
