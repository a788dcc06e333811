import type { StatTable } from '../build-statistics';
import { chartData, CHART_COLOURS } from '../chart-data';
import { shownText } from '../suppress';
import { BOTTOM, ensureSpace, INK, LEFT, MUTED, newPage, WIDTH, write } from './layout';

const ROW_H = 15;

/** One table's section: heading (a link target), what it counts, its chart, the table. Returns its first page. */
export function drawTableSection(doc: PDFKit.PDFDocument, t: StatTable): number {
  ensureSpace(doc, 160);
  if (doc.y > 200) doc.moveDown(1.5);
  const range = doc.bufferedPageRange();
  const first = range.start + range.count;
  doc.addNamedDestination(t.id);
  doc.outline.addItem(t.title); // a bookmark on this page, beside the index's link
  write(doc, t.title, { face: 'bold', size: 15 });
  write(doc, t.counts, { color: MUTED, size: 9.5 });
  if (t.table.withheld) {
    write(
      doc,
      'Too few cases to show this table in detail without risking that someone could be identified: only its total is shown.',
      {
        color: MUTED,
        size: 9.5,
      },
    );
  } else if (t.table.secondary > 0) {
    write(doc, 'Some counts are hidden so that a count of fewer than 5 cannot be worked out from the others.', {
      color: MUTED,
      size: 9.5,
    });
  }
  doc.moveDown(0.5);
  drawChart(doc, t);
  drawRows(doc, t);
  return first;
}

function drawChart(doc: PDFKit.PDFDocument, t: StatTable): void {
  const data = chartData(t);
  if (!data) return;
  const labelW = 170;
  const barW = WIDTH - labelW - 150;
  const rowH = 13;
  ensureSpace(doc, Math.min(data.bars.length, 20) * rowH + 20);
  for (const b of data.bars) {
    ensureSpace(doc, rowH);
    const y = doc.y;
    doc.font('regular').fontSize(8).fillColor(INK);
    doc.text(b.label, LEFT, y + 2, { width: labelW - 6, align: 'right', lineBreak: false, ellipsis: true });
    const x0 = LEFT + labelW;
    if (b.total) doc.rect(x0, y, (b.total / data.max) * barW, rowH - 3).fill(CHART_COLOURS.total);
    if (b.part) doc.rect(x0, y + 2, Math.max(0, (b.part / data.max) * barW - 1), rowH - 7).fill(CHART_COLOURS.part);
    doc.fillColor(INK).text(b.text, x0 + ((b.total ?? 0) / data.max) * barW + 4, y + 2, {
      width: 150,
      lineBreak: false,
    });
    doc.y = y + rowH;
  }
  doc
    .fillColor(MUTED)
    .fontSize(8)
    .text(
      `Bars: ${data.totalLabel.toLowerCase()}${data.partLabel ? `; dark part: ${data.partLabel.toLowerCase()}` : ''}. No bar: hidden or fewer than 5.`,
      LEFT,
      doc.y + 2,
      { width: WIDTH },
    );
  doc.moveDown(0.8);
}

function drawRows(doc: PDFKit.PDFDocument, t: StatTable): void {
  const { table } = t;
  const headers = [
    t.id === 'fairness' ? 'Question' : 'Category',
    ...table.columns,
    ...(table.rowTotals ? [t.id === 'fairness' ? 'Reviewed' : 'All cases'] : []),
  ];
  const numW = 75;
  const labelW = WIDTH - numW * (headers.length - 1);
  const line = (cells: string[], bold = false) => {
    doc.font(bold ? 'bold' : 'regular').fontSize(9);
    const h = Math.max(ROW_H, doc.heightOfString(cells[0]!, { width: labelW - 4 }) + 4);
    if (doc.y + h > BOTTOM) {
      newPage(doc);
      if (!bold) line(headers, true);
    }
    const y = doc.y;
    doc.fillColor(INK).text(cells[0]!, LEFT, y + 2, { width: labelW - 4 });
    cells
      .slice(1)
      .forEach((c, i) =>
        doc.text(c, LEFT + labelW + i * numW, y + 2, { width: numW - 4, align: 'right', lineBreak: false }),
      );
    doc
      .moveTo(LEFT, y + h)
      .lineTo(LEFT + WIDTH, y + h)
      .lineWidth(0.4)
      .strokeColor('#9a9a9a')
      .stroke();
    doc.y = y + h;
  };
  line(headers, true);
  table.rows.forEach((row, r) =>
    line([row, ...table.cells[r]!.map(shownText), ...(table.rowTotals ? [shownText(table.rowTotals[r]!)] : [])]),
  );
  if (table.columnTotals) {
    line(
      ['Total', ...table.columnTotals.map(shownText), ...(table.rowTotals ? [shownText(table.grandTotal)] : [])],
      true,
    );
  }
}
