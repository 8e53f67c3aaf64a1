// `npm run bench`: this language server against yaml-language-server 1.25.0, both spawned over stdio and driven as an
// editor drives them, plus the engine in-process against the bare YAML parse. Prints tables, then ONE JSON line
// (the last line of stdout):
//   {"keystrokeSpeedupVsYls":X,"fullValidationOverParseFloor":X,"coldStartMs":X,"coldStartSpeedupVsYls":X,"rssMbAt1000Docs":X,
//    "watchToTreeMs":X,"watchToPageMs":X,"tree500Ms":X,"extensionHostMbAt2000Rollouts":X,"steadyStateRequestsPerMin":X,
//    "lensFromMemoryMsPerDocument":X,"watchToLensMs":X,"crdFileOverParse":X,"workspaceIndexMs":X,"workspaceRssMb":X,
//    "crossFileKeystrokeMs":X,"crossFileKeystrokeStdioMs":X}
// Five come from the live part (bench/live.ts: the Argo Rollouts views against a real kube-apiserver on 127.0.0.1),
// two from bench/lens.ts (the CodeLens above each Rollout), the last four from bench/workspace.ts (5,000 files, the
// server forked with node IPC as the extension forks it; the stdio keystroke for other editors). The live figures need the kube-apiserver binary;
// without it the bench says so and their keys are null.
// The bench never fails on numbers: it prints each target beside its measurement. It exits non-zero only when it
// could not measure (a server would not start, found none of the seeded mistakes, or tried the network).
//
//   node scripts/bench.mjs [--quick] [--servers=ours,yls] [--no-build] [--keep] [--no-live]
//
// Method and how to read the output: docs/bench.md.
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync, mkdirSync } from 'node:fs';
import { cpus, loadavg, tmpdir, totalmem } from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { generateManifests, loadSources } from '../bench/generate.mjs';
import { LspServer } from '../bench/lsp-client.mjs';
import { writeYlsSchemas } from '../bench/yls-schemas.mjs';

const ROOT = resolve(import.meta.dirname, '..');
process.chdir(ROOT);
const args = process.argv.slice(2);
const flag = (name) => args.includes(`--${name}`);
const option = (name, def) => args.find((a) => a.startsWith(`--${name}=`))?.slice(name.length + 3) ?? def;
const QUICK = flag('quick');
const SERVERS = option('servers', 'ours,yls').split(',');

const SIZES = [10, 100, 1000];
const REPS = QUICK ? { 10: 5, 100: 5, 1000: 3 } : { 10: 9, 100: 9, 1000: 5 };
const KEYSTROKES = QUICK ? 15 : 30;
const KEYSTROKE_WARMUP = 3;
const COLD_SPAWNS = QUICK ? 3 : 5;
const FLOOR_REPS = QUICK ? 15 : 51;
/** Keystrokes in the 1,000-document file before its peak RSS is read, then more to see what each one leaves behind. */
const RSS_KEYSTROKES = 10;
const GROWTH_KEYSTROKES = QUICK ? 10 : 20;
/** Pause between an answer and the next change: a fast typist's gap (and past our server's 15 ms burst window). */
const TYPING_GAP_MS = 60;
/** YLS waits this long after each change before it validates (SettingsState.validationDelayMs, not configurable). */
const YLS_DEBOUNCE_MS = 200;
const TARGETS = { keystroke: 10, floor: 1.2, coldMs: 300, rssMb: 120 };

const YLS_BIN = 'node_modules/yaml-language-server/bin/yaml-language-server';
const OUR_SERVER = 'dist/server.js';
const NO_NET = join(ROOT, 'bench/no-network.cjs');

const median = (xs) => {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? s[m] : (s[m - 1] + s[m]) / 2;
};
const pct = (xs, p) => [...xs].sort((a, b) => a - b)[Math.min(xs.length - 1, Math.floor(p * xs.length))];
const sleep = (ms) => new Promise((r) => setTimeout(r, ms));
const f1 = (x) => (Number.isFinite(x) ? x.toFixed(1) : '–');
const f2 = (x) => (Number.isFinite(x) ? x.toFixed(2) : '–');
const f3 = (x) => (Number.isFinite(x) ? x.toFixed(3) : '–');
const round = (x, d) => (Number.isFinite(x) ? Number(x.toFixed(d)) : null);
const log = (s = '') => process.stdout.write(s + '\n');
const note = (s) => process.stderr.write(`[bench] ${s}\n`);

