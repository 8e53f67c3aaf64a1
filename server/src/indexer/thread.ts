// One worker thread of a pool and the requests it has not answered yet: the language server's index workers (pool.ts)
// and `rollout-pilot lint`'s workers (cli/lintPool.ts). Every request carries an id and gets one reply with that id:
// its answer, or `{ id, error }`. Whatever goes wrong with the worker (it cannot start, it dies, it throws) rejects
// its requests, and every later one.
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';
import type { Worker } from 'node:worker_threads';

/** A worker's reply when it could not answer request `id`. */
export interface Failed {
  id: number;
  error: string;
}

/** `node:worker_threads`, loaded when a pool starts: loading it costs a server's every start ~4 ms. */
function workerThreads(): typeof import('node:worker_threads') {
  return createRequire(__filename)('node:worker_threads') as typeof import('node:worker_threads');
}

interface Pending<A> {
  resolve: (answer: A) => void;
  reject: (err: Error) => void;
}

/** A worker answering `Req` with `Answer` (or `Failed`). `what` names it in errors ("the index worker"). */
export class WorkerThread<Req extends { id: number }, Answer extends { id: number }> {
  readonly pending = new Map<number, Pending<Answer>>();
  private dead: Error | undefined;

  constructor(
    private readonly worker: Worker,
    what: string,
  ) {
    worker.on('message', (reply: Answer | Failed) => {
      const p = this.pending.get(reply.id);
      if (!p) return;
      this.pending.delete(reply.id);
      if (this.pending.size === 0) worker.unref();
      if ('error' in reply) p.reject(new Error(reply.error));
      else p.resolve(reply);
    });
    worker.on('error', (err) => this.fail(err));
    worker.on('exit', (code) => this.fail(new Error(`${what} exited (code ${code})`)));
    // a worker waiting for work does not keep the process alive (one with work does)
    worker.unref();
  }

  send(req: Req): Promise<Answer> {
    if (this.dead) return Promise.reject(this.dead);
    return new Promise<Answer>((resolve, reject) => {
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

  /** Stops the worker; its requests in flight are rejected with `why`. */
  terminate(why: string): void {
    this.fail(new Error(why));
    void this.worker.terminate();
  }
}

/** Up to `size` workers running `script`: none when there is no such file, fewer when some cannot start. */
export function startWorkers<Req extends { id: number }, Answer extends { id: number }>(script: string, size: number, what: string): Array<WorkerThread<Req, Answer>> {
  const threads: Array<WorkerThread<Req, Answer>> = [];
  if (size < 1 || !existsSync(script)) return threads;
  for (let i = 0; i < size; i++) {
    try {
      threads.push(new WorkerThread<Req, Answer>(new (workerThreads().Worker)(script), what));
    } catch {
      break;
    }
  }
  return threads;
}
