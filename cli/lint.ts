// `rollout-pilot lint [PATH...]`: the language server's engine over files from disk (or stdin), for terminals and CI.
// Exit codes: 0 no error-severity finding, 1 at least one, 2 usage or I/O error (or a rule that crashed).
import { readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import { Linter } from '../server/src/core/engine';
import { DEFAULT_SETTINGS, parseSettings, toLintOptions } from '../server/src/lsp/settings';
import { formatJson } from './format/json';
import { formatSarif } from './format/sarif';
import { formatSummary, formatText } from './format/text';
import { summarize, type FileFinding } from './format/types';
import pkg from '../package.json';

export const STDIN_NAME = '<stdin>';

const USAGE = `usage: rollout-pilot lint [PATH...] [options]

Checks Argo Rollout, HPA and Service manifests. PATH is a file, a folder (searched recursively for *.yaml / *.yml,
skipping node_modules and dot-folders) or - for stdin; without PATH, the current folder.

options:
  --format text|json|sarif    output format (default text; findings on stdout, summary on stderr)
  --kubernetes-version X.Y    Kubernetes version the manifests target (default ${DEFAULT_SETTINGS.kubernetesVersion})
  --no-schema                 leave pure schema-shape findings to another tool
  --max-file-size-kb N        check only the first N KB of larger files (default 5120)
  --stdin-filename NAME       the name to report for - (default ${STDIN_NAME})
  -h, --help                  this text

exit status: 0 no errors, 1 errors found, 2 usage or I/O error
`;

const FORMATS = ['text', 'json', 'sarif'] as const;
type Format = (typeof FORMATS)[number];


class UsageError extends Error {}

interface LintArgs {
  paths: string[];
  stdinName: string;
  format: Format;
  raw: Record<string, unknown>;
}

function parse(args: string[]): LintArgs | 'help' {
  let values: Record<string, string | boolean | undefined>;
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
  const stdinName = (values['stdin-filename'] as string | undefined) || STDIN_NAME;
  return { paths: positionals.length ? positionals : ['.'], stdinName, format: format as Format, raw };
}

function isYamlName(name: string): boolean {
  return /\.ya?ml$/i.test(name);
}

/** The YAML files under a folder, in a stable (sorted) order; node_modules and dot-folders are skipped. */
function walk(dir: string, out: string[]): void {
  const entries = readdirSync(dir, { withFileTypes: true }).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
  for (const e of entries) {
    const p = join(dir, e.name);
    if (e.isDirectory()) {
      if (e.name === 'node_modules' || e.name.startsWith('.')) continue;
      walk(p, out);
    } else if (isYamlName(e.name) && (e.isFile() || (e.isSymbolicLink() && isFile(p)))) {
      out.push(p);
    }
  }
}

function isFile(p: string): boolean {
  try {
    return statSync(p).isFile();
  } catch {
    return false;
  }
}

function ioMessage(path: string, err: unknown): string {
  const e = err as NodeJS.ErrnoException;
  const why =
    e.code === 'ENOENT' ? 'no such file or folder' : e.code === 'EACCES' ? 'permission denied' : (e.message ?? String(err));
  return `rollout-pilot lint: cannot read '${path}': ${why}\n`;
}

async function readStdin(): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const c of process.stdin) chunks.push(typeof c === 'string' ? Buffer.from(c) : (c as Buffer));
  return Buffer.concat(chunks).toString('utf8');
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
  const settings = parseSettings(parsed.raw);
  if (settings.problems.length) {
    for (const p of settings.problems) process.stderr.write(`rollout-pilot lint: ${p.replace(/^Rollout Pilot: /, '')}\n`);
    return 2;
  }
  const options = toLintOptions(settings.settings);

  let failed = false;
  let ruleCrashed = false;
  let currentFile = '';
  const linter = new Linter(20000, (ruleId, err) => {
    ruleCrashed = true;
    const detail = err instanceof Error ? (err.stack ?? err.message) : String(err);
    process.stderr.write(`rollout-pilot lint: internal error in rule '${ruleId}' on ${currentFile}: ${detail}\n`);
  });

  const results: FileFinding[] = [];
  let files = 0;
  const lintText = (file: string, text: string) => {
    currentFile = file;
    files++;
    const findings = linter.lint(text.replace(/^\uFEFF/, ''), options);
    findings.sort((a, b) => a.range.start.line - b.range.start.line || a.range.start.character - b.range.start.character);
    for (const finding of findings) results.push({ file, finding });
  };

  let stdinUsed = false;
  for (const path of parsed.paths) {
    if (path === '-') {
      if (stdinUsed) continue;
      stdinUsed = true;
      try {
        lintText(parsed.stdinName, await readStdin());
      } catch (err) {
        process.stderr.write(ioMessage(parsed.stdinName, err));
        failed = true;
      }
      continue;
    }
    let targets: string[];
    try {
      if (statSync(path).isDirectory()) {
        targets = [];
        walk(path, targets);
      } else {
        targets = [path]; // a file named explicitly is checked whatever its extension
      }
    } catch (err) {
      process.stderr.write(ioMessage(path, err));
      failed = true;
      continue;
    }
    for (const file of targets) {
      let text: string;
      try {
        text = readFileSync(file, 'utf8');
      } catch (err) {
        process.stderr.write(ioMessage(file, err));
        failed = true;
        continue;
      }
      lintText(file, text);
    }
  }

  if (parsed.format === 'json') process.stdout.write(formatJson(results));
  else if (parsed.format === 'sarif') process.stdout.write(formatSarif(results, pkg.version));
  else process.stdout.write(formatText(results));
  const summary = summarize(results, files);
  if (parsed.format === 'text' && (files > 0 || !failed)) process.stderr.write(formatSummary(summary));

  if (failed || ruleCrashed) return 2;
  return summary.errors > 0 ? 1 : 0;
}
