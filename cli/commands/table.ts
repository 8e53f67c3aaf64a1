// Every cluster command of `rollout-pilot`, as `kubectl argo rollouts` (v1.9) spells it: words and aliases,
// arguments, flags, one line of help, and what runs it. The dispatcher (cli/cluster.ts), the help texts and
// the shell completion scripts are all read from this one table.
import { CONNECTION_FLAGS, type Flag, type Parsed } from './args';

export type NameResource = 'rollouts' | 'experiments' | 'analysisruns';

export interface CommandSpec {
  /** `['get', 'rollout']`; a one-word command has one word */
  words: [string] | [string, string];
  /** other spellings of the last word (`ro`, `rollouts`) */
  aliases?: string[];
  /** the arguments, as help shows them */
  args: string;
  summary: string;
  flags: Flag[];
  /** takes -n / --context / --kubeconfig (default true) */
  cluster?: boolean;
  /** what NAME completes to */
  names?: NameResource;
  /** left out of help and completion */
  hidden?: boolean;
  run(p: Parsed): Promise<number>;
}

const WATCH: Flag = { names: ['-w', '--watch'], key: 'watch', help: 'watch live updates' };
const NO_COLOR: Flag = { names: ['--no-color'], key: 'noColor', help: 'do not colorize output (rollout-pilot never does; accepted for the plugin\'s scripts)' };
const JSON_FLAG: Flag = { names: ['--json'], key: 'json', help: 'one JSON object (one line per change with --watch) instead of the text' };
const ALL_NS: Flag = { names: ['-A', '--all-namespaces'], key: 'allNamespaces', help: 'include all namespaces' };

const lazy =
  <M>(load: () => Promise<M>, pick: (m: M) => (p: Parsed) => Promise<number>) =>
  async (p: Parsed) =>
    pick(await load())(p);
const actions = () => import('./actions');

export const COMMAND_TABLE: CommandSpec[] = [
  {
    words: ['get', 'rollout'],
    aliases: ['ro', 'rollouts'],
    args: 'NAME',
    summary: "what 'kubectl argo rollouts get rollout' shows",
    flags: [WATCH, { names: ['--timeout-seconds'], key: 'timeoutSeconds', value: true, arg: 'N', help: 'with --watch: stop after N seconds (exit 0)' }, NO_COLOR, JSON_FLAG],
    names: 'rollouts',
    run: lazy(() => import('./get'), (m) => m.getRollout),
  },
  {
    words: ['get', 'experiment'],
    aliases: ['exp', 'experiments'],
    args: 'NAME',
    summary: 'an Experiment with its ReplicaSets, pods and AnalysisRuns',
    flags: [WATCH, NO_COLOR, JSON_FLAG],
    names: 'experiments',
    run: lazy(() => import('./get'), (m) => m.getExperiment),
  },
  {
    words: ['list', 'rollouts'],
    aliases: ['ro', 'rollout'],
    args: '',
    summary: 'NAME STRATEGY STATUS STEP SET-WEIGHT READY DESIRED UP-TO-DATE AVAILABLE',
    flags: [
      { names: ['--name'], key: 'name', value: true, arg: 'NAME', help: 'only the rollout with this name' },
      ALL_NS,
      { names: ['-w', '--watch'], key: 'watch', help: 'then print a line whenever a rollout changes' },
      { names: ['--timestamps'], key: 'timestamps', help: 'print a TIMESTAMP column' },
    ],
    run: lazy(() => import('./list'), (m) => m.listRollouts),
  },
  {
    words: ['list', 'experiments'],
    aliases: ['exp', 'experiment'],
    args: '',
    summary: 'NAME STATUS DURATION REMAINING AGE',
    flags: [ALL_NS],
    run: lazy(() => import('./list'), (m) => m.listExperiments),
  },
  {
    words: ['status'],
    args: 'NAME',
    summary: 'wait until Healthy (exit 0), Degraded or the timeout (exit 1)',
    flags: [
      { names: ['-w', '--watch'], key: 'watch', help: 'watch until done (default true; --watch=false prints the status once)' },
      { names: ['-t', '--timeout'], key: 'timeout', value: true, arg: 'DURATION', help: 'give up after this long, e.g. 60s, 5m (default 0: wait forever)' },
    ],
    names: 'rollouts',
    run: lazy(() => import('./status'), (m) => m.runStatus),
  },
  {
    words: ['promote'],
    args: 'NAME',
    summary: 'resume / skip to the next step',
    flags: [{ names: ['--full'], key: 'full', help: 'skip every remaining step and analysis' }],
    names: 'rollouts',
    run: lazy(actions, (m) => m.runRolloutAction('promote')),
  },
  { words: ['abort'], args: 'NAME...', summary: 'abort the update (back to stable)', flags: [], names: 'rollouts', run: lazy(actions, (m) => m.runRolloutAction('abort')) },
  {
    words: ['retry', 'rollout'],
    aliases: ['ro', 'rollouts'],
    args: 'NAME...',
    summary: 'retry an aborted update',
    flags: [],
    names: 'rollouts',
    run: lazy(actions, (m) => m.runRolloutAction('retry')),
  },
  {
    words: ['retry', 'experiment'],
    aliases: ['exp', 'experiments'],
    args: 'NAME...',
    summary: 'run a finished Experiment again',
    flags: [],
    names: 'experiments',
    run: lazy(actions, (m) => m.runAnalysisAction({ action: 'retryExperiment' })),
  },
  // `retry NAME`, the form rollout-pilot accepted first
  { words: ['retry'], args: 'NAME...', summary: 'retry rollout NAME', flags: [], names: 'rollouts', hidden: true, run: lazy(actions, (m) => m.runRolloutAction('retry')) },
  { words: ['pause'], args: 'NAME...', summary: 'pause (spec.paused)', flags: [], names: 'rollouts', run: lazy(actions, (m) => m.runRolloutAction('pause')) },
  {
    words: ['restart'],
    args: 'NAME',
    summary: 'restart the pods',
    flags: [{ names: ['-i', '--in'], key: 'in', value: true, arg: 'DURATION', help: 'restart after this long, e.g. 10s' }],
    names: 'rollouts',
    run: lazy(actions, (m) => m.runRolloutAction('restart')),
  },
  {
    words: ['set', 'image'],
    args: 'NAME CONTAINER=IMAGE',
    summary: "set a container's image ('*' for every container)",
    flags: [],
    names: 'rollouts',
    run: lazy(actions, (m) => m.runRolloutAction('set image')),
  },
  {
    words: ['undo'],
    args: 'NAME',
    summary: 'roll back to the previous (or given) revision',
    flags: [{ names: ['--to-revision'], key: 'toRevision', value: true, arg: 'N', help: 'the revision to go back to' }],
    names: 'rollouts',
    run: lazy(actions, (m) => m.runRolloutAction('undo')),
  },
  {
    words: ['terminate', 'analysisrun'],
    aliases: ['ar', 'analysisruns'],
    args: 'NAME...',
    summary: 'stop a running AnalysisRun',
    flags: [],
    names: 'analysisruns',
    run: lazy(actions, (m) => m.runAnalysisAction({ action: 'terminate', kind: 'AnalysisRun' })),
  },
  {
    words: ['terminate', 'experiment'],
    aliases: ['exp', 'experiments'],
    args: 'NAME...',
    summary: 'stop a running Experiment',
    flags: [],
    names: 'experiments',
    run: lazy(actions, (m) => m.runAnalysisAction({ action: 'terminate', kind: 'Experiment' })),
  },
  {
    words: ['version'],
    args: '',
    summary: 'print the version',
    flags: [{ names: ['--short'], key: 'short', help: 'only the version number' }],
    cluster: false,
    run: lazy(() => import('./version'), (m) => m.runVersion),
  },
  {
    words: ['completion'],
    args: 'bash|zsh',
    summary: 'print a shell completion script',
    flags: [],
    cluster: false,
    run: lazy(() => import('./completion'), (m) => m.runCompletion),
  },
  {
    words: ['__names'],
    args: 'rollouts|experiments|analysisruns',
    summary: 'names for shell completion',
    flags: [],
    hidden: true,
    run: lazy(() => import('./completion'), (m) => m.runNames),
  },
];

