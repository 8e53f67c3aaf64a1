// How the extension starts the language server's Node (extension/src/languageClient.ts), shared with the benchmarks
// so that they measure the server as started there. The data is launch.json (scripts/bench.mjs, plain JavaScript,
// reads it too).
import launch from './launch.json';

/** V8 flags: a 4 MB young generation (docs/bench.md, "Memory"). */
export const SERVER_EXEC_ARGV: string[] = launch.execArgv;

/** The server's environment over its parent's: the variables that make Node work at start for a server that never
 * uses them, left out. With NODE_EXTRA_CA_CERTS set (as on machines behind a corporate proxy), Node 20 reads that file
 * and builds its whole root certificate store before the first line of the server runs: ~90 ms of every start on the
 * benchmark's machine (nodejs/node#40524); the server opens no TLS connection. vscode-languageclient lays `env` over
 * process.env, and child_process leaves out a variable whose value is undefined. */
export const SERVER_ENV: Record<string, undefined> = Object.fromEntries(launch.unsetEnv.map((name) => [name, undefined]));
