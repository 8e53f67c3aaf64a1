// The workspace index: the objects of every YAML file of the workspace, as plain facts (facts.ts), answering the
// link rules' and the editor's questions (WorkspaceLookup). Pure: files come in as text (`set`), from disk through
// the language server or the CLI. Reading is cheap: each document's kind is read from its top-level `kind:` line and
// only the kinds the links need are parsed; other kinds only count as "something here may make pods".
//
// It knows where it cannot see: documents with template markers (Helm), folders under a Chart.yaml or a
// kustomization (names get prefixes, namespaces and labels are set, patches change fields), files outside the
// workspace folders, and the time before the first scan ends. `coverage` turns that into how far a "not found" can
// be trusted. A reverse map (which files link to which names and labels) says which files a change concerns, so the
// editor re-checks only those.
import { hasTemplateMarker, isEmptyChunk, parseChunk, scanKind, splitDocuments, type Chunk, type ManifestDoc } from '../documents';
import {
  INDEXED_KINDS,
  INERT_KINDS,
  WORKLOAD_KINDS,
  hasApiVersionLine,
  readObject,
  readObjectCached,
  shiftObject,
  withoutPositions,
} from './facts';
import { KUSTOMIZATION_FILE, RESOURCE_FILE, canonicalFile, isOperationList, readKustomization, type Kustomization, type PatchEntry, type PatchTarget, type PatchType } from './kustomize';
import type { Coverage, IndexedObject, PatchBuild, WorkspaceLookup } from './lookup';

/** A document whose object the index cannot name: a template, a broken document, or a kind it does not model. */
interface Opaque {
  /** undefined: the kind itself is templated */
  kind?: string;
}

interface FileEntry {
  objects: IndexedObject[];
  opaque: Opaque[];
  /** some document holds template markers */
  templated: boolean;
  /** keys other files' findings may depend on (names, labels, HPA targets) */
  provides: Set<string>;
  /** keys this file's findings depend on */
  depends: Set<string>;
  /** per document, its objects and opaque parts without positions: equal signatures change nothing for other files */
  signature: string[];
  /** the text is a list of JSON-patch operations (what a `patches:` entry of a kustomization then is) */
  ops: boolean;
}

/** What a change concerns: the other files whose findings may change, or all of them. */
export type Affected = Set<string> | 'all';

/** One document's facts (positions relative to the document): plain data, so a worker thread can send them. */
export interface ChunkFacts {
  objects: IndexedObject[];
  opaque: Opaque[];
  templated: boolean;
}

/** find's answers kept at most (a workspace asks for a few names per object it links) */
const MAX_FOUND = 20000;
const CHART = /(?:^|[\\/])Chart\.ya?ml$/;

/** A folder name ending in its separator (`\\` for a Windows path), so a prefix test cannot match `/ws2` for `/ws`. */
function asFolder(root: string): string {
  if (/[\\/]$/.test(root)) return root;
  return root.includes('\\') && !root.includes('/') ? `${root}\\` : `${root}/`;
}

function dirOf(file: string): string {
  const i = Math.max(file.lastIndexOf('/'), file.lastIndexOf('\\'));
  return i === -1 ? '' : file.slice(0, i);
}

/** Keys of the reverse map. */
const objectKey = (kind: string, name: string) => `o:${kind}/${name}`;
const labelKey = (k: string, v: string) => `l:${k}=${v}`;
const scalesKey = (kind: string, name: string) => `s:${kind}/${name}`;

export interface WorkspaceIndexOptions {
  /**
   * The parsed model of a document's text when someone already has it (the language server's linter has just
   * checked the document a keystroke changed): the index then reads its facts without a second parse.
   */
  parsed?: (documentText: string) => ManifestDoc | undefined;
  /** Folders (URIs or paths, as the files are named) that are indexed whole: a "not found" in them is trusted. */
  roots?: string[];
  /** The roots are fully read (the first scan ended); until then no "not found" is said. Default true. */
  ready?: boolean;
  /** How many documents' facts are remembered by text (an edit re-reads only the document it changed). */
  chunkCacheSize?: number;
}

