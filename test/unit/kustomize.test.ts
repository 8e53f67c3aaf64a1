// Which files a kustomization lists as patches (kustomize.ts), and how the workspace index treats them: no object of
// their own for the links, `patchOf` for the engine, and a kustomization that comes, changes or goes re-registers the
// files it names and concerns every open document.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { canonicalFile, isOperationList, readKustomization, resolveFrom } from '../../server/src/core/workspace/kustomize';
import { WorkspaceIndex } from '../../server/src/core/workspace/index';

const patchesOf = (file: string, text: string) => readKustomization(file, text).patches.map((p) => `${p.type} ${p.file}`);

test('reads patches[].path, patchesStrategicMerge[] and patchesJson6902[].path, relative to the kustomization, `..` allowed', () => {
  const text = `apiVersion: kustomize.config.k8s.io/v1beta1
kind: Kustomization
resources:
- ../../base
patches:
- path: rollout-patch.yaml
- path: ./svc.yaml
  target:
    kind: Service
    name: web
- patch: |-
    apiVersion: v1
    kind: Service
    metadata: {name: inline}
- target: {kind: Rollout}
  patch: '[{"op": "replace", "path": "/spec/replicas", "value": 3}]'
patchesStrategicMerge:
- hpa.yaml
- ../shared/limits.yaml
- |-
  apiVersion: v1
  kind: Service
  metadata:
    name: inline-smp
patchesJson6902:
- target: {group: argoproj.io, version: v1alpha1, kind: Rollout, name: web}
  path: patches/replicas.yaml
`;
  assert.deepEqual(patchesOf('/ws/overlays/prod/kustomization.yaml', text), [
    'auto /ws/overlays/prod/rollout-patch.yaml',
    'auto /ws/overlays/prod/svc.yaml',
    'json6902 /ws/overlays/prod/patches/replicas.yaml',
    'strategic /ws/overlays/prod/hpa.yaml',
    'strategic /ws/overlays/shared/limits.yaml',
  ]);
  const k = readKustomization('/ws/overlays/prod/kustomization.yaml', text);
  assert.equal(k.relabels, true); // patches may add labels: the Service links keep saying nothing there
  assert.equal(k.renames, false);
});

test('a Component lists patches the same way; flow style, a BOM and CRLF line ends are read', () => {
  const component = '\uFEFFapiVersion: kustomize.config.k8s.io/v1alpha1\r\nkind: Component\r\npatches: [{path: canary.yaml}]\r\n';
  assert.deepEqual(patchesOf('/ws/components/canary/kustomization.yaml', component), ['auto /ws/components/canary/canary.yaml']);
});

test('no patch files: none listed, inline only, remote, broken YAML, an alias bomb, a list instead of a mapping', () => {
  assert.deepEqual(patchesOf('/ws/k/kustomization.yaml', 'resources: [a.yaml]\nnamePrefix: x-\n'), []);
  assert.deepEqual(patchesOf('/ws/k/kustomization.yaml', 'patches:\n- patch: "apiVersion: v1\\nkind: Service"\n'), []);
  assert.deepEqual(patchesOf('/ws/k/kustomization.yaml', 'patchesStrategicMerge:\n- https://example.com/p.yaml\n'), []);
  assert.deepEqual(patchesOf('/ws/k/kustomization.yaml', 'patches:\n- path: [unclosed\n'), []);
  const bomb = `a: &a [x, x, x, x, x, x, x, x, x]\nb: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]\nc: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]\nd: [*c, *c, *c, *c, *c, *c, *c, *c, *c]\npatches:\n- path: p.yaml\n`;
  assert.deepEqual(patchesOf('/ws/k/kustomization.yaml', bomb), []);
  assert.deepEqual(patchesOf('/ws/k/kustomization.yaml', '- patches\n'), []);
});

test('names resolve in the spelling of the kustomization: paths, Windows paths and encoded file: URIs', () => {
  assert.equal(resolveFrom('/ws/overlays/prod/kustomization.yaml', '../../base/./p.yaml'), '/ws/base/p.yaml');
  assert.equal(resolveFrom('/ws/kustomization.yaml', '../../../p.yaml'), '/p.yaml'); // not above the root
  assert.equal(resolveFrom('overlays/kustomization.yaml', '../../p.yaml'), '../p.yaml');
  assert.equal(resolveFrom('C:\\ws\\prod\\kustomization.yaml', '..\\base\\p.yaml'), 'C:/ws/base/p.yaml');
  assert.equal(resolveFrom('file:///c%3A/my%20ws/prod/kustomization.yaml', '../base/p (1).yaml'), 'file:///c:/my ws/base/p (1).yaml');
  assert.equal(resolveFrom('file:///ws/k/kustomization.yaml', '/abs/p.yaml'), 'file:///abs/p.yaml');
  assert.equal(resolveFrom('/ws/k/kustomization.yaml', 'https://example.com/p.yaml'), undefined);
  // the client's spelling and the index's meet
  assert.equal(canonicalFile('file:///C:/my%20ws/p%28x%29.yaml'), canonicalFile('file:///c%3A/my ws/p(x).yaml'));
  assert.equal(canonicalFile('C:\\ws\\p.yaml'), 'C:/ws/p.yaml');
});

test('a JSON-patch operation list is told by its first content line', () => {
  assert.equal(isOperationList('# ops\n---\n- op: replace\n  path: /spec/replicas\n  value: 3\n'), true);
  assert.equal(isOperationList('[{"op": "remove", "path": "/spec/replicas"}]'), true);
  assert.equal(isOperationList('\uFEFF-\n  op: remove\n'), true);
  assert.equal(isOperationList('apiVersion: v1\nkind: Service\n'), false);
  assert.equal(isOperationList('{kind: Service}'), false);
  assert.equal(isOperationList('--- # a doc\n# nothing\n'), false);
});

