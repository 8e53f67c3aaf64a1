// `rolloutPilot/resources` over stdio, as the extension's CodeLens, compare and drift hints ask it: the objects of an
// open file with the ranges of each document, its name and the fields the editor annotates, following edits.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { LspClient, textOf } from './client';
import { RESOURCES_METHOD, ResourcesSchema, type ManifestResourceData } from '../../server/src/lsp/protocol';

const seed = (name: string) => readFileSync(`test/fixtures/seed/${name}`, 'utf8');
const FILE = [seed('hpa.yaml'), seed('rollout.yaml'), seed('service.yaml')].map((t) => t.replace(/^---\n/, '')).join('---\n');

const clients: LspClient[] = [];
async function start(): Promise<LspClient> {
  const c = await LspClient.start();
  clients.push(c);
  return c;
}
after(async () => {
  for (const c of clients) await c.stop();
});

const resources = async (c: LspClient, uri: string): Promise<ManifestResourceData[]> => ResourcesSchema.parse(await c.request(RESOURCES_METHOD, { uri }));

test('the seed manifests in one file: three objects with their document, name and field ranges', async () => {
  const c = await start();
  const uri = 'file:///lens/all.yaml';
  await c.open(uri, FILE);
  await c.diagnosticsFor(uri, 1); // checked (and cached) first; the request reads that parse
  const rs = await resources(c, uri);
  assert.deepEqual(rs.map((r) => [r.index, r.kind, r.apiVersion, r.name, r.namespace, r.broken]), [
    [0, 'HorizontalPodAutoscaler', 'autoscaling/v2beta1', 'flaskdemo-hpa', undefined, false],
    [1, 'Rollout', 'argoproj.io/v1alpha1', 'flaskdemo', undefined, false],
    [2, 'Service', 'v1', 'lb-service', undefined, false],
  ]);
  const lines = FILE.split('\n');
  const ro = rs[1]!;
  assert.equal(lines[ro.range.start.line], 'apiVersion: argoproj.io/v1alpha1');
  assert.equal(textOf(FILE, ro.nameRange), 'flaskdemo');
  assert.ok(ro.range.end.line < rs[2]!.range.start.line && rs[0]!.range.end.line < ro.range.start.line);
  // the fields the editor annotates
  const steps = ro.fields.find((f) => f.path === 'spec.strategy.canary.steps')!;
  assert.equal(textOf(FILE, steps.range), 'steps');
  const image = ro.fields.find((f) => f.path === 'spec.template.spec.containers[0].image')!;
  assert.equal(image.container, 'flaskdemo');
  assert.equal(textOf(FILE, image.range), image.value);
  assert.match(image.value!, /flask_test:26$/);
  assert.equal(ro.fields.some((f) => f.path === 'spec.replicas'), false, 'the seed leaves replicas to the HPA');
  // the document as data (what "compare with live" normalizes)
  const spec = ro.object!.spec as { strategy: { canary: { steps: unknown[] } } };
  assert.equal(spec.strategy.canary.steps.length, 8);
  assert.deepEqual((rs[2]!.object!.spec as { ports: unknown[] }).ports, [{ port: 80, targetPort: 5000 }]);
});

test('answers follow edits, name a namespace, keep a broken document by name, and skip what is not an object', async () => {
  const c = await start();
  const uri = 'file:///lens/edit.yaml';
  const text = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: a\n  namespace: shop\nspec:\n  ports: [{port: 80}]\n---\n# just a comment\n---\nfoo: bar\n';
  await c.open(uri, text);
  let rs = await resources(c, uri); // asked before the check ran: parsed on demand
  assert.deepEqual(rs.map((r) => `${r.kind}/${r.namespace}/${r.name}`), ['Service/shop/a']);
  // a new Rollout document appended, then broken mid-edit
  const added = `${text}---\napiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n  replicas: 3\n`;
  await c.change(uri, 2, [{ text: added }]);
  rs = await resources(c, uri);
  const web = rs.find((r) => r.name === 'web')!;
  assert.equal(web.index, 2);
  assert.equal(textOf(added, web.fields.find((f) => f.path === 'spec.replicas')!.range), 'replicas');
  await c.change(uri, 3, [{ text: `${added}  selector: [\n` }]);
  rs = await resources(c, uri);
  const broken = rs.find((r) => r.name === 'web')!;
  assert.equal(broken.broken, true);
  assert.equal(broken.object, undefined, 'no data from a broken document');
});

test('an unknown file is an empty list; bad params are InvalidParams, not a crash', async () => {
  const c = await start();
  assert.deepEqual(await resources(c, 'file:///not/open.yaml'), []);
  await assert.rejects(c.request(RESOURCES_METHOD, { url: 1 }), (e: { code?: number }) => e.code === -32602);
  assert.ok(c.alive);
});

test('an alias bomb is listed by name without being expanded', async () => {
  const c = await start();
  const uri = 'file:///lens/bomb.yaml';
  const lines = ['apiVersion: v1', 'kind: Service', 'metadata:', '  name: bomb', 'a0: &a0 [x, x, x, x, x, x, x, x, x, x]'];
  for (let i = 1; i < 12; i++) lines.push(`a${i}: &a${i} [${Array(10).fill(`*a${i - 1}`).join(', ')}]`);
  await c.open(uri, `${lines.join('\n')}\n`);
  const [r] = await resources(c, uri);
  assert.equal(r!.name, 'bomb');
  assert.equal(r!.object, undefined);
});

test('other kinds are listed by name and range, without their data', async () => {
  const c = await start();
  const uri = 'file:///lens/cm.yaml';
  await c.open(uri, 'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\ndata:\n  a: "1"\n');
  const [r] = await resources(c, uri);
  assert.deepEqual([r!.kind, r!.name, r!.object, r!.broken], ['ConfigMap', 'settings', undefined, false]);
});
