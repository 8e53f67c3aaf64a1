// The manifest meets the cluster, against the real API server with the controller stand-in: the CodeLens lines
// above a Rollout document for a missing, healthy, paused, progressing and aborted rollout (recomputed on each
// session change event, as the provider refreshes), Promote run from the lens's own command arguments, "Compare with
// Live" on objects the API server really stored (no noise for an unchanged manifest, exactly one hunk after one
// edit) and the drift hints. The pure parts the extension wires to vscode, driven as the extension drives them.
import assert from 'node:assert/strict';
import { after, before, test } from 'node:test';
import { stringify } from 'yaml';
import { ClusterSession, type ActionId } from '../../extension/src/cluster';
import { compare, fetchLive } from '../../extension/src/compare/live';
import { liveHpasOf, rolloutDrift } from '../../extension/src/lens/drift';
import { lensItems, lensStatusText, type LensItem } from '../../extension/src/lens/lensModel';
import { listResources, type ManifestResource } from '../../server/src/core/resources';
import { RolloutController } from '../harness/controller';
import { canaryRollout, eventually, testCluster, type TestCluster } from './support/cluster';

let c: TestCluster;
let ns: string;
let controller: RolloutController;
let session: ClusterSession;
const titlesSeen: string[] = [];

const URI = 'file:///work/k8s/web.yaml';

/** The manifest file: a Rollout `web` (seed steps, 6 replicas) and a Service, as a person writes them. */
const rolloutDoc = (image: string, extra = '') =>
  `${stringify(canaryRollout('web', image)).replace(/^spec:\n/m, `spec:\n${extra}`)}`;
const SERVICE_DOC = stringify({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name: 'web', labels: { app: 'web' } },
  spec: { type: 'LoadBalancer', selector: { app: 'web' }, ports: [{ name: 'http', port: 80, targetPort: 5000 }] },
});
const HPA_DOC = stringify({
  apiVersion: 'autoscaling/v2beta1',
  kind: 'HorizontalPodAutoscaler',
  metadata: { name: 'web-hpa' },
  spec: {
    maxReplicas: 36,
    minReplicas: 6,
    scaleTargetRef: { apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name: 'web' },
    metrics: [{ type: 'Resource', resource: { name: 'cpu', targetAverageUtilization: 60 } }],
  },
});
const file = (rollout: string) => [rollout, SERVICE_DOC, HPA_DOC].join('---\n');
const resourcesOf = (text: string) => listResources(text);
const rolloutOf = (text: string) => resourcesOf(text).find((r) => r.kind === 'Rollout')!;
const lensOf = (text: string, s: ClusterSession | undefined = session): LensItem[] => lensItems(rolloutOf(text), s, URI);
const FILE = file(rolloutDoc('registry.local/web:1'));

before(async () => {
  c = await testCluster();
  ns = await c.newNamespace('lens');
  controller = new RolloutController(c.kc(), ns).start();
  session = new ClusterSession({ kubeconfig: { explicitPath: c.kubeconfigPath }, choice: { context: 'admin', namespace: ns } });
  // what the CodeLens provider does on each change event: recompute the lines
  session.onDidChange(() => titlesSeen.push(...lensOf(FILE).map((i) => i.title)));
});

after(async () => {
  session?.dispose();
  controller?.dispose();
  await c?.close();
});

const until = <T>(what: string, f: () => T | undefined | false, ms = 30000) => eventually(what, async () => f(), ms);
const statusLine = (text = FILE) => lensOf(text)[0]?.title;
const commands = (items: LensItem[]) => items.map((i) => i.command ?? '');

/** Creates an object from a document of the file, as `kubectl create -f` sends it. */
async function apply(r: ManifestResource): Promise<void> {
  const plural = { Rollout: 'rollouts', Service: 'services', HorizontalPodAutoscaler: 'horizontalpodautoscalers' }[r.kind]!;
  const base = r.apiVersion.includes('/') ? `/apis/${r.apiVersion}` : `/api/${r.apiVersion}`;
  const res = await c.admin('POST', `${base}/namespaces/${ns}/${plural}`, r.object);
  assert.equal(res.status, 201, res.text);
}

