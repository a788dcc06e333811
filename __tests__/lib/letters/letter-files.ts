import { execFileSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mammoth from 'mammoth';

// Reading the outputs back the way a person's software would: qpdf and pdftotext for the PDF,
// mammoth for the DOCX. Files go to the system temp folder.

const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-letters-'));
const tempFile = (buf: Buffer, ext: string) => {
  const file = path.join(dir, `${crypto.randomBytes(6).toString('hex')}.${ext}`);
  fs.writeFileSync(file, buf);
  return file;
};

/** `qpdf --check` output; throws (non-zero exit) on errors, and exit 3 means warnings. */
export function qpdfCheck(pdf: Buffer): string {
  return execFileSync('qpdf', ['--check', tempFile(pdf, 'pdf')], { encoding: 'utf8' });
}

/** Asserts the PDF passes `qpdf --check` with no errors and no warnings. */
export function expectCleanPdf(pdf: Buffer): void {
  const out = qpdfCheck(pdf);
  expect(out).toMatch(/No syntax or stream encoding errors found/);
  expect(out).not.toMatch(/WARNING/i);
}

export function pdfPages(pdf: Buffer): number {
  return Number(execFileSync('qpdf', ['--show-npages', tempFile(pdf, 'pdf')], { encoding: 'utf8' }).trim());
}

/** The PDF's text as `pdftotext -layout file -` prints it. */
export function pdfText(pdf: Buffer): string {
  return execFileSync('pdftotext', ['-layout', tempFile(pdf, 'pdf'), '-'], { encoding: 'utf8' });
}

/** The PDF's Info dictionary (Title, Author, Subject…) as pdfinfo prints it. */
export function pdfInfo(pdf: Buffer): Record<string, string> {
  const out = execFileSync('pdfinfo', [tempFile(pdf, 'pdf')], { encoding: 'utf8' });
  return Object.fromEntries(
    out
      .split('\n')
      .filter((l) => l.includes(':'))
      .map((l) => [l.slice(0, l.indexOf(':')).trim(), l.slice(l.indexOf(':') + 1).trim()]),
  );
}

/** mammoth's raw text: paragraphs end with a blank line; line breaks inside a paragraph are dropped. */
export async function docxRawText(docx: Buffer): Promise<string> {
  return (await mammoth.extractRawText({ buffer: docx })).value;
}

/** The DOCX's paragraphs as text, keeping line breaks, separated by blank lines (via mammoth's HTML). */
export async function docxText(docx: Buffer): Promise<string> {
  const { value } = await mammoth.convertToHtml({ buffer: docx });
  return value
    .replace(/<br \/>/g, '\n')
    .replace(/<\/p>/g, '\n\n')
    .replace(/<[^>]+>/g, '')
    .replace(/&lt;/g, '<')
    .replace(/&gt;/g, '>')
    .replace(/&quot;/g, '"')
    .replace(/&#39;/g, "'")
    .replace(/&amp;/g, '&')
    .trim();
}

/** Text with all whitespace removed: PDF line wrapping (also after hyphens) then cannot hide a difference. */
export const squash = (s: string) => s.replace(/\s+/g, '');

/** The PDF's text without the page numbers, squashed, for comparing with letterPlainText. */
export const pdfBodySquashed = (text: string) => squash(text.replace(/Page \d+ of \d+/g, ''));
