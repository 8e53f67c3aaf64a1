// A kustomize strategic-merge patch of a Rollout, built without the Rollout's schema. Kustomize merges a patch's lists
// by their merge keys only for kinds whose OpenAPI schema it knows; a Rollout is a custom resource, known only when a
// kustomization of the build gives kustomize its schema (`openapi: {path: …}`, Argo Rollouts' "Kustomize
// Integration" docs point at argo-schema-generator's argo_all_k8s_kustomize_schema.json). Without it every list of the
// patch replaces the Rollout's as written (kubectl kustomize, kustomize v5.5.0):
// - a `$patch` directive inside a list is not read: it is copied into the built Rollout as data, nothing is deleted;
// - the Rollout's items the patch's list leaves out are dropped (a sidecar), and an item written with fewer fields
//   than the Rollout's loses the others (a container written with `name` and `image` loses its ports, env, …).
// `configurations:` (transformer configs) changes none of it. Only patch files (`ctx.partial`), and only where the
// workspace says how the patch is built (WorkspaceLookup.patchBuilds): the dropped items are named only when the
// target is certain, otherwise nothing is said of them.
import { isMap, isSeq, type Node, type Pair, type YAMLMap, type YAMLSeq } from 'yaml';
import { mapAt, pairOf, rangeOfNode, rangeOfOffsets, scalarText, type ManifestDoc } from '../documents';
import type { Finding } from '../types';
import type { IndexedObject, KeyedItem } from '../workspace/lookup';
import { POD_SPEC, type Lists } from './merge-keys';
import type { CrossDocumentRule } from './rule';

export const ROLLOUT_PATCH_CODE = 'rollout-patch-replaces-list';

type Out = Array<{ doc: ManifestDoc; finding: Finding }>;

export const rolloutPatchRule: CrossDocumentRule = {
  id: 'rollout-patch',
  check(docs, ctx) {
    const ws = ctx.workspace;
    if (!ctx.partial || ctx.file === undefined || !ws?.patchBuilds) return [];
    const out: Out = [];
    for (const md of docs) {
      if (md.kind !== 'Rollout' || !md.root || !argoGroup(md.apiVersion)) continue;
      const metadata = mapAt(md.root, 'metadata');
      const name = text(pairOf(metadata, 'name')?.value) ?? '';
      const namespace = text(pairOf(metadata, 'namespace')?.value);
      // the builds that replace the Rollout's lists (`openapi: undefined`, a remote base that may declare it: silent)
      const builds = ws.patchBuilds(ctx.file, 'Rollout', name, namespace).filter((b) => b.openapi === false);
      if (builds.length === 0) continue;
      const configurations = builds.some((b) => b.configurations);
      const found: Finding[] = [];
      directives(md, md.root, undefined, false, configurations, found);
      const template = mapAt(md.root, 'spec', 'template', 'spec');
      const targets = new Set<IndexedObject>();
      for (const b of builds) if (b.target?.podLists) targets.add(b.target);
      for (const target of targets) if (template) replaced(md, template, POD_SPEC, target, target.podLists!, configurations, found);
      const seen = new Set<string>();
      for (const f of found) {
        const key = `${f.range.start.line}:${f.range.start.character}\0${f.message}`;
        if (seen.has(key)) continue;
        seen.add(key);
        out.push({ doc: md, finding: f });
      }
    }
    return out;
  },
};

/** A Rollout of Argo's group (a document without an apiVersion is still judged by its kind). */
function argoGroup(apiVersion: string | undefined): boolean {
  return apiVersion === undefined || apiVersion.startsWith('argoproj.io/');
}

/** Keys and names as the workspace index reads them (workspace/facts.ts), so a patch's item meets its target's. */
const text = scalarText;

/** `$patch` keys below a list (`list`: the nearest list's field; `direct`: the key is in one of its items). */
function directives(md: ManifestDoc, node: unknown, list: string | undefined, direct: boolean, configurations: boolean, out: Finding[]): void {
  if (isMap(node)) {
    for (const pair of node.items) {
      const key = text(pair.key);
      if (key === '$patch' && list !== undefined) out.push(directive(md, pair as Pair<Node, Node | null>, list, direct, configurations));
      if (isSeq(pair.value)) {
        for (const item of pair.value.items) directives(md, item, key ?? list, true, configurations, out);
      } else if (isMap(pair.value)) {
        directives(md, pair.value, list, false, configurations, out);
      }
    }
  } else if (isSeq(node)) {
    for (const item of node.items) directives(md, item, list, true, configurations, out);
  }
}

function directive(md: ManifestDoc, pair: Pair<Node, Node | null>, list: string, direct: boolean, configurations: boolean): Finding {
  const value = text(pair.value) ?? '';
  const start = pair.key.range?.[0] ?? 0;
  const end = pair.value?.range?.[1] ?? pair.key.range?.[1] ?? start;
  const what = direct ? `This \`$patch: ${value}\` item of \`${list}\`` : `This \`$patch: ${value}\` (inside an item of \`${list}\`)`;
  const effect =
    value === 'delete'
      ? direct
        ? 'nothing is deleted: the item stays, with a `$patch` field the API server refuses or drops.'
        : 'nothing is deleted, and the built Rollout carries a `$patch` field, which the API server refuses or drops.'
      : value === 'replace'
        ? 'the list replaces the Rollout\'s anyway, and the directive stays in it as an item.'
        : 'the built Rollout carries a `$patch` field, which the API server refuses or drops.';
  const advice =
    value === 'delete'
      ? `Declare the Rollout's schema with ${OPENAPI}, write the whole list without this item, or remove it with a JSON 6902 patch (\`op: remove\`).`
      : `Remove the directive, or declare the Rollout's schema with ${OPENAPI}.`;
  return {
    range: rangeOfOffsets(md, start, end),
    severity: 'error',
    code: ROLLOUT_PATCH_CODE,
    message: `${what} lands in the Rollout as written: ${why(configurations, 'its lists')}, it copies them over the Rollout's, directives included; ${effect} ${advice}`,
  };
}

