// The workspace through the protocol, against a folder on disk: the server reads the folder when initialized, the
// link findings of open documents use files that are not open, and they follow files created, changed, renamed and
// deleted while the server runs (sent as workspace/didChangeWatchedFiles, as VS Code's watcher does). Kustomize
// bases/overlays and a Helm chart give no false "not found"; Go to Definition and Find References follow the links;
// the replicas quick fix is applied and re-checked.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, mkdirSync, readFileSync, renameSync, rmSync, unlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { CodeAction, Diagnostic, Location, PublishDiagnosticsParams } from 'vscode-languageserver-protocol';
import { LspClient, applyEdits, textOf } from './client';
import { checkRuleCase } from './ruleCases';

const LINKS = /^(hpa-target-not-found|hpa-missing-request|replicas-under-hpa|service-selects-nothing|service-target-port|rollout-service-not-found|rollout-service-label|analysis-template-not-found|workload-ref-not-found)$/;

const ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  # the HPA owns the count
  replicas: 3 # start with three
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: nginx:1.27
        ports: [{name: http, containerPort: 8080}]
        resources: {requests: {cpu: 100m}}
  strategy:
    canary:
      canaryService: web-canary
      stableService: web-stable
      steps:
      - setWeight: 20
      - pause: {}
`;

const hpa = (target: string) => `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef:
    apiVersion: argoproj.io/v1alpha1
    kind: Rollout
    name: ${target}
  minReplicas: 2
  maxReplicas: 10
  metrics:
  - type: Resource
    resource:
      name: cpu
      target: {type: Utilization, averageUtilization: 60}
`;

const service = (name: string) => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: {app: web}
  ports:
  - port: 80
    targetPort: http
`;
const SERVICES = `${service('web-canary')}---\n${service('web-stable')}`;

const FILES: Record<string, string> = {
  'apps/web/rollout.yaml': ROLLOUT,
  'apps/web/hpa.yaml': hpa('web'),
  'apps/web/services.yaml': SERVICES,
  'apps/web/analysis.yaml': `apiVersion: argoproj.io/v1alpha1
kind: AnalysisTemplate
metadata:
  name: success-rate
spec:
  args: [{name: service-name}]
  metrics:
  - name: success-rate
    provider: {prometheus: {query: 'sum(rate(requests{service="{{args.service-name}}"}[5m]))'}}
`,
  // kustomize: a base whose HPA targets a Rollout the overlay renames and moves
  'kustomize/base/kustomization.yaml': 'resources: [rollout.yaml, hpa.yaml]\n',
  'kustomize/base/hpa.yaml': hpa('api'),
  'kustomize/base/rollout.yaml': ROLLOUT.replace('name: web\nspec', 'name: api\nspec').replace(/canaryService: web-canary/, 'canaryService: api-canary'),
  'kustomize/overlays/prod/kustomization.yaml':
    'namespace: prod\nresources: [../../base, service.yaml, hpa-remote.yaml, github.com/example/apps//remote?ref=v1]\npatches: [{path: replicas.yaml}]\n',
  // the target comes from a remote base no file here holds
  'kustomize/overlays/prod/hpa-remote.yaml': hpa('remote-app'),
  'kustomize/overlays/prod/service.yaml': service('api-canary'),
  // a Helm chart: names are rendered
  'charts/web/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
  'charts/web/values.yaml': 'replicas: 2\n',
  'charts/web/templates/hpa.yaml': hpa('{{ include "web.fullname" . }}'),
  // no marker in this one, but it is under Chart.yaml: its target is another template's rendered name
  'charts/web/templates/hpa-plain.yaml': hpa('web-chart'),
  'charts/web/templates/rollout.yaml': ROLLOUT.replace('name: web\nspec', 'name: "{{ .Release.Name }}"\nspec').replace('web-canary', '"{{ .Release.Name }}-canary"'),
  // not YAML the index reads, and a folder it skips
  'node_modules/x/hpa.yaml': hpa('nowhere'),
  '.git/hpa.yaml': hpa('nowhere'),
};

