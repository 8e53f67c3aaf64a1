// Go to Definition and Find References over the links between resources: from an HPA's scaleTargetRef name, a
// Service or AnalysisTemplate name in a Rollout, a workloadRef, or a Service's selector to the objects they lead to;
// from an object's `metadata.name` to everything that points at it. The open document is read as it is now (the
// linter's parse when it has one); other files come from the workspace lookup.
import type { InitializeParams, Location, Position, Range } from 'vscode-languageserver/node';
import { isMap } from 'yaml';
import { isEmptyChunk, mapAt, parseChunk, rangeOfNode, scanKind, splitDocuments, type ManifestDoc } from '../../core/documents';
import { CONTROLLER_LABELS, INDEXED_KINDS, WORKLOAD_KINDS, readObject, selects, shiftObject } from '../../core/workspace/facts';
import type { IndexedObject } from '../../core/workspace/lookup';
import type { Feature, FeatureContext } from './feature';
import { indexKey } from './workspace';

interface OwnObject {
  o: IndexedObject;
  /** a Service's `spec.selector` mapping (key and entries), in the file */
  selectorSpan?: Range;
}

function contains(r: Range, p: Position): boolean {
  const after = p.line > r.start.line || (p.line === r.start.line && p.character >= r.start.character);
  const before = p.line < r.end.line || (p.line === r.end.line && p.character <= r.end.character);
  return after && before;
}

function shift(r: Range, lines: number): Range {
  return { start: { line: r.start.line + lines, character: r.start.character }, end: { line: r.end.line + lines, character: r.end.character } };
}