export class WorkspaceIndex implements WorkspaceLookup {
  private files = new Map<string, FileEntry>();
  private byName = new Map<string, IndexedObject[]>();
  private byKind = new Map<string, Set<IndexedObject>>();
  /** Workloads by one label of their pod template (`key\0value`): a Service's selector looks up its rarest pair. */
  private byLabel = new Map<string, Set<IndexedObject>>();
  /** key → files whose findings depend on it */
  private dependents = new Map<string, Set<string>>();
  /** `o:Kind/name` → files holding an object that links to it */
  private linkers = new Map<string, Set<string>>();
  private kustomizeDirs = new Map<string, Kustomization>(); // folder → what its kustomization rewrites
  /** folder → its kustomization file's name */
  private kustomizeFiles = new Map<string, string>();
  /** the kustomizations by canonical folder and who includes each, for patchBuilds; dropped when one changes */
  private kustomizeGraph?: { dirs: Map<string, { file: string; k: Kustomization }>; includers: Map<string, string[]> };
  /** canonical file name → how the kustomizations list it as a patch (kustomize.ts) */
  private patchFiles = new Map<string, PatchEntry['type']>();
  /** patch file → how many kustomizations list it, by the way they list it */
  private patchRefs = new Map<string, Map<PatchEntry['type'], number>>();
  /** indexed files registered without their objects: patches, not objects of their own */
  private muted = new Set<string>();
  /** canonical name (kustomize.ts) → index name of every indexed file (the same string for most) */
  private keyOf = new Map<string, string>();
  private chartDirs = new Set<string>();
  /** WorkspaceLookup.generation: changes of any file, and of each file's own objects */
  private gen = 0;
  private ownGen = new Map<string, number>();
  private roots: string[];
  private isReady: boolean;
  private chunkCache = new Map<string, ChunkFacts>();
  /** opaque documents by kind ('' for a templated kind), and how many of them may make pods */
  private opaqueKinds = new Map<string, number>();
  private podSources = 0;
  private readonly chunkCacheSize: number;
  private readonly parsed: WorkspaceIndexOptions['parsed'];

  constructor(options: WorkspaceIndexOptions = {}) {
    this.roots = (options.roots ?? []).map(asFolder);
    this.isReady = options.ready ?? true;
    this.chunkCacheSize = options.chunkCacheSize ?? 4096;
    this.parsed = options.parsed;
  }

  get ready(): boolean {
    return this.isReady;
  }

  /** Marks the first scan as ended (or a new one as started); every file's "not found" may change. */
  setReady(ready: boolean): void {
    this.isReady = ready;
    this.bump();
  }

  setRoots(roots: string[]): void {
    this.roots = roots.map(asFolder);
    this.bump();
  }

  /** Changes whenever an answer of the index to `file` may have changed (WorkspaceLookup.generation). */
  generation(file?: string): number {
    return this.gen - (file === undefined ? 0 : (this.ownGen.get(file) ?? 0));
  }

  /** An answer may have changed: for every file, or (`by`) for every file but the one whose objects changed. */
  private bump(by?: string): void {
    this.gen++;
    if (by !== undefined) this.ownGen.set(by, (this.ownGen.get(by) ?? 0) + 1);
  }

  has(file: string): boolean {
    return this.files.has(file);
  }

  get size(): number {
    return this.files.size;
  }

  /** The indexed files' names. */
  fileNames(): string[] {
    return [...this.files.keys()];
  }

  /** Every indexed file's objects. */
  objectsOf(file: string): readonly IndexedObject[] {
    return this.files.get(file)?.objects ?? [];
  }

  /**
   * Reads (or re-reads) a file; returns which other files the change concerns. `edited`: an open document being typed
   * in, whose unchanged documents' facts are then taken from memory instead of parsed again.
   */
  set(file: string, text: string, edited = false): Affected {
    const steps = this.setSteps(file, text, edited);
    for (;;) {
      const r = steps.next();
      if (r.done) return r.value;
    }
  }

  /**
   * `set`, pausing (`yield`) after each document it reads, so a caller can spread a large file over several turns of
   * the event loop. Nothing changes in the index until the last step: a caller may drop the steps half way. `given`:
   * the text's facts read elsewhere (`fileFacts`, in a worker thread during the first scan), used instead of reading
   * them here.
   */
  *setSteps(file: string, text: string, edited = false, given?: readonly ChunkFacts[]): Generator<void, Affected> {
    const entry = yield* this.read(file, text, edited, given);
    // read only now: another update of this file may have ended while this one paused
    const before = this.files.get(file);
    const structural = this.setStructure(file, text);
    const wasMuted = this.muted.has(file);
    if (before) this.unregister(file, before);
    this.register(file, entry);
    const sameFacts = before !== undefined && sameSignature(before.signature, entry.signature);
    const opaque = opaqueChanged(before, entry); // its opaque documents, or whether it is templated
    // the same facts (a keystroke in an image tag): no answer changed; only this file's objects: no answer this file
    // itself gets changed (the links look for its own objects in its own documents)
    if (structural || opaque || (before?.ops ?? false) !== entry.ops || wasMuted !== this.muted.has(file)) this.bump();
    else if (!sameFacts) this.bump(file);
    if (structural) return 'all';
    // during the first read nobody is re-checked (the end of it re-checks every open document)
    if (!this.isReady) return new Set();
    // a patch provides no object: what it says changes no other file's findings
    if (this.muted.has(file) && (!before || wasMuted)) return new Set();
    if (sameFacts) return new Set();
    if (!before && entry.objects.length === 0 && entry.opaque.length === 0) return new Set();
    if (opaque) return 'all';
    return this.concerned(file, before, entry);
  }

