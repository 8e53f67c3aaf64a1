// Hover (textDocument/hover): a finding's code, message and link; a canary step's arithmetic; a field's meaning from
// the schemas. The content is core/editor/hover.ts; the findings are the linter's for the text as it is now (cached
// per document, so this re-parses nothing).
import { type Hover, type HoverParams } from 'vscode-languageserver/node';
import { MarkupKind } from '../lsp';
import { hoverAt } from '../../core/editor/hover';
import type { Feature, FeatureContext } from './feature';
import { openFile } from './editorDocs';

export function attachHover(ctx: FeatureContext): Feature {
  ctx.connection.onHover(
    ctx.lifecycle((params: HoverParams): Hover | null => {
      const file = openFile(ctx, params.textDocument.uri);
      if (!file) return null;
      const workspace = ctx.workspace();
      const full = ctx.documents.get(file.uri)!.getText();
      const findings = ctx.linter.lint(full, ctx.options(), file.uri, workspace);
      const h = hoverAt({ docs: file.docs, findings, ...(workspace ? { workspace } : {}), file: file.uri }, params.position);
      if (!h) return null;
      return { contents: { kind: MarkupKind.Markdown, value: h.markdown }, ...(h.range ? { range: h.range } : {}) };
    }),
  );
  return { capabilities: () => ({ hoverProvider: true }) };
}
