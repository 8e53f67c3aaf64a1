// A LabelSelector as the `labelSelector` query text (metav1.FormatLabelSelector): what `undo` lists ReplicaSets
// with, and what the controller stand-in writes to status.selector for the HPA.
import type { LabelSelector } from './k8sTypes';

export function formatLabelSelector(sel: LabelSelector | null | undefined): string {
  const parts: string[] = [];
  for (const [k, v] of Object.entries(sel?.matchLabels ?? {})) parts.push(`${k}=${v}`);
  for (const e of sel?.matchExpressions ?? []) {
    const values = [...(e.values ?? [])].sort().join(',');
    switch (e.operator) {
      case 'In':
        parts.push(`${e.key} in (${values})`);
        break;
      case 'NotIn':
        parts.push(`${e.key} notin (${values})`);
        break;
      case 'Exists':
        parts.push(`${e.key}`);
        break;
      case 'DoesNotExist':
        parts.push(`!${e.key}`);
        break;
      default:
        throw new Error(`${JSON.stringify(e.operator ?? '')} is not a valid label selector operator`);
    }
  }
  return parts.join(',');
}
