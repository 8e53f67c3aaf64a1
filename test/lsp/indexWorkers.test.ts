// The first scan of a large workspace runs in index workers (server/src/indexer): the files are read and their
// documents' facts found on other threads. Through the protocol, on a folder of 230 files (more than the scan's
// threshold for workers): the server started with two workers and with none (ROLLOUT_PILOT_INDEX_WORKERS=0) reads the
// same files and gives the open documents the same link findings, each of them asserted. The pool's own failures
// (a worker that cannot start, exits or throws) are in test/unit/indexPool.test.ts.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { Diagnostic } from 'vscode-languageserver-protocol';
import { LspClient } from './client';
import { writeFiles } from '../support/files';
import { hpaText, rolloutText, serviceText } from '../support/manifestText';

const APPS = 40;

const rollout = (app: string) =>
  rolloutText(app, { replicas: true, image: 'nginx:1.27', requests: 'memory: 64Mi', steps: ['setWeight: 50', 'analysis: {templates: [{templateName: success-rate}]}'] });
const hpa = (name: string, target: string) => hpaText(name, target, 60);
const service = (name: string, app: string) => serviceText(name, app, false);

const FILES: Record<string, string | Buffer> = {
  'shared/analysis.yaml': `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: success-rate
spec:
  metrics:
  - name: ok
    provider: {prometheus: {address: http://prometheus:9090, query: up}}
`,
  'orphans/hpa.yaml': hpa('orphan', 'ghost'),
  'broken/bad.yaml': 'kind: Service\nmetadata: {name: [unclosed\n',
  'broken/latin1.yaml': Buffer.from([0x6b, 0x69, 0x6e, 0x64, 0x3a, 0x20, 0xe9, 0x0a]),
  'bom/service.yaml': `\uFEFF${service('bom-svc', 'a1')}`,
  'crlf/service.yaml': service('crlf-svc', 'a2').replace(/\n/g, '\r\n'),
  'kustomize/base/kustomization.yaml': 'resources: [rollout.yaml]\n',
  'kustomize/base/rollout.yaml': rollout('kbase').replace('canaryService: kbase-canary', 'canaryService: made-by-kustomize'),
  'kustomize/overlay/kustomization.yaml': 'resources: [../base]\npatches: [{path: patch.yaml}]\n',
  'kustomize/overlay/patch.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: kbase}\nspec: {replicas: 5}\n',
  'chart/Chart.yaml': 'apiVersion: v2\nname: chart\nversion: 0.1.0\n',
  'chart/templates/service.yaml': service('{{ .Release.Name }}-svc', '{{ .Values.app }}'),
};
for (let i = 0; i < APPS; i++) {
  const app = `a${i}`;
  FILES[`apps/${app}/rollout.yaml`] = rollout(app);
  FILES[`apps/${app}/hpa.yaml`] = hpa(app, app);
  FILES[`apps/${app}/services.yaml`] = `${service(`${app}-canary`, app)}---\n${service(`${app}-stable`, app)}`;
  FILES[`apps/${app}/config.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: ${app}}\ndata: {a: "1"}\n`;
}
for (let i = 0; i < 60; i++) FILES[`configs/c${i}.yaml`] = `apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c${i}}\n`;
/** the files indexed: all but the one that is not UTF-8 text */
const COUNT = Object.keys(FILES).length - 1;

let root: string;
const uri = (p: string) => pathToFileURL(join(root, p)).href;

before(() => {
  root = mkdtempSync(join(tmpdir(), 'rp-index-workers-'));
  writeFiles(root, FILES);
});

after(() => rmSync(root, { recursive: true, force: true }));

const OPEN = ['apps/a7/rollout.yaml', 'apps/a5/hpa.yaml', 'orphans/hpa.yaml', 'apps/a3/services.yaml', 'bom/service.yaml', 'crlf/service.yaml', 'kustomize/base/rollout.yaml'];

/** The server's log line of the first scan and the link findings of the OPEN documents (code and text), per file. */
async function run(workers: string): Promise<{ log: string; found: Record<string, string[]> }> {
  const c = await LspClient.start({ rootUri: pathToFileURL(root).href, env: { ROLLOUT_PILOT_INDEX_WORKERS: workers } });
  try {
    const log = (await c.firstRead(30000)) ?? c.logs.join('\n');
    const found: Record<string, string[]> = {};
    for (const p of OPEN) {
      const text = FILES[p]!.toString().replace(/^\uFEFF/, '');
      await c.open(uri(p), text);
      const diags: Diagnostic[] = await c.diagnosticsFor(uri(p), 1);
      const lines = text.split(/\r?\n/);
      found[p] = diags.map((d) => `${d.code} ${d.severity} ${lines[d.range.start.line]!.slice(d.range.start.character, d.range.end.character)}`).sort();
    }
    return { log, found };
  } finally {
    await c.stop();
  }
}

test('the first scan with two index workers finds what the scan on the main thread finds', async () => {
  const threads = await run('2');
  const here = await run('0');
  assert.match(threads.log, new RegExp(`indexed ${COUNT} YAML files in \\d+ ms \\(2 index workers\\)$`), threads.log);
  assert.match(here.log, new RegExp(`indexed ${COUNT} YAML files in \\d+ ms$`), here.log);
  assert.deepEqual(threads.found, here.found);
  // and what they find is right: the HPA and the analysis template are in files that are not open
  assert.deepEqual(threads.found['apps/a7/rollout.yaml'], ['replicas-under-hpa 2 replicas']);
  assert.deepEqual(threads.found['apps/a5/hpa.yaml'], ['hpa-missing-request 2 cpu']);
  assert.deepEqual(threads.found['orphans/hpa.yaml'], ['hpa-target-not-found 2 ghost']);
  // Services whose pods are in other files (one written with a byte order mark, one with CRLF line ends)
  assert.deepEqual(threads.found['apps/a3/services.yaml'], []);
  assert.deepEqual(threads.found['bom/service.yaml'], []);
  assert.deepEqual(threads.found['crlf/service.yaml'], []);
  // a kustomize base: its names are rewritten when built, and its patch (another file) gives no findings of its own
  assert.deepEqual(threads.found['kustomize/base/rollout.yaml']!.filter((f) => /not-found/.test(f)), []);
});

test('a server shut down while its workers read exits at once, and cleanly', async () => {
  const c = await LspClient.start({ rootUri: pathToFileURL(root).href, env: { ROLLOUT_PILOT_INDEX_WORKERS: '2' } });
  // the first read starts on `initialized` (sent by start); shutdown follows before it can end
  const started = performance.now();
  const code = await c.stop();
  assert.equal(code, 0, c.stderr);
  assert.ok(performance.now() - started < 4000, `exited after ${Math.round(performance.now() - started)} ms`);
  assert.ok(!c.logs.some((l) => /indexed \d+ YAML files/.test(l)), 'the read was cut short (it did not end)');
  assert.doesNotMatch(c.stderr, /Error|unhandled/i);
});