/** Runs what a lens item's command would run: `rolloutPilot.<action>` with the `namespace/name` key it carries. */
async function click(item: LensItem): Promise<void> {
  const action = item.command!.replace('rolloutPilot.', '') as ActionId;
  const [namespace, name] = String(item.arguments![0]).split('/');
  const outcome = await session.execute(namespace!, name!, action === 'promote' ? { action: 'promote', full: false } : ({ action } as never));
  assert.equal(outcome.ok, true, outcome.message);
}

test('no session, or no usable kubeconfig: no lens at all and no error', () => {
  assert.deepEqual(lensOf(FILE, undefined), []);
  const none = new ClusterSession({ kubeconfig: { explicitPath: '/nonexistent/kubeconfig' } });
  try {
    assert.equal(none.view.status.kind, 'noKubeconfig');
    assert.deepEqual(lensOf(FILE, none), []);
  } finally {
    none.dispose();
  }
});

test('a rollout not in the cluster: `not in <context>/<namespace>`; another namespace says it is not in view', async () => {
  await until('connected', () => session.view.settled && session.view.health?.state === 'connected');
  const items = lensOf(FILE);
  assert.deepEqual(items.map((i) => i.title), [`not in admin/${ns}`]);
  assert.equal(items[0]!.command, undefined, 'an informing line, nothing to click');
  const elsewhere = FILE.replace('name: web\n', 'name: web\n  namespace: other-ns\n');
  assert.deepEqual(lensOf(elsewhere).map((i) => [i.title, i.command]), [[`namespace other-ns not in view (watching ${ns})`, 'rolloutPilot.pickNamespace']]);
  // HPAs and Services get only Compare with Live
  const svc = resourcesOf(FILE).find((r) => r.kind === 'Service')!;
  assert.deepEqual(lensItems(svc, session, URI).map((i) => [i.title, i.command, i.arguments]), [['Compare with Live', 'rolloutPilot.compareWithLive', [URI, svc.index]]]);
});

test('applied: healthy, then set image → paused 1/8 with Promote and Abort; Promote from the lens moves it; abort → Degraded with Retry', async () => {
  for (const r of resourcesOf(FILE)) await apply(r);
  await until('healthy', () => statusLine()?.startsWith('Healthy'));
  assert.equal(statusLine(), 'Healthy · step 8/8 · set 100 %, actual 100 %');
  const healthy = lensOf(FILE);
  assert.ok(!commands(healthy).includes('rolloutPilot.promote'), 'nothing to promote');
  assert.deepEqual(healthy.at(-2)!.title, 'Open Page');
  assert.deepEqual(healthy.at(-1)!.title, 'Compare with Live');
  assert.deepEqual(healthy[0]!.arguments, [`${ns}/web`], 'the status line opens the page of that rollout');

  const set = await session.execute(ns, 'web', { action: 'setImage', container: 'app', image: 'registry.local/web:2' });
  assert.equal(set.ok, true, set.message);
  await until('paused 1/8 at 20/16', () => statusLine() === 'Paused · step 1/8 · set 20 %, actual 16 %');
  const paused = lensOf(FILE);
  assert.deepEqual(paused.map((i) => i.title), ['Paused · step 1/8 · set 20 %, actual 16 %', 'Promote', 'Abort', 'Open Page', 'Compare with Live']);
  assert.deepEqual(paused[1]!.arguments, [`${ns}/web`]);

  titlesSeen.length = 0;
  await click(paused.find((i) => i.title === 'Promote')!);
  await until('paused at 3/8 (timed)', () => statusLine()?.startsWith('Paused · step 3/8 · set 40 %'));
  assert.ok(titlesSeen.some((t) => /^Progressing · step [23]\/8/.test(t)), `a progressing line was shown on the way: ${[...new Set(titlesSeen)].join(' | ')}`);

  await click(lensOf(FILE).find((i) => i.title === 'Abort')!);
  await until('degraded', () => statusLine()?.startsWith('Degraded'));
  const aborted = lensOf(FILE);
  assert.match(aborted[0]!.title, /^Degraded · step \d\/8 · set 0 %, actual 0 %$/);
  assert.ok(commands(aborted).includes('rolloutPilot.retry'));
  assert.ok(!commands(aborted).includes('rolloutPilot.promote'));
  assert.equal(lensStatusText(session.entry(ns, 'web')!.info), aborted[0]!.title);
});

