// Index workers (worker.ts) for the first scan of a large workspace: the files are read and parsed on other threads
// while the main thread registers what they found and keeps answering the editor. Started for one scan and ended
// after it. Whatever goes wrong with a worker (it cannot start, it dies, it throws) rejects that worker's batches, and
// the caller reads them on the main thread as it does without workers.
import { availableParallelism } from 'node:os';
import type { FileRead, ReadReply, ReadRequest } from './protocol';
import { startWorkers, type WorkerThread } from './thread';

type Thread = WorkerThread<ReadRequest, Exclude<ReadReply, { error: string }>>;

/**
 * A first scan (or a `rollout-pilot lint` run) of fewer files stays on the main thread: starting workers would cost
 * more than they save.
 */
export const POOL_MIN_FILES = 200;

/**
 * How many workers a scan uses: `ROLLOUT_PILOT_INDEX_WORKERS` when it is a number (0: none; at most 8), else one per
 * core, at most 4, and none on one core (a worker would only take turns with the main thread).
 */
export function workerCount(cores = availableParallelism(), setting = process.env.ROLLOUT_PILOT_INDEX_WORKERS ?? ''): number {
  const n = Number.parseInt(setting, 10);
  if (Number.isInteger(n) && n >= 0) return Math.min(n, 8);
  return cores < 2 ? 0 : Math.min(4, cores);
}

export class IndexPool {
  private nextId = 0;
  private constructor(private readonly threads: Thread[]) {}

  /** Workers running `script` (dist/index-worker.js), or undefined when there is no such file or none could start. */
  static start(script: string, size = workerCount()): IndexPool | undefined {
    const threads: Thread[] = startWorkers(script, size, 'the index worker');
    return threads.length > 0 ? new IndexPool(threads) : undefined;
  }

  get size(): number {
    return this.threads.length;
  }

  /** Reads `paths` (each at most `maxBytes`) on the least busy worker: their texts and facts, in order. */
  read(paths: string[], maxBytes: number): Promise<FileRead[]> {
    let thread = this.threads[0]!;
    for (const t of this.threads) if (t.pending.size < thread.pending.size) thread = t;
    return thread.send({ id: this.nextId++, paths, maxBytes }).then((reply) => reply.files);
  }

  dispose(): void {
    for (const t of this.threads) t.terminate('the index workers were stopped');
  }
}
