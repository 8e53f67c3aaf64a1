// `list rollouts [-A] [--name N] [--watch] [--timestamps]` and `list experiments [-A]` (argo-rollouts
// cmd/list/*.go): one LIST, the plugin's table; "No resources found." on stderr when empty. `--watch` then prints
// a rollout's line again whenever its row changes, until Ctrl+C (exit 0).
import type { Experiment, Rollout } from '../../extension/src/cluster/k8sTypes';
import { collectionPath, EXPERIMENTS, ROLLOUTS } from '../../extension/src/cluster/resources';
import { KubeClient } from '../../extension/src/cluster/client';
import { ListWatch } from '../../extension/src/cluster/listWatch';
import { bool, str, UsageError, type Parsed } from './args';
import { connect, listOnce, untilStopped } from './connect';
import { formatExperimentTable, formatRolloutTable, formatRolloutUpdates, rolloutRow, sameRow, type ListOptions, type RolloutRow } from './listTable';

function noNames(p: Parsed, command: string): void {
  if (p.positional.length) throw new UsageError(`${command} takes no NAME (got ${p.positional.join(' ')}); use --name to pick one rollout`);
}

export async function listRollouts(p: Parsed): Promise<number> {
  noNames(p, 'list rollouts');
  const all = bool(p, 'allNamespaces');
  const name = str(p, 'name');
  const watch = bool(p, 'watch');
  const opts = (): ListOptions => ({ allNamespaces: all, ...(bool(p, 'timestamps') ? { timestamp: new Date() } : {}) });
  const { kc, namespace, deadline } = connect(p);
  const list = await listOnce<Rollout>(kc, deadline, collectionPath(ROLLOUTS, all ? undefined : namespace), name ? { fieldSelector: `metadata.name=${name}` } : {});
  const items = list.items ?? [];
  if (items.length === 0 && !watch) {
    process.stderr.write('No resources found.\n');
    return 0;
  }
  const rows = items.map(rolloutRow);
  process.stdout.write(formatRolloutTable(rows, opts()));
  if (!watch) return 0;

  // Then the rollouts alone, listed and watched (resumed after a drop, relisted after 410), as the plugin watches
  // only rollouts: a line whenever a rollout's row differs from the last one printed for it.
  const key = (r: RolloutRow) => `${r.namespace}/${r.name}`;
  const prev = new Map(rows.map((r) => [key(r), r]));
  const print = (objects: Rollout[]) => {
    const changed: RolloutRow[] = [];
    for (const ro of objects) {
      if (name && ro.metadata?.name !== name) continue;
      const row = rolloutRow(ro);
      const before = prev.get(key(row));
      if (before && sameRow(before, row)) continue;
      prev.set(key(row), row);
      changed.push(row);
    }
    if (changed.length) process.stdout.write(formatRolloutUpdates(changed, opts()));
  };
  const client = new KubeClient(kc);
  let lastProblem = '';
  const watcher = new ListWatch(client, ROLLOUTS, all ? '' : namespace, {
    onReplace: (items) => print(items as Rollout[]),
    onUpsert: (o) => print([o as Rollout]),
    onDelete: () => {},
    onState: (st) => {
      const problem = st.state === 'retrying' ? st.reason : '';
      if (problem && problem !== lastProblem) process.stderr.write(`warning: ${problem} (retrying)\n`);
      lastProblem = problem;
    },
  });
  watcher.start();
  await untilStopped().done;
  watcher.stop();
  client.dispose();
  return 0;
}

export async function listExperiments(p: Parsed): Promise<number> {
  noNames(p, 'list experiments');
  const all = bool(p, 'allNamespaces');
  const { kc, namespace, deadline } = connect(p);
  const list = await listOnce<Experiment>(kc, deadline, collectionPath(EXPERIMENTS, all ? undefined : namespace));
  const items = list.items ?? [];
  if (items.length === 0) {
    process.stderr.write('No resources found.\n');
    return 0;
  }
  process.stdout.write(formatExperimentTable(items, new Date(), all));
  return 0;
}
