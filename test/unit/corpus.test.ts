// False positives: the upstream Argo Rollouts v1.9.1 examples are valid manifests, so the whole engine must report no
// error on any of them, at any Kubernetes version the schemas cover. Files with `{{args...}}` placeholders (analysis
// templates) are skipped by the engine as templates; their documents are also linted one by one, so the Rollouts
// and Services in those files are checked too.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Linter, DEFAULT_OPTIONS } from '../../server/src/core/engine';
import { splitDocuments, parseChunk } from '../../server/src/core/documents';
import { targetOf } from '../../server/src/core/targets';
import type { Finding, LintOptions } from '../../server/src/core/types';

const dir = 'test/fixtures/corpus';
const files = readdirSync(dir)
  .filter((f) => f.endsWith('.yaml'))
  .sort()
  .map((name) => ({ name, text: readFileSync(join(dir, name), 'utf8') }));

/** Warnings allowed on the corpus, as `file: code`; documented in docs/rules.md ("Findings on valid manifests"). */
const ALLOWED_WARNINGS: readonly string[] = [];

/** Every finding of a file: linted whole, and each document on its own (which reaches past template markers). */
function lintAll(text: string, options: LintOptions): Finding[] {
  const out = new Linter().lint(text, options);
  for (const chunk of splitDocuments(text)) {
    if (!chunk.text.includes('{{')) out.push(...new Linter().lint(chunk.text, options));
  }
  return out;
}

test('the corpus holds the kinds the engine checks', () => {
  const kinds = new Map<string, number>();
  for (const { text } of files) {
    splitDocuments(text).forEach((c, i) => {
      const t = targetOf(parseChunk(c, i));
      if (t) kinds.set(t.kind, (kinds.get(t.kind) ?? 0) + 1);
    });
  }
  assert.ok(files.length >= 30, `${files.length} files`);
  assert.ok((kinds.get('Rollout') ?? 0) >= 20, JSON.stringify([...kinds]));
  assert.ok((kinds.get('Service') ?? 0) >= 20, JSON.stringify([...kinds]));
});

for (const version of ['1.36', '1.34', '1.24', '1.21']) {
  test(`no error and no unexpected warning on any corpus manifest at ${version}`, () => {
    const options = { ...DEFAULT_OPTIONS, kubernetesVersion: version };
    for (const { name, text } of files) {
      const findings = lintAll(text, options);
      const errors = findings.filter((f) => f.severity === 'error');
      assert.deepEqual(errors, [], name);
      const warnings = findings.filter((f) => f.severity === 'warning').map((f) => `${name}: ${f.code}`);
      for (const w of warnings) assert.ok(ALLOWED_WARNINGS.includes(w), `unexpected warning ${w}`);
    }
  });
}

test('the corpus documents really are validated: a misspelt field in each Rollout is found', () => {
  let rollouts = 0;
  for (const { name, text } of files) {
    for (const chunk of splitDocuments(text)) {
      if (chunk.text.includes('{{') || !/^kind: Rollout$/m.test(chunk.text)) continue;
      rollouts++;
      const broken = chunk.text.replace(/^spec:$/m, 'spec:\n  replicaz: 1');
      const found = new Linter().lint(broken).filter((f) => f.code === 'unknown-field');
      assert.equal(found.length, 1, `${name}: ${JSON.stringify(found)}`);
      assert.match(found[0]!.message, /^Unknown field `replicaz` in Rollout spec\b/);
      assert.equal(found[0]!.range.start.line, broken.split('\n').indexOf('  replicaz: 1'));
    }
  }
  assert.ok(rollouts >= 20, `${rollouts} Rollouts`);
});
