// Every action plan: exact body strings, subresources, content types, the 404 fallback, and the refusals.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { planAbort, planPause, planPromote, planRestart, planRetry, planSetImage, planUndo, type Plan, type PlannedRequest } from '../../extension/src/cluster/actions/plan';
import type { Deployment, Rollout } from '../../extension/src/cluster/k8sTypes';
import { ago, replicaSet, rollout } from '../support/rolloutFixtures';

const MERGE = 'application/merge-patch+json';
const STEPS = [{ setWeight: 20 }, { pause: {} }, { analysis: { templates: [{ templateName: 'rate' }] } }, { setWeight: 60 }, { pause: { duration: 30 } }];

const toStatus = (body: string): PlannedRequest => ({ method: 'PATCH', subresource: 'status', contentType: MERGE, body });
const toMain = (body: string): PlannedRequest => ({ method: 'PATCH', contentType: MERGE, body });

function ok(plan: Plan) {
  assert.ok(plan.ok, `expected a plan, got refusal: ${plan.ok ? '' : plan.reason}`);
  return plan;
}
function refused(plan: Plan): string {
  assert.ok(!plan.ok, `expected a refusal, got ${JSON.stringify(plan)}`);
  return plan.reason;
}

/** A canary mid-update (stable s1, current c2) with the given status fields. */
function updating(status: Rollout['status'] = {}, over: Parameters<typeof rollout>[0] = {}): Rollout {
  return rollout({ name: 'web', replicas: 5, steps: STEPS, ...over, status: { stableRS: 's1', currentPodHash: 'c2', phase: 'Progressing', ...status } });
}

// ---- promote ----

test('promote rule 2: pause conditions are cleared on /status; 404 fallback unpauses and clears on the object', () => {
  const plan = ok(planPromote(updating({ currentStepIndex: 1, controllerPause: true, phase: 'Paused', pauseConditions: [{ reason: 'CanaryPauseStep', startTime: ago(60) }] })));
  assert.deepEqual(plan.requests, [toStatus('{"status":{"pauseConditions":null}}')]);
  assert.deepEqual(plan.fallback, [toMain('{"spec":{"paused":false},"status":{"pauseConditions":null}}')]);
  assert.equal(plan.message, "rollout 'web' promoted");
});

test('promote rule 3: a manually paused canary both unpauses and moves to the next step (status first, then spec)', () => {
  const plan = ok(planPromote(updating({ currentStepIndex: 2, phase: 'Paused', message: 'manually paused' }, { paused: true })));
  assert.deepEqual(plan.requests, [toStatus('{"status":{"pauseConditions":null, "currentStepIndex":3}}'), toMain('{"spec":{"paused":false}}')]);
  assert.deepEqual(plan.fallback, [toMain('{"spec":{"paused":false},"status":{"pauseConditions":null, "currentStepIndex":3}}')]);
});

test('promote rule 3: mid-analysis skips the step; the index is never raised past the number of steps', () => {
  assert.deepEqual(ok(planPromote(updating({ currentStepIndex: 2 }))).requests, [toStatus('{"status":{"pauseConditions":null, "currentStepIndex":3}}')]);
  assert.deepEqual(ok(planPromote(updating({}))).requests, [toStatus('{"status":{"pauseConditions":null, "currentStepIndex":1}}')], 'absent index counts as 0');
  const atEnd = ok(planPromote(updating({ currentStepIndex: 5 })));
  assert.deepEqual(atEnd.requests, [toStatus('{"status":{"pauseConditions":null, "currentStepIndex":5}}')]);
  assert.deepEqual(atEnd.fallback, [toMain('{"spec":{"paused":false},"status":{"pauseConditions":null, "currentStepIndex":5}}')]);
});

