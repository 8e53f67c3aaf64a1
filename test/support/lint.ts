// Engine helpers for the unit tests that lint a text and look at one finding or apply its fix.
import assert from 'node:assert/strict';
import { Linter, DEFAULT_OPTIONS } from '../../server/src/core/engine';
import type { Finding, LintOptions } from '../../server/src/core/types';
import { applyEdits } from '../lsp/client';

/** The default options at another Kubernetes version, with or without the pure schema-shape findings. */
export function optionsAt(kubernetesVersion: string, schemaDiagnostics = true): LintOptions {
  return { ...DEFAULT_OPTIONS, kubernetesVersion, schemaDiagnostics };
}

/** The findings of a fresh engine (no cache carried between calls). */
export function lint(text: string, options: LintOptions = DEFAULT_OPTIONS): Finding[] {
  return new Linter().lint(text, options);
}

/** The one finding with `code`; fails when there is none or more than one. */
export function only(findings: Finding[], code: string): Finding {
  const found = findings.filter((f) => f.code === code);
  assert.equal(found.length, 1, `one ${code} expected in ${JSON.stringify(findings, null, 1)}`);
  return found[0]!;
}

/** `text` with the first fix of `f` applied; fails when `f` offers none. */
export function applyFix(text: string, f: Finding): string {
  assert.ok(f.fixes?.length, `a fix expected on ${f.code}`);
  return applyEdits(text, f.fixes[0]!.edits);
}
