// Reading rolloutPilot settings: defaults for missing values, defaults plus one problem per bad value.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_SETTINGS, parseSettings, toLintOptions } from '../../server/src/lsp/settings';

test('missing values take the base; valid values are taken', () => {
  assert.deepEqual(parseSettings(undefined), { settings: DEFAULT_SETTINGS, problems: [] });
  assert.deepEqual(parseSettings({}), { settings: DEFAULT_SETTINGS, problems: [] });
  const base = { kubernetesVersion: '1.29', schemaDiagnostics: false, maxFileSizeKb: 100, rules: {} };
  assert.deepEqual(parseSettings({ maxFileSizeKb: 200, kubernetesVersion: null }, base).settings, { ...base, maxFileSizeKb: 200 });
  assert.deepEqual(parseSettings({ kubernetesVersion: '1.21', schemaDiagnostics: false }).settings, {
    ...DEFAULT_SETTINGS,
    kubernetesVersion: '1.21',
    schemaDiagnostics: false,
  });
});

test('versions copied from kubectl are read as 1.X', () => {
  for (const [raw, want] of [['v1.30', '1.30'], ['1.30.2', '1.30'], [' 1.9 ', '1.9'], ['v1.036', '1.36']] as const) {
    assert.equal(parseSettings({ kubernetesVersion: raw }).settings.kubernetesVersion, want, raw);
  }
});

test('invalid values fall back to the default, each with a located message', () => {
  const r = parseSettings({ kubernetesVersion: '2.0', schemaDiagnostics: 'no', maxFileSizeKb: 10 }, {
    kubernetesVersion: '1.29',
    schemaDiagnostics: false,
    maxFileSizeKb: 100,
    rules: {},
  });
  assert.deepEqual(r.settings, DEFAULT_SETTINGS);
  assert.equal(r.problems.length, 3);
  assert.match(r.problems[0]!, /rolloutPilot\.kubernetesVersion .*"2\.0".*using "1\.36"/);
  assert.match(r.problems[1]!, /rolloutPilot\.schemaDiagnostics .*"no"/);
  assert.match(r.problems[2]!, /rolloutPilot\.maxFileSizeKb .*at least 64.*10/);
  for (const bad of [Number.NaN, '5120', -1]) assert.equal(parseSettings({ maxFileSizeKb: bad }).problems.length, 1, String(bad));
  assert.equal(parseSettings('1.30').problems.length, 1);
});

test('lint options: KB become characters', () => {
  assert.deepEqual(toLintOptions({ kubernetesVersion: '1.30', schemaDiagnostics: false, maxFileSizeKb: 64, rules: {} }), {
    kubernetesVersion: '1.30',
    schemaDiagnostics: false,
    maxTextLength: 65536,
  });
});

test('rule levels: each entry on its own; bad levels dropped with a problem, unknown codes kept with a note', () => {
  const r = parseSettings({ rules: { 'argo-max-surge': 'off', 'unknown-topology-key': 'Info', 'argo-step': 'loud', 'no-such-rule': 'error' } });
  assert.deepEqual(r.settings.rules, { 'argo-max-surge': 'off', 'unknown-topology-key': 'information', 'no-such-rule': 'error' });
  assert.equal(r.problems.length, 1);
  assert.match(r.problems[0]!, /rolloutPilot\.rules: "argo-step" must be one of off, error, warning, information, hint \(got "loud"\)/);
  assert.match(r.notes!.join('\n'), /"no-such-rule" is not a rule code/);
  assert.equal(parseSettings({ rules: ['argo-step'] }).problems.length, 1);
  assert.deepEqual(toLintOptions(r.settings).rules, r.settings.rules);
});
