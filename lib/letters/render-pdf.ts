import PDFDocument from 'pdfkit';
import { pdfFonts } from '../pdf/fonts';
import { cleanLetterDocument, letterBlocks } from './letter-document';
import type { LetterDocument } from './types';

// The letter as a PDF: A4, 25 mm margins, DejaVu Sans (covers "Siobhán Ó Dálaigh", "Łukasz Żółć"),
// letterhead, recipient block, date, reference, subject, body, signature, and "Page X of Y" when it
// runs past one page. Text goes in as text: pdfkit has no markup to escape.
// Fonts: lib/pdf/fonts.ts (DejaVu, parsed once per process; pdfkit's Helvetica is never used).

const MM = 72 / 25.4;
const MARGIN = 25 * MM;
const SIZE = { body: 11, small: 9 } as const;

export async function renderLetterPdf(input: LetterDocument): Promise<Buffer> {
  const doc = cleanLetterDocument(input);
  const b = letterBlocks(doc);
  const fonts = pdfFonts();
  const pdf = new PDFDocument({
    size: 'A4',
    margins: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
    font: null as unknown as string, // no default face: see lib/bundle/render/writer.ts; 'regular' is set below
    bufferPages: true, // page numbers are stamped once the page count is known
    lang: 'en-GB',
    displayTitle: true,
    info: {
      Title: doc.subject,
      Author: doc.senderName,
      Subject: `Letter to ${doc.recipientName}, ${b.date}`,
      Creator: 'Reinstate',
      Keywords: doc.reference,
    },
  });
  pdf.registerFont('regular', fonts.regular as unknown as string); // pdfkit accepts a fontkit font; its types say string
  pdf.registerFont('bold', fonts.bold as unknown as string);
  pdf.font('regular');
  const done = collect(pdf);

  const width = pdf.page.width - MARGIN * 2;
  const block = (
    text: string,
    opts: { font?: 'regular' | 'bold'; size?: number; align?: 'left' | 'right'; after?: number } = {},
  ) => {
    pdf.font(opts.font ?? 'regular').fontSize(opts.size ?? SIZE.body);
    pdf.text(text, MARGIN, pdf.y, { width, align: opts.align ?? 'left', lineGap: 2 });
    pdf.y += opts.after ?? 0;
  };

  // Letterhead: the sender, top right.
  block(b.sender[0] ?? '', { font: 'bold', size: 12, align: 'right' });
  if (b.sender.length > 1) block(b.sender.slice(1).join('\n'), { size: 10, align: 'right' });
  pdf.y += 24;
  block(b.recipient.join('\n'), { after: 18 });
  block(b.date, { after: 10 });
  if (b.reference) block(b.reference, { after: 10 });
  block(b.subject, { font: 'bold', after: 12 });
  for (const p of b.paragraphs) block(p, { after: 8 });

  // Signature block: room to sign by hand, then the name; kept together on one page.
  if (pdf.y + 60 > pdf.page.height - MARGIN) pdf.addPage();
  pdf.y += 36;
  block(b.signature);

  const range = pdf.bufferedPageRange();
  if (range.count > 1) {
    for (let i = 0; i < range.count; i++) {
      pdf.switchToPage(range.start + i);
      // Writing inside the bottom margin would otherwise start a new page.
      const bottom = pdf.page.margins.bottom;
      pdf.page.margins.bottom = 0;
      pdf
        .font('regular')
        .fontSize(SIZE.small)
        .text(`Page ${i + 1} of ${range.count}`, MARGIN, pdf.page.height - MARGIN / 2 - SIZE.small, {
          width,
          align: 'center',
          lineBreak: false,
        });
      pdf.page.margins.bottom = bottom;
    }
  }
  pdf.end();
  return done;
}

function collect(pdf: PDFKit.PDFDocument): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    pdf.on('data', (c: Buffer) => chunks.push(c));
    pdf.on('end', () => resolve(Buffer.concat(chunks)));
    pdf.on('error', reject);
  });
}
