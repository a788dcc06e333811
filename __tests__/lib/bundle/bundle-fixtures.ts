import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import PDFDocument from 'pdfkit';
import sharp from 'sharp';
import { db } from '@/lib/db/client';
import { encryptToStore } from '@/lib/evidence/crypto';
import { getBlobStore } from '@/lib/evidence/storage';
import { newStorageKey, nextExhibitNumber } from '@/lib/evidence/file-evidence';
import { pdfFonts } from '@/lib/pdf/fonts';

/** A PDF of `pages` pages, each saying which document and page it is (for pdftotext checks). */
export function makePdf(label: string, pages: number): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A4', font: pdfFonts().regular as unknown as string });
    const chunks: Buffer[] = [];
    doc.on('data', (c: Buffer) => chunks.push(c));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    for (let i = 1; i <= pages; i++) {
      if (i > 1) doc.addPage();
      doc.fontSize(14).text(`${label} source page ${i} of ${pages}`, 72, 72);
    }
    doc.end();
  });
}

export async function makeImage(width: number, height: number, format: 'jpeg' | 'png'): Promise<Buffer> {
  const img = sharp({ create: { width, height, channels: 3, background: { r: 40, g: 120, b: 200 } } });
  return format === 'jpeg' ? img.jpeg().toBuffer() : img.png().toBuffer();
}

/** The same PDF encrypted with a user password, by Debian's qpdf. */
export function encryptPdf(pdf: Buffer): Buffer {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'enc-'));
  try {
    fs.writeFileSync(path.join(dir, 'in.pdf'), pdf);
    execFileSync('qpdf', [
      '--encrypt',
      'secret-user',
      'secret-owner',
      '256',
      '--',
      path.join(dir, 'in.pdf'),
      path.join(dir, 'out.pdf'),
    ]);
    return fs.readFileSync(path.join(dir, 'out.pdf'));
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

type FileOpts = {
  title: string;
  mimeType: string;
  name: string;
  occurredOn?: Date | null;
  precision?: 'DAY' | 'MONTH' | 'YEAR' | 'APPROXIMATE';
  visibility?: 'SHARED' | 'CASEWORKERS';
  privileged?: boolean;
  withoutPrejudice?: boolean;
  source?: string;
  kind?: 'LETTER' | 'EMAIL' | 'SCREENSHOT' | 'DOCUMENT' | 'OTHER';
};

/** Files bytes as evidence on a case, encrypted in the real store, as an upload would. */
export async function fileEvidence(caseId: string, createdById: string, bytes: Buffer, o: FileOpts) {
  const key = newStorageKey(caseId);
  const stored = await encryptToStore(getBlobStore(), key, Readable.from([bytes]));
  return db.$transaction(async (tx) =>
    tx.evidence.create({
      data: {
        caseId,
        exhibitNumber: await nextExhibitNumber(tx, caseId),
        title: o.title,
        originalName: o.name,
        mimeType: o.mimeType,
        kind: o.kind ?? 'DOCUMENT',
        sizeBytes: stored.size,
        sha256: stored.sha256,
        storageKey: key,
        wrappedKey: stored.wrappedKey,
        createdById,
        occurredOn: o.occurredOn === undefined ? new Date('2024-03-01') : o.occurredOn,
        datePrecision: o.occurredOn === null ? null : (o.precision ?? 'DAY'),
        visibility: o.visibility ?? 'SHARED',
        privileged: o.privileged ?? false,
        withoutPrejudice: o.withoutPrejudice ?? false,
        source: o.source ?? null,
      },
    }),
  );
}

export const sha256 = (b: Buffer) => crypto.createHash('sha256').update(b).digest('hex');

export function withTempFile<T>(bytes: Buffer, fn: (file: string) => T): T {
  const file = path.join(os.tmpdir(), `bundle-${crypto.randomUUID()}.pdf`);
  fs.writeFileSync(file, bytes);
  try {
    return fn(file);
  } finally {
    fs.rmSync(file, { force: true });
  }
}

/** qpdf --check must pass with no warnings; returns pdfinfo's page count. */
export function checkPdf(bytes: Buffer): number {
  return withTempFile(bytes, (file) => {
    const out = execFileSync('qpdf', ['--check', file], { encoding: 'utf8' });
    if (/warning/i.test(out)) throw new Error(`qpdf warns: ${out}`);
    const info = execFileSync('pdfinfo', [file], { encoding: 'utf8' });
    return Number(/Pages:\s+(\d+)/.exec(info)![1]);
  });
}

/**
 * The text of each page, in order, each ending in the form feed pdftotext puts after a page: one pdftotext call
 * for the whole file (a call per page cost a fork of the test process each, 50-60 ms for a 200-page bundle's page).
 */
export function pageTexts(bytes: Buffer, pages: number): string[] {
  const text = withTempFile(bytes, (file) => execFileSync('pdftotext', ['-layout', file, '-'], { encoding: 'utf8' }));
  const texts = text
    .split('\f')
    .slice(0, -1)
    .map((page) => `${page}\f`);
  if (texts.length !== pages) throw new Error(`pdftotext read ${texts.length} pages, not ${pages}`);
  return texts;
}
