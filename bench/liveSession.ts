// The extension host's share of memory for a cluster in view, measured in a process of its own so the number is
// the session's, not the bench's: `bench/live.ts` bundles this file with esbuild (as the extension is bundled) and
// forks it with --expose-gc. It holds what the extension host holds for the Rollouts view — a ClusterSession
// (in all-namespaces mode) and the tree built from it — and reports, over IPC:
//   {type:'synced', ...}    memory before the session and once it has synced every rollout (after a full GC)
//   {type:'steady', ...}    the requests the session sent during the steady-state window, and memory after it
// Its only input is one JSON argument: {kubeconfig, context, namespace, expected, steadyMs, quietMs, timeoutMs}.
import { readFileSync } from 'node:fs';
import { ClusterSession } from '../extension/src/cluster';
import { rootNodes, type TreeNode } from '../extension/src/views/rolloutNodes';
import { isRequestLine, sentAt, sleep, waitFor, waitForQuiet } from './liveSupport';

interface Input {
  kubeconfig: string;
  context: string;
  namespace: string;
  expected: number;
  steadyMs: number;
  quietMs: number;
  timeoutMs: number;
}

export interface Memory {
  /** VmRSS once settled (below) */
  rssMb: number;
  /** VmRSS read right after the first GC, before V8 has returned the freed pages */
  rssAtGcMb: number;
  heapUsedMb: number;
  /** the heap V8 holds (used or not) */
  heapTotalMb: number;
  /** memory outside the V8 heap held by JS objects (Buffers) */
  externalMb: number;
  /** resident pages the process freed with MADV_FREE: counted in RSS until the kernel needs them (smaps_rollup LazyFree) */
  lazyFreeMb: number;
  /** VmHWM: the process's peak resident set so far */
  peakRssMb: number;
}

const MB = 1024 * 1024;

/** A `kB` field of a /proc file, in MB (NaN when absent). */
function procMb(file: string, field: string): number {
  try {
    const hit = new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(file, 'utf8'));
    return hit ? Number(hit[1]) / 1024 : NaN;
  } catch {
    return NaN;
  }
}

/**
 * Memory once settled: a full GC, a second's wait, because V8 returns the pages a GC freed from a background thread
 * (RSS read at once still counts them: see rssAtGcMb), then another GC.
 */
async function memory(): Promise<Memory> {
  const gc = (globalThis as { gc?: () => void }).gc;
  gc?.();
  const rssAtGcMb = procMb('/proc/self/status', 'VmRSS');
  await sleep(1000);
  gc?.();
  const m = process.memoryUsage();
  return {
    rssMb: procMb('/proc/self/status', 'VmRSS'),
    rssAtGcMb,
    heapUsedMb: m.heapUsed / MB,
    heapTotalMb: m.heapTotal / MB,
    externalMb: m.external / MB,
    lazyFreeMb: procMb('/proc/self/smaps_rollup', 'LazyFree'),
    peakRssMb: procMb('/proc/self/status', 'VmHWM'),
  };
}

const send = (msg: unknown) => process.send?.(msg);

async function main(): Promise<void> {
  const input = JSON.parse(process.argv[2] ?? '{}') as Input;
  if (!input.kubeconfig) throw new Error('usage: live-session.cjs <json input> (forked by bench/live.ts)');
  const before = await memory();
  const requests: { at: number; line: string }[] = [];
  const t0 = Date.now();
  const session = new ClusterSession({
    kubeconfig: { explicitPath: input.kubeconfig },
    choice: { context: input.context, namespace: input.namespace },
    log: (line) => {
      if (isRequestLine(line)) requests.push({ at: Date.now(), line });
    },
  });
  await waitFor(
    () => session.view.settled && session.view.health?.state === 'connected' && session.view.entries.length >= input.expected,
    input.timeoutMs,
    () => `the session saw ${session.view.entries.length} of ${input.expected} rollouts (health ${session.view.health?.state ?? '?'})`,
  );
  const syncMs = Date.now() - t0;
  // what the TreeDataProvider keeps: the root with every namespace and rollout node
  let tree: TreeNode[] = rootNodes(session.view);
  let changes = 0;
  const held = session.onDidChange(() => {
    changes++;
    tree = rootNodes(session.view);
  });
  // steady state: the access reviews that follow the first sync are done once the session has been quiet a while
  await waitForQuiet(() => requests.at(-1)?.at ?? t0, input.quietMs, input.timeoutMs);
  const synced = await memory();
  send({ type: 'synced', syncMs, requestsToSync: requests.length, entries: session.view.entries.length, treeRoots: tree.length, before, synced });
  const from = Date.now();
  const changesBefore = changes;
  await new Promise((r) => setTimeout(r, input.steadyMs));
  // requests sent in the window (one still running at its end is not logged yet, so it is not counted either)
  const inWindow = requests.filter((r) => sentAt(r.at, r.line) >= from).map((r) => r.line);
  const after = await memory();
  send({ type: 'steady', windowMs: Date.now() - from, requests: inWindow, changes: changes - changesBefore, after, entries: session.view.entries.length });
  held.dispose();
  session.dispose();
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    send({ type: 'error', message: e instanceof Error ? e.message : String(e) });
    process.exit(1);
  },
);
