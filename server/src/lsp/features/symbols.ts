// The outline (textDocument/documentSymbol): each document as `Kind name`, a Rollout's strategy and steps, an HPA's
// target and metrics, a Service's ports. The tree is core/editor/outline.ts.
import { type DocumentSymbol, type DocumentSymbolParams } from 'vscode-languageserver/node';
import { SymbolKind } from '../lsp';
import { outline, type OutlineKind, type OutlineNode } from '../../core/editor/outline';
import type { Feature, FeatureContext } from './feature';
import { openFile } from './editorDocs';

const KINDS: Record<OutlineKind, SymbolKind> = {
  object: SymbolKind.Object,
  namespace: SymbolKind.Namespace,
  event: SymbolKind.Event,
  number: SymbolKind.Number,
  field: SymbolKind.Field,
};

function toSymbol(n: OutlineNode): DocumentSymbol {
  return {
    name: n.name,
    kind: KINDS[n.kind],
    range: n.range,
    selectionRange: n.selectionRange,
    ...(n.detail ? { detail: n.detail } : {}),
    ...(n.children ? { children: n.children.map(toSymbol) } : {}),
  };
}

export function attachSymbols(ctx: FeatureContext): Feature {
  ctx.connection.onDocumentSymbol(
    ctx.lifecycle((params: DocumentSymbolParams): DocumentSymbol[] => {
      const file = openFile(ctx, params.textDocument.uri);
      if (!file) return [];
      return outline(file.docs, ctx.workspace(), file.uri).map(toSymbol);
    }),
  );
  return { capabilities: () => ({ documentSymbolProvider: true }) };
}