function table(head, rows) {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r) => '| ' + r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]) : String(c).padStart(w[i]))).join(' | ') + ' |';
  log(line(head));
  log('|' + w.map((n, i) => (i === 0 ? ':' : '-') + '-'.repeat(n) + (i === 0 ? '-' : ':')).join('|') + '|');
  for (const r of rows) log(line(r));
}

// ---------------------------------------------------------------------------------------------------------------
// Inputs

const started = performance.now();
const work = mkdtempSync(join(tmpdir(), 'rollout-pilot-bench-'));
const netLog = join(work, 'network-attempts.jsonl');
const emptyFolder = join(work, 'workspace');
mkdirSync(emptyFolder);
const guardLog = join(work, 'network-guard.jsonl');
writeFileSync(netLog, '');
writeFileSync(guardLog, '');
let spawned = 0;
process.on('exit', () => {
  if (!flag('keep')) rmSync(work, { recursive: true, force: true });
});

const sources = loadSources();
const files = {};
function manifest(docs, salt) {
  const key = `${docs}-${salt}`;
  if (!files[key]) {
    const g = generateManifests({ docs, seed: 20260 + docs, salt }, sources);
    const path = join(work, `manifests-${docs}${salt ? '-' + salt : ''}.yaml`);
    writeFileSync(path, g.text);
    files[key] = { ...g, path, uri: pathToFileURL(path).href, docs };
  }
  return files[key];
}
// variant i of a size renames every document (salt), so each full validation sees only new documents
const SALTS = 'abcdefghijklmnop';
const variant = (docs, i) => manifest(docs, i === 0 ? '' : SALTS[i - 1]);

const schemas = writeYlsSchemas(join(work, 'yls-schemas'), ROOT);

// ---------------------------------------------------------------------------------------------------------------
// Build

const haveOurs = existsSync('server/src/main.ts');
let engineBundle = null;
if (haveOurs && !flag('no-build')) {
  note('building dist/ (node scripts/build.mjs)');
  const b = spawnSync(process.execPath, ['scripts/build.mjs'], { stdio: ['ignore', 'inherit', 'inherit'] });
  if (b.status !== 0) {
    note('build failed');
    process.exit(1);
  }
}
if (existsSync('server/src/core/engine.ts')) {
  const esbuild = await import('esbuild');
  mkdirSync('.cache/bench', { recursive: true });
  engineBundle = join(ROOT, '.cache/bench/engine.cjs');
  await esbuild.build({
    entryPoints: ['server/src/core/engine.ts'],
    bundle: true,
    platform: 'node',
    format: 'cjs',
    target: 'node20',
    outfile: engineBundle,
    external: ['yaml'], // the very `yaml` the floor times
    logLevel: 'warning',
  });
}

// ---------------------------------------------------------------------------------------------------------------
// Servers

const CODE_CACHE = join(work, 'code-cache');
const LAUNCH = JSON.parse(readFileSync('server/src/lsp/launch.json', 'utf8'));
const SERVER_DEFS = {
  ours: {
    label: 'Rollout Pilot',
    available: haveOurs && existsSync(OUR_SERVER),
    // as the extension starts it: with V8's code cache in a folder of its own (server/src/boot.ts)
    // and its Node flags (server/src/lsp/launch.json: a 4 MB young generation, see docs/bench.md "Memory")
    args: [...LAUNCH.execArgv, '--require', NO_NET, OUR_SERVER, '--stdio', `--code-cache=${CODE_CACHE}`],
    codeCache: CODE_CACHE,
    // and its environment: without the variables launch.json lists (as server/src/lsp/launch.ts's SERVER_ENV, which
    // this plain-JavaScript script cannot import: NODE_EXTRA_CA_CERTS, whose certificates Node would read at start)
    env: Object.fromEntries(LAUNCH.unsetEnv.map((name) => [name, undefined])),
    initializationOptions: { kubernetesVersion: '1.36', schemaDiagnostics: true, maxFileSizeKb: 5120 },
    settings: { rolloutPilot: { kubernetesVersion: '1.36', schemaDiagnostics: true, maxFileSizeKb: 5120 } },
    debounceMs: 0,
  },
  yls: {
    label: 'yaml-language-server',
    available: existsSync(YLS_BIN),
    args: ['--require', NO_NET, YLS_BIN, '--stdio'],
    // the environment as given, as vscode-yaml starts it: YLS fetches schemas over HTTPS and reads extra CAs for that
    env: {},
    initializationOptions: undefined,
    settings: {
      yaml: {
        // one schema for every *.yaml; it picks the kind's schema per document (bench/yls-schemas.mjs)
        schemas: { [schemas.combinedPath]: '*.yaml' },
        validate: true,
        hover: true,
        completion: true,
        format: { enable: false },
        schemaStore: { enable: false },
        kubernetesCRDStore: { enable: false },
        yamlVersion: '1.2',
        customTags: [],
        maxItemsComputed: 5000,
      },
      http: { proxy: '', proxyStrictSSL: false },
      '[yaml]': {},
      editor: {},
    },
    debounceMs: YLS_DEBOUNCE_MS,
  },
};
const ylsVersion = existsSync(YLS_BIN) ? JSON.parse(readFileSync('node_modules/yaml-language-server/package.json', 'utf8')).version : null;
const yamlVersion = JSON.parse(readFileSync('node_modules/yaml/package.json', 'utf8')).version;

