// The live part of `npm run bench`: the Argo Rollouts views against a real kube-apiserver on 127.0.0.1, driven as the
// extension drives them (ClusterSession → the pure tree builders → pageState posted to the page in headless
// Chromium). Prints a Markdown section, then ONE JSON line (the last line of stdout):
//   {"watchToTreeMs":X,"watchToPageMs":X,"tree500Ms":X,"extensionHostMbAt2000Rollouts":X,"steadyStateRequestsPerMin":X}
// Every figure is printed beside its target and never asserted. Without the kube-apiserver binary it says so and
// prints nulls (exit 0); it exits non-zero only when it could not measure.
//
//   node --import tsx bench/live.ts [--quick]      (scripts/bench.mjs runs it; method and numbers: docs/bench.md)
import { fork } from 'node:child_process';
import { loadavg } from 'node:os';
import { createHash } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import type { Browser } from 'playwright-core';
import { ClusterSession, type SessionChange } from '../extension/src/cluster';
import type { ObjectMeta, Pod, ReplicaSet } from '../extension/src/cluster/k8sTypes';
import { pageState, type PageTarget } from '../extension/src/panels/pageState';
import { rolloutChildren, rolloutNode, rootNodes, type TreeNode } from '../extension/src/views/rolloutNodes';
import { apiRequest, apiserverBinary, checkBinaries, startCluster, type StartedCluster } from '../test/harness/apiserver.mjs';
import { canaryRollout, ROLLOUTS_PATH } from '../test/cluster/support/cluster';
import { launch, openPage, type RolloutPage } from '../test/webview/harness';
import type { Memory } from './liveSession';
import { inParallel, isRequestLine, isWatchLine, median, percentile, sentAt, sleep, waitFor, waitForQuiet } from './liveSupport';

const ROOT = resolve(__dirname, '..');
process.chdir(ROOT);
const QUICK = process.argv.includes('--quick');

/** The world: 2,000 rollouts over 20 namespaces, 500 of them in the first (the tree's namespace). */
const TOTAL_ROLLOUTS = 2000;
const BIG_NAMESPACE_ROLLOUTS = 500;
const NAMESPACES = 20;
/** each rollout owns one ReplicaSet with this many pods (the big namespace) or one pod (the others) */
const PODS_PER_ROLLOUT_BIG = 2;
const CREATE_CONCURRENCY = 8;
const CHANGES = 20;
const CHANGE_WARMUP = 2;
/** pause between one change and the next: past the store's 50 ms coalescing, and lets the page idle */
const CHANGE_GAP_MS = 250;
const TREE_BUILDS = 10;
const STEADY_MS = (QUICK ? 20 : 60) * 1000;
/** "steady" starts once the session made no request for this long after its first sync (its access reviews) */
const QUIET_MS = 5000;
const SYNC_TIMEOUT_MS = 180_000;
const TARGETS = { watchToTreeMs: 250, watchToPageMs: 250, tree500Ms: 100, extensionHostMb: 150, requestsPerMin: 0 };

const note = (s: string) => process.stderr.write(`[bench live] ${s}\n`);
const out: string[] = [];
const log = (s = '') => out.push(s);
const f1 = (x: number | undefined) => (x !== undefined && Number.isFinite(x) ? x.toFixed(1) : '–');
const round = (x: number | undefined, d: number) => (x !== undefined && Number.isFinite(x) ? Number(x.toFixed(d)) : null);

function table(head: string[], rows: (string | number)[][]): void {
  const w = head.map((h, i) => Math.max(h.length, ...rows.map((r) => String(r[i]).length)));
  const line = (r: (string | number)[]) => '| ' + r.map((c, i) => (i === 0 ? String(c).padEnd(w[i]!) : String(c).padStart(w[i]!))).join(' | ') + ' |';
  log(line(head));
  log('|' + w.map((n, i) => (i === 0 ? ':' : '-') + '-'.repeat(n) + (i === 0 ? '-' : ':')).join('|') + '|');
  for (const r of rows) log(line(r));
}

interface Figures {
  watchToTreeMs?: number;
  watchToPageMs?: number;
  tree500Ms?: number;
  extensionHostMbAt2000Rollouts?: number;
  steadyStateRequestsPerMin?: number;
}

