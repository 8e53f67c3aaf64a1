// Command-line flags as the plugin (cobra/pflag) reads them: `--flag value`, `--flag=value`, `-f value`, `-f=value`,
// `-fvalue`; booleans as `--flag`, `--flag=true|false`, `-w=false`; `--` ends the flags. Pure.

export class UsageError extends Error {}

export interface Flag {
  /** e.g. `['-w', '--watch']` */
  names: string[];
  key: string;
  /** takes a value (a string); otherwise a boolean */
  value?: boolean;
  /** value placeholder in help, e.g. `NS` */
  arg?: string;
  help: string;
}

export interface Parsed {
  positional: string[];
  flags: Record<string, string | boolean>;
}

export const CONNECTION_FLAGS: Flag[] = [
  { names: ['-n', '--namespace'], key: 'namespace', value: true, arg: 'NS', help: 'namespace (default: the context\'s)' },
  { names: ['--context'], key: 'context', value: true, arg: 'NAME', help: 'kubeconfig context (default: current-context)' },
  { names: ['--kubeconfig'], key: 'kubeconfig', value: true, arg: 'PATH', help: 'kubeconfig file (default: KUBECONFIG, ~/.kube/config)' },
  {
    names: ['--request-timeout'],
    key: 'requestTimeout',
    value: true,
    arg: 'DURATION',
    help: 'how long the command may wait for the cluster, all requests together (default 30s; 0: no limit)',
  },
];

export const HELP_FLAG: Flag = { names: ['-h', '--help'], key: 'help', help: 'help for this command' };

const BOOL_VALUES: Record<string, boolean> = { true: true, '1': true, t: true, T: true, TRUE: true, True: true, false: false, '0': false, f: false, F: false, FALSE: false, False: false };

/**
 * Parses `args` against `flags`. An option not in `flags` is a UsageError: `unknown option '--x'`, or, when
 * `elsewhere` knows it, `--x does not apply to <command>`.
 */
export function parseArgs(args: readonly string[], flags: readonly Flag[], command: string, elsewhere: readonly Flag[] = []): Parsed {
  const byName = new Map<string, Flag>();
  for (const f of flags) for (const n of f.names) byName.set(n, f);
  const p: Parsed = { positional: [], flags: {} };
  for (let i = 0; i < args.length; i++) {
    const a = args[i]!;
    if (a === '--') {
      p.positional.push(...args.slice(i + 1));
      break;
    }
    if (!a.startsWith('-') || a === '-') {
      p.positional.push(a);
      continue;
    }
    let name: string;
    let inline: string | undefined;
    const eq = a.indexOf('=');
    if (a.startsWith('--')) {
      name = eq > 0 ? a.slice(0, eq) : a;
      inline = eq > 0 ? a.slice(eq + 1) : undefined;
    } else {
      name = a.slice(0, 2);
      const rest = a.slice(2);
      inline = rest === '' ? undefined : rest.startsWith('=') ? rest.slice(1) : rest;
    }
    const flag = byName.get(name);
    if (!flag) {
      if (elsewhere.some((f) => f.names.includes(name))) throw new UsageError(`${name} does not apply to ${command}`);
      throw new UsageError(`unknown option '${a}'`);
    }
    if (flag.value) {
      const v = inline ?? args[++i];
      if (v === undefined || v === '') throw new UsageError(`${name} needs a value`);
      p.flags[flag.key] = v;
    } else if (inline === undefined) {
      p.flags[flag.key] = true;
    } else {
      const b = BOOL_VALUES[inline];
      if (b === undefined) throw new UsageError(`${name} takes true or false, not '${inline}'`);
      p.flags[flag.key] = b;
    }
  }
  return p;
}

export function str(p: Parsed, key: string): string | undefined {
  const v = p.flags[key];
  return typeof v === 'string' ? v : undefined;
}

export function bool(p: Parsed, key: string, fallback = false): boolean {
  const v = p.flags[key];
  return typeof v === 'boolean' ? v : fallback;
}

/** Exactly one NAME. */
export function one(p: Parsed, what = 'NAME'): string {
  if (p.positional.length !== 1) throw new UsageError(`expected ${what}, got ${p.positional.length ? p.positional.join(' ') : 'nothing'}`);
  return p.positional[0]!;
}

/** One or more NAMEs. */
export function some(p: Parsed, what = 'NAME'): string[] {
  if (p.positional.length === 0) throw new UsageError(`expected ${what}..., got nothing`);
  return p.positional;
}