test('promote rule 1 (v1.7+): inconclusive step analysis also clears controllerPause and moves on; the fallback does not', () => {
  const inconclusive = { currentStepIndex: 2, controllerPause: true, pauseConditions: [{ reason: 'InconclusiveAnalysisRun', startTime: ago(30) }], canary: { currentStepAnalysisRunStatus: { name: 'web-c2-2', status: 'Inconclusive' } } };
  const plan = ok(planPromote(updating(inconclusive)));
  assert.deepEqual(plan.requests, [toStatus('{"status":{"pauseConditions":null, "controllerPause":false, "currentStepIndex":3}}')]);
  assert.deepEqual(plan.fallback, [toMain('{"spec":{"paused":false},"status":{"pauseConditions":null}}')]);
  // falls through to rule 2 without controllerPause, or when the analysis is not Inconclusive
  assert.deepEqual(ok(planPromote(updating({ ...inconclusive, controllerPause: false }))).requests, [toStatus('{"status":{"pauseConditions":null}}')]);
  assert.deepEqual(ok(planPromote(updating({ ...inconclusive, canary: { currentStepAnalysisRunStatus: { status: 'Running' } } }))).requests, [toStatus('{"status":{"pauseConditions":null}}')]);
});

test('promote blue-green: pause conditions are cleared; a manual pause is only unpaused', () => {
  const bg = (status: Rollout['status'], paused?: boolean) =>
    rollout({ name: 'bg', strategy: 'blueGreen', paused, status: { stableRS: 'a1', currentPodHash: 'p2', blueGreen: { activeSelector: 'a1', previewSelector: 'p2' }, ...status } });
  assert.deepEqual(ok(planPromote(bg({ controllerPause: true, pauseConditions: [{ reason: 'BlueGreenPause', startTime: ago(10) }] }))).requests, [toStatus('{"status":{"pauseConditions":null}}')]);
  const manual = ok(planPromote(bg({}, true)));
  assert.deepEqual(manual.requests, [toMain('{"spec":{"paused":false}}')]);
  assert.equal(manual.fallback, undefined, 'no status patch, so nothing can 404');
  assert.match(refused(planPromote(bg({}))), /^rollout 'bg' is not paused and has no canary step to skip; nothing to promote/);
});

test('promote refusals: aborted, already unpausing, fully promoted, canary without steps', () => {
  assert.match(refused(planPromote(updating({ abort: true, currentStepIndex: 0, phase: 'Degraded' }))), /^rollout 'web' is aborted; promote is not offered: run retry/);
  assert.match(refused(planPromote(updating({ currentStepIndex: 2, controllerPause: true, pauseConditions: [] }))), /already being promoted .*could skip a step/);
  const healthy = rollout({ name: 'web', steps: STEPS, status: { stableRS: 'c2', currentPodHash: 'c2', currentStepIndex: 5, phase: 'Healthy' } });
  assert.equal(refused(planPromote(healthy)), "rollout 'web' is fully promoted and not paused; nothing to promote");
  // a paused, fully promoted rollout can still be resumed
  assert.deepEqual(ok(planPromote({ ...healthy, spec: { ...healthy.spec, paused: true } })).requests, [
    toStatus('{"status":{"pauseConditions":null, "currentStepIndex":5}}'),
    toMain('{"spec":{"paused":false}}'),
  ]);
  const noSteps = rollout({ name: 'plain', status: { stableRS: 's1', currentPodHash: 'c2' } });
  assert.match(refused(planPromote(noSteps)), /^rollout 'plain' is not paused and has no canary step to skip/);
});

