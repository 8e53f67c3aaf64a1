// Keystroke latency, measured as an editor sees it: time from sending didChange to receiving publishDiagnostics for
// that edit, on a 100-document file, for our server and for yaml-language-server 1.25 (run over stdio too, with no
// schema configured, which is the cheapest YLS can be: its 200 ms debounce plus a whole-file parse). The requirement
// is ≥10× faster than YLS per keystroke.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LspClient, delay } from './client';

const YLS = 'node_modules/yaml-language-server/bin/yaml-language-server';
const EDITS = 16;

/** 100 documents from the corpus and the seed, each renamed so no two are alike. */
function bigFile(): { text: string; editLine: number } {
  const docs: string[] = [];
  const files = ['test/fixtures/seed', 'test/fixtures/corpus'].flatMap((d) =>
    readdirSync(d)
      .filter((f) => f.endsWith('.yaml'))
      .sort()
      .map((f) => readFileSync(join(d, f), 'utf8')),
  );
  for (let round = 0; docs.length < 100; round++) {
    for (const text of files) {
      for (const chunk of text.split(/^---[^\n]*\n/m)) {
        if (!/^kind:/m.test(chunk) || docs.length >= 100) continue;
        docs.push(chunk.replace(/^( {2}name: )(\S+)/m, `$1$2-${round}-${docs.length}`).replace(/\n*$/, '\n'));
      }
    }
  }
  const text = docs.map((d) => `---\n${d}`).join('');
  // edit the name of the 50th document
  const lines = text.split('\n');
  let seen = 0;
  let editLine = -1;
  for (let i = 0; i < lines.length; i++) {
    if (lines[i] === '---' && ++seen === 50) {
      editLine = lines.findIndex((l, j) => j > i && /^ {2}name: /.test(l));
      break;
    }
  }
  assert.ok(editLine > 0);
  return { text, editLine };
}

const clients: LspClient[] = [];
after(async () => {
  for (const c of clients) await c.stop();
});

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Sends EDITS alternating insert/delete edits one at a time and times each until the server publishes for it. */
async function measure(c: LspClient, uri: string, text: string, editLine: number, versioned: boolean): Promise<number[]> {
  await c.open(uri, text, 1);
  await c.diagnostics(uri, () => true, 30000);
  const col = text.split('\n')[editLine]!.length;
  const times: number[] = [];
  for (let v = 2; v < 2 + EDITS; v++) {
    await delay(40); // a typist's pause: each keystroke stands alone
    const count = c.published.length;
    const insert = v % 2 === 0;
    const range = insert
      ? { start: { line: editLine, character: col }, end: { line: editLine, character: col } }
      : { start: { line: editLine, character: col }, end: { line: editLine, character: col + 1 } };
    const t0 = performance.now();
    await c.change(uri, v, [{ range, text: insert ? 'x' : '' }]);
    if (versioned) await c.diagnosticsFor(uri, v);
    else await c.diagnostics(uri, () => c.published.length > count, 30000);
    times.push(performance.now() - t0);
  }
  return times;
}

test('a keystroke in a 100-document file is re-checked ≥10× faster than by yaml-language-server', { timeout: 120000 }, async (t) => {
  const { text, editLine } = bigFile();
  const ours = await LspClient.start();
  clients.push(ours);
  const oursMs = await measure(ours, 'file:///latency/big.yaml', text, editLine, true);

  const yls = await LspClient.start({ serverArgs: [YLS, '--stdio'], configuration: () => ({ validate: true }) });
  clients.push(yls);
  const ylsMs = await measure(yls, 'file:///latency/big.yaml', text, editLine, false);

  const o = median(oursMs);
  const y = median(ylsMs);
  t.diagnostic(`didChange → publishDiagnostics, median of ${EDITS}: rollout-pilot ${o.toFixed(1)} ms, yaml-language-server ${y.toFixed(1)} ms (${(y / o).toFixed(0)}×)`);
  assert.ok(o * 10 <= y, `rollout-pilot ${o.toFixed(1)} ms vs yaml-language-server ${y.toFixed(1)} ms`);
});
