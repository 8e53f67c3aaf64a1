// The workspace the link rules look across: on `initialized` the YAML files of the workspace folders are read from
// disk into a WorkspaceIndex (core/workspace/index.ts) in slices, so the server keeps answering; then
// workspace/didChangeWatchedFiles (registered for `**/*.{yaml,yml}` when the client allows it) keeps it in step with
// the disk, and open documents replace their file's disk text until they close. After a change only the open
// documents that link to what changed are re-checked; a keystroke re-reads the one document it changed, never the
// workspace. A document outside the workspace folders brings the kustomize builds around it while it is open,
// followed through watchers of their folders and of the folders above it when the client takes watchers with a base
// folder, and through the kustomizations open in the editor (readAround, contextChanges, kustomizationEdited, release).
import { statSync } from 'node:fs';
import { basename, dirname, join, sep } from 'node:path';
import { fileURLToPath } from 'node:url';
import { type Disposable, type InitializeParams } from 'vscode-languageserver/node';
import { DidChangeWatchedFilesNotification, FileChangeType } from '../lsp';
import { WorkspaceIndex, type Affected } from '../../core/workspace/index';
import { KUSTOMIZATION_NAMES } from '../../core/workspace/kustomize';
import { diskText, diskTextSync } from '../../indexer/diskText';
import { kustomizeContext } from '../../indexer/kustomizeContext';
import { IndexPool, POOL_MIN_FILES } from '../../indexer/pool';
import { YAML_NAME, yamlFiles } from '../../indexer/walk';
import type { FileRead } from '../../indexer/protocol';
import type { Feature, FeatureContext } from './feature';

