// The real API server for a cluster test file: the suite's shared one (ROLLOUT_PILOT_TEST_CLUSTER, started by
// scripts/test.mjs) or, when a file is run on its own, one started for that file. Never a silent skip: when the
// server cannot start, `testCluster()` throws the reason (e.g. "run scripts/build-kube-apiserver.sh").
import { KubeConfig as KubeConfigClass, type KubeConfig } from '@kubernetes/client-node';
import { randomBytes } from 'node:crypto';
import {
  apiRequest,
  loadState,
  startApiServer,
  startCluster,
  startSecondApiServer,
  stopApiServer,
  type ClusterState,
  type StartedCluster,
} from '../../harness/apiserver.mjs';
import { KubeClient } from '../../../extension/src/cluster/client';
import { loadKubeconfig } from '../../../extension/src/cluster/kubeconfig';
import type { Rollout } from '../../../extension/src/cluster/k8sTypes';
import { SEED_CANARY_STEPS } from '../../support/rolloutFixtures';

export type Context = 'admin' | 'viewer' | 'expired' | 'unknown' | 'unreachable';

export interface TestCluster {
  state: ClusterState;
  server: string;
  kubeconfigPath: string;
  kc(context?: Context): KubeConfig;
  client(context?: Context): KubeClient;
  /** a request as admin, straight to the API server (test set-up and read-back, not the code under test) */
  admin(method: string, path: string, body?: unknown, contentType?: string): Promise<{ status: number; json: any; text: string }>;
  /** a fresh namespace for one test file (namespaces are never deleted: without a controller-manager they stay Terminating) */
  newNamespace(prefix: string): Promise<string>;
  stopApiServer(signal?: 'SIGTERM' | 'SIGKILL'): Promise<void>;
  startApiServer(): Promise<void>;
  startSecondApiServer(): Promise<{ server: string; stop(): Promise<void> }>;
  /** stops the server if this file started it */
  close(): Promise<void>;
}

let shared: Promise<TestCluster> | undefined;

export function testCluster(): Promise<TestCluster> {
  shared ??= open();
  return shared;
}

async function open(): Promise<TestCluster> {
  const error = process.env.ROLLOUT_PILOT_TEST_CLUSTER_ERROR;
  if (error) throw new Error(`the cluster suite needs a real kube-apiserver and it did not start: ${error}`);
  const dir = process.env.ROLLOUT_PILOT_TEST_CLUSTER;
  let own: StartedCluster | undefined;
  let state: ClusterState;
  if (dir) state = loadState(dir);
  else {
    own = await startCluster();
    state = own.state;
  }
  const loaded = () => loadKubeconfig({ explicitPath: state.kubeconfigPath });
  return {
    state,
    server: state.server,
    kubeconfigPath: state.kubeconfigPath,
    kc: (context = 'admin') => loaded().kubeConfigFor(context),
    client: (context = 'admin') => new KubeClient(loaded().kubeConfigFor(context)),
    admin: (method, path, body, contentType) => apiRequest(state.server, state.tokens.admin, method, path, body, contentType),
    async newNamespace(prefix) {
      const name = `${prefix}-${randomBytes(3).toString('hex')}`;
      const r = await apiRequest(state.server, state.tokens.admin, 'POST', '/api/v1/namespaces', {
        apiVersion: 'v1',
        kind: 'Namespace',
        metadata: { name },
      });
      if (r.status !== 201) throw new Error(`create namespace ${name}: ${r.status} ${r.text}`);
      return name;
    },
    stopApiServer: (signal = 'SIGTERM') => stopApiServer(state, { signal }),
    startApiServer: async () => {
      await startApiServer(state);
    },
    startSecondApiServer: () => startSecondApiServer(state),
    close: async () => {
      await own?.stop();
    },
  };
}

export const ROLLOUTS_PATH = (ns: string) => `/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts`;

/** A canary Rollout like the seed's (6 replicas, 20/pause/40/pause 20s/...): the shape the plugin examples use. */
export function canaryRollout(name: string, image: string, opts: { replicas?: number; steps?: unknown[] } = {}): Rollout {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, labels: { app: name } },
    spec: {
      replicas: opts.replicas ?? 6,
      revisionHistoryLimit: 2,
      selector: { matchLabels: { app: name } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: [{ name: 'app', image, resources: { requests: { cpu: '100m' } } }] },
      },
      strategy: {
        canary: {
          steps: (opts.steps as never) ?? SEED_CANARY_STEPS,
        },
      },
    },
  };
}

export async function createRollout(c: TestCluster, ns: string, ro: Rollout): Promise<Rollout> {
  const r = await c.admin('POST', ROLLOUTS_PATH(ns), ro);
  if (r.status !== 201) throw new Error(`create rollout: ${r.status} ${r.text}`);
  return r.json as Rollout;
}

export async function getRollout(c: TestCluster, ns: string, name: string): Promise<Rollout> {
  const r = await c.admin('GET', `${ROLLOUTS_PATH(ns)}/${name}`);
  if (r.status !== 200) throw new Error(`get rollout ${name}: ${r.status} ${r.text}`);
  return r.json as Rollout;
}

export async function mergePatch(c: TestCluster, path: string, body: unknown): Promise<any> {
  const r = await c.admin('PATCH', path, body, 'application/merge-patch+json');
  if (r.status !== 200) throw new Error(`patch ${path}: ${r.status} ${r.text}`);
  return r.json;
}

export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** Polls `check` (a read-back through the admin API, not the code under test) until it returns a value. */
export async function eventually<T>(what: string, check: () => Promise<T | undefined | false>, timeoutMs = 30000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  let last: unknown;
  for (;;) {
    try {
      const v = await check();
      if (v !== undefined && v !== false) return v;
    } catch (e) {
      last = e;
    }
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}${last ? `: ${String(last)}` : ''}`);
    await sleep(100);
  }
}

/** A KubeConfig for `server` with a bearer token (e.g. the recording proxy in front of the API server). */
export function kubeConfigAt(server: string, token: string): KubeConfig {
  const kc = new KubeConfigClass();
  kc.loadFromOptions({
    clusters: [{ name: 'c', server, skipTLSVerify: true }],
    users: [{ name: 'u', token }],
    contexts: [{ name: 'x', cluster: 'c', user: 'u', namespace: 'default' }],
    currentContext: 'x',
  });
  return kc;
}