function newServer(id) {
  const d = SERVER_DEFS[id];
  spawned++;
  return new LspServer({
    name: d.label,
    args: d.args,
    // an empty workspace folder: these figures measure checking the files opened (beside the folder); what indexing a
    // workspace costs is measured on its own by bench/workspace.ts (5,000 files)
    rootDir: emptyFolder,
    cwd: ROOT,
    settings: d.settings,
    initializationOptions: d.initializationOptions,
    env: { ...d.env, BENCH_NET_LOG: netLog, BENCH_NET_GUARD_LOG: guardLog },
  }).start();
}

/** How many of the file's seeded mistakes have a diagnostic inside their document. */
function mistakesFound(file, diagnostics) {
  return file.mistakes.filter((m) => diagnostics.some((d) => d.range.start.line >= m.startLine && d.range.start.line < m.endLine)).length;
}
const allMistakesFound = (file) => (diagnostics) => mistakesFound(file, diagnostics) === file.mistakes.length;

/** Opens a file, waits for its first diagnostics and for the server to go quiet; returns what it settled on. */
async function openAndSettle(s, file, debounceMs) {
  const sent = s.open(file.uri, file.text);
  const first = await s.waitForDiagnostics(file.uri, sent.afterSeq);
  const last = await s.settle(file.uri, Math.max(300, debounceMs * 2));
  return { firstMs: first.at - sent.sentAt, diagnostics: last.diagnostics };
}

/** A one-character edit site: the end of an `image:` line in a document near the middle of the file. */
function editSite(file) {
  const lines = file.text.split('\n');
  const docStarts = lines.flatMap((l, i) => (l === '---' ? [i] : []));
  const from = docStarts[Math.floor(docStarts.length / 2)];
  for (let i = from; i < lines.length; i++) {
    if (/^\s+(- )?image: \S+$/.test(lines[i])) {
      const doc = docStarts.filter((s) => s <= i).length - 1;
      return { line: i, character: lines[i].length, doc };
    }
  }
  throw new Error('no image: line to type into');
}

