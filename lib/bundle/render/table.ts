import { LEFT, TOP, leading, type Style, type Writer } from './writer';

// A table that paginates cleanly: the header row is repeated at the top of every page it runs on,
// a row that does not fit in what is left of a page moves whole to the next one, and only a row
// taller than a whole page is split — between lines, each part under a repeated header.

/** A cell is text in the table's body style, or blocks of text in their own styles. */
export type Block = { text: string; style: Style; gapBefore?: number };
export type Cell = string | Block[];
export type Column = { header: string; width: number; align?: 'left' | 'right' };
export type TableSpec = {
  columns: Column[];
  body: Style;
  header: Style;
  /** Called for each row as it is drawn (once per page a split row touches). */
  onRow?: (index: number) => void;
};

const PAD_X = 4;
const PAD_Y = 3;

type Line = { text: string; style: Style; height: number };

export function drawTable(w: Writer, spec: TableSpec, rows: Cell[][]): void {
  const xs: number[] = [];
  let x = LEFT;
  for (const c of spec.columns) {
    xs.push(x);
    x += c.width;
  }
  const layout = (cell: Cell, col: number): Line[] => {
    const width = spec.columns[col]!.width - PAD_X * 2;
    const blocks = typeof cell === 'string' ? [{ text: cell, style: spec.body }] : cell;
    const lines: Line[] = [];
    for (const b of blocks) {
      if (b.text === '') continue;
      if (b.gapBefore && lines.length) lines.push({ text: '', style: b.style, height: b.gapBefore });
      for (const text of w.wrap(b.text, b.style, width)) lines.push({ text, style: b.style, height: leading(b.style) });
    }
    return lines;
  };
  const heightOf = (lines: Line[]) => lines.reduce((h, l) => h + l.height, 0);

  // Headers are fixed words: one broken mid-word ("Not know / n") is a layout mistake, caught in tests.
  for (const c of spec.columns) {
    for (const word of c.header.split(/\s+/).filter(Boolean)) {
      if (w.measure(word, spec.header) > c.width - PAD_X * 2)
        throw new Error(`Table column "${c.header}" is too narrow for "${word}".`);
    }
  }
  const headerCells = spec.columns.map((c, i) => layout([{ text: c.header, style: spec.header }], i));
  const headerHeight = Math.max(...headerCells.map(heightOf)) + PAD_Y * 2;

  const drawLines = (cells: Line[][]) => {
    let tallest = 0;
    cells.forEach((lines, i) => {
      const col = spec.columns[i]!;
      let y = w.y + PAD_Y;
      for (const l of lines) {
        w.drawLine(l.text, xs[i]! + PAD_X, y, l.style, { align: col.align, width: col.width - PAD_X * 2 });
        y += l.height;
      }
      tallest = Math.max(tallest, y - w.y - PAD_Y);
    });
    return tallest + PAD_Y * 2;
  };
  const drawHeader = () => {
    w.y += drawLines(headerCells);
    w.rule(w.y, { color: '#333333', width: 0.8 });
    w.markContentTop();
  };

  const outer = w.onPageStart;
  w.onPageStart = () => {
    outer?.();
    drawHeader();
  };
  try {
    const firstRow = rows[0] ? Math.min(heightOf(rows[0].map(layout).flat()), leading(spec.body) * 3) : 0;
    w.ensure(headerHeight + firstRow + PAD_Y * 2);
    drawHeader();
    const room = () => w.limit - w.y;
    const fullPage = w.limit - TOP - headerHeight;

    rows.forEach((row, index) => {
      let cells = row.map(layout);
      const height = Math.max(0, ...cells.map(heightOf)) + PAD_Y * 2;
      if (height > room() && (height <= fullPage || room() < leading(spec.body) * 3 + PAD_Y * 2)) w.newPage();
      // Split only what cannot fit on any page: as many lines of each cell as fit, then the rest.
      while (Math.max(0, ...cells.map(heightOf)) + PAD_Y * 2 > room()) {
        const avail = room() - PAD_Y * 2;
        const parts = cells.map((lines) => {
          let h = 0;
          let n = 0;
          while (n < lines.length && h + lines[n]!.height <= avail) h += lines[n++]!.height;
          return n;
        });
        // Cannot happen on A4 with table-sized text; guards the loop all the same.
        if (parts.every((n) => n === 0)) throw new Error('A table line is taller than the page.');
        spec.onRow?.(index);
        w.y += drawLines(cells.map((lines, i) => lines.slice(0, parts[i])));
        w.rule();
        cells = cells.map((lines, i) => lines.slice(parts[i]));
        w.newPage();
      }
      spec.onRow?.(index);
      w.y += drawLines(cells);
      w.rule();
    });
  } finally {
    w.onPageStart = outer;
  }
}
