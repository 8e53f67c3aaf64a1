// dist/server.js: starts the language server (dist/server-main.js) and, when given a folder for it, keeps V8's code
// cache of the server there. Most of a cold start is V8 compiling the 1.3 MB bundle and then the functions the first
// check runs (measured: spawn → first diagnostics 400 ms without, 240 ms with the cache). The cache is written once,
// after the first check has run (it then holds those functions too), and read on every later start; V8 refuses a cache
// made for another bundle, V8 version or flags, and the next start writes a new one.
//
//   node dist/server.js --stdio [--code-cache=DIR]       (or ROLLOUT_PILOT_CODE_CACHE=DIR)
//
// The extension passes a folder in its global storage. Without one nothing is written and the bundle loads as usual.
// Nothing here may stop the server: a cache that cannot be read or written is only reported (rolloutPilot/status).
import { mkdirSync, readdirSync, readFileSync, renameSync, statSync, unlinkSync, writeFileSync } from 'node:fs';
import Module, { createRequire } from 'node:module';
import { join } from 'node:path';
import { Script } from 'node:vm';
import { CODE_CACHE_HOOK, type CodeCacheHook } from './lsp/codeCache';

const MAIN = join(__dirname, 'server-main.js');
const PREFIX = 'server-';

function cacheFolder(): string | undefined {
  const arg = process.argv.find((a) => a.startsWith('--code-cache='));
  const dir = arg ? arg.slice('--code-cache='.length) : process.env.ROLLOUT_PILOT_CODE_CACHE;
  return dir ? dir : undefined;
}

function start(dir: string): void {
  const source = readFileSync(MAIN, 'utf8');
  const st = statSync(MAIN);
  // one cache per bundle (its size and time), V8 and architecture: an upgrade never meets an old cache
  const name = `${PREFIX}${st.size}-${Math.floor(st.mtimeMs)}-${process.versions.v8}-${process.arch}.cache`;
  const file = join(dir, name);
  let cachedData: Buffer | undefined;
  try {
    cachedData = readFileSync(file);
  } catch {
    cachedData = undefined;
  }
  const script = new Script(Module.wrap(source), { filename: MAIN, ...(cachedData ? { cachedData } : {}) });
  const hook: CodeCacheHook = {
    state: cachedData === undefined ? 'none' : script.cachedDataRejected ? 'rejected' : 'used',
    folder: dir,
    save() {
      if (hook.state === 'used' || hook.state === 'written') return;
      try {
        const data = script.createCachedData();
        mkdirSync(dir, { recursive: true });
        // written aside and renamed: a server starting meanwhile reads the old file or the whole new one
        const tmp = `${file}.${process.pid}.tmp`;
        writeFileSync(tmp, data);
        renameSync(tmp, file);
        for (const other of readdirSync(dir)) {
          if (other !== name && other.startsWith(PREFIX) && other.endsWith('.cache')) unlinkSync(join(dir, other));
        }
        hook.state = 'written';
      } catch (err) {
        hook.state = 'failed';
        hook.error = err instanceof Error ? err.message : String(err);
      }
    },
  };
  (globalThis as Record<symbol, unknown>)[CODE_CACHE_HOOK] = hook;
  const mod = new Module(MAIN, module);
  mod.filename = MAIN;
  const wrapper = script.runInThisContext() as (exports: unknown, require: NodeJS.Require, module: Module, filename: string, dirname: string) => void;
  wrapper.call(mod.exports, mod.exports, createRequire(MAIN), mod, MAIN, __dirname);
}

const dir = cacheFolder();
if (dir === undefined) module.require(MAIN);
else start(dir);
