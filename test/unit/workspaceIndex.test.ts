// The workspace index: what it reads from a file (and what it does not parse), the lookups, the reverse map that
// says which files a change concerns, and where it admits it cannot see (templates, kustomize, Helm, outside roots).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { WorkspaceIndex, readChunk } from '../../server/src/core/workspace/index';

const ROLLOUT = readFileSync('test/fixtures/seed/rollout.yaml', 'utf8');
const HPA = readFileSync('test/fixtures/seed/hpa.yaml', 'utf8');
const SERVICE = readFileSync('test/fixtures/seed/service.yaml', 'utf8');

const DEPLOY = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  namespace: shop
spec:
  replicas: 2
  selector: {matchLabels: {app: web}}
  template:
    metadata:
      labels: {app: web, tier: front}
    spec:
      containers:
      - name: web
        image: nginx
        ports: [{containerPort: 8080, name: http}]
        resources: {limits: {memory: 64Mi}, requests: {cpu: 100m}}
`;

function seeded(): WorkspaceIndex {
  const ix = new WorkspaceIndex({ roots: ['/ws'] });
  ix.set('/ws/rollout.yaml', ROLLOUT);
  ix.set('/ws/hpa.yaml', HPA);
  ix.set('/ws/service.yaml', SERVICE);
  return ix;
}

test('reads names, namespaces, pod labels, containers (a limit counts as a request), HPA targets and refs with positions', () => {
  const ix = new WorkspaceIndex();
  ix.set('/ws/deploy.yaml', `# leading comment\n---\n${DEPLOY}`);
  const [d] = ix.find('Deployment', 'web');
  assert.ok(d);
  assert.equal(d.namespace, 'shop');
  assert.deepEqual(d.nameRange, { start: { line: 5, character: 8 }, end: { line: 5, character: 11 } });
  assert.deepEqual(d.pod?.labels, { app: 'web', tier: 'front' });
  assert.deepEqual(d.pod?.containers, [{ name: 'web', ports: [{ containerPort: 8080, name: 'http' }], requests: ['cpu', 'memory'] }]);
  assert.equal(d.hasReplicas, true);
  assert.deepEqual(ix.find('Deployment', 'web', 'shop').length, 1);
  assert.deepEqual(ix.find('Deployment', 'web', 'other'), []);

  const seed = seeded();
  const [h] = seed.find('HorizontalPodAutoscaler', 'flaskdemo-hpa');
  assert.deepEqual(h?.hpa, { target: { kind: 'Rollout', name: 'flaskdemo', apiVersion: 'argoproj.io/v1alpha1' }, utilizationResources: ['cpu'], minReplicas: 6, maxReplicas: 36 });
  assert.deepEqual(h?.refs?.map((r) => [r.kind, r.name, r.field, r.range.start.line]), [['Rollout', 'flaskdemo', 'scaleTargetRef', 11]]);
  assert.deepEqual(seed.referrers('Rollout', 'flaskdemo').map((o) => o.name), ['flaskdemo-hpa']);
  assert.deepEqual([...seed.ofKind('Service')].map((o) => o.selector), [{ app: 'flaskdemo' }]);
});

test('only the kinds the links need are parsed; other kinds are a kind line, unknown ones may make pods', () => {
  assert.deepEqual(readChunk('apiVersion: v1\nkind: ConfigMap\nmetadata: {name: x}\ndata: {a: "{{ oops"}\n'), { objects: [], opaque: [], templated: false });
  // a custom resource's document is not parsed even when broken
  assert.deepEqual(readChunk('apiVersion: example.com/v1\nkind: Database\nmetadata: {name: [oops\n'), { objects: [], opaque: [{ kind: 'Database' }], templated: false });
  // an alias bomb in a Service is not expanded: the selector that is an alias reads as absent
  const bomb = ['apiVersion: v1', 'kind: Service', 'metadata: {name: bomb}', 'x0: &a0 [lol, lol, lol, lol, lol, lol, lol, lol, lol]'];
  for (let i = 1; i < 12; i++) bomb.push(`x${i}: &a${i} [${Array(9).fill(`*a${i - 1}`).join(', ')}]`);
  bomb.push('spec:', '  selector: *a11');
  const started = performance.now();
  const facts = readChunk(bomb.join('\n'));
  assert.ok(performance.now() - started < 500);
  assert.equal(facts.objects[0]?.name, 'bomb');
  assert.equal(facts.objects[0]?.selector, undefined);
});

