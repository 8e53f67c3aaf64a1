// The rollout page's pure helpers: which measurement values are numbers, the threshold of a simple condition, the
// chart's geometry, countdown text, icon mapping, image repositories.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { chartModel, conditionThreshold, numericValue } from '../../webview/src/chart';
import { formatRemaining, imageRepository, lookOfIcon, lookOfPhase } from '../../webview/src/format';
import { rolloutIcon } from '../../extension/src/cluster/info/icons';

test('numericValue: scalars and one-element vectors are numbers; lists, JSON and text are not', () => {
  assert.equal(numericValue('0.97'), 0.97);
  assert.equal(numericValue('[0.97]'), 0.97);
  assert.equal(numericValue(' [ -1.5e2 ] '), -150);
  assert.equal(numericValue('42'), 42);
  assert.equal(numericValue('.5'), 0.5);
  for (const v of [undefined, '', '[]', '[0.97 0.95]', '{"a":1}', 'ok', 'NaN', 'Infinity', '1e999', '0x10']) assert.equal(numericValue(v), undefined, String(v));
});

test('conditionThreshold: the number of a single comparison of result, else nothing', () => {
  assert.equal(conditionThreshold('result[0] >= 0.95'), 0.95);
  assert.equal(conditionThreshold('result < 100'), 100);
  assert.equal(conditionThreshold('asFloat(result) <= 0.5'), 0.5);
  for (const c of [undefined, '', 'result[0] >= 0.95 && result[0] < 2', 'len(result) > 0', 'result.status == "ok"']) assert.equal(conditionThreshold(c), undefined, String(c));
});

test('chartModel: numeric points by time, higher values higher, the rest listed, the threshold inside the range', () => {
  const m = chartModel(
    [
      { phase: 'Successful', value: '[10]', finishedAt: '2026-03-01T12:00:00Z' },
      { phase: 'Error' },
      { phase: 'Failed', value: '[2]', finishedAt: '2026-03-01T12:00:30Z' },
      { phase: 'Successful', value: 'text', finishedAt: '2026-03-01T12:01:00Z' },
      { phase: 'Successful', value: '8', finishedAt: '2026-03-01T12:02:30Z' },
    ],
    'result >= 5',
  );
  assert.deepEqual(m.points.map((p) => [p.phase, p.value]), [['Successful', 10], ['Failed', 2], ['Successful', 8]]);
  assert.deepEqual(m.other.map((o) => o.phase), ['Error', 'Successful']);
  assert.equal(m.xIsTime, true);
  const [a, b, c] = m.points;
  assert.ok(a.x < b.x && b.x < c.x);
  assert.ok(c.x - b.x > b.x - a.x, 'spacing follows time (120 s vs 30 s)');
  assert.ok(a.y < c.y && c.y < b.y, 'higher values are drawn higher');
  assert.ok(m.threshold && m.threshold.y > a.y && m.threshold.y < b.y);
  for (const p of m.points) assert.ok(p.x >= 0 && p.x <= m.width && p.y >= 0 && p.y <= m.height);
  // one point, or equal values: still inside the box
  const one = chartModel([{ phase: 'Successful', value: '3' }]);
  assert.equal(one.points.length, 1);
  assert.ok(one.points[0].y > 0 && one.points[0].y < one.height);
  assert.deepEqual(chartModel([]).points, []);
});

test('formatRemaining, imageRepository', () => {
  assert.equal(formatRemaining(14_200), '15s');
  assert.equal(formatRemaining(65_000), '1m 05s');
  assert.equal(formatRemaining(2 * 3600_000 + 3 * 60_000), '2h 03m');
  assert.equal(formatRemaining(-5), '0s');
  assert.equal(imageRepository('registry:5000/team/app:2'), 'registry:5000/team/app');
  assert.equal(imageRepository('registry:5000/team/app'), 'registry:5000/team/app');
  assert.equal(imageRepository('app@sha256:abc'), 'app');
  assert.equal(imageRepository('nginx:1.27'), 'nginx');
});

test("each status gets the codicon of the plugin's icon", () => {
  const expect: Record<string, string> = {
    Healthy: 'codicon-pass',
    Progressing: 'codicon-sync codicon-modifier-spin',
    Paused: 'codicon-debug-pause',
    Degraded: 'codicon-error',
    Error: 'codicon-warning',
    InvalidSpec: 'codicon-warning',
    Unknown: 'codicon-question',
  };
  for (const [status, codicon] of Object.entries(expect)) assert.equal(lookOfIcon(rolloutIcon(status)).codicon, codicon, status);
  assert.equal(lookOfPhase('Failed').codicon, 'codicon-error');
  assert.equal(lookOfPhase('Running').tone, 'progress');
});
