// The controller stand-in as the HPA controller (bounds only, no metrics), against the real API server: the seed's
// autoscaling/v2beta1 HPA (minReplicas 6) scales the seed's Rollout — which has no spec.replicas — to 6 through the
// /scale subresource, the HPA's status follows, and the seed write-up's `set image` then pauses the canary at step
// 1/8 with set weight 20 and actual weight 16, as the cluster layer's `get rollout` derivation reads the live objects.
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { after, before, test } from 'node:test';
import { executeAction } from '../../extension/src/cluster/actions/execute';
import { deriveRolloutInfo } from '../../extension/src/cluster/info/rolloutInfo';
import type { Pod, ReplicaSet, Rollout } from '../../extension/src/cluster/k8sTypes';
import { RolloutController } from '../harness/controller';
import { hpaBoundsDecision } from '../harness/hpa';
import { seedExpectations, seedObjects } from '../harness/sandbox';
import { canaryRollout, createRollout, eventually, getRollout, ROLLOUTS_PATH, testCluster, type TestCluster } from './support/cluster';

let c: TestCluster;
let ns: string;
let controller: RolloutController;

const SEED = seedObjects('test/fixtures/seed');
const seed = (kind: string) => SEED.find((o) => o.kind === kind)!;

const hpaPath = (version: string, name = '') => `/apis/autoscaling/${version}/namespaces/${ns}/horizontalpodautoscalers${name ? `/${name}` : ''}`;

interface AuditEvent {
  verb: string;
  objectRef?: { resource?: string; subresource?: string; namespace?: string; name?: string };
  /** the API server's answer: for rollouts/scale it logs the Scale it returned, not the request body */
  responseObject?: { kind?: string; spec?: { replicas?: number } };
  responseStatus?: { code?: number };
}

function auditEvents(): AuditEvent[] {
  return readFileSync(c.state.auditLogPath, 'utf8')
    .split('\n')
    .filter(Boolean)
    .map((l) => JSON.parse(l) as AuditEvent);
}

before(async () => {
  c = await testCluster();
  ns = await c.newNamespace('hpa');
  controller = new RolloutController(c.kc(), ns).start();
});

after(async () => {
  controller?.dispose();
  await c?.close();
});

test('the bounds decision is horizontal.go’s: below min → min, above max → max, 0 → disabled, within → unchanged', () => {
  assert.deepEqual(hpaBoundsDecision(1, 6, 36), { desiredReplicas: 6, rescale: true, reason: 'Current number of replicas below Spec.MinReplicas' });
  assert.deepEqual(hpaBoundsDecision(40, 6, 36), { desiredReplicas: 36, rescale: true, reason: 'Current number of replicas above Spec.MaxReplicas' });
  assert.equal(hpaBoundsDecision(0, 6, 36).rescale, false);
  assert.equal(hpaBoundsDecision(0, 6, 36).desiredReplicas, 0);
  assert.deepEqual(hpaBoundsDecision(10, 6, 36), { desiredReplicas: 10, rescale: false, reason: 'within bounds (no metrics in this stand-in)' });
  assert.equal(hpaBoundsDecision(0, undefined, 3).rescale, false, 'minReplicas defaults to 1, so 0 is "disabled"');
  assert.deepEqual(hpaBoundsDecision(1, undefined, 3).rescale, false);
});

test('what npm start expects of the seed: 6 pods (the HPA minimum), 1/8 at weight 20 → 1 canary + 5 stable, 16 %', () => {
  const want = seedExpectations(SEED);
  assert.deepEqual(
    { ...want, image: undefined, nextImage: undefined },
    { rollout: 'flaskdemo', container: 'flaskdemo', image: undefined, nextImage: undefined, replicas: 6, stepCount: 8, firstWeight: 20, canary: 1, stable: 5, actualWeight: 16 },
  );
  assert.match(want.image, /\/flask_test:26$/);
  assert.match(want.nextImage, /\/flask_test:27$/);
});

test('the seed: an autoscaling/v2beta1 HPA with minReplicas 6 scales the Rollout to 6 through /scale', async () => {
  const ro = seed('Rollout') as unknown as Rollout;
  assert.equal(ro.spec?.replicas, undefined, 'the seed Rollout leaves spec.replicas to the HPA');
  await createRollout(c, ns, ro);
  const hpa = seed('HorizontalPodAutoscaler');
  assert.equal(hpa.apiVersion, 'autoscaling/v2beta1');
  const created = await c.admin('POST', hpaPath('v2beta1'), hpa);
  assert.equal(created.status, 201, created.text);

  const live = await eventually('flaskdemo Healthy with 6 available pods', async () => {
    const r = await getRollout(c, ns, 'flaskdemo');
    return r.spec?.replicas === 6 && r.status?.phase === 'Healthy' && r.status.availableReplicas === 6 ? r : undefined;
  });
  // what the HPA reads through the scale subresource: status.HPAReplicas and status.selector (argo-rollouts rollout/canary.go, the CRD's scale subresource)
  assert.equal(live.status?.HPAReplicas, 6);
  assert.equal(live.status?.selector, 'app=flaskdemo');
  const scale = await c.admin('GET', `${ROLLOUTS_PATH(ns)}/flaskdemo/scale`);
  assert.equal(scale.status, 200);
  assert.deepEqual(scale.json.spec, { replicas: 6 });
  assert.deepEqual(scale.json.status, { replicas: 6, selector: 'app=flaskdemo' });

  // the HPA's status, read in the version it was written in
  const st = await eventually('the HPA status at 6/6', async () => {
    const h = (await c.admin('GET', hpaPath('v2beta1', 'flaskdemo-hpa'))).json;
    return h.status?.currentReplicas === 6 && h.status?.desiredReplicas === 6 ? h.status : undefined;
  });
  assert.match(st.lastScaleTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);

  // The path, from the API server's audit log: spec.replicas was defaulted to 1 (as Argo does), then the scale went
  // to 6 by an update (PUT) on rollouts/scale, answered with the Scale object — not by a patch of the Rollout.
  const scaleWrites = auditEvents().filter(
    (e) => e.objectRef?.namespace === ns && e.objectRef.resource === 'rollouts' && e.objectRef.subresource === 'scale' && e.verb !== 'get',
  );
  assert.ok(scaleWrites.length > 0, 'no write to rollouts/scale in the audit log');
  for (const e of scaleWrites) assert.equal(e.verb, 'update', JSON.stringify(e));
  assert.deepEqual(
    scaleWrites.filter((e) => e.responseStatus?.code === 200).map((e) => [e.responseObject?.kind, e.responseObject?.spec?.replicas]),
    [['Scale', 6]],
  );
});

