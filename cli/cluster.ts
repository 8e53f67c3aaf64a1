// The cluster commands of `rollout-pilot` (the `kubectl argo rollouts` command line): finds the command in the
// table (cli/commands/table.ts), parses its flags and runs it (cli/commands/*.ts) on the cluster layer
// (extension/src/cluster). Exit codes: 0 ok, 1 refused or failed (explained on stderr), 2 usage.
import { errorMessage } from '../extension/src/cluster/errors';
import { CONNECTION_FLAGS, HELP_FLAG, parseArgs, UsageError, type Flag } from './commands/args';
import { clusterUsage, COMMAND_TABLE, COMMAND_WORDS, commandHelp, flagsOf, NOT_PROVIDED, type CommandSpec } from './commands/table';

export const COMMANDS = COMMAND_WORDS;
export { clusterUsage };

const ALL_FLAGS: Flag[] = [...COMMAND_TABLE.flatMap((c) => c.flags), ...CONNECTION_FLAGS];

/** The spec `command args…` names, and the args without its second word. */
export function findCommand(command: string, args: readonly string[]): { spec: CommandSpec | undefined; rest: string[]; group: CommandSpec[] } {
  const group = COMMAND_TABLE.filter((c) => c.words[0] === command);
  // the first word that is not a flag or a flag's value
  let at = -1;
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') break;
    if (a.startsWith('-') && a !== '-') {
      const f = ALL_FLAGS.find((x) => x.names.includes(a));
      if (f?.value) i++;
      continue;
    }
    at = i;
    break;
  }
  const second = at >= 0 ? args[at] : undefined;
  const sub = group.find((c) => c.words.length === 2 && second !== undefined && (c.words[1] === second || c.aliases?.includes(second)));
  if (sub) return { spec: sub, rest: args.filter((_, i) => i !== at), group };
  return { spec: group.find((c) => c.words.length === 1), rest: [...args], group };
}

function groupUsage(command: string, group: CommandSpec[]): string {
  return group
    .filter((c) => !c.hidden)
    .map((c) => commandHelp(c))
    .join('\n')
    .concat(group.length ? '' : `'${command}' has no subcommands\n`);
}

export async function runClusterCommand(command: string, args: string[]): Promise<number> {
  if (NOT_PROVIDED[command]) {
    const text = `'${command}' is the plugin's, not rollout-pilot's: ${NOT_PROVIDED[command]}\n`;
    if (args.includes('-h') || args.includes('--help')) {
      process.stdout.write(text);
      return 0;
    }
    process.stderr.write(`rollout-pilot: ${text}`);
    return 2;
  }
  const { spec, rest, group } = findCommand(command, args);
  const help = args.includes('-h') || args.includes('--help');
  if (!spec) {
    if (help) {
      process.stdout.write(groupUsage(command, group));
      return 0;
    }
    const words = group.map((c) => c.words[1]).filter(Boolean);
    process.stderr.write(`rollout-pilot ${command}: expected ${command} ${words.join('|')} NAME\n\n${groupUsage(command, group)}`);
    return 2;
  }
  const name = spec.words.join(' ');
  try {
    const flags = [...flagsOf(spec), HELP_FLAG];
    const p = parseArgs(rest, flags, name, ALL_FLAGS);
    if (p.flags.help) {
      process.stdout.write(commandHelp(spec));
      return 0;
    }
    return await spec.run(p);
  } catch (e) {
    if (e instanceof UsageError) {
      process.stderr.write(`rollout-pilot ${command}: ${e.message}\n\n${commandHelp(spec)}`);
      return 2;
    }
    process.stderr.write(`rollout-pilot: ${errorMessage(e)}\n`);
    return 1;
  }
}