test('a change concerns only the files linked to what changed; the same facts at other positions concern nobody', () => {
  const ix = seeded();
  ix.set('/ws/other.yaml', DEPLOY);
  // a comment line added above: positions move, facts do not
  assert.deepEqual(ix.set('/ws/rollout.yaml', `# moved\n${ROLLOUT}`), new Set());
  // the rollout renamed: the HPA (by name) and the Service (by labels) are concerned, the Deployment's file is not
  assert.deepEqual(ix.set('/ws/rollout.yaml', ROLLOUT.replace('  name: flaskdemo\n', '  name: flaskdemo2\n')), new Set(['/ws/hpa.yaml', '/ws/service.yaml']));
  assert.deepEqual(ix.find('Rollout', 'flaskdemo'), []);
  ix.set('/ws/rollout.yaml', ROLLOUT);
  assert.deepEqual(ix.delete('/ws/hpa.yaml'), new Set(['/ws/rollout.yaml']), 'the rollout loses its HPA');
  assert.deepEqual(ix.referrers('Rollout', 'flaskdemo'), []);
  assert.deepEqual(ix.rename('/ws/other.yaml', '/ws/moved/other.yaml', DEPLOY), new Set());
  assert.equal(ix.find('Deployment', 'web')[0]?.file, '/ws/moved/other.yaml');
});

test('coverage: complete in the roots, partial outside them or beside a templated Service, none in Helm and kustomize folders', () => {
  const ix = seeded();
  assert.equal(ix.coverage('/ws/hpa.yaml', 'Rollout'), 'complete');
  assert.equal(ix.coverage('/elsewhere/hpa.yaml', 'Rollout'), 'partial');
  assert.equal(ix.coverage('/ws/service.yaml', 'Pod'), 'complete');

  const notReady = new WorkspaceIndex({ roots: ['/ws'], ready: false });
  assert.equal(notReady.coverage('/ws/hpa.yaml', 'Rollout'), 'none');

  // a Helm chart: its files are rendered; a templated Service elsewhere may be the one looked for
  assert.equal(ix.set('/ws/chart/Chart.yaml', 'apiVersion: v2\nname: c\n'), 'all');
  ix.set('/ws/chart/templates/svc.yaml', 'apiVersion: v1\nkind: Service\nmetadata:\n  name: {{ .Release.Name }}\n');
  assert.equal(ix.coverage('/ws/chart/templates/hpa.yaml', 'Rollout'), 'none');
  assert.equal(ix.transformed('/ws/chart/templates/svc.yaml'), true);
  assert.equal(ix.coverage('/ws/rollout.yaml', 'Service'), 'partial');
  assert.equal(ix.coverage('/ws/rollout.yaml', 'AnalysisTemplate'), 'complete');
  assert.equal(ix.delete('/ws/chart/Chart.yaml'), 'all');

  // a kustomize base: transformed, and objects in it match any namespace
  ix.set('/ws/base/kustomization.yaml', 'resources: [deploy.yaml]\n');
  ix.set('/ws/base/deploy.yaml', DEPLOY);
  assert.equal(ix.transformed('/ws/base/deploy.yaml'), true);
  assert.equal(ix.coverage('/ws/base/deploy.yaml', 'Service'), 'none');
  assert.equal(ix.find('Deployment', 'web', 'prod').length, 1, 'kustomize sets namespaces');
  // an overlay that renames: names written elsewhere may not be the names applied
  ix.set('/ws/overlays/prod/kustomization.yaml', 'resources: [../../base]\nnamePrefix: prod-\n');
  assert.equal(ix.coverage('/ws/hpa2.yaml', 'Rollout'), 'partial');

  // an operator's custom resource may make the pods a Service selects
  const op = seeded();
  op.set('/ws/db.yaml', 'apiVersion: example.com/v1\nkind: Database\nmetadata: {name: db}\n');
  assert.equal(op.coverage('/ws/service.yaml', 'Pod'), 'none');
  assert.equal(op.coverage('/ws/hpa.yaml', 'Rollout'), 'complete');
});

