// Documents of kinds no rule reads are not parsed: a file of CRDs costs a scan of its `kind:` lines. What is read
// stays exactly as before: the checked kinds (any case), their links' kinds, flow-style and duplicate-kind documents.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { DEFAULT_OPTIONS, Linter } from '../../server/src/core/engine';
import { isEmptyChunk, splitDocuments } from '../../server/src/core/documents';

const ROLLOUT = readFileSync('test/fixtures/seed/rollout.yaml', 'utf8');
const CRD = `apiVersion: apiextensions.k8s.io/v1
kind: CustomResourceDefinition
metadata:
  name: rollouts.argoproj.io
spec:
  group: argoproj.io
  names: {kind: Rollout, plural: rollouts}
  versions:
  - name: v1alpha1
    schema:
      openAPIV3Schema:
        properties:
          kind: {type: string}
`;

function parsedDocs(text: string): boolean[] {
  const linter = new Linter();
  linter.lint(text, DEFAULT_OPTIONS, 'file:///f.yaml');
  return splitDocuments(text).filter((c) => !isEmptyChunk(c.text)).map((c) => linter.cachedDocument(c.text) !== undefined);
}

test('a CRD is not parsed; a Rollout after it is, and keeps its findings and their lines', () => {
  const text = `${CRD}---\n${ROLLOUT}`;
  assert.deepEqual(parsedDocs(text), [false, true]);
  const alone = new Linter().lint(ROLLOUT, DEFAULT_OPTIONS);
  const after = new Linter().lint(text, DEFAULT_OPTIONS);
  const offset = CRD.split('\n').length;
  assert.ok(alone.length > 0);
  assert.deepEqual(after.map((f) => `${f.code}@${f.range.start.line}`), alone.map((f) => `${f.code}@${f.range.start.line + offset}`));
});

test('still read: a wrongly cased target kind, a workload, a flow-style document, two kind keys', () => {
  assert.deepEqual(parsedDocs('kind: rollout\nmetadata: {name: a}\n'), [true]);
  assert.deepEqual(parsedDocs('apiVersion: apps/v1\nkind: Deployment\nmetadata: {name: a}\n'), [true]);
  assert.deepEqual(parsedDocs('{apiVersion: v1, kind: ConfigMap, metadata: {name: a}}\n'), [true]);
  const twice = 'apiVersion: v1\nkind: ConfigMap\nkind: Service\nmetadata: {name: a}\n';
  assert.deepEqual(parsedDocs(twice), [true]);
});

test('a ConfigMap with broken YAML or template markers is no business of ours, parsed or not', () => {
  assert.deepEqual(new Linter().lint('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: [oops\n', DEFAULT_OPTIONS), []);
  assert.deepEqual(new Linter().lint('apiVersion: v1\nkind: ConfigMap\ndata:\n  a: {{ .Values.x }}\n', DEFAULT_OPTIONS), []);
});