  /** Forgets a file (deleted, or closed and not in the workspace). */
  delete(file: string): Affected {
    const before = this.files.get(file);
    const structural = this.dropStructure(file);
    if (before || structural) this.bump();
    this.ownGen.delete(file);
    if (!before) return structural ? 'all' : new Set();
    const wasMuted = this.muted.has(file);
    this.unregister(file, before);
    if (structural) return 'all';
    if (wasMuted) return new Set();
    if (before.opaque.length > 0) return 'all';
    return this.concerned(file, before, undefined);
  }

  /** A file moved: its objects now live under the new name (a move can change its folder's kustomize or chart). */
  rename(from: string, to: string, text: string): Affected {
    const a = this.delete(from);
    const b = this.set(to, text);
    if (a === 'all' || b === 'all') return 'all';
    return new Set([...a, ...b]);
  }

  find(kind: string, name: string, namespace?: string): readonly IndexedObject[] {
    const key = `${kind}\0${name}`;
    const all = this.byName.get(key);
    if (!all) return [];
    if (namespace === undefined) return all;
    // A Rollout's check looks up its AnalysisTemplates and Services by name on every keystroke, and a name may be
    // taken in a thousand namespaces: the answer is kept until an object of that name comes or goes or the kustomize
    // and Helm folders change.
    const version = this.nameVersions.get(key) ?? 0;
    const asked = `${key}\0${namespace}`;
    const known = this.found.get(asked);
    if (known && known.version === version && known.stamp === this.regionStamp) return known.result;
    const result = all.filter((o) => this.namespaceMatches(o, namespace));
    if (this.found.size >= MAX_FOUND) this.found.clear();
    this.found.set(asked, { version, stamp: this.regionStamp, result });
    return result;
  }

  ofKind(kind: string): Iterable<IndexedObject> {
    return this.byKind.get(kind) ?? [];
  }

  labelled(pairs: ReadonlyArray<readonly [string, string]>): Iterable<IndexedObject> {
    let best: Set<IndexedObject> | undefined;
    for (const [k, v] of pairs) {
      const set = this.byLabel.get(`${k}\0${v}`);
      if (!set) return [];
      if (!best || set.size < best.size) best = set;
    }
    return best ?? [];
  }

  referrers(kind: string, name: string, namespace?: string): IndexedObject[] {
    const files = this.linkers.get(objectKey(kind, name));
    if (!files) return [];
    const out: IndexedObject[] = [];
    for (const f of files) {
      for (const o of this.files.get(f)?.objects ?? []) {
        if (o.refs?.some((r) => r.kind === kind && r.name === name) && this.namespaceMatches(o, namespace)) out.push(o);
      }
    }
    return out;
  }

  patchOf(file: string): PatchType | undefined {
    if (this.patchFiles.size === 0) return undefined;
    const name = canonicalFile(file);
    const type = this.patchFiles.get(name);
    if (type !== 'auto') return type;
    const key = this.keyOf.get(name);
    return key !== undefined && this.files.get(key)?.ops ? 'json6902' : 'strategic';
  }

  patchBuilds(file: string, kind: string, name: string, namespace?: string): PatchBuild[] {
    // before the first read ends, a kustomization not read yet may declare `openapi:` or hold the target
    if (!this.isReady || this.patchFiles.size === 0) return [];
    const patch = canonicalFile(file);
    if (!this.patchFiles.has(patch)) return [];
    const g = this.graph();
    const out: PatchBuild[] = [];
    for (const [dir, { file: kustomization, k }] of g.dirs) {
      for (const entry of k.patches) {
        if (entry.file !== patch || entry.type === 'json6902') continue;
        const t = entry.target;
        if (t?.kind !== undefined && t.kind !== kind) continue; // it patches objects of another kind
        // kustomize reads `openapi:` once per build: the builds including the patch are this kustomization's and
        // those of every kustomization that includes it, with everything each of them includes
        const up = closure([dir], (d) => g.includers.get(d) ?? []);
        let openapi: boolean | undefined = false;
        let configurations = false;
        let unknown = false;
        for (const d of closure(up, (d) => this.included(g, d))) {
          const node = g.dirs.get(d);
          if (!node) {
            unknown = true; // a folder without a kustomization the index read (outside the workspace)
            continue;
          }
          if (node.k.openapi) openapi = true;
          if (node.k.configurations) configurations = true;
          if (node.k.remote) unknown = true;
        }
        if (!openapi && unknown) openapi = undefined;
        const build: PatchBuild = { kustomization, openapi, configurations };
        const targetName = t ? t.name : name;
        const target = openapi === true || targetName === undefined ? undefined : this.patchTarget(g, dir, patch, kind, targetName, namespace);
        if (target) build.target = target;
        out.push(build);
      }
    }
    return out;
  }

