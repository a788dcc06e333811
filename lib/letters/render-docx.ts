import { AlignmentType, Document, Packer, Paragraph, TextRun } from 'docx';
import { cleanLetterDocument, letterBlocks } from './letter-document';
import type { LetterDocument } from './types';

// The letter as an editable Word document with the same blocks as the PDF: one paragraph per block
// and per body paragraph, line breaks kept as breaks. The docx library writes the XML and escapes
// the text (cleanLetterDocument has already removed characters XML cannot hold).

const TWIPS_PER_MM = 1440 / 25.4;
const MARGIN = Math.round(25 * TWIPS_PER_MM);

/** A run per line, joined by line breaks (Shift+Enter in Word), so addresses stay one paragraph. */
const lineRuns = (text: string | string[], opts: { bold?: boolean } = {}) =>
  (Array.isArray(text) ? text : text.split('\n')).map(
    (line, i) => new TextRun({ text: line, bold: opts.bold, break: i > 0 ? 1 : undefined }),
  );

export async function renderLetterDocx(input: LetterDocument): Promise<Buffer> {
  const doc = cleanLetterDocument(input);
  const b = letterBlocks(doc);
  const para = (children: TextRun[], opts: { align?: 'left' | 'right'; after?: number; before?: number } = {}) =>
    new Paragraph({
      children,
      alignment: opts.align === 'right' ? AlignmentType.RIGHT : AlignmentType.LEFT,
      spacing: { before: opts.before ?? 0, after: opts.after ?? 200 },
    });

  const [senderName = '', ...senderAddress] = b.sender;
  const children = [
    // Letterhead: the sender's name in bold, then the address, top right.
    para(
      [
        new TextRun({ text: senderName, bold: true }),
        ...senderAddress.map((line) => new TextRun({ text: line, break: 1 })),
      ],
      { align: 'right', after: 480 },
    ),
    para(lineRuns(b.recipient), { after: 360 }),
    para(lineRuns(b.date)),
    ...(b.reference ? [para(lineRuns(b.reference))] : []),
    para(lineRuns(b.subject, { bold: true }), { after: 240 }),
    ...b.paragraphs.map((p) => para(lineRuns(p))),
    para(lineRuns(b.signature), { before: 720 }),
  ];

  const document = new Document({
    creator: doc.senderName,
    title: doc.subject,
    subject: `Letter to ${doc.recipientName}, ${b.date}`,
    keywords: doc.reference,
    styles: { default: { document: { run: { font: 'Arial', size: 22 } } } },
    sections: [
      {
        properties: {
          page: {
            size: { width: 11906, height: 16838 },
            margin: { top: MARGIN, bottom: MARGIN, left: MARGIN, right: MARGIN },
          },
        },
        children,
      },
    ],
  });
  return Packer.toBuffer(document);
}
