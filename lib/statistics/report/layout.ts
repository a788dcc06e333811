// The report's page: A4, 20 mm side margins, a header band above TOP and a footer band below BOTTOM.
export const MM = 72 / 25.4;
export const PAGE_W = 595.28;
export const PAGE_H = 841.89;
export const LEFT = 20 * MM;
export const RIGHT = PAGE_W - 20 * MM;
export const WIDTH = RIGHT - LEFT;
export const TOP = 30 * MM;
export const BOTTOM = PAGE_H - 25 * MM;
export const INK = '#111111';
export const MUTED = '#444444';

/** Writes text at the cursor and moves it down; never lets pdfkit add a page by itself. */
export function write(
  doc: PDFKit.PDFDocument,
  text: string,
  opts: { face?: 'regular' | 'bold'; size?: number; color?: string; width?: number; x?: number; goTo?: string } = {},
): void {
  doc
    .font(opts.face ?? 'regular')
    .fontSize(opts.size ?? 10.5)
    .fillColor(opts.color ?? INK);
  const width = opts.width ?? WIDTH;
  const h = doc.heightOfString(text, { width });
  if (doc.y + h > BOTTOM) newPage(doc);
  doc.text(text, opts.x ?? LEFT, doc.y, { width, ...(opts.goTo ? { goTo: opts.goTo, underline: true } : {}) });
}

export function newPage(doc: PDFKit.PDFDocument): void {
  doc.addPage();
  doc.y = TOP;
}

/** Starts a new page unless `height` still fits below the cursor. */
export function ensureSpace(doc: PDFKit.PDFDocument, height: number): void {
  if (doc.y + height > BOTTOM) newPage(doc);
}
