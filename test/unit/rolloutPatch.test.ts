// `rollout-patch-replaces-list`: a kustomize strategic-merge patch of a Rollout, in a build without the Rollout's
// schema (no `openapi:` in any kustomization of the build). Kustomize then replaces the Rollout's lists with the
// patch's as written. What `kubectl kustomize` (kustomize v5.5.0, kubectl 1.32) made of the same folders:
// - an overlay patch listing `containers: [{name: app, image: web:2}]` over a base Rollout with containers `app`
//   (ports, env A and B, resources), `istio-proxy` and `log-shipper`: the built Rollout has one container
//   `{name: app, image: web:2}`: the sidecars, and app's ports, env and resources, are gone;
// - `containers: [{name: log-shipper, $patch: delete}]`: the built Rollout's containers are exactly
//   `[{$patch: delete, name: log-shipper}]` (nothing deleted, every other container gone); `- $patch: replace` and
//   `$patch: merge` items, a `$patch: delete` in an `env` item or in a map inside a container, and in a canary
//   `steps` item, are all copied the same way; a `$patch` in a map outside any list (`labels: {$patch: delete}`) and
//   a whole-document `$patch: delete` do work;
// - the same overlays with `openapi: {path: schema.json}` (argo-schema-generator's argo_all_k8s_kustomize_schema.json)
//   merge by key: three containers, app keeps its ports and env, the `$patch: delete` removes `log-shipper`. The
//   schema declared only in the base, in a sibling resource's kustomization, or in a kustomization that includes the
//   overlay, merges by key too (kustomize reads it once per build); `openapi: {version: v1.21.2}` (a built-in
//   Kubernetes schema, no Rollout in it) replaces;
// - `configurations: [rollout-transform.yaml]` (Argo Rollouts' transformer config) instead: replaced, as without it.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, Linter } from '../../server/src/core/engine';
import type { Finding } from '../../server/src/core/types';
import { readKustomization } from '../../server/src/core/workspace/kustomize';
import { WorkspaceIndex } from '../../server/src/core/workspace/index';
import { textOf } from '../lsp/client';

const CODE = 'rollout-patch-replaces-list';
const PATCH = '/ws/overlays/prod/patch.yaml';

const BASE_ROLLOUT = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: app
        image: web:1
        ports:
        - containerPort: 8080
        env:
        - {name: A, value: "1"}
        - {name: B, value: "2"}
        resources:
          requests: {cpu: 100m}
      - name: istio-proxy
        image: proxy:1
      - name: log-shipper
        image: ship:1
      volumes:
      - name: data
        emptyDir: {}
  strategy:
    canary:
      steps:
      - setWeight: 20
`;

const ONE_CONTAINER = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: app
        image: web:2
`;

const DELETE = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
spec:
  template:
    spec:
      containers:
      - name: log-shipper
        $patch: delete
