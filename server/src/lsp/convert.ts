// Engine findings → LSP diagnostics and quick-fix code actions. Plain mapping, no state.
import { type CodeAction, type Diagnostic, type Range } from 'vscode-languageserver/node';
import { CodeActionKind, DiagnosticSeverity, DiagnosticTag } from './lsp';
import type { Finding, Severity } from '../core/types';
import { ruleDocUrl } from '../core/rule-docs';

export const SOURCE = 'rollout-pilot';

const SEVERITY: Record<Severity, DiagnosticSeverity> = {
  error: DiagnosticSeverity.Error,
  warning: DiagnosticSeverity.Warning,
  information: DiagnosticSeverity.Information,
  hint: DiagnosticSeverity.Hint,
};

const TAG = { deprecated: DiagnosticTag.Deprecated, unnecessary: DiagnosticTag.Unnecessary } as const;

export function toDiagnostic(f: Finding): Diagnostic {
  const d: Diagnostic = {
    range: f.range,
    severity: SEVERITY[f.severity],
    code: f.code,
    codeDescription: { href: ruleDocUrl(f.code) },
    source: SOURCE,
    message: f.message,
  };
  if (f.tags?.length) d.tags = f.tags.map((t) => TAG[t]);
  return d;
}

/** Quick fixes of the findings whose range touches `range`, each tied to the diagnostic it fixes. */
export function toCodeActions(uri: string, findings: Finding[], range: Range, contextDiagnostics: Diagnostic[]): CodeAction[] {
  const actions: CodeAction[] = [];
  for (const f of findings) {
    if (!f.fixes?.length || !touches(f.range, range)) continue;
    // the client's copy of the diagnostic when it sent one (same code and range), else ours
    const diagnostic =
      contextDiagnostics.find((d) => d.source === SOURCE && d.code === f.code && sameRange(d.range, f.range)) ??
      toDiagnostic(f);
    for (const fix of f.fixes) {
      actions.push({
        title: fix.title,
        kind: CodeActionKind.QuickFix,
        diagnostics: [diagnostic],
        isPreferred: fix.preferred ?? f.fixes.length === 1,
        edit: { changes: { [uri]: fix.edits.map((e) => ({ range: e.range, newText: e.newText })) } },
      });
    }
  }
  return actions;
}

function before(a: Range['start'], b: Range['start']): boolean {
  return a.line < b.line || (a.line === b.line && a.character < b.character);
}

/** Ranges overlap or touch (a cursor at either end of a finding counts). */
export function touches(a: Range, b: Range): boolean {
  return !before(a.end, b.start) && !before(b.end, a.start);
}

function sameRange(a: Range, b: Range): boolean {
  return (
    a.start.line === b.start.line &&
    a.start.character === b.start.character &&
    a.end.line === b.end.line &&
    a.end.character === b.end.character
  );
}
