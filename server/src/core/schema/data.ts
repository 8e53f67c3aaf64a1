// The generated schema data (generated/schemas.json, written by `npm run gen:schemas`) turned into linked nodes, and
// the choice of which definitions file validates a document for the configured Kubernetes version.
import generated from './generated/schemas.json';

export type SchemaType =
  | 'string'
  | 'integer'
  | 'number'
  | 'boolean'
  | 'object'
  | 'array'
  | 'int-or-string'
  | 'quantity'
  | 'any';

export interface SchemaNode {
  type: SchemaType;
  /** Known fields of an object. */
  props?: ReadonlyMap<string, SchemaNode>;
  required?: readonly string[];
  /** Allowed values of a string. */
  enum?: readonly string[];
  /** Schema of each list item. */
  items?: SchemaNode;
  /** Schema of every value of a map whose keys are free (labels, selectors, ...). */
  values?: SchemaNode;
  /** Keys other than `props` are allowed and not looked into. */
  free: boolean;
}

interface RawNode {
  t: string;
  p?: Record<string, number>;
  r?: string[];
  e?: string[];
  i?: number;
  v?: number;
  f?: number;
}

interface RawData {
  versions: Record<string, Record<string, number>>;
  nodes: RawNode[];
}

const TYPES: Record<string, SchemaType> = {
  s: 'string',
  i: 'integer',
  n: 'number',
  b: 'boolean',
  o: 'object',
  a: 'array',
  is: 'int-or-string',
  q: 'quantity',
  '*': 'any',
};

interface Loaded {
  nodes: SchemaNode[];
  /** Definitions files by Kubernetes minor version, oldest first. */
  files: Array<{ minor: number; roots: Map<string, SchemaNode> }>;
}

let loaded: Loaded | undefined;

/** Links the node pool once, on first use (children always precede their parents in the pool). */
function load(): Loaded {
  if (loaded) return loaded;
  const raw = generated as unknown as RawData;
  const nodes: SchemaNode[] = [];
  for (const r of raw.nodes) {
    const type = TYPES[r.t];
    if (!type) throw new Error(`schema data: unknown node type ${r.t}`);
    const n: SchemaNode = { type, free: r.f === 1 };
    if (r.p) n.props = new Map(Object.entries(r.p).map(([k, i]) => [k, nodes[i]!]));
    if (r.r) n.required = r.r;
    if (r.e) n.enum = r.e;
    if (r.i !== undefined) n.items = nodes[r.i];
    if (r.v !== undefined) n.values = nodes[r.v];
    nodes.push(n);
  }
  const files = Object.entries(raw.versions)
    .map(([minor, roots]) => ({
      minor: Number(minor),
      roots: new Map(Object.entries(roots).map(([id, i]) => [id, nodes[i]!])),
    }))
    .sort((a, b) => a.minor - b.minor);
  loaded = { nodes, files };
  return loaded;
}

export interface ResolvedSchema {
  schema: SchemaNode;
  /** Minor version of the definitions file the schema comes from. */
  definitionsMinor: number;
}

/**
 * The schema for `apiVersion`/`kind` at Kubernetes 1.`minor`: from the newest definitions file not newer than the
 * target that defines it (1.21 for ≤1.23, 1.24 for 1.24–1.33, ...). A version the target no longer serves
 * (autoscaling/v2beta1 at 1.36) comes from the newest file that still has it; one the target does not serve yet
 * (autoscaling/v2 at 1.21) from the oldest file that has it. Undefined for an apiVersion no file defines.
 */
export function schemaFor(apiVersion: string, kind: string, minor: number): ResolvedSchema | undefined {
  const id = `${apiVersion}/${kind}`;
  let best: ResolvedSchema | undefined;
  for (const f of load().files) {
    const schema = f.roots.get(id);
    if (!schema) continue;
    if (!best || f.minor <= minor) best = { schema, definitionsMinor: f.minor };
    if (f.minor > minor) break;
  }
  return best;
}

/** Every apiVersion some definitions file has for `kind`, in a stable order (for messages). */
export function apiVersionsOf(kind: string): string[] {
  const out = new Set<string>();
  const suffix = `/${kind}`;
  for (const f of load().files) {
    for (const id of f.roots.keys()) if (id.endsWith(suffix)) out.add(id.slice(0, -suffix.length));
  }
  return [...out].sort();
}

/** Minor version of the definitions files, oldest first (for tests and messages). */
export function definitionsVersions(): number[] {
  return load().files.map((f) => f.minor);
}
