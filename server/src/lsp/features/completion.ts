// Completion (textDocument/completion): field names and values from the schemas at the cursor's path, well-known label
// keys, and the names of the Services, Rollouts and AnalysisTemplates a field refers to (this file and the
// workspace). The choice is core/editor/completion.ts.
import { type CompletionItem, type CompletionParams } from 'vscode-languageserver/node';
import { CompletionItemKind, MarkupKind } from '../lsp';
import { completeAt, type CompletionKind } from '../../core/editor/completion';
import { targetMinor } from '../../core/schema/lifecycle';
import type { Feature, FeatureContext } from './feature';
import { openFile } from './editorDocs';

const KINDS: Record<CompletionKind, CompletionItemKind> = {
  field: CompletionItemKind.Field,
  value: CompletionItemKind.Value,
  enum: CompletionItemKind.EnumMember,
  label: CompletionItemKind.Constant,
  reference: CompletionItemKind.Reference,
};

export function attachCompletion(ctx: FeatureContext): Feature {
  ctx.connection.onCompletion(
    ctx.lifecycle((params: CompletionParams): CompletionItem[] => {
      const file = openFile(ctx, params.textDocument.uri);
      if (!file) return [];
      // a space only asks for values (`stableService: `), not for field names on every indentation space
      if (params.context?.triggerCharacter === ' ') {
        const line = file.text.split('\n', params.position.line + 1)[params.position.line] ?? '';
        if (!/:\s$/.test(line.slice(0, params.position.character))) return [];
      }
      const workspace = ctx.workspace();
      const entries = completeAt(
        { text: file.text, docs: file.docs, minor: targetMinor(ctx.options().kubernetesVersion), ...(workspace ? { workspace } : {}), file: file.uri },
        params.position,
      );
      return entries.map((e) => ({
        label: e.label,
        kind: KINDS[e.kind],
        ...(e.detail ? { detail: e.detail } : {}),
        ...(e.documentation ? { documentation: { kind: MarkupKind.Markdown, value: e.documentation } } : {}),
        ...(e.insertText ? { insertText: e.insertText } : {}),
      }));
    }),
  );
  return { capabilities: () => ({ completionProvider: { triggerCharacters: [' ', ':'] } }) };
}