async function measureWarm(id) {
  const d = SERVER_DEFS[id];
  const s = newServer(id);
  const out = { full: {}, keystroke: null, checks: {} };
  try {
    await s.initialize();
    // warm-up: JIT and schema caches, on a file of its own with documents no measurement uses
    const warmUri = pathToFileURL(join(work, 'warm-up.yaml')).href;
    const warmFiles = [1, 2, 3, 4, 5, 6].map((i) => manifest(100, `w${i}`));
    let sent = s.open(warmUri, warmFiles[0].text);
    await s.waitForDiagnostics(warmUri, sent.afterSeq);
    for (const w of warmFiles.slice(1)) {
      sent = s.replace(warmUri, w.text);
      await s.waitForDiagnostics(warmUri, sent.afterSeq);
      await sleep(TYPING_GAP_MS);
    }
    s.close(warmUri);
    await sleep(50);
    for (const n of SIZES) {
      const base = variant(n, 0);
      const opened = await openAndSettle(s, base, d.debounceMs);
      out.checks[n] = { found: mistakesFound(base, opened.diagnostics), of: base.mistakes.length, diagnostics: opened.diagnostics.length };
      const times = [];
      for (let i = 1; i <= REPS[n] + 1; i++) {
        const v = variant(n, i);
        const sent = s.replace(base.uri, v.text);
        const got = await s.waitForDiagnostics(base.uri, sent.afterSeq);
        if (i > 1) times.push(got.at - sent.sentAt); // the first change is a warm-up
        await sleep(TYPING_GAP_MS);
      }
      s.close(base.uri);
      await sleep(50);
      out.full[n] = { median: median(times), p90: pct(times, 0.9), all: times };
      note(`${id}: ${n} docs full validation median ${f1(median(times))} ms`);
    }

    // keystrokes: one character at a time typed into one document of the 100-document file
    const file = variant(100, 0);
    const kUri = pathToFileURL(join(work, 'keystrokes-100.yaml')).href;
    const kFile = { ...file, uri: kUri };
    await openAndSettle(s, kFile, d.debounceMs);
    const site = editSite(kFile);
    const times = [];
    let diagCount = NaN;
    for (let i = 0; i < KEYSTROKE_WARMUP + KEYSTROKES; i++) {
      const ch = 'abcdefghijklmnopqrstuvwxyz'[i % 26];
      const sent = s.type(kUri, site.line, site.character + i, ch);
      const got = await s.waitForDiagnostics(kUri, sent.afterSeq);
      if (i >= KEYSTROKE_WARMUP) times.push(got.at - sent.sentAt);
      diagCount = got.diagnostics.length;
      await sleep(TYPING_GAP_MS);
    }
    out.keystroke = { median: median(times), p90: pct(times, 0.9), min: Math.min(...times), all: times, site, diagnostics: diagCount };
    note(`${id}: keystroke median ${f1(out.keystroke.median)} ms`);
  } finally {
    await s.stop();
  }
  return out;
}

async function measureRss(id) {
  const d = SERVER_DEFS[id];
  const s = newServer(id);
  try {
    await s.initialize();
    const file = variant(1000, 0);
    const uri = pathToFileURL(join(work, 'rss-1000.yaml')).href;
    const f = { ...file, uri };
    const opened = await openAndSettle(s, f, d.debounceMs);
    const site = editSite(f);
    const typeSome = async (from, to) => {
      for (let i = from; i < to; i++) {
        const sent = s.type(uri, site.line, site.character + i, 'x');
        await s.waitForDiagnostics(uri, sent.afterSeq);
        await sleep(TYPING_GAP_MS);
      }
    };
    await typeSome(0, RSS_KEYSTROKES);
    const mem = s.memory();
    note(`${id}: peak RSS with 1000 docs open ${f1(mem.peakRssMb)} MB`);
    // then keep typing: what each keystroke leaves behind shows as growth of the resident set
    await typeSome(RSS_KEYSTROKES, RSS_KEYSTROKES + GROWTH_KEYSTROKES);
    const later = s.memory();
    const growthPerKeystrokeMb = (later.rssMb - mem.rssMb) / GROWTH_KEYSTROKES;
    note(`${id}: RSS ${f1(mem.rssMb)} → ${f1(later.rssMb)} MB over ${GROWTH_KEYSTROKES} more keystrokes`);
    return { ...mem, later, growthPerKeystrokeMb, found: mistakesFound(f, opened.diagnostics), of: f.mistakes.length };
  } finally {
    await s.stop();
  }
}

