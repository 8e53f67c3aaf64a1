// `--format sarif`: SARIF 2.1.0 for code-scanning dashboards (GitHub, Azure DevOps). Regions are 1-based; columns
// count UTF-16 code units, like LSP positions. Quick fixes become SARIF fixes.
import { pathToFileURL } from 'node:url';
import { isAbsolute } from 'node:path';
import type { Severity } from '../../server/src/core/types';
import { RULES_DOC_URL, ruleDocUrl } from '../../server/src/core/rule-docs';
import type { FileFinding } from './types';

const LEVEL: Record<Severity, 'error' | 'warning' | 'note'> = {
  error: 'error',
  warning: 'warning',
  information: 'note',
  hint: 'note',
};

/** `<stdin>` as `stdin`; a relative path as a relative URI reference (forward slashes, percent-encoded); absolute paths as file: URLs. */
export function artifactUri(file: string): string {
  if (file === '<stdin>') return 'stdin';
  if (isAbsolute(file)) return pathToFileURL(file).href;
  return file.split(/[\\/]/).map(encodeURIComponent).join('/');
}

function region(r: { start: { line: number; character: number }; end: { line: number; character: number } }) {
  return {
    startLine: r.start.line + 1,
    startColumn: r.start.character + 1,
    endLine: r.end.line + 1,
    endColumn: r.end.character + 1,
  };
}

export function formatSarif(results: FileFinding[], toolVersion: string): string {
  const ruleIds = [...new Set(results.map((r) => r.finding.code))].sort();
  const ruleIndex = new Map(ruleIds.map((id, i) => [id, i]));
  const log = {
    $schema: 'https://json.schemastore.org/sarif-2.1.0.json',
    version: '2.1.0',
    runs: [
      {
        tool: {
          driver: {
            name: 'rollout-pilot',
            version: toolVersion,
            informationUri: RULES_DOC_URL,
            rules: ruleIds.map((id) => ({ id, helpUri: ruleDocUrl(id) })),
          },
        },
        columnKind: 'utf16CodeUnits',
        results: results.map(({ file, finding: f }) => {
          const artifactLocation = { uri: artifactUri(file) };
          return {
            ruleId: f.code,
            ruleIndex: ruleIndex.get(f.code),
            level: LEVEL[f.severity],
            message: { text: f.message },
            locations: [{ physicalLocation: { artifactLocation, region: region(f.range) } }],
            ...(f.fixes?.length
              ? {
                  fixes: f.fixes.map((fix) => ({
                    description: { text: fix.title },
                    artifactChanges: [
                      {
                        artifactLocation,
                        replacements: fix.edits.map((e) => ({
                          deletedRegion: region(e.range),
                          insertedContent: { text: e.newText },
                        })),
                      },
                    ],
                  })),
                }
              : {}),
          };
        }),
      },
    ],
  };
  return `${JSON.stringify(log, null, 2)}\n`;
}
