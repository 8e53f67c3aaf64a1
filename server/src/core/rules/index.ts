// The rule registry. Each family lives in its own file; a document rule sees one parsed document, a cross-document
// rule sees every healthy document of the file. Findings are in chunk-relative positions (see documents.ts).
import type { ManifestDoc } from '../documents';
import type { Target } from '../targets';
import type { Finding, LintOptions } from '../types';
import { labelsRule } from './labels';
import { schemaRule } from './schema';
import { deprecationsRule } from './deprecations';
import { argoControllerRule } from './argo-controller';

export interface RuleContext {
  options: LintOptions;
}

export interface DocumentRule {
  id: string;
  check(md: ManifestDoc, target: Target, ctx: RuleContext): Finding[];
}

export interface CrossDocumentRule {
  id: string;
  check(docs: ManifestDoc[], ctx: RuleContext): Array<{ doc: ManifestDoc; finding: Finding }>;
}

export const documentRules: DocumentRule[] = [labelsRule, schemaRule, deprecationsRule, argoControllerRule];

export const crossDocumentRules: CrossDocumentRule[] = [];
