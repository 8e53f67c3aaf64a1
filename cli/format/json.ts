// `--format json`: exactly one JSON array of {file, range, severity, code, message}, positions 0-based as in LSP.
import type { FileFinding } from './types';

export function formatJson(results: FileFinding[]): string {
  const out = results.map(({ file, finding: f }) => ({
    file,
    range: {
      start: { line: f.range.start.line, character: f.range.start.character },
      end: { line: f.range.end.line, character: f.range.end.character },
    },
    severity: f.severity,
    code: f.code,
    message: f.message,
  }));
  return `${JSON.stringify(out, null, 2)}\n`;
}
