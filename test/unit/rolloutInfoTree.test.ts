// `formatRolloutTree` against real `kubectl argo rollouts get rollout` output: the two transcripts in the user's
// write-up (shared/seed/canary-with-argo-rollouts.md, bold markers removed), rebuilt from real-shaped objects.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { deriveRolloutInfo, formatRolloutTree } from '../../extension/src/cluster/info/rolloutInfo';
import { tabwrite } from '../../extension/src/cluster/info/tabwriter';
import type { Pod } from '../../extension/src/cluster/k8sTypes';
import { NOW, SEED_CANARY_STEPS, ago, pod, replicaSet, rollout, analysisRun, experiment } from '../support/rolloutFixtures';

const IMAGE = (tag: number) => `jenkins-1d89f623e089d4f6.elb.ap-northeast-3.amazonaws.com:5001/flask_test:${tag}`;
const m = 60;
const h = 3600;

const trimLines = (s: string) => s.split('\n').map((l) => l.trimEnd());

test('aborted canary: matches the transcript of `get rollout flaskdemo` after `abort`', () => {
  const ro = rollout({
    name: 'flaskdemo',
    replicas: 6,
    steps: SEED_CANARY_STEPS,
    created: ago(18 * h + 20 * m),
    status: {
      phase: 'Degraded',
      message: 'RolloutAborted: Rollout aborted update to revision 15',
      abort: true,
      currentStepIndex: 0,
      stableRS: '7dc589b87f',
      currentPodHash: '6cc98bf786',
      replicas: 6,
      updatedReplicas: 0,
      readyReplicas: 6,
      availableReplicas: 6,
    },
  });
  const rs = (hash: string, revision: number, age: number, replicas: number, tag: number) =>
    replicaSet({ owner: ro, hash, revision, created: ago(age), replicas, images: [IMAGE(tag)] });
  const stable = rs('7dc589b87f', 14, 87 * m + 5, 6, 21);
  const replicaSets = [
    rs('786bd777dd', 1, 18 * h + 10 * m, 0, 1),
    rs('75b55976dc', 2, 18 * h + 5 * m, 0, 2),
    rs('6578c5bc48', 7, 17 * h, 0, 7),
    rs('7f87df45f6', 13, 9 * h + 30 * m, 0, 20),
    stable,
    rs('6cc98bf786', 15, 5 * m + 11, 0, 22),
  ];
  const podAges: Array<[string, number]> = [
    ['rksvd', 50],
    ['pnbzr', 72 * m + 40],
    ['6gxrs', 74 * m + 10],
    ['vzhhv', 74 * m + 10],
    ['ns82m', 72 * m + 5],
    ['cskdn', 73 * m + 30],
  ];
  const pods = podAges.map(([suffix, age]) => pod({ rs: stable, suffix, created: ago(age) }));

  const info = deriveRolloutInfo({ rollout: ro, replicaSets, pods, now: NOW });
  const expected = `Name:            flaskdemo
Namespace:       default
Status:          **✖ Degraded**
Message:         RolloutAborted: Rollout aborted update to revision 15
Strategy:        Canary
  Step:          0/8
  SetWeight:     0
  ActualWeight:  0
Images:          jenkins-1d89f623e089d4f6.elb.ap-northeast-3.amazonaws.com:5001/flask_test:**21** (**stable**)
Replicas:
  Desired:       6
  Current:       6
  Updated:       0
  Ready:         6
  Available:     6

NAME                                   KIND        STATUS        AGE    INFO
⟳ flaskdemo                            Rollout     ✖ Degraded    18h
├──# revision:15
│  └──⧉ **flaskdemo-6cc98bf786**           ReplicaSet  • ScaledDown  5m11s  **canary**
├──# revision:14
│  └──⧉ **flaskdemo-7dc589b87f**           ReplicaSet  ✔ Healthy     87m    **stable**
│     ├──□ flaskdemo-7dc589b87f-6gxrs  Pod         ✔ Running     74m    ready:1/1
│     ├──□ flaskdemo-7dc589b87f-vzhhv  Pod         ✔ Running     74m    ready:1/1
│     ├──□ flaskdemo-7dc589b87f-cskdn  Pod         ✔ Running     73m    ready:1/1
│     ├──□ flaskdemo-7dc589b87f-pnbzr  Pod         ✔ Running     72m    ready:1/1
│     ├──□ flaskdemo-7dc589b87f-ns82m  Pod         ✔ Running     72m    ready:1/1
│     └──□ flaskdemo-7dc589b87f-rksvd  Pod         ✔ Running     50s    ready:1/1
├──# revision:13
│  └──⧉ flaskdemo-7f87df45f6           ReplicaSet  • ScaledDown  9h
├──# revision:7
│  └──⧉ flaskdemo-6578c5bc48           ReplicaSet  • ScaledDown  17h
├──# revision:2
│  └──⧉ flaskdemo-75b55976dc           ReplicaSet  • ScaledDown  18h
└──# revision:1
   └──⧉ flaskdemo-786bd777dd           ReplicaSet  • ScaledDown  18h
`.replaceAll('**', '');
  assert.deepEqual(trimLines(formatRolloutTree(info, NOW)), trimLines(expected));
});

