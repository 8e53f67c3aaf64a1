// A workspace on disk for an LSP test file: its files written to a temporary folder, a server started on it, both gone
// after the file's tests. Apart from client.ts, which the benchmarks import too (this registers node:test hooks).
import { after, before } from 'node:test';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { LspClient } from './client';
import { writeFiles } from '../support/files';

/**
 * A workspace on disk for one test file: before its tests, `files` are written to a new temporary folder (named from
 * `prefix`), a server is started on it and its first read awaited; after them, the server stops and the folder goes.
 * `client` and `root` are set once the tests run.
 */
export function diskWorkspace(prefix: string, files: Record<string, string | Buffer>): { readonly client: LspClient; readonly root: string; uri(path: string): string } {
  let client: LspClient | undefined;
  let root = '';
  before(async () => {
    root = mkdtempSync(join(tmpdir(), prefix));
    writeFiles(root, files);
    client = await LspClient.start({ rootUri: pathToFileURL(root).href });
    await client.firstRead();
  });
  after(async () => {
    await client?.stop();
    if (root) rmSync(root, { recursive: true, force: true });
  });
  return {
    get client() {
      if (!client) throw new Error('the workspace\'s server runs only while its tests do');
      return client;
    },
    get root() {
      return root;
    },
    uri: (path: string) => pathToFileURL(join(root, path)).href,
  };
}
