// What the user says about rules: a severity or `off` per rule code (`rolloutPilot.rules`, the CLI's `--rule`), and
// `# rollout-pilot-disable-next-line CODE[, CODE…]` comments that silence findings on the next line of YAML.
// Applied to a file's findings after every rule has run, so the cached per-document findings stay as the rules made
// them and one table decides what is shown.
import { RULE_CODES } from './rule-codes';
import type { Finding, Severity } from './types';

export const RULE_LEVELS = ['off', 'error', 'warning', 'information', 'hint'] as const;
export type RuleLevel = (typeof RULE_LEVELS)[number];
export type RuleLevels = Readonly<Record<string, RuleLevel>>;

/** Codes no setting or comment can silence: a check that did not happen must never look clean. */
const UNSILENCEABLE: ReadonlySet<string> = new Set(['internal-error']);

const DIRECTIVE = /^([ \t]*#[ \t]*)rollout-pilot-disable-next-line(?=[ \t]|$)([^\n\r]*)/gm;

interface Directive {
  /** 0-based line the directive silences. */
  target: number;
  /** Codes it names; empty: every code. */
  codes: Set<string>;
}

/**
 * The findings left after the user's directives and rule levels: silenced ones are dropped, the others take the
 * level set for their code. Directives naming a code no rule has get an `unknown-rule-code` finding of their own.
 */
export function applyControls(findings: Finding[], text: string, levels?: RuleLevels): Finding[] {
  const directives = text.includes('rollout-pilot-disable-next-line') ? readDirectives(text) : { list: [], findings: [] };
  let out = findings.concat(directives.findings);
  if (directives.list.length > 0) {
    const byLine = new Map<number, Directive[]>();
    for (const d of directives.list) byLine.set(d.target, [...(byLine.get(d.target) ?? []), d]);
    out = out.filter((f) => {
      if (UNSILENCEABLE.has(f.code)) return true;
      const here = byLine.get(f.range.start.line);
      return !here?.some((d) => d.codes.size === 0 || d.codes.has(f.code));
    });
  }
  if (!levels || Object.keys(levels).length === 0) return out;
  const result: Finding[] = [];
  for (const f of out) {
    const level = Object.hasOwn(levels, f.code) ? levels[f.code] : undefined;
    if (level === undefined || UNSILENCEABLE.has(f.code)) result.push(f);
    else if (level !== 'off') result.push(level === f.severity ? f : { ...f, severity: level as Severity });
  }
  return result;
}

function readDirectives(text: string): { list: Directive[]; findings: Finding[] } {
  const list: Directive[] = [];
  const findings: Finding[] = [];
  const lineStarts = [0];
  for (let i = text.indexOf('\n'); i !== -1; i = text.indexOf('\n', i + 1)) lineStarts.push(i + 1);
  const lineOf = (offset: number): number => {
    let lo = 0;
    let hi = lineStarts.length - 1;
    while (lo < hi) {
      const mid = (lo + hi + 1) >> 1;
      if (lineStarts[mid]! <= offset) lo = mid;
      else hi = mid - 1;
    }
    return lo;
  };
  for (const m of text.matchAll(DIRECTIVE)) {
    const line = lineOf(m.index);
    // the next line that holds YAML (blank and comment lines between are skipped, so directives can stack)
    let target = line + 1;
    while (target < lineStarts.length) {
      const start = lineStarts[target]!;
      const end = target + 1 < lineStarts.length ? lineStarts[target + 1]! : text.length;
      if (!/^[ \t]*(?:#.*)?\r?\n?$/.test(text.slice(start, end))) break;
      target++;
    }
    // `-- why` after the codes is a reason for readers, as in ESLint
    const rest = m[2]!.split(/[ \t]--[ \t]|[ \t]--$/)[0]!;
    const codes = new Set<string>();
    const restStart = m.index + m[0].length - m[2]!.length;
    for (const c of rest.matchAll(/[^\s,]+/g)) {
      codes.add(c[0]);
      if (RULE_CODES.has(c[0])) continue;
      const at = restStart + c.index - lineStarts[line]!;
      findings.push({
        range: { start: { line, character: at }, end: { line, character: at + c[0].length } },
        severity: 'warning',
        code: 'unknown-rule-code',
        message: `\`${c[0]}\` is not a Rollout Pilot rule code, so this comment silences nothing under that name (the codes are listed in docs/rules.md).`,
      });
    }
    list.push({ target, codes });
  }
  return { list, findings };
}
