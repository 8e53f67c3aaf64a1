// Wiring shared by the cluster commands: the kubeconfig context a command line names, and a namespace's first
// settled snapshot from the watch-driven store (what `get`, `status` and `list --watch` start from).
import type { KubeConfig } from '@kubernetes/client-node';
import { loadKubeconfig } from '../../extension/src/cluster/kubeconfig';
import { KubeClient, type Query } from '../../extension/src/cluster/client';
import { ClusterStore, type NamespaceSnapshot } from '../../extension/src/cluster/store';
import { parseGoDuration } from '../../extension/src/cluster/actions/planGo';
import { str, UsageError, type Parsed } from './args';

/** How long a command may take to get its answers from the cluster, all requests together (a watch, once started, has no end). */
export const COMMAND_DEADLINE_MS = 30_000;

/** The context the command line names, its namespace, and the command's deadline (epoch ms, counted from now). */
export function connect(p: Parsed): { kc: KubeConfig; namespace: string; deadline: number | undefined } {
  const limit = requestTimeoutMs(str(p, 'requestTimeout'));
  const deadline = limit === 0 ? undefined : Date.now() + limit;
  const explicitPath = str(p, 'kubeconfig');
  const loaded = loadKubeconfig({ explicitPath, explicitSource: '--kubeconfig' });
  if (loaded.files.length === 0) {
    throw new Error(
      loaded.errors.length ? loaded.errors.join('\n') : `no kubeconfig found (looked at ${loaded.paths.join(', ')}); set KUBECONFIG or pass --kubeconfig`,
    );
  }
  for (const e of loaded.errors) process.stderr.write(`warning: ${e}\n`);
  const name = str(p, 'context') ?? loaded.currentContext;
  const ctx = loaded.contexts.find((c) => c.name === name);
  if (!name || !ctx) {
    const known = loaded.contexts.map((c) => c.name).join(', ') || 'none';
    throw new Error(name ? `context '${name}' is not in the kubeconfig (contexts: ${known})` : `the kubeconfig has no current-context; pass --context (contexts: ${known})`);
  }
  if (ctx.problem) throw new Error(ctx.problem);
  return { kc: loaded.kubeConfigFor(name), namespace: str(p, 'namespace') ?? ctx.namespace, deadline };
}

/** kubectl's `--request-timeout`: a bare number is seconds, else a Go duration; 0 is no limit; default 30 s. */
export function requestTimeoutMs(text: string | undefined): number {
  if (text === undefined) return COMMAND_DEADLINE_MS;
  let ms: number;
  try {
    ms = /^\d+$/.test(text) ? Number(text) * 1000 : parseGoDuration(text);
  } catch (e) {
    throw new UsageError(`--request-timeout takes a duration such as 30s or 2m (0: no limit): ${(e as Error).message}`);
  }
  if (ms < 0) throw new UsageError(`--request-timeout cannot be negative ('${text}')`);
  return ms;
}

export interface Session {
  store: ClusterStore;
  namespace: string;
  first: NamespaceSnapshot;
  /** stops the watches */
  close(): void;
}

/**
 * Lists and watches `namespace` (or every namespace) until each resource has been listed or has failed once
 * (by `deadline`).
 * Returns the session, or writes why it cannot and returns undefined (exit 1): the cluster is unreachable,
 * the credentials are refused, or rollouts cannot be listed. Missing rights on the other resources are a warning.
 */
export async function openSession(kc: KubeConfig, namespace: string, deadline: number | undefined): Promise<Session | undefined> {
  const store = new ClusterStore(kc, { client: { deadline } });
  // Held for the whole command so the watches started for the first snapshot keep running.
  const hold = store.subscribe(namespace, () => {});
  const close = () => {
    hold.dispose();
    store.dispose();
  };
  try {
    // the lists end by the deadline (answered or failed), so the store settles by then
    const first = await store.waitFor(namespace, (s) => s.settled, deadline === undefined ? 2 ** 31 - 1 : Math.max(0, deadline - Date.now()) + 5000);
    // from here on the watches run as long as the command does
    store.client.deadline = undefined;
    const h = first.health;
    if ((h.state !== 'connected' && h.state !== 'forbidden') || h.resources.rollouts !== 'connected') {
      process.stderr.write(`rollout-pilot: ${h.message ?? h.state}\n`);
      close();
      return undefined;
    }
    if (h.state === 'forbidden') process.stderr.write(`warning: ${h.message}\n`);
    return { store, namespace, first, close };
  } catch (e) {
    close();
    throw e;
  }
}

/** Resolves on SIGINT / SIGTERM or after `ms` (when given): how `--watch` commands end with exit 0. */
export function untilStopped(ms?: number): { done: Promise<'signal' | 'timeout'>; cancel(): void } {
  let cancel = () => {};
  const done = new Promise<'signal' | 'timeout'>((resolve) => {
    const onSignal = () => finish('signal');
    const timer = ms !== undefined ? setTimeout(() => finish('timeout'), ms) : undefined;
    function finish(why: 'signal' | 'timeout') {
      cancel();
      resolve(why);
    }
    cancel = () => {
      if (timer) clearTimeout(timer);
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
    };
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
  });
  return { done, cancel: () => cancel() };
}

/** One LIST by the command's deadline. */
export async function listOnce<T>(kc: KubeConfig, deadline: number | undefined, path: string, query: Query = {}): Promise<{ items?: T[] }> {
  const client = new KubeClient(kc, { deadline });
  try {
    return await client.json<{ items?: T[] }>({ method: 'GET', path, query });
  } finally {
    client.dispose();
  }
}