`;

const OVERLAY = 'resources:\n- ../../base\npatches:\n- path: patch.yaml\n';

/** A workspace: the base Rollout and its kustomization, the overlay's kustomization and patch, and `more` files. */
function workspace(patch: string, overlay = OVERLAY, more: Record<string, string> = {}, ready = true): WorkspaceIndex {
  const ix = new WorkspaceIndex({ roots: ['/ws'], ready });
  const files: Record<string, string> = {
    '/ws/base/kustomization.yaml': 'resources:\n- rollout.yaml\n',
    '/ws/base/rollout.yaml': BASE_ROLLOUT,
    '/ws/overlays/prod/kustomization.yaml': overlay,
    [PATCH]: patch,
    ...more,
  };
  for (const [f, text] of Object.entries(files)) ix.set(f, text);
  return ix;
}

function lint(patch: string, overlay?: string, more?: Record<string, string>, file = PATCH, ready?: boolean): Finding[] {
  const ix = workspace(patch, overlay, more, ready);
  return new Linter().lint(patch, DEFAULT_OPTIONS, file, ix).filter((f) => f.code === CODE);
}

/** `severity line:character text-of-the-range` of each finding. */
const brief = (text: string, fs: Finding[]) => fs.map((f) => `${f.severity} ${f.range.start.line}:${f.range.start.character} ${textOf(text, f.range)}`);

test('a patch listing one container: the sidecars it drops are named on the list, the fields app loses on its name', () => {
  const found = lint(ONE_CONTAINER);
  assert.deepEqual(brief(ONE_CONTAINER, found), ['warning 7:6 containers', 'warning 8:14 app']);
  assert.match(found[0]!.message, /^containers `istio-proxy`, `log-shipper` of Rollout `web` are dropped: without the Rollout's schema \(`openapi:`\) kustomize does not merge this list by key, it replaces the Rollout's as written/);
  assert.match(found[0]!.message, /`openapi: \{path: …\}`.*JSON 6902 patch/);
  assert.match(found[1]!.message, /^Container `app` of Rollout `web` loses `ports`, `env`, `resources`:/);
  // `volumes` is not written: the Rollout's stay (maps and unwritten fields merge)
  assert.ok(!found.some((f) => f.message.includes('data')));
});

test('every item written with every field: nothing; an env list with one variable fewer: that variable, on app', () => {
  const whole = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: app
        image: web:2
        ports: [{containerPort: 8080}]
        env:
        - {name: A, value: "1"}
        - {name: B, value: "2"}
        resources: {requests: {cpu: 200m}}
      - {name: istio-proxy, image: proxy:1}
      - {name: log-shipper, image: ship:1}
`;
  assert.deepEqual(lint(whole), []);
  const fewer = whole.replace('        - {name: B, value: "2"}\n', '').replace('- {name: A, value: "1"}', '- {name: A}');
  const found = lint(fewer);
  assert.deepEqual(brief(fewer, found), ['warning 7:14 app']);
  assert.match(found[0]!.message, /^Container `app` of Rollout `web` loses variable `B` of `env`, `value` of variable `A`:/);
  // one sidecar left out: one container named, in the singular
  const noShipper = whole.replace('      - {name: log-shipper, image: ship:1}\n', '');
  assert.match(lint(noShipper)[0]!.message, /^container `log-shipper` of Rollout `web` is dropped:/);
});

