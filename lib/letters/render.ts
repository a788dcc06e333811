import { fillTemplate } from './templates';
import { cleanLetterDocument, tidyBody } from './letter-document';
import { isIsoDate } from './uk-date';
import type { LetterDocument, LetterTemplate } from './types';

export type { LetterDocument } from './types';
export { letterPlainText, letterBlocks, cleanLetterDocument } from './letter-document';

// The PDF and Word writers (pdfkit, fontkit, docx: about 40 MB resident once loaded) are loaded by the first letter
// a process renders, not by every page that lists letters.
export async function renderLetterPdf(input: LetterDocument): Promise<Buffer> {
  return (await import('./render-pdf')).renderLetterPdf(input);
}
export async function renderLetterDocx(input: LetterDocument): Promise<Buffer> {
  return (await import('./render-docx')).renderLetterDocx(input);
}

// From a template and the person's values to a letter they can review and edit before saving.

/**
 * Fills the template. `values` must already have passed fieldValuesSchema(template); date fields
 * (ISO) are written in UK form. The standard header fields make the address blocks, and the sender
 * signs. `meta.date` is the letter's date (ISO), `meta.reference` its reference line ('' for none).
 */
export function renderDraft(
  template: LetterTemplate,
  values: Record<string, string>,
  meta: { date: string; reference: string },
): LetterDocument {
  if (!isIsoDate(meta.date)) throw new RangeError(`The letter's date must be an ISO date, not "${meta.date}"`);
  const { subject, body } = fillTemplate(template, values);
  const value = (name: string) => (Object.hasOwn(values, name) ? (values[name] ?? '') : '');
  return cleanLetterDocument({
    senderName: value('sender_name'),
    senderAddress: value('sender_address'),
    recipientName: value('recipient_name'),
    recipientAddress: value('recipient_address'),
    date: meta.date,
    reference: meta.reference,
    subject,
    body: tidyBody(body),
    signatureName: value('sender_name'),
  });
}
