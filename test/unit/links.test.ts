// The link rules at the engine level: each code on a bad and a good workspace, located on the exact text, with the
// severity the workspace's coverage allows (warning / information / nothing), the replicas quick fix, and silence
// where names are rendered (Helm, kustomize) or there is no workspace.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_OPTIONS, Linter } from '../../server/src/core/engine';
import type { Finding } from '../../server/src/core/types';
import { WorkspaceIndex } from '../../server/src/core/workspace/index';
import { applyEdits, textOf } from '../lsp/client';

const LINK_CODES = new Set([
  'hpa-target-not-found', 'hpa-missing-request', 'replicas-under-hpa', 'service-selects-nothing', 'service-target-port',
  'rollout-service-not-found', 'rollout-service-label', 'analysis-template-not-found', 'workload-ref-not-found',
  'hpa-on-workload-ref',
]);

/** Lints `file` of a workspace whose files are `files` (all under the root /ws unless named elsewhere). */
function lintIn(files: Record<string, string>, file: string, opts: { roots?: string[]; noWorkspace?: boolean } = {}): Finding[] {
  const ix = new WorkspaceIndex({ roots: opts.roots ?? ['/ws'] });
  for (const [f, t] of Object.entries(files)) ix.set(f, t);
  return new Linter().lint(files[file]!, DEFAULT_OPTIONS, file, opts.noWorkspace ? undefined : ix).filter((f) => LINK_CODES.has(f.code));
}

const brief = (text: string, fs: Finding[]) => fs.map((f) => `${f.code} ${f.severity} ${textOf(text, f.range)}`);

const rollout = (o: { name?: string; labels?: string; extra?: string; canary?: string; containers?: string; replicas?: string } = {}) => `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: ${o.name ?? 'web'}
spec:${o.replicas ?? ''}
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: ${o.labels ?? '{app: web}'}
    spec:
      containers:
${o.containers ?? '      - {name: web, image: nginx, ports: [{name: http, containerPort: 8080}], resources: {requests: {cpu: 100m}}}'}
  strategy:
    canary:${o.canary ?? '\n      steps: [{setWeight: 20}]'}
${o.extra ?? ''}`;

const hpa = (target: string, metrics = '') => `apiVersion: autoscaling/v2
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
      name: ${metrics || 'cpu'}
      target: {type: Utilization, averageUtilization: 60}
`;

const service = (name: string, selector = '{app: web}', targetPort = 'http') => `apiVersion: v1
kind: Service
metadata:
  name: ${name}
spec:
  selector: ${selector}
  ports:
  - port: 80
    targetPort: ${targetPort}
`;

test('hpa-target-not-found: a warning in a complete workspace, information outside it, nothing without a workspace', () => {
  const files = { '/ws/hpa.yaml': hpa('webb'), '/ws/rollout.yaml': rollout() };
  const found = lintIn(files, '/ws/hpa.yaml');
  assert.deepEqual(brief(files['/ws/hpa.yaml'], found), ['hpa-target-not-found warning webb']);
  assert.match(found[0]!.message, /No Rollout named `webb` in the workspace: the HPA cannot read its scale/);
  assert.deepEqual(lintIn({ '/ws/hpa.yaml': hpa('web'), '/ws/rollout.yaml': rollout() }, '/ws/hpa.yaml'), []);
  // a file given alone (outside the folders read): the target may be anywhere
  assert.deepEqual(lintIn({ '/tmp/hpa.yaml': hpa('webb') }, '/tmp/hpa.yaml').map((f) => f.severity), ['information']);
  assert.deepEqual(lintIn({ '/ws/hpa.yaml': hpa('webb') }, '/ws/hpa.yaml', { noWorkspace: true }), []);
  // found by name, but scaleTargetRef asks another API group: the fix gives the target's apiVersion
  const wrongGroup = hpa('web').replace('apiVersion: argoproj.io/v1alpha1', 'apiVersion: apps/v1');
  const g = lintIn({ '/ws/hpa.yaml': wrongGroup, '/ws/rollout.yaml': rollout() }, '/ws/hpa.yaml');
  assert.deepEqual(brief(wrongGroup, g), ['hpa-target-not-found warning apps/v1']);
  assert.match(g[0]!.message, /Rollout `web` is argoproj.io\/v1alpha1, but scaleTargetRef says apps\/v1/);
  assert.equal(applyEdits(wrongGroup, g[0]!.fixes![0]!.edits), hpa('web'));
  // in the same file, the file alone is enough to find it
  const both = `${hpa('web')}---\n${rollout()}`;
  assert.deepEqual(lintIn({ '/ws/all.yaml': both }, '/ws/all.yaml', { noWorkspace: true }), []);
});

