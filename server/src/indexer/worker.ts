// dist/index-worker.js: an index worker of the language server (started by pool.ts during the first scan of the
// workspace). It reads the files it is sent and the facts of their documents (the YAML parse is most of a scan), so
// the main thread only registers them and stays free to answer the editor.
import { parentPort } from 'node:worker_threads';
import { fileFacts } from '../core/workspace/index';
import { useEnvironmentCopy } from '../environment';
import { diskTextSync } from './diskText';
import type { FileRead, ReadReply, ReadRequest } from './protocol';

// the YAML parser reads the environment at every token (environment.ts); a worker has an environment of its own
useEnvironmentCopy();

function read(path: string, maxBytes: number): FileRead {
  const text = diskTextSync(path, maxBytes);
  if (text === undefined) return {};
  return { text, facts: fileFacts(path, text) };
}

parentPort?.on('message', (req: ReadRequest) => {
  let reply: ReadReply;
  try {
    reply = { id: req.id, files: req.paths.map((p) => read(p, req.maxBytes)) };
  } catch (err) {
    reply = { id: req.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