  /** The folders `dir`'s kustomization includes (its resources that are not one indexed file). */
  private included(g: NonNullable<WorkspaceIndex['kustomizeGraph']>, dir: string): string[] {
    const node = g.dirs.get(dir);
    if (!node) return [];
    return node.k.resources.filter((r) => g.dirs.has(r) || (!this.keyOf.has(r) && !RESOURCE_FILE.test(r)));
  }

  /**
   * The one object of (`kind`, `name`) that `dir`'s kustomization includes, as written, when no other patch of that
   * build may change it before `patch` does (its list would then not be the file's).
   */
  private patchTarget(
    g: NonNullable<WorkspaceIndex['kustomizeGraph']>,
    dir: string,
    patch: string,
    kind: string,
    name: string,
    namespace: string | undefined,
  ): IndexedObject | undefined {
    const found: IndexedObject[] = [];
    let unsure = false;
    for (const d of closure([dir], (d) => this.included(g, d))) {
      const node = g.dirs.get(d);
      if (!node) continue;
      const { k } = node;
      for (const r of k.resources) {
        const key = g.dirs.has(r) ? undefined : this.keyOf.get(r);
        const e = key !== undefined ? this.files.get(key) : undefined;
        if (!e) continue;
        if (e.templated || e.opaque.some((o) => o.kind === kind)) unsure = true;
        for (const o of e.objects) {
          if (o.kind === kind && o.name === name && (namespace === undefined || o.namespace === undefined || o.namespace === namespace)) found.push(o);
        }
      }
      const selects = (t: PatchTarget) => (t.kind === undefined || t.kind === kind) && (t.name === undefined || t.name === name);
      if (k.inline.some(selects)) unsure = true;
      for (const p of k.patches) {
        if (p.file === patch) continue;
        if (p.target ? selects(p.target) : this.mayPatch(p.file, kind, name)) unsure = true;
      }
    }
    return !unsure && found.length === 1 ? found[0] : undefined;
  }

  /** Whether a patch file without a `target:` may patch (`kind`, `name`): its documents say so, or cannot be read. */
  private mayPatch(file: string, kind: string, name: string): boolean {
    const key = this.keyOf.get(file);
    const e = key !== undefined ? this.files.get(key) : undefined;
    if (!e) return true;
    return e.templated || e.opaque.some((o) => o.kind === undefined || o.kind === kind) || e.objects.some((o) => o.kind === kind && o.name === name);
  }

  private graph(): NonNullable<WorkspaceIndex['kustomizeGraph']> {
    if (this.kustomizeGraph) return this.kustomizeGraph;
    const dirs = new Map<string, { file: string; k: Kustomization }>();
    for (const [dir, k] of this.kustomizeDirs) dirs.set(canonicalFile(dir), { file: this.kustomizeFiles.get(dir) ?? dir, k });
    const includers = new Map<string, string[]>();
    for (const [dir, { k }] of dirs) {
      for (const r of k.resources) {
        if (!dirs.has(r)) continue;
        const list = includers.get(r);
        if (list) list.push(dir);
        else includers.set(r, [dir]);
      }
    }
    return (this.kustomizeGraph = { dirs, includers });
  }

  mentions(kind: string): boolean {
    return (this.opaqueKinds.get(kind) ?? 0) > 0;
  }

  transformed(file: string): boolean {
    if (this.files.get(file)?.templated) return true;
    return this.regionOf(file) !== undefined;
  }

  coverage(file: string | undefined, kind: string, namespace?: string): Coverage {
    if (!this.isReady) return 'none';
    if (file !== undefined && this.transformed(file)) return 'none';
    // opaque documents' namespaces are not read: any of them may be the one asked about
    void namespace;
    if (kind === 'Pod') {
      // pods may come from a templated workload or an operator's custom resource, or get labels from a kustomization
      if (this.podSources > 0) return 'none';
      for (const k of this.kustomizeDirs.values()) if (k.relabels) return 'none';
    } else if ((this.opaqueKinds.get(kind) ?? 0) > 0 || (this.opaqueKinds.get('') ?? 0) > 0) {
      return 'partial';
    }
    if (file === undefined || !this.roots.some((r) => file.startsWith(r))) return 'partial';
    // a kustomization elsewhere may rename what the names here point at
    for (const k of this.kustomizeDirs.values()) if (k.renames) return 'partial';
    return 'complete';
  }

