// `rollout-pilot lint [PATH...]`: the language server's engine over files from disk (or stdin), for terminals and CI.
// Exit codes: 0 no error-severity finding, 1 at least one, 2 usage or I/O error (or a rule that crashed).
import { fstatSync, readFileSync, readdirSync, realpathSync, statSync, type Dirent } from 'node:fs';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { internalError, Linter } from '../server/src/core/engine';
import { WorkspaceIndex } from '../server/src/core/workspace/index';
import { POOL_MIN_FILES, workerCount } from '../server/src/indexer/pool';
import { DEFAULT_SETTINGS, parseRuleLevels, parseSettingValue, parseSettings, toLintOptions } from '../server/src/lsp/settings';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatSummary, formatText } from './format/text';
import { summarize, type FileFinding } from './format/types';
import { kustomizeContext, MAX_CONTEXT_FILES } from '../server/src/indexer/kustomizeContext';
import { indexFromFacts } from './lintIndex';
import { lintInWorkers } from './lintPool';
import type { LintInput } from './lintProtocol';
import pkg from '../package.json';

export const STDIN_NAME = '<stdin>';

const USAGE = `usage: rollout-pilot lint [PATH...] [options]

Checks Argo Rollout, HPA and Service manifests. PATH is a file, a folder (searched recursively for *.yaml / *.yml,
skipping node_modules and dot-folders) or - for stdin; without PATH, the current folder. Links between resources
(an HPA's target, a Rollout's Services and AnalysisTemplates, a Service's selector) resolve across all the PATHs;
a link missing from a folder given is a warning, from files named alone only information. Files that a
kustomization among the PATHs lists as patches are checked as fragments (docs/workspace.md, "Kustomize patches").
For files named alone, the kustomizations in their folders and above (up to the repository's root) and what their
builds include are read too, for the links and patches only (a note says how many; they are not checked).

options:
  --format text|json|sarif    output format (default text; findings on stdout, summary on stderr)
  --kubernetes-version X.Y    Kubernetes version the manifests target (default ${DEFAULT_SETTINGS.kubernetesVersion})
  --no-schema                 leave pure schema-shape findings to another tool
  --max-file-size-kb N        check only the first N KB of larger files (default 5120)
  --rule CODE=LEVEL           report CODE as error|warning|information|hint, or off (repeatable; as the
                              rolloutPilot.rules setting; codes in docs/rules.md)
  --stdin-filename NAME       the name to report for - (default ${STDIN_NAME}); the text then stands for that file
                              (an editor's unsaved buffer: links and kustomize patches as for the file)
  --jobs N                    worker threads for ${POOL_MIN_FILES} files or more, 0 to 8; the output is the same (default
                              one per core, at most 4, none on one core; or ROLLOUT_PILOT_INDEX_WORKERS)
  -h, --help                  this text

exit status: 0 no errors, 1 errors found, 2 usage or I/O error
`;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];


class UsageError extends Error {}

/** The flags that set what an editor sets through `rolloutPilot.*`. */
const FLAG_SETTINGS: ReadonlyArray<[string, 'kubernetesVersion' | 'maxFileSizeKb']> = [
  ['--kubernetes-version', 'kubernetesVersion'],
  ['--max-file-size-kb', 'maxFileSizeKb'],
];

interface LintArgs {
  paths: string[];
  stdinName: string;
  format: Format;
  raw: Record<string, unknown>;
  jobs: number;
}

/**
 * The workers' script, beside dist/cli.js (scripts/build.mjs); without it (the sources run as they are) every file is
 * checked on the main thread. ROLLOUT_PILOT_LINT_WORKER names another, for the tests of a worker that fails.
 */
const WORKER_SCRIPT = process.env.ROLLOUT_PILOT_LINT_WORKER || join(__dirname, 'lint-worker.js');

