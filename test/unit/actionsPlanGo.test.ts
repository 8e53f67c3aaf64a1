// The Go-compatible pieces the plans rely on: time.ParseDuration, Duration.String, encoding/json, DeepDerivative.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { goDurationString, goJson, parseGoDuration, rfc3339 } from '../../extension/src/cluster/actions/planGo';
import { deepDerivative, isControlledBy, selectorMatches } from '../../extension/src/cluster/actions/planTemplate';

test('parseGoDuration accepts what time.ParseDuration accepts', () => {
  const cases: Array<[string, number]> = [
    ['0', 0],
    ['10s', 10_000],
    ['1h30m', 5_400_000],
    ['1.5h', 5_400_000],
    ['500ms', 500],
    ['-10s', -10_000],
    ['+2m', 120_000],
    ['1m0.5s', 60_500],
    ['.5s', 500],
    ['2µs', 0.002],
  ];
  for (const [text, ms] of cases) assert.equal(parseGoDuration(text), ms, text);
});

test('parseGoDuration refuses with Go error text', () => {
  const cases: Array<[string, string]> = [
    ['', 'time: invalid duration ""'],
    ['30', 'time: missing unit in duration "30"'],
    ['1d', 'time: unknown unit "d" in duration "1d"'],
    ['1 h', 'time: unknown unit " h" in duration "1 h"'],
    ['.s', 'time: invalid duration ".s"'],
    ['-', 'time: invalid duration "-"'],
  ];
  for (const [text, message] of cases) assert.throws(() => parseGoDuration(text), { message }, text);
});

test('goDurationString is time.Duration.String', () => {
  const cases: Array<[number, string]> = [
    [0, '0s'],
    [250, '250ms'],
    [10_000, '10s'],
    [90_000, '1m30s'],
    [3_600_000, '1h0m0s'],
    [1_500, '1.5s'],
    [-30_000, '-30s'],
  ];
  for (const [ms, text] of cases) assert.equal(goDurationString(ms), text, String(ms));
});

test('goJson: sorted map keys (bytewise), HTML-safe escapes, Dates as metav1.Time', () => {
  assert.equal(goJson({ b: 1, a: [true, null], Z: 'x' }, true), '{"Z":"x","a":[true,null],"b":1}');
  assert.equal(goJson({ b: 1, a: 2 }, false), '{"b":1,"a":2}');
  assert.equal(goJson('<a href="x">&\u2028', false), '"\\u003ca href=\\"x\\"\\u003e\\u0026\\u2028"');
  assert.equal(goJson({ t: new Date('2026-03-01T12:00:00.900Z'), u: undefined }, true), '{"t":"2026-03-01T12:00:00Z"}');
  assert.equal(goJson('tab\there\n', false), '"tab\\there\\n"');
  assert.equal(rfc3339(Date.parse('2026-03-01T12:00:59.999Z')), '2026-03-01T12:00:59Z');
});

test('deepDerivative ignores what the first argument leaves unset', () => {
  assert.equal(deepDerivative({ a: '', b: null, c: [], d: {} }, { a: 'x', b: 1, c: [1], d: { e: 1 } }), true);
  assert.equal(deepDerivative({ a: 1 }, { a: 1, extra: true }), true);
  assert.equal(deepDerivative([1, 2], [1, 2, 3]), true, 'a list is compared as a prefix');
  assert.equal(deepDerivative([1, 2, 3], [1, 2]), false);
  assert.equal(deepDerivative({ a: 1 }, { b: 1 }), false, 'a key of the first must exist in the second');
  assert.equal(deepDerivative({ a: null }, {}), false, 'even a null one');
  assert.equal(deepDerivative({ a: '0.5' }, { a: '500m' }), false);
  assert.equal(deepDerivative({ a: 0.5 }, { a: '0.5' }), false, 'types must match');
  assert.equal(deepDerivative({ a: false }, { a: true }), false, 'false is a value, not unset');
  assert.equal(deepDerivative({ a: 'x' }, { a: 'x' }), true);
});

test('selectorMatches and isControlledBy', () => {
  assert.equal(selectorMatches(undefined, { a: '1' }), true);
  assert.equal(selectorMatches({ matchLabels: { a: '1' } }, { a: '1', b: '2' }), true);
  assert.equal(selectorMatches({ matchLabels: { a: '1' } }, { a: '2' }), false);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, {}), true);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'NotIn', values: ['1'] }] }, { a: '1' }), false);
  assert.equal(selectorMatches({ matchExpressions: [{ key: 'a', operator: 'Exists' }] }, { a: '' }), true);
  assert.throws(() => selectorMatches({ matchExpressions: [{ key: 'a', operator: 'In', values: [] }] }, {}), /values set can't be empty/);
  const meta = { ownerReferences: [{ uid: 'u1', controller: false }, { uid: 'u2', controller: true }] };
  assert.equal(isControlledBy(meta, 'u2'), true);
  assert.equal(isControlledBy(meta, 'u1'), false);
  assert.equal(isControlledBy({}, ''), false);
});