  /** The files (other than `file`) whose findings depend on what `file` provided before or provides now. */
  private concerned(file: string, before: FileEntry | undefined, after: FileEntry | undefined): Set<string> {
    const out = new Set<string>();
    for (const e of [before, after]) {
      if (!e) continue;
      for (const key of e.provides) for (const f of this.dependents.get(key) ?? []) if (f !== file) out.add(f);
    }
    return out;
  }

  private namespaceMatches(o: IndexedObject, namespace: string | undefined): boolean {
    if (namespace === undefined || o.namespace === undefined || o.namespace === namespace) return true;
    // kustomize and Helm set namespaces when they render; asked of every same-named object of a lookup (an
    // AnalysisTemplate in each of 1,000 namespaces, on every keystroke in a Rollout): remembered per object
    const known = this.objectRegions.get(o);
    if (known && known.stamp === this.regionStamp) return known.rendered;
    const rendered = this.regionOf(o.file) !== undefined;
    this.objectRegions.set(o, { stamp: this.regionStamp, rendered });
    return rendered;
  }

  /** The kustomize or Helm folder a file is in (beside or below a kustomization / Chart.yaml), if any. */
  private regionOf(file: string): 'kustomize' | 'helm' | undefined {
    if (this.kustomizeDirs.size === 0 && this.chartDirs.size === 0) return undefined;
    // asked for every same-named object of a lookup (an AnalysisTemplate in each of 1,000 namespaces): by folder,
    // remembered until a kustomization or chart comes or goes
    const start = dirOf(file);
    const known = this.regions.get(start);
    if (known !== undefined) return known === 'none' ? undefined : known;
    let found: 'kustomize' | 'helm' | undefined;
    for (let dir = start; ; ) {
      if (this.kustomizeDirs.has(dir)) {
        found = 'kustomize';
        break;
      }
      if (this.chartDirs.has(dir)) {
        found = 'helm';
        break;
      }
      const up = dirOf(dir);
      if (up === dir || dir === '') break;
      dir = up;
    }
    this.regions.set(start, found ?? 'none');
    return found;
  }

  private clearRegions(): void {
    this.regions.clear();
    this.regionStamp++;
  }

  /** find's answers by kind, name and namespace, valid while the name's version and `regionStamp` stay */
  private readonly found = new Map<string, { version: number; stamp: number; result: readonly IndexedObject[] }>();
  /** by kind and name, the `nameClock` of the last time an object of that name was added or removed */
  private readonly nameVersions = new Map<string, number>();
  private nameClock = 0;

  /** namespaceMatches' answers per object, valid while `regionStamp` stays */
  private readonly objectRegions = new WeakMap<IndexedObject, { stamp: number; rendered: boolean }>();
  private regionStamp = 0;

  /** regionOf's answers by folder; emptied whenever the kustomize or chart folders change. */
  private readonly regions = new Map<string, 'kustomize' | 'helm' | 'none'>();

  /** Records a kustomization or chart file; true when that changed which folders are rendered. */
  private setStructure(file: string, text: string): boolean {
    if (KUSTOMIZATION_FILE.test(file) || CHART.test(file)) this.clearRegions();
    if (KUSTOMIZATION_FILE.test(file)) {
      const dir = dirOf(file);
      const now = readKustomization(file, text);
      const before = this.kustomizeDirs.get(dir);
      this.kustomizeDirs.set(dir, now);
      this.kustomizeFiles.set(dir, file);
      this.kustomizeGraph = undefined;
      const repatched = this.repatch(before, now);
      return repatched || before?.renames !== now.renames || before.relabels !== now.relabels || buildOf(before) !== buildOf(now);
    }
    if (CHART.test(file)) {
      const dir = dirOf(file);
      if (this.chartDirs.has(dir)) return false;
      this.chartDirs.add(dir);
      return true;
    }
    return false;
  }

  private dropStructure(file: string): boolean {
    if (KUSTOMIZATION_FILE.test(file) || CHART.test(file)) this.clearRegions();
    if (KUSTOMIZATION_FILE.test(file)) {
      const before = this.kustomizeDirs.get(dirOf(file));
      if (!before) return false;
      this.kustomizeDirs.delete(dirOf(file));
      this.kustomizeFiles.delete(dirOf(file));
      this.kustomizeGraph = undefined;
      this.repatch(before, undefined);
      return true;
    }
    if (CHART.test(file)) return this.chartDirs.delete(dirOf(file));
    return false;
  }

