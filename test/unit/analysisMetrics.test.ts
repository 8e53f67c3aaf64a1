// analysisDetails: the AnalysisRuns of a rollout with each metric's conditions and measurements (the page's charts).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { analysisDetails } from '../../extension/src/cluster/info/analysisMetrics';
import { analysisDetailSchema } from '../../webview/src/protocol';
import { ago, analysisRun, experiment, rollout } from '../support/rolloutFixtures';

const ro = rollout({ name: 'shop', steps: [{ setWeight: 20 }, { analysis: { templates: [{ templateName: 'rate' }] } }] });
const uid = ro.metadata!.uid!;

const metrics = [
  { name: 'success-rate', successCondition: 'result[0] >= 0.95', failureCondition: 'result[0] < 0.5', count: 5, interval: '30s', failureLimit: 2 },
  { name: 'smoke', successCondition: 'result == "ok"', count: '1' },
  { name: 'not-started-yet', successCondition: 'result > 0' },
];

const run = analysisRun({
  owner: ro,
  name: 'shop-7c9-2',
  revision: 2,
  phase: 'Failed',
  metrics,
  metricResults: [
    {
      name: 'success-rate',
      phase: 'Failed',
      successful: 2,
      failed: 1,
      measurements: [
        { phase: 'Successful', value: '[0.98]', startedAt: ago(90), finishedAt: ago(89) },
        { phase: 'Failed', value: '[0.41]', startedAt: ago(60), finishedAt: ago(59) },
        { phase: 'Successful', value: '[0.97]', startedAt: ago(30), finishedAt: ago(29) },
      ],
    },
    { name: 'smoke', phase: 'Successful', measurements: [{ phase: 'Successful', value: 'ok', startedAt: ago(80) }] },
    { name: 'orphan-result', phase: 'Error', measurements: [{ phase: 'Error' }] },
  ],
});

test('metrics follow spec.metrics with their conditions; measurements keep their order and fields', () => {
  const [d] = analysisDetails(uid, [run]);
  assert.equal(d.name, 'shop-7c9-2');
  assert.equal(d.revision, 2);
  assert.equal(d.status, 'Failed');
  assert.deepEqual(d.metrics.map((m) => [m.name, m.phase]), [
    ['success-rate', 'Failed'],
    ['smoke', 'Successful'],
    ['not-started-yet', 'Pending'],
    ['orphan-result', 'Error'],
  ]);
  const rate = d.metrics[0];
  assert.deepEqual(
    { s: rate.successCondition, f: rate.failureCondition, c: rate.count, i: rate.interval, l: rate.failureLimit },
    { s: 'result[0] >= 0.95', f: 'result[0] < 0.5', c: 5, i: '30s', l: 2 },
  );
  assert.deepEqual(rate.measurements.map((m) => [m.phase, m.value]), [
    ['Successful', '[0.98]'],
    ['Failed', '[0.41]'],
    ['Successful', '[0.97]'],
  ]);
  assert.equal(rate.measurements[0].finishedAt, ago(89));
  assert.equal(d.metrics[1].count, '1', 'an IntOrString count stays a string');
  assert.deepEqual(d.metrics[2].measurements, []);
  assert.equal(d.metrics[3].successCondition, undefined, 'a result without a spec metric has no condition');
  assert.equal(analysisDetailSchema.safeParse(d).success, true, 'the page protocol accepts it');
});

test('only runs owned by the rollout, newest revision first, then creation time', () => {
  const other = rollout({ name: 'other' });
  const exp = experiment({ owner: ro, name: 'shop-exp', revision: 3 });
  const runs = [
    analysisRun({ owner: ro, name: 'r1-old', revision: 1, created: ago(900), phase: 'Successful' }),
    analysisRun({ owner: ro, name: 'r3-b', revision: 3, created: ago(100) }),
    analysisRun({ owner: other, name: 'foreign', revision: 9 }),
    analysisRun({ owner: exp, name: 'of-experiment', revision: 3 }),
    analysisRun({ owner: ro, name: 'r3-a', revision: 3, created: ago(200) }),
  ];
  assert.deepEqual(analysisDetails(uid, runs).map((d) => d.name), ['r3-a', 'r3-b', 'r1-old']);
});

test('a run the controller has not touched yet: Pending, metrics from the spec, no measurements', () => {
  const fresh = analysisRun({ owner: ro, name: 'fresh', revision: 4 });
  delete fresh.status;
  const [d] = analysisDetails(uid, [fresh]);
  assert.equal(d.status, 'Pending');
  assert.deepEqual(d.metrics.map((m) => [m.name, m.phase, m.measurements.length]), [['success-rate', 'Pending', 0]]);
  assert.equal(d.message, undefined);
});

test('odd input: missing names, null lists, a message, non-string values are skipped, never thrown on', () => {
  const odd = analysisRun({ owner: ro, name: 'odd', revision: 1 });
  odd.spec = { metrics: [{}, { name: 'm', count: {} as unknown as number, interval: 5 as unknown as string }] };
  odd.status = { phase: 'Error', message: 'metric "m" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4)', metricResults: [{ name: 'm', measurements: null }, {}] };
  const [d] = analysisDetails(uid, [odd]);
  assert.equal(d.message, 'metric "m" assessed Error due to consecutiveErrors (5) > consecutiveErrorLimit (4)');
  assert.deepEqual(d.metrics, [{ name: 'm', phase: 'Pending', measurements: [] }]);
  assert.deepEqual(analysisDetails(uid, []), []);
});
