// The parsed documents of an open file for the editor features (hover, completion, outline, inlay hints): the
// linter's cached parse where it has one, read up to the size bound as the check does.
import type { ManifestDoc } from '../../core/documents';
import { parseFile } from '../../core/editor/parse';
import type { FeatureContext } from './feature';

export interface OpenFile {
  uri: string;
  text: string;
  docs: ManifestDoc[];
}

export function openFile(ctx: FeatureContext, uri: string): OpenFile | undefined {
  const doc = ctx.documents.get(uri);
  if (!doc || !ctx.isChecked(doc)) return undefined;
  const full = doc.getText();
  const max = ctx.options().maxTextLength;
  // as the check does: a file over the size bound is read up to the last document boundary before it
  const text = full.length > max ? full.slice(0, Math.max(0, full.lastIndexOf('\n---', max) + 1)) : full;
  return { uri, text, docs: parseFile(text, (t) => ctx.linter.cachedDocument(t)) };
}
