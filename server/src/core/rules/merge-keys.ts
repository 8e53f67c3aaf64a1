// A strategic-merge patch (a kustomize patch file) merges its lists of objects into the target's item by item,
// matching items by the list's merge key: the `patchMergeKey` tags of kubernetes/api core/v1 types.go. An item
// without its key cannot be matched: `kubectl patch` refuses it ("does not contain declared merge key: name") and
// kustomize 5 merges it into something the patch does not say (it drops the item, or the target's other items, or
// adds it keyless). A Rollout is a custom resource whose schema kustomize does not know (unless the kustomization
// gives it with `openapi:`): its lists are replaced as written, and a keyless container lands in the object as such.
// Whole manifests are not checked here: there the schema's `missing-required` says the same thing.
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { mapAt, pairOf, rangeOfNode, type ManifestDoc } from '../documents';
import type { Finding } from '../types';

export const MERGE_KEY_CODE = 'missing-merge-key';

export interface KeyedList {
  /** the list's `patchMergeKey` */
  key: string;
  /** one item, in the message */
  noun: string;
  /** false when the API server accepts an item without the key (a `LocalObjectReference`'s `name` is optional) */
  required?: false;
  /** the keyed lists inside each item */
  inner?: Lists;
}
export type Lists = Readonly<Record<string, KeyedList>>;

/** `Container` and `EphemeralContainerCommon`. */
const CONTAINER: Lists = {
  ports: { key: 'containerPort', noun: 'port' },
  env: { key: 'name', noun: 'variable' },
  volumeMounts: { key: 'mountPath', noun: 'mount' },
  volumeDevices: { key: 'devicePath', noun: 'device' },
};

/** `PodSpec` (its alpha `evictionResponders`, Kubernetes 1.37, left out). */
export const POD_SPEC: Lists = {
  containers: { key: 'name', noun: 'container', inner: CONTAINER },
  initContainers: { key: 'name', noun: 'init container', inner: CONTAINER },
  ephemeralContainers: { key: 'name', noun: 'ephemeral container', inner: CONTAINER },
  volumes: { key: 'name', noun: 'volume' },
  imagePullSecrets: { key: 'name', noun: 'secret', required: false },
  hostAliases: { key: 'ip', noun: 'host alias' },
  topologySpreadConstraints: { key: 'topologyKey', noun: 'constraint' },
  schedulingGates: { key: 'name', noun: 'gate' },
  resourceClaims: { key: 'name', noun: 'claim' },
};

/** `ServiceSpec`. */
const SERVICE_SPEC: Lists = { ports: { key: 'port', noun: 'port' } };

interface Place {
  /** API groups the kind is served in (`''`: the core group) */
  groups: readonly string[];
  /** from the document's root to the mapping that holds the lists */
  path: readonly string[];
  lists: Lists;
}

const TEMPLATE = ['spec', 'template', 'spec'];
const PLACES: Readonly<Record<string, Place>> = {
  Deployment: { groups: ['apps', 'extensions'], path: TEMPLATE, lists: POD_SPEC },
  StatefulSet: { groups: ['apps'], path: TEMPLATE, lists: POD_SPEC },
  DaemonSet: { groups: ['apps', 'extensions'], path: TEMPLATE, lists: POD_SPEC },
  ReplicaSet: { groups: ['apps', 'extensions'], path: TEMPLATE, lists: POD_SPEC },
  Job: { groups: ['batch'], path: TEMPLATE, lists: POD_SPEC },
  CronJob: { groups: ['batch'], path: ['spec', 'jobTemplate', ...TEMPLATE], lists: POD_SPEC },
  Pod: { groups: [''], path: ['spec'], lists: POD_SPEC },
  PodTemplate: { groups: [''], path: ['template', 'spec'], lists: POD_SPEC },
  Service: { groups: [''], path: ['spec'], lists: SERVICE_SPEC },
  Rollout: { groups: ['argoproj.io'], path: TEMPLATE, lists: POD_SPEC },
};