test('promoted canary: matches the start of the transcript after `promote`', () => {
  const ro = rollout({
    name: 'flaskdemo',
    replicas: 6,
    steps: SEED_CANARY_STEPS,
    created: ago(18 * h + 50 * m),
    status: {
      phase: 'Healthy',
      message: '',
      currentStepIndex: 8,
      stableRS: '6cc98bf786',
      currentPodHash: '6cc98bf786',
      replicas: 6,
      updatedReplicas: 6,
      readyReplicas: 6,
      availableReplicas: 6,
    },
  });
  const current = replicaSet({ owner: ro, hash: '6cc98bf786', revision: 17, created: ago(24 * m + 3), replicas: 6, images: [IMAGE(22)] });
  const old = replicaSet({ owner: ro, hash: '7dc589b87f', revision: 16, created: ago(3 * h), replicas: 0, images: [IMAGE(21)] });
  const pods: Pod[] = (
    [
      ['j5bf9', 9 * m + 39],
      ['snsfn', 9 * m + 39],
      ['t2dgh', 106],
      ['b4qzv', 84],
      ['wmn62', 63],
      ['99m75', 42],
    ] as Array<[string, number]>
  ).map(([suffix, age]) => pod({ rs: current, suffix, created: ago(age) }));
  const out = formatRolloutTree(deriveRolloutInfo({ rollout: ro, replicaSets: [old, current], pods, now: NOW }), NOW);
  const expected = `Name:            flaskdemo
Namespace:       default
Status:          ✔ Healthy
Strategy:        Canary
  Step:          8/8
  SetWeight:     100
  ActualWeight:  100
Images:          jenkins-1d89f623e089d4f6.elb.ap-northeast-3.amazonaws.com:5001/flask_test:22 (stable)
Replicas:
  Desired:       6
  Current:       6
  Updated:       6
  Ready:         6
  Available:     6

NAME                                   KIND        STATUS        AGE    INFO
⟳ flaskdemo                            Rollout     ✔ Healthy     18h
├──# revision:17
│  └──⧉ flaskdemo-6cc98bf786           ReplicaSet  ✔ Healthy     24m    stable
│     ├──□ flaskdemo-6cc98bf786-j5bf9  Pod         ✔ Running     9m39s  ready:1/1
│     ├──□ flaskdemo-6cc98bf786-snsfn  Pod         ✔ Running     9m39s  ready:1/1
│     ├──□ flaskdemo-6cc98bf786-t2dgh  Pod         ✔ Running     106s   ready:1/1
│     ├──□ flaskdemo-6cc98bf786-b4qzv  Pod         ✔ Running     84s    ready:1/1
│     ├──□ flaskdemo-6cc98bf786-wmn62  Pod         ✔ Running     63s    ready:1/1
│     └──□ flaskdemo-6cc98bf786-99m75  Pod         ✔ Running     42s    ready:1/1`;
  const lines = trimLines(out);
  assert.deepEqual(lines.slice(0, expected.split('\n').length), expected.split('\n'));
  assert.deepEqual(lines.slice(expected.split('\n').length), ['└──# revision:16', '   └──⧉ flaskdemo-7dc589b87f           ReplicaSet  • ScaledDown  3h', '']);
});

