// `missing-merge-key`: an item of a keyed list (containers by `name`, a container's ports by `containerPort`, a
// Service's ports by `port`, …) in a kustomize strategic-merge patch that lacks its merge key, located on the item's
// first key. Only in patches: the same text as a whole manifest gets the schema's `missing-required` instead, once.
// Strategic-merge directives (`$patch: replace` lists, `$patch: delete` items with their key) are valid.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { DEFAULT_OPTIONS, Linter } from '../../server/src/core/engine';
import type { Finding } from '../../server/src/core/types';
import { WorkspaceIndex } from '../../server/src/core/workspace/index';
import { textOf } from '../lsp/client';

const DIR = '/ws/overlays/prod';

/** `text` as a patch file, listed by `kustomization`; `null`: no kustomization, a whole manifest. */
function lint(text: string, kustomization: string | null = 'patches:\n- path: patch.yaml\n'): Finding[] {
  const ix = new WorkspaceIndex({ roots: ['/ws'] });
  if (kustomization !== null) ix.set(`${DIR}/kustomization.yaml`, kustomization);
  ix.set(`${DIR}/patch.yaml`, text);
  return new Linter().lint(text, DEFAULT_OPTIONS, `${DIR}/patch.yaml`, ix);
}

/** `code line:character text-of-the-range` of each finding. */
const brief = (text: string, fs: Finding[]) => fs.map((f) => `${f.code} ${f.range.start.line}:${f.range.start.character} ${textOf(text, f.range)}`);
const keyless = (text: string, kustomization?: string | null) => brief(text, lint(text, kustomization).filter((f) => f.code === 'missing-merge-key'));

const DEPLOYMENT = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
        - image: web:2      # no name: kustomize cannot match it
`;

test('a Deployment patch: a container without its name is an error on its first key, saying what kustomize does', () => {
  const found = lint(DEPLOYMENT);
  assert.deepEqual(brief(DEPLOYMENT, found), ['missing-merge-key 7:10 image']);
  assert.equal(found[0]!.severity, 'error');
  assert.match(found[0]!.message, /container of `containers` has no `name`.*kustomize drops this container.*refuses/);
  // with its name, nothing
  assert.deepEqual(lint(DEPLOYMENT.replace('- image: web:2', '- name: web\n          image: web:2')), []);
});

test('the same text as a whole manifest: the schema says `name` is missing, this rule says nothing (no duplicate)', () => {
  for (const text of [DEPLOYMENT.replace('apps/v1\nkind: Deployment', 'argoproj.io/v1alpha1\nkind: Rollout'), DEPLOYMENT]) {
    const codes = lint(text, null).map((f) => f.code);
    assert.ok(!codes.includes('missing-merge-key'), String(codes));
  }
  const rollout = lint(DEPLOYMENT.replace('apps/v1\nkind: Deployment', 'argoproj.io/v1alpha1\nkind: Rollout'), null);
  assert.equal(rollout.filter((f) => f.message.includes('`name`')).length, 1, rollout.map((f) => f.message).join('\n'));
  // a JSON 6902 patch file is operations, not a manifest
  assert.deepEqual(lint(DEPLOYMENT, 'patchesJson6902:\n- {target: {kind: Deployment, name: web}, path: patch.yaml}\n'), []);
  // listed under patchesStrategicMerge: a patch as well
  assert.deepEqual(keyless(DEPLOYMENT, 'patchesStrategicMerge: [patch.yaml]\n'), ['missing-merge-key 7:10 image']);
});

const EVERY_LIST = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: main
            ports: [{name: http}]
            env:
            - value: "1"
            volumeMounts: [{name: data}]
            volumeDevices: [{name: raw}]
          - {}
          initContainers: [{image: init:1}]
          ephemeralContainers: [{image: debug:1}]
          volumes: [{emptyDir: {}}]
          imagePullSecrets: [{}]
          hostAliases: [{hostnames: [db]}]
          topologySpreadConstraints: [{maxSkew: 1, whenUnsatisfiable: DoNotSchedule}]
          schedulingGates: [{}]
          resourceClaims: [{resourceClaimName: gpu}]
          tolerations: [{operator: Exists}]
`;

test('every keyed list of the pod spec and the container (CronJob path); lists without a merge key are not judged', () => {
  assert.deepEqual(keyless(EVERY_LIST), [
    'missing-merge-key 10:21 name',
    'missing-merge-key 12:14 value',
    'missing-merge-key 13:28 name',
    'missing-merge-key 14:29 name',
    'missing-merge-key 15:12 {}',
    'missing-merge-key 16:28 image',
    'missing-merge-key 17:33 image',
    'missing-merge-key 18:21 emptyDir',
    'missing-merge-key 19:29 {}',
    'missing-merge-key 20:25 hostnames',
    'missing-merge-key 21:39 maxSkew',
    'missing-merge-key 22:28 {}',
    'missing-merge-key 23:28 resourceClaimName',
  ]);
  const messages = lint(EVERY_LIST).map((f) => f.message);
  assert.ok(messages.some((m) => m.startsWith('This port of `ports` has no `containerPort`')), messages.join('\n'));
  // an image pull secret without a name is accepted by the API server: the message does not say it is refused
  assert.ok(messages.some((m) => m.startsWith('This secret of `imagePullSecrets`') && !m.includes('API server')));
  // the same lists, complete
  const complete = `apiVersion: batch/v1
kind: CronJob
metadata: {name: nightly}
spec:
  jobTemplate:
    spec:
      template:
        spec:
          containers:
          - name: main
            ports: [{containerPort: 8080}]
            env: [{name: A, value: "1"}]
            volumeMounts: [{name: data, mountPath: /data}]
          volumes: [{name: data, emptyDir: {}}]
          imagePullSecrets: [{name: registry}]
          hostAliases: [{ip: 10.0.0.1, hostnames: [db]}]
          topologySpreadConstraints: [{topologyKey: topology.kubernetes.io/zone, maxSkew: 1, whenUnsatisfiable: DoNotSchedule}]
`;
  assert.deepEqual(lint(complete), []);
});

