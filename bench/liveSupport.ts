// Small helpers shared by the live bench (bench/live.ts) and its memory child (bench/liveSession.ts).

/** A line of the session's `log` option that is a request sent to the API server (a watch opened counts too). */
export function isRequestLine(line: string): boolean {
  return /^(GET|POST|PUT|PATCH|DELETE) \//.test(line);
}

/** When a logged request was sent: the log line is written when it ends and says how long it took (`… 201 12 ms`). */
export function sentAt(loggedAt: number, line: string): number {
  const m = / (\d+) ms(?::|$)/.exec(line);
  return m ? loggedAt - Number(m[1]) : loggedAt;
}

/** A watch (re)opened: the session keeps its watches open by reopening each when the server ends it (timeoutSeconds). */
export function isWatchLine(line: string): boolean {
  return line.includes('?watch=true');
}

export const sleep = (ms: number) => new Promise<void>((r) => setTimeout(r, ms));

/** Resolves once `ready()` holds (checked every 50 ms); rejects with `why()` after `timeoutMs`. */
export async function waitFor(ready: () => boolean, timeoutMs: number, why: () => string): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!ready()) {
    if (Date.now() > deadline) throw new Error(`timed out after ${Math.round(timeoutMs / 1000)} s: ${why()}`);
    await sleep(50);
  }
}

/** Resolves once nothing happened for `quietMs` (`lastAt()` is the time of the latest event), or after `timeoutMs`. */
export async function waitForQuiet(lastAt: () => number, quietMs: number, timeoutMs: number): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() - lastAt() < quietMs && Date.now() < deadline) await sleep(100);
}

/** Runs `fn` over `items` with at most `limit` calls in flight; the first failure rejects (the rest are not started). */
export async function inParallel<T>(items: readonly T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  let failed = false;
  const worker = async () => {
    while (!failed && next < items.length) {
      const item = items[next++] as T;
      try {
        await fn(item);
      } catch (e) {
        failed = true;
        throw e;
      }
    }
  };
  await Promise.all(Array.from({ length: Math.min(limit, items.length) }, worker));
}

export function median(xs: readonly number[]): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  const m = s.length >> 1;
  return s.length % 2 ? (s[m] as number) : ((s[m - 1] as number) + (s[m] as number)) / 2;
}

/** The nearest-rank percentile (p in 0..1). */
export function percentile(xs: readonly number[], p: number): number {
  if (xs.length === 0) return NaN;
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.ceil(p * s.length) - 1)] as number;
}