/** A file: URI spelled as VS Code spells it (every character but [A-Za-z0-9-._~/] percent-encoded). */
export function fileUri(path: string): string {
  const p = path.replace(/\\/g, '/');
  const withRoot = p.startsWith('/') ? p : `/${p}`;
  const encoded = withRoot
    .split('/')
    .map((seg) => encodeURIComponent(seg).replace(/[!'()*]/g, (c) => `%${c.charCodeAt(0).toString(16).toUpperCase()}`))
    .join('/');
  // a Windows drive letter: VS Code writes it lower case with an encoded colon (file:///c%3A/…)
  return `file://${encoded.replace(/^\/([A-Za-z])%3A/, (_m, d: string) => `/${d.toLowerCase()}%3A`)}`;
}

/** The index's name for a document URI: file: URIs re-spelled as fileUri does, others as they are. */
export function indexKey(uri: string): string {
  if (!uri.startsWith('file:')) return uri;
  try {
    return fileUri(fileURLToPath(uri));
  } catch {
    return uri;
  }
}

/** The index worker's bundle, beside the server's (scripts/build.mjs); without it (the sources run as they are) the
 * first scan reads every file on the main thread. */
const WORKER_SCRIPT = join(__dirname, 'index-worker.js');

/** Stops the first scan (and says so) past this many YAML files: the links are then never "not found". */
const MAX_FILES = 100_000;
/** Files read at once during the first scan (their reads overlap the indexing of the batch before). */
const READ_BATCH = 32;
/** Open documents at least this long are re-indexed after a pause in typing, not on every keystroke. */
const LARGE_TEXT = 256 * 1024;
const LARGE_TEXT_DELAY_MS = 300;
/** Index work runs in slices this long between turns of the event loop. */
const SLICE_MS = 8;
/** The first read pauses until documents have been neither opened nor edited for this long (at most MAX_GIVE_WAY_MS
 * at a time): the documents on screen are checked first. */
const QUIET_MS = 300;
const MAX_GIVE_WAY_MS = 3000;
/**
 * At most this many files of the builds around a document outside the workspace folders: they are read before its
 * first check, on the server's one thread (an overlay's build is a few dozen; a whole monorepo's would stall it).
 */
const MAX_CONTEXT_FILES = 300;

/** What a context's watchers report: the YAML files of one folder, not of its subfolders (a repository's root can
 * hold thousands of folders; a recursive watch there would take that many of the system's file watches). */
const FOLDER_YAML = '*.{yaml,yml}';
/** What a context's watchers report of a folder its walk up visits (walkUp) that no build names: its kustomization
 * only, so one created there (none may be yet) walks the builds again; the rest of such a folder (a home folder, a
 * repository's root) is none of the builds' business. */
const FOLDER_KUSTOMIZATION = `{${KUSTOMIZATION_NAMES.join(',')}}`;
/** Both: a folder the builds name on the walk up (the document's own, mostly). One watcher per folder, so a change is
 * reported once; `Kustomization` has no extension for FOLDER_YAML to match. */
const FOLDER_YAML_AND_KUSTOMIZATION = `{*.yaml,*.yml,${KUSTOMIZATION_NAMES.filter((n) => !YAML_NAME.test(n)).join(',')}}`;
/** An open kustomization walks the builds it concerns again after a pause this long in its edits (the walk reads up to
 * MAX_CONTEXT_FILES files on the server's thread: not on every keystroke). */
const KUSTOMIZATION_DELAY_MS = 300;

/** `path` is `folder` or inside it. */
function within(path: string, folder: string): boolean {
  return path === folder || path.startsWith(folder.endsWith(sep) ? folder : `${folder}${sep}`);
}

/** Changes that concern every open document are gathered this long before they re-check them. */
const ALL_DELAY_MS = 50;

export interface WorkspaceFeature extends Feature {
  readonly index: WorkspaceIndex;
  /** Resolves when the first scan has ended (tests, the bench). */
  readonly scanned: Promise<void>;
}

export function attachWorkspace(ctx: FeatureContext): WorkspaceFeature {
  const index = new WorkspaceIndex({ ready: false, parsed: (text) => ctx.linter.cachedDocument(text) });
  /** index key → the URI the client uses, for the open documents */
  const open = new Map<string, string>();
  let rootPaths: string[] = [];
  let canWatch = false;
  /** the client takes watchers with a base folder (LSP 3.17 RelativePattern): the contexts' folders are watched */
  let canWatchRelative = false;
  let foldersChange = false;
  let disposed = false;
  let scanDone!: () => void;
  const scanned = new Promise<void>((resolve) => (scanDone = resolve));

  let allTimer: NodeJS.Timeout | undefined;
  function revalidate(affected: Affected): void {
    if (!index.ready) return; // the end of the scan re-checks everything
    if (affected === 'all') {
      // a burst of such changes (a folder of templates opened) re-checks each open document once
      allTimer ??= setTimeout(() => {
        allTimer = undefined;
        if (!disposed) for (const uri of open.values()) ctx.revalidate(uri);
      }, ALL_DELAY_MS);
      return;
    }
    for (const key of affected) {
      const uri = open.get(key);
      if (uri) ctx.revalidate(uri);
    }
  }

  function inRoots(path: string): boolean {
    return rootPaths.some((r) => within(path, r));
  }

  /** When the editor last opened or changed a document: the first read gives way to those documents' checks. */
  let lastActivity = 0;
  let sliceStart = performance.now();

  /**
   * Between slices of the first read: one turn of the event loop, and more while a check of an open document runs or
   * documents were opened or edited just now, so the documents on screen are checked first. (It used to sleep
   * whenever anything else had run during the turn: mostly the completions of its own file reads, which idled the
   * first read of 5,000 files for ~0.9 s.)
   */
  async function giveWay(): Promise<void> {
    await new Promise<void>((resolve) => setImmediate(resolve));
    // a check of an open document is running (in slices of its own): it goes first
    for (let waited = 0; ctx.checking() && waited < MAX_GIVE_WAY_MS && !disposed; waited += 5) {
      await new Promise<void>((resolve) => setTimeout(resolve, 5));
    }
    for (let waited = 0; performance.now() - lastActivity < QUIET_MS && waited < MAX_GIVE_WAY_MS && !disposed; waited += 25) {
      await new Promise<void>((resolve) => setTimeout(resolve, 25));
    }
  }

  /**
   * Runs an index update in slices of SLICE_MS, so requests and checks are answered meanwhile; undefined when
   * `wanted()` turned false during a pause (nothing was changed in the index then).
   */
  async function sliced(
    steps: Generator<void, Affected>,
    wanted: () => boolean,
    pause: () => Promise<void> = () => new Promise<void>((resolve) => setImmediate(resolve)),
  ): Promise<Affected | undefined> {
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
      if (performance.now() - sliceStart < SLICE_MS) continue;
      await pause();
      sliceStart = performance.now();
      if (disposed || !wanted()) return undefined;
    }
  }

  /**
   * Reads the files at `paths` into the index, a batch at a time while the batches after it are read: by the workers
   * of `pool` (their texts and the facts of their documents: the YAML parse is most of the work) and here. A batch a
   * worker fails is read here.
   */
  async function readAll(paths: string[], pool: IndexPool | undefined): Promise<void> {
    const maxBytes = ctx.options().maxTextLength;
    const here = (batch: string[]): Promise<FileRead[]> =>
      Promise.all(
        batch.map(async (p): Promise<FileRead> => {
          const text = open.has(fileUri(p)) ? undefined : await diskText(p, maxBytes);
          return text === undefined ? {} : { text };
        }),
      );
    const batches: string[][] = [];
    for (let from = 0; from < paths.length; from += READ_BATCH) batches.push(paths.slice(from, from + READ_BATCH));
    // batches read ahead of the one being registered: the workers do not wait for the main thread
    const ahead = pool ? pool.size * 2 : 1;
    const reads: Array<Promise<FileRead[]>> = [];
    // The main thread reads one batch in (workers + 1) itself: it has the time (it waited for the workers two thirds
    // of a scan), and its own parser is then as warm (compiled by the JIT) as after a scan without workers. After a
    // scan done wholly by workers, the first keystrokes' parse of a 12-line document took 1.4-3.6 ms instead of
    // 0.9-1.1 ms (bench/workspace.ts).
    const ours = (b: number) => !pool || b % (pool.size + 1) === pool.size;
    const readBatch = (b: number) => {
      const batch = batches[b];
      // (a pool stopped because the server is shutting down rejects its batches too: they are not read again here)
      if (batch) reads[b] = ours(b) ? here(batch) : pool!.read(batch, maxBytes).catch(() => (disposed ? [] : here(batch)));
    };
    for (let b = 0; b < ahead; b++) readBatch(b);
    for (let b = 0; b < batches.length && !disposed; b++) {
      const files = await reads[b]!;
      delete reads[b];
      readBatch(b + ahead);
      for (let i = 0; i < files.length && !disposed; i++) {
        const key = fileUri(batches[b]![i]!);
        const { text, facts } = files[i]!;
        // the editor's text wins (also when the file is opened while it is read)
        if (text !== undefined && !open.has(key)) await sliced(index.setSteps(key, text, false, facts), () => !open.has(key), giveWay);
      }
    }
  }

  /** Reads `folders` into the index; the first scan makes the index ready, a later one (a folder added) a root. */
  async function scan(folders: string[], first: boolean): Promise<void> {
    const started = performance.now();
    // the names first (a quick walk), then the texts; the workers of a large workspace start while the walk goes on
    let pool: IndexPool | undefined;
    let poolTried = false;
    const startPool = (count: number) => {
      if (poolTried || count < POOL_MIN_FILES) return;
      poolTried = true;
      pool = IndexPool.start(WORKER_SCRIPT);
    };
    let capped = false;
    try {
      const walked = await yamlFiles(folders, MAX_FILES, startPool, () => disposed);
      capped = walked.capped;
      await readAll(walked.paths, pool);
    } finally {
      pool?.dispose();
    }
    if (disposed) return;
    if (capped) {
      ctx.log.error(`Rollout Pilot: the workspace holds more than ${MAX_FILES} YAML files; links to files not read are never reported missing.`);
    } else if (first) {
      index.setReady(true);
    } else {
      // an added folder counts as read whole only now
      index.setRoots(rootPaths.map((p) => fileUri(p)));
    }
    const threads = pool ? ` (${pool.size} index worker${pool.size === 1 ? '' : 's'})` : '';
    ctx.log.info(`Rollout Pilot: indexed ${index.size} YAML files in ${Math.round(performance.now() - started)} ms${threads}`);
    for (const uri of open.values()) ctx.revalidate(uri);
  }

  // file events arrive while reads are in flight: apply them one after the other
  let chain: Promise<unknown> = Promise.resolve();
  function enqueue(work: () => Promise<void>): void {
    chain = chain.then(work).catch((err: unknown) => ctx.log.error(`Rollout Pilot: updating the workspace index failed: ${String(err)}`));
  }

  ctx.connection.onDidChangeWatchedFiles((params) => {
    /** changes outside the workspace folders, or of kustomizations anywhere: the contexts' business */
    const forContexts: Array<{ key: string; path: string; deleted: boolean }> = [];
    for (const change of params.changes) {
      const key = indexKey(change.uri);
      if (!key.startsWith('file:') || open.has(key)) continue;
      const path = pathOf(key);
      const yaml = YAML_NAME.test(path);
      if (path === '' || (!yaml && !isKustomization(path))) continue;
      if (contexts.size > 0 && (!inRoots(path) || isKustomization(path))) forContexts.push({ key, path, deleted: change.type === FileChangeType.Deleted });
      // (a `Kustomization`, without an extension, is the contexts' alone: the workspace index reads YAML files)
      if (!yaml || !inRoots(path)) continue;
      enqueue(async () => {
        if (disposed || open.has(key)) return;
        if (change.type === FileChangeType.Deleted) {
          revalidate(index.delete(key));
          return;
        }
        const text = await diskText(path, ctx.options().maxTextLength);
        if (open.has(key)) return;
        revalidate(text === undefined ? index.delete(key) : index.set(key, text));
      });
    }
    if (forContexts.length > 0) enqueue(() => contextChanges(forContexts));
  });

  /**
   * An open document's text into the index; a large one after a pause in typing, and in slices (as the check is), so
   * requests are answered meanwhile and a newer version drops the read.
   */
  const typing = new Map<string, NodeJS.Timeout>();
  async function indexOpen(key: string, uri: string): Promise<void> {
    typing.delete(key);
    const doc = ctx.documents.get(uri);
    if (!doc || disposed || !open.has(key)) return;
    const text = doc.getText();
    const version = doc.version;
    if (text.length > ctx.options().maxTextLength) return;
    try {
      // an edit's update starts a slice of its own: one small file is then read in one go, without waiting a turn
      // of the event loop behind whatever else is queued (a keystroke's cross-file re-check waits for it)
      sliceStart = performance.now();
      const affected = await sliced(index.setSteps(key, text, true), () => !disposed && open.has(key) && ctx.documents.get(uri)?.version === version);
      if (affected !== undefined) revalidate(affected);
    } catch (err) {
      ctx.log.error(`Rollout Pilot: indexing ${uri} failed: ${err instanceof Error ? (err.stack ?? err.message) : String(err)}`);
    }
  }

  /**
   * The kustomize builds read around documents outside the workspace folders, by the folder of the document that
   * brought them (documents of one folder share its builds). Kept while a document of that folder is open.
   */
  interface Context {
    /** the document whose walk up found them (the walk starts from its folder) */
    from: string;
    /** index keys of every file the builds name (KustomizeContext.named): followed on disk */
    files: Set<string>;
    /** the folders of those files, each watched on its own when the client can (FOLDER_YAML), sorted */
    folders: string[];
    /** the folders the walk up from `from` visits (walkUp) that are watched for a kustomization when the client can
     * (FOLDER_KUSTOMIZATION), sorted: a kustomization created there walks again */
    up: string[];
    /** every folder that walk up visits, watched or not: a kustomization open there in the editor walks again (with
     * any client) */
    above: string[];
    /** the registration of those watchers (pending or held) */
    watching?: Promise<Disposable | undefined>;
  }
  const contexts = new Map<string, Context>();

  const isKustomization = (path: string): boolean => KUSTOMIZATION_NAMES.includes(basename(path));
  const inContext = (key: string): boolean => [...contexts.values()].some((c) => c.files.has(key));

  /** The open documents' texts by path: they stand for their files (an open kustomization is followed as the editor
   * holds it). */
  function openTexts(): Map<string, string> {
    const known = new Map<string, string>();
    for (const [k, uri] of open) {
      const doc = ctx.documents.get(uri);
      const path = pathOf(k);
      // (not a path: nothing a build can name)
      if (doc && path !== '') known.set(path, doc.getText());
    }
    return known;
  }

  /**
   * The builds around the document at `path` (server/src/indexer/kustomizeContext.ts, at most MAX_CONTEXT_FILES, read
   * at once on this thread): the files they name that `admit` lets in and the index does not hold yet come in, with
   * the text the walk read.
   */
  function readBuilds(path: string, admit: (path: string) => boolean = () => true): ReturnType<typeof kustomizeContext> {
    const maxBytes = ctx.options().maxTextLength;
    const found = kustomizeContext([path], openTexts(), (p) => diskTextSync(p, maxBytes), MAX_CONTEXT_FILES);
    for (const f of found.files) {
      const k = fileUri(f.path);
      if (open.has(k) || index.has(k) || !admit(f.path)) continue;
      revalidate(index.set(k, f.text));
    }
    return found;
  }

  /** Walks the builds around `c.from` again (readBuilds). Returns the keys the builds named before and no longer do. */
  function walk(c: Context): string[] {
    const found = readBuilds(c.from);
    const before = c.files;
    c.files = new Set(found.named.map((p) => fileUri(p)));
    // Not a folder of the workspace (its own watcher reports those files), nor one that is not there (a build naming
    // a missing file, a document not saved yet).
    const watchable = (f: string) => !inRoots(f) && statSync(f, { throwIfNoEntry: false })?.isDirectory() === true;
    // The folders of what the builds name: all their YAML files. Nothing of the kind when no kustomization was found
    // up to the repository's root: not the document's folder either, which may be a home folder.
    const folders = [...new Set(found.named.map((p) => dirname(p)))].filter(watchable);
    // The folders of the walk up, for their kustomization alone: one created there (none may be yet) is a build now.
    c.above = found.walked;
    const up = c.above.filter(watchable);
    watchFolders(c, folders.sort(), up.sort());
    return [...before].filter((k) => !c.files.has(k));
  }

  const sameFolders = (a: readonly string[], b: readonly string[]) => a.length === b.length && a.every((f, i) => f === b[i]);

  /**
   * Watches `folders` (all their YAML files) and `up` (their kustomization) for `c`, instead of what it watched: one
   * registration of one watcher per folder, sent again only when the folders changed.
   */
  function watchFolders(c: Context, folders: string[], up: string[]): void {
    if (!canWatchRelative || disposed) return;
    if (sameFolders(folders, c.folders) && sameFolders(up, c.up)) return;
    unwatch(c);
    c.folders = folders;
    c.up = up;
    const watchers = [...new Set([...folders, ...up])].sort().map((f) => {
      const pattern = !up.includes(f) ? FOLDER_YAML : folders.includes(f) ? FOLDER_YAML_AND_KUSTOMIZATION : FOLDER_KUSTOMIZATION;
      return { globPattern: { baseUri: fileUri(f), pattern } };
    });
    if (watchers.length === 0) return;
    c.watching = ctx.connection.client.register(DidChangeWatchedFilesNotification.type, { watchers }).catch((err: unknown) => {
      ctx.log.error(`Rollout Pilot: watching the kustomize builds around ${c.from} failed: ${String(err)}`);
      return undefined;
    });
  }

  function unwatch(c: Context): void {
    void c.watching?.then((d) => d?.dispose());
    c.watching = undefined;
    c.folders = [];
    c.up = [];
  }

  /**
   * The last open document of a context's folder was closed: its watchers are given up, and the files only it held
   * leave the index (not those of the workspace folders, of other contexts, or open). Runs in the `enqueue` chain.
   */
  function release(folder: string): void {
    const c = contexts.get(folder);
    if (!c || [...open.keys()].some((k) => k.startsWith('file:') && dirname(pathOf(k)) === folder)) return;
    contexts.delete(folder);
    unwatch(c);
    for (const k of c.files) {
      if (open.has(k) || inContext(k) || inRoots(pathOf(k))) continue;
      revalidate(index.delete(k));
    }
  }

  /** The path of a file: key (the empty string for one that names no path). */
  function pathOf(key: string): string {
    try {
      return fileURLToPath(key);
    } catch {
      return '';
    }
  }

  /**
   * A document outside the workspace folders (or with none open): the kustomizations above it and what their builds
   * include are read into the index (server/src/indexer/kustomizeContext.ts), so a patch opened alone is checked as a
   * patch, against its target. Read at once, before the document's first check (at most MAX_CONTEXT_FILES); then
   * followed through watchers of their folders, when the client lets the server register them (contextChanges), until
   * the last document of that folder closes (release).
   */
  function readAround(key: string): void {
    const path = pathOf(key);
    if (path === '') return;
    if (inRoots(path)) {
      readEarly(path);
      return;
    }
    if (contexts.has(dirname(path))) return;
    const c: Context = { from: path, files: new Set(), folders: [], up: [], above: [] };
    contexts.set(dirname(path), c);
    walk(c);
  }

  /** Folders of the workspace whose builds were read ahead of the first read (readEarly). */
  const earlyFolders = new Set<string>();

  /**
   * A document of the workspace opened before the first read of the workspace has ended (an editor restored at
   * start): the first read may not have reached its kustomizations yet, and a patch would be checked as a whole object
   * (false `argo-selector`, `argo-strategy` errors) for the seconds the read takes. The builds around it are read now,
   * as for a document outside the workspace, but only the files inside the workspace folders (the first read reads
   * them again, and the workspace's watcher follows them); once per folder, at most MAX_CONTEXT_FILES files.
   */
  function readEarly(path: string): void {
    if (index.ready || earlyFolders.has(dirname(path))) return;
    earlyFolders.add(dirname(path));
    readBuilds(path, inRoots);
  }

  /**
   * Watcher events for the contexts' files (none of them open): a file the builds name is read again or leaves the
   * index; a kustomization created, changed or deleted in a context's folders, or in a folder of its walk up, walks
   * that context's builds again (once per batch of events, rewalk). Runs in the `enqueue` chain.
   */
  async function contextChanges(changes: ReadonlyArray<{ key: string; path: string; deleted: boolean }>): Promise<void> {
    const stale = new Set<Context>();
    for (const { key, path, deleted } of changes) {
      if (disposed) return;
      if (open.has(key)) continue;
      // (a kustomization the builds name, or a new one in a folder they name or the walk up visits)
      if (isKustomization(path)) for (const c of concerned(key, path)) stale.add(c);
      if (inRoots(path) || !inContext(key)) continue;
      const text = deleted ? undefined : await diskText(path, ctx.options().maxTextLength);
      if (disposed || open.has(key)) continue;
      revalidate(text === undefined ? index.delete(key) : index.set(key, text));
    }
    rewalk(stale);
  }

  /** The contexts a kustomization at `path` concerns: their builds name it, or it is in a folder of their builds or of
   * their walk up (where a new one starts a build or joins one). */
  function concerned(key: string, path: string): Context[] {
    const dir = dirname(path);
    return [...contexts.values()].filter((c) => c.files.has(key) || c.folders.includes(dir) || c.above.includes(dir));
  }

  /** Walks the builds of `stale` again: what they name now comes in, what no build names any more leaves the index —
   * unless it is in the workspace folders, another context's or open. */
  function rewalk(stale: Iterable<Context>): void {
    const dropped = new Set<string>();
    for (const c of stale) for (const k of walk(c)) dropped.add(k);
    for (const k of dropped) {
      if (open.has(k) || inContext(k) || inRoots(pathOf(k))) continue;
      revalidate(index.delete(k));
    }
  }

  /** Open kustomizations edited, by index key: the timer of their walk after a pause in typing. */
  const kustomizationTyping = new Map<string, NodeJS.Timeout>();

  /**
   * A kustomization opened or edited in the editor: the contexts it concerns walk their builds again once its edits
   * pause (KUSTOMIZATION_DELAY_MS), in the `enqueue` chain. The walk reads the editor's text (openTexts), so one typed
   * and not saved yet — which no watcher reports — counts: its base comes in and the patch beside it is a patch. This
   * needs no watcher: it holds for clients without relativePatternSupport too.
   */
  function kustomizationEdited(key: string): void {
    const path = pathOf(key);
    if (path === '' || !isKustomization(path)) return;
    clearTimeout(kustomizationTyping.get(key));
    kustomizationTyping.set(
      key,
      setTimeout(() => {
        kustomizationTyping.delete(key);
        enqueue(async () => {
          if (!disposed && open.has(key)) rewalk(concerned(key, path));
        });
      }, KUSTOMIZATION_DELAY_MS),
    );
  }


  ctx.documents.onDidChangeContent((e) => {
    if (!ctx.isChecked(e.document)) return;
    lastActivity = performance.now();
    const key = indexKey(e.document.uri);
    open.set(key, e.document.uri);
    clearTimeout(typing.get(key));
    typing.delete(key);
    if (contexts.size > 0) kustomizationEdited(key);
  });

  // An open document is indexed once its version has been checked: the index then reads the facts from the linter's
  // parse instead of parsing the text a second time (on a cold start that second parse ran first, at the JIT's
  // slowest); a large one after a pause in typing.
  ctx.onChecked((uri, version) => {
    const key = indexKey(uri);
    const doc = ctx.documents.get(uri);
    if (disposed || open.get(key) !== uri || doc?.version !== version) return;
    clearTimeout(typing.get(key));
    if (doc.getText().length < LARGE_TEXT) void indexOpen(key, uri);
    else typing.set(key, setTimeout(() => void indexOpen(key, uri), LARGE_TEXT_DELAY_MS));
  });

  ctx.documents.onDidClose((e) => {
    const key = indexKey(e.document.uri);
    clearTimeout(typing.get(key));
    typing.delete(key);
    clearTimeout(kustomizationTyping.get(key));
    kustomizationTyping.delete(key);
    if (!open.delete(key)) return;
    // back to the disk's text (an unsaved edit is gone), or out of the index when the file is not in the workspace
    enqueue(async () => {
      if (disposed || open.has(key)) return;
      const path = pathOf(key);
      const text = path !== '' && (inRoots(path) || inContext(key)) ? await diskText(path, ctx.options().maxTextLength) : undefined;
      if (open.has(key)) return;
      revalidate(text === undefined ? index.delete(key) : index.set(key, text));
      if (path === '') return;
      release(dirname(path));
      // a kustomization closed: its disk text (or none, not saved) is the builds' again
      if (isKustomization(path)) rewalk(concerned(key, path));
    });
  });

  /** workspace/didChangeWorkspaceFolders: an added folder is read, a removed one's files leave the index. */
  function foldersChanged(added: string[], removed: string[]): void {
    const gone = removed.filter((p) => rootPaths.includes(p));
    rootPaths = rootPaths.filter((p) => !gone.includes(p));
    const fresh = added.filter((p) => !rootPaths.includes(p));
    rootPaths.push(...fresh);
    index.setRoots(rootPaths.filter((p) => !fresh.includes(p)).map((p) => fileUri(p)));
    if (gone.length > 0) {
      const prefixes = gone.map((p) => `${fileUri(p)}/`);
      for (const key of index.fileNames()) {
        if (!open.has(key) && prefixes.some((pre) => key.startsWith(pre)) && !inRoots(fileURLToPath(key))) index.delete(key);
      }
      revalidate('all');
    }
    if (fresh.length === 0) return;
    watch();
    enqueue(() => scan(fresh, false).then(() => revalidate('all')));
  }

  let watching = false;
  function watch(): void {
    if (!canWatch || watching || rootPaths.length === 0) return;
    watching = true;
    ctx.connection.client
      .register(DidChangeWatchedFilesNotification.type, { watchers: [{ globPattern: '**/*.{yaml,yml}' }] })
      .catch((err: unknown) => ctx.log.error(`Rollout Pilot: watching the workspace's YAML files failed: ${String(err)}`));
  }

  const folderPaths = (folders: Array<{ uri: string }>): string[] => {
    const out: string[] = [];
    for (const { uri } of folders) {
      try {
        if (uri.startsWith('file:')) out.push(fileURLToPath(uri).replace(/[\\/]+$/, ''));
      } catch {
        // not a local folder: nothing to read
      }
    }
    return out;
  };

  return {
    index,
    scanned,
    capabilities(params: InitializeParams) {
      rootPaths = folderPaths(params.workspaceFolders ?? (params.rootUri ? [{ uri: params.rootUri }] : []));
      index.setRoots(rootPaths.map((p) => fileUri(p)));
      canWatch = params.capabilities.workspace?.didChangeWatchedFiles?.dynamicRegistration === true;
      canWatchRelative = canWatch && params.capabilities.workspace?.didChangeWatchedFiles?.relativePatternSupport === true;
      foldersChange = params.capabilities.workspace?.workspaceFolders === true;
      return foldersChange ? { workspace: { workspaceFolders: { supported: true, changeNotifications: true } } } : {};
    },
    initialized() {
      ctx.provideWorkspace(index);
      watch();
      if (foldersChange) {
        ctx.connection.workspace.onDidChangeWorkspaceFolders((e) => foldersChanged(folderPaths(e.added), folderPaths(e.removed)));
      }
      if (rootPaths.length === 0) {
        // no folder: the open documents are the workspace (their links are never more than "not among the open files")
        index.setReady(true);
        scanDone();
        for (const uri of open.values()) ctx.revalidate(uri);
        return;
      }
      void scan([...rootPaths], true)
        .catch((err: unknown) => ctx.log.error(`Rollout Pilot: reading the workspace failed: ${String(err)}`))
        .finally(scanDone);
    },
    opened(uri) {
      // before the document's first check (server.ts calls this from didOpen, ahead of the check it schedules)
      const key = indexKey(uri);
      open.set(key, uri);
      if (key.startsWith('file:')) readAround(key);
    },
    dispose() {
      disposed = true;
      clearTimeout(allTimer);
      for (const t of typing.values()) clearTimeout(t);
      for (const t of kustomizationTyping.values()) clearTimeout(t);
    },
  };
}