async function measureCold(id) {
  const file = variant(10, 0);
  const runs = [];
  let firstStart;
  // A server with a code cache: the first start after an install (or an upgrade) has none and writes it; the
  // measured starts are the ones after it, as every later start of the editor. The first is reported apart.
  const cache = SERVER_DEFS[id].codeCache;
  if (cache) rmSync(cache, { recursive: true, force: true });
  for (let i = cache ? -1 : 0; i < COLD_SPAWNS; i++) {
    const s = newServer(id); // spawnedAt: just before spawn
    try {
      await s.initialize();
      // as an editor does: didOpen right after initialized, without waiting for settings to land
      const sent = s.open(file.uri, file.text);
      const first = s.waitForDiagnostics(file.uri, sent.afterSeq);
      first.catch(() => undefined);
      const complete = await s.waitForDiagnostics(file.uri, sent.afterSeq, { accept: allMistakesFound(file), timeoutMs: 60000 });
      const run = { firstMs: (await first).at - s.spawnedAt, completeMs: complete.at - s.spawnedAt, peakRssMb: s.memory().peakRssMb };
      if (i >= 0) runs.push(run);
      else firstStart = run;
      if (cache && i < 0) {
        // the cache is written just after the first diagnostics: give it the moment it takes
        for (let t = 0; t < 40 && !(existsSync(cache) && readdirSync(cache).some((f) => f.endsWith('.cache'))); t++) await sleep(50);
      }
    } finally {
      await s.stop();
    }
  }
  const complete = median(runs.map((r) => r.completeMs));
  note(`${id}: cold start median ${f1(complete)} ms${firstStart ? ` (first start, no code cache yet: ${f1(firstStart.completeMs)} ms)` : ''}`);
  return {
    median: complete,
    firstStartMs: firstStart?.completeMs,
    firstMedian: median(runs.map((r) => r.firstMs)),
    all: runs.map((r) => r.completeMs),
    peakRssMb10: median(runs.map((r) => r.peakRssMb)),
  };
}

/**
 * A file of CRDs like Argo Rollouts' install.yaml (~1 MB of CustomResourceDefinitions): the real CRDs from schemas/,
 * back to back until the file is over 1 MB. No rule reads CRDs, so linting it should cost far less than parsing it.
 */
function crdFile() {
  const crds = readdirSync('schemas').filter((f) => f.endsWith('-crd.yaml')).sort().map((f) => readFileSync(join('schemas', f), 'utf8'));
  const parts = [];
  let size = 0;
  for (let i = 0; size < 1024 * 1024; i++) {
    const t = crds[i % crds.length].replace(/^---\n/, '');
    parts.push(t);
    size += t.length;
  }
  const path = join(work, 'crds.yaml');
  writeFileSync(path, parts.join('---\n'));
  return { path, kb: Math.round(size / 1024), docs: parts.length };
}
const CRD_FILE = crdFile();

function runFloor() {
  if (!engineBundle) return null;
  const r = spawnSync(process.execPath, ['bench/floor.mjs', engineBundle, String(FLOOR_REPS), variant(100, 0).path, variant(1000, 0).path, CRD_FILE.path], {
    encoding: 'utf8',
    maxBuffer: 1 << 24,
  });
  if (r.status !== 0) {
    note(`in-process floor failed:\n${r.stderr}`);
    return null;
  }
  const rows = r.stdout.trim().split('\n').map((l) => JSON.parse(l));
  for (const row of rows) note(`floor: ${row.docs} docs engine ${f1(row.engineMs)} ms, parse ${f1(row.parseMs)} ms (${row.warm} warm-up, ${row.reps} timed repetitions)`);
  return rows;
}

/** A part that prints a Markdown section and, last, one JSON line of figures (bench/live.ts, bench/lens.ts). */
function runPart(script, what, extraArgs = []) {
  note(what);
  const r = spawnSync(process.execPath, ['--import', 'tsx', script, ...extraArgs], {
    encoding: 'utf8',
    stdio: ['ignore', 'pipe', 'inherit'],
    maxBuffer: 1 << 24,
  });
  const lines = (r.stdout ?? '').trimEnd().split('\n');
  let figures = null;
  try {
    figures = JSON.parse(lines.at(-1) ?? '');
  } catch {
    figures = null;
  }
  if (r.status !== 0 || !figures) problems.push(`${script} exited with ${r.status ?? r.signal}${figures ? '' : ' without its JSON line'}`);
  return { section: figures ? lines.slice(0, -1) : lines, figures };
}

/** The live part: the Argo Rollouts views against a real kube-apiserver. */
const runLive = () => runPart('bench/live.ts', 'live views against a real kube-apiserver (bench/live.ts)', QUICK ? ['--quick'] : []);
/** The CodeLens above each Rollout: from memory, and a watch event to the rebuilt lens (real kube-apiserver). */
/** The workspace index at GitOps scale: 5,000 generated files indexed cold, memory, a keystroke re-checking a linked file. */
const runWorkspace = () => runPart('bench/workspace.ts', 'workspace index over 5,000 generated files (bench/workspace.ts)');
const runLens = () => runPart('bench/lens.ts', 'CodeLens from memory and watch → lens (bench/lens.ts)', flag('no-live') ? ['--no-live'] : []);