test('each workload kind at its own path, Pod and Service; a Service of another group is not ours', () => {
  const pod = (apiVersion: string, kind: string, indent: string, head: string) =>
    `apiVersion: ${apiVersion}\nkind: ${kind}\nmetadata: {name: web}\n${head}${indent}containers:\n${indent}- image: web:2\n`;
  const template = 'spec:\n  template:\n    spec:\n';
  for (const [apiVersion, kind] of [['apps/v1', 'StatefulSet'], ['apps/v1', 'DaemonSet'], ['apps/v1', 'ReplicaSet'], ['batch/v1', 'Job'], ['extensions/v1beta1', 'Deployment']]) {
    assert.deepEqual(keyless(pod(apiVersion!, kind!, '      ', template)), ['missing-merge-key 7:8 image'], kind);
  }
  assert.deepEqual(keyless(pod('v1', 'Pod', '  ', 'spec:\n')), ['missing-merge-key 5:4 image']);
  assert.deepEqual(keyless(pod('v1', 'PodTemplate', '    ', 'template:\n  spec:\n')), ['missing-merge-key 6:6 image']);
  // a Deployment path written in a Pod, a custom resource that happens to be called Deployment: not judged
  assert.deepEqual(keyless(pod('v1', 'Pod', '      ', template)), []);
  assert.deepEqual(keyless(pod('example.com/v1', 'Deployment', '      ', template)), []);

  const service = `apiVersion: v1
kind: Service
metadata: {name: web}
spec:
  ports:
  - port: 80
    targetPort: 8080
  - targetPort: 8443
    name: https
`;
  const found = lint(service);
  assert.deepEqual(brief(service, found), ['missing-merge-key 7:4 targetPort']);
  assert.match(found[0]!.message, /^This port of `ports` has no `port`/);
  assert.deepEqual(keyless(service.replace('apiVersion: v1', 'apiVersion: serving.knative.dev/v1')), []);
});

test('a Rollout patch: the message says the list replaces the Rollout\'s (no schema without `openapi:`)', () => {
  const rollout = DEPLOYMENT.replace('apps/v1\nkind: Deployment', 'argoproj.io/v1alpha1\nkind: Rollout');
  const found = lint(rollout);
  assert.deepEqual(brief(rollout, found), ['missing-merge-key 7:10 image']);
  assert.match(found[0]!.message, /Rollout's lists by key.*`openapi:`.*replaces the Rollout's `containers` as written.*refuses/);
});

test('strategic-merge directives: `$patch: replace` lists and keyed `$patch: delete` items are valid, a keyless delete is not', () => {
  const directives = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name: sidecar
        $patch: delete
      - name: web
        env:
        - $patch: replace
        - value: replaced-list-items-are-not-matched
      volumes:
      - $patch: replace
      - emptyDir: {}
      $setElementOrder/containers: [{name: web}]
      initContainers:
      - $patch: delete
`;
  const found = lint(directives);
  // `$setElementOrder` is no merge: kustomize copies it as a field, which another rule reports (rules/patch-directives.ts)
  assert.deepEqual(brief(directives, found), ['missing-merge-key 18:8 $patch', 'kustomize-ignores-directive 16:6 $setElementOrder/containers']);
  assert.match(found[0]!.message, /^This `\$patch: delete` item of `initContainers` has no `name`.*removes the target's whole `initContainers`/);
});

test('items the rule cannot judge or that judge themselves: a null key counts as missing, a `<<` merge and scalars are skipped', () => {
  const text = `apiVersion: apps/v1
kind: Deployment
metadata: {name: web}
spec:
  template:
    spec:
      containers:
      - name:
        image: web:2
        env: [{value: not-judged-inside-a-keyless-container}]
      - <<: {name: from-a-merge}
        image: web:3
      - just-a-string
`;
  assert.deepEqual(keyless(text), ['missing-merge-key 7:8 name']);
  // broken YAML: only the syntax error (in a Rollout; a broken Deployment is not ours to report)
  const broken = 'apiVersion: argoproj.io/v1alpha1\nkind: Rollout\nspec:\n  template:\n    spec:\n      containers:\n      - image: [x\n';
  assert.deepEqual([...new Set(lint(broken).map((f) => f.code))], ['yaml-syntax']);
  assert.deepEqual(lint(broken.replace('argoproj.io/v1alpha1\nkind: Rollout', 'apps/v1\nkind: Deployment')), []);
});

test('a disable comment turns it off like any code', () => {
  const text = DEPLOYMENT.replace('        - image', '        # rollout-pilot-disable-next-line missing-merge-key -- added by a later patch\n        - image');
  assert.deepEqual(lint(text), []);
});
