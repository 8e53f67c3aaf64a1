// How the API-server rules (apiserver.ts) word and place their findings: the API server's own error format
// (apimachinery `pkg/util/validation/field/errors.go`: `<path>: Invalid value: <value>: <detail>`, `Required value`,
// `Duplicate value`, `Forbidden`), on the exact value or key, followed by who refuses it when it is not the API server
// itself (a Rollout's pod template is checked by the Argo Rollouts controller).
import { isMap, isScalar, isSeq, type Node, type YAMLMap } from 'yaml';
import { rangeOfNode, rangeOfOffsets, scalarString, type ManifestDoc } from '../documents';
import type { Finding, Fix, Range, Severity } from '../types';

export interface ReportOptions {
  severity?: Severity;
  fixes?: Fix[];
  /** A sentence of our own after the API server's words (what was probably meant). */
  hint?: string;
  /** Who refuses it, instead of the reporter's own `who` (a Rollout quantity the controller cannot even decode). */
  who?: string;
}

/** Go's `%v` of a field value: strings quoted, numbers as they are. */
export function goValue(v: unknown): string {
  return typeof v === 'string' ? JSON.stringify(v) : String(v);
}

export class Reporter {
  readonly findings: Finding[] = [];
  /**
   * @param who appended to messages about what is not refused by the API server itself, e.g. "the Argo Rollouts
   * controller marks the Rollout InvalidSpec"; empty for the API server.
   */
  constructor(
    readonly md: ManifestDoc,
    public who = '',
  ) {}

  push(code: string, range: Range, body: string, o: ReportOptions = {}): void {
    const severity = o.severity ?? 'error';
    let message = body;
    if (o.hint) message += `. ${o.hint}`;
    const who = o.who ?? this.who;
    if (who && severity === 'error') message += ` (${who})`;
    this.findings.push({ range, severity, code, message, ...(o.fixes?.length ? { fixes: o.fixes } : {}) });
  }

  invalid(code: string, node: Node | null | undefined, path: string, value: unknown, details: string[], o?: ReportOptions): void {
    this.push(code, this.rangeOf(node), `${path}: Invalid value: ${goValue(value)}: ${details.join('; ')}`, o);
  }

  required(code: string, range: Range, path: string, detail: string, o?: ReportOptions): void {
    this.push(code, range, `${path}: Required value${detail ? `: ${detail}` : ''}`, o);
  }

  duplicate(code: string, node: Node | null | undefined, path: string, value: unknown, o?: ReportOptions): void {
    this.push(code, this.rangeOf(node), `${path}: Duplicate value: ${goValue(value)}`, o);
  }

  forbidden(code: string, node: Node | null | undefined, path: string, detail: string, o?: ReportOptions): void {
    this.push(code, this.rangeOf(node), `${path}: Forbidden: ${detail}`, o);
  }

  /** A node's range without the trailing line breaks and comments of a block collection. */
  rangeOf(node: Node | null | undefined): Range {
    if (!node?.range) return rangeOfNode(this.md, node);
    const start = node.range[0];
    let end = isMap(node) || isSeq(node) ? firstLineEnd(this.md.text, start, node.range[1]) : node.range[1];
    while (end > start && /\s/.test(this.md.text[end - 1]!)) end--;
    return rangeOfOffsets(this.md, start, end);
  }

  /** A fix replacing a scalar's source text. */
  replaceFix(node: Node | null | undefined, newText: string, title: string, preferred = true): Fix[] {
    if (!isScalar(node) || !node.range) return [];
    return [{ title, edits: [{ range: rangeOfNode(this.md, node), newText }], ...(preferred ? { preferred } : {}) }];
  }
}

/** A block collection is reported on its first line, not on all of it. */
function firstLineEnd(text: string, start: number, end: number): number {
  const nl = text.indexOf('\n', start);
  return nl === -1 || nl > end ? end : nl;
}

/** A string scalar's value (documents.ts's `scalarString`, by the name the API-server rules use). */
export const str = scalarString;

/** An integer scalar's value (floats and strings are the schema rule's). */
export function int(node: unknown): number | undefined {
  return isScalar(node) && typeof node.value === 'number' && Number.isInteger(node.value) ? node.value : undefined;
}

export function seqMaps(node: unknown): Array<{ item: YAMLMap; index: number }> {
  if (!isSeq(node)) return [];
  const out: Array<{ item: YAMLMap; index: number }> = [];
  node.items.forEach((item, index) => {
    if (isMap(item)) out.push({ item, index });
  });
  return out;
}
