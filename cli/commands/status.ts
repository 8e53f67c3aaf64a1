// `status NAME [--watch=false] [--timeout 60s]` (argo-rollouts cmd/status/status.go): the gate CI scripts put
// after `set image`. Watching (the default), it prints `Status` or `Status - Message` whenever that line changes
// and stops at Healthy (exit 0) or Degraded (exit 1); `--timeout` ends the wait with exit 1. With
// `--watch=false` it prints the current line once (Healthy and Degraded without the message) and exits 1 only
// for Degraded.
import { parseGoDuration } from '../../extension/src/cluster/actions/planGo';
import type { RolloutInfo } from '../../extension/src/cluster/info/rolloutInfo';
import { rolloutInfosOf, type NamespaceSnapshot } from '../../extension/src/cluster/store';
import { bool, one, str, UsageError, type Parsed } from './args';
import { connect, openSession, untilStopped } from './connect';

/** The line `status` prints while watching: `Status` or `Status - Message`. */
export function statusLine(i: Pick<RolloutInfo, 'status' | 'message'>): string {
  return i.message ? `${i.status} - ${i.message}` : i.status;
}

const done = (status: string) => status === 'Healthy' || status === 'Degraded';

export async function runStatus(p: Parsed): Promise<number> {
  const name = one(p, 'ROLLOUT_NAME');
  const watch = bool(p, 'watch', true);
  let timeoutMs: number | undefined;
  const t = str(p, 'timeout');
  if (t !== undefined) {
    try {
      timeoutMs = parseGoDuration(t);
    } catch (e) {
      throw new UsageError(`--timeout takes a duration such as 60s, 5m or 1h (0 waits forever): ${(e as Error).message}`);
    }
    if (timeoutMs < 0) throw new UsageError(`--timeout cannot be negative ('${t}')`);
  }
  const { kc, namespace, deadline } = connect(p);
  // The clock starts before the first list, as the plugin's starts before its informers sync.
  const stop = watch ? untilStopped(timeoutMs ? timeoutMs : undefined) : undefined;
  try {
    const session = await openSession(kc, namespace, deadline);
    if (!session) return 1;
    try {
      const find = (s: NamespaceSnapshot) => rolloutInfosOf(s).find((i) => i.name === name);
      let info = find(session.first);
      if (!info) {
        process.stderr.write(`rollout-pilot: rollout '${name}' not found in namespace '${namespace}'\n`);
        return 1;
      }
      if (!watch) {
        process.stdout.write(`${done(info.status) ? info.status : statusLine(info)}\n`);
      } else {
        let printed = '';
        const print = (i: RolloutInfo) => {
          const line = statusLine(i);
          if (line !== printed) process.stdout.write(`${line}\n`);
          printed = line;
        };
        print(info);
        if (!done(info.status)) {
          const finished = new Promise<void>((resolve) => {
            const sub = session.store.subscribe(namespace, (s) => {
              const i = find(s);
              if (!i) return;
              info = i;
              print(i);
              if (done(i.status)) {
                sub.dispose();
                resolve();
              }
            });
            void stop!.done.then(() => {
              sub.dispose();
              resolve();
            });
          });
          await finished;
        }
      }
      if (info.status === 'Degraded') {
        process.stderr.write(`rollout-pilot: The rollout is in a degraded state with message: ${info.message}\n`);
        return 1;
      }
      if (watch && info.status !== 'Healthy') {
        process.stderr.write('rollout-pilot: Rollout status watch exceeded timeout\n');
        return 1;
      }
      return 0;
    } finally {
      session.close();
    }
  } finally {
    stop?.cancel();
  }
}
