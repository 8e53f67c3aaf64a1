// Structural validation of one parsed YAML document against the generated schema data: unknown fields (with "did you
// mean"), wrong value types, missing required fields and values outside an enum. One pass over the `yaml` AST; it
// allocates nothing but the findings. YAML aliases are never followed (an alias bomb stays as cheap as its text),
// depth is bounded, and free-form maps are not looked into.
import { isAlias, isMap, isScalar, isSeq, type Node, type Scalar, type YAMLMap } from 'yaml';
import { rangeOfNode, rangeOfOffsets, type ManifestDoc } from '../documents';
import type { Finding, Fix, Range } from '../types';
import type { SchemaNode, SchemaType } from './data';
import { closest } from './suggest';

export type SchemaPath = ReadonlyArray<string | number>;

export interface ValidateOptions {
  /** The kind named in messages: "Unknown field `x` in Service spec". */
  kind: string;
  /**
   * True for a field the lifecycle table knows (removed or deprecated) at `path`: it is reported by the deprecations
   * rule with a better message, so it is not also an unknown field.
   */
  isRetiredField?(path: SchemaPath, key: string): boolean;
  /**
   * The document is a fragment (a kustomize strategic-merge patch): no field is required, since the object it is
   * merged into has them, and the patch directives (`$patch`, `$setElementOrder/…`, `$retainKeys`,
   * `$deleteFromPrimitiveList/…`; Kubernetes' strategic-merge-patch docs) are no unknown fields.
   */
  partial?: boolean;
}

/** The keys of strategic-merge-patch directives (apimachinery `pkg/util/strategicpatch`). */
const PATCH_DIRECTIVE = /^\$(?:patch|retainKeys|setElementOrder\/.+|deleteFromPrimitiveList\/.+)$/;

/** Mappings and lists nested deeper than this are not looked into (no manifest comes close). */
export const MAX_DEPTH = 64;
/** A document stops collecting shape findings after this many (a pasted wrong file should not flood the editor). */
export const MAX_FINDINGS = 500;

/** Validates a whole document (its root mapping) against the schema of its kind. */
export function validateDocument(md: ManifestDoc, schema: SchemaNode, options: ValidateOptions): Finding[] {
  const w = new Walker(md, options, []);
  if (md.root) w.value(md.root, schema, undefined, 0, !options.partial);
  return w.findings;
}

/** Validates one value of a document (found at `path`) against a schema node. */
export function validateValue(
  md: ManifestDoc,
  node: Node | null | undefined,
  schema: SchemaNode,
  options: ValidateOptions,
  path: SchemaPath,
): Finding[] {
  const w = new Walker(md, options, [...path]);
  w.value(node, schema, undefined, 0, true);
  return w.findings;
}

/** `spec.ports[0].port` */
export function formatPath(path: SchemaPath): string {
  let s = '';
  for (const p of path) s += typeof p === 'number' ? `[${p}]` : s ? `.${p}` : p;
  return s;
}

/** Plain scalars YAML 1.1 reads as booleans: Kubernetes' YAML decoder does, the `yaml` package (YAML 1.2) does not. */
const YAML11_BOOLEANS = new Set(['y', 'Y', 'yes', 'Yes', 'YES', 'n', 'N', 'no', 'No', 'NO', 'on', 'On', 'ON', 'off', 'Off', 'OFF']);

/** A plain string YAML 1.1 reads as a boolean. The length first: a longer value (most are) is not hashed for the set. */
function isYaml11Boolean(v: unknown, node: Scalar): boolean {
  return typeof v === 'string' && v.length <= 3 && node.type === 'PLAIN' && YAML11_BOOLEANS.has(v);
}

const EXPECTED: Record<SchemaType, string> = {
  string: 'a string',
  integer: 'an integer',
  number: 'a number',
  boolean: 'a boolean (true or false)',
  object: 'a mapping',
  array: 'a list',
  'int-or-string': 'an integer or a string',
  quantity: 'a quantity (a number, or a string such as `500m` or `1Gi`)',
  any: 'any value',
};

class Walker {
  readonly findings: Finding[] = [];

  constructor(
    private readonly md: ManifestDoc,
    private readonly opts: ValidateOptions,
    private readonly path: Array<string | number>,
  ) {}