/** A LimitRange that defaults every container's memory request (which silences hpa-missing-request). */
const limitRange = 'apiVersion: v1\nkind: LimitRange\nmetadata: {name: d}\nspec: {limits: [{type: Container, defaultRequest: {memory: 1Gi}}]}\n';

test('hpa-missing-request: a Utilization metric on a resource a container does not request, located on the metric', () => {
  const files = { '/ws/hpa.yaml': hpa('web', 'memory'), '/ws/rollout.yaml': rollout() };
  const found = lintIn(files, '/ws/hpa.yaml');
  assert.deepEqual(brief(files['/ws/hpa.yaml'], found), ['hpa-missing-request warning memory']);
  assert.match(found[0]!.message, /container `web` of Rollout `web` has no memory request/);
  assert.deepEqual(lintIn({ ...files, '/ws/hpa.yaml': hpa('web', 'cpu') }, '/ws/hpa.yaml'), []);
  // a limit alone is the request (the API server defaults it); a LimitRange may default it too
  const limited = rollout({ containers: '      - {name: web, image: nginx, resources: {limits: {memory: 1Gi}}}' });
  assert.deepEqual(lintIn({ ...files, '/ws/rollout.yaml': limited }, '/ws/hpa.yaml'), []);
  assert.deepEqual(lintIn({ ...files, '/ws/limits.yaml': limitRange }, '/ws/hpa.yaml'), []);
});

test('hpa-missing-request: a LimitRange in the HPA\'s own file counts too, with or without a workspace, and as it comes and goes', () => {
  const bare = `${rollout()}---\n${hpa('web', 'memory')}`;
  const limited = `${bare}---\n${limitRange}`;
  assert.deepEqual(lintIn({ '/ws/all.yaml': bare }, '/ws/all.yaml', { noWorkspace: true }).map((f) => f.code), ['hpa-missing-request']);
  assert.deepEqual(lintIn({ '/ws/all.yaml': limited }, '/ws/all.yaml', { noWorkspace: true }), []);
  assert.deepEqual(lintIn({ '/ws/all.yaml': limited }, '/ws/all.yaml'), []);
  // as the editor goes: one index and one linter, the file edited in place (the Rollout's and HPA's facts stay the same)
  const ix = new WorkspaceIndex({ roots: ['/ws'] });
  const linter = new Linter();
  const check = (text: string) => {
    ix.set('/ws/all.yaml', text);
    return linter.lint(text, DEFAULT_OPTIONS, '/ws/all.yaml', ix).filter((f) => LINK_CODES.has(f.code)).map((f) => f.code);
  };
  assert.deepEqual(check(bare), ['hpa-missing-request']);
  assert.deepEqual(check(limited), []);
  assert.deepEqual(check(bare), ['hpa-missing-request']);
  // and a file checked with no workspace at all, whose link findings are remembered by the file's facts alone
  const alone = new Linter();
  const checkAlone = (text: string) => alone.lint(text, DEFAULT_OPTIONS, '/tmp/alone.yaml').filter((f) => LINK_CODES.has(f.code)).map((f) => f.code);
  assert.deepEqual(checkAlone(bare), ['hpa-missing-request']);
  assert.deepEqual(checkAlone(limited), []);
  assert.deepEqual(checkAlone(bare), ['hpa-missing-request']);
});

test('replicas-under-hpa: on the replicas key, with a fix that removes the line and keeps its comment', () => {
  const text = rollout({ replicas: '\n  # sized by the HPA below\n  replicas: 3 # three to start' });
  const files = { '/ws/rollout.yaml': text, '/ws/hpa.yaml': hpa('web') };
  const found = lintIn(files, '/ws/rollout.yaml');
  assert.deepEqual(brief(text, found), ['replicas-under-hpa warning replicas']);
  const fixed = applyEdits(text, found[0]!.fixes![0]!.edits);
  assert.ok(fixed.includes('  # sized by the HPA below\n  # three to start\n  selector:'), fixed);
  assert.ok(!/replicas:/.test(fixed));
  assert.deepEqual(lintIn({ ...files, '/ws/rollout.yaml': fixed }, '/ws/rollout.yaml'), []);
  // no HPA, no finding
  assert.deepEqual(lintIn({ '/ws/rollout.yaml': text }, '/ws/rollout.yaml'), []);
});

