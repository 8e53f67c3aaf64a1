// Deterministic generator of realistic multi-document manifest files for the benchmark.
//
// Every file is a run of "bundles", as people write them: one Argo Rollout, an autoscaling/v2 HPA that targets it and
// the Services the Rollout talks to. The Rollouts and Services are the real manifests of the user's seed
// (test/fixtures/seed) and of the Argo Rollouts v1.9.1 examples (test/fixtures/corpus), kept byte for byte (comments,
// indentation, flow style) except for their names, which are replaced by generated ones so that no two bundles are
// alike. The HPA is the seed's HPA brought to autoscaling/v2 with varied bounds and metrics.
//
// About one document in twenty carries one of the seed's real mistakes (a removed Service field, a v2beta1 HPA metric
// field in a v2 HPA, a misspelled Rollout field), so both servers have something to report and a broken schema setup
// shows up as "0 diagnostics" instead of passing as "fast".
//
// Same (docs, seed, salt) → same text. A different salt renames every document, so each one is new to a cache.
import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join, basename } from 'node:path';
import { fileURLToPath } from 'node:url';
import { parse } from 'yaml';
import { prng } from '../test/support/prng.mjs';

// the repository's own copies (test/fixtures), so a clone benches with nothing beside it; ROLLOUT_PILOT_FIXTURES overrides
export const FIXTURES = process.env.ROLLOUT_PILOT_FIXTURES ?? fileURLToPath(new URL('../test/fixtures/', import.meta.url));
const SEED_DIR = join(FIXTURES, 'seed');
const CORPUS_DIR = join(FIXTURES, 'corpus');

const ADJECTIVES = ['amber', 'brisk', 'calm', 'dusty', 'eager', 'fuzzy', 'gentle', 'hazy', 'icy', 'jolly', 'keen',
  'lucky', 'mellow', 'nimble', 'olive', 'proud', 'quiet', 'rapid', 'silent', 'tidy', 'urban', 'vivid', 'witty', 'young'];
const NOUNS = ['api', 'billing', 'cart', 'checkout', 'catalog', 'gateway', 'inventory', 'ledger', 'mailer', 'orders',
  'payments', 'profile', 'quotes', 'search', 'session', 'shipping', 'tracker', 'users', 'worker', 'frontend'];

/** Splits a file at its `---` lines; returns the non-empty chunks without their markers. */
function chunksOf(text) {
  return text
    .split(/^---[ \t]*\r?$/m)
    .map((c) => c.replace(/^\r?\n/, '').replace(/\s+$/, '') + '\n')
    .filter((c) => c.trim() !== '');
}

function meta(chunk) {
  try {
    const o = parse(chunk);
    return o && typeof o === 'object' ? o : {};
  } catch {
    return {};
  }
}

/** Values in a bundle that are names or app labels, to be renamed. */
function identifiersOf(objs) {
  const ids = new Set();
  const visit = (v, key) => {
    if (typeof v === 'string') {
      if (/^(app|activeService|previewService|canaryService|stableService|rootService)$/.test(key ?? '')
        && /^[a-z0-9][a-z0-9.-]*$/.test(v)) ids.add(v);
      return;
    }
    if (Array.isArray(v)) v.forEach((x) => visit(x, key === 'routes' ? undefined : key));
    else if (v && typeof v === 'object') for (const [k, x] of Object.entries(v)) visit(x, k);
  };
  for (const o of objs) {
    if (o.metadata?.name) ids.add(o.metadata.name);
    visit(o.spec?.selector, undefined);
    visit(o.spec?.template?.metadata?.labels, undefined);
    visit(o.metadata?.labels, undefined);
    visit(o.spec?.strategy, undefined);
  }
  // container names ("rollouts-demo") and such stay as they are: only the Rollout's and Services' own names are renamed
  for (const o of objs) for (const c of o.spec?.template?.spec?.containers ?? []) if (c?.name && c.name !== o.metadata?.name) ids.delete(c.name);
  return [...ids].sort((a, b) => b.length - a.length);
}

function escapeRe(s) {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}

