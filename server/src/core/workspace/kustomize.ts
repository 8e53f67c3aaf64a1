// What a kustomization file says about the files around it: whether it renames or relabels what it includes, and
// which files are patches (kustomize's kustomization fields `patches`, `patchesStrategicMerge` and `patchesJson6902`,
// kubernetes-sigs/kustomize; a Component's kustomization, `kind: Component`, has the same fields). A patch file is
// not a new object: a strategic-merge patch is a fragment merged into the object it names, a JSON 6902 patch a list
// of operations. The index keeps both out of the links, and the engine checks a strategic-merge patch as a fragment
// (RuleContext.partial). It also says what a patch's build includes (`resources`, `components`) and whether kustomize
// knows a custom resource's schema there (`openapi:`): without it a Rollout patch's lists replace the Rollout's
// (rules/rollout-patch.ts). Pure: text in, facts out; file names are compared in the spelling `canonicalFile` gives.
import { parseDocument } from 'yaml';

export type PatchType = 'strategic' | 'json6902';

/**
 * A patch file a kustomization lists. `auto`: listed under `patches:`, where kustomize goes by the content (a list of
 * operations is a JSON 6902 patch, anything else a strategic-merge patch; api/internal/builtins/PatchTransformer.go).
 */
export interface PatchEntry {
  file: string;
  type: PatchType | 'auto';
  /** its `target:` (a JSON 6902 patch's, or a `patches:` entry's selector): the patch applies to what it selects */
  target?: PatchTarget;
}

/** What a patch's `target:` selects, as far as it can be told: absent `kind` or `name`, any (a name may be a regex). */
export interface PatchTarget {
  kind?: string;
  name?: string;
}

export interface Kustomization {
  /** it renames the resources it includes (anywhere: an overlay includes bases from elsewhere) */
  renames: boolean;
  /** it may add labels to pod templates (and to the selectors of the Services it includes) */
  relabels: boolean;
  /** the patch files it lists, by canonical name */
  patches: PatchEntry[];
  /** patches written inline (`patch:` text, inline `patchesStrategicMerge` items), by what they may select */
  inline: PatchTarget[];
  /** what it includes (`resources`, `bases`, `components`) resolved, by canonical name: files and folders */
  resources: string[];
  /** it includes something no local name resolves (a remote base: a git or http URL that is not one file) */
  remote: boolean;
  /**
   * `openapi:` with a `path`: kustomize reads the schemas there and merges the lists of the kinds they describe by
   * their merge keys (argo-schema-generator's schema describes a Rollout). Without it a Rollout's lists are replaced.
   */
  openapi: boolean;
  /** `configurations:` (transformer configs: name references, labels; they do not change how lists merge) */
  configurations: boolean;
}

