// What `undo` needs besides the patch itself: the label-selector and controller-reference filters of the
// ReplicaSet list, and the "derivative" template comparison that decides whether a rollback is a no-op
// (argo-rollouts cmd/undo/undo.go; k8s.io/apimachinery metav1.LabelSelectorAsSelector, IsControlledBy,
// equality.Semantic.DeepDerivative on unstructured maps).
import type { LabelSelector, Labels, ObjectMeta } from '../k8sTypes';

/** Whether `labels` match the selector; throws the apimachinery error for an invalid one. Empty matches all. */
export function selectorMatches(selector: LabelSelector | null | undefined, labels: Labels | null | undefined): boolean {
  const have = labels ?? {};
  for (const [k, v] of Object.entries(selector?.matchLabels ?? {})) if (have[k] !== v) return false;
  for (const req of selector?.matchExpressions ?? []) {
    const key = req.key ?? '';
    const values = req.values ?? [];
    const present = Object.prototype.hasOwnProperty.call(have, key);
    switch (req.operator) {
      case 'In':
      case 'NotIn': {
        if (values.length === 0) throw new Error("for 'in', 'notin' operators, values set can't be empty");
        const inSet = present && values.includes(have[key]);
        if (req.operator === 'In' ? !inSet : inSet) return false;
        break;
      }
      case 'Exists':
        if (!present) return false;
        break;
      case 'DoesNotExist':
        if (present) return false;
        break;
      default:
        throw new Error(`${JSON.stringify(req.operator ?? '')} is not a valid label selector operator`);
    }
  }
  return true;
}

/** `metav1.IsControlledBy`: the object's controller owner reference (the first with controller: true) has `uid`. */
export function isControlledBy(meta: ObjectMeta | undefined, uid: string): boolean {
  const controller = (meta?.ownerReferences ?? []).find((r) => r.controller === true);
  return !!controller && !!uid && controller.uid === uid;
}

function kindOf(v: unknown): string {
  if (v === null) return 'null';
  if (Array.isArray(v)) return 'array';
  return typeof v;
}

/**
 * `equality.Semantic.DeepDerivative(a1, a2)` on decoded JSON: anything unset in `a1` (null, "", an empty list
 * or map) is ignored; a map's keys in `a1` must exist in `a2`; a list in `a1` must be a prefix of `a2`'s.
 */
export function deepDerivative(a1: unknown, a2: unknown): boolean {
  if (a1 === null || a1 === undefined) return true;
  if (kindOf(a1) !== kindOf(a2)) return false;
  if (typeof a1 === 'string') return a1 === '' || a1 === a2;
  if (Array.isArray(a1)) {
    const b = a2 as unknown[];
    if (a1.length === 0) return true;
    if (a1.length > b.length) return false;
    return a1.every((x, i) => deepDerivative(x, b[i]));
  }
  if (typeof a1 === 'object') {
    const o1 = a1 as Record<string, unknown>;
    const o2 = a2 as Record<string, unknown>;
    const keys = Object.keys(o1);
    if (keys.length === 0) return true;
    if (keys.length > Object.keys(o2).length) return false;
    return keys.every((k) => Object.prototype.hasOwnProperty.call(o2, k) && deepDerivative(o1[k], o2[k]));
  }
  return a1 === a2;
}