  /**
   * One kustomization's patch list changed from `before` to `now`: the patch files it named or names are counted
   * again (a file listed in two ways is 'auto': the content decides, as it does under `patches:`); true when that
   * changed a file's answer. The indexed files that became or stopped being patches are registered again, with or
   * without their objects. (Gathering every kustomization's list again on each one read was quadratic in their
   * number: ~100 ms of a 5,000-file first read.)
   */
  private repatch(before: Kustomization | undefined, now: Kustomization | undefined): boolean {
    const touched = new Set<string>();
    for (const [list, step] of [[before?.patches ?? [], -1], [now?.patches ?? [], 1]] as const) {
      for (const p of list) {
        touched.add(p.file);
        const counts = this.patchRefs.get(p.file) ?? new Map<PatchEntry['type'], number>();
        const n = (counts.get(p.type) ?? 0) + step;
        if (n > 0) counts.set(p.type, n);
        else counts.delete(p.type);
        if (counts.size > 0) this.patchRefs.set(p.file, counts);
        else this.patchRefs.delete(p.file);
      }
    }
    let changed = false;
    for (const name of touched) {
      const was = this.patchFiles.get(name);
      const counts = this.patchRefs.get(name);
      const type: PatchEntry['type'] | undefined = !counts ? undefined : counts.size === 1 ? [...counts.keys()][0] : 'auto';
      if (type === was) continue;
      changed = true;
      if (type === undefined) this.patchFiles.delete(name);
      else this.patchFiles.set(name, type);
      if ((was === undefined) === (type === undefined)) continue;
      const file = this.keyOf.get(name);
      const entry = file !== undefined ? this.files.get(file) : undefined;
      if (file === undefined || !entry) continue;
      this.unregister(file, entry);
      this.register(file, entry);
    }
    return changed;
  }

  /** `edited`: the text is an open document's, read again on every edit: its documents' facts are remembered. */
  private *read(file: string, text: string, edited: boolean, given?: readonly ChunkFacts[]): Generator<void, FileEntry> {
    const objects: IndexedObject[] = [];
    const signature: string[] = [];
    const opaque: Opaque[] = [];
    let templated = false;
    if (holdsObjects(file)) {
      let i = 0;
      for (const chunk of documentsOf(text)) {
        const facts = given?.[i++] ?? (edited ? this.chunkFacts(chunk.text) : readChunk(chunk.text));
        signature.push(chunkSignature(facts));
        for (const o of facts.objects) objects.push(placed(o, chunk.startLine, file));
        opaque.push(...facts.opaque);
        templated ||= facts.templated;
        yield;
      }
    }
    const provides = new Set<string>();
    const depends = new Set<string>();
    for (const o of objects) {
      provides.add(objectKey(o.kind, o.name));
      for (const [k, v] of Object.entries(o.pod?.labels ?? {})) provides.add(labelKey(k, v));
      const t = o.hpa?.target;
      if (t?.kind && t.name) provides.add(scalesKey(t.kind, t.name));
      for (const r of o.refs ?? []) depends.add(objectKey(r.kind, r.name));
      for (const [k, v] of Object.entries(o.selector ?? {})) depends.add(labelKey(k, v));
      if (WORKLOAD_KINDS.has(o.kind)) depends.add(scalesKey(o.kind, o.name));
    }
    const ops = holdsObjects(file) && isOperationList(text);
    return { objects, opaque, templated, provides, depends, signature, ops };
  }

  private chunkFacts(text: string): ChunkFacts {
    const cached = this.chunkCache.get(text);
    if (cached) {
      this.chunkCache.delete(text);
      this.chunkCache.set(text, cached);
      return cached;
    }
    const facts = readChunk(text, this.parsed);
    // a slice of the whole file would keep it alive; the key is only kept for small caches of open files' documents
    this.chunkCache.set((' ' + text).slice(1), facts);
    if (this.chunkCache.size > this.chunkCacheSize) this.chunkCache.delete(this.chunkCache.keys().next().value!);
    return facts;
  }

  private register(file: string, e: FileEntry): void {
    this.files.set(file, e);
    const name = canonicalFile(file);
    this.keyOf.set(name, file);
    if (this.patchFiles.has(name)) {
      // a patch is no object of its own: its name is its target's, its labels and replicas are the target's; what
      // it is checked against (rules/rollout-patch.ts) is its target
      this.muted.add(file);
      for (const o of e.objects) addTo(this.dependents, objectKey(o.kind, o.name), file);
      return;
    }
    for (const o of e.objects) {
      const key = `${o.kind}\0${o.name}`;
      const list = this.byName.get(key);
      if (list) list.push(o);
      else this.byName.set(key, [o]);
      this.nameVersions.set(key, ++this.nameClock);
      let kinds = this.byKind.get(o.kind);
      if (!kinds) this.byKind.set(o.kind, (kinds = new Set()));
      kinds.add(o);
      for (const r of o.refs ?? []) addTo(this.linkers, objectKey(r.kind, r.name), file);
      if (o.pod && WORKLOAD_KINDS.has(o.kind)) {
        for (const [k, v] of Object.entries(o.pod.labels)) {
          let set = this.byLabel.get(`${k}\0${v}`);
          if (!set) this.byLabel.set(`${k}\0${v}`, (set = new Set()));
          set.add(o);
        }
      }
    }
    for (const key of e.depends) addTo(this.dependents, key, file);
    this.countOpaque(e, 1);
  }

