// `--format text`: one line per finding, `file:line:col: severity code: message` (1-based, as compilers print), so
// terminals and editors' problem matchers can jump to it.
import type { FileFinding, Summary } from './types';

export function formatText(results: FileFinding[]): string {
  return results
    .map(({ file, finding: f }) => {
      const message = f.message.replace(/\r?\n/g, ' ');
      return `${file}:${f.range.start.line + 1}:${f.range.start.character + 1}: ${f.severity} ${f.code}: ${message}\n`;
    })
    .join('');
}

export function formatSummary(s: Summary): string {
  const total = s.errors + s.warnings + s.others;
  const files = `${s.files} file${s.files === 1 ? '' : 's'}`;
  // what was not checked is said in the same line: "no problems" never covers it
  const notes: string[] = [];
  if (s.templates) notes.push(`${plural(s.templates, 'template document')} skipped (check the rendered output)`);
  if (s.unchecked) notes.push(`${plural(s.unchecked, 'path')} not checked (see above)`);
  if (s.internalErrors) notes.push(`${plural(s.internalErrors, 'internal error')} (see above)`);
  const tail = notes.length ? `; ${notes.join('; ')}` : '';
  if (total === 0) return `no problems in ${files}${tail}\n`;
  const parts = [`${s.errors} error${s.errors === 1 ? '' : 's'}`, `${s.warnings} warning${s.warnings === 1 ? '' : 's'}`];
  if (s.others) parts.push(`${s.others} other${s.others === 1 ? '' : 's'}`);
  return `${total} problem${total === 1 ? '' : 's'} (${parts.join(', ')}) in ${files}${tail}\n`;
}

function plural(n: number, what: string): string {
  return `${n} ${what}${n === 1 ? '' : 's'}`;
}
