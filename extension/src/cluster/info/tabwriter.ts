// Go's text/tabwriter (as wrapped by juju/ansiterm, which the plugin uses) for the settings `get rollout` uses:
// cells are tab-terminated, the text after a line's last tab is not aligned, a column block is a run of
// consecutive lines that have a cell in that column, its width is the widest cell (in code points) plus the
// padding, and padding is written even after an empty cell.

export interface TabwriterOptions {
  minwidth?: number;
  padding?: number;
  padchar?: string;
}

interface Cell {
  text: string;
  width: number;
}

/** Aligns `text` (lines separated by `\n`, cells by `\t`) as `tabwriter.NewWriter(w, minwidth, 0, padding, padchar, 0)`. */
export function tabwrite(text: string, options: TabwriterOptions = {}): string {
  const minwidth = options.minwidth ?? 0;
  const padding = options.padding ?? 0;
  const padchar = options.padchar ?? ' ';
  const lines: Cell[][] = text.split('\n').map((line) => line.split('\t').map((t) => ({ text: t, width: [...t].length })));
  const out: string[] = [];
  const widths: number[] = [];

  const writeLines = (line0: number, line1: number) => {
    for (let i = line0; i < line1; i++) {
      let s = '';
      lines[i].forEach((c, j) => {
        s += c.text;
        if (j < widths.length) s += padchar.repeat(Math.max(0, widths[j] - c.width));
      });
      out.push(s);
    }
  };

  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let current = line0; current < line1; current++) {
      if (column >= lines[current].length - 1) continue;
      // a cell exists in this column: print the lines before the block, then size the block
      writeLines(line0, current);
      line0 = current;
      let width = minwidth;
      for (; current < line1; current++) {
        const line = lines[current];
        if (column >= line.length - 1) break;
        width = Math.max(width, line[column].width + padding);
      }
      widths.push(width);
      format(line0, current);
      widths.pop();
      line0 = current;
    }
    writeLines(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}
