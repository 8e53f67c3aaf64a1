// A rule that throws must not take the document's other findings with it when the caller asks for that (the
// language server and the CLI do); without a handler the exception surfaces, so tests and the fuzz see rule bugs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Linter, DEFAULT_OPTIONS } from '../../server/src/core/engine';
import { documentRules, type DocumentRule } from '../../server/src/core/rules';

const TEXT = `apiVersion: v1
kind: Service
metadata:
  name: web
  labels: {app.kubernetes.io/nmae: web}
spec:
  ports: [{port: 80}]
`;

function withThrowingRule(run: () => void): void {
  const bad: DocumentRule = {
    id: 'always-throws',
    check() {
      throw new Error('boom');
    },
  };
  documentRules.unshift(bad);
  try {
    run();
  } finally {
    documentRules.splice(documentRules.indexOf(bad), 1);
  }
}

test('with onRuleError, a throwing rule is reported to the handler and other rules still find', () => {
  withThrowingRule(() => {
    const errors: string[] = [];
    const findings = new Linter(100, (id, err) => errors.push(`${id}: ${(err as Error).message}`)).lint(TEXT, DEFAULT_OPTIONS);
    assert.deepEqual(errors, ['always-throws: boom']);
    assert.ok(findings.some((f) => f.code === 'misspelled-label'), JSON.stringify(findings));
  });
});

test('without a handler the exception propagates', () => {
  withThrowingRule(() => {
    assert.throws(() => new Linter().lint(TEXT, DEFAULT_OPTIONS), /boom/);
  });
});