function parse(args: string[]): LintArgs | 'help' {
  let values: Record<string, string | boolean | string[] | undefined>;
  let positionals: string[];
  try {
    ({ values, positionals } = parseArgs({
      args,
      allowPositionals: true,
      strict: true,
      options: {
        format: { type: 'string' },
        'kubernetes-version': { type: 'string' },
        'no-schema': { type: 'boolean' },
        'max-file-size-kb': { type: 'string' },
        'stdin-filename': { type: 'string' },
        rule: { type: 'string', multiple: true },
        jobs: { type: 'string' },
        help: { type: 'boolean', short: 'h' },
      },
    }));
  } catch (err) {
    throw new UsageError(err instanceof Error ? err.message : String(err));
  }
  if (values.help) return 'help';
  const format = (values.format ?? 'text') as string;
  if (!(FORMATS as readonly string[]).includes(format)) throw new UsageError(`--format must be text, json or sarif (got '${format}')`);
  const raw: Record<string, unknown> = {};
  if (values['kubernetes-version'] !== undefined) raw.kubernetesVersion = values['kubernetes-version'];
  if (values['no-schema']) raw.schemaDiagnostics = false;
  if (values['max-file-size-kb'] !== undefined) {
    const s = values['max-file-size-kb'] as string;
    raw.maxFileSizeKb = /^\d+(\.\d+)?$/.test(s) ? Number(s) : s;
  }
  const rules: Record<string, string> = {};
  for (const r of (values.rule as string[] | undefined) ?? []) {
    const m = /^([^=\s]+)=([^=\s]+)$/.exec(r.trim());
    if (!m) throw new UsageError(`--rule takes CODE=LEVEL, e.g. --rule argo-max-surge=off (got '${r}')`);
    rules[m[1]!] = m[2]!;
  }
  if (Object.keys(rules).length > 0) raw.rules = rules;
  const stdinName = (values['stdin-filename'] as string | undefined) || STDIN_NAME;
  let jobs = workerCount();
  if (values.jobs !== undefined) {
    const s = values.jobs as string;
    if (!/^\d+$/.test(s) || Number(s) > 8) throw new UsageError(`--jobs must be a whole number from 0 to 8 (got '${s}')`);
    jobs = Number(s);
  }
  return { paths: positionals.length ? positionals : ['.'], stdinName, format: format as Format, raw, jobs };
}

function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/** Files larger than this are refused unread (a language server would not open them either). */
function readCap(maxTextLength: number): number {
  return Math.max(64 * 1024 * 1024, 4 * maxTextLength);
}

/** Why a path or its text could not be checked; the run goes on with the other paths and exits 2. */
class InputError extends Error {}

/**
 * The files to check under a folder, in a stable (sorted) order. node_modules and dot-folders are skipped; symbolic
 * links are followed, each real folder searched once (a link back up the tree is a loop, not an endless walk); an
 * entry that cannot be read is reported through `problem` and the walk goes on beside it.
 */
function walk(dir: string, out: string[], problem: (message: string) => void, note: (message: string) => void, seen: Set<string>): void {
  let real: string;
  let entries: Dirent[];
  try {
    real = realpathSync(dir);
    if (seen.has(real)) {
      note(`skipped '${dir}': it leads to '${real}', which is already searched (a symbolic link loop or a second link)`);
      return;
    }
    seen.add(real);
    entries = readdirSync(dir, { withFileTypes: true });
  } catch (err) {
    problem(ioWhy(dir, err));
    return;
  }
  entries.sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    let isDir = e.isDirectory();
    let isRegular = e.isFile();
    if (e.isSymbolicLink()) {
      try {
        const st = statSync(p);
        isDir = st.isDirectory();
        isRegular = st.isFile();
      } catch (err) {
        // a dangling link of another name may be anything; a loop or a YAML name that cannot be followed is said
        if (isYamlName(e.name) || (err as NodeJS.ErrnoException).code !== 'ENOENT') problem(ioWhy(p, err, 'a symbolic link to nothing'));
        continue;
      }
    }
    if (isDir) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      walk(p, out, problem, note, seen);
    } else if (isYamlName(e.name)) {
      if (isRegular) out.push(p);
      else problem(`'${p}' is not a regular file (a device, socket or pipe); not checked`);
    }
  }
}