test('promote --full (v1.9): promoteFull on /status, plus unpause when paused; unified fallback', () => {
  const plan = ok(planPromote(updating({ currentStepIndex: 1 }), { full: true }));
  assert.deepEqual(plan.requests, [toStatus('{"status":{"promoteFull":true}}')]);
  assert.deepEqual(plan.fallback, [toMain('{"spec":{"paused":false},"status":{"promoteFull":true}}')]);
  assert.equal(plan.message, "rollout 'web' fully promoted");
  const paused = ok(planPromote(updating({ currentStepIndex: 1 }, { paused: true }), { full: true }));
  assert.deepEqual(paused.requests, [toStatus('{"status":{"promoteFull":true}}'), toMain('{"spec":{"paused":false}}')]);
  // stable == current: only the unpause (no status patch, no fallback)
  const done = rollout({ name: 'web', steps: STEPS, paused: true, status: { stableRS: 'c2', currentPodHash: 'c2' } });
  const unpauseOnly = ok(planPromote(done, { full: true }));
  assert.deepEqual(unpauseOnly.requests, [toMain('{"spec":{"paused":false}}')]);
  assert.equal(unpauseOnly.fallback, undefined);
  assert.equal(refused(planPromote({ ...done, spec: { ...done.spec, paused: false } }, { full: true })), "rollout 'web' is already fully promoted and not paused; nothing to promote");
  assert.match(refused(planPromote(updating({ abort: true }), { full: true })), /^rollout 'web' is aborted; promote --full is not offered/);
});

// ---- abort, retry, pause ----

test('abort: {"status":{"abort":true}} on /status, the same body to the object on 404', () => {
  const plan = ok(planAbort(updating({ currentStepIndex: 1 })));
  assert.deepEqual(plan.requests, [toStatus('{"status":{"abort":true}}')]);
  assert.deepEqual(plan.fallback, [toMain('{"status":{"abort":true}}')]);
  assert.equal(plan.message, "rollout 'web' aborted");
  assert.match(refused(planAbort(updating({ abort: true }))), /^rollout 'web' is already aborted/);
  assert.equal(refused(planAbort(rollout({ name: 'web', status: { stableRS: 'x', currentPodHash: 'x', phase: 'Healthy' } }))), "rollout 'web' is fully promoted; there is no update in progress to abort");
});

test('retry: {"status":{"abort":false}} with fallback, only when aborted', () => {
  const plan = ok(planRetry(updating({ abort: true, phase: 'Degraded' })));
  assert.deepEqual(plan.requests, [toStatus('{"status":{"abort":false}}')]);
  assert.deepEqual(plan.fallback, [toMain('{"status":{"abort":false}}')]);
  assert.equal(plan.message, "rollout 'web' retried");
  assert.equal(refused(planRetry(updating({ phase: 'Degraded', message: 'ProgressDeadlineExceeded: x' }))), "rollout 'web' is not aborted; nothing to retry");
});

test('pause: {"spec":{"paused":true}} on the object, refused when already paused', () => {
  const plan = ok(planPause(updating({})));
  assert.deepEqual(plan.requests, [toMain('{"spec":{"paused":true}}')]);
  assert.equal(plan.fallback, undefined);
  assert.equal(plan.message, "rollout 'web' paused");
  assert.equal(refused(planPause(updating({}, { paused: true }))), "rollout 'web' is already paused; promote resumes it");
});

// ---- restart ----

test('restart: the multi-line literal with now + delay in UTC, whole seconds', () => {
  const now = new Date('2026-03-01T12:00:00.789Z');
  const body = (t: string) => `{\n\t"spec": {\n\t\t"restartAt": "${t}"\n\t}\n}`;
  const plan = ok(planRestart(updating(), now));
  assert.deepEqual(plan.requests, [toMain(body('2026-03-01T12:00:00Z'))]);
  assert.equal(plan.message, "rollout 'web' restarts in 0s");
  const later = ok(planRestart(updating(), now, '1h30m'));
  assert.deepEqual(later.requests, [toMain(body('2026-03-01T13:30:00Z'))]);
  assert.equal(later.message, "rollout 'web' restarts in 1h30m", 'echoes --in as given');
  const seconds = ok(planRestart(updating(), now, 90));
  assert.deepEqual(seconds.requests, [toMain(body('2026-03-01T12:01:30Z'))]);
  assert.equal(seconds.message, "rollout 'web' restarts in 1m30s");
  // --in is a Go duration only: a bare number is refused as time.ParseDuration refuses it
  assert.equal(refused(planRestart(updating(), now, '10')), 'time: missing unit in duration "10"');
  assert.equal(refused(planRestart(updating(), now, '1d')), 'time: unknown unit "d" in duration "1d"');
  assert.equal(refused(planRestart(updating(), now, 'soon')), 'time: invalid duration "soon"');
  assert.deepEqual(ok(planRestart(updating(), now, '1.5s')).requests, [toMain(body('2026-03-01T12:00:02Z'))]);
});