  private countOpaque(e: FileEntry, by: 1 | -1): void {
    for (const op of e.opaque) {
      const k = op.kind ?? '';
      this.opaqueKinds.set(k, (this.opaqueKinds.get(k) ?? 0) + by);
      if (op.kind === undefined || WORKLOAD_KINDS.has(op.kind) || op.kind === 'Experiment' || (!INDEXED_KINDS.has(op.kind) && op.kind !== 'LimitRange')) {
        this.podSources += by;
      }
    }
  }

  private unregister(file: string, e: FileEntry): void {
    this.files.delete(file);
    const name = canonicalFile(file);
    if (this.keyOf.get(name) === file) this.keyOf.delete(name);
    if (this.muted.delete(file)) {
      for (const o of e.objects) removeFrom(this.dependents, objectKey(o.kind, o.name), file);
      return;
    }
    for (const o of e.objects) {
      const key = `${o.kind}\0${o.name}`;
      const list = this.byName.get(key)?.filter((x) => x !== o);
      if (list && list.length > 0) {
        this.byName.set(key, list);
        this.nameVersions.set(key, ++this.nameClock);
      } else {
        this.byName.delete(key);
        // a name that comes back gets a later version than any answer kept for it
        this.nameVersions.delete(key);
      }
      this.byKind.get(o.kind)?.delete(o);
      for (const r of o.refs ?? []) removeFrom(this.linkers, objectKey(r.kind, r.name), file);
      if (o.pod && WORKLOAD_KINDS.has(o.kind)) {
        for (const [k, v] of Object.entries(o.pod.labels)) {
          const set = this.byLabel.get(`${k}\0${v}`);
          set?.delete(o);
          if (set?.size === 0) this.byLabel.delete(`${k}\0${v}`);
        }
      }
    }
    for (const key of e.depends) removeFrom(this.dependents, key, file);
    this.countOpaque(e, -1);
  }
}

/** What a kustomization says about the builds of the patches it lists (a change of it re-checks them). */
function buildOf(k: Kustomization | undefined): string {
  return k ? JSON.stringify([k.patches, k.inline, k.resources, k.remote, k.openapi, k.configurations]) : '';
}

/** Every node reachable from `start` by `next`, `start` included. */
function closure(start: Iterable<string>, next: (node: string) => Iterable<string>): Set<string> {
  const seen = new Set<string>(start);
  const todo = [...seen];
  while (todo.length > 0) {
    for (const n of next(todo.pop()!)) {
      if (seen.has(n)) continue;
      seen.add(n);
      todo.push(n);
    }
  }
  return seen;
}

function addTo(map: Map<string, Set<string>>, key: string, file: string): void {
  let set = map.get(key);
  if (!set) map.set(key, (set = new Set()));
  set.add(file);
}

function removeFrom(map: Map<string, Set<string>>, key: string, file: string): void {
  const set = map.get(key);
  if (!set) return;
  set.delete(file);
  if (set.size === 0) map.delete(key);
}

function opaqueChanged(before: FileEntry | undefined, after: FileEntry): boolean {
  return JSON.stringify([before?.opaque ?? [], before?.templated ?? false]) !== JSON.stringify([after.opaque, after.templated]);
}

/**
 * A document's facts without positions, as a string, once per facts object (an open file's unchanged documents keep
 * theirs across keystrokes: a keystroke in a 1,000-document file no longer serializes all of them).
 */
const signatures = new WeakMap<ChunkFacts, string>();
function chunkSignature(facts: ChunkFacts): string {
  let sig = signatures.get(facts);
  if (sig === undefined) {
    sig = JSON.stringify([facts.objects.map(withoutPositions), facts.opaque, facts.templated]);
    signatures.set(facts, sig);
  }
  return sig;
}

/** An object placed in its file (positions shifted), reused while its document stays at the same line of that file. */
const placements = new WeakMap<IndexedObject, { lines: number; file: string; placed: IndexedObject }>();
function placed(o: IndexedObject, lines: number, file: string): IndexedObject {
  const known = placements.get(o);
  if (known && known.lines === lines && known.file === file) return known.placed;
  const out = shiftObject(o, lines, file);
  placements.set(o, { lines, file, placed: out });
  return out;
}

function sameSignature(a: readonly string[], b: readonly string[]): boolean {
  return a.length === b.length && a.every((x, i) => x === b[i]);
}

/** Whether a file's documents are objects (a kustomization or a Helm chart's Chart.yaml says how to make them). */
function holdsObjects(file: string): boolean {
  return !KUSTOMIZATION_FILE.test(file) && !CHART.test(file);
}

