// Strategic-merge directives kustomize never reads. `kubectl patch` (the API machinery's strategic merge) knows five:
// `$patch`, `$retainKeys`, `$setElementOrder/<list>`, `$deleteFromPrimitiveList/<list>` and, inside lists, `$patch`
// again. Kustomize's own merge (kyaml) reads only `$patch`; the other three it copies into the built object as fields,
// for every kind, whether or not it knows the kind's schema (kubectl kustomize, kustomize v5.5.0, on a Deployment and on
// a Rollout, with and without `openapi:`):
// - `$retainKeys: [type]` under a Deployment's `strategy` leaves `rollingUpdate` in place;
// - `$setElementOrder/containers` changes no order (a Deployment keeps its own, a Rollout's list is replaced as written);
// - `$deleteFromPrimitiveList/args: [b]` deletes nothing (the patch's `args` replace the target's as written).
// Each lands in the built object as a field the API server refuses (strict field validation) or drops. Only patch files
// (the engine runs this for the documents of files a kustomization lists as strategic-merge patches).
import { visit, type Node, type Pair } from 'yaml';
import { rangeOfNode, scalarText, type ManifestDoc } from '../documents';
import type { Finding } from '../types';

export const PATCH_DIRECTIVE_CODE = 'kustomize-ignores-directive';

const DIRECTIVE = /^\$(?:retainKeys$|setElementOrder\/|deleteFromPrimitiveList\/)/;

/** The directives kustomize copies as data, anywhere in the patch, in the order of the text (aliases are not followed). */
export function ignoredDirectives(md: ManifestDoc): Finding[] {
  const out: Finding[] = [];
  const kind = md.kind ?? 'object';
  if (!md.root) return out;
  visit(md.root, {
    Pair(_, pair) {
      const key = scalarText(pair.key);
      if (key === undefined || !DIRECTIVE.test(key)) return undefined;
      out.push(finding(md, kind, key, pair as Pair<Node, Node | null>));
      return visit.SKIP; // its value is the directive's argument, not more of the patch
    },
  });
  return out;
}

function finding(md: ManifestDoc, kind: string, key: string, pair: Pair<Node, Node | null>): Finding {
  const slash = key.indexOf('/');
  const list = slash === -1 ? '' : key.slice(slash + 1);
  const effect = key === '$retainKeys'
    ? `the keys it leaves out are not cleared (this mapping is merged into the ${kind}'s). To clear them, set each to \`null\`, or put \`$patch: replace\` in this mapping (it then replaces the ${kind}'s as written)`
    : key.startsWith('$setElementOrder/')
      ? `the order of \`${list}\` is not set. To set it, replace the whole list with a JSON 6902 patch (\`op: replace\`)`
      : `nothing is deleted from \`${list}\` (a list of values replaces the ${kind}'s as written). Write \`${list}\` without those values, or remove them with a JSON 6902 patch (\`op: remove\`)`;
  return {
    range: rangeOfNode(md, pair.key),
    severity: 'error',
    code: PATCH_DIRECTIVE_CODE,
    message:
      `kustomize does not read \`${key}\`: it copies it into the built ${kind} as a field, which the API server refuses or drops, and ${effect}. ` +
      'Only `$patch` is a directive kustomize reads.',
  };
}