function ioWhy(path: string, err: unknown, enoent = 'no such file or folder'): string {
  const e = err as NodeJS.ErrnoException;
  const why =
    e.code === 'ENOENT'
      ? enoent
      : e.code === 'EACCES' || e.code === 'EPERM'
        ? 'permission denied'
        : e.code === 'ELOOP'
          ? 'too many levels of symbolic links'
          : e.code === 'EISDIR'
            ? 'it is a folder'
            : (e.message ?? String(err));
  return `cannot read '${path}': ${why}`;
}

/**
 * Text of a file's bytes: UTF-8 (with or without a BOM) or UTF-16 with a BOM, as editors save them. Anything else is
 * refused with the reason rather than checked as garbage (or, worse, reported clean).
 */
export function decodeText(buf: Buffer, name: string): string {
  if (buf.length >= 4 && ((buf[0] === 0xff && buf[1] === 0xfe && buf[2] === 0 && buf[3] === 0) || (buf[0] === 0 && buf[1] === 0 && buf[2] === 0xfe && buf[3] === 0xff))) {
    throw new InputError(`'${name}' is UTF-32 text; save it as UTF-8 to check it`);
  }
  if (buf.length >= 2 && buf[0] === 0xff && buf[1] === 0xfe) return new TextDecoder('utf-16le').decode(buf.subarray(2));
  if (buf.length >= 2 && buf[0] === 0xfe && buf[1] === 0xff) return new TextDecoder('utf-16be').decode(buf.subarray(2));
  const nul = buf.indexOf(0);
  if (nul !== -1) {
    throw new InputError(`'${name}' is not text (a NUL byte at offset ${nul}; UTF-16 without a byte order mark?); not checked`);
  }
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(buf);
  } catch {
    throw new InputError(`'${name}' is not valid UTF-8 text; save it as UTF-8 (or UTF-16 with a byte order mark) to check it`);
  }
}

function readRegularFile(path: string, cap: number): string {
  let st;
  try {
    st = statSync(path);
  } catch (err) {
    throw new InputError(ioWhy(path, err));
  }
  if (st.isDirectory()) throw new InputError(`cannot read '${path}': it is a folder`);
  if (!st.isFile()) throw new InputError(`'${path}' is not a regular file (a device, socket or pipe); not checked`);
  if (st.size > cap) throw new InputError(`'${path}' is ${mb(st.size)}, more than the ${mb(cap)} this command reads; not checked`);
  try {
    return decodeText(readFileSync(path), path);
  } catch (err) {
    throw err instanceof InputError ? err : new InputError(ioWhy(path, err));
  }
}

function mb(n: number): string {
  return `${(n / (1024 * 1024)).toLocaleString('en-US', { maximumFractionDigits: 1 })} MB`;
}

/** Standard input, refused when it is closed, a folder, or longer than `cap` bytes. */
async function readStdin(name: string, cap: number): Promise<string> {
  let st;
  try {
    st = fstatSync(0);
  } catch {
    throw new InputError(`standard input (${name}) is closed; nothing to check`);
  }
  if (st.isDirectory()) throw new InputError(`standard input (${name}) is a folder, not a file; nothing was checked`);
  const chunks: Buffer[] = [];
  let size = 0;
  try {
    for await (const c of process.stdin) {
      const b = typeof c === 'string' ? Buffer.from(c) : (c as Buffer);
      size += b.length;
      if (size > cap) {
        process.stdin.destroy();
        throw new InputError(`standard input (${name}) is longer than the ${mb(cap)} this command reads; not checked`);
      }
      chunks.push(b);
    }
  } catch (err) {
    throw err instanceof InputError ? err : new InputError(ioWhy(name, err));
  }
  // Node reopens a closed standard input as /dev/null: closed and empty look alike, and neither was checked
  if (size === 0) throw new InputError(`standard input (${name}) is empty or closed; nothing was checked`);
  return decodeText(Buffer.concat(chunks), name);
}

