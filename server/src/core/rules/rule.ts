// What a rule is: the interfaces the registry (index.ts) and every rule file share. Kept apart from the registry so
// that rule files import only this, and the registry imports the rules (no cycle).
import type { ManifestDoc } from '../documents';
import type { Target } from '../targets';
import type { Finding, LintOptions } from '../types';
import type { WorkspaceLookup } from '../workspace/lookup';

export interface RuleContext {
  options: LintOptions;
  /**
   * The other files of the workspace (the language server's index, or the CLI's paths), when there are any. Rules
   * that follow links between resources look there after the file's own documents; without it they judge the file
   * alone and say nothing about links they cannot see.
   */
  workspace?: WorkspaceLookup;
  /** The file being checked (its URI in the editor, its path in the CLI), so the workspace can skip its own copy. */
  file?: string;
  /**
   * The document is a fragment of an object defined elsewhere (a kustomize strategic-merge patch, which the engine
   * learns from `workspace.patchOf`): what it writes is judged (a misspelled key, a bad value), what it leaves out is
   * not (required fields, defaults standing in for absent fields, links: its name is its target's).
   */
  partial?: boolean;
}

/** A rule over one parsed document of a kind the engine checks; its findings are cached with the document's text. */
export interface DocumentRule {
  id: string;
  check(md: ManifestDoc, target: Target, ctx: RuleContext): Finding[];
}

/**
 * A rule over every healthy document of a file (of any kind), and through `ctx.workspace` over the other files: it
 * runs on every check of the file, so it must be cheap (lookups, no parsing).
 */
export interface CrossDocumentRule {
  id: string;
  check(docs: ManifestDoc[], ctx: RuleContext): Array<{ doc: ManifestDoc; finding: Finding }>;
}