// ---------------------------------------------------------------------------------------------------------------
// Run

const results = {};
const problems = [];
for (const id of SERVERS) {
  const d = SERVER_DEFS[id];
  if (!d) {
    note(`unknown server ${id}`);
    process.exit(2);
  }
  if (!d.available) {
    problems.push(`${d.label}: not available (${id === 'ours' ? 'no server/src/main.ts or dist/server.js' : YLS_BIN + ' missing'})`);
    continue;
  }
  try {
    note(`${d.label}: warm full validation and keystrokes`);
    const warm = await measureWarm(id);
    note(`${d.label}: peak memory with the 1000-document file`);
    const rss = await measureRss(id);
    note(`${d.label}: cold starts`);
    const cold = await measureCold(id);
    results[id] = { ...warm, rss, cold };
  } catch (err) {
    problems.push(`${d.label}: ${err instanceof Error ? err.message : String(err)}`);
  }
}
/** Node's own start-up in a server's environment (`node -e 0`, median of 9 spawns, ms): the part of a cold start no
 * server code runs in. The environments differ by launch.json's `unsetEnv` when those variables are set here. */
function nodeStartMs(envOverrides) {
  const env = { ...process.env, ...envOverrides };
  const times = [];
  for (let i = 0; i < 9; i++) {
    const t0 = performance.now();
    spawnSync(process.execPath, ['-e', '0'], { env, stdio: 'ignore' });
    times.push(performance.now() - t0);
  }
  return median(times);
}
const nodeStart = Object.fromEntries(SERVERS.filter((id) => SERVER_DEFS[id]).map((id) => [id, nodeStartMs(SERVER_DEFS[id].env)]));
const unsetHere = LAUNCH.unsetEnv.filter((name) => process.env[name] !== undefined);

note('engine in-process against the bare parse');
const floor = runFloor();
const live = flag('no-live') ? null : runLive();
const lens = runLens();
const workspaceRun = runWorkspace();
const networkAttempts = readFileSync(netLog, 'utf8').trim().split('\n').filter(Boolean).map((l) => JSON.parse(l));
const guarded = readFileSync(guardLog, 'utf8').trim().split('\n').filter(Boolean).length;

// ---------------------------------------------------------------------------------------------------------------
// Report

const ours = results.ours;
const yls = results.yls;
const cpu = cpus();
log('');
log(`# Rollout Pilot language server vs yaml-language-server ${ylsVersion}`);
log('');
log(
  `Machine: ${cpu[0]?.model ?? '?'} × ${cpu.length}, ${Math.round(totalmem() / 2 ** 30)} GiB, Node ${process.version}, ` +
    `yaml ${yamlVersion}, load average ${loadavg().map((x) => x.toFixed(2)).join(' ')}${QUICK ? ', --quick' : ''}.`,
);
log(
  `Inputs: ${SIZES.map((n) => `${n} docs = ${variant(n, 0).lines} lines / ${Math.round(variant(n, 0).text.length / 1024)} KB`).join('; ')} ` +
    `(Rollout ${variant(100, 0).kinds.Rollout}, HPA ${variant(100, 0).kinds.HorizontalPodAutoscaler}, Service ${variant(100, 0).kinds.Service} of 100; ` +
    `one document in 20 carries a seeded mistake).`,
);
log(`YLS schemas: local files (${schemas.files.map((f) => `${f.kind} ${f.apiVersion}`).join(', ')}) behind one if/then schema; schema store and CRD store off.`);
log('');

log('## Full validation, warm (didChange replacing the whole text with renamed documents → publishDiagnostics)');
log('');
const fullRows = [];
for (const n of SIZES) {
  const o = ours?.full[n];
  const y = yls?.full[n];
  fullRows.push([
    `${n} docs`,
    f1(o?.median),
    f3(o?.median / n),
    f1(y?.median),
    f3(y?.median / n),
    f3((y?.median - YLS_DEBOUNCE_MS) / n),
    o && y ? f1(y.median / o.median) + 'x' : '–',
  ]);
}
table(['file', 'ours ms', 'ours ms/doc', 'YLS ms', 'YLS ms/doc', `YLS ms/doc w/o ${YLS_DEBOUNCE_MS} ms debounce`, 'YLS/ours'], fullRows);
log('');
log('Seeded mistakes reported after didOpen (each one must be found, or the server is not really validating):');
for (const [id, r] of Object.entries(results)) {
  log(`- ${SERVER_DEFS[id].label}: ${SIZES.map((n) => `${n} docs ${r.checks[n].found}/${r.checks[n].of} (${r.checks[n].diagnostics} diagnostics)`).join(', ')}`);
}
log('');

