// The messages between `rollout-pilot lint` and its workers (cli/lintWorker.ts, started by cli/lintPool.ts). The main
// thread sends every input once (`load`). A worker then reads the batches of files it is given (`read`: it parses and
// checks their documents on their own, keeps them, and answers their facts); gets every file's facts (`index`) and
// builds the whole workspace index from them; and lints batches of files against it (`lint`): the ones it read take
// no second parse. Files are named by their place in `load`'s list. Plain data only (structured clone); a request a
// worker cannot answer gets `{ id, error }` (server/src/indexer/thread.ts).
import type { Finding, LintOptions } from '../server/src/core/types';
import type { ChunkFacts } from '../server/src/core/workspace/index';

/**
 * One input as the main thread read it. `indexed`: its facts go into the workspace index (it is not too long);
 * `checked`: it is linted (false: a file of a kustomize build around the files named, read only for the index).
 */
export interface LintInput {
  key: string;
  text: string;
  indexed: boolean;
  checked: boolean;
}

/** What a worker is asked to do. */
export type LintTask =
  | { type: 'load'; inputs: LintInput[]; roots: string[]; options: LintOptions }
  | { type: 'read'; files: number[] }
  /** per input, `fileFacts` of its text, or null when it is not indexed */
  | { type: 'index'; facts: Array<ChunkFacts[] | null> }
  | { type: 'lint'; files: number[] };

export type LintRequest = LintTask & { id: number };

export type LintAnswer =
  | { id: number; type: 'done' }
  /** per file read, `fileFacts` of its text (null: not indexed), in order */
  | { id: number; type: 'read'; facts: Array<ChunkFacts[] | null> }
  /**
   * The engine's findings for each file asked for, in order and unsorted; null when a rule or the engine failed on it
   * (the main thread lints it again, to report the failure as it does without workers)
   */
  | { id: number; type: 'linted'; findings: Array<Finding[] | null> };
