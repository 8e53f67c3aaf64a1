// In-process: the engine's full validation of a file against the parse floor (the bare `yaml` parse of the same
// text). Run by scripts/bench.mjs in its own node process:
//   node bench/floor.mjs <engine bundle (.cjs)> <reps> <file>...
// and prints one JSON line per file. Each repetition times, back to back and in alternating order (so a noisy
// neighbour hits both alike):
//   - floor:  YAML.parseAllDocuments(text) (the `yaml` package the engine itself imports; errors and all)
//   - engine: new Linter().lint(text, DEFAULT_OPTIONS) — a new Linter each time, so its per-document cache is cold
//             and every document is parsed and checked; module-level data (compiled schemas) stays warm, as the JIT.
// Warm-up runs first, until the JIT has settled: at least a third of the repetitions and WARM_DOCS documents
// checked (or WARM_MAX_MS spent). Per document a rule's functions run once, so they reach V8's optimizing tier
// much later than the parser's (run hundreds of times per document): after 17 repetitions of 100 documents
// (the warm-up before the ninth session) `--trace-opt` still shows the rules' functions being compiled by TurboFan
// up to ~100-150 repetitions (docs/bench.md, "Warm JIT"). The figures are medians, and the ratio is the median of
// the per-repetition ratios.
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { performance } from 'node:perf_hooks';

const require = createRequire(import.meta.url);
const [bundle, repsArg, ...files] = process.argv.slice(2);
const { Linter, DEFAULT_OPTIONS } = require(bundle);
// resolved from the repository, like the engine bundle (which keeps `yaml` external): one copy of the parser
const YAML = require(require.resolve('yaml', { paths: [bundle] }));
const options = DEFAULT_OPTIONS ?? { kubernetesVersion: '1.36', schemaDiagnostics: true, maxTextLength: 5 << 20 };

const WARM_DOCS = 15000;
const WARM_MAX_MS = 10000;

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};

function timeParse(text) {
  const t = performance.now();
  const docs = YAML.parseAllDocuments(text);
  const ms = performance.now() - t;
  return { ms, docs: Array.isArray(docs) ? docs.length : 0 };
}

function timeLint(text) {
  const linter = new Linter();
  const t = performance.now();
  const findings = linter.lint(text, options);
  return { ms: performance.now() - t, findings: findings.length };
}

for (const file of files) {
  const text = readFileSync(file, 'utf8');
  const reps = Math.max(3, Math.round(Number(repsArg) * (text.length > 300000 ? 0.35 : 1)));
  const minWarm = Math.max(2, Math.round(reps / 3));
  const started = performance.now();
  let warm = 0;
  for (let checked = 0; warm < minWarm || (checked < WARM_DOCS && performance.now() - started < WARM_MAX_MS); warm++) {
    checked += Math.max(1, timeParse(text).docs);
    timeLint(text);
  }
  const parse = [];
  const lint = [];
  let docs = 0;
  let findings = 0;
  for (let i = 0; i < reps; i++) {
    if (i % 2 === 0) {
      const p = timeParse(text);
      const l = timeLint(text);
      parse.push(p.ms);
      lint.push(l.ms);
      docs = p.docs;
      findings = l.findings;
    } else {
      const l = timeLint(text);
      const p = timeParse(text);
      parse.push(p.ms);
      lint.push(l.ms);
    }
  }
  process.stdout.write(
    JSON.stringify({
      file,
      bytes: text.length,
      docs,
      findings,
      reps,
      warm,
      parseMs: median(parse),
      engineMs: median(lint),
      // each repetition's engine/parse pair ran back to back: the median of their ratios shrugs off load that comes
      // and goes on a shared machine better than the ratio of the two medians
      ratio: median(lint.map((l, i) => l / parse[i])),
      parseAll: parse,
      engineAll: lint,
    }) + '\n',
  );
}
