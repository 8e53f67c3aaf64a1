// `rollout-pilot get rollout NAME` and the rollout actions, on the cluster layer (extension/src/cluster): the same
// list+watch store and the same exact requests the extension uses. Output lines are the plugin's.
// Exit codes: 0 ok, 1 refused or failed (explained on stderr), 2 usage.
import { executeAction, type ActionRequest } from '../extension/src/cluster/actions/execute';
import { parseGoDuration } from '../extension/src/cluster/actions/planGo';
import { KubeClient } from '../extension/src/cluster/client';
import { errorMessage } from '../extension/src/cluster/errors';
import { formatRolloutTree, type RolloutInfo } from '../extension/src/cluster/info/rolloutInfo';
import { loadKubeconfig } from '../extension/src/cluster/kubeconfig';
import { ClusterStore, rolloutInfosOf, type NamespaceSnapshot } from '../extension/src/cluster/store';
import type { KubeConfig } from '@kubernetes/client-node';

export const COMMANDS = ['get', 'promote', 'abort', 'retry', 'pause', 'restart', 'set', 'undo'];

export const CLUSTER_USAGE = `cluster commands (each takes -n/--namespace NS, --context C, --kubeconfig PATH):
  get rollout NAME [--watch] [--json]     what 'kubectl argo rollouts get rollout' shows (--json: one object,
                                          one line per change with --watch)
  promote NAME [--full]                   resume / skip to the next step (--full: skip every remaining step)
  abort NAME                              abort the update (back to stable)
  retry NAME                              retry an aborted update
  pause NAME                              pause (spec.paused)
  restart NAME [--in 10s]                 restart the pods (now, or after a Go duration)
  set image NAME CONTAINER=IMAGE          set a container's image ('*' for every container)
  undo NAME [--to-revision N]             roll back to the previous (or given) revision
`;

class UsageError extends Error {}

interface Parsed {
  positional: string[];
  namespace?: string;
  context?: string;
  kubeconfig?: string;
  json: boolean;
  watch: boolean;
  full: boolean;
  in?: string;
  toRevision?: string;
  help: boolean;
}

const VALUE_FLAGS: Record<string, keyof Parsed> = {
  '-n': 'namespace',
  '--namespace': 'namespace',
  '--context': 'context',
  '--kubeconfig': 'kubeconfig',
  '--in': 'in',
  '--to-revision': 'toRevision',
};
const BOOL_FLAGS: Record<string, keyof Parsed> = {
  '--json': 'json',
  '--watch': 'watch',
  '-w': 'watch',
  '--full': 'full',
  '--help': 'help',
  '-h': 'help',
};

export function parseArgs(args: string[]): Parsed {
  const p: Parsed = { positional: [], json: false, watch: false, full: false, help: false };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    const eq = a.startsWith('--') ? a.indexOf('=') : -1;
    const flag = eq > 0 ? a.slice(0, eq) : a;
    if (VALUE_FLAGS[flag]) {
      const v = eq > 0 ? a.slice(eq + 1) : args[++i];
      if (v === undefined || v === '') throw new UsageError(`${flag} needs a value`);
      (p as unknown as Record<string, unknown>)[VALUE_FLAGS[flag]] = v;
    } else if (BOOL_FLAGS[flag] && eq < 0) {
      (p as unknown as Record<string, unknown>)[BOOL_FLAGS[flag]] = true;
    } else if (a.startsWith('-') && a !== '-') {
      throw new UsageError(`unknown option '${a}'`);
    } else {
      p.positional.push(a);
    }
  }
  return p;
}

function one(p: Parsed, what: string): string {
  if (p.positional.length !== 1) throw new UsageError(`expected ${what}, got ${p.positional.length ? p.positional.join(' ') : 'nothing'}`);
  return p.positional[0]!;
}

/** The action a command line asks for, or a usage error. */
export function actionOf(command: string, p: Parsed): { name: string; action: ActionRequest } {
  for (const [flag, ok] of [
    ['--full', command === 'promote'],
    ['--in', command === 'restart'],
    ['--to-revision', command === 'undo'],
    ['--json', false],
    ['--watch', false],
  ] as const) {
    const set = flag === '--full' ? p.full : flag === '--in' ? p.in !== undefined : flag === '--to-revision' ? p.toRevision !== undefined : flag === '--json' ? p.json : p.watch;
    if (set && !ok) throw new UsageError(`${flag} does not apply to ${command}`);
  }
  switch (command) {
    case 'promote':
      return { name: one(p, 'NAME'), action: { action: 'promote', full: p.full } };
    case 'abort':
    case 'pause':
      return { name: one(p, 'NAME'), action: { action: command } };
    case 'retry':
      // the plugin spells it `retry rollout NAME`; both forms are accepted
      if (['rollout', 'rollouts', 'ro'].includes(p.positional[0] ?? '') && p.positional.length === 2) p.positional.shift();
      return { name: one(p, 'NAME'), action: { action: 'retry' } };
    case 'restart': {
      if (p.in !== undefined) {
        try {
          parseGoDuration(p.in);
        } catch {
          throw new UsageError(`--in takes a duration such as 10s, 1m30s or 2h, not '${p.in}'`);
        }
      }
      return { name: one(p, 'NAME'), action: { action: 'restart', in: p.in ?? 0 } };
    }
    case 'set': {
      const [what, name, assignment, ...rest] = p.positional;
      if (what !== 'image' || !name || !assignment || rest.length) throw new UsageError('usage: set image NAME CONTAINER=IMAGE');
      const eq = assignment.indexOf('=');
      if (eq <= 0 || eq === assignment.length - 1) throw new UsageError(`expected CONTAINER=IMAGE, got '${assignment}'`);
      return { name, action: { action: 'setImage', container: assignment.slice(0, eq), image: assignment.slice(eq + 1) } };
    }
    case 'undo': {
      let toRevision = 0;
      if (p.toRevision !== undefined) {
        if (!/^\d+$/.test(p.toRevision)) throw new UsageError(`--to-revision takes a revision number, not '${p.toRevision}'`);
        toRevision = Number(p.toRevision);
      }
      return { name: one(p, 'NAME'), action: { action: 'undo', toRevision } };
    }
  }
  throw new UsageError(`unknown command '${command}'`);
}