/** How the kustomization would give kustomize the Rollout's schema. */
const OPENAPI = '`openapi: {path: …}` in the kustomization (Argo Rollouts\' "Kustomize Integration")';

function why(configurations: boolean, what: string): string {
  const note = configurations ? ' (`configurations:` does not give it: transformer configs say nothing of merge keys)' : '';
  return `without the Rollout's schema (\`openapi:\`)${note} kustomize does not merge ${what} by key`;
}

/** The keyed lists of `map` (the patch) against the target's: the items they drop and the fields they lose. */
function replaced(
  md: ManifestDoc,
  map: YAMLMap,
  lists: Lists,
  target: IndexedObject,
  theirs: Record<string, KeyedItem[]>,
  configurations: boolean,
  out: Finding[],
): void {
  const advice = (n: number) => `Write ${n === 1 ? 'it' : 'them'} in the patch, declare the Rollout's schema with ${OPENAPI}, or use a JSON 6902 patch.`;
  for (const pair of map.items) {
    const name = text(pair.key);
    if (name === undefined || !Object.hasOwn(lists, name) || !isSeq(pair.value)) continue;
    const list = lists[name]!;
    const seq = pair.value as YAMLSeq;
    // `- $patch: replace`: the replacement is meant (the directive itself is reported)
    if (seq.items.some((i) => isMap(i) && text(pairOf(i, '$patch')?.value) === 'replace')) continue;
    const mine = keyed(seq, list.key);
    const dropped = (theirs[name] ?? []).filter((t) => !mine.has(t.key));
    if (dropped.length > 0) {
      out.push({
        range: rangeOfNode(md, pair.key as Node),
        severity: 'warning',
        code: ROLLOUT_PATCH_CODE,
        message: `${items(list.noun, dropped.map((t) => t.key))} of Rollout \`${target.name}\` ${dropped.length === 1 ? 'is' : 'are'} dropped: ${why(configurations, 'this list')}, it replaces the Rollout's as written. ${advice(dropped.length)}`,
      });
    }
    for (const t of theirs[name] ?? []) {
      const item = mine.get(t.key);
      if (!item || pairOf(item, '$patch')) continue;
      const lost = losses(t, item, list.inner);
      if (lost.length === 0) continue;
      out.push({
        range: rangeOfNode(md, pairOf(item, list.key)!.value),
        severity: 'warning',
        code: ROLLOUT_PATCH_CODE,
        message: `${capital(list.noun)} \`${t.key}\` of Rollout \`${target.name}\` loses ${lost.join(', ')}: ${why(configurations, `\`${name}\``)}, this item replaces the Rollout's as written. ${advice(lost.length)}`,
      });
    }
  }
}

/** The items of a patch list by their merge key. */
function keyed(seq: YAMLSeq, key: string): Map<string, YAMLMap> {
  const out = new Map<string, YAMLMap>();
  for (const item of seq.items) {
    if (!isMap(item)) continue;
    const k = text(pairOf(item, key)?.value);
    if (k !== undefined && !out.has(k)) out.set(k, item);
  }
  return out;
}

/** What the target's item has that the patch's item leaves out: fields, and items of its keyed lists. */
function losses(t: KeyedItem, item: YAMLMap, inner: Lists | undefined): string[] {
  // a `<<` merge key may bring the fields: not judged
  if (!t.fields || pairOf(item, '<<')) return [];
  const out: string[] = [];
  for (const f of t.fields) if (!pairOf(item, f)) out.push(`\`${f}\``);
  for (const [name, theirs] of Object.entries(t.lists ?? {})) {
    const list = inner?.[name];
    const v = pairOf(item, name)?.value;
    if (!list || !isSeq(v)) continue;
    const mine = keyed(v, list.key);
    const dropped = theirs.filter((x) => !mine.has(x.key));
    if (dropped.length > 0) out.push(`${items(list.noun, dropped.map((x) => x.key))} of \`${name}\``);
    for (const x of theirs) {
      const m = mine.get(x.key);
      if (!m || pairOf(m, '$patch')) continue;
      const lost = losses(x, m, list.inner);
      if (lost.length > 0) out.push(`${lost.join(', ')} of ${list.noun} \`${x.key}\``);
    }
  }
  return out;
}

/** `containers \`a\`, \`b\`` / `container \`a\``. */
function items(noun: string, keys: string[]): string {
  const plural = keys.length === 1 ? noun : noun.endsWith('s') ? `${noun}es` : `${noun}s`;
  return `${plural} ${keys.map((k) => `\`${k}\``).join(', ')}`;
}

function capital(s: string): string {
  return s.charAt(0).toUpperCase() + s.slice(1);
}