/**
 * The items of a strategic-merge patch's keyed lists that lack their merge key. Pure and cheap (a walk down fixed
 * paths); the engine runs it only for documents of patch files.
 */
export function missingMergeKeys(md: ManifestDoc): Finding[] {
  const place = md.kind !== undefined && Object.hasOwn(PLACES, md.kind) ? PLACES[md.kind]! : undefined;
  if (!place || !inGroup(md.apiVersion, place.groups)) return [];
  const at = mapAt(md.root, ...place.path);
  if (!at) return [];
  const out: Finding[] = [];
  walk(md, at, place.lists, md.kind === 'Rollout', out);
  return out;
}

/** A document without an apiVersion is still judged by its kind (the schema rule reports the missing field). */
function inGroup(apiVersion: string | undefined, groups: readonly string[]): boolean {
  if (apiVersion === undefined) return true;
  const slash = apiVersion.indexOf('/');
  return groups.includes(slash === -1 ? '' : apiVersion.slice(0, slash));
}

function walk(md: ManifestDoc, map: YAMLMap, lists: Lists, rollout: boolean, out: Finding[]): void {
  for (const pair of map.items) {
    const name = isScalar(pair.key) ? String(pair.key.value) : undefined;
    if (name === undefined || !Object.hasOwn(lists, name) || !isSeq(pair.value)) continue;
    const list = lists[name]!;
    const items = pair.value.items;
    // `- $patch: replace`: the list replaces the target's as written, no item is matched
    if (items.some((i) => isMap(i) && directive(i) === 'replace')) continue;
    for (const item of items) {
      // not a mapping: the schema's type check; `<<: *alias` may bring the key
      if (!isMap(item) || pairOf(item, '<<')) continue;
      const patch = directive(item);
      if (hasValue(item, list.key)) {
        if (list.inner && patch === undefined) walk(md, item, list.inner, rollout, out);
        continue;
      }
      if (patch !== undefined && patch !== 'delete') continue; // another directive, not a merge
      const first = item.items[0]?.key as Node | undefined;
      out.push({
        range: rangeOfNode(md, first ?? item),
        severity: 'error',
        code: MERGE_KEY_CODE,
        message: message(name, list, rollout, patch === 'delete'),
      });
    }
  }
}

function directive(item: YAMLMap): string | undefined {
  const v = pairOf(item, '$patch')?.value;
  return isScalar(v) ? String(v.value) : undefined;
}

/** `name:` and `name: null` match nothing either. */
function hasValue(item: YAMLMap, key: string): boolean {
  const v = pairOf(item, key)?.value;
  return v !== undefined && v !== null && !(isScalar(v) && v.value === null);
}

function message(list: string, l: KeyedList, rollout: boolean, deleting: boolean): string {
  const key = `\`${l.key}\``;
  const refused = l.required === false ? '' : ', which the API server refuses';
  if (rollout) {
    return (
      `This ${deleting ? '`$patch: delete` item' : l.noun} of \`${list}\` has no ${key}. Kustomize does not merge a ` +
      "Rollout's lists by key (it does not know the Rollout's schema unless the kustomization gives it with " +
      `\`openapi:\`): this list replaces the Rollout's \`${list}\` as written, and this item lands without a ${key}${refused}.`
    );
  }
  if (deleting) {
    return (
      `This \`$patch: delete\` item of \`${list}\` has no ${key}, so it names no ${l.noun} to delete: kustomize removes ` +
      `the target's whole \`${list}\` list instead (\`kubectl patch\` refuses it). Add the ${key} of the ${l.noun} to delete.`
    );
  }
  return (
    `This ${l.noun} of \`${list}\` has no ${key}, the merge key that matches it with the target's: the merged list is ` +
    `not what the patch says (kustomize drops this ${l.noun} or the target's other ones, or adds it without a ${key}` +
    `${refused}; \`kubectl patch\` refuses it). Add the ${key} of the ${l.noun} it changes.`
  );
}