test('the seed write-up’s `set image`: Paused at 1/8, set weight 20, actual weight 16, 1 canary + 5 stable', async () => {
  const image = 'jenkins-1d89f623e089d4f6.elb.ap-northeast-3.amazonaws.com:5001/flask_test:27';
  const out = await executeAction(c.client(), ns, 'flaskdemo', { action: 'setImage', container: 'flaskdemo', image });
  assert.equal(out.ok, true, out.message);
  await eventually('flaskdemo paused at step 1 with 6 available pods', async () => {
    const r = await getRollout(c, ns, 'flaskdemo');
    return r.status?.phase === 'Paused' && r.status.currentStepIndex === 1 && r.status.availableReplicas === 6 ? r : undefined;
  });
  const ro = await getRollout(c, ns, 'flaskdemo');
  const rs = (await c.admin('GET', `/apis/apps/v1/namespaces/${ns}/replicasets`)).json.items as ReplicaSet[];
  const pods = (await c.admin('GET', `/api/v1/namespaces/${ns}/pods`)).json.items as Pod[];
  const info = deriveRolloutInfo({ rollout: ro, replicaSets: rs, pods });
  assert.equal(info.status, 'Paused');
  assert.equal(info.message, 'CanaryPauseStep');
  assert.equal(info.step, '1/8');
  assert.equal(info.setWeight, 20);
  assert.equal(info.actualWeight, 16);
  const canary = info.replicaSets.find((r) => r.canary);
  const stable = info.replicaSets.find((r) => r.stable);
  assert.equal(canary?.replicas, 1);
  assert.equal(stable?.replicas, 5);
  assert.ok(info.images.some((i) => i.image === image && i.tags.includes('canary')));
  // the HPA keeps the total at 6 and has nothing to write
  assert.equal(ro.spec?.replicas, 6);
  assert.equal(ro.status?.HPAReplicas, 6);
});

test('every served autoscaling version: v1 above maxReplicas → max, v2beta2 below minReplicas → min', async () => {
  await createRollout(c, ns, canaryRollout('wide', 'registry.local/wide:1', { replicas: 5 }));
  await createRollout(c, ns, canaryRollout('narrow', 'registry.local/narrow:1', { replicas: 1 }));
  const ref = (name: string) => ({ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name });
  const v1 = await c.admin('POST', hpaPath('v1'), {
    apiVersion: 'autoscaling/v1',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'wide' },
    spec: { scaleTargetRef: ref('wide'), minReplicas: 1, maxReplicas: 3, targetCPUUtilizationPercentage: 60 },
  });
  assert.equal(v1.status, 201, v1.text);
  const v2beta2 = await c.admin('POST', hpaPath('v2beta2'), {
    apiVersion: 'autoscaling/v2beta2',
    kind: 'HorizontalPodAutoscaler',
    metadata: { name: 'narrow' },
    spec: { scaleTargetRef: ref('narrow'), minReplicas: 2, maxReplicas: 4 },
  });
  assert.equal(v2beta2.status, 201, v2beta2.text);
  for (const [name, want] of [['wide', 3], ['narrow', 2]] as const) {
    await eventually(`${name} at ${want} available`, async () => {
      const r = await getRollout(c, ns, name);
      return r.spec?.replicas === want && r.status?.availableReplicas === want && r.status.HPAReplicas === want;
    });
  }
  const narrow = await eventually('the v2beta2 HPA status', async () => {
    const h = (await c.admin('GET', hpaPath('v2beta2', 'narrow'))).json;
    return h.status?.currentReplicas === 2 ? h.status : undefined;
  });
  assert.equal(narrow.desiredReplicas, 2);
  // Within the bounds nothing moves: no metrics here, so a count the bounds allow is left as it is.
  await c.admin('PATCH', `${ROLLOUTS_PATH(ns)}/narrow`, { spec: { replicas: 3 } }, 'application/merge-patch+json');
  await eventually('narrow at 3 and its HPA status following', async () => {
    const h = (await c.admin('GET', hpaPath('v2beta2', 'narrow'))).json;
    const r = await getRollout(c, ns, 'narrow');
    return r.spec?.replicas === 3 && r.status?.availableReplicas === 3 && h.status?.currentReplicas === 3 && h.status.desiredReplicas === 3;
  });
  assert.deepEqual(controller.errors, []);
});
