// The messages between the language server's main thread and its index workers (worker.ts, started by pool.ts). The
// main thread sends batches of file paths; a worker reads each file and the facts of its documents and sends them
// back. Plain data only (structured clone).
import type { ChunkFacts } from '../core/workspace/index';

/** main → worker: read these files (each at most `maxBytes`). */
export interface ReadRequest {
  id: number;
  paths: string[];
  maxBytes: number;
}

/** One file as read: no text when it is missing, not a file, too large or not UTF-8 text. */
export interface FileRead {
  text?: string;
  /** `fileFacts(path, text)` */
  facts?: ChunkFacts[];
}

/** worker → main: the files of request `id`, in its order, or why the worker could not read them. */
export type ReadReply = { id: number; files: FileRead[] } | { id: number; error: string };