function finish(f: Figures, code = 0): never {
  for (const l of out) process.stdout.write(l + '\n');
  process.stdout.write(
    JSON.stringify({
      watchToTreeMs: round(f.watchToTreeMs, 1),
      watchToPageMs: round(f.watchToPageMs, 1),
      tree500Ms: round(f.tree500Ms, 1),
      extensionHostMbAt2000Rollouts: round(f.extensionHostMbAt2000Rollouts, 1),
      steadyStateRequestsPerMin: round(f.steadyStateRequestsPerMin, 1),
    }) + '\n',
  );
  process.exit(code);
}

async function main(): Promise<void> {
  log('## Live views against a real kube-apiserver (127.0.0.1)');
  log('');
  try {
    checkBinaries();
  } catch (e) {
    log(`Not measured: ${e instanceof Error ? e.message : String(e)}`);
    note(`skipped: no kube-apiserver at ${apiserverBinary()}`);
    finish({});
  }

  // ---------------------------------------------------------------------------------------------------------------
  // The world

  const started = performance.now();
  note('starting etcd + kube-apiserver');
  const cluster: StartedCluster = await startCluster({ mode: 'child' });
  const admin = (method: string, path: string, body?: unknown, contentType?: string) => apiRequest(cluster.server, cluster.tokens.admin, method, path, body, contentType);

  async function created<T>(path: string, body: unknown): Promise<T> {
    const r = await admin('POST', path, body);
    if (r.status !== 201) throw new Error(`POST ${path}: ${r.status} ${r.text.slice(0, 300)}`);
    return r.json as T;
  }

  const owner = (apiVersion: string, kind: string, meta: ObjectMeta) => ({ apiVersion, kind, name: meta.name!, uid: meta.uid!, controller: true, blockOwnerDeletion: true });

  /** A rollout as the controller leaves it after its first revision: one ReplicaSet (revision 1) and its pods. */
  async function createRolloutWithPods(ns: string, name: string, pods: number): Promise<void> {
    const ro = await created<{ metadata: ObjectMeta }>(ROLLOUTS_PATH(ns), canaryRollout(name, `registry.local/${name}:1`, { replicas: pods }));
    const hash = createHash('sha256').update(`${ns}/${name}`).digest('hex').slice(0, 10);
    const labels = { app: name, 'rollouts-pod-template-hash': hash };
    const rs = await created<ReplicaSet>(`/apis/apps/v1/namespaces/${ns}/replicasets`, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: { name: `${name}-${hash}`, labels, annotations: { 'rollout.argoproj.io/revision': '1' }, ownerReferences: [owner('argoproj.io/v1alpha1', 'Rollout', ro.metadata)] },
      spec: { replicas: pods, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'app', image: `registry.local/${name}:1` }] } } },
    });
    for (let i = 0; i < pods; i++) {
      await created<Pod>(`/api/v1/namespaces/${ns}/pods`, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: { name: `${rs.metadata!.name}-p${i}`, labels, ownerReferences: [owner('apps/v1', 'ReplicaSet', rs.metadata!)] },
        spec: { containers: [{ name: 'app', image: `registry.local/${name}:1` }] },
      });
    }
  }

  const namespaces = Array.from({ length: NAMESPACES }, (_, i) => `bench-${String(i).padStart(2, '0')}`);
  const BIG = namespaces[0]!;
  const plan: { ns: string; name: string; pods: number }[] = [];
  for (let i = 0; i < BIG_NAMESPACE_ROLLOUTS; i++) plan.push({ ns: BIG, name: `app-${String(i).padStart(3, '0')}`, pods: PODS_PER_ROLLOUT_BIG });
  for (let i = 0; i < TOTAL_ROLLOUTS - BIG_NAMESPACE_ROLLOUTS; i++) {
    plan.push({ ns: namespaces[1 + (i % (NAMESPACES - 1))]!, name: `svc-${String(i).padStart(4, '0')}`, pods: 1 });
  }
  for (const ns of namespaces) await created('/api/v1/namespaces', { apiVersion: 'v1', kind: 'Namespace', metadata: { name: ns } });
  note(`creating ${plan.length} rollouts with a ReplicaSet and ${plan.reduce((n, p) => n + p.pods, 0)} pods in ${NAMESPACES} namespaces (${CREATE_CONCURRENCY} in flight)`);
  const tCreate = performance.now();
  let done = 0;
  await inParallel(plan, CREATE_CONCURRENCY, async (p) => {
    await createRolloutWithPods(p.ns, p.name, p.pods);
    if (++done % 250 === 0) note(`${done}/${plan.length} rollouts created (${((performance.now() - tCreate) / 1000).toFixed(0)} s)`);
  });
  const objects = plan.length * 2 + plan.reduce((n, p) => n + p.pods, 0);
  const createS = (performance.now() - tCreate) / 1000;
  note(`${objects} objects created in ${createS.toFixed(0)} s`);

  // ---------------------------------------------------------------------------------------------------------------
  // The tree's session: one namespace with 500 rollouts, as the extension host holds it

  const requestLog: { at: number; line: string }[] = [];
  const t0 = performance.now();
  const session = new ClusterSession({
    kubeconfig: { explicitPath: cluster.kubeconfigPath },
    choice: { context: 'admin', namespace: BIG },
    log: (line) => {
      if (isRequestLine(line)) requestLog.push({ at: Date.now(), line });
    },
  });
  await waitFor(
    () => session.view.settled && session.view.health?.state === 'connected' && session.view.entries.length >= BIG_NAMESPACE_ROLLOUTS,
    SYNC_TIMEOUT_MS,
    () => `the session saw ${session.view.entries.length} of ${BIG_NAMESPACE_ROLLOUTS} rollouts`,
  );
  const syncMs = performance.now() - t0;
  note(`session synced ${session.view.entries.length} rollouts in ${f1(syncMs)} ms`);
  const ctxName = session.view.context?.name ?? '';

  // tree500Ms: root + every rollout node + one rollout's revisions/ReplicaSets/pods, from the session's view
  const countNodes = (ns: TreeNode[]): number => ns.reduce((n, x) => n + 1 + countNodes(x.children ?? []), 0);
  const treeTimes: number[] = [];
  let treeNodes = 0;
  for (let i = 0; i < TREE_BUILDS + 1; i++) {
    const ts = performance.now();
    const view = session.view;
    const roots = rootNodes(view);
    const one = view.entries[Math.floor(view.entries.length / 2)]!;
    const children = rolloutChildren(ctxName, one, new Date());
    treeTimes.push(performance.now() - ts);
    treeNodes = countNodes(roots) + countNodes(children);
  }
  const treeFirst = treeTimes[0]!;
  const tree500 = median(treeTimes.slice(1));
  note(`tree of ${treeNodes} nodes: first build ${f1(treeFirst)} ms, then median ${f1(tree500)} ms`);

  // ---------------------------------------------------------------------------------------------------------------
  // Memory (a child process holding an all-namespaces session) and steady-state requests (both sessions)

  interface Synced {
    type: 'synced';
    syncMs: number;
    requestsToSync: number;
    entries: number;
    before: Memory;
    synced: Memory;
  }
  interface Steady {
    type: 'steady';
    windowMs: number;
    requests: string[];
    /** the session's change events in the window */
    changes: number;
    after: Memory;
    entries: number;
  }

  async function sessionChild(): Promise<{ synced: Synced; steady: Steady; mainRequests: string[]; mainRequestsBefore: number }> {
    mkdirSync('.cache/bench', { recursive: true });
    const bundle = resolve('.cache/bench/live-session.cjs');
    const esbuild = await import('esbuild');
    // bundled as the extension is (scripts/build.mjs), so its memory is not a TypeScript loader's
    await esbuild.build({ entryPoints: ['bench/liveSession.ts'], bundle: true, platform: 'node', format: 'cjs', target: 'node20', outfile: bundle, logLevel: 'warning' });
    const input = {
      kubeconfig: cluster.kubeconfigPath,
      context: 'admin',
      namespace: '*',
      expected: TOTAL_ROLLOUTS,
      steadyMs: STEADY_MS,
      quietMs: QUIET_MS,
      timeoutMs: SYNC_TIMEOUT_MS,
    };
    // the tree's session must be quiet too before the window opens (its access review follows its sync)
    await waitForQuiet(() => requestLog.at(-1)?.at ?? 0, QUIET_MS, 30_000);
    const child = fork(bundle, [JSON.stringify(input)], { execArgv: ['--expose-gc'], stdio: ['ignore', 'inherit', 'inherit', 'ipc'] });
    return new Promise((res, rej) => {
      let synced: Synced | undefined;
      let from = 0;
      child.on('message', (m: Synced | Steady | { type: 'error'; message: string }) => {
        if (m.type === 'synced') {
          synced = m;
          from = Date.now();
          note(`all-namespaces session synced ${m.entries} rollouts in ${f1(m.syncMs)} ms; steady-state window of ${STEADY_MS / 1000} s`);
        } else if (m.type === 'steady' && synced) {
          const mainRequests = requestLog.filter((r) => sentAt(r.at, r.line) >= from).map((r) => r.line);
          const mainRequestsBefore = requestLog.filter((r) => sentAt(r.at, r.line) < from).length;
          res({ synced, steady: m, mainRequests, mainRequestsBefore });
        } else if (m.type === 'error') rej(new Error(`memory child: ${m.message}`));
      });
      child.on('exit', (code) => {
        if (code) rej(new Error(`memory child exited with ${code}`));
      });
    });
  }

  note(`all-namespaces session over ${TOTAL_ROLLOUTS} rollouts in a child process`);
  const mem = await sessionChild();
  // the figure is taken after the window: the session has settled (its access reviews answered), after a full GC
  const growthMb = mem.steady.after.rssMb - mem.synced.before.rssMb;
  const heapGrowthMb = mem.steady.after.heapUsedMb - mem.synced.before.heapUsedMb;
  const perMin = (n: number, ms: number) => (n * 60_000) / ms;
  // beyond the open watches: a watch reopened when the server ends it (every timeoutSeconds = 300 s) is counted apart
  const childOther = mem.steady.requests.filter((l) => !isWatchLine(l));
  const mainOther = mem.mainRequests.filter((l) => !isWatchLine(l));
  const reopened = mem.steady.requests.length - childOther.length + mem.mainRequests.length - mainOther.length;
  const childPerMin = perMin(childOther.length, mem.steady.windowMs);
  const mainPerMin = perMin(mainOther.length, mem.steady.windowMs);
  const steadyPerMin = Math.max(childPerMin, mainPerMin);
  note(`memory: RSS +${f1(growthMb)} MB, heap +${f1(heapGrowthMb)} MB; steady requests/min ${f1(childPerMin)} (all namespaces), ${f1(mainPerMin)} (one namespace)`);

  // ---------------------------------------------------------------------------------------------------------------
  // watch → tree and watch → page: a status change written to the API server, seen in the tree node and the page

  const target: PageTarget = { context: ctxName, namespace: BIG, name: 'app-250' };
  const key = `${target.namespace}/${target.name}`;
  const statusPath = `${ROLLOUTS_PATH(target.namespace)}/${target.name}/status`;
  let browser: Browser | undefined;
  let page: RolloutPage | undefined;
  let pageProblem: string | undefined;
  if (!existsSync('/usr/bin/chromium')) pageProblem = 'no /usr/bin/chromium (bash e2e/install-code-server.sh installs it)';
  else if (!existsSync('dist/webview.js')) pageProblem = 'no dist/webview.js (node scripts/build.mjs builds it)';
  else {
    note('opening the rollout page in headless chromium');
    browser = await launch();
    page = await openPage(browser, 'dark');
    await page.send({ type: 'state', state: pageState(session, target) });
    await page.page.waitForSelector('#rollout-status');
    // the moment the page's text first shows the awaited token, stamped by the page itself (Date.now: same clock)
    await page.page.evaluate(`(() => {
      window.__seen = {};
      window.__want = '';
      const check = () => {
        const w = window.__want;
        if (w && !(w in window.__seen) && (document.getElementById('app')?.textContent ?? '').includes(w)) window.__seen[w] = Date.now();
      };
      new MutationObserver(check).observe(document.getElementById('app'), { subtree: true, childList: true, characterData: true });
    })()`);
  }

  const treeMs: number[] = [];
  const pageMs: number[] = [];
  const misses: string[] = [];
  /** the PATCH alone: sent → the API server's 200 */
  const patchMs: number[] = [];
  // what the extension does on a change naming the rollout: the tree rebuilds its node, the page host posts pageState
  let onChange: ((c: SessionChange) => void) | undefined;
  const sub = session.onDidChange((c) => onChange?.(c));
  for (let i = 0; i < CHANGE_WARMUP + CHANGES; i++) {
    const token = `bench change ${i} ${Math.random().toString(36).slice(2, 8)}`;
    const phase = i % 2 ? 'Paused' : 'Progressing';
    await page?.page.evaluate((w) => ((window as unknown as { __want: string }).__want = w), token);
    let writtenAt = 0;
    const seenInTree = new Promise<number>((res) => {
      onChange = (c) => {
        if (!c.structural && !c.changed.includes(key)) return;
        const entry = session.entryByKey(key);
        if (!entry) return;
        const node = rolloutNode(ctxName, entry, new Date());
        if (node.description?.startsWith(`${phase} ·`) && node.tooltip?.includes(token)) res(Date.now());
        // as RolloutPanel.push: the state is posted (VS Code's postMessage → here Playwright's window.postMessage)
        page?.send({ type: 'state', state: pageState(session, target) }).catch((e: unknown) => misses.push(`posting the state: ${String(e)}`));
      };
    });
    writtenAt = Date.now();
    const patched = await admin('PATCH', statusPath, { status: { phase, message: token } }, 'application/merge-patch+json');
    if (i >= CHANGE_WARMUP) patchMs.push(Date.now() - writtenAt);
    if (patched.status !== 200) throw new Error(`PATCH ${statusPath}: ${patched.status} ${patched.text.slice(0, 300)}`);
    const treeAt = await Promise.race([seenInTree, sleep(10_000).then(() => NaN)]);
    let pageAt = NaN;
    if (page) {
      pageAt = await page.page
        .waitForFunction((w) => (window as unknown as { __seen: Record<string, number> }).__seen[w], token, { timeout: 10_000 })
        .then((h) => h.jsonValue() as Promise<number>)
        .catch(() => NaN);
    }
    if (Number.isNaN(treeAt)) misses.push(`change ${i}: the tree node did not show it within 10 s`);
    if (page && Number.isNaN(pageAt)) misses.push(`change ${i}: the page did not show it within 10 s`);
    if (i >= CHANGE_WARMUP) {
      if (!Number.isNaN(treeAt)) treeMs.push(treeAt - writtenAt);
      if (!Number.isNaN(pageAt)) pageMs.push(pageAt - writtenAt);
    }
    await sleep(CHANGE_GAP_MS);
  }
  sub.dispose();
  note(`watch → tree median ${f1(median(treeMs))} ms, watch → page median ${f1(median(pageMs))} ms`);

  await page?.close();
  await browser?.close();
  session.dispose();
  await cluster.stop();

  // ---------------------------------------------------------------------------------------------------------------
  // Report

  log(
    `World: ${TOTAL_ROLLOUTS} canary rollouts in ${NAMESPACES} namespaces (${BIG_NAMESPACE_ROLLOUTS} in \`${BIG}\`), each with a ReplicaSet ` +
      `and its pods (${PODS_PER_ROLLOUT_BIG} each in \`${BIG}\`, 1 elsewhere): ${objects} objects, created in ${createS.toFixed(0)} s ` +
      `(${CREATE_CONCURRENCY} requests in flight). Sessions sync from a list, then only watch. Load average at the end: ` +
      `${loadavg().map((x) => x.toFixed(2)).join(' ')}.`,
  );
  log('');
  const met = (x: number, limit: number) => (!Number.isFinite(x) ? 'not measured' : x <= limit ? 'met' : 'NOT met');
  table(
    ['figure', 'measured', 'target', ''],
    [
      [`watch → tree node: status PATCH → change event → rolloutNode shows it (median of ${treeMs.length}, ms)`, f1(median(treeMs)), `≤ ${TARGETS.watchToTreeMs}`, met(median(treeMs), TARGETS.watchToTreeMs)],
      ['watch → tree node p95 (ms)', f1(percentile(treeMs, 0.95)), '–', ''],
      ['  of which the PATCH round trip (median, ms)', f1(median(patchMs)), '–', ''],
      [`watch → page: … → pageState posted → the page's DOM shows it (median of ${pageMs.length}, ms)`, pageProblem ? 'not measured' : f1(median(pageMs)), `≤ ${TARGETS.watchToPageMs}`, pageProblem ? pageProblem : met(median(pageMs), TARGETS.watchToPageMs)],
      ['watch → page p95 (ms)', f1(percentile(pageMs, 0.95)), '–', ''],
      [`tree for ${BIG_NAMESPACE_ROLLOUTS} rollouts: root + every rollout node + one rollout's children, ${treeNodes} nodes (median of ${TREE_BUILDS} builds after the first, ms)`, f1(tree500), `≤ ${TARGETS.tree500Ms}`, met(tree500, TARGETS.tree500Ms)],
      ['  the first build (cold JIT, ms)', f1(treeFirst), '–', ''],
      [`extension-host RSS growth: all-namespaces session + tree over ${mem.synced.entries} rollouts, settled, after GC (MB)`, f1(growthMb), `≤ ${TARGETS.extensionHostMb}`, met(growthMb, TARGETS.extensionHostMb)],
      ['  heap growth (MB)', f1(heapGrowthMb), '–', ''],
      ['  RSS before the session → synced → after the window; peak (MB)', `${f1(mem.synced.before.rssMb)} → ${f1(mem.synced.synced.rssMb)} → ${f1(mem.steady.after.rssMb)}; ${f1(mem.steady.after.peakRssMb)}`, '–', ''],
      ['  the same read right after the GC, before V8 returned the freed pages (MB)', `${f1(mem.synced.before.rssAtGcMb)} → ${f1(mem.synced.synced.rssAtGcMb)} → ${f1(mem.steady.after.rssAtGcMb)}`, '–', ''],
      ['  heap used before → synced → after the window (MB)', `${f1(mem.synced.before.heapUsedMb)} → ${f1(mem.synced.synced.heapUsedMb)} → ${f1(mem.steady.after.heapUsedMb)}`, '–', ''],
      ['  after the window: V8 heap total / external / RSS freed lazily (MADV_FREE) (MB)', `${f1(mem.steady.after.heapTotalMb)} / ${f1(mem.steady.after.externalMb)} / ${f1(mem.steady.after.lazyFreeMb)}`, '–', ''],
      ['  requests until synced and quiet: all namespaces / one namespace', `${mem.synced.requestsToSync} / ${mem.mainRequestsBefore}`, '–', ''],
      [`requests per minute at steady state, beyond the open watches (${STEADY_MS / 1000} s window, the busier session)`, f1(steadyPerMin), `= ${TARGETS.requestsPerMin}`, met(steadyPerMin, TARGETS.requestsPerMin)],
      ['  all-namespaces session / one-namespace session (requests in the window, watches apart)', `${childOther.length} / ${mainOther.length}`, '–', ''],
      ['  watches reopened in the window (both sessions; each reopens its 5 every 300 s)', reopened, '–', ''],
      ['  change events of the all-namespaces session in the window', mem.steady.changes, '–', ''],
      [`sync: one namespace (${BIG_NAMESPACE_ROLLOUTS} rollouts) / all namespaces (${TOTAL_ROLLOUTS}) (ms)`, `${f1(syncMs)} / ${f1(mem.synced.syncMs)}`, '–', ''],
    ],
  );
  for (const r of [...childOther, ...mainOther].slice(0, 10)) log(`- steady-state request: ${r}`);
  for (const m of misses) log(`PROBLEM: ${m}`);
  log('');
  log(`Live part wall time: ${((performance.now() - started) / 1000).toFixed(0)} s${QUICK ? ' (--quick)' : ''}.`);
  finish(
    {
      watchToTreeMs: median(treeMs),
      ...(pageProblem ? {} : { watchToPageMs: median(pageMs) }),
      tree500Ms: tree500,
      extensionHostMbAt2000Rollouts: growthMb,
      steadyStateRequestsPerMin: steadyPerMin,
    },
    misses.length ? 1 : 0,
  );
}

main().catch((e: unknown) => {
  note(`failed: ${e instanceof Error ? (e.stack ?? e.message) : String(e)}`);
  log(`PROBLEM: could not measure: ${e instanceof Error ? e.message : String(e)}`);
  finish({}, 1);
});
