// The server's side of the code cache that dist/server.js (boot.ts) keeps: how it went, and the moment to write it.
// The two bundles share nothing but this global, so the hook is found under a registered symbol.

export const CODE_CACHE_HOOK = Symbol.for('rollout-pilot.code-cache');

/** `none`: no cache yet (written after the first check); `rejected`: V8 refused it (another bundle/V8/flags). */
export type CodeCacheState = 'off' | 'none' | 'used' | 'rejected' | 'written' | 'failed';

export interface CodeCacheHook {
  state: CodeCacheState;
  folder: string;
  error?: string;
  save(): void;
}

function hook(): CodeCacheHook | undefined {
  return (globalThis as Record<symbol, CodeCacheHook | undefined>)[CODE_CACHE_HOOK];
}

export function codeCacheState(): CodeCacheState {
  return hook()?.state ?? 'off';
}

let saved = false;
/** After the first check is published: V8's cache then holds the code of the start and of a check. */
export function saveCodeCache(): void {
  if (saved) return;
  saved = true;
  const h = hook();
  if (h && h.state !== 'used') setImmediate(() => h.save());
}
