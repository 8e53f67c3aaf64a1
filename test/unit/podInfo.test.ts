// Pod STATUS strings, ready counts, restarts and icons (kubectl printer logic as copied in pod_info.go).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { derivePodInfo, podStatus } from '../../extension/src/cluster/info/podInfo';
import type { Pod } from '../../extension/src/cluster/k8sTypes';
import { NOW, ago, pod, replicaSet, rollout, running, terminated, waiting } from '../support/rolloutFixtures';

const rs = replicaSet({ owner: rollout({ name: 'web' }), hash: 'h1', revision: 1, replicas: 1 });
const two = [{ name: 'app', image: 'reg/app:1' }, { name: 'proxy', image: 'reg/proxy:1' }];
const init2 = [{ name: 'migrate', image: 'reg/migrate:1' }, { name: 'warm', image: 'reg/warm:1' }];

const cases: Array<{ what: string; pod: Pod; status: string; ready: string; restarts: number; icon: string }> = [
  { what: 'running and ready', pod: pod({ rs, suffix: 'a' }), status: 'Running', ready: '1/1', restarts: 0, icon: '✔' },
  { what: 'pending with no statuses', pod: pod({ rs, suffix: 'b', phase: 'Pending', containerStatuses: [] }), status: 'Pending', ready: '0/1', restarts: 0, icon: '◌' },
  { what: 'status.reason overrides the phase', pod: pod({ rs, suffix: 'c', phase: 'Failed', reason: 'Evicted', containerStatuses: [] }), status: 'Evicted', ready: '0/1', restarts: 0, icon: ' ' },
  { what: 'ContainerCreating', pod: pod({ rs, suffix: 'd', phase: 'Pending', containerStatuses: [waiting('app', 'ContainerCreating')] }), status: 'ContainerCreating', ready: '0/1', restarts: 0, icon: '◌' },
  { what: 'CrashLoopBackOff counts restarts', pod: pod({ rs, suffix: 'e', containers: two, containerStatuses: [waiting('app', 'CrashLoopBackOff', 7), running('proxy', { restartCount: 1 })] }), status: 'CrashLoopBackOff', ready: '1/2', restarts: 8, icon: '✖' },
  { what: 'ImagePullBackOff', pod: pod({ rs, suffix: 'f', phase: 'Pending', containerStatuses: [waiting('app', 'ImagePullBackOff')] }), status: 'ImagePullBackOff', ready: '0/1', restarts: 0, icon: '⚠' },
  { what: 'ErrImagePull (Err prefix)', pod: pod({ rs, suffix: 'g', phase: 'Pending', containerStatuses: [waiting('app', 'ErrImagePull')] }), status: 'ErrImagePull', ready: '0/1', restarts: 0, icon: '⚠' },
  { what: 'CreateContainerConfigError (Error suffix)', pod: pod({ rs, suffix: 'g2', phase: 'Pending', containerStatuses: [waiting('app', 'CreateContainerConfigError')] }), status: 'CreateContainerConfigError', ready: '0/1', restarts: 0, icon: '⚠' },
  { what: 'InvalidImageName', pod: pod({ rs, suffix: 'g3', phase: 'Pending', containerStatuses: [waiting('app', 'InvalidImageName')] }), status: 'InvalidImageName', ready: '0/1', restarts: 0, icon: '✖' },
  { what: 'terminated with a reason', pod: pod({ rs, suffix: 'h', phase: 'Failed', containerStatuses: [terminated('app', { exitCode: 137, reason: 'OOMKilled' }, 2)] }), status: 'OOMKilled', ready: '0/1', restarts: 2, icon: ' ' },
  { what: 'terminated by a signal', pod: pod({ rs, suffix: 'i', phase: 'Failed', containerStatuses: [terminated('app', { exitCode: 0, signal: 9 })] }), status: 'Signal:9', ready: '0/1', restarts: 0, icon: '✖' },
  { what: 'terminated with an exit code', pod: pod({ rs, suffix: 'j', phase: 'Failed', containerStatuses: [terminated('app', { exitCode: 3 })] }), status: 'ExitCode:3', ready: '0/1', restarts: 0, icon: '✖' },
  { what: 'Completed while another container runs becomes Running', pod: pod({ rs, suffix: 'k', containers: two, containerStatuses: [running('app'), terminated('proxy', { exitCode: 0, reason: 'Completed' })] }), status: 'Running', ready: '1/2', restarts: 0, icon: '✔' },
  { what: 'Completed when nothing runs stays Completed', pod: pod({ rs, suffix: 'l', phase: 'Succeeded', containerStatuses: [terminated('app', { exitCode: 0, reason: 'Completed' })] }), status: 'Completed', ready: '0/1', restarts: 0, icon: '✔' },
  { what: 'containers are walked last to first: the first container wins', pod: pod({ rs, suffix: 'm', containers: two, containerStatuses: [waiting('app', 'CrashLoopBackOff'), waiting('proxy', 'ImagePullBackOff')] }), status: 'CrashLoopBackOff', ready: '0/2', restarts: 0, icon: '✖' },
  { what: 'running but not ready is not counted', pod: pod({ rs, suffix: 'n', containerStatuses: [running('app', { ready: false })] }), status: 'Running', ready: '0/1', restarts: 0, icon: '✔' },
  // init containers
  { what: 'Init:0/2 while the first init container runs', pod: pod({ rs, suffix: 'o', phase: 'Pending', initContainers: init2, initContainerStatuses: [running('migrate', { ready: false }), waiting('warm', 'PodInitializing')], containerStatuses: [waiting('app', 'PodInitializing')] }), status: 'Init:0/2', ready: '0/1', restarts: 0, icon: '◌' },
  { what: 'Init:1/2 after the first succeeded', pod: pod({ rs, suffix: 'p', phase: 'Pending', initContainers: init2, initContainerStatuses: [terminated('migrate', { exitCode: 0, reason: 'Completed' }), running('warm', { ready: false })], containerStatuses: [waiting('app', 'PodInitializing')] }), status: 'Init:1/2', ready: '0/1', restarts: 0, icon: '◌' },
  { what: 'Init:CrashLoopBackOff counts init restarts', pod: pod({ rs, suffix: 'q', phase: 'Pending', initContainers: init2, initContainerStatuses: [waiting('migrate', 'CrashLoopBackOff', 4), waiting('warm', 'PodInitializing')], containerStatuses: [waiting('app', 'PodInitializing', 9)] }), status: 'Init:CrashLoopBackOff', ready: '0/1', restarts: 4, icon: '◌' },
  { what: 'Init:Error (terminated reason)', pod: pod({ rs, suffix: 'r', phase: 'Pending', initContainers: init2, initContainerStatuses: [terminated('migrate', { exitCode: 1, reason: 'Error' }, 1)] }), status: 'Init:Error', ready: '0/1', restarts: 1, icon: '◌' },
  { what: 'Init:ExitCode:2', pod: pod({ rs, suffix: 's', phase: 'Pending', initContainers: init2, initContainerStatuses: [terminated('migrate', { exitCode: 2 })] }), status: 'Init:ExitCode:2', ready: '0/1', restarts: 0, icon: '◌' },
  { what: 'Init:Signal:15', pod: pod({ rs, suffix: 't', phase: 'Pending', initContainers: init2, initContainerStatuses: [terminated('migrate', { exitCode: 143, signal: 15 })] }), status: 'Init:Signal:15', ready: '0/1', restarts: 0, icon: '◌' },
  { what: 'init containers all done: regular containers decide', pod: pod({ rs, suffix: 'u', initContainers: init2, initContainerStatuses: [terminated('migrate', { exitCode: 0, reason: 'Completed' }, 3), terminated('warm', { exitCode: 0, reason: 'Completed' })] }), status: 'Running', ready: '1/1', restarts: 0, icon: '✔' },
  // native sidecars (init containers with restartPolicy: Always)
  { what: 'a started, ready native sidecar is skipped', pod: pod({ rs, suffix: 'v', initContainers: [{ name: 'mesh', image: 'reg/mesh:1', restartPolicy: 'Always' }], initContainerStatuses: [running('mesh', { restartCount: 2 })] }), status: 'Running', ready: '1/1', restarts: 0, icon: '✔' },
  { what: 'a started, unready native sidecar stops the walk without an Init: status', pod: pod({ rs, suffix: 'w', phase: 'Pending', initContainers: [{ name: 'mesh', image: 'reg/mesh:1', restartPolicy: 'Always' }, { name: 'migrate', image: 'reg/m:1' }], initContainerStatuses: [running('mesh', { ready: false }), waiting('migrate', 'PodInitializing')], containerStatuses: [waiting('app', 'PodInitializing')] }), status: 'PodInitializing', ready: '0/1', restarts: 0, icon: ' ' },
  { what: 'a native sidecar not yet started is an ordinary init step', pod: pod({ rs, suffix: 'x', phase: 'Pending', initContainers: [{ name: 'mesh', image: 'reg/mesh:1', restartPolicy: 'Always' }], initContainerStatuses: [{ name: 'mesh', ready: false, started: false, restartCount: 0, state: { waiting: { reason: 'PodInitializing' } } }] }), status: 'Init:0/1', ready: '0/1', restarts: 0, icon: '◌' },
  // deletion
  { what: 'deletionTimestamp gives Terminating', pod: pod({ rs, suffix: 'y', deletionTimestamp: ago(5) }), status: 'Terminating', ready: '1/1', restarts: 0, icon: '◌' },
  { what: 'deletionTimestamp with NodeLost gives Unknown', pod: pod({ rs, suffix: 'z', reason: 'NodeLost', deletionTimestamp: ago(5) }), status: 'Unknown', ready: '1/1', restarts: 0, icon: '?' },
  { what: 'NodeLost without deletionTimestamp stays NodeLost', pod: pod({ rs, suffix: 'zz', reason: 'NodeLost', containerStatuses: [] }), status: 'NodeLost', ready: '0/1', restarts: 0, icon: ' ' },
];

for (const c of cases) {
  test(`pod status: ${c.what}`, () => {
    const info = derivePodInfo(c.pod, NOW);
    assert.deepEqual([info.status, info.ready, info.restarts, info.icon], [c.status, c.ready, c.restarts, c.icon]);
  });
}

test('pod info carries name, uid and age', () => {
  const info = derivePodInfo(pod({ rs, suffix: 'age', created: ago(200) }), NOW);
  assert.equal(info.name, 'web-h1-age');
  assert.equal(info.uid, 'uid-pod-web-h1-age');
  assert.equal(info.age, '3m20s');
});

test('podStatus tolerates a bare object', () => {
  assert.deepEqual(podStatus({}), { status: '', readyContainers: 0, restarts: 0 });
});
