// dist/lint-worker.js: a worker of `rollout-pilot lint` (started by cli/lintPool.ts for a run of many files). It is
// sent every input once; reads the batches of files it is given (their documents parsed and checked on their own, as
// the engine caches them, and their facts taken from those models); builds the whole workspace index from every
// file's facts; then lints batches of files against it (cli/lintProtocol.ts).
import { parentPort } from 'node:worker_threads';
import { Linter } from '../server/src/core/engine';
import type { Finding, LintOptions } from '../server/src/core/types';
import { fileFacts, type ChunkFacts, type WorkspaceIndex } from '../server/src/core/workspace/index';
import { useEnvironmentCopy } from '../server/src/environment';
import { indexFromFacts } from './lintIndex';
import type { LintAnswer, LintInput, LintRequest } from './lintProtocol';

// the YAML parser reads the environment at every token (server/src/environment.ts); a worker has an environment of its own
useEnvironmentCopy();

let run: { inputs: LintInput[]; roots: string[]; options: LintOptions } | undefined;
let index: WorkspaceIndex | undefined;
/** a rule or the engine failed during the current check */
let failed = false;
/** the files on which something failed when they were read */
const broken = new Set<number>();
/**
 * Documents kept parsed between a file's read and its lint: a parsed Rollout holds ~35 KB, so at most ~140 MB. Past
 * that the oldest are dropped, and parsed again when their file is linted (the main thread lints the most recent
 * reads first).
 */
const KEPT_DOCUMENTS = 4096;
// as the main thread's (cli/lint.ts): a rule that throws costs only its findings, and the file is marked
const linter = new Linter(KEPT_DOCUMENTS, () => {
  failed = true;
});

function loaded(): NonNullable<typeof run> {
  if (!run) throw new Error('no inputs were sent');
  return run;
}

function input(i: number): LintInput {
  const found = run?.inputs[i];
  if (!found) throw new Error(`no input ${i} was sent`);
  return found;
}

/**
 * The file's documents parsed and checked on their own (the engine's cache keeps them for `lintOne`, without the
 * file's name: they stay until they are linted or KEPT_DOCUMENTS pushes them out), and its facts from them.
 */
function read(i: number): ChunkFacts[] | null {
  const { key, text, indexed, checked } = input(i);
  if (!checked) return indexed ? fileFacts(key, text) : null; // for the index only: nothing to keep parsed
  failed = false;
  try {
    linter.lint(text.replace(/^\uFEFF/, ''), loaded().options);
  } catch {
    failed = true;
  }
  if (failed) broken.add(i);
  return indexed ? fileFacts(key, text, (documentText) => linter.cachedDocument(documentText)) : null;
}

/**
 * The file's findings as the main thread's loop finds them; null when anything failed on it, here or when it was
 * read (a failure is reported by the main thread, which checks the file again).
 */
function lintOne(i: number): Finding[] | null {
  const { key, text, checked } = input(i);
  if (!checked) return [];
  if (!index) throw new Error('no index was sent');
  failed = broken.has(i);
  try {
    const findings = linter.lint(text.replace(/^\uFEFF/, ''), loaded().options, key, index);
    linter.forget(key);
    // a failure on a document that another file holds too was cached with it, without a second call to the handler
    return failed || findings.some((f) => f.code === 'internal-error') ? null : findings;
  } catch {
    return null;
  }
}

function answer(req: LintRequest): LintAnswer {
  switch (req.type) {
    case 'load':
      run = { inputs: req.inputs, roots: req.roots, options: req.options };
      index = undefined;
      broken.clear();
      return { id: req.id, type: 'done' };
    case 'read':
      return { id: req.id, type: 'read', facts: req.files.map(read) };
    case 'index':
      index = undefined;
      index = indexFromFacts(loaded().roots, loaded().inputs, req.facts);
      return { id: req.id, type: 'done' };
    case 'lint':
      return { id: req.id, type: 'linted', findings: req.files.map(lintOne) };
  }
}

parentPort?.on('message', (req: LintRequest) => {
  let reply: LintAnswer | { id: number; error: string };
  try {
    reply = answer(req);
  } catch (err) {
    reply = { id: req.id, error: err instanceof Error ? err.message : String(err) };
  }
  parentPort!.postMessage(reply);
});