/** Loads the Rollout bundles (a Rollout chunk plus its sibling Service chunks) from the seed and the corpus. */
export function loadSources() {
  const files = [];
  if (!existsSync(SEED_DIR) || !existsSync(CORPUS_DIR)) {
    throw new Error(`seed or corpus manifests not found under ${FIXTURES} (set ROLLOUT_PILOT_FIXTURES)`);
  }
  // the corpus keeps some Services in a companion file next to the Rollout
  const companions = {
    'ambassador_rollout.yaml': ['ambassador_echo-service.yaml'],
    'apisix_rollout.yaml': ['apisix_services.yaml'],
    'appmesh_canary-rollout.yaml': ['appmesh_canary-service.yaml'],
  };
  for (const f of readdirSync(CORPUS_DIR).filter((n) => n.endsWith('.yaml')).sort()) {
    const text = readFileSync(join(CORPUS_DIR, f), 'utf8');
    const extra = (companions[f] ?? []).map((c) => readFileSync(join(CORPUS_DIR, c), 'utf8'));
    files.push({ name: `corpus/${f}`, chunks: [text, ...extra].flatMap(chunksOf) });
  }
  const seed = (n) => chunksOf(readFileSync(join(SEED_DIR, n), 'utf8'));
  // the seed Service's `topologyKeys` (removed in Kubernetes 1.22) is one of the mistakes injected on purpose below
  const seedService = seed('service.yaml').map((c) => c.replace(/\n  topologyKeys:\n(?:    - .*\n)+/, '\n'));
  files.push({ name: 'seed/rollout.yaml+service.yaml', chunks: [...seed('rollout.yaml'), ...seedService] });

  const bundles = [];
  const fallbackServices = [];
  for (const { name, chunks } of files) {
    const docs = chunks
      .filter((c) => !/\{\{|\{%/.test(c)) // template placeholders are not YAML until rendered
      .map((c) => ({ text: c, obj: meta(c) }))
      .filter((d) => d.obj.kind === 'Rollout' || d.obj.kind === 'Service');
    const rollouts = docs.filter((d) => d.obj.kind === 'Rollout');
    const services = docs.filter((d) => d.obj.kind === 'Service');
    if (rollouts.length === 0) continue;
    fallbackServices.push(...services);
    for (const r of rollouts) {
      const ids = identifiersOf([r.obj, ...services.map((s) => s.obj)]);
      bundles.push({ source: name, rollout: r, services, ids, rolloutName: r.obj.metadata.name });
    }
  }
  return { bundles, fallbackServices };
}

/** The seed HPA (autoscaling/v2beta1) rewritten for autoscaling/v2, with varied bounds and metrics. */
function hpaText(target, rnd, mistake) {
  const min = 1 + Math.floor(rnd() * 6);
  const max = min + 2 + Math.floor(rnd() * 30);
  const util = 50 + 5 * Math.floor(rnd() * 7);
  const lines = [
    'apiVersion: autoscaling/v2',
    'kind: HorizontalPodAutoscaler',
    'metadata:',
    `  name: ${target}-hpa`,
    'spec:',
    `  maxReplicas: ${max}`,
    `  minReplicas: ${min}`,
    '  scaleTargetRef:',
    '    apiVersion: argoproj.io/v1alpha1',
    '    kind: Rollout',
    `    name: ${target}`,
    '  metrics:',
    '  - type: Resource',
    '    resource:',
    '      name: cpu',
  ];
  if (mistake) {
    // the seed's v2beta1 field, left in a v2 HPA: unknown field, and `target` is missing
    lines.push(`      targetAverageUtilization: ${util}`);
  } else {
    lines.push('      target:', '        type: Utilization', `        averageUtilization: ${util}`);
  }
  if (rnd() < 0.4) {
    lines.push('  - type: Resource', '    resource:', '      name: memory', '      target:', '        type: AverageValue',
      `        averageValue: ${128 * (1 + Math.floor(rnd() * 8))}Mi`);
  }
  if (rnd() < 0.3) {
    lines.push('  behavior:', '    scaleDown:', `      stabilizationWindowSeconds: ${60 * (1 + Math.floor(rnd() * 5))}`,
      '      policies:', '      - type: Percent', '        value: 50', '        periodSeconds: 60');
  }
  return lines.join('\n') + '\n';
}

function injectMistake(kind, text) {
  if (kind === 'Service') {
    // the seed's own mistake: `topologyKeys` was removed from Service in Kubernetes 1.22
    return text.replace(/^spec:\n/m, 'spec:\n  topologyKeys:\n    - "kubernetes.io/hostname"\n    - "*"\n');
  }
  // a Rollout with a misspelled spec field
  if (/^  revisionHistoryLimit:/m.test(text)) return text.replace(/^  revisionHistoryLimit:/m, '  revisionHistoryLimt:');
  return text.replace(/^spec:\n/m, 'spec:\n  replica: 2\n');
}

const MISTAKE_EVERY = 20;
const MISTAKE_AT = 7;

/**
 * Generates a multi-document YAML file of exactly `docs` documents.
 * @returns {{ text: string, kinds: Record<string, number>, mistakes: Array<{doc: number, startLine: number, endLine: number}>, lines: number }}
 */
export function generateManifests({ docs, seed = 1, salt = '' }, sources = loadSources()) {
  const rnd = prng(seed);
  const { bundles, fallbackServices } = sources;
  const out = [];
  const kinds = {};
  let group = 0;
  const wrongDocs = [];
  const push = (kind, text) => {
    if (out.length >= docs) return;
    const wrong = out.length % MISTAKE_EVERY === MISTAKE_AT && kind !== 'HorizontalPodAutoscaler';
    if (wrong) wrongDocs.push(out.length);
    out.push('---\n' + (wrong ? injectMistake(kind, text) : text));
    kinds[kind] = (kinds[kind] ?? 0) + 1;
  };
  while (out.length < docs) {
    const b = bundles[Math.floor(rnd() * bundles.length)];
    const base = `${ADJECTIVES[Math.floor(rnd() * ADJECTIVES.length)]}-${NOUNS[Math.floor(rnd() * NOUNS.length)]}-${salt}${group++}`;
    const rename = (text) => {
      let t = text;
      for (const id of b.ids) {
        const to = id === b.rolloutName ? base : id.startsWith(b.rolloutName + '-') ? base + id.slice(b.rolloutName.length) : `${base}-${id}`;
        // whole scalar values only (`name: x`, `- x`, `app: "x"`), never keys or parts of hosts and URLs
        t = t.replace(new RegExp(`(?<=(?:^|[:\\-\\[,{])[ \\t]+["']?)${escapeRe(id)}(?=["']?[ \\t]*(?:[,}\\]]|#|$))`, 'gm'), to);
      }
      return t;
    };
    const rolloutText = rename(b.rollout.text);
    push('Rollout', rolloutText);
    // the HPA's mistake is decided here, because its text is generated
    const hpaWrong = out.length % MISTAKE_EVERY === MISTAKE_AT;
    if (hpaWrong && out.length < docs) wrongDocs.push(out.length);
    if (out.length < docs) {
      out.push('---\n' + hpaText(base, rnd, hpaWrong));
      kinds.HorizontalPodAutoscaler = (kinds.HorizontalPodAutoscaler ?? 0) + 1;
    }
    if (b.services.length > 0) {
      for (const s of b.services) push('Service', rename(s.text));
    } else {
      // a Rollout shipped without its Service: give it one from the corpus, selecting the Rollout's pods
      const s = fallbackServices[Math.floor(rnd() * fallbackServices.length)];
      const app = meta(rolloutText).spec?.selector?.matchLabels?.app ?? base;
      const svc = s.text
        .replace(/^(  name:) .*$/m, `$1 ${base}`)
        .replace(/^(  selector:\n(?:    (?!app:).*\n)*    app:) .*$/m, `$1 ${app}`)
        .replace(/^(  labels:\n(?:    (?!app:).*\n)*    app:) .*$/m, `$1 ${base}`);
      push('Service', svc);
    }
  }
  const text = out.join('');
  // where the seeded mistakes are (0-based lines, end exclusive), so a bench can check each one was reported
  const starts = [];
  let line = 0;
  for (const chunk of out) {
    starts.push(line);
    line += chunk.split('\n').length - 1;
  }
  const mistakes = wrongDocs.map((i) => ({ doc: i, startLine: starts[i], endLine: i + 1 < starts.length ? starts[i + 1] : line }));
  return { text, kinds, mistakes, lines: line };
}

// `node bench/generate.mjs 100 [seed] [salt]` prints a file, for a look at what the bench feeds the servers.
if (process.argv[1] && basename(process.argv[1]) === 'generate.mjs') {
  const [docs = '10', seed = '1', salt = ''] = process.argv.slice(2);
  const g = generateManifests({ docs: Number(docs), seed: Number(seed), salt });
  process.stdout.write(g.text);
  process.stderr.write(`${Number(docs)} documents, ${g.lines} lines, ${g.text.length} bytes, kinds ${JSON.stringify(g.kinds)}, ${g.mistakes.length} with a seeded mistake (documents ${g.mistakes.map((m) => m.doc).join(', ')})\n`);
}