let root: string;
let c: LspClient;
const uri = (p: string) => pathToFileURL(join(root, p)).href;
const write = (p: string, text: string) => {
  mkdirSync(dirname(join(root, p)), { recursive: true });
  writeFileSync(join(root, p), text);
};
const links = (p: PublishDiagnosticsParams) => p.diagnostics.filter((d) => LINKS.test(String(d.code)));
const codes = (ds: Diagnostic[]) => ds.map((d) => `${String(d.code)} ${d.severity}`).sort();
const watched = (changes: Array<{ path: string; type: 1 | 2 | 3 }>) =>
  c.notify('workspace/didChangeWatchedFiles', { changes: changes.map((ch) => ({ uri: uri(ch.path), type: ch.type })) });

before(async () => {
  root = mkdtempSync(join(tmpdir(), 'rp-workspace-'));
  for (const [p, text] of Object.entries(FILES)) write(p, text);
  for (const f of ['rollout', 'hpa', 'service']) write(`seed/${f}.yaml`, readFileSync(`test/fixtures/seed/${f}.yaml`, 'utf8'));
  c = await LspClient.start({ rootUri: pathToFileURL(root).href });
  await c.firstRead();
});

after(async () => {
  await c?.stop();
  rmSync(root, { recursive: true, force: true });
});

test('the folder is read once initialized: the file watcher is registered, node_modules and dot-folders are skipped', () => {
  const log = c.logs.find((l) => /indexed \d+ YAML files/.test(l));
  // the files under apps, kustomize, charts (values.yaml and Chart.yaml included) and seed; not node_modules or .git
  assert.match(log ?? '', /indexed 18 YAML files/, c.logs.join('\n'));
  const reg = c.registrations.find((r) => r.method === 'workspace/didChangeWatchedFiles');
  assert.deepEqual(reg?.registerOptions, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] });
  assert.deepEqual(c.initializeResult.capabilities.definitionProvider, true);
  assert.deepEqual(c.initializeResult.capabilities.referencesProvider, true);
  assert.deepEqual(c.initializeResult.capabilities.workspace?.workspaceFolders, { supported: true, changeNotifications: true });
});

test('links resolve through files that are not open; the replicas fix is applied and re-checked', async () => {
  const u = uri('apps/web/rollout.yaml');
  await c.open(u, ROLLOUT);
  const first = await c.diagnosticsFor(u, 1);
  const found = first.filter((d) => LINKS.test(String(d.code)));
  // the HPA on disk (not open) scales this Rollout; its Services are on disk too
  assert.deepEqual(codes(found), ['replicas-under-hpa 2']);
  assert.equal(textOf(ROLLOUT, found[0]!.range), 'replicas');
  const actions: CodeAction[] = await c.codeActions(u, found[0]!.range, found);
  const fix = actions.find((a) => /Remove `replicas`/.test(a.title));
  assert.ok(fix, JSON.stringify(actions.map((a) => a.title)));
  const fixed = applyEdits(ROLLOUT, fix.edit!.changes![u]!);
  assert.ok(fixed.includes('  # the HPA owns the count\n  # start with three\n  selector:'), fixed);
  await c.change(u, 2, [{ text: fixed }]);
  const after2 = await c.diagnosticsFor(u, 2);
  assert.deepEqual(after2.filter((d) => LINKS.test(String(d.code))), []);
  assert.equal(after2.length, first.length - 1, 'nothing else changed');
});