test('tree rows keep the tabwriter padding: empty cells are padded and the INFO cell is not', () => {
  const ro = rollout({ name: 'demo', replicas: 1, status: { phase: 'Healthy', stableRS: 'aaa', currentPodHash: 'aaa', replicas: 1, updatedReplicas: 1, availableReplicas: 1, readyReplicas: 1 } });
  const rs = replicaSet({ owner: ro, hash: 'aaa', revision: 1, replicas: 1, created: ago(30) });
  const tree = formatRolloutTree(deriveRolloutInfo({ rollout: ro, replicaSets: [rs], pods: [], now: NOW }), NOW).split('\n\n')[1];
  // column widths are the widest cell + 2: NAME 16+2 ("   └──⧉ demo-aaa"), KIND 10+2, STATUS 9+2, AGE 3+2
  assert.equal(
    tree,
    'NAME              KIND        STATUS     AGE  INFO\n' +
      '⟳ demo            Rollout     ✔ Healthy  24h  \n' +
      '└──# revision:1   ' + ' '.repeat(12) + ' ' + ' '.repeat(10) + ' '.repeat(5) + '\n' +
      '   └──⧉ demo-aaa  ReplicaSet  ✔ Healthy  30s  stable\n',
  );
});

test('tabwrite: a column block ends at a line without that column (Go text/tabwriter)', () => {
  assert.equal(tabwrite('a\tbb\tc\naaa\tb\nx\n\ty\tz\n', { padding: 1 }), 'a   bb c\naaa b\nx\n y z\n');
  assert.equal(tabwrite('ü\tx\nab\ty', { padding: 2 }), 'ü   x\nab  y', 'width counts code points');
});

test('experiments, analysis runs and jobs nest under their revision in upstream order', () => {
  const ro = rollout({ name: 'exp', replicas: 1, steps: [{ experiment: { templates: [{ name: 'baseline', specRef: 'stable' }] } }, { analysis: { templates: [{ templateName: 'rate' }] } }], status: { phase: 'Progressing', message: 'waiting for all steps to complete', currentStepIndex: 0, stableRS: 's1', currentPodHash: 'c2', replicas: 2, updatedReplicas: 1, availableReplicas: 2, readyReplicas: 2 } });
  const stable = replicaSet({ owner: ro, hash: 's1', revision: 1, replicas: 1, created: ago(3 * 3600) });
  const canary = replicaSet({ owner: ro, hash: 'c2', revision: 2, replicas: 1, created: ago(600) });
  const exp = experiment({ owner: ro, name: 'exp-2-xyz', revision: 2, created: ago(500), phase: 'Running' });
  const expRs = replicaSet({ owner: exp, hash: 'e3', name: 'exp-2-xyz-baseline', replicas: 1, created: ago(490), images: ['registry.example/exp:1'], annotations: { 'experiment.argoproj.io/template-name': 'baseline' } });
  const expAr = analysisRun({ owner: exp, name: 'exp-2-xyz-check', created: ago(480), phase: 'Running' });
  const stepAr = analysisRun({
    owner: ro,
    name: 'exp-c2-2',
    revision: 2,
    created: ago(120),
    phase: 'Running',
    metricResults: [
      { name: 'job', successful: 1, failed: 0, inconclusive: 0, error: 1, measurements: [{ phase: 'Successful', startedAt: ago(110), metadata: { 'job-name': 'job-abc' } }] },
    ],
  });
  const info = deriveRolloutInfo({ rollout: ro, replicaSets: [stable, canary, expRs], pods: [], experiments: [exp], analysisRuns: [stepAr, expAr], now: NOW });
  const tree = trimLines(formatRolloutTree(info, NOW).split('\n\n')[1]);
  assert.deepEqual(tree, [
    'NAME                           KIND         STATUS         AGE    INFO',
    '⟳ exp                          Rollout      ◌ Progressing  24h',
    '├──# revision:2',
    '│  ├──⧉ exp-c2                 ReplicaSet   ✔ Healthy      10m    canary',
    '│  ├──Σ exp-2-xyz              Experiment   ◌ Running      8m20s',
    '│  │  ├──⧉ exp-2-xyz-baseline  ReplicaSet   ✔ Healthy      8m10s',
    '│  │  └──α exp-2-xyz-check     AnalysisRun  ◌ Running      8m',
    '│  └──α exp-c2-2               AnalysisRun  ◌ Running      2m     ✔ 1,⚠ 1',
    '│     └──⊞ job-abc             Job          ✔ Successful   110s',
    '└──# revision:1',
    '   └──⧉ exp-s1                 ReplicaSet   ✔ Healthy      3h     stable',
    '',
  ]);
  assert.deepEqual(info.images, [{ image: 'registry.example/exp:1', tags: ['canary', 'stable', 'Σ:baseline'] }]);
});