test('analysis templates are known by their metadata lines (not parsed), with the name where it is written', () => {
  const text = `apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  # the team's\n  namespace: shop\n  name: "success-rate" # quoted\nspec:\n  metrics: [{name: r, provider: {prometheus: {query: 'x{s="{{args.svc}}"}'}}}]\n`;
  const [o] = readChunk(text).objects;
  assert.deepEqual({ ...o, file: undefined }, {
    file: undefined,
    kind: 'AnalysisTemplate',
    apiVersion: 'argoproj.io/v1alpha1',
    name: 'success-rate',
    namespace: 'shop',
    nameRange: { start: { line: 5, character: 9 }, end: { line: 5, character: 21 } },
  });
  // written in a way the lines do not say plainly: parsed instead, same facts
  const flow = readChunk('apiVersion: argoproj.io/v1alpha1\nkind: ClusterAnalysisTemplate\nmetadata: {name: cluster-rate}\nspec: {metrics: []}\n').objects[0];
  assert.equal(flow?.name, 'cluster-rate');
  assert.deepEqual(flow?.nameRange.start, { line: 2, character: 17 });
  // a name nested under labels is not the object's name
  const nested = readChunk('kind: AnalysisTemplate\nmetadata:\n  labels:\n    name: label-value\n  name: real\n').objects[0];
  assert.equal(nested?.name, 'real');
});

test('find by namespace: the kept answers follow objects that come, go and move into a kustomize folder', () => {
  const ix = new WorkspaceIndex({ roots: ['/ws'] });
  const template = (ns: string) => `apiVersion: argoproj.io/v1alpha1\nkind: AnalysisTemplate\nmetadata:\n  name: success-rate\n  namespace: ${ns}\nspec:\n  metrics: []\n`;
  const files = (ns: string) => ix.find('AnalysisTemplate', 'success-rate', ns).map((o) => o.file);
  for (let i = 0; i < 50; i++) ix.set(`/ws/ns${i}/at.yaml`, template(`ns${i}`));
  assert.deepEqual(files('ns7'), ['/ws/ns7/at.yaml']);
  assert.equal(ix.find('AnalysisTemplate', 'success-rate', 'ns7'), ix.find('AnalysisTemplate', 'success-rate', 'ns7'), 'kept, not filtered again');
  ix.set('/ws/more/at.yaml', template('ns7'));
  assert.deepEqual(files('ns7'), ['/ws/ns7/at.yaml', '/ws/more/at.yaml']);
  ix.delete('/ws/ns7/at.yaml');
  assert.deepEqual(files('ns7'), ['/ws/more/at.yaml']);
  // a kustomization sets namespaces when it renders: its folder's objects now match any namespace
  ix.set('/ws/ns3/kustomization.yaml', 'resources: [at.yaml]\n');
  assert.deepEqual(files('ns7'), ['/ws/ns3/at.yaml', '/ws/more/at.yaml']);
  ix.delete('/ws/more/at.yaml');
  ix.delete('/ws/ns3/kustomization.yaml');
  assert.deepEqual(files('ns7'), []);
  ix.set('/ws/back/at.yaml', template('ns7'));
  assert.deepEqual(files('ns7'), ['/ws/back/at.yaml']);
});