log('## Engine in-process against the parse floor (cold cache, warm JIT, medians)');
log('');
if (floor) {
  table(
    ['file', 'yaml.parseAllDocuments ms', 'engine lint ms', 'engine / parse (median of paired ratios)', 'findings', 'reps'],
    floor.map((r, i) => [i === 2 ? `CRD file, ${CRD_FILE.docs} CRDs / ${CRD_FILE.kb} KB` : `${r.docs} docs`, f2(r.parseMs), f2(r.engineMs), f2(r.ratio), r.findings, r.reps]),
  );
} else {
  log('(not measured: no engine)');
}
log('');

const ksSpeedup = ours && yls ? yls.keystroke.median / ours.keystroke.median : NaN;
const coldSpeedup = ours && yls ? yls.cold.median / ours.cold.median : NaN;
const floor100 = floor?.find((r) => r.docs === 100);
const floorRatio = floor100 ? floor100.ratio : NaN;

log('## Editor latency and memory');
log('');
table(
  ['measure', 'ours', 'YLS', 'YLS/ours'],
  [
    [
      `keystroke → diagnostics, 100-doc file (median of ${KEYSTROKES}, ms)`,
      f1(ours?.keystroke.median),
      f1(yls?.keystroke.median),
      Number.isFinite(ksSpeedup) ? f1(ksSpeedup) + 'x' : '–',
    ],
    ['keystroke p90 (ms)', f1(ours?.keystroke.p90), f1(yls?.keystroke.p90), '–'],
    [
      `keystroke, YLS without its ${YLS_DEBOUNCE_MS} ms debounce (ms)`,
      f1(ours?.keystroke.median),
      f1(yls?.keystroke.median - YLS_DEBOUNCE_MS),
      ours && yls ? f1((yls.keystroke.median - YLS_DEBOUNCE_MS) / ours.keystroke.median) + 'x' : '–',
    ],
    [
      `cold start: spawn → complete diagnostics, 10-doc file (median of ${COLD_SPAWNS}, ms)`,
      f1(ours?.cold.median),
      f1(yls?.cold.median),
      Number.isFinite(coldSpeedup) ? f1(coldSpeedup) + 'x' : '–',
    ],
    ['cold start: spawn → first diagnostics (ms)', f1(ours?.cold.firstMedian), f1(yls?.cold.firstMedian), '–'],
    ['first start after install: no code cache yet, spawn → complete diagnostics (ms)', f1(ours?.cold.firstStartMs), '–', '–'],
    [
      `Node's own start-up, \`node -e 0\` in the server's environment (median of 9, ms)${unsetHere.length ? `; ours without ${unsetHere.join(', ')}` : ''}`,
      f1(nodeStart.ours),
      f1(nodeStart.yls),
      '–',
    ],
    [`peak RSS (VmHWM), 1000-doc file open + ${RSS_KEYSTROKES} keystrokes (MB)`, f1(ours?.rss.peakRssMb), f1(yls?.rss.peakRssMb), ours && yls ? f1(yls.rss.peakRssMb / ours.rss.peakRssMb) + 'x' : '–'],
    ['RSS (VmRSS) at that point (MB)', f1(ours?.rss.rssMb), f1(yls?.rss.rssMb), '–'],
    [
      `RSS growth per keystroke over ${GROWTH_KEYSTROKES} more keystrokes, 1000-doc file (MB)`,
      f2(ours?.rss.growthPerKeystrokeMb),
      f2(yls?.rss.growthPerKeystrokeMb),
      '–',
    ],
    ['peak RSS with only the 10-doc file open (cold-start runs, MB)', f1(ours?.cold.peakRssMb10), f1(yls?.cold.peakRssMb10), '–'],
  ],
);
log('');
log(`YLS validates ${YLS_DEBOUNCE_MS} ms after the last change (its fixed debounce), inside its keystroke and full-validation times.`);
log('');

