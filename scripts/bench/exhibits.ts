import { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import { pdfFonts } from '../../lib/pdf/fonts';
import { db } from '../../lib/db/client';
import { encryptToStore } from '../../lib/evidence/crypto';
import { getBlobStore } from '../../lib/evidence/storage';
import { newStorageKey, nextExhibitNumber } from '../../lib/evidence/file-evidence';

/** Pages in each stand-in exhibit. */
export const PAGES_PER_EXHIBIT = 4;

/** A stand-in exhibit: a text PDF of PAGES_PER_EXHIBIT pages, numbered `n`. */
export function exhibitPdf(n: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', font: pdfFonts().regular as unknown as string });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (let p = 1; p <= PAGES_PER_EXHIBIT; p++) {
      if (p > 1) doc.addPage();
      doc.fontSize(16).text(`Exhibit ${n}, page ${p}`, 72, 72);
      doc.fontSize(10).text('The branch meeting of 12 May heard a motion on the council budget. '.repeat(40), 72, 110, {
        width: 450,
      });
    }
    doc.end();
  });
}

/** Files `bytes` as exhibit `n` of a case, encrypted into the blob store as an upload would be. */
export async function fileExhibit(caseId: string, createdById: string, n: number, bytes: Buffer): Promise<void> {
  const key = newStorageKey(caseId);
  const stored = await encryptToStore(getBlobStore(), key, Readable.from([bytes]));
  await db.$transaction(async (tx) =>
    tx.evidence.create({
      data: {
        caseId,
        exhibitNumber: await nextExhibitNumber(tx, caseId),
        title: `Exhibit number ${n}`,
        originalName: `e${n}.pdf`,
        mimeType: 'application/pdf',
        sizeBytes: stored.size,
        sha256: stored.sha256,
        storageKey: key,
        wrappedKey: stored.wrappedKey,
        createdById,
        occurredOn: new Date(Date.UTC(2024, 0, 1 + n)),
        datePrecision: 'DAY',
      },
    }),
  );
}
