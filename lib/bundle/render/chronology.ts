import { BODY, SMALL, TABLE, TABLE_BOLD, heading } from './blocks';
import { drawTable } from './table';
import { BOTTOM, CONTENT_WIDTH, LEFT, MUTED, Writer, leading, type PdfPart, type Style } from './writer';

// The chronology: one row per timeline event, oldest first as given. Dates known only to the month
// or year, or estimated, carry "(approx.)", and every page holding one explains the mark in a
// footnote (the last page under the table), so a panel reading any single page knows what it means.

export type ChronologyRow = {
  date: string;
  approximate: boolean;
  type: string;
  title: string;
  details?: string | null;
};

const APPROX = '(approx.)';
const FOOTNOTE = `${APPROX} Only part of this date is known (the month or the year), or it is an estimate.`;
const FOOT: Style = { ...SMALL };
const COLUMNS = [
  { header: 'Date', width: 104 }, // "Dec 2020 (approx.)" on one line
  { header: 'Type', width: 100 },
  { header: 'What happened', width: CONTENT_WIDTH - 104 - 100 },
];

/** Draws the chronology table at the cursor of `w` (used by the bundle and by the review of a case). */
export function drawChronology(w: Writer, rows: ChronologyRow[]): void {
  if (rows.length === 0) {
    w.paragraph('No events have been recorded for this case.', BODY);
    return;
  }
  const anyApprox = rows.some((r) => r.approximate);
  const footLines = w.wrap(FOOTNOTE, FOOT, CONTENT_WIDTH);
  const footHeight = footLines.length * leading(FOOT) + 6;
  let approxOnPage = false;
  const drawFootnote = (y: number) => {
    w.rule(y, { x2: LEFT + 120 });
    footLines.forEach((line, i) => w.drawLine(line, LEFT, y + 3 + i * leading(FOOT), FOOT));
  };

  const { reserve, onPageEnd } = { reserve: w.reserve, onPageEnd: w.onPageEnd };
  if (anyApprox) {
    w.reserve = reserve + footHeight;
    w.onPageEnd = () => {
      if (approxOnPage) drawFootnote(BOTTOM - reserve - footHeight + 2);
      approxOnPage = false;
      onPageEnd?.();
    };
  }
  try {
    drawTable(
      w,
      { columns: COLUMNS, body: TABLE, header: TABLE_BOLD, onRow: (i) => (approxOnPage ||= rows[i]!.approximate) },
      rows.map((r) => [
        r.approximate ? `${r.date} ${APPROX}` : r.date,
        r.type,
        [
          { text: r.title, style: TABLE_BOLD },
          { text: r.details ?? '', style: TABLE, gapBefore: 2 },
        ],
      ]),
    );
  } finally {
    w.reserve = reserve;
    w.onPageEnd = onPageEnd;
  }
  // The last page: the footnote goes straight under the table (the space was kept free for it).
  if (approxOnPage) {
    w.gap(2);
    drawFootnote(w.y);
    w.y += footHeight;
  }
}

export async function renderChronology(rows: ChronologyRow[], opts: { title?: string }): Promise<PdfPart> {
  const w = new Writer({ title: opts.title?.trim() || 'Chronology' });
  drawChronologySection(w, rows, opts);
  return w.finish();
}

/** The chronology as a bundle section: its heading, a count, then the table. */
export function drawChronologySection(w: Writer, rows: ChronologyRow[], opts: { title?: string }): void {
  heading(w, opts.title?.trim() || 'Chronology', 16, { after: 4 });
  if (rows.length)
    w.paragraph(
      `${rows.length} ${rows.length === 1 ? 'event' : 'events'}, in date order.`,
      { ...SMALL, color: MUTED },
      { after: 8 },
    );
  drawChronology(w, rows);
}
