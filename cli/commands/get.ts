// `get rollout NAME` and `get experiment NAME`: the plugin's `--no-color` text (or `--json`), once or, with
// `--watch`, redrawn on every change until Ctrl+C or `--timeout-seconds` (exit 0 either way, as the plugin).
import { deriveExperiment, type ExperimentInfo } from '../../extension/src/cluster/info/experimentInfo';
import { formatExperimentTree } from '../../extension/src/cluster/info/formatTree';
import { formatRolloutTree, type RolloutInfo } from '../../extension/src/cluster/info/rolloutInfo';
import { rolloutInfosOf, type NamespaceSnapshot } from '../../extension/src/cluster/store';
import { bool, one, str, UsageError, type Parsed } from './args';
import { connect, openSession, untilStopped } from './connect';

interface Kind<T> {
  word: 'rollout' | 'experiment';
  find(s: NamespaceSnapshot, name: string): T | undefined;
  text(info: T): string;
}

/** `GetOptions.Clear`: cursor home, clear the screen, cursor to 0,0. */
const CLEAR = '\x1b[H\x1b[2J\x1b[0;0H';

/** What changes between two redraws, ages left out (they change with the clock, not the cluster). */
function changeKey(info: unknown): string {
  return JSON.stringify(info, (k, v: unknown) => (k === 'age' ? undefined : v));
}

const ROLLOUT: Kind<RolloutInfo> = {
  word: 'rollout',
  find: (s, name) => rolloutInfosOf(s).find((i) => i.name === name),
  text: (i) => formatRolloutTree(i),
};

const EXPERIMENT: Kind<ExperimentInfo> = {
  word: 'experiment',
  find: (s, name) => {
    const exp = s.experiments.find((e) => e.metadata?.name === name);
    return exp && deriveExperiment(exp, s.replicaSets, s.analysisRuns, s.pods, new Date());
  },
  text: (i) => formatExperimentTree(i),
};

function timeoutSeconds(p: Parsed): number | undefined {
  const t = str(p, 'timeoutSeconds');
  if (t === undefined) return undefined;
  // like the plugin, accepted without --watch and then unused
  if (!/^\d+$/.test(t)) throw new UsageError(`--timeout-seconds takes a whole number of seconds, not '${t}'`);
  return Number(t) > 0 ? Number(t) * 1000 : undefined;
}

async function run<T>(kind: Kind<T>, p: Parsed): Promise<number> {
  const name = one(p);
  const watch = bool(p, 'watch');
  const json = bool(p, 'json');
  const timeoutMs = timeoutSeconds(p);
  const { kc, namespace, deadline } = connect(p);
  const session = await openSession(kc, namespace, deadline);
  if (!session) return 1;
  try {
    const info = kind.find(session.first, name);
    if (!info) {
      process.stderr.write(`rollout-pilot: ${kind.word} '${name}' not found in namespace '${namespace}'\n`);
      return 1;
    }
    // On a terminal the plugin's way: clear the screen and redraw, also every second so the ages move. Piped,
    // a redraw only on change, after a blank line (no escape codes in a log).
    const tty = !json && !!process.stdout.isTTY;
    const show = (i: T, clear: boolean) => {
      if (json) process.stdout.write(`${JSON.stringify(i)}\n`);
      else process.stdout.write(`${clear ? (tty ? CLEAR : '\n') : ''}${kind.text(i)}`);
    };
    show(info, false);
    if (!watch) return 0;
    let current = info;
    const tick = tty ? setInterval(() => show(current, true), 1000) : undefined;
    let last = changeKey(info);
    let missing = false;
    const sub = session.store.subscribe(namespace, (s) => {
      const i = kind.find(s, name);
      if (!i) {
        if (!missing) process.stderr.write(`${kind.word} '${name}' not found in namespace '${namespace}' (waiting for it)\n`);
        missing = true;
        return;
      }
      missing = false;
      current = i;
      const key = changeKey(i);
      if (key === last) return;
      last = key;
      show(i, true);
    });
    await untilStopped(timeoutMs).done;
    if (tick) clearInterval(tick);
    sub.dispose();
    return 0;
  } finally {
    session.close();
  }
}

export const getRollout = (p: Parsed) => run(ROLLOUT, p);
export const getExperiment = (p: Parsed) => run(EXPERIMENT, p);
