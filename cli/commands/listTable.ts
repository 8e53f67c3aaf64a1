// The tables `kubectl argo rollouts list rollouts` and `list experiments` print (argo-rollouts
// pkg/kubectl-argo-rollouts/cmd/list/rollloutinfo.go, list_rollouts.go, list_experiments.go): Go `fmt` padding
// inside the cells, then `text/tabwriter` (padding 2). Pure: objects and a clock in, text out.
import { parseGoDuration } from '../../extension/src/cluster/actions/planGo';
import { currentSetWeight } from '../../extension/src/cluster/info/canarySteps';
import { humanDuration } from '../../extension/src/cluster/info/duration';
import { timeMs } from '../../extension/src/cluster/info/meta';
import { getRolloutPhase } from '../../extension/src/cluster/info/rolloutPhase';
import { tabwrite } from '../../extension/src/cluster/info/tabwriter';
import type { Experiment, Rollout } from '../../extension/src/cluster/k8sTypes';

export const ROLLOUT_HEADER = 'NAME\tSTRATEGY\tSTATUS\tSTEP\tSET-WEIGHT\tREADY\tDESIRED\tUP-TO-DATE\tAVAILABLE\n';
const EXPERIMENT_HEADER = 'NAME\tSTATUS\tDURATION\tREMAINING\tAGE\n';

/** One `list rollouts` row (`newRolloutInfo`). Two rows that compare equal print the same line. */
export interface RolloutRow {
  namespace: string;
  name: string;
  strategy: string;
  status: string;
  step: string;
  setWeight: string;
  readyCurrent: string;
  desired: number;
  upToDate: number;
  available: number;
}

export interface ListOptions {
  allNamespaces?: boolean;
  /** `--timestamps`: the time the line is printed, as `2006-01-02T15:04:05Z` */
  timestamp?: Date;
}

/** Go's `%-Ns` / `%-Nd`: left-aligned, padded with spaces to N code points. */
function pad(v: string | number, width: number): string {
  const s = String(v);
  return s + ' '.repeat(Math.max(0, width - [...s].length));
}

export function rolloutRow(ro: Rollout): RolloutRow {
  const canary = ro.spec?.strategy?.canary;
  const steps = canary?.steps ?? [];
  const index = ro.status?.currentStepIndex;
  return {
    namespace: ro.metadata?.namespace ?? '',
    name: ro.metadata?.name ?? '',
    strategy: canary ? 'Canary' : ro.spec?.strategy?.blueGreen ? 'BlueGreen' : 'unknown',
    status: getRolloutPhase(ro).phase,
    step: canary && index !== undefined && index !== null && steps.length > 0 ? `${index}/${steps.length}` : '-',
    // the desired weight, not the actual one (upstream's note)
    setWeight: canary ? String(currentSetWeight(ro)) : '-',
    readyCurrent: `${ro.status?.readyReplicas ?? 0}/${ro.status?.replicas ?? 0}`,
    desired: ro.spec?.replicas ?? 1,
    upToDate: ro.status?.updatedReplicas ?? 0,
    available: ro.status?.availableReplicas ?? 0,
  };
}

export function sameRow(a: RolloutRow, b: RolloutRow): boolean {
  return (Object.keys(a) as Array<keyof RolloutRow>).every((k) => a[k] === b[k]);
}

/** `rolloutInfo.String`: the row's cells, tab-separated, without the newline. */
export function rolloutLine(r: RolloutRow, opts: ListOptions = {}): string {
  const cells = [
    pad(r.name, 10),
    pad(r.strategy, 9),
    pad(r.status, 12),
    pad(r.step, 4),
    pad(r.setWeight, 10),
    pad(r.readyCurrent, 5),
    pad(r.desired, 7),
    pad(r.upToDate, 10),
    pad(r.available, 9),
  ];
  if (opts.allNamespaces) cells.unshift(pad(r.namespace, 9));
  if (opts.timestamp) cells.unshift(pad(`${opts.timestamp.toISOString().slice(0, 19)}Z`, 20));
  return cells.join('\t');
}

export function rolloutHeader(opts: ListOptions = {}): string {
  return `${opts.timestamp ? 'TIMESTAMP\t' : ''}${opts.allNamespaces ? 'NAMESPACE\t' : ''}${ROLLOUT_HEADER}`;
}

/** `PrintRolloutTable`: the header and one line per rollout, aligned. */
export function formatRolloutTable(rows: readonly RolloutRow[], opts: ListOptions = {}): string {
  return tabwrite(rolloutHeader(opts) + rows.map((r) => `${rolloutLine(r, opts)}\n`).join(''), { padding: 2 });
}

/** Lines printed while watching (`PrintRolloutUpdates`), aligned among themselves as one tabwriter flush. */
export function formatRolloutUpdates(rows: readonly RolloutRow[], opts: ListOptions = {}): string {
  return tabwrite(rows.map((r) => `${rolloutLine(r, opts)}\n`).join(''), { padding: 2 });
}

const COMPLETED = new Set(['Successful', 'Failed', 'Error', 'Inconclusive']);

/** `PrintExperimentTable`: NAME STATUS DURATION REMAINING AGE (NAMESPACE first with -A), measured at `now`. */
export function formatExperimentTable(experiments: readonly Experiment[], now: Date, allNamespaces = false): string {
  let text = `${allNamespaces ? 'NAMESPACE\t' : ''}${EXPERIMENT_HEADER}`;
  for (const exp of experiments) {
    const age = humanDuration(now.getTime() - timeMs(exp.metadata?.creationTimestamp));
    let dur = '-';
    let remaining = '-';
    const spec = (exp.spec ?? {}) as { duration?: unknown };
    const status = (exp.status ?? {}) as { phase?: string; availableAt?: string | null };
    if (typeof spec.duration === 'string' && spec.duration !== '') {
      let ms: number | undefined;
      try {
        ms = parseGoDuration(spec.duration);
      } catch {
        ms = undefined;
      }
      if (ms !== undefined) {
        dur = humanDuration(ms);
        if (!COMPLETED.has(status.phase ?? '') && status.availableAt) {
          const left = timeMs(status.availableAt) + ms - now.getTime();
          if (left > 0) remaining = humanDuration(left);
        }
      }
    }
    const cells = [pad(exp.metadata?.name ?? '', 10), pad(status.phase ?? '', 6), pad(dur, 8), pad(remaining, 9), pad(age, 3)];
    if (allNamespaces) cells.unshift(pad(exp.metadata?.namespace ?? '', 9));
    text += `${cells.join('\t')}\n`;
  }
  return tabwrite(text, { padding: 2 });
}