test('service-selects-nothing and service-target-port: judged against every workload, controller labels ignored', () => {
  const files = { '/ws/svc.yaml': service('web', '{app: wbe}'), '/ws/rollout.yaml': rollout() };
  assert.deepEqual(brief(files['/ws/svc.yaml'], lintIn(files, '/ws/svc.yaml')), ['service-selects-nothing warning selector']);
  assert.deepEqual(lintIn({ ...files, '/ws/svc.yaml': service('web', '{app: web, rollouts-pod-template-hash: abc}') }, '/ws/svc.yaml'), []);
  const port = { ...files, '/ws/svc.yaml': service('web', '{app: web}', 'htp') };
  assert.deepEqual(brief(port['/ws/svc.yaml'], lintIn(port, '/ws/svc.yaml')), ['service-target-port warning htp']);
  const number = { ...files, '/ws/svc.yaml': service('web', '{app: web}', '9090') };
  assert.deepEqual(brief(number['/ws/svc.yaml'], lintIn(number, '/ws/svc.yaml')), ['service-target-port information 9090']);
  assert.deepEqual(lintIn({ ...files, '/ws/svc.yaml': service('web', '{app: web}', '8080') }, '/ws/svc.yaml'), []);
  // pods may come from an operator's custom resource: nothing is said
  const cr = { ...files, '/ws/db.yaml': 'apiVersion: example.com/v1\nkind: Database\nmetadata: {name: db}\n' };
  assert.deepEqual(lintIn(cr, '/ws/svc.yaml'), []);
});

test('rollout-service-not-found, rollout-service-label, analysis-template-not-found, workload-ref-not-found', () => {
  const canary = '\n      canaryService: web-canary\n      stableService: web-stable\n      steps:\n      - setWeight: 20\n      - analysis: {templates: [{templateName: success-rate}, {templateName: cluster-rate, clusterScope: true}]}';
  const text = rollout({ canary });
  const template = 'apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata: {name: success-rate}\nspec:\n  metrics:\n  - name: r\n    provider: {prometheus: {query: "x{service=\'{{args.svc}}\'}"}}\n';
  const cluster = 'apiVersion: argoproj.io/v1alpha1\nkind: ClusterAnalysisTemplate\nmetadata: {name: cluster-rate}\nspec: {metrics: []}\n';
  const files = { '/ws/rollout.yaml': text, '/ws/svc.yaml': `${service('web-canary')}---\n${service('web-stable', '{app: web, tier: front}')}` };
  assert.deepEqual(brief(text, lintIn(files, '/ws/rollout.yaml')), [
    'rollout-service-label error web-stable',
    'analysis-template-not-found warning success-rate',
    'analysis-template-not-found warning cluster-rate',
  ]);
  const good = { ...files, '/ws/svc.yaml': `${service('web-canary')}---\n${service('web-stable')}`, '/ws/at.yaml': `${template}---\n${cluster}` };
  assert.deepEqual(lintIn(good, '/ws/rollout.yaml'), []);
  const missing = { ...good, '/ws/svc.yaml': service('web-canary') };
  const m = lintIn(missing, '/ws/rollout.yaml');
  assert.deepEqual(brief(text, m), ['rollout-service-not-found warning web-stable']);
  assert.match(m[0]!.message, /InvalidSpec/);

  const ref = `apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: w}\nspec:\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web-deploy}\n  strategy: {canary: {steps: [{setWeight: 10}]}}\n`;
  assert.deepEqual(brief(ref, lintIn({ '/ws/r.yaml': ref }, '/ws/r.yaml')), ['workload-ref-not-found warning web-deploy']);
  const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-deploy}\nspec:\n  replicas: 0\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx}]}\n';
  assert.deepEqual(lintIn({ '/ws/r.yaml': ref, '/ws/d.yaml': deploy }, '/ws/r.yaml'), []);
  // a Service selecting the workloadRef's pods selects the Rollout's pods
  assert.deepEqual(lintIn({ '/ws/r.yaml': ref, '/ws/d.yaml': deploy, '/ws/s.yaml': service('s', '{app: web}', '80') }, '/ws/s.yaml'), []);
});