/** The documents of a file's text that `read` looks at. */
function* documentsOf(text: string): Generator<Chunk> {
  for (const chunk of splitDocuments(text.replace(/^\uFEFF/, ''))) if (!isEmptyChunk(chunk.text)) yield chunk;
}

/**
 * The facts of a file's documents, in the order `setSteps` reads them (its `given`): the part of reading a file that
 * needs nothing but the text, so it can run in a worker thread. `parsed`: as `WorkspaceIndexOptions.parsed`.
 */
export function fileFacts(file: string, text: string, parsed?: WorkspaceIndexOptions['parsed']): ChunkFacts[] {
  return holdsObjects(file) ? [...documentsOf(text)].map((chunk) => readChunk(chunk.text, parsed)) : [];
}

/** One document's facts (positions relative to the document), parsing it only when its kind is one the links read. */
export function readChunk(text: string, parsed?: (documentText: string) => ManifestDoc | undefined): ChunkFacts {
  const kind = scanKind(text);
  const marker = hasTemplateMarker(text);
  if (kind === undefined) {
    // no readable kind: a templated kind is something (it may be any kind); plain YAML of other tools is nothing
    if (marker && hasApiVersionLine(text)) return { objects: [], opaque: [{}], templated: true };
    return { objects: [], opaque: [], templated: marker };
  }
  if (!INDEXED_KINDS.has(kind)) {
    // markers in other kinds' data (alert templates in a ConfigMap, a workflow's parameters) are their own business
    if (INERT_KINDS.has(kind)) return { objects: [], opaque: [], templated: false };
    return { objects: [], opaque: [{ kind }], templated: false };
  }
  // Argo Rollouts' own `{{args.x}}` lives in analysis templates' strings; anywhere else a marker means a template
  const analysis = kind === 'AnalysisTemplate' || kind === 'ClusterAnalysisTemplate';
  if (marker && !analysis) return { objects: [], opaque: [{ kind }], templated: true };
  if (analysis) {
    // only their names are linked to: read from the metadata lines (their long queries are most of the parse)
    const named = scanNamed(text, kind);
    if (named) return { objects: [named], opaque: [], templated: false };
  }
  // positions in a model are relative to its document, wherever the document sits in its file; the linter's model
  // has its facts remembered already (the link rules read them on every check)
  const known = parsed?.(text);
  const md = known ?? parseChunk({ text, startLine: 0 }, 0);
  if (md.unparsed || md.doc.errors.length > 0) return { objects: [], opaque: [{ kind }], templated: marker };
  const o = known ? readObjectCached(md, '') : readObject(md, '');
  if (!o || o.name.includes('{{')) return { objects: [], opaque: [{ kind }], templated: marker };
  return { objects: [o], opaque: [], templated: false };
}

/**
 * An object known only by its kind and `metadata.name` / `namespace`, read from block-style metadata lines without
 * parsing; undefined when the metadata is not plainly written (flow style, anchors, quotes with escapes, templates),
 * and the document is then parsed.
 */
export function scanNamed(text: string, kind: string): IndexedObject | undefined {
  const lines = text.split('\n');
  const at = lines.findIndex((l) => /^metadata:[ \t]*(?:#.*)?\r?$/.test(l));
  if (at === -1) return undefined;
  let indent = -1;
  let name: { value: string; line: number; character: number } | undefined;
  let namespace: string | undefined;
  for (let i = at + 1; i < lines.length; i++) {
    const line = lines[i]!.replace(/\r$/, '');
    if (/^\s*(?:#.*)?$/.test(line)) continue;
    const lead = /^ */.exec(line)![0].length;
    if (lead === 0) break;
    if (indent === -1) indent = lead;
    if (lead < indent) return undefined;
    if (lead > indent) continue;
    const m = /^ *(name|namespace):[ \t]*(["']?)([A-Za-z0-9][A-Za-z0-9._-]*)\2[ \t]*(?:#.*)?$/.exec(line);
    if (!m) {
      if (/^ *(?:name|namespace)\s*:/.test(line)) return undefined; // written some other way: let the parser read it
      continue;
    }
    if (m[1] === 'name') name = { value: m[3]!, line: i, character: line.indexOf(m[3]!, line.indexOf(':') + 1) };
    else namespace = m[3]!;
  }
  if (!name) return undefined;
  const apiVersion = /^apiVersion:[ \t]*["']?([^"'\s#]+)/m.exec(text)?.[1] ?? '';
  const o: IndexedObject = {
    file: '',
    kind,
    apiVersion,
    name: name.value,
    nameRange: { start: { line: name.line, character: name.character }, end: { line: name.line, character: name.character + name.value.length } },
  };
  if (namespace !== undefined) o.namespace = namespace;
  return o;
}
