// `kustomize-ignores-directive` (rules/patch-directives.ts) on parsed documents: every directive kustomize copies as a
// field is found, in the order of the text, at any depth (in list items, in mappings inside them); `$patch` (which
// kustomize reads) and keys that only contain a directive's name are not; an alias is not followed.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseChunk } from '../../server/src/core/documents';
import { ignoredDirectives } from '../../server/src/core/rules/patch-directives';
import { textOf } from '../lsp/client';

const found = (text: string) => ignoredDirectives(parseChunk({ text, startLine: 0 }, 0)).map((f) => `${f.range.start.line}:${textOf(text, f.range)}`);

test('every copied directive, in text order, at any depth; $patch and look-alikes are not', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata:
  name: web
  labels: {$patch: replace, app: web}
spec:
  $retainKeys: [template]
  template:
    spec:
      $setElementOrder/initContainers: [{name: a}]
      containers:
      - name: app
        $deleteFromPrimitiveList/command: [sh]
        env:
        - name: A
          $patch: delete
      - name: side
        resources:
          limits:
            $retainKeys: [cpu]
      x$retainKeys: 1
      $retainKeysX: 2
`;
  assert.deepEqual(found(text), [
    '6:$retainKeys',
    '9:$setElementOrder/initContainers',
    '12:$deleteFromPrimitiveList/command',
    '19:$retainKeys',
  ]);
  const [f] = ignoredDirectives(parseChunk({ text, startLine: 0 }, 0));
  assert.equal(f!.code, 'kustomize-ignores-directive');
  assert.equal(f!.severity, 'error');
  assert.match(f!.message, /built Deployment/);
});

test('an alias is not followed (its anchor is where the directive is written), a directive\'s value is not searched', () => {
  const text = `kind: Rollout
spec:
  strategy: &s
    $retainKeys: [canary]
  other: *s
  $setElementOrder/containers:
  - $retainKeys: [x]
`;
  assert.deepEqual(found(text), ['3:$retainKeys', '5:$setElementOrder/containers']);
});
