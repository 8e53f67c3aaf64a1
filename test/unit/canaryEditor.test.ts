// The pure editor helpers behind hover, completion and the outline: the path of the line being typed (read from the
// lines above, as the line itself rarely parses), the path under the cursor in a parsed document, field descriptions,
// and completion's choices on text that does not parse.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { execFileSync } from 'node:child_process';
import { completeAt, parentPath } from '../../server/src/core/editor/completion';
import { targetAt } from '../../server/src/core/editor/cursor';
import { describeField } from '../../server/src/core/editor/descriptions';
import { docAt } from '../../server/src/core/editor/parse';
import { parseDocuments } from '../../server/src/core/documents';
import { hoverAt } from '../../server/src/core/editor/hover';

const ROLLOUT = readFileSync('test/fixtures/seed/rollout.yaml', 'utf8');

test('parentPath: keys, list items (indented and not), a new item, and a key continuing an item', () => {
  const text = `apiVersion: v1
kind: Service
spec:
  ports:
  - name: http
    port: 80
  - name: grpc
    X
  selector:
    app: a
strategy:
  canary:
    steps:
    - setWeight: 20
    - pause: {}
    -`;
  const lines = text.split('\n');
  assert.deepEqual(parentPath(lines, 7, 4), ['spec', 'ports', 1]); // continuing the second item
  assert.deepEqual(parentPath(lines, 9, 4), ['spec', 'selector']);
  assert.deepEqual(parentPath(lines, 8, 2), ['spec']);
  assert.deepEqual(parentPath(lines, 10, 0), []);
  assert.deepEqual(parentPath(lines, 15, 6, 4), ['strategy', 'canary', 'steps', 2]); // `- ` starts the third step
  // an indentless list (the dash at the key's column)
  const flat = 'steps:\n- setWeight: 20\n- pause: {}\n  ';
  assert.deepEqual(parentPath(flat.split('\n'), 3, 2), ['steps', 1]);
  // a document marker ends the search
  assert.deepEqual(parentPath(['a:', '  b: 1', '---', '  c'], 3, 2), []);
});

test('targetAt: the path of a key and of a value, through flow mappings', () => {
  const docs = parseDocuments(ROLLOUT);
  const find = (needle: string, dx: number) => docAt(docs, { line: ROLLOUT.split('\n').findIndex((l) => l.includes(needle)), character: ROLLOUT.split('\n').find((l) => l.includes(needle))!.indexOf(needle) + dx })!;
  const onKey = find('setWeight: 40', 1);
  assert.deepEqual(targetAt(onKey.md, onKey.offset), { ...targetAt(onKey.md, onKey.offset)!, path: ['spec', 'strategy', 'canary', 'steps', 2, 'setWeight'], onKey: true });
  const inFlow = find('pause: {duration: 20}', 10);
  const t = targetAt(inFlow.md, inFlow.offset)!;
  assert.deepEqual([t.path, t.onKey], [['spec', 'strategy', 'canary', 'steps', 3, 'pause', 'duration'], true]);
  const value = find('image:', 10);
  const v = targetAt(value.md, value.offset)!;
  assert.deepEqual([v.path, v.onKey], [['spec', 'template', 'spec', 'containers', 0, 'image'], false]);
});

test('describeField: Kubernetes definitions for Service/HPA and the Rollout template, the Rollout table for its own fields', () => {
  assert.match(describeField('v1', 'Service', ['spec', 'ports', 0, 'targetPort'])!, /Number or name of the port to access on the pods/);
  assert.match(describeField('autoscaling/v2', 'HorizontalPodAutoscaler', ['spec', 'behavior'])!, /behavior configures the scaling behavior/);
  assert.equal(describeField('autoscaling/v2beta1', 'HorizontalPodAutoscaler', ['spec', 'behavior']), undefined); // not in v2beta1
  assert.match(describeField('argoproj.io/v1alpha1', 'Rollout', ['spec', 'template', 'spec', 'containers', 0, 'image'])!, /Container image name/);
  assert.match(describeField('argoproj.io/v1alpha1', 'Rollout', ['metadata', 'labels'])!, /Map of string keys and values/);
  assert.match(describeField('argoproj.io/v1alpha1', 'Rollout', ['spec', 'strategy', 'canary', 'maxSurge'])!, /rounded up\. Default 25 %/);
  assert.equal(describeField('argoproj.io/v1alpha1', 'Rollout', ['spec', 'nonsense']), undefined);
});

test('completion while the line being typed breaks the document: the schema at the path from the lines above', () => {
  const text = ROLLOUT.replace('  revisionHistoryLimit: 2', '  rev\n  revisionHistoryLimit: 2');
  const line = text.split('\n').indexOf('  rev');
  assert.equal(parseDocuments(text)[0]!.doc.errors.length, 1);
  const labels = completeAt({ text, docs: parseDocuments(text), minor: 36 }, { line, character: 5 }).map((e) => e.label);
  assert.ok(labels.includes('progressDeadlineSeconds') && labels.includes('replicas'), JSON.stringify(labels));
  const entry = completeAt({ text, docs: parseDocuments(text), minor: 36 }, { line, character: 5 }).find((e) => e.label === 'replicas')!;
  assert.equal(entry.detail, 'integer');
  assert.match(entry.documentation!, /Defaults to 1/);
  // nothing to offer inside a comment or a quoted value
  assert.deepEqual(completeAt({ text: '# a comment', docs: parseDocuments('# a comment'), minor: 36 }, { line: 0, character: 5 }), []);
});

test('hover outside any document, and on a plain value, says nothing', () => {
  const docs = parseDocuments(ROLLOUT);
  assert.equal(hoverAt({ docs, findings: [] }, { line: 0, character: 0 }), undefined);
  const line = ROLLOUT.split('\n').findIndex((l) => l.includes('image:'));
  assert.equal(hoverAt({ docs, findings: [] }, { line, character: 20 }), undefined);
});

test('the generated field descriptions are those of the schemas in schemas/ (node scripts/gen-descriptions.mjs --check)', () => {
  execFileSync(process.execPath, ['scripts/gen-descriptions.mjs', '--check'], { stdio: 'pipe' });
});