test('files deleted, created, changed and renamed on disk: the open Rollout follows', async () => {
  const u = uri('apps/web/rollout.yaml');
  // the Services file is deleted: both names are missing (warnings: nothing else could define a Service here)
  unlinkSync(join(root, 'apps/web/services.yaml'));
  await watched([{ path: 'apps/web/services.yaml', type: 3 }]);
  const gone = await c.diagnostics(u, (p) => links(p).length === 2);
  assert.deepEqual(codes(links(gone)), ['rollout-service-not-found 2', 'rollout-service-not-found 2']);
  assert.deepEqual(links(gone).map((d) => textOf(readFileSync(join(root, 'apps/web/rollout.yaml'), 'utf8'), d.range)).sort(), ['web-canary', 'web-stable']);

  // created again, with only one of them
  write('apps/web/services.yaml', service('web-canary'));
  await watched([{ path: 'apps/web/services.yaml', type: 1 }]);
  const one = await c.diagnostics(u, (p) => links(p).length === 1);
  assert.match(links(one)[0]!.message, /No Service named `web-stable`/);

  // changed to hold both
  write('apps/web/services.yaml', SERVICES);
  await watched([{ path: 'apps/web/services.yaml', type: 2 }]);
  await c.diagnostics(u, (p) => links(p).length === 0);

  // renamed (a watcher reports a delete and a create): still found
  mkdirSync(join(root, 'apps/web/svc'));
  renameSync(join(root, 'apps/web/services.yaml'), join(root, 'apps/web/svc/services.yaml'));
  await watched([{ path: 'apps/web/services.yaml', type: 3 }, { path: 'apps/web/svc/services.yaml', type: 1 }]);
  await new Promise((r) => setTimeout(r, 300));
  const latest = [...c.published].reverse().find((p) => p.uri === u)!;
  assert.deepEqual(links(latest), []);

  // the HPA changed on disk to target another name: the Rollout's replicas are its own again, and the HPA, opened,
  // says its target is missing — as information, since the Helm chart's Rollout could have any name
  const h = uri('apps/web/hpa.yaml');
  await c.change(u, 3, [{ text: ROLLOUT }]);
  await c.diagnostics(u, (p) => p.version === 3 && links(p).length === 1);
  write('apps/web/hpa.yaml', hpa('webx'));
  await watched([{ path: 'apps/web/hpa.yaml', type: 2 }]);
  await c.diagnostics(u, (p) => p.version === 3 && links(p).length === 0);
  await c.open(h, hpa('webx'));
  const target = links({ uri: h, diagnostics: await c.diagnosticsFor(h, 1) });
  assert.deepEqual(codes(target), ['hpa-target-not-found 3']);
  assert.equal(textOf(hpa('webx'), target[0]!.range), 'webx');

  // the open HPA's text wins over the disk: typed back to `web`, the Rollout's replicas are under an HPA again
  await c.change(h, 2, [{ text: hpa('web') }]);
  await c.diagnostics(u, (p) => p.version === 3 && codes(links(p)).join() === 'replicas-under-hpa 2');
  // closed: back to the disk's text (`webx`)
  await c.close(h);
  await c.diagnostics(u, (p) => p.version === 3 && links(p).length === 0);
});

test('kustomize bases and overlays and a Helm chart give no false "not found"; the seed manifests give none', async () => {
  const absence = /^(hpa-target-not-found|hpa-missing-request|service-selects-nothing|service-target-port|rollout-service-not-found|rollout-service-label|analysis-template-not-found|workload-ref-not-found)$/;
  for (const p of [
    'kustomize/base/hpa.yaml', 'kustomize/base/rollout.yaml', 'kustomize/overlays/prod/service.yaml', 'kustomize/overlays/prod/hpa-remote.yaml',
    'charts/web/templates/hpa.yaml', 'charts/web/templates/hpa-plain.yaml', 'charts/web/templates/rollout.yaml',
    'seed/rollout.yaml', 'seed/hpa.yaml', 'seed/service.yaml',
  ]) {
    const text = readFileSync(join(root, p), 'utf8');
    await c.open(uri(p), text);
    const ds = await c.diagnosticsFor(uri(p), 1);
    assert.deepEqual(ds.filter((d) => absence.test(String(d.code))), [], `${p}: ${JSON.stringify(ds)}`);
    // what is there is still said in a kustomize base: its HPA scales the Rollout that sets replicas
    const replicas = ds.filter((d) => d.code === 'replicas-under-hpa').length;
    assert.equal(replicas, p === 'kustomize/base/rollout.yaml' ? 1 : 0, p);
  }
});

