// One test per rule through the language server protocol: a bad fixture gets exactly the finding (located on the
// expected text), its quick fix (when it has one) is applied as an editor applies the returned WorkspaceEdit, the
// result is sent back as the next version and re-checked (the finding is gone, nothing new appears, every comment
// is kept), and a good fixture gets no finding of that code. Shared by the rule families' LSP tests.
import assert from 'node:assert/strict';
import type { CodeAction, Diagnostic } from 'vscode-languageserver-protocol';
import { applyEdits, textOf, type LspClient } from './client';

export interface RuleCase {
  code: string;
  /** A document (or file) with exactly one finding of `code`. */
  bad: string;
  /** The same made right: no finding of `code`. */
  good: string;
  /** The text the finding's range covers in `bad`. */
  at?: string;
  /** The message says this. */
  message?: RegExp;
  /** Expected severity: 1 error, 2 warning, 3 information, 4 hint. */
  severity?: 1 | 2 | 3 | 4;
  /** The quick fix to apply: its title, and optionally the exact text after it. */
  fix?: { title: RegExp; result?: string };
  /** Other files opened first (the workspace the rule looks across), by name. */
  others?: Record<string, string>;
}

let serial = 0;

function comments(text: string): string[] {
  return text.split('\n').map((l) => /#.*$/.exec(l)?.[0]).filter((c): c is string => c !== undefined);
}

/** Runs one case on a started client; each case uses its own URIs, so cases can share a server. */
export async function checkRuleCase(c: LspClient, rc: RuleCase): Promise<void> {
  const id = ++serial;
  for (const [name, text] of Object.entries(rc.others ?? {})) {
    await c.open(`file:///rule-cases/${id}/${name}`, text);
  }
  const uri = `file:///rule-cases/${id}/bad.yaml`;
  await c.open(uri, rc.bad);
  const diags = await c.diagnosticsFor(uri, 1);
  const found = diags.filter((d) => d.code === rc.code);
  assert.equal(found.length, 1, `one ${rc.code} expected, got ${JSON.stringify(diags, null, 1)}`);
  const d = found[0]!;
  if (rc.at !== undefined) assert.equal(textOf(rc.bad, d.range), rc.at);
  if (rc.message) assert.match(d.message, rc.message);
  if (rc.severity) assert.equal(d.severity, rc.severity);

  if (rc.fix) {
    const actions = await c.codeActions(uri, d.range, [d]);
    const action = actions.find((a: CodeAction) => rc.fix!.title.test(a.title));
    assert.ok(action, `a quick fix matching ${String(rc.fix.title)} expected, got ${JSON.stringify(actions.map((a) => a.title))}`);
    assert.equal(action.kind, 'quickfix');
    const edits = action.edit?.changes?.[uri];
    assert.ok(edits && edits.length > 0, `the fix edits ${uri}: ${JSON.stringify(action.edit)}`);
    const fixed = applyEdits(rc.bad, edits);
    if (rc.fix.result !== undefined) assert.equal(fixed, rc.fix.result);
    for (const comment of comments(rc.bad)) assert.ok(fixed.includes(comment), `the fix kept the comment ${comment}`);
    await c.change(uri, 2, [{ text: fixed }]);
    const after = await c.diagnosticsFor(uri, 2);
    assert.deepEqual(after.filter((x) => x.code === rc.code), [], `${rc.code} is gone after the fix`);
    const before = new Set(diags.map(key));
    const added = after.map(key).filter((k) => !before.has(k) && !k.startsWith(`${rc.code}:`));
    assert.deepEqual(added, [], 'the fix brought no new finding');
  }
  await c.close(uri);

  const goodUri = `file:///rule-cases/${id}/good.yaml`;
  await c.open(goodUri, rc.good);
  const good = await c.diagnosticsFor(goodUri, 1);
  assert.deepEqual(good.filter((x) => x.code === rc.code), [], `no ${rc.code} on the good fixture`);
  await c.close(goodUri);
  for (const name of Object.keys(rc.others ?? {})) await c.close(`file:///rule-cases/${id}/${name}`);
}

/** A finding's identity for "nothing new": code and message (positions move when a fix removes lines). */
function key(d: Diagnostic): string {
  return `${String(d.code)}:${d.message}`;
}
