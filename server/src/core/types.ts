// The engine's own vocabulary: plain data, no LSP and no `vscode` import, so the CLI, the language server and the
// tests share it. Positions are 0-based, as in LSP.

export type Severity = 'error' | 'warning' | 'information' | 'hint';

export interface Position {
  line: number;
  character: number;
}

export interface Range {
  start: Position;
  end: Position;
}

export interface TextEdit {
  range: Range;
  newText: string;
}

/** A quick fix a finding offers; the editor turns it into a code action, the CLI ignores it. */
export interface Fix {
  title: string;
  edits: TextEdit[];
  /** The fix the editor should offer first (e.g. the one "did you mean" suggestion). */
  preferred?: boolean;
}

export interface Finding {
  range: Range;
  severity: Severity;
  /** Stable rule code, documented in docs/rules.md (e.g. `removed-api-version`). */
  code: string;
  message: string;
  fixes?: Fix[];
  /** Rendered as strike-through (deprecated) or faded (unnecessary) by editors that support tags. */
  tags?: Array<'deprecated' | 'unnecessary'>;
}

/** Which family a rule belongs to: `schema` findings can be left to another YAML extension. */
export type RuleFamily = 'syntax' | 'schema' | 'kubernetes' | 'argo' | 'limits';

export interface LintOptions {
  /** Target Kubernetes minor version as `1.X`. */
  kubernetesVersion: string;
  /** Report pure schema-shape findings (unknown field, type, required, enum). */
  schemaDiagnostics: boolean;
  /** Text longer than this (in characters) is only checked up to this point. */
  maxTextLength: number;
  /** Per rule code: `off` or the severity to report it with (`rolloutPilot.rules`, `--rule CODE=LEVEL`). */
  rules?: Readonly<Record<string, 'off' | Severity>>;
}
