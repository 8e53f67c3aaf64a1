// The `yaml` parser reads `process.env.LOG_TOKENS` at every token it parses and `process.env.LOG_STREAM` at every
// document (yaml 2.8: dist/parse/parser.js `next`, dist/compose/composer.js `next`). Node's `process.env` is not an
// object but an accessor into the C environment, and each read costs a lookup and a string copy: in a process where it
// is a plain object, `parseAllDocuments` of the bench's 100-document file takes 48 ms instead of 60-64 ms, and a full
// check 69-80 ms instead of 82-93 ms (same machine, same run). The processes that parse YAML for a living — the
// language server, its index workers, `rollout-pilot lint` — read their environment from such a copy, taken once at
// start. Nothing in them writes to the environment; a child process started with `process.env` gets the copy.
//
// On Windows the environment's names are case-insensitive (`Path` is `PATH`): the copy also holds each name in upper
// case, as code written for Unix reads it.

/** Replaces `process.env` with a plain copy of it (see above). */
export function useEnvironmentCopy(): void {
  const copy: NodeJS.ProcessEnv = { ...process.env };
  if (process.platform === 'win32') {
    for (const [name, value] of Object.entries(copy)) {
      const upper = name.toUpperCase();
      if (!(upper in copy)) copy[upper] = value;
    }
  }
  process.env = copy;
}