test('`$patch` inside a Rollout list: an error on the directive, saying it lands as written and what to do', () => {
  const found = lint(DELETE);
  assert.deepEqual(brief(DELETE, found), ['error 9:8 $patch: delete', 'warning 7:6 containers']);
  assert.match(found[0]!.message, /^This `\$patch: delete` item of `containers` lands in the Rollout as written: .*nothing is deleted: the item stays, with a `\$patch` field/);
  assert.match(found[0]!.message, /`openapi: \{path: …\}`.*write the whole list without this item.*JSON 6902 patch \(`op: remove`\)/);
  // the same list replaces the Rollout's: kubectl kustomize kept `[{$patch: delete, name: log-shipper}]` alone
  assert.match(found[1]!.message, /^containers `app`, `istio-proxy` of Rollout `web` are dropped/);

  const others = `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata:
  name: web
$patch: merge
spec:
  template:
    metadata:
      labels:
        $patch: delete
    spec:
      volumes:
      - $patch: replace
      - name: data
        emptyDir: {}
      containers:
      - name: app
        $patch: merge
        securityContext:
          $patch: delete
        env:
        - {name: A, $patch: delete}
  strategy:
    canary:
      steps:
      - {setWeight: 20, $patch: delete}
`;
  const all = lint(others);
  assert.deepEqual(
    brief(others, all).filter((b) => b.startsWith('error')),
    [
      'error 12:8 $patch: replace',
      'error 17:8 $patch: merge',
      'error 19:10 $patch: delete',
      'error 21:20 $patch: delete',
      'error 25:24 $patch: delete',
    ],
  );
  const messages = all.map((f) => f.message);
  assert.match(messages[0]!, /^This `\$patch: replace` item of `volumes`.*the list replaces the Rollout's anyway, and the directive stays in it as an item\. Remove the directive/);
  assert.match(messages[1]!, /^This `\$patch: merge` item of `containers`.*carries a `\$patch` field/);
  assert.match(messages[2]!, /^This `\$patch: delete` \(inside an item of `containers`\)/);
  assert.match(messages[3]!, /^This `\$patch: delete` item of `env`/);
  assert.match(messages[4]!, /^This `\$patch: delete` item of `steps`/);
  // a list holding `$patch: replace` means its replacement: no items named as dropped for `volumes`
  assert.ok(!messages.some((m) => m.includes('volume `data`')), messages.join('\n'));
});

test('`openapi:` with a path in the overlay, the base, a sibling, or a kustomization including the overlay: nothing', () => {
  const withSchema = `${OVERLAY}openapi:\n  path: schema.json\n`;
  for (const patch of [ONE_CONTAINER, DELETE]) {
    assert.deepEqual(lint(patch, withSchema), []);
    assert.deepEqual(lint(patch, OVERLAY, { '/ws/base/kustomization.yaml': 'resources: [rollout.yaml]\nopenapi: {path: ../schema.json}\n' }), []);
    assert.deepEqual(
      lint(patch, 'resources: [../../base, ../../shared]\npatches: [{path: patch.yaml}]\n', {
        '/ws/shared/kustomization.yaml': 'resources: [cm.yaml]\nopenapi: {path: schema.json}\n',
        '/ws/shared/cm.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: c}\n',
      }),
      [],
    );
    assert.deepEqual(lint(patch, OVERLAY, { '/ws/clusters/eu/kustomization.yaml': 'resources: [../../overlays/prod]\nopenapi: {path: schema.json}\n' }), []);
  }
  // `openapi: {version: …}` picks a built-in Kubernetes schema, which has no Rollout: still replaced
  assert.equal(lint(ONE_CONTAINER, `${OVERLAY}openapi:\n  version: v1.21.2\n`).length, 2);
});

test('`configurations:` (transformer configs) does not change it: still reported, and the message says so', () => {
  const found = lint(ONE_CONTAINER, `${OVERLAY}configurations:\n- rollout-transform.yaml\n`);
  assert.equal(found.length, 2);
  assert.match(found[0]!.message, /`configurations:` does not give it: transformer configs say nothing of merge keys/);
  assert.match(lint(DELETE, `${OVERLAY}configurations: [rollout-transform.yaml]\n`)[0]!.message, /`configurations:` does not give it/);
});

test('not ours: a Deployment patch, another group\'s Rollout, a whole manifest, a JSON 6902 patch, the first scan', () => {
  const deployment = ONE_CONTAINER.replace('argoproj.io/v1alpha1\nkind: Rollout', 'apps/v1\nkind: Deployment');
  assert.deepEqual(lint(deployment, OVERLAY, { '/ws/base/deploy.yaml': BASE_ROLLOUT.replace('argoproj.io/v1alpha1\nkind: Rollout', 'apps/v1\nkind: Deployment') }), []);
  assert.deepEqual(lint(DELETE.replace('argoproj.io/v1alpha1', 'example.com/v1')), []);
  // the same text as a whole manifest (no kustomization lists it)
  assert.deepEqual(lint(DELETE, 'resources: [../../base]\n'), []);
  // listed as a JSON 6902 patch: operations, not a manifest
  assert.deepEqual(lint(DELETE, 'resources: [../../base]\npatchesJson6902:\n- {target: {kind: Rollout, name: web}, path: patch.yaml}\n'), []);
  // a `patches:` entry whose target is of another kind
  assert.deepEqual(lint(DELETE, 'resources: [../../base]\npatches:\n- {path: patch.yaml, target: {kind: Deployment}}\n'), []);
  // while the workspace is first read, a kustomization not read yet may declare `openapi:`
  assert.deepEqual(lint(DELETE, OVERLAY, {}, PATCH, false), []);
});

test('a target that is not certain: the directive still, no dropped items', () => {
  const directiveOnly = (fs: Finding[]) => fs.map((f) => f.severity);
  // the base is remote: it may declare `openapi:` itself (kustomize reads it for the whole build): nothing at all
  assert.deepEqual(lint(DELETE, 'resources:\n- https://github.com/example/app//base?ref=v1\npatches:\n- path: patch.yaml\n'), []);
  // no Rollout `web` in the build (another name)
  assert.deepEqual(directiveOnly(lint(DELETE.replace('name: web', 'name: api'))), ['error']);
  assert.deepEqual(lint(ONE_CONTAINER.replace('name: web', 'name: api')), []);
  // another patch of the same Rollout in the build may change its list first
  const two = `${OVERLAY}- path: replicas.yaml\n`;
  const replicas = { '/ws/overlays/prod/replicas.yaml': 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nmetadata: {name: web}\nspec: {replicas: 3}\n' };
  assert.deepEqual(directiveOnly(lint(DELETE, two, replicas)), ['error']);
  assert.deepEqual(lint(ONE_CONTAINER, two, replicas), []);
  // so does an inline patch, or one selecting Rollouts by label
  assert.deepEqual(lint(ONE_CONTAINER, `${OVERLAY}- patch: '[{"op": "add", "path": "/spec/replicas", "value": 3}]'\n  target: {kind: Rollout}\n`), []);
  // a patch of another object leaves the target certain
  const other = { '/ws/overlays/prod/replicas.yaml': 'apiVersion: v1\nkind: ConfigMap\nmetadata: {name: web}\ndata: {a: b}\n' };
  assert.equal(lint(ONE_CONTAINER, two, other).length, 2);
  assert.equal(lint(ONE_CONTAINER, `${OVERLAY}- {path: svc.yaml, target: {kind: Service, name: web}}\n`).length, 2);
  // a `patches:` entry with a target: the target's name, not the document's, says which Rollout
  const targeted = 'resources: [../../base]\npatches:\n- path: patch.yaml\n  target: {kind: Rollout, name: web}\n';
  assert.equal(lint(ONE_CONTAINER.replace('name: web', 'name: anything'), targeted).length, 2);
  const byLabel = 'resources: [../../base]\npatches:\n- path: patch.yaml\n  target: {kind: Rollout, labelSelector: app=web}\n';
  assert.deepEqual(lint(ONE_CONTAINER, byLabel), []);
  assert.deepEqual(directiveOnly(lint(DELETE, byLabel)), ['error']);
});

test('the kustomization\'s facts: openapi, configurations, resources, inline patches and targets', () => {
  const k = readKustomization(
    '/ws/overlays/prod/kustomization.yaml',
    `resources:
- ../../base
- rollout.yaml
- github.com/example/app//base?ref=v1
- https://example.com/raw/svc.yaml
components: [../../components/canary]
openapi:
  path: schema.json
configurations: [rollout-transform.yaml]
patches:
- path: patch.yaml
  target: {kind: Rollout, name: web}
- path: any.yaml
  target: {kind: Rollout, name: "web-.*"}
- patch: |-
    apiVersion: v1
    kind: Service
    metadata: {name: x}
  target: {kind: Service}
patchesStrategicMerge:
- |-
  kind: Rollout
`,
  );
  assert.deepEqual(k.resources, ['/ws/base', '/ws/overlays/prod/rollout.yaml', '/ws/components/canary']);
  assert.equal(k.remote, true);
  assert.equal(k.openapi, true);
  assert.equal(k.configurations, true);
  assert.deepEqual(k.patches, [
    { file: '/ws/overlays/prod/patch.yaml', type: 'auto', target: { kind: 'Rollout', name: 'web' } },
    { file: '/ws/overlays/prod/any.yaml', type: 'auto', target: { kind: 'Rollout' } },
  ]);
  assert.deepEqual(k.inline, [{ kind: 'Service' }, {}]);
  const plain = readKustomization('/ws/k/kustomization.yaml', 'resources: [a.yaml, https://example.com/b.yaml]\nopenapi: {version: v1.21.2}\n');
  assert.deepEqual([plain.remote, plain.openapi, plain.configurations], [false, false, false]);
});

test('the index: the base Rollout\'s lists are read, its change and a kustomization\'s `openapi:` re-check the patch', () => {
  const ix = workspace(ONE_CONTAINER);
  const [rollout] = ix.objectsOf('/ws/base/rollout.yaml');
  assert.deepEqual(
    rollout!.podLists?.containers?.map((c) => [c.key, c.fields?.join(' '), Object.keys(c.lists ?? {}).join(' ')]),
    [
      ['app', 'name image ports env resources', 'ports env'],
      ['istio-proxy', 'name image', ''],
      ['log-shipper', 'name image', ''],
    ],
  );
  assert.deepEqual(rollout!.podLists?.volumes?.map((v) => v.key), ['data']);
  // a sidecar added to the base: the open patch's findings change
  const affected = ix.set('/ws/base/rollout.yaml', BASE_ROLLOUT.replace('      volumes:', '      - name: vault\n        image: vault:1\n      volumes:'));
  assert.deepEqual(affected, new Set([PATCH]));
  assert.match(new Linter().lint(ONE_CONTAINER, DEFAULT_OPTIONS, PATCH, ix)[0]!.message, /`istio-proxy`, `log-shipper`, `vault`/);
  // `openapi:` added to the overlay: every open document is re-checked, and the patch is merged by key
  assert.equal(ix.set('/ws/overlays/prod/kustomization.yaml', `${OVERLAY}openapi: {path: schema.json}\n`), 'all');
  assert.deepEqual(ix.patchBuilds(PATCH, 'Rollout', 'web').map((b) => b.openapi), [true]);
  assert.deepEqual(new Linter().lint(ONE_CONTAINER, DEFAULT_OPTIONS, PATCH, ix).filter((f) => f.code === CODE), []);
});