/** The plugin's commands rollout-pilot leaves to other tools, and what to use instead. */
export const NOT_PROVIDED: Record<string, string> = {
  create: 'use `kubectl create -f FILE` (or `kubectl apply -f FILE`): Rollouts, Experiments and AnalysisRuns are ordinary objects',
  dashboard: "open the rollout in VS Code instead: the Rollout Pilot extension's rollout page shows it live, with the same actions",
};

export const COMMAND_WORDS = [...new Set([...COMMAND_TABLE.map((c) => c.words[0]), ...Object.keys(NOT_PROVIDED)])];

export function flagsOf(spec: CommandSpec): Flag[] {
  return spec.cluster === false ? spec.flags : [...spec.flags, ...CONNECTION_FLAGS];
}

function spelled(spec: CommandSpec): string {
  const last = [spec.words[spec.words.length - 1], ...(spec.aliases ?? [])].join('|');
  return spec.words.length === 2 ? `${spec.words[0]} ${last}` : last;
}

function flagUsage(f: Flag): string {
  return `${f.names.join('/')}${f.value ? ` ${f.arg ?? 'VALUE'}` : ''}`;
}

/** `rollout-pilot <command> --help`: one spec's usage with every flag. */
export function commandHelp(spec: CommandSpec): string {
  let out = `usage: rollout-pilot ${spelled(spec)}${spec.args ? ` ${spec.args}` : ''} [flags]\n\n${spec.summary}\n\nflags:\n`;
  const flags = flagsOf(spec);
  const width = Math.max(...flags.map((f) => flagUsage(f).length)) + 2;
  for (const f of flags) out += `  ${flagUsage(f).padEnd(width)}${f.help}\n`;
  return out;
}

/** The cluster part of `rollout-pilot --help`. */
export function clusterUsage(): string {
  const rows = COMMAND_TABLE.filter((c) => !c.hidden).map((c) => {
    const flags = c.flags.map((f) => `[${flagUsage(f)}]`).join(' ');
    return [`${spelled(c)}${c.args ? ` ${c.args}` : ''}${flags ? ` ${flags}` : ''}`, c.summary] as const;
  });
  let out = 'cluster commands (kubectl argo rollouts v1.9; each takes -n/--namespace NS, --context NAME, --kubeconfig PATH):\n';
  for (const [usage, summary] of rows) out += `  ${usage}\n      ${summary}\n`;
  out += '\nnot provided:\n';
  for (const [w, instead] of Object.entries(NOT_PROVIDED)) out += `  ${w}: ${instead}\n`;
  return out;
}