test('Go to Definition and Find References follow the links', async () => {
  const h = uri('apps/web/hpa.yaml');
  const hpaText = hpa('web');
  await c.open(h, hpaText, 10);
  const line = hpaText.split('\n').findIndex((l) => l.includes('name: web') && l.startsWith('    '));
  const defs: Location[] = await c.request('textDocument/definition', { textDocument: { uri: h }, position: { line, character: 11 } });
  assert.deepEqual(defs.map((d) => [d.uri, d.range.start.line]), [[uri('apps/web/rollout.yaml'), 3]]);

  const r = uri('apps/web/rollout.yaml');
  // from the Rollout's canaryService to the Service (in a file that is not open, and was renamed)
  const canaryLine = ROLLOUT.split('\n').findIndex((l) => l.includes('canaryService'));
  const svc: Location[] = await c.request('textDocument/definition', { textDocument: { uri: r }, position: { line: canaryLine, character: 24 } });
  assert.deepEqual(svc.map((d) => [d.uri, d.range.start.line]), [[uri('apps/web/svc/services.yaml'), 3]]);

  // references of the Rollout's name: the open HPA's scaleTargetRef and the Services selecting its pods
  const refs: Location[] = await c.request('textDocument/references', {
    textDocument: { uri: r },
    position: { line: 3, character: 8 },
    context: { includeDeclaration: false },
  });
  const got = refs.map((l) => `${l.uri.slice(uri('').length + 1)}:${l.range.start.line}`).sort();
  assert.ok(got.includes(`apps/web/hpa.yaml:${line}`), got.join());
  assert.ok(got.includes('apps/web/svc/services.yaml:5') && got.includes('apps/web/svc/services.yaml:15'), got.join());

  // from a Service's selector to the workloads whose pods it selects
  const s = uri('apps/web/svc/services.yaml');
  await c.open(s, SERVICES);
  const sel: Location[] = await c.request('textDocument/definition', { textDocument: { uri: s }, position: { line: 5, character: 4 } });
  assert.ok(sel.some((d) => d.uri === r), JSON.stringify(sel));
  await c.close(s);
  await c.close(h);

  // from a templateName to the AnalysisTemplate, and back from its name
  const a = uri('apps/web/canary.yaml');
  const analysed = ROLLOUT.replace('name: web\nspec', 'name: analysed\nspec').replace('      - pause: {}\n', '      - analysis: {templates: [{templateName: success-rate}]}\n');
  await c.open(a, analysed);
  const stepLine = analysed.split('\n').findIndex((l) => l.includes('templateName'));
  const at: Location[] = await c.request('textDocument/definition', {
    textDocument: { uri: a },
    position: { line: stepLine, character: analysed.split('\n')[stepLine]!.indexOf('success-rate') + 2 },
  });
  assert.deepEqual(at.map((d) => [d.uri, d.range]), [[uri('apps/web/analysis.yaml'), { start: { line: 3, character: 8 }, end: { line: 3, character: 20 } }]]);
  const t = uri('apps/web/analysis.yaml');
  await c.open(t, FILES['apps/web/analysis.yaml']!);
  const users: Location[] = await c.request('textDocument/references', { textDocument: { uri: t }, position: { line: 3, character: 10 }, context: { includeDeclaration: true } });
  assert.deepEqual(users.map((l) => [l.uri, l.range.start.line]).sort(), [[a, stepLine], [t, 3]].sort());
  await c.close(t);
  await c.close(a);
});

test('a workspace folder added is read and its links count; removed, its files leave the index', async () => {
  const other = mkdtempSync(join(tmpdir(), 'rp-workspace-2-'));
  try {
    writeFileSync(join(other, 'svc.yaml'), service('extra-svc'));
    const u = uri('apps/extra/rollout.yaml');
    const text = ROLLOUT.replace('name: web\nspec', 'name: extra\nspec').replace('web-canary', 'extra-svc').replace('  replicas: 3 # start with three\n', '');
    write('apps/extra/rollout.yaml', text);
    await c.open(u, text);
    const before = links({ uri: u, diagnostics: await c.diagnosticsFor(u, 1) });
    assert.deepEqual(before.map((d) => textOf(text, d.range)), ['extra-svc']);
    const folder = { uri: pathToFileURL(other).href, name: 'other' };
    await c.notify('workspace/didChangeWorkspaceFolders', { event: { added: [folder], removed: [] } });
    await c.diagnostics(u, (p) => links(p).length === 0);
    await c.notify('workspace/didChangeWorkspaceFolders', { event: { added: [], removed: [folder] } });
    const back = await c.diagnostics(u, (p) => links(p).length === 1);
    assert.equal(links(back)[0]!.severity, 2);
    await c.close(u);
  } finally {
    rmSync(other, { recursive: true, force: true });
  }
});

