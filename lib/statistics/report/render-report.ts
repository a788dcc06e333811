import PDFDocument from 'pdfkit';
import { pdfFonts } from '../../pdf/fonts';
import type { StatisticsView } from '../get-statistics';
import { drawCover, drawHeadline, drawIndex, type Section } from './report-pages';
import { drawTableSection } from './report-table';
import { stampPages } from './report-stamp';

// The network report: the statistics a reader may see as one PDF for a conference or a review panel —
// cover, an index whose entries are links (and PDF bookmarks), the headline figures and method, then each
// table with its chart. Every page carries the date, the scope and the filters, and "Page n of N".
// A few pages: drawn in the request with pdfkit (buffered pages, so the index and the page numbers are
// written once the page count is known).

export async function renderStatisticsReport(view: StatisticsView, meta: { preparedBy: string }): Promise<Buffer> {
  const doc = new PDFDocument({
    size: 'A4',
    margins: { top: 0, bottom: 0, left: 0, right: 0 },
    bufferPages: true,
    font: null as unknown as string,
    lang: 'en-GB',
    displayTitle: true,
    info: { Title: 'Network report: statistics', Creator: 'Reinstate', Producer: 'Reinstate (pdfkit)' },
  });
  const { regular, bold } = pdfFonts();
  doc.registerFont('regular', regular as unknown as string);
  doc.registerFont('bold', bold as unknown as string);
  doc.font('regular');
  const done = new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
  });

  drawCover(doc, view, meta.preparedBy);
  doc.addPage(); // the index, written at the end
  const sections: Section[] = [];
  doc.addPage();
  sections.push({ title: 'In brief, and how the figures are made', dest: 'headline', page: pageNumber(doc) });
  doc.outline.addItem('In brief, and how the figures are made');
  drawHeadline(doc, view);
  for (const t of view.statistics.tables) {
    const first = drawTableSection(doc, t);
    sections.push({ title: t.title, dest: t.id, page: first });
  }
  doc.switchToPage(1);
  drawIndex(doc, sections);
  stampPages(doc, view);
  doc.end();
  return done;
}

/** The current page, counted from 1. */
export const pageNumber = (doc: PDFKit.PDFDocument) => {
  const range = doc.bufferedPageRange();
  return range.start + range.count;
};
