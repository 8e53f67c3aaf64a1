// How the language server's features plug in: each file of this folder exports an `attach…(ctx)` that registers its
// handlers on the connection and returns the capabilities it serves. The server (server.ts) owns the lifecycle,
// the settings and the checking; features read them through this context and never reach into each other.
import type { Connection, InitializeParams, ResponseError, ServerCapabilities, TextDocuments } from 'vscode-languageserver/node';
import type { TextDocument } from 'vscode-languageserver-textdocument';
import type { Linter } from '../../core/engine';
import type { LintOptions } from '../../core/types';
import type { WorkspaceLookup } from '../../core/workspace/lookup';

export interface FeatureContext {
  connection: Connection;
  documents: TextDocuments<TextDocument>;
  linter: Linter;
  /** The lint options in effect now (settings applied). */
  options(): LintOptions;
  /** Wraps a request handler so it answers only between `initialize` and `shutdown`. */
  lifecycle<P, R>(handler: (params: P) => R): (params: P) => R | ResponseError<void>;
  /** Whether the server checks this open document (YAML). */
  isChecked(doc: { languageId: string; uri: string }): boolean;
  /** Re-check an open document (after the usual quiet period); a no-op for a file that is not open. */
  revalidate(uri: string): void;
  /**
   * Told (once per burst) after the workspace changed what open documents link to: features whose answers the
   * editor pulls (inlay hints) ask it to pull again, as diagnostics are re-published.
   */
  onLinksChanged(listener: () => void): void;
  /**
   * Told after a version of an open document has been checked and its diagnostics published (not for a check a newer
   * version superseded): the linter then holds that version's parse (`linter.cachedDocument`).
   */
  onChecked(listener: (uri: string, version: number) => void): void;
  /** Whether a check of an open document is running now (a large one runs in slices). */
  checking(): boolean;
  /** The workspace the rules see, once the workspace feature has one. */
  workspace(): WorkspaceLookup | undefined;
  /** Set by the workspace feature: the index every later check and request reads. */
  provideWorkspace(lookup: WorkspaceLookup): void;
  log: { info(message: string): void; error(message: string): void };
}

export interface Feature {
  /** Called from `initialize`: what the feature serves (merged into the server's capabilities). */
  capabilities(params: InitializeParams): ServerCapabilities;
  /** Called from `initialized`, after the settings are known. */
  initialized?(): void;
  /** Called when the editor opens a document the server checks, before its first check runs. */
  opened?(uri: string): void;
  /** Called on `shutdown`. */
  dispose?(): void;
}
