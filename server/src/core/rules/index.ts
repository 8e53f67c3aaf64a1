// The rule registry. Each family lives in its own file; a document rule sees one parsed document, a cross-document
// rule sees every healthy document of the file (and the workspace). Findings are in chunk-relative positions (see
// documents.ts). The interfaces are in rule.ts.
import { labelsRule } from './labels';
import { schemaRule } from './schema';
import { deprecationsRule } from './deprecations';
import { argoControllerRule } from './argo-controller';
import { linksRule } from './links';
import { apiServerRule } from './apiserver';
import { canaryArithmeticRule } from './canary';
import { rolloutPatchRule } from './rollout-patch';
import type { CrossDocumentRule, DocumentRule } from './rule';

export type { CrossDocumentRule, DocumentRule, RuleContext } from './rule';

export const documentRules: DocumentRule[] = [labelsRule, schemaRule, deprecationsRule, argoControllerRule, apiServerRule];

export const crossDocumentRules: CrossDocumentRule[] = [canaryArithmeticRule, linksRule, rolloutPatchRule];
