import type { StatisticsView } from '../get-statistics';
import { LEFT, MUTED, PAGE_H, WIDTH } from './layout';

/** Date and scope in every page's header, filters and "Page n of N" in its footer. */
export function stampPages(doc: PDFKit.PDFDocument, view: StatisticsView): void {
  const range = doc.bufferedPageRange();
  const filters = view.filterLines.length ? `Filters: ${view.filterLines.join('; ')}` : 'No filters';
  for (let i = 0; i < range.count; i++) {
    doc.switchToPage(range.start + i);
    doc.font('regular').fontSize(8.5).fillColor(MUTED);
    const header = `Reinstate network report · figures as at ${new Date(`${view.asOf}T12:00:00Z`).toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' })} · ${view.scope}`;
    doc.text(header, LEFT, 12 * 2.835, { width: WIDTH, lineBreak: false, ellipsis: true });
    // Up to two lines: the filters are what the figures count, so they are not cut short on any page.
    doc.text(filters, LEFT, PAGE_H - 20 * 2.835, { width: WIDTH - 90, height: 24, ellipsis: true });
    doc.text(`Page ${i + 1} of ${range.count}`, LEFT + WIDTH - 85, PAGE_H - 18 * 2.835, {
      width: 85,
      align: 'right',
      lineBreak: false,
    });
  }
}