  /** `keyNode` is the key whose value `node` is (where a missing required field is reported). */
  value(node: unknown, schema: SchemaNode, keyNode: Node | undefined, depth: number, checkRequired: boolean): void {
    if (node == null || depth > MAX_DEPTH || this.findings.length >= MAX_FINDINGS || isAlias(node)) return;
    if (isScalar(node) && node.value === null) return; // `field:` or `~`: Kubernetes treats null as unset
    switch (schema.type) {
      case 'any':
        return;
      case 'object':
        if (isMap(node)) this.map(node, schema, keyNode, depth, checkRequired);
        else this.typeError(node as Node, schema);
        return;
      case 'array':
        if (!isSeq(node)) {
          this.typeError(node as Node, schema);
          return;
        }
        if (schema.items && schema.items.type !== 'any') {
          for (let i = 0; i < node.items.length; i++) {
            this.path.push(i);
            this.value(node.items[i], schema.items, undefined, depth + 1, checkRequired);
            this.path.pop();
          }
        }
        return;
      default:
        if (isScalar(node)) this.scalar(node, schema);
        else this.typeError(node as Node, schema);
    }
  }

  private map(node: YAMLMap, schema: SchemaNode, keyNode: Node | undefined, depth: number, checkRequired: boolean): void {
    const props = schema.props;
    let merged = false;
    for (const pair of node.items) {
      const k = pair.key;
      if (!isScalar(k)) continue; // an alias or a complex key: nothing a manifest field can be
      const name = String(k.value);
      if (name === '<<') {
        merged = true; // a YAML merge key: Kubernetes' decoder merges it, the fields it brings in are not known here
        continue;
      }
      if (this.opts.partial && PATCH_DIRECTIVE.test(name)) continue;
      const sub = props?.get(name) ?? schema.values;
      if (sub) {
        this.path.push(name);
        // the API server ignores `status` on create and update: check its shape, not its required fields
        const required = checkRequired && !(this.path.length === 1 && name === 'status');
        this.value(pair.value, sub, k, depth + 1, required);
        this.path.pop();
      } else if (!schema.free) {
        this.unknownField(node, k, name, schema);
      }
    }
    if (checkRequired && schema.required && !merged) {
      for (const r of schema.required) if (!hasKey(node, r)) this.missing(node, keyNode, r);
    }
  }

  private scalar(node: Scalar, schema: SchemaNode): void {
    const v = node.value;
    const yaml11Bool = isYaml11Boolean(v, node);
    let ok: boolean;
    switch (schema.type) {
      case 'string':
        ok = typeof v === 'string' && !yaml11Bool;
        break;
      case 'integer':
        ok = typeof v === 'number' && Number.isInteger(v);
        break;
      case 'number':
        ok = typeof v === 'number';
        break;
      case 'boolean':
        ok = typeof v === 'boolean' || yaml11Bool;
        break;
      case 'int-or-string':
        ok = (typeof v === 'string' && !yaml11Bool) || (typeof v === 'number' && Number.isInteger(v));
        break;
      case 'quantity':
        ok = (typeof v === 'string' && !yaml11Bool) || typeof v === 'number';
        break;
      default:
        ok = true;
    }
    if (!ok) this.typeError(node, schema);
    else if (schema.enum && typeof v === 'string' && v !== '' && !schema.enum.includes(v)) this.enumError(node, v, schema.enum);
  }