log('## Targets (reported, never enforced)');
log('');
const met = (ok) => (ok === null ? 'not measured' : ok ? 'met' : 'NOT met');
const check = (x, ok) => (Number.isFinite(x) ? ok(x) : null);
table(
  ['target', 'measured', ''],
  [
    [`keystroke speed-up vs YLS ≥ ${TARGETS.keystroke}x`, Number.isFinite(ksSpeedup) ? f1(ksSpeedup) + 'x' : '–', met(check(ksSpeedup, (x) => x >= TARGETS.keystroke))],
    [`full validation ≤ ${TARGETS.floor}x parse floor (100 docs)`, Number.isFinite(floorRatio) ? f2(floorRatio) + 'x' : '–', met(check(floorRatio, (x) => x <= TARGETS.floor))],
    [`cold start < ${TARGETS.coldMs} ms`, f1(ours?.cold.median), met(check(ours?.cold.median, (x) => x < TARGETS.coldMs))],
    [`RSS < ${TARGETS.rssMb} MB at 1000 docs`, f1(ours?.rss.peakRssMb), met(check(ours?.rss.peakRssMb, (x) => x < TARGETS.rssMb))],
  ],
);
log('');
if (lens) {
  log('');
  for (const l of lens.section) log(l);
}
if (workspaceRun) {
  log('');
  log('## Workspace index (bench/workspace.ts)');
  log('');
  for (const l of workspaceRun.section) log(l);
}
if (live) {
  for (const l of live.section) log(l);
  log('');
}
log(
  `Network attempts by either server: ${networkAttempts.length}${networkAttempts.length ? ' ' + JSON.stringify(networkAttempts.slice(0, 5)) : ''} ` +
    `(guard loaded in ${guarded} of ${spawned} server processes; it refuses and logs any connection or DNS lookup beyond 127.0.0.1).`,
);
log(`Bench wall time: ${((performance.now() - started) / 1000).toFixed(0)} s.${flag('keep') ? ` Inputs kept in ${work}.` : ''}`);
for (const p of problems) log(`PROBLEM: ${p}`);

const unreliable = Object.entries(results).filter(([, r]) => SIZES.some((n) => r.checks[n].found === 0 && r.checks[n].of > 0));
for (const [id] of unreliable) log(`PROBLEM: ${SERVER_DEFS[id].label} reported none of the seeded mistakes: its numbers do not measure validation.`);
log(
  JSON.stringify({
    keystrokeSpeedupVsYls: round(ksSpeedup, 1),
    fullValidationOverParseFloor: round(floorRatio, 2),
    coldStartMs: round(ours?.cold.median, 0),
    coldStartFirstStartMs: round(ours?.cold.firstStartMs, 0),
    coldStartSpeedupVsYls: round(coldSpeedup, 1),
    rssMbAt1000Docs: round(ours?.rss.peakRssMb, 1),
    watchToTreeMs: live?.figures?.watchToTreeMs ?? null,
    watchToPageMs: live?.figures?.watchToPageMs ?? null,
    tree500Ms: live?.figures?.tree500Ms ?? null,
    extensionHostMbAt2000Rollouts: live?.figures?.extensionHostMbAt2000Rollouts ?? null,
    steadyStateRequestsPerMin: live?.figures?.steadyStateRequestsPerMin ?? null,
    lensFromMemoryMsPerDocument: lens?.figures?.lensFromMemoryMsPerDocument ?? null,
    watchToLensMs: lens?.figures?.watchToLensMs ?? null,
    crdFileOverParse: round(floor?.[2]?.ratio, 3),
    workspaceIndexMs: workspaceRun?.figures?.workspaceIndexMs ?? null,
    workspaceRssMb: workspaceRun?.figures?.workspaceRssMb ?? null,
    crossFileKeystrokeMs: workspaceRun?.figures?.crossFileKeystrokeMs ?? null,
    crossFileKeystrokeStdioMs: workspaceRun?.figures?.crossFileKeystrokeStdioMs ?? null,
  }),
);
if (guarded !== spawned) log(`PROBLEM: the network guard was loaded in ${guarded} of ${spawned} server processes.`);
process.exitCode = problems.length || unreliable.length || networkAttempts.length || guarded !== spawned ? 1 : 0;
