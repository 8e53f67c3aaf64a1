// What a kustomization file says about the files around it: whether it renames or relabels what it includes, and
// which files are patches (kustomize's kustomization fields `patches`, `patchesStrategicMerge` and `patchesJson6902`,
// kubernetes-sigs/kustomize; a Component's kustomization, `kind: Component`, has the same fields). A patch file is
// not a new object: a strategic-merge patch is a fragment merged into the object it names, a JSON 6902 patch a list
// of operations. The index keeps both out of the links, and the engine checks a strategic-merge patch as a fragment
// (RuleContext.partial). Pure: text in, facts out; file names are compared in the spelling `canonicalFile` gives.
import { parseDocument } from 'yaml';

export type PatchType = 'strategic' | 'json6902';

/**
 * A patch file a kustomization lists. `auto`: listed under `patches:`, where kustomize goes by the content (a list of
 * operations is a JSON 6902 patch, anything else a strategic-merge patch; api/internal/builtins/PatchTransformer.go).
 */
export interface PatchEntry {
  file: string;
  type: PatchType | 'auto';
}

export interface Kustomization {
  /** it renames the resources it includes (anywhere: an overlay includes bases from elsewhere) */
  renames: boolean;
  /** it may add labels to pod templates (and to the selectors of the Services it includes) */
  relabels: boolean;
  /** the patch files it lists, by canonical name */
  patches: PatchEntry[];
}

const RENAMES = /^(?:namePrefix|nameSuffix):/m;
const RELABELS = /^(?:commonLabels|labels|patches|patchesStrategicMerge|patchesJson6902|replacements|components):/m;
/** the cheap test before a parse: most kustomizations list no patch file */
const PATCH_FIELDS = /^(?:patches|patchesStrategicMerge|patchesJson6902)\s*:/m;

/** The facts of a kustomization file named `file` (its patch files resolved against its folder). */
export function readKustomization(file: string, text: string): Kustomization {
  return { renames: RENAMES.test(text), relabels: RELABELS.test(text), patches: PATCH_FIELDS.test(text) ? patchEntries(file, text) : [] };
}

function patchEntries(file: string, text: string): PatchEntry[] {
  let data: unknown;
  try {
    const doc = parseDocument(text.replace(/^\uFEFF/, ''), { uniqueKeys: false });
    if (doc.errors.length > 0) return [];
    data = doc.toJS({ maxAliasCount: 100 });
  } catch {
    return []; // an alias bomb or an unreadable file: no patches known, every file checked as whole
  }
  if (!data || typeof data !== 'object' || Array.isArray(data)) return [];
  const k = data as Record<string, unknown>;
  const out: PatchEntry[] = [];
  const add = (path: unknown, type: PatchEntry['type']) => {
    const resolved = typeof path === 'string' ? resolveFrom(file, path) : undefined;
    if (resolved !== undefined) out.push({ file: resolved, type });
  };
  // `patch:` (inline text) entries are no file
  for (const p of list(k.patches)) if (isRecord(p)) add(p.path, 'auto');
  for (const p of list(k.patchesJson6902)) if (isRecord(p)) add(p.path, 'json6902');
  // items are file names or inline patches (YAML text): a file name has no line break and no `key: value`
  for (const p of list(k.patchesStrategicMerge)) if (typeof p === 'string' && !/\n|:\s|^\s*[{[]/.test(p)) add(p, 'strategic');
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