// ---- set image ----

function withContainers(): Rollout {
  const ro = rollout({ name: 'web' });
  ro.spec!.template!.spec = {
    initContainers: [{ name: 'migrate', image: 'reg/migrate:1' }],
    containers: [
      { name: 'web', image: 'reg/web:1', env: [{ name: 'CMD', value: 'a && b <c>' }] },
      { name: 'proxy', image: 'reg/proxy:1' },
    ],
  };
  ro.status = { ...ro.status, phase: 'Healthy', futureField: { kept: true } };
  return ro;
}

test('set image: a PUT of the whole object with Go map order, HTML-safe escapes and a trailing newline', () => {
  const ro = withContainers();
  const plan = ok(planSetImage(ro, 'web', 'reg/web:2'));
  assert.equal(plan.requests.length, 1);
  const [req] = plan.requests;
  assert.equal(req.method, 'PUT');
  assert.equal(req.contentType, 'application/json');
  assert.equal(req.subresource, undefined);
  assert.equal(req.target, undefined);
  assert.ok(req.body.startsWith('{"apiVersion":"argoproj.io/v1alpha1","kind":"Rollout","metadata":{"annotations":'), req.body.slice(0, 80));
  assert.ok(req.body.endsWith('}\n'));
  assert.ok(req.body.includes('"value":"a \\u0026\\u0026 b \\u003cc\\u003e"'));
  const sent = JSON.parse(req.body);
  const expected = structuredClone(ro);
  expected.spec!.template!.spec!.containers![0].image = 'reg/web:2';
  assert.deepEqual(sent, expected, 'only the image changes; unknown fields and resourceVersion are kept');
  assert.equal(ro.spec!.template!.spec!.containers![0].image, 'reg/web:1', 'the input is not modified');
  assert.equal(plan.message, 'rollout "web" image updated');
  assert.equal(plan.conflictAttempts, 5);
});

test('set image: "*" matches init, regular and ephemeral containers; errors name the container', () => {
  const ro = withContainers();
  ro.spec!.template!.spec!.ephemeralContainers = [{ name: 'debug', image: 'busybox' }];
  const sent = JSON.parse(ok(planSetImage(ro, '*', 'reg/all:9')).requests[0].body);
  const spec = sent.spec.template.spec;
  assert.deepEqual([...spec.initContainers, ...spec.containers, ...spec.ephemeralContainers].map((c: { image: string }) => c.image), Array(4).fill('reg/all:9'));
  assert.equal(JSON.parse(ok(planSetImage(ro, 'migrate', 'reg/migrate:2')).requests[0].body).spec.template.spec.initContainers[0].image, 'reg/migrate:2');
  assert.equal(refused(planSetImage(ro, 'nginx', 'x')), 'unable to find container named "nginx"');
  assert.equal(refused(planSetImage(ro, 'proxy', 'reg/proxy:1')), 'rollout "web" already runs reg/proxy:1 in container "proxy"; nothing to update');
});

test('set image with workloadRef: the Deployment is PUT instead', () => {
  const ro = rollout({ name: 'ref' });
  delete ro.spec!.template;
  ro.spec!.workloadRef = { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ref-deploy' };
  assert.match(refused(planSetImage(ro, 'app', 'reg/app:2')), /takes its pod template from Deployment 'ref-deploy'/);
  const deploy: Deployment = { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'ref-deploy', namespace: 'default', resourceVersion: '7' }, spec: { replicas: 0, template: { spec: { containers: [{ name: 'app', image: 'reg/app:1' }] } } } };
  const plan = ok(planSetImage(ro, 'app', 'reg/app:2', deploy));
  assert.deepEqual(plan.requests[0].target, { apiVersion: 'apps/v1', kind: 'Deployment', name: 'ref-deploy' });
  assert.equal(plan.requests[0].body, '{"apiVersion":"apps/v1","kind":"Deployment","metadata":{"name":"ref-deploy","namespace":"default","resourceVersion":"7"},"spec":{"replicas":0,"template":{"spec":{"containers":[{"image":"reg/app:2","name":"app"}]}}}}\n');
  assert.equal(plan.message, 'deployment "ref-deploy" image updated');
});

