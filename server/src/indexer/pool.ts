// Index workers (worker.ts) for the first scan of a large workspace: the files are read and parsed on other threads
// while the main thread registers what they found and keeps answering the editor. Started for one scan and ended
// after it. Whatever goes wrong with a worker (it cannot start, it dies, it throws) rejects that worker's batches, and
// the caller reads them on the main thread as it does without workers.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import { availableParallelism } from 'node:os';
import type { Worker } from 'node:worker_threads';
import type { FileRead, ReadReply, ReadRequest } from './protocol';

/** `node:worker_threads`, loaded when a pool starts: loading it costs a server's every start ~4 ms. */
function workerThreads(): typeof import('node:worker_threads') {
  return createRequire(__filename)('node:worker_threads') as typeof import('node:worker_threads');
}

interface Pending {
  resolve: (files: FileRead[]) => void;
  reject: (err: Error) => void;
}

class Thread {
  readonly pending = new Map<number, Pending>();
  private dead: Error | undefined;

  constructor(private readonly worker: Worker) {
    worker.on('message', (reply: ReadReply) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ('error' in reply) p.reject(new Error(reply.error));
      else p.resolve(reply.files);
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`the index worker exited (code ${code})`)));
    // a worker waiting for work does not keep the process alive (one with work does)
    worker.unref();
  }

  send(req: ReadRequest): Promise<FileRead[]> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise<FileRead[]>((resolve, reject) => {
      if (this.pending.size === 0) this.worker.ref();
      this.pending.set(req.id, { resolve, reject });
      this.worker.postMessage(req);
    });
  }

  private fail(err: Error): void {
    this.dead ??= err;
    for (const p of this.pending.values()) p.reject(err);
    this.pending.clear();
  }

  terminate(): void {
    this.fail(new Error('the index workers were stopped'));
    void this.worker.terminate();
  }
}

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
    if (size < 1 || !existsSync(script)) return undefined;
    const threads: Thread[] = [];
    for (let i = 0; i < size; i++) {
      try {
        threads.push(new Thread(new (workerThreads().Worker)(script)));
      } catch {
        break;
      }
    }
    return threads.length > 0 ? new IndexPool(threads) : undefined;
  }

  get size(): number {
    return this.threads.length;
  }

  /** Reads `paths` (each at most `maxBytes`) on the least busy worker: their texts and facts, in order. */
  read(paths: string[], maxBytes: number): Promise<FileRead[]> {
    let thread = this.threads[0]!;
    for (const t of this.threads) if (t.pending.size < thread.pending.size) thread = t;
    return thread.send({ id: this.nextId++, paths, maxBytes });
  }

  dispose(): void {
    for (const t of this.threads) t.terminate();
  }
}
