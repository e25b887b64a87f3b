// Go text/tabwriter semantics (flags 0, left aligned), so that output built for it aligns
// byte for byte like upstream's CLIs:
//  - a cell is text terminated by '\t'; the text after the last tab of a line is the trailing
//    cell, which never belongs to a column and is never padded;
//  - a column block is a run of consecutive lines that all have a terminated cell in that
//    column; its width is max(cell runes + padding, minwidth), and every terminated cell of the
//    block (empty ones too) is padded to it with padchar;
//  - blocks nest: column j+1 blocks are found inside column j blocks; a line with fewer
//    terminated cells ends every deeper block.

export interface TabwriterOptions {
  minwidth: number;
  padding: number;
  padchar?: string;
}

/** Width in runes (code points), as Go's utf8.RuneCount. */
function runeCount(s: string): number {
  let n = 0;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    if (c < 0xd800 || c > 0xdbff) n++;
  }
  return n;
}

interface Cell {
  text: string;
  width: number;
}

/** Align tab-separated text; '\n' ends a line. A final line without '\n' stays unterminated. */
export function formatTabwriter(text: string, opts: TabwriterOptions): string {
  const padchar = opts.padchar ?? ' ';
  const rawLines = text.split('\n');
  const lines: Cell[][] = rawLines.map((l) => l.split('\t').map((t) => ({text: t, width: runeCount(t)})));
  const out: string[] = new Array(lines.length);
  const widths: number[] = [];

  const write = (from: number, to: number) => {
    for (let i = from; i < to; i++) {
      const cells = lines[i];
      let s = '';
      for (let j = 0; j < cells.length; j++) {
        const c = cells[j];
        s += c.text;
        if (j < widths.length) s += padchar.repeat(Math.max(0, widths[j] - c.width));
      }
      out[i] = s;
    }
  };

  // Mirrors the recursive block search: lines [line0, line1) all have terminated cells in
  // columns < widths.length; find blocks for the next column.
  const format = (line0: number, line1: number) => {
    const column = widths.length;
    for (let i = line0; i < line1; i++) {
      if (column >= lines[i].length - 1) continue;
      // lines[i] starts a block in this column
      write(line0, i);
      let width = opts.minwidth;
      let end = i;
      for (; end < line1; end++) {
        const cells = lines[end];
        if (column >= cells.length - 1) break;
        width = Math.max(width, cells[column].width + opts.padding);
      }
      widths.push(width);
      format(i, end);
      widths.pop();
      line0 = end;
      i = end - 1;
    }
    write(line0, line1);
  };

  format(0, lines.length);
  return out.join('\n');
}

/** Upstream's CLI setting: tabwriter.NewWriter(w, 2, 0, 3, ' ', 0). */
export const STATUS_TABWRITER: TabwriterOptions = {minwidth: 2, padding: 3};
/** Nested tables inside the status output: tabwriter.NewWriter(w, 0, 0, 3, ' ', 0). */
export const NESTED_TABWRITER: TabwriterOptions = {minwidth: 0, padding: 3};
