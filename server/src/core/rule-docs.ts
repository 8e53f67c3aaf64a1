// Where each rule code is explained: a heading per code in docs/rules.md, whose GitHub anchor is the code itself
// (a heading "### `unknown-topology-key`" gets the anchor #unknown-topology-key). The repository URL is a
// placeholder until the project is published; change RULES_DOC_URL in this one place.
export const RULES_DOC_URL = 'https://github.com/rollout-pilot/rollout-pilot/blob/main/docs/rules.md';

export function ruleDocUrl(code: string): string {
  return `${RULES_DOC_URL}#${code}`;
}
