// What the `rollout-pilot lint` tests over folders share: a tree of files written to disk, and the CLI run over it
// with JSON output.
import { spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { writeFiles } from '../support/files';

export const BIN = resolve('bin/rollout-pilot.js');

export interface JsonFinding {
  file: string;
  range: { start: { line: number; character: number } };
  severity: string;
  code: string;
  message: string;
}

/** `rollout-pilot lint --format json ARGS` in `cwd` (with `input` on stdin). */
export function lintJson(args: string[], cwd: string, input?: string): { code: number | null; findings: JsonFinding[]; stderr: string } {
  const r = spawnSync(process.execPath, [BIN, 'lint', '--format', 'json', ...args], { cwd, encoding: 'utf8', timeout: 30000, ...(input !== undefined ? { input } : {}) });
  return { code: r.status, findings: JSON.parse(r.stdout || '[]') as JsonFinding[], stderr: r.stderr };
}

/** Writes `files` (path → text) into a new folder below `parent`; returns the folder. */
export function writeTree(parent: string, files: Record<string, string>): string {
  const root = mkdtempSync(join(parent, 't-'));
  writeFiles(root, files);
  return root;
}