function connect(p: Parsed): { kc: KubeConfig; namespace: string } {
  const loaded = loadKubeconfig({ explicitPath: p.kubeconfig });
  if (loaded.files.length === 0) {
    throw new Error(
      loaded.errors.length ? loaded.errors.join('\n') : `no kubeconfig found (looked at ${loaded.paths.join(', ')}); set KUBECONFIG or pass --kubeconfig`,
    );
  }
  for (const e of loaded.errors) process.stderr.write(`warning: ${e}\n`);
  const name = p.context ?? loaded.currentContext;
  const ctx = loaded.contexts.find((c) => c.name === name);
  if (!name || !ctx) {
    const known = loaded.contexts.map((c) => c.name).join(', ') || 'none';
    throw new Error(name ? `context '${name}' is not in the kubeconfig (contexts: ${known})` : `the kubeconfig has no current-context; pass --context (contexts: ${known})`);
  }
  if (ctx.problem) throw new Error(ctx.problem);
  return { kc: loaded.kubeConfigFor(name), namespace: p.namespace ?? ctx.namespace };
}

/** `get --json`: the RolloutInfo (every field the tree shows, and more), numbers as numbers. */
function jsonOf(info: RolloutInfo): string {
  return JSON.stringify(info);
}

/** What changes between two redraws, ages left out (they change with the clock, not the cluster). */
function changeKey(info: RolloutInfo): string {
  return JSON.stringify(info, (k, v: unknown) => (k === 'age' ? undefined : v));
}

async function runGet(p: Parsed): Promise<number> {
  const [kind, name, ...rest] = p.positional;
  if (!kind || !['rollout', 'rollouts', 'ro'].includes(kind) || !name || rest.length) {
    throw new UsageError('usage: get rollout NAME [-n NS] [--context C] [--watch] [--json]');
  }
  const { kc, namespace } = connect(p);
  const store = new ClusterStore(kc);
  const find = (s: NamespaceSnapshot) => rolloutInfosOf(s).find((i) => i.name === name);
  // Held for the whole command so the watches started for the first snapshot keep running for --watch.
  const hold = store.subscribe(namespace, () => {});
  try {
    const first = await store.waitFor(namespace, (s) => s.settled, 30000);
    if (first.health.state !== 'connected' && first.health.state !== 'forbidden') {
      process.stderr.write(`rollout-pilot: ${first.health.message ?? first.health.state}\n`);
      return 1;
    }
    if (first.health.resources.rollouts !== 'connected') {
      process.stderr.write(`rollout-pilot: ${first.health.message}\n`);
      return 1;
    }
    if (first.health.state === 'forbidden') process.stderr.write(`warning: ${first.health.message}\n`);
    const info = find(first);
    if (!p.watch) {
      if (!info) {
        process.stderr.write(`rollout-pilot: rollout '${name}' not found in namespace '${namespace}'\n`);
        return 1;
      }
      process.stdout.write(p.json ? `${jsonOf(info)}\n` : formatRolloutTree(info));
      return 0;
    }
    return await new Promise<number>((resolve) => {
      let last = '';
      let shown = 0;
      const tty = !p.json && process.stdout.isTTY;
      const show = (s: NamespaceSnapshot) => {
        const i = find(s);
        const key = i ? changeKey(i) : `missing:${s.health.state}`;
        if (key === last) return;
        last = key;
        if (!i) {
          process.stderr.write(`rollout '${name}' not found in namespace '${namespace}' (waiting for it)\n`);
          return;
        }
        if (p.json) process.stdout.write(`${jsonOf(i)}\n`);
        else process.stdout.write(`${tty ? '\x1b[H\x1b[2J' : shown ? '\n' : ''}${formatRolloutTree(i)}`);
        shown++;
      };
      show(first);
      const sub = store.subscribe(namespace, show);
      const stop = () => {
        sub.dispose();
        resolve(0);
      };
      process.once('SIGINT', stop);
      process.once('SIGTERM', stop);
    });
  } finally {
    hold.dispose();
    store.dispose();
  }
}

async function runAction(command: string, p: Parsed): Promise<number> {
  const { name, action } = actionOf(command, p);
  const { kc, namespace } = connect(p);
  const outcome = await executeAction(new KubeClient(kc), namespace, name, action);
  if (outcome.ok) {
    process.stdout.write(`${outcome.message}\n`);
    return 0;
  }
  process.stderr.write(`rollout-pilot: ${outcome.message}\n`);
  return 1;
}

export async function runClusterCommand(command: string, args: string[]): Promise<number> {
  let p: Parsed;
  try {
    p = parseArgs(args);
    if (p.help) {
      process.stdout.write(CLUSTER_USAGE);
      return 0;
    }
    return command === 'get' ? await runGet(p) : await runAction(command, p);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`rollout-pilot ${command}: ${e.message}\n\n${CLUSTER_USAGE}`);
      return 2;
    }
    process.stderr.write(`rollout-pilot: ${errorMessage(e)}\n`);
    return 1;
  }
}