const KUSTOMIZATION = `resources: [../../base]
patches:
- path: rollout-patch.yaml
- path: ops.yaml
patchesStrategicMerge: [svc-patch.yaml]
patchesJson6902:
- {target: {kind: Rollout, name: web}, path: json.yaml}
`;
const ROLLOUT_PATCH = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata:\n  name: web\nspec:\n  replicas: 10\n';
const SVC_PATCH = 'apiVersion: v1\nkind: Service\nmetadata:\n  name: web\nspec:\n  selector: {app: web}\n';
const OPS = '- op: replace\n  path: /spec/replicas\n  value: 3\n';
const HPA = `apiVersion: autoscaling/v2
kind: HorizontalPodAutoscaler
metadata:
  name: web
spec:
  scaleTargetRef: {apiVersion: argoproj.io/v1alpha1, kind: Rollout, name: web}
  maxReplicas: 5
`;

test('the index: patch files are no objects of their own; patchOf says which are patches and of which kind', () => {
  const ix = new WorkspaceIndex({ roots: ['/ws'] });
  ix.set('/ws/overlays/prod/rollout-patch.yaml', ROLLOUT_PATCH);
  ix.set('/ws/overlays/prod/svc-patch.yaml', SVC_PATCH);
  ix.set('/ws/overlays/prod/ops.yaml', OPS);
  ix.set('/ws/overlays/prod/json.yaml', OPS);
  ix.set('/ws/hpa.yaml', HPA);
  // no kustomization yet: they are objects like any other
  assert.equal(ix.find('Rollout', 'web').length, 1);
  assert.equal(ix.referrers('Rollout', 'web').length, 1);
  assert.equal(ix.patchOf('/ws/overlays/prod/rollout-patch.yaml'), undefined);

  // the kustomization comes after its patches (the first read goes in any order): every open document is concerned
  assert.equal(ix.set('/ws/overlays/prod/kustomization.yaml', KUSTOMIZATION), 'all');
  assert.deepEqual(ix.find('Rollout', 'web'), []);
  assert.deepEqual(ix.find('Service', 'web'), []);
  assert.deepEqual([...ix.labelled([['app', 'web']])], []);
  assert.equal(ix.patchOf('/ws/overlays/prod/rollout-patch.yaml'), 'strategic');
  assert.equal(ix.patchOf('/ws/overlays/prod/svc-patch.yaml'), 'strategic');
  assert.equal(ix.patchOf('/ws/overlays/prod/ops.yaml'), 'json6902'); // under `patches:`, the content decides
  assert.equal(ix.patchOf('/ws/overlays/prod/json.yaml'), 'json6902');
  assert.equal(ix.patchOf('/ws/hpa.yaml'), undefined);
  assert.equal(ix.patchOf('/ws/overlays/prod/kustomization.yaml'), undefined);

  // editing a patch concerns no other file; an edit that turns it into operations makes it a JSON 6902 patch
  assert.deepEqual(ix.set('/ws/overlays/prod/rollout-patch.yaml', ROLLOUT_PATCH.replace('10', '12'), true), new Set());
  ix.set('/ws/overlays/prod/rollout-patch.yaml', OPS, true);
  assert.equal(ix.patchOf('/ws/overlays/prod/rollout-patch.yaml'), 'json6902');
  ix.set('/ws/overlays/prod/rollout-patch.yaml', ROLLOUT_PATCH, true);
  assert.deepEqual(ix.find('Rollout', 'web'), []);

  // the same kustomization again: nothing changed
  assert.notEqual(ix.set('/ws/overlays/prod/kustomization.yaml', KUSTOMIZATION), 'all');
  // a changed list: the file it drops is an object again
  assert.equal(ix.set('/ws/overlays/prod/kustomization.yaml', KUSTOMIZATION.replace('- path: rollout-patch.yaml\n', '')), 'all');
  assert.equal(ix.find('Rollout', 'web').length, 1);
  assert.equal(ix.patchOf('/ws/overlays/prod/rollout-patch.yaml'), undefined);
  assert.equal(ix.patchOf('/ws/overlays/prod/svc-patch.yaml'), 'strategic');

  // the kustomization deleted: no patches at all
  assert.equal(ix.delete('/ws/overlays/prod/kustomization.yaml'), 'all');
  assert.equal(ix.find('Service', 'web').length, 1);
  assert.equal(ix.patchOf('/ws/overlays/prod/svc-patch.yaml'), undefined);
  // deleting a patch file leaves the other files alone, and the index consistent
  ix.set('/ws/overlays/prod/kustomization.yaml', KUSTOMIZATION);
  assert.deepEqual(ix.delete('/ws/overlays/prod/svc-patch.yaml'), new Set());
  ix.delete('/ws/overlays/prod/kustomization.yaml');
  assert.deepEqual(ix.find('Service', 'web'), []);
  assert.equal(ix.find('Rollout', 'web').length, 1);
});

test('the index: a patch in a base folder listed from an overlay (`..`), by file: URIs spelled another way', () => {
  const ix = new WorkspaceIndex({ roots: ['file:///c%3A/ws'] });
  ix.set('file:///c%3A/ws/patches/rollout%20patch.yaml', ROLLOUT_PATCH);
  ix.set('file:///c%3A/ws/overlays/prod/kustomization.yaml', 'patchesStrategicMerge:\n- ../../patches/rollout patch.yaml\n');
  assert.deepEqual(ix.find('Rollout', 'web'), []);
  // the client's spelling of the same file
  assert.equal(ix.patchOf('file:///C:/ws/patches/rollout%20patch.yaml'), 'strategic');
});