/** kustomizeContext over the disk, read as the inputs are (a file that cannot be read is left out), with a note. */
function readContext(named: string[], inputs: ReadonlyArray<{ key: string; text: string }>, cap: number, note: (message: string) => void) {
  const read = (path: string): string | undefined => {
    try {
      return readRegularFile(path, cap);
    } catch (err) {
      if (err instanceof InputError) return undefined;
      throw err;
    }
  };
  const { files, truncated } = kustomizeContext(named, new Map(inputs.map((i) => [i.key, i.text])), read);
  if (files.length > 0) {
    note(
      `read ${files.length} file${files.length === 1 ? '' : 's'} of the kustomize builds around the files named, for the links and patches ` +
        `(not checked${truncated ? `; the builds hold more than ${MAX_CONTEXT_FILES} files, the first were read` : ''})`,
    );
  }
  return files;
}

export async function runLint(args: string[]): Promise<number> {
  let parsed: LintArgs | 'help';
  try {
    parsed = parse(args);
  } catch (err) {
    if (!(err instanceof UsageError)) throw err;
    process.stderr.write(`rollout-pilot lint: ${err.message}\n\n${USAGE}`);
    return 2;
  }
  if (parsed === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  if (parsed.raw.rules !== undefined) {
    const read = parseRuleLevels(parsed.raw.rules, '--rule');
    if (read.problems.length > 0) {
      for (const p of read.problems) process.stderr.write(`rollout-pilot lint: ${p.replace(/; ignored\.$/, '; nothing was checked')}\n`);
      return 2;
    }
  }
  const settings = parseSettings(parsed.raw);
  if (settings.problems.length) {
    // name the flag, not the editor setting, and do not pretend a default was used: nothing runs
    for (const [flag, key] of FLAG_SETTINGS) {
      if (parsed.raw[key] === undefined) continue;
      const r = parseSettingValue(key, parsed.raw[key]);
      if (!r.ok) process.stderr.write(`rollout-pilot lint: ${flag} must be ${r.expect} (got '${String(parsed.raw[key])}'); nothing was checked\n`);
    }
    return 2;
  }
  for (const n of settings.notes ?? []) process.stderr.write(`rollout-pilot lint: warning: ${n.replace(/^rolloutPilot\.rules/, '--rule')}\n`);
  const options = toLintOptions(settings.settings);
  const cap = readCap(options.maxTextLength);

  let unchecked = 0;
  let internalErrors = 0;
  let currentFile = '';
  const problem = (message: string) => {
    unchecked++;
    process.stderr.write(`rollout-pilot lint: ${message}\n`);
  };
  const note = (message: string) => process.stderr.write(`rollout-pilot lint: note: ${message}\n`);
  const linter = new Linter(20000, (ruleId, err) => {
    internalErrors++;
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`rollout-pilot lint: internal error in ${ruleId === 'engine' ? 'the engine' : `rule '${ruleId}'`} on ${currentFile}: ${detail}\n`);
  });

  // every file is read first and indexed once, so the links between resources resolve across all the paths given
  let inputs: Array<{ file: string; key: string; text: string; stdin?: boolean }> = [];
  const roots: string[] = [];
  let stdinUsed = false;
  const seen = new Set<string>();
  /** files named alone (not read through a folder given): the kustomize builds around them are read for context */
  const namedAlone: string[] = [];
  for (const path of parsed.paths) {
    if (path === '-') {
      if (stdinUsed) continue;
      stdinUsed = true;
      try {
        // named: it is that file (an editor's unsaved buffer), for the links and for kustomize patches alike
        const key = parsed.stdinName === STDIN_NAME ? STDIN_NAME : resolve(parsed.stdinName);
        inputs.push({ file: parsed.stdinName, key, text: await readStdin(parsed.stdinName, cap), stdin: true });
        if (key !== STDIN_NAME) namedAlone.push(key);
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problem(err.message);
      }
      continue;
    }
    let targets: string[];
    try {
      if (statSync(path).isDirectory()) {
        targets = [];
        walk(path, targets, problem, note, seen);
        // a folder given is read whole: a link missing from it is missing (files named alone are not)
        roots.push(resolve(path));
      } else {
        targets = [path]; // a file named explicitly is checked whatever its extension
        namedAlone.push(resolve(path));
      }
    } catch (err) {
      problem(ioWhy(path, err));
      continue;
    }
    for (const file of targets) {
      try {
        inputs.push({ file, key: resolve(file), text: readRegularFile(file, cap) });
      } catch (err) {
        if (!(err instanceof InputError)) throw err;
        problem(err.message);
      }
    }
  }
  // the same file on disk, read through a folder given too: the text from stdin stands for it
  const piped = inputs.find((i) => i.stdin && i.key !== STDIN_NAME);
  if (piped) inputs = inputs.filter((i) => i === piped || i.key !== piped.key);
  // the kustomizations around files named alone, and what their builds include: indexed, never checked
  // (server/src/indexer/kustomizeContext.ts; a CI job linting only the files a change touched sees patches as patches)
  const context = namedAlone.length === 0 ? [] : readContext(namedAlone, inputs, cap, note);
  // each input says whether the index reads it (not longer than maxTextLength) and whether it is checked
  const indexed: LintInput[] = [
    ...inputs.map((i) => ({ key: i.key, text: i.text, checked: true })),
    ...context.map((c) => ({ key: c.path, text: c.text, checked: false })),
  ].map((i) => ({ ...i, indexed: i.text.length <= options.maxTextLength }));
  // Many files: worker threads find the facts and the findings (cli/lintPool.ts); a file they did not check, or on
  // which a rule failed, is checked below as without them (so a failure is reported from here, as without them).
  const pooled =
    inputs.length >= POOL_MIN_FILES
      ? await lintInWorkers(
          indexed,
          roots,
          options,
          parsed.jobs,
          WORKER_SCRIPT,
        )
      : undefined;
  let workspace: WorkspaceIndex | undefined;
  if (!pooled) {
    workspace = new WorkspaceIndex({ roots });
    for (const input of indexed) if (input.indexed) workspace.set(input.key, input.text);
  }

  const results: FileFinding[] = [];
  let files = 0;
  for (let i = 0; i < inputs.length; i++) {
    const { file, key, text } = inputs[i]!;
    currentFile = file;
    files++;
    let findings = pooled?.findings[i];
    if (!findings) {
      // the same index as the workers', from the facts they found (built only when a file is left to this thread)
      workspace ??= indexFromFacts(roots, indexed, pooled!.facts);
      try {
        findings = linter.lint(text.replace(/^\uFEFF/, ''), options, key, workspace);
        linter.forget(key); // the next file shares no documents with this one (and the cache stays small)
      } catch (err) {
        // the engine contains failures per document; this is the net under it, so one file never costs the others
        internalErrors++;
        process.stderr.write(`rollout-pilot lint: internal error on ${file}: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}\n`);
        findings = [internalError(err instanceof Error ? err.message : String(err), 'file')];
      }
    }
    findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    for (const finding of findings) results.push({ file, finding });
  }

  if (parsed.format === 'json') process.stdout.write(formatJson(results));
  else if (parsed.format === 'sarif') process.stdout.write(formatSarif(results, pkg.version));
  else process.stdout.write(formatText(results));
  const summary = { ...summarize(results, files), unchecked, internalErrors };
  if (parsed.format === 'text') process.stderr.write(formatSummary(summary));

  if (unchecked > 0 || internalErrors > 0) return 2;
  return summary.errors > 0 ? 1 : 0;
}