const RENAMES = /^(?:namePrefix|nameSuffix):/m;
const RELABELS = /^(?:commonLabels|labels|patches|patchesStrategicMerge|patchesJson6902|replacements|components):/m;
/** the cheap test before a parse: fields that name other files or say how patches merge */
const READ_FIELDS = /^(?:patches|patchesStrategicMerge|patchesJson6902|resources|bases|components|openapi|configurations)\s*:/m;
/** The names kustomize reads a folder's kustomization from (api/konfig/general.go's RecognizedKustomizationFileNames). */
export const KUSTOMIZATION_NAMES: readonly string[] = ['kustomization.yaml', 'kustomization.yml', 'Kustomization'];
/** a file name (any folder, either slash) that is a kustomization */
export const KUSTOMIZATION_FILE = new RegExp(`(?:^|[\\\\/])(?:${KUSTOMIZATION_NAMES.map((n) => n.replace('.', '\\.')).join('|')})$`);
/** a resource name that is one file (anything else is a folder: a kustomization) */
export const RESOURCE_FILE = /\.(?:ya?ml|json)$/i;
/** a remote resource: a URL, a git address, or a repository path (`github.com/org/repo//dir?ref=v1`) */
const REMOTE = /^(?:[A-Za-z][A-Za-z0-9+.-]*:\/\/|git@|[A-Za-z0-9+.-]+::|[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*\.[A-Za-z]{2,}\/)|\?(?:ref|version|submodules|timeout)=/;
/** a target name that selects only itself (kustomize reads a name as an anchored regular expression: `.` is any) */
const PLAIN_NAME = /^[A-Za-z0-9_-]+$/;

/** The facts of a kustomization file named `file` (its patch files and resources resolved against its folder). */
export function readKustomization(file: string, text: string): Kustomization {
  const k: Kustomization = {
    renames: RENAMES.test(text),
    relabels: RELABELS.test(text),
    patches: [],
    inline: [],
    resources: [],
    remote: false,
    openapi: false,
    configurations: false,
  };
  if (READ_FIELDS.test(text)) readFields(file, text, k);
  return k;
}

function readFields(file: string, text: string, out: Kustomization): void {
  let data: unknown;
  try {
    const doc = parseDocument(text.replace(/^\uFEFF/, ''), { uniqueKeys: false });
    if (doc.errors.length > 0) return;
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return; // an alias bomb or an unreadable file: no patches known, every file checked as whole
  }
  if (!isRecord(data)) return;
  const k = data;
  const add = (path: unknown, type: PatchEntry['type'], target?: PatchTarget) => {
    const resolved = typeof path === 'string' ? resolveFrom(file, path) : undefined;
    if (resolved !== undefined) out.patches.push(target ? { file: resolved, type, target } : { file: resolved, type });
  };
  // `patch:` (inline text) entries are no file
  for (const p of list(k.patches)) {
    if (!isRecord(p)) continue;
    const target = isRecord(p.target) ? targetOf(p.target) : undefined;
    if (typeof p.path === 'string') add(p.path, 'auto', target);
    else if (typeof p.patch === 'string') out.inline.push(target ?? {});
  }
  for (const p of list(k.patchesJson6902)) {
    if (!isRecord(p)) continue;
    const target = targetOf(isRecord(p.target) ? p.target : {});
    if (typeof p.path === 'string') add(p.path, 'json6902', target);
    else if (typeof p.patch === 'string') out.inline.push(target);
  }
  // items are file names or inline patches (YAML text): a file name has no line break and no `key: value`
  for (const p of list(k.patchesStrategicMerge)) {
    if (typeof p !== 'string') continue;
    if (!/\n|:\s|^\s*[{[]/.test(p)) add(p, 'strategic');
    else out.inline.push({});
  }
  for (const r of [...list(k.resources), ...list(k.bases), ...list(k.components)]) {
    if (typeof r !== 'string') continue;
    const resolved = REMOTE.test(r.trim()) ? undefined : resolveFrom(file, r);
    if (resolved !== undefined) out.resources.push(resolved);
    else if (!RESOURCE_FILE.test(r.trim().replace(/[?#].*$/, ''))) out.remote = true; // a remote base (its own kustomization)
  }
  out.openapi = isRecord(k.openapi) && typeof k.openapi.path === 'string' && k.openapi.path.trim() !== '';
  out.configurations = list(k.configurations).length > 0;
}

/** A `target:` selector: its kind, and its name when kustomize compares it as written. */
function targetOf(t: Record<string, unknown>): PatchTarget {
  const out: PatchTarget = {};
  if (typeof t.kind === 'string' && t.kind !== '') out.kind = t.kind;
  if (typeof t.name === 'string' && PLAIN_NAME.test(t.name)) out.name = t.name;
  return out;
}

function list(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

function isRecord(v: unknown): v is Record<string, unknown> {
  return !!v && typeof v === 'object' && !Array.isArray(v);
}

/**
 * A file's name as patch lists compare it: a file: URI decoded (the client and the index may encode it differently,
 * and a drive letter may be either case), a path with forward slashes.
 */
export function canonicalFile(file: string): string {
  if (!/^file:/i.test(file)) return file.replace(/\\/g, '/');
  let s = file;
  // most names have nothing encoded: kept as they are (the index keeps one per file)
  if (file.includes('%')) {
    try {
      s = decodeURIComponent(file);
    } catch {
      // a stray `%`: compared as written
    }
  }
  return s.replace(/^file:\/\/\/([A-Za-z]):/, (_m, d: string) => `file:///${d.toLowerCase()}:`);
}

/**
 * `rel` (as written in a kustomization named `from`) as a canonical file name: relative to the kustomization's
 * folder, `..` allowed. Undefined for a remote one (a URL).
 */
export function resolveFrom(from: string, rel: string): string | undefined {
  const r = rel.trim().replace(/\\/g, '/');
  if (r === '' || /^[A-Za-z][A-Za-z0-9+.-]*:\/\//.test(r)) return undefined;
  const at = canonicalFile(from);
  // the root a `..` cannot climb above: file://host/, C:/ or /
  const m = /^(file:\/\/[^/]*\/(?:[A-Za-z]:\/)?|[A-Za-z]:\/|\/)?([\s\S]*)$/.exec(at)!;
  let root = m[1] ?? '';
  const parts: string[] = [];
  let path: string;
  if (/^[A-Za-z]:\//.test(r)) {
    // a Windows path written whole
    root = root.startsWith('file:') ? `file:///${r[0]!.toLowerCase()}:/` : r.slice(0, 3);
    path = r.slice(3);
  } else if (r.startsWith('/')) {
    path = r;
  } else {
    const dir = m[2]!.split('/');
    dir.pop();
    path = `${dir.join('/')}/${r}`;
  }
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') {
      if (parts.length > 0 && parts[parts.length - 1] !== '..') parts.pop();
      else if (root === '') parts.push('..'); // a relative name keeps what it cannot resolve
      continue;
    }
    parts.push(seg);
  }
  return root + parts.join('/');
}

/**
 * The file's text is a list of JSON-patch operations (its first content line starts a YAML or JSON list): kustomize
 * reads such a file, listed under `patches:`, as a JSON 6902 patch.
 */
export function isOperationList(text: string): boolean {
  // read line by line from the top: the first content line decides, comments and a `---` before it do not
  let at = text.charCodeAt(0) === 0xfeff ? 1 : 0;
  while (at < text.length) {
    const nl = text.indexOf('\n', at);
    const t = text.slice(at, nl === -1 ? text.length : nl).trim();
    if (t !== '' && !t.startsWith('#') && !t.startsWith('---') && !t.startsWith('%')) return /^(?:-(?:\s|$)|\[)/.test(t);
    if (nl === -1) break;
    at = nl + 1;
  }
  return false;
}
