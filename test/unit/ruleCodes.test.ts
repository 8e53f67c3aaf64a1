// Every code a finding can carry has its heading in docs/rules.md (the diagnostics link there), and every heading
// names a code the settings and disable comments accept: the list in rule-codes.ts and the page cannot drift apart.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { RULE_CODES } from '../../server/src/core/rule-codes';
import { filesUnder } from '../support/files';

const headings = [...readFileSync('docs/rules.md', 'utf8').matchAll(/^### `([a-z0-9-]+)`\s*$/gm)].map((m) => m[1]!);

test('docs/rules.md has one heading per rule code, and no other code headings', () => {
  assert.deepEqual([...new Set(headings)].sort(), [...RULE_CODES].sort());
  assert.equal(new Set(headings).size, headings.length, 'a code has two headings');
});

test("every `code: '…'` literal in the engine and rules is a known code", () => {
  const files = filesUnder('server/src/core', /\.ts$/);
  const unknown: string[] = [];
  for (const f of files) {
    for (const m of readFileSync(f, 'utf8').matchAll(/\bcode: '([a-z0-9-]+)'/g)) if (!RULE_CODES.has(m[1]!)) unknown.push(`${f}: ${m[1]}`);
  }
  assert.deepEqual(unknown, []);
});