test('an HPA in a file opened beside its target, as the rule cases do', async () => {
  await checkRuleCase(c, {
    code: 'hpa-missing-request',
    others: { 'rollout.yaml': ROLLOUT.replace('name: web\nspec', 'name: mem\nspec') },
    bad: hpa('mem').replace('name: cpu', 'name: memory'),
    good: hpa('mem'),
    at: 'memory',
    severity: 2,
    message: /no memory request/,
  });
});

test('each link code through the protocol: located, with its severity, fixes applied and re-checked', async () => {
  const named = (name: string) => ROLLOUT.replace('name: web\nspec', `name: ${name}\nspec`);
  // outside the workspace folder, a missing object may be elsewhere: information
  await checkRuleCase(c, {
    code: 'hpa-target-not-found',
    bad: hpa('case-missing'),
    good: hpa('web'),
    at: 'case-missing',
    severity: 3,
    message: /No Rollout named `case-missing`/,
  });
  await checkRuleCase(c, {
    code: 'hpa-target-not-found',
    others: { 'rollout.yaml': named('case-group').replace('  replicas: 3 # start with three\n', '') },
    bad: hpa('case-group').replace('apiVersion: argoproj.io/v1alpha1', 'apiVersion: apps/v1'),
    good: hpa('case-group'),
    at: 'apps/v1',
    severity: 2,
    fix: { title: /Change to `argoproj\.io\/v1alpha1`/, result: hpa('case-group') },
  });
  await checkRuleCase(c, {
    code: 'replicas-under-hpa',
    others: { 'hpa.yaml': hpa('case-replicas') },
    bad: named('case-replicas'),
    good: named('case-replicas').replace('  replicas: 3 # start with three\n', ''),
    at: 'replicas',
    severity: 2,
    fix: { title: /Remove `replicas`/ },
  });
  const svcs = (selector: string) => `${service('case-canary')}---\n${service('case-stable').replace('{app: web}', selector)}`;
  const labelled = named('case-label').replace('web-canary', 'case-canary').replace('web-stable', 'case-stable').replace('  replicas: 3 # start with three\n', '');
  await checkRuleCase(c, {
    code: 'rollout-service-label',
    others: { 'services.yaml': svcs('{app: web, track: stable}') },
    bad: labelled,
    good: labelled.replace('labels: {app: web}', 'labels: {app: web, track: stable}'),
    at: 'case-stable',
    severity: 1,
    message: /Service "case-stable" has unmatch label "track" in rollout/,
  });
  await checkRuleCase(c, {
    code: 'rollout-service-not-found',
    others: { 'services.yaml': service('case-canary') },
    bad: labelled,
    good: labelled.replace('stableService: case-stable', 'stableService: web-stable'),
    at: 'case-stable',
    severity: 3,
  });
  const analysed = labelled.replace('      - pause: {}\n', '      - analysis: {templates: [{templateName: case-rate}]}\n');
  await checkRuleCase(c, {
    code: 'analysis-template-not-found',
    others: { 'services.yaml': svcs('{app: web}') },
    bad: analysed,
    good: labelled,
    at: 'case-rate',
    severity: 3,
  });
  const ref = (name: string) => `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: case-ref}\nspec:\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}\n  strategy: {canary: {steps: [{setWeight: 10}]}}\n`;
  const onDeploy = hpa('case-deploy').replace('apiVersion: argoproj.io/v1alpha1', 'apiVersion: apps/v1').replace('kind: Rollout', 'kind: Deployment');
  await checkRuleCase(c, {
    code: 'hpa-on-workload-ref',
    others: {
      'deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: case-deploy}\nspec:\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec: {containers: [{name: d, image: nginx, resources: {requests: {cpu: 1}}}]}\n',
      'rollout.yaml': ref('case-deploy'),
    },
    bad: onDeploy,
    good: hpa('case-ref'),
    at: 'case-deploy',
    severity: 2,
    fix: { title: /Scale Rollout `case-ref` instead/, result: hpa('case-ref') },
  });
  await checkRuleCase(c, {
    code: 'workload-ref-not-found',
    others: { 'deploy.yaml': 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: case-deploy}\nspec:\n  replicas: 0\n  selector: {matchLabels: {app: d}}\n  template:\n    metadata: {labels: {app: d}}\n    spec: {containers: [{name: d, image: nginx}]}\n' },
    bad: ref('case-deploi'),
    good: ref('case-deploy'),
    at: 'case-deploi',
    severity: 3,
  });
});
