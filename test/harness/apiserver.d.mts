// Types for apiserver.mjs (plain JS so that `node test/harness/apiserver.mjs` needs no TypeScript loader).
export interface ClusterTokens {
  /** user `admin`, group system:masters */
  admin: string;
  /** user `viewer`, bound to a get/list/watch ClusterRole */
  viewer: string;
  /** a service-account JWT signed with the server's key whose `exp` is an hour in the past */
  expired: string;
  /** a token the server does not know */
  unknown: string;
}
export type ClusterMode = 'child' | 'background' | 'daemon';
export interface ClusterState {
  dir: string;
  server: string;
  kubeconfigPath: string;
  tokens: ClusterTokens;
  ports: { etcdClient: number; etcdPeer: number; apiserver: number; closed: number };
  pids: { etcd: number; apiserver: number };
  /** how the processes were started: see startCluster */
  mode: ClusterMode;
  auditLogPath: string;
  certDir: string;
}
export interface StartedCluster extends ClusterState {
  state: ClusterState;
  /** stops both processes by PID and (for a temp dir it made) removes the directory */
  stop(): Promise<void>;
  /** stops kube-apiserver only; etcd keeps the data. SIGKILL simulates a crash. */
  stopApiServer(opts?: { signal?: 'SIGTERM' | 'SIGKILL' }): Promise<void>;
  /** starts kube-apiserver again on the same port and etcd, resolves once ready */
  startApiServer(): Promise<unknown>;
}
export const VIEWER_ROLE: string;
export function apiserverBinary(): string;
export function checkBinaries(): { kapi: string; etcd: string };
export function freePort(): Promise<number>;
/** whether the process runs (a zombie counts as gone) */
export function alive(pid: number): boolean;
export function killPid(pid: number, graceMs?: number): Promise<void>;
export function apiRequest(
  server: string,
  token: string,
  method: string,
  path: string,
  body?: unknown,
  contentType?: string,
): Promise<{ status: number; json: any; text: string }>;
export function startCluster(opts?: {
  dir?: string;
  mode?: ClusterMode;
  removeDirOnStop?: boolean;
  timeoutMs?: number;
}): Promise<StartedCluster>;
export function startApiServer(st: ClusterState, opts?: { mode?: ClusterMode; timeoutMs?: number }): Promise<unknown>;
export function stopApiServer(st: ClusterState, opts?: { signal?: 'SIGTERM' | 'SIGKILL' }): Promise<void>;
export function loadState(dir: string): ClusterState;
export function stopClusterDir(dir: string): Promise<void>;
export function startSecondApiServer(
  st: ClusterState,
  opts?: { timeoutMs?: number },
): Promise<{ server: string; pid: number; stop(): Promise<void> }>;