// ---- undo ----

function history() {
  const ro = rollout({ name: 'web', image: 'reg/web:3' });
  const rs = (hash: string, revision: number | string | undefined, image: string, extra: Partial<Parameters<typeof replicaSet>[0]> = {}) =>
    replicaSet({ owner: ro, hash, revision, images: [image], ...extra });
  return { ro, rs };
}

test('undo: the second-highest revision; JSON Patch of its template without the hash label', () => {
  const { ro, rs } = history();
  const r1 = rs('h1', 1, 'reg/web:1');
  const r2 = rs('h2', 2, 'reg/web:2');
  const r3 = rs('h3', 3, 'reg/web:3');
  const plan = ok(planUndo(ro, [r1, r3, r2]));
  assert.equal(plan.requests.length, 1);
  const [req] = plan.requests;
  assert.deepEqual([req.method, req.contentType, req.subresource, req.target], ['PATCH', 'application/json-patch+json', undefined, undefined]);
  assert.equal(
    req.body,
    '[{"op":"replace","path":"/spec/template","value":{"metadata":{"creationTimestamp":null,"labels":{"app":"web"}},"spec":{"containers":[{"name":"web","image":"reg/web:2","resources":{},"terminationMessagePath":"/dev/termination-log","terminationMessagePolicy":"File","imagePullPolicy":"IfNotPresent"}],"restartPolicy":"Always","terminationGracePeriodSeconds":30,"dnsPolicy":"ClusterFirst","securityContext":{},"schedulerName":"default-scheduler"}}}]',
  );
  assert.equal(plan.message, "rollout 'web' undo");
  assert.equal(r2.spec!.template!.metadata!.labels!['rollouts-pod-template-hash'], 'h2', 'the input is not modified');
});

test('undo --to-revision: the exact revision, or the plugin errors', () => {
  const { ro, rs } = history();
  const all = [rs('h1', 1, 'reg/web:1'), rs('h2', 2, 'reg/web:2'), rs('h3', 3, 'reg/web:3')];
  assert.match(ok(planUndo(ro, all, 1)).requests[0].body, /"image":"reg\/web:1"/);
  assert.equal(refused(planUndo(ro, all, 7)), 'unable to find specified revision 7 in history');
  assert.equal(refused(planUndo(ro, [all[2]])), 'no revision found for rollout "web"');
  assert.equal(refused(planUndo(ro, [])), 'no revision found for rollout "web"');
});

test('undo: only ReplicaSets matching spec.selector and controlled by the rollout; bad revisions skipped', () => {
  const { ro, rs } = history();
  const latest = rs('h3', 3, 'reg/web:3');
  const notControlled = rs('hx', 2, 'reg/web:x', { controller: false });
  const otherLabels = rs('hy', 2, 'reg/web:y');
  otherLabels.metadata!.labels = { app: 'other', 'rollouts-pod-template-hash': 'hy' };
  const garbage = rs('hz', 'two', 'reg/web:z');
  const unannotated = rs('h0', undefined, 'reg/web:0');
  const plan = ok(planUndo(ro, [latest, notControlled, otherLabels, garbage, unannotated]));
  assert.match(plan.requests[0].body, /"image":"reg\/web:0"/, 'a missing annotation is revision 0; "two" is skipped');
  const exprs = rollout({ name: 'web' });
  exprs.spec!.selector = { matchExpressions: [{ key: 'app', operator: 'In', values: ['web'] }, { key: 'tier', operator: 'DoesNotExist' }] };
  const sel = (labels: Record<string, string>, hash: string, revision: number) => {
    const r = replicaSet({ owner: exprs, hash, revision, images: [`reg/web:${revision}`] });
    r.metadata!.labels = { ...labels, 'rollouts-pod-template-hash': hash };
    return r;
  };
  assert.match(ok(planUndo(exprs, [sel({ app: 'web' }, 'a', 5), sel({ app: 'web', tier: 'x' }, 'b', 4), sel({ app: 'web' }, 'c', 3)])).requests[0].body, /reg\/web:3/);
  exprs.spec!.selector = { matchExpressions: [{ key: 'app', operator: 'Matches', values: ['web'] }] };
  assert.equal(refused(planUndo(exprs, [sel({ app: 'web' }, 'a', 5)])), '"Matches" is not a valid label selector operator');
});

