import { PDFDict, PDFHexString, PDFName, PDFString, type PDFContext, type PDFObject } from '@cantoo/pdf-lib';

/**
 * Which actions copied from an uploaded PDF may reach a bundle. A bundle is opened by panel members
 * and opponents who trust it because we made it: a link in it must not run script, open a local
 * file or program, or fetch another document. Only a URI action whose target is an absolute http,
 * https or mailto address survives; Launch, GoToR, GoToE, JavaScript, SubmitForm, ImportData,
 * Rendition and the rest do not, nor do javascript:, file:, data: or relative URIs (a relative URI
 * is resolved against the reader's own base, in practice a file path).
 */
const SAFE_URI = /^(?:https?:\/\/[\x21-\x7e]+|mailto:[\x21-\x7e]+)$/i;
/** Everything else in a URI action (a /Next chain, /JS some readers honour) is removed. */
const KEPT_ACTION_KEYS = new Set(['Type', 'S', 'URI', 'IsMap'].map((s) => PDFName.of(s)));
const S = PDFName.of('S');
const URI = PDFName.of('URI');

/**
 * Annotations that carry or play content of their own (an attached file a reader offers to open,
 * sound, film, rich media, 3D). They are not links, but each is a way to run or open something
 * from a bundle, so they are left behind like unsafe links.
 */
export const ACTIVE_ANNOT_SUBTYPES = new Set(
  ['FileAttachment', 'Sound', 'Movie', 'Screen', 'RichMedia', '3D'].map((s) => PDFName.of(s)),
);

/** The target of a URI action as the bytes the file holds (URIs are 7-bit ASCII in PDF). */
function uriOf(context: PDFContext, action: PDFDict): string | undefined {
  const value = context.lookup(action.get(URI));
  if (value instanceof PDFString || value instanceof PDFHexString)
    return Buffer.from(value.asBytes()).toString('latin1');
  return undefined;
}

/**
 * The annotation's action when it is a URI action to a safe address, trimmed to the keys a
 * reader needs; undefined otherwise (no action, another kind, an unsafe or unreadable target).
 * Mutates the parsed input, which is thrown away after copying.
 */
export function safeUriAction(context: PDFContext, action: PDFObject | undefined): PDFDict | undefined {
  const dict = context.lookup(action);
  if (!(dict instanceof PDFDict) || dict.get(S) !== URI) return undefined;
  const uri = uriOf(context, dict);
  if (uri === undefined || !SAFE_URI.test(uri)) return undefined;
  for (const key of dict.keys()) if (!KEPT_ACTION_KEYS.has(key)) dict.delete(key);
  return dict;
}

/** Exported for the unit test of the rule itself. */
export const isSafeUri = (uri: string) => SAFE_URI.test(uri);