test('drift hints: an image the cluster does not run, steps that differ, replicas the live HPA overrides', async () => {
  // after the abort the cluster runs :1 as stable and still has :2 as the canary template
  const e = session.entry(ns, 'web')!;
  assert.deepEqual(rolloutDrift(rolloutOf(FILE), e), [], 'the file image :1 is the stable one');
  const edited = file(rolloutDoc('registry.local/web:3'));
  const [img, ...rest] = rolloutDrift(rolloutOf(edited), e);
  assert.equal(rest.length, 0);
  assert.equal(img!.code, 'image-not-running');
  assert.match(img!.message, /^The cluster runs registry\.local\/web:1 \(stable\).* for container 'app', not this image\.$/);
  const line = edited.split('\n')[img!.range.start.line]!;
  assert.equal(line.slice(img!.range.start.character, img!.range.end.character), 'registry.local/web:3');

  const fewer = file(rolloutDoc('registry.local/web:1').replace(/ {8}- pause:\n {12}duration: 20\n {8}- setWeight: 80\n/, ''));
  const steps = rolloutDrift(rolloutOf(fewer), e);
  assert.deepEqual(steps.map((h) => h.code), ['steps-differ']);
  assert.match(steps[0]!.message, /8 steps/);

  const hpas = liveHpasOf(await c.client().json({ method: 'GET', path: `/apis/autoscaling/v1/namespaces/${ns}/horizontalpodautoscalers` }));
  const withReplicas = file(rolloutDoc('registry.local/web:1', '  replicas: 3\n').replace(/\n {2}replicas: 6\n/, '\n'));
  const rep = rolloutDrift(rolloutOf(withReplicas), e, hpas);
  assert.deepEqual(rep.map((h) => h.code), ['replicas-overridden']);
  assert.match(rep[0]!.message, /^HPA 'web-hpa' scales this rollout \(6–36 replicas; the cluster runs 6\)/);
});

test('compare with live: unchanged Service and HPA show no difference; one edit is one hunk; a missing object is a sentence', async () => {
  const rs = resourcesOf(FILE);
  for (const kind of ['Service', 'HorizontalPodAutoscaler']) {
    const r = rs.find((x) => x.kind === kind)!;
    const live = await fetchLive(c.client(), r, ns);
    assert.ok(live.ok, JSON.stringify(live));
    const cmp = compare(r.object!, live.object, live.apiVersion);
    assert.deepEqual(cmp.hunks, [], `${kind}: no noise\n--- live\n${cmp.live}\n--- file\n${cmp.file}`);
    assert.equal(cmp.live, cmp.file);
  }
  const edited = FILE.replace('targetPort: 5000', 'targetPort: 8080');
  const svc = resourcesOf(edited).find((x) => x.kind === 'Service')!;
  const live = await fetchLive(c.client(), svc, ns);
  assert.ok(live.ok);
  const one = compare(svc.object!, live.object);
  assert.equal(one.hunks.length, 1, `${one.live}\n---\n${one.file}`);
  assert.match(one.live, /targetPort: 5000/);
  assert.match(one.file, /targetPort: 8080/);

  const gone = await fetchLive(c.client(), { ...svc, name: 'nope' }, ns);
  assert.deepEqual(gone, { ok: false, message: `there is no Service 'nope' in namespace '${ns}'` });
});

test('compare with live: an unchanged applied Rollout shows no difference although the controller wrote its status', async () => {
  const text = stringify(canaryRollout('same', 'registry.local/same:1', { replicas: 1 }));
  const r = rolloutOf(text);
  await apply(r);
  await until('same healthy', () => session.entry(ns, 'same')?.info.status === 'Healthy');
  const live = await fetchLive(c.client(), r, ns);
  assert.ok(live.ok);
  assert.ok(live.object.status, 'the live object has the status the controller wrote');
  const cmp = compare(r.object!, live.object, live.apiVersion);
  assert.deepEqual(cmp.hunks, [], `--- live\n${cmp.live}\n--- file\n${cmp.file}`);
  // the rollout that was given a new image from the sidebar differs from the file in exactly that line
  const web = rolloutOf(FILE);
  const wl = await fetchLive(c.client(), web, ns);
  assert.ok(wl.ok);
  const d = compare(web.object!, wl.object);
  assert.equal(d.hunks.length, 1, `${d.live}\n---\n${d.file}`);
  assert.match(d.live, /image: registry\.local\/web:2/);
});
