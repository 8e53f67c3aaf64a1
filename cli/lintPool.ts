// `rollout-pilot lint` over many files on worker threads (cli/lintWorker.ts; --jobs). Two rounds over batches of files:
// first each worker reads the batches it takes, whichever worker is free (it parses and checks their documents on
// their own and finds their facts, the parse that indexing needs); then each builds the whole workspace index from
// every file's facts and lints the batches it read (their documents parsed already), then helps the others with
// theirs. The main thread only hands out the work and gathers it in the inputs' order: the run prints exactly what
// it prints without workers. A worker that cannot start, dies or fails a batch costs only time: a batch no worker
// read has its facts found on the main thread, and a file no worker linted is linted there (by cli/lint.ts's loop).
import type { Finding, LintOptions } from '../server/src/core/types';
import { fileFacts, type ChunkFacts } from '../server/src/core/workspace/index';
import { startWorkers, type WorkerThread } from '../server/src/indexer/thread';
import type { LintAnswer, LintInput, LintRequest, LintTask } from './lintProtocol';

type Thread = WorkerThread<LintRequest, LintAnswer>;

/** What the workers did. */
export interface PooledLint {
  /** per input, `fileFacts` of its text (null: not indexed) */
  facts: Array<ChunkFacts[] | null>;
  /** per input, its findings (unsorted); undefined: the main thread lints it */
  findings: Array<Finding[] | undefined>;
}

/** Files per batch: small enough that the workers end together, large enough that messages cost little. */
export function batchSize(files: number, workers: number): number {
  return Math.max(8, Math.min(64, Math.ceil(files / (workers * 8))));
}

function batches(files: number, size: number): number[][] {
  const out: number[][] = [];
  for (let from = 0; from < files; from += size) out.push(Array.from({ length: Math.min(size, files - from) }, (_, j) => from + j));
  return out;
}

/**
 * Runs the batches `next` gives each thread, two in flight per thread (one is sent while the other is worked on),
 * until it gives none. A thread whose batch fails is added to `failed` and given no more.
 */
async function share(threads: Thread[], failed: Set<Thread>, next: (t: Thread) => number[] | undefined, run: (t: Thread, batch: number[]) => Promise<void>): Promise<void> {
  const lane = async (t: Thread) => {
    while (!failed.has(t)) {
      const batch = next(t);
      if (!batch) return;
      try {
        await run(t, batch);
      } catch {
        failed.add(t);
      }
    }
  };
  await Promise.all(threads.flatMap((t) => [lane(t), lane(t)]));
}

/** An answer of the expected type and length, or an error (the batch is then done on the main thread). */
function expect<T extends LintAnswer['type']>(a: LintAnswer, type: T, length: number): Extract<LintAnswer, { type: T }> {
  if (a.type !== type) throw new Error(`a lint worker answered '${a.type}', not '${type}'`);
  const got = a.type === 'read' ? a.facts.length : a.type === 'linted' ? a.findings.length : length;
  if (got !== length) throw new Error(`a lint worker answered for ${got} files, not ${length}`);
  return a as Extract<LintAnswer, { type: T }>;
}

/**
 * The facts and findings of `inputs` found by up to `jobs` workers running `script` (dist/lint-worker.js); undefined
 * when none started (no workers wanted, no such script): the caller then does it all itself.
 */
export async function lintInWorkers(inputs: LintInput[], roots: string[], options: LintOptions, jobs: number, script: string): Promise<PooledLint | undefined> {
  const threads = startWorkers<LintRequest, LintAnswer>(script, jobs, 'a lint worker');
  if (threads.length === 0) return undefined;
  const failed = new Set<Thread>();
  let id = 0;
  const ask = (t: Thread, task: LintTask): Promise<LintAnswer> => t.send({ ...task, id: id++ });
  // a worker that failed these fails its batches too (they wait behind them): nothing else to do about it here
  const quiet = () => undefined;
  try {
    for (const t of threads) ask(t, { type: 'load', inputs, roots, options }).catch(quiet);

    // round 1: each batch read by the first free worker
    const todo = batches(inputs.length, batchSize(inputs.length, threads.length));
    const readBy = new Map<Thread, number[][]>(threads.map((t) => [t, []]));
    const facts: Array<ChunkFacts[] | null> = inputs.map(() => null);
    let taken = 0;
    await share(threads, failed, () => todo[taken++], async (t, batch) => {
      const a = expect(await ask(t, { type: 'read', files: batch }), 'read', batch.length);
      batch.forEach((i, j) => (facts[i] = a.facts[j] ?? null));
      readBy.get(t)!.push(batch);
    });
    const live = threads.filter((t) => !failed.has(t));
    const read = new Set(live.flatMap((t) => readBy.get(t)!));
    const unread = todo.filter((b) => !read.has(b));
    for (const batch of unread) for (const i of batch) if (inputs[i]!.indexed) facts[i] = fileFacts(inputs[i]!.key, inputs[i]!.text);

    // round 2: each worker lints what it read, the latest reads first (their documents are the likeliest to be still
    // parsed: lintWorker.ts keeps a bounded number), then the batches nobody read, then the oldest reads of another
    for (const t of live) ask(t, { type: 'index', facts }).catch(quiet);
    const own = new Map(live.map((t) => [t, readBy.get(t)!]));
    const steal = (): number[] | undefined => {
      let most: number[][] | undefined;
      for (const q of own.values()) if (q.length > (most?.length ?? 0)) most = q;
      return most?.shift();
    };
    const findings: Array<Finding[] | undefined> = inputs.map(() => undefined);
    await share(live, failed, (t) => own.get(t)!.pop() ?? unread.pop() ?? steal(), async (t, batch) => {
      const a = expect(await ask(t, { type: 'lint', files: batch }), 'linted', batch.length);
      batch.forEach((i, j) => (findings[i] = a.findings[j] ?? undefined));
    });
    return { facts, findings };
  } finally {
    for (const t of threads) t.terminate('the lint workers were stopped');
  }
}
