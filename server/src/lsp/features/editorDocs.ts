// The parsed documents of an open file for the editor features (hover, completion, outline, inlay hints): the
// linter's cached parse where it has one, read up to the size bound as the check does.
import { checkedText, parseDocuments, type ManifestDoc } from '../../core/documents';
import type { FeatureContext } from './feature';

export interface OpenFile {
  uri: string;
  text: string;
  docs: ManifestDoc[];
}

export function openFile(ctx: FeatureContext, uri: string): OpenFile | undefined {
  const doc = ctx.documents.get(uri);
  if (!doc || !ctx.isChecked(doc)) return undefined;
  // as the check does: a file over the size bound is read up to the last document boundary before it
  const text = checkedText(doc.getText(), ctx.options().maxTextLength);
  return { uri, text, docs: parseDocuments(text, (t) => ctx.linter.cachedDocument(t)) };
}
