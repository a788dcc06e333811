import { formatUkDay } from './uk-date';
import type { LetterDocument } from './types';

// A letter as blocks, shared by every output: the preview, the PDF, the DOCX and the fingerprinted
// text all lay out the same blocks in the same order, so what is fingerprinted is what was sent.
// No Node imports: client components can use this module for the preview.

export type LetterBlocks = {
  sender: string[];
  recipient: string[];
  /** UK form, "3 Oct 2025". */
  date: string;
  /** "Reference: …", or null when there is none. */
  reference: string | null;
  subject: string;
  /** The body's paragraphs (split at blank lines); each keeps its own line breaks. */
  paragraphs: string[];
  signature: string;
};

// C0 controls other than tab and line breaks, DEL, and unpaired surrogates: invalid in DOCX XML,
// invisible or garbled in a PDF.
const UNPRINTABLE =
  /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]|[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g;

const clean = (s: string) => s.replace(/\r\n?/g, '\n').replace(UNPRINTABLE, '').replace(/\t/g, ' ');
const oneLine = (s: string) =>
  clean(s)
    .replace(/\s*\n+\s*/g, ' ')
    .trim();
const lines = (s: string) =>
  clean(s)
    .split('\n')
    .map((l) => l.trim())
    .filter(Boolean);

/** The letter with unprintable characters removed and whitespace tidied: every output starts from this. */
export function cleanLetterDocument(doc: LetterDocument): LetterDocument {
  return {
    senderName: oneLine(doc.senderName),
    senderAddress: lines(doc.senderAddress).join('\n'),
    recipientName: oneLine(doc.recipientName),
    recipientAddress: lines(doc.recipientAddress).join('\n'),
    date: doc.date.trim(),
    reference: oneLine(doc.reference),
    subject: oneLine(doc.subject),
    body: tidyBody(doc.body),
    signatureName: oneLine(doc.signatureName),
  };
}

/** Trailing spaces off every line, at most one blank line between paragraphs, no blank lines at either end. */
export function tidyBody(body: string): string {
  return clean(body)
    .split('\n')
    .map((l) => l.trimEnd())
    .join('\n')
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\n+|\n+$/g, '');
}

export function letterBlocks(input: LetterDocument): LetterBlocks {
  const doc = cleanLetterDocument(input);
  return {
    sender: [doc.senderName, ...lines(doc.senderAddress)].filter(Boolean),
    recipient: [doc.recipientName, ...lines(doc.recipientAddress)].filter(Boolean),
    date: formatUkDay(doc.date),
    reference: doc.reference ? `Reference: ${doc.reference}` : null,
    subject: doc.subject,
    paragraphs: doc.body.split(/\n{2,}/).filter((p) => p.trim()),
    signature: doc.signatureName,
  };
}

/**
 * The exact text that is fingerprinted: sender block, recipient block, date, reference, subject,
 * body and signature, separated by blank lines. The PDF and the DOCX print these same blocks.
 */
export function letterPlainText(doc: LetterDocument): string {
  const b = letterBlocks(doc);
  return [b.sender.join('\n'), b.recipient.join('\n'), b.date, b.reference, b.subject, ...b.paragraphs, b.signature]
    .filter((block): block is string => Boolean(block))
    .join('\n\n');
}