test('undo: skipped when the rollout template is derivative of the target (defaults the API server added)', () => {
  const { ro, rs } = history();
  const same = rs('h2', 2, 'reg/web:3');
  const plan = ok(planUndo(ro, [same, rs('h3', 3, 'reg/web:3')]));
  assert.deepEqual(plan.requests, []);
  assert.equal(plan.message, 'skipped rollback (current template already matches revision 0)');
  assert.equal(ok(planUndo(ro, [same], 2)).message, 'skipped rollback (current template already matches revision 2)');
  // a field the rollout sets differently is not derivative: quantities are compared as written
  const cpu = rollout({ name: 'web', image: 'reg/web:3' });
  cpu.spec!.template!.spec!.containers![0].resources = { requests: { cpu: '0.5' } };
  const cpuRs = rs('h2', 2, 'reg/web:3');
  cpuRs.spec!.template!.spec!.containers![0].resources = { requests: { cpu: '500m' } };
  assert.equal(ok(planUndo(cpu, [cpuRs, rs('h3', 3, 'reg/web:3')])).requests.length, 1);
});

test('undo: an emptied labels map is dropped; workloadRef targets the referenced object', () => {
  const { ro, rs } = history();
  const onlyHash = rs('h2', 2, 'reg/web:2');
  onlyHash.spec!.template!.metadata = { creationTimestamp: null, labels: { 'rollouts-pod-template-hash': 'h2' } };
  assert.ok(ok(planUndo(ro, [onlyHash, rs('h3', 3, 'reg/web:3')])).requests[0].body.startsWith('[{"op":"replace","path":"/spec/template","value":{"metadata":{"creationTimestamp":null},"spec"'));
  const ref = rollout({ name: 'web' });
  delete ref.spec!.template;
  for (const [kind, apiVersion] of [['Deployment', 'apps/v1'], ['ReplicaSet', 'apps/v1'], ['PodTemplate', 'v1']]) {
    ref.spec!.workloadRef = { apiVersion, kind, name: 'tmpl' };
    const r = (h: string, n: number) => replicaSet({ owner: ref, hash: h, revision: n, images: [`reg/web:${n}`] });
    assert.deepEqual(ok(planUndo(ref, [r('a', 1), r('b', 2)])).requests[0].target, { apiVersion, kind, name: 'tmpl' }, kind);
  }
  ref.spec!.workloadRef = { apiVersion: 'apps/v1', kind: 'StatefulSet', name: 'tmpl' };
  const r = (h: string, n: number) => replicaSet({ owner: ref, hash: h, revision: n });
  assert.equal(refused(planUndo(ref, [r('a', 1), r('b', 2)])), 'failed restoring revision 0: workload of type StatefulSet is not supported');
});

test('undo body escapes like encoding/json', () => {
  const { ro, rs } = history();
  const old = rs('h2', 2, 'reg/web:2');
  old.spec!.template!.spec!.containers![0].command = ['sh', '-c', 'a && b > /tmp/x'];
  assert.ok(ok(planUndo(ro, [old, rs('h3', 3, 'reg/web:3')])).requests[0].body.includes('"command":["sh","-c","a \\u0026\\u0026 b \\u003e /tmp/x"]'));
});
