import PostalMime from 'postal-mime';
import type { Address, Email } from 'postal-mime';
import { BODY, SMALL, heading, keyValues, type KeyValue } from './blocks';
import { htmlToText } from './html-text';
import { formatSize, ukDateTime } from './text';
import { MUTED, Writer, type PdfPart } from './writer';

// An email kept as evidence (.eml): the header block a person recognises (From, To, Cc, Date,
// Subject), then the text of the message. An HTML-only message is turned into text (html-text.ts):
// its markup is never interpreted, and nothing it links to is fetched. Attachments are listed by
// name and size only; a caseworker who needs one in the bundle uploads it as its own exhibit.

const LIMITS = { maxNestingDepth: 50, maxHeadersSize: 1024 * 1024 } as const;

function formatAddress(a: Address): string {
  if (a.group) return `${a.name}: ${a.group.map(formatAddress).join(', ')};`;
  return a.name ? `${a.name} <${a.address}>` : a.address;
}
const addresses = (list: Address[] | undefined): string | null =>
  list?.length ? list.map(formatAddress).join(', ') : null;

/**
 * The message's own plain-text part, if it has one. postal-mime fills `text` from the HTML when a
 * message has no text part; for those we make our own text from the HTML instead.
 */
function bodyText(email: Email, raw: Uint8Array): string {
  if (email.html === undefined) return email.text ?? '';
  const head = Buffer.from(raw.buffer, raw.byteOffset, Math.min(raw.byteLength, 4 * 1024 * 1024)).toString('latin1');
  const hasPlainPart = /^content-type:[ \t]*text\/plain\b/im.test(head);
  return hasPlainPart && email.text !== undefined ? email.text : htmlToText(email.html);
}

function attachmentSize(content: ArrayBuffer | Uint8Array | string): number {
  return typeof content === 'string' ? Buffer.byteLength(content) : content.byteLength;
}

export async function renderEmailEvidence(e: { title: string; raw: Uint8Array }): Promise<PdfPart> {
  let email: Email;
  try {
    email = await PostalMime.parse(e.raw, LIMITS);
  } catch (err) {
    throw new Error(`This email could not be read: ${err instanceof Error ? err.message : String(err)}`);
  }
  const w = new Writer({ title: e.title, subject: email.subject ?? undefined });
  heading(w, e.title, 13, { after: 8 });

  const headers: KeyValue[] = [
    ['From', email.from ? formatAddress(email.from) : null],
    ['To', addresses(email.to)],
  ];
  if (email.cc?.length) headers.push(['Cc', addresses(email.cc)]);
  headers.push(
    ['Date', email.date ? ukDateTime(email.date) : null],
    ['Subject', email.subject?.trim() ? email.subject : '(no subject)'],
  );
  keyValues(w, headers, { labelWidth: 64, size: 10 });
  w.gap(2);
  w.rule();
  w.gap(10);

  const body = bodyText(email, e.raw)
    .replace(/\n{3,}/g, '\n\n')
    .replace(/^\s*\n|\s+$/g, '');
  if (body.trim()) w.paragraph(body, BODY);
  else w.paragraph('This email has no text.', { ...BODY, color: MUTED });

  const attachments = email.attachments;
  if (attachments.length) {
    w.gap(10);
    heading(w, `Attachments (${attachments.length})`, 11, { after: 4, keep: 14 });
    for (const a of attachments) {
      const name = a.filename?.trim() || 'Unnamed attachment';
      const detail = [formatSize(attachmentSize(a.content)), a.mimeType, a.related ? 'shown inside the message' : null]
        .filter(Boolean)
        .join(', ');
      w.paragraph(`• ${name} (${detail})`, { ...BODY, size: 10 }, { after: 2 });
    }
    w.paragraph('Attachments are listed, not reproduced here.', SMALL);
  }
  return w.finish();
}