export function attachNavigation(ctx: FeatureContext): Feature {
  /** The objects of an open document, positions in the file. */
  function objectsOf(uri: string): OwnObject[] {
    const doc = ctx.documents.get(uri);
    if (!doc || !ctx.isChecked(doc)) return [];
    const out: OwnObject[] = [];
    const key = indexKey(uri);
    let index = 0;
    for (const chunk of splitDocuments(doc.getText())) {
      if (isEmptyChunk(chunk.text)) continue;
      index++;
      // kinds without links (a CRD, a ConfigMap) are not parsed for this
      const kind = scanKind(chunk.text);
      if (kind !== undefined && !INDEXED_KINDS.has(kind)) continue;
      const md: ManifestDoc = ctx.linter.cachedDocument(chunk.text) ?? parseChunk(chunk, index - 1);
      const o = readObject(md, key);
      if (!o) continue;
      const own: OwnObject = { o: shiftObject(o, chunk.startLine, key) };
      const selector = mapAt(md.root, 'spec', 'selector');
      if (o.kind === 'Service' && selector && isMap(selector) && o.selectorRange) {
        const span = rangeOfNode(md, selector);
        own.selectorSpan = shift({ start: o.selectorRange.start, end: span.end }, chunk.startLine);
      }
      out.push(own);
    }
    return out;
  }

  /** Objects elsewhere (the workspace's copy of this file left out: the open text is newer). */
  function find(uri: string, own: OwnObject[], kind: string, name: string, namespace: string | undefined): IndexedObject[] {
    const key = indexKey(uri);
    const mine = own.map((x) => x.o).filter((o) => o.kind === kind && o.name === name);
    const ws = ctx.workspace();
    const theirs = ws ? ws.find(kind, name, kind === 'ClusterAnalysisTemplate' ? undefined : namespace).filter((o) => o.file !== key) : [];
    return [...mine, ...theirs];
  }

  function location(o: IndexedObject, range: Range, uri: string): Location {
    // the open document's own objects carry the index key; answer with the URI the client used
    return { uri: o.file === indexKey(uri) ? uri : o.file, range };
  }

  function podLabels(o: IndexedObject, uri: string, own: OwnObject[]): Record<string, string> | undefined {
    if (o.pod && Object.keys(o.pod.labels).length > 0) return o.pod.labels;
    if (o.kind === 'Rollout' && o.workloadRef?.name) return find(uri, own, o.workloadRef.kind ?? 'Deployment', o.workloadRef.name, o.namespace)[0]?.pod?.labels;
    return o.pod?.labels;
  }

  function workloadsSelectedBy(uri: string, own: OwnObject[], svc: IndexedObject): IndexedObject[] {
    const selector = Object.fromEntries(Object.entries(svc.selector ?? {}).filter(([k]) => !CONTROLLER_LABELS.has(k)));
    const ws = ctx.workspace();
    const key = indexKey(uri);
    const out: IndexedObject[] = [];
    for (const kind of WORKLOAD_KINDS) {
      const candidates = [...own.map((x) => x.o).filter((o) => o.kind === kind), ...(ws ? [...ws.ofKind(kind)].filter((o) => o.file !== key) : [])];
      for (const w of candidates) {
        if (svc.namespace !== undefined && w.namespace !== undefined && w.namespace !== svc.namespace) continue;
        const labels = podLabels(w, uri, own);
        if (labels && selects(selector, labels)) out.push(w);
      }
    }
    return out;
  }

  function definition(uri: string, pos: Position): Location[] {
    const own = objectsOf(uri);
    for (const { o, selectorSpan } of own) {
      for (const r of o.refs ?? []) {
        if (!contains(r.range, pos)) continue;
        return find(uri, own, r.kind, r.name, o.namespace).map((t) => location(t, t.nameRange, uri));
      }
      if (selectorSpan && contains(selectorSpan, pos)) {
        return workloadsSelectedBy(uri, own, o).map((w) => location(w, w.nameRange, uri));
      }
    }
    return [];
  }

  function references(uri: string, pos: Position, includeDeclaration: boolean): Location[] {
    const own = objectsOf(uri);
    const target = own.find(({ o }) => contains(o.nameRange, pos))?.o;
    if (!target) return [];
    const key = indexKey(uri);
    const out: Location[] = includeDeclaration ? [location(target, target.nameRange, uri)] : [];
    const ws = ctx.workspace();
    const ns = target.kind === 'ClusterAnalysisTemplate' ? undefined : target.namespace;
    const linking = [
      ...own.map((x) => x.o),
      ...(ws ? (ws.referrers ? ws.referrers(target.kind, target.name, ns) : []).filter((o) => o.file !== key) : []),
    ];
    for (const o of linking) {
      if (ns !== undefined && o.namespace !== undefined && o.namespace !== ns && o.kind !== 'ClusterAnalysisTemplate') continue;
      for (const r of o.refs ?? []) if (r.kind === target.kind && r.name === target.name) out.push(location(o, r.range, uri));
    }
    if (WORKLOAD_KINDS.has(target.kind)) {
      // Services point at a workload by its pod labels
      const services = [...own.map((x) => x.o).filter((o) => o.kind === 'Service'), ...(ws ? [...ws.ofKind('Service')].filter((o) => o.file !== key) : [])];
      const labels = podLabels(target, uri, own);
      for (const svc of services) {
        if (!svc.selector || !svc.selectorRange || !labels) continue;
        if (svc.namespace !== undefined && target.namespace !== undefined && svc.namespace !== target.namespace) continue;
        const selector = Object.fromEntries(Object.entries(svc.selector).filter(([k]) => !CONTROLLER_LABELS.has(k)));
        if (selects(selector, labels)) out.push(location(svc, svc.selectorRange, uri));
      }
    }
    return out;
  }

  ctx.connection.onDefinition(ctx.lifecycle((params) => definition(params.textDocument.uri, params.position)));
  ctx.connection.onReferences(
    ctx.lifecycle((params) => references(params.textDocument.uri, params.position, params.context.includeDeclaration)),
  );

  return {
    capabilities(_params: InitializeParams) {
      return { definitionProvider: true, referencesProvider: true };
    },
  };
}
