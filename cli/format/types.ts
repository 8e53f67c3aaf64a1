// One finding of `rollout-pilot lint`, with the file it came from (0-based positions, as the engine gives them).
import type { Finding } from '../../server/src/core/types';

export interface FileFinding {
  file: string;
  finding: Finding;
}

export interface Summary {
  files: number;
  errors: number;
  warnings: number;
  others: number;
  /** documents skipped as templates (`template-skipped`) */
  templates?: number;
  /** paths that could not be read or were refused (each explained on stderr) */
  unchecked?: number;
  /** internal errors (each explained on stderr; the file is never reported clean) */
  internalErrors?: number;
}

export function summarize(results: FileFinding[], files: number): Summary {
  const s: Summary = { files, errors: 0, warnings: 0, others: 0 };
  for (const { finding } of results) {
    if (finding.severity === 'error') s.errors++;
    else if (finding.severity === 'warning') s.warnings++;
    else s.others++;
    if (finding.code === 'template-skipped') s.templates = (s.templates ?? 0) + 1;
  }
  return s;
}
