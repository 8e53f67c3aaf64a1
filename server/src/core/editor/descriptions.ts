// The description of the field at a path, for hover and completion: Kubernetes fields from the definitions
// (generated/descriptions.json, written by scripts/gen-descriptions.mjs), the Rollout's own fields from
// rollout-docs.ts, and a Rollout's embedded Kubernetes parts (metadata, selector, pod template) from the definitions.
import generated from './generated/descriptions.json';
import { ROLLOUT_DOCS, docKey } from './rollout-docs';

interface Def {
  d: string;
  /** field → [description, definition of the value (or of a list's items)] */
  p: Record<string, [string, string?]>;
}

const DATA = generated as unknown as { roots: Record<string, string>; defs: Record<string, Def> };

/** Follows `path` (list indexes are skipped: they keep the item's definition) from a definition. */
function walk(def: string, path: ReadonlyArray<string | number>): { description?: string; def?: string } {
  let cur: string | undefined = def;
  let description: string | undefined = DATA.defs[def]?.d;
  for (const p of path) {
    if (typeof p === 'number') continue;
    const d: Def | undefined = cur ? DATA.defs[cur] : undefined;
    const field: [string, string?] | undefined = d?.p[p];
    if (!field) return {};
    description = field[0];
    cur = field[1];
  }
  return { ...(description ? { description } : {}), ...(cur ? { def: cur } : {}) };
}

/** Where a Rollout embeds a Kubernetes type: the path prefix and the type's root. */
const ROLLOUT_EMBEDS: Array<[prefix: string, root: string]> = [
  ['metadata', 'ObjectMeta'],
  ['spec.selector', 'LabelSelector'],
  ['spec.template', 'PodTemplateSpec'],
];

function rolloutDescription(path: ReadonlyArray<string | number>): string | undefined {
  const own = ROLLOUT_DOCS[docKey(path)];
  if (own) return own;
  for (const [prefix, root] of ROLLOUT_EMBEDS) {
    const n = prefix.split('.').length;
    if (docKey(path.slice(0, n)) !== prefix || path.length === n) continue;
    return walk(DATA.roots[root]!, path.slice(n)).description;
  }
  // the canary and blue-green antiAffinity, analysis templates and the like: the field name alone
  return undefined;
}

/** The description of the field at `path` in a document of `apiVersion`/`kind`, when one is known. */
export function describeField(apiVersion: string | undefined, kind: string | undefined, path: ReadonlyArray<string | number>): string | undefined {
  if (path.length === 0) return undefined;
  if (kind === 'Rollout') return rolloutDescription(path);
  const root = apiVersion && kind ? DATA.roots[`${apiVersion}/${kind}`] : undefined;
  return root ? walk(root, path).description : undefined;
}

/** The known fields (with descriptions) of the mapping at `path`, for completion; undefined when unknown. */
export function fieldDescriptions(apiVersion: string | undefined, kind: string | undefined, path: ReadonlyArray<string | number>): Map<string, string> {
  const out = new Map<string, string>();
  if (kind === 'Rollout') {
    const prefix = docKey(path);
    for (const [k, v] of Object.entries(ROLLOUT_DOCS)) {
      if (prefix === '' ? !k.includes('.') && !k.includes('[') : k.startsWith(`${prefix}.`) && !k.slice(prefix.length + 1).includes('.')) {
        out.set(prefix === '' ? k : k.slice(prefix.length + 1), v);
      }
    }
    for (const [p, root] of ROLLOUT_EMBEDS) {
      const n = p.split('.').length;
      if (path.length >= n && docKey(path.slice(0, n)) === p) {
        const def = walk(DATA.roots[root]!, path.slice(n)).def;
        for (const [f, [d]] of Object.entries((def && DATA.defs[def]?.p) ?? {})) out.set(f, d);
      }
    }
    return out;
  }
  const root = apiVersion && kind ? DATA.roots[`${apiVersion}/${kind}`] : undefined;
  const def = root ? walk(root, path).def : undefined;
  for (const [f, [d]] of Object.entries((def && DATA.defs[def]?.p) ?? {})) out.set(f, d);
  return out;
}
