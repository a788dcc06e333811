import { SMALL } from './blocks';
import { BOTTOM, LEFT, PAGE_HEIGHT, RIGHT, TOP, Writer, leading, type PdfPart, type Style } from './writer';

// The index. The assembler reserves its pages before any page number is known, so the number of
// pages must follow from the number of rows alone: every row is one line of the same height (long
// titles end in "…"), and the space above the rows is the same on every first and every later page.

/** Index rows; level 1 = section, level 2 = item within it. `pages` is the range text, e.g. "12–15" or "7". */
export type IndexRow = { level: 1 | 2; label: string; title: string; pages: string; target: number };
export type IndexLink = { page: number; rect: [number, number, number, number]; target: number };

const ROW_HEIGHT = 17;
const ROW: Style = { face: 'regular', size: 10 };
const ROW_BOLD: Style = { face: 'bold', size: 10 };
const TITLE: Style = { face: 'bold', size: 16 };
const CONTINUED: Style = { face: 'bold', size: 12 };
const AFTER_TITLE = 6;
const AFTER_NOTE = 8;
const FIRST_HEAD = leading(TITLE) + AFTER_TITLE + leading(SMALL) + AFTER_NOTE + ROW_HEIGHT;
const LATER_HEAD = leading(CONTINUED) + AFTER_TITLE + ROW_HEIGHT;
const ROWS_FIRST = Math.floor((BOTTOM - TOP - FIRST_HEAD) / ROW_HEIGHT);
const ROWS_LATER = Math.floor((BOTTOM - TOP - LATER_HEAD) / ROW_HEIGHT);

const LABEL_X = LEFT + 4;
const TITLE_X = LEFT + 84;
const PAGES_WIDTH = 64;
const PAGES_X = RIGHT - 4 - PAGES_WIDTH;
const TITLE_WIDTH = PAGES_X - 8 - TITLE_X;

/** How many pages renderIndex produces for `rowCount` rows, whatever their text. */
export function indexPageCount(rowCount: number): number {
  if (rowCount <= ROWS_FIRST) return 1;
  return 1 + Math.ceil((rowCount - ROWS_FIRST) / ROWS_LATER);
}

/** The index, and one link per row: 1-based page within this PDF, rect in PDF points (origin bottom left). */
export async function renderIndex(
  rows: IndexRow[],
  opts: { title: string },
): Promise<PdfPart & { links: IndexLink[] }> {
  const w = new Writer({ title: opts.title });
  const links = drawIndex(w, rows, opts);
  return { ...(await w.finish()), links };
}

/**
 * Draws the index from the current page of `w` (which must be a fresh page); its links' `page` is
 * 1-based within the index's own pages. Throws when it takes other than indexPageCount(rows) pages.
 */
export function drawIndex(w: Writer, rows: IndexRow[], opts: { title: string }): IndexLink[] {
  const firstPage = w.pages;
  const links: IndexLink[] = [];
  const expected = indexPageCount(rows.length);
  const textY = (ROW_HEIGHT - ROW.size * 1.164) / 2; // centres DejaVu's glyph box in the row

  const columnHeads = () => {
    const style: Style = { face: 'bold', size: 9.5 };
    w.drawLine('Item', LABEL_X, w.y + textY, style);
    w.drawLine('Description', TITLE_X, w.y + textY, style);
    w.drawLine('Pages', PAGES_X, w.y + textY, style, { align: 'right', width: PAGES_WIDTH });
    w.y += ROW_HEIGHT;
    w.rule(w.y, { color: '#333333', width: 0.8 });
  };

  w.drawLine(w.truncate(opts.title, TITLE, RIGHT - LEFT), LEFT, w.y, TITLE);
  w.y += leading(TITLE) + AFTER_TITLE;
  w.drawLine(
    w.truncate(
      'Page numbers are those stamped at the bottom right of every page. Each entry links to its first page.',
      SMALL,
      RIGHT - LEFT,
    ),
    LEFT,
    w.y,
    SMALL,
  );
  w.y += leading(SMALL) + AFTER_NOTE;
  columnHeads();
  if (rows.length === 0) w.drawLine('This bundle has no items.', LEFT, w.y + textY, ROW);

  let page = 1;
  let onPage = 0;
  for (const row of rows) {
    if (onPage === (page === 1 ? ROWS_FIRST : ROWS_LATER)) {
      w.newPage();
      page++;
      onPage = 0;
      w.drawLine(w.truncate(`${opts.title} (continued)`, CONTINUED, RIGHT - LEFT), LEFT, w.y, CONTINUED);
      w.y += leading(CONTINUED) + AFTER_TITLE;
      columnHeads();
    }
    const top = w.y;
    const section = row.level === 1;
    const style = section ? ROW_BOLD : ROW;
    if (section)
      w.pdf
        .save()
        .rect(LEFT, top, RIGHT - LEFT, ROW_HEIGHT)
        .fill('#ececec')
        .restore();
    const labelX = section ? LABEL_X : LABEL_X + 12;
    w.drawLine(w.truncate(row.label, style, TITLE_X - 6 - labelX), labelX, top + textY, style);
    w.drawLine(w.truncate(row.title, style, TITLE_WIDTH), TITLE_X, top + textY, style);
    w.drawLine(w.truncate(row.pages, style, PAGES_WIDTH), PAGES_X, top + textY, style, {
      align: 'right',
      width: PAGES_WIDTH,
    });
    w.rule(top + ROW_HEIGHT, { color: '#d0d0d0' });
    links.push({
      page,
      rect: [LEFT, round(PAGE_HEIGHT - top - ROW_HEIGHT), RIGHT, round(PAGE_HEIGHT - top)],
      target: row.target,
    });
    w.y += ROW_HEIGHT;
    onPage++;
  }

  // The assembler has already reserved `expected` pages: a mismatch would shift every page number.
  const took = w.pages - firstPage + 1;
  if (took !== expected) throw new Error(`The index took ${took} pages, not the ${expected} reserved for it.`);
  return links;
}

const round = (n: number) => Math.round(n * 100) / 100;