  private unknownField(map: YAMLMap, key: Scalar, name: string, schema: SchemaNode): void {
    if (this.opts.isRetiredField?.(this.path, name)) return;
    const present = new Set<string>();
    for (const p of map.items) if (isScalar(p.key)) present.add(String(p.key.value));
    const candidates = schema.props ? [...schema.props.keys()].filter((c) => !present.has(c)) : [];
    const suggestion = closest(name, candidates);
    const range = rangeOfNode(this.md, key);
    this.findings.push({
      range,
      severity: 'error',
      code: 'unknown-field',
      message: `Unknown field \`${name}\` in ${this.where()}${suggestion ? `: did you mean \`${suggestion}\`?` : '.'}`,
      ...(suggestion
        ? { fixes: [{ title: `Rename \`${name}\` to \`${suggestion}\``, edits: [{ range, newText: suggestion }], preferred: true }] }
        : {}),
    });
  }

  private missing(map: YAMLMap, keyNode: Node | undefined, name: string): void {
    const range = keyNode
      ? rangeOfNode(this.md, keyNode)
      : this.path.length === 0
        ? this.rootAnchor(map)
        : this.firstLine(map);
    this.findings.push({
      range,
      severity: 'error',
      code: 'missing-required',
      message: `Missing required field \`${name}\` in ${this.where()}.`,
    });
  }

  private typeError(node: Node, schema: SchemaNode): void {
    const range = this.trimmedRange(node);
    let actual: string;
    let hint = '';
    let fixes: Fix[] | undefined;
    if (isMap(node)) actual = 'a mapping';
    else if (isSeq(node)) actual = 'a list';
    else if (isScalar(node)) {
      const v = node.value;
      const source = node.range ? this.md.text.slice(node.range[0], node.range[1]) : String(v);
      if (isYaml11Boolean(v, node)) {
        actual = `\`${v}\`, which Kubernetes' YAML 1.1 decoder reads as a boolean`;
      } else if (typeof v === 'string') {
        actual = `the string ${JSON.stringify(v)}`;
        if (node.type !== 'PLAIN' && (schema.type === 'integer' || schema.type === 'number') && /^-?\d+(\.\d+)?$/.test(v)) {
          hint = '; remove the quotes';
        }
      } else if (typeof v === 'number') actual = `the number ${source}`;
      else if (typeof v === 'boolean') actual = `the boolean ${source}`;
      else actual = source;
      if (schema.type === 'string' && node.type === 'PLAIN' && typeof v !== 'object') {
        const quoted = JSON.stringify(source);
        hint = `; quote it: ${quoted}`;
        fixes = [{ title: `Quote the value: ${quoted}`, edits: [{ range, newText: quoted }], preferred: true }];
      }
    } else actual = 'another kind of value';
    this.findings.push({
      range,
      severity: 'error',
      code: 'invalid-type',
      message: `\`${this.fieldName()}\` must be ${EXPECTED[schema.type]}, but is ${actual}${hint}.`,
      ...(fixes ? { fixes } : {}),
    });
  }

  private enumError(node: Scalar, v: string, allowed: readonly string[]): void {
    const range = rangeOfNode(this.md, node);
    const suggestion = closest(v, allowed);
    this.findings.push({
      range,
      severity: 'error',
      code: 'invalid-enum',
      message:
        `\`${this.fieldName()}\` is \`${v}\`, which is not one of: ${allowed.join(', ')}` +
        (suggestion ? `. Did you mean \`${suggestion}\`?` : '.'),
      ...(suggestion
        ? { fixes: [{ title: `Change to \`${suggestion}\``, edits: [{ range, newText: requote(node, suggestion) }], preferred: true }] }
        : {}),
    });
  }

  /** "Service spec.ports[0]", or just "Service" at the top level. */
  private where(): string {
    return this.path.length ? `${this.opts.kind} ${formatPath(this.path)}` : this.opts.kind;
  }

  private fieldName(): string {
    return formatPath(this.path);
  }

  /** A node's range without the line breaks (and comments) a block collection's range ends with. */
  private trimmedRange(node: Node): Range {
    if (!node.range) return rangeOfNode(this.md, node);
    const start = node.range[0];
    let end = node.range[1];
    while (end > start && /\s/.test(this.md.text[end - 1]!)) end--;
    return rangeOfOffsets(this.md, start, end);
  }

  /** Where a field missing at the top level is reported: the `kind` key, else the document's first line. */
  private rootAnchor(map: YAMLMap): Range {
    for (const p of map.items) {
      if (isScalar(p.key) && p.key.value === 'kind') return rangeOfNode(this.md, p.key);
    }
    return this.firstLine(map);
  }

  /** The first line of a mapping without a key of its own (a list item). */
  private firstLine(map: YAMLMap): Range {
    if (!map.range) return rangeOfOffsets(this.md, 0, 0);
    const start = map.range[0];
    let end = this.md.text.indexOf('\n', start);
    if (end === -1 || end > map.range[1]) end = map.range[1];
    while (end > start && /\s/.test(this.md.text[end - 1]!)) end--;
    return rangeOfOffsets(this.md, start, end);
  }
}

/** `text` (a plain word) in the quotes `node` was written with. */
export function requote(node: Scalar, text: string): string {
  if (node.type === 'QUOTE_DOUBLE') return JSON.stringify(text);
  if (node.type === 'QUOTE_SINGLE') return `'${text}'`;
  return text;
}

function hasKey(map: YAMLMap, name: string): boolean {
  for (const p of map.items) if (isScalar(p.key) && String(p.key.value) === name) return true;
  return false;
}