test('hpa-on-workload-ref: an HPA on the Deployment a Rollout references scales the wrong pods; the fix points it at the Rollout', () => {
  const deploy = 'apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: web-deploy}\nspec:\n  replicas: 0\n  selector: {matchLabels: {app: web}}\n  template:\n    metadata: {labels: {app: web}}\n    spec: {containers: [{name: web, image: nginx, resources: {requests: {cpu: 1}}}]}\n';
  const ref = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec:\n  workloadRef: {apiVersion: apps/v1, kind: Deployment, name: web-deploy, scaleDown: onsuccess}\n  strategy: {canary: {steps: [{setWeight: 10}]}}\n';
  const onDeploy = hpa('web-deploy').replace('apiVersion: argoproj.io/v1alpha1', 'apiVersion: apps/v1').replace('kind: Rollout', 'kind: Deployment');
  const files = { '/ws/d.yaml': deploy, '/ws/r.yaml': ref, '/ws/hpa.yaml': onDeploy };
  const found = lintIn(files, '/ws/hpa.yaml');
  assert.deepEqual(brief(onDeploy, found), ['hpa-on-workload-ref warning web-deploy']);
  assert.match(found[0]!.message, /Rollout `web` takes its pod template from this Deployment/);
  const fixed = applyEdits(onDeploy, found[0]!.fixes![0]!.edits);
  assert.equal(fixed, hpa('web'));
  assert.deepEqual(lintIn({ ...files, '/ws/hpa.yaml': fixed }, '/ws/hpa.yaml'), []);
  // a Deployment no Rollout references is the HPA's to scale
  assert.deepEqual(lintIn({ '/ws/d.yaml': deploy, '/ws/hpa.yaml': onDeploy }, '/ws/hpa.yaml'), []);
});

test('Helm templates and kustomize folders never give a "not found"', () => {
  const helm = {
    '/ws/chart/Chart.yaml': 'apiVersion: v2\nname: web\nversion: 1.0.0\n',
    '/ws/chart/templates/hpa.yaml': hpa('"{{ include \\"web.fullname\\" . }}"'),
    '/ws/chart/templates/svc.yaml': service('"{{ .Release.Name }}-svc"', '{app: "{{ .Release.Name }}"}'),
  };
  assert.deepEqual(lintIn(helm, '/ws/chart/templates/hpa.yaml'), []);
  assert.deepEqual(lintIn(helm, '/ws/chart/templates/svc.yaml'), []);
  // no marker in this one, but under Chart.yaml: the target is another template's rendered name
  const plainInChart = { ...helm, '/ws/chart/templates/hpa2.yaml': hpa('web-rendered') };
  assert.deepEqual(lintIn(plainInChart, '/ws/chart/templates/hpa2.yaml'), []);
  const kustomize = {
    '/ws/base/kustomization.yaml': 'resources: [hpa.yaml, github.com/example/apps//remote?ref=v1]\n',
    '/ws/base/hpa.yaml': hpa('from-a-remote-base'),
    '/ws/overlays/prod/kustomization.yaml': 'resources: [../../base, rollout.yaml]\nnamePrefix: prod-\n',
    '/ws/overlays/prod/rollout.yaml': rollout(),
    '/ws/plain/svc.yaml': service('x', '{app: other}'),
  };
  assert.deepEqual(lintIn(kustomize, '/ws/base/hpa.yaml'), []);
  // a plain file elsewhere: a rename by an overlay makes its "not found" information only
  const plain = { ...kustomize, '/ws/plain/hpa.yaml': hpa('prod-web') };
  assert.deepEqual(lintIn(plain, '/ws/plain/hpa.yaml').map((f) => `${f.code} ${f.severity}`), ['hpa-target-not-found information']);
});

test('the seed manifests together give no link finding', () => {
  const files: Record<string, string> = {};
  for (const f of ['rollout', 'hpa', 'service']) files[`/ws/${f}.yaml`] = readFileSync(`test/fixtures/seed/${f}.yaml`, 'utf8');
  for (const f of Object.keys(files)) assert.deepEqual(lintIn(files, f), [], f);
});
