import contentDisposition from 'content-disposition';

// File names come from the uploader and end up in a download's Content-Disposition and in the
// bundle. They are never used as storage paths (those are generated), but a name can still trick
// a person or an operating system: "../" and "\" to climb folders, control characters to split
// headers, U+202E to show "invoice‮fdp.exe" as "invoiceexe.pdf", Windows-reserved characters and
// device names that make a download fail to save.

const MAX_LENGTH = 120;
const FALLBACK = 'evidence';
/** An extension is 1–10 letters or digits with at least one letter ("v1.2" has none). */
const EXTENSION = /^(?=[a-z0-9]*[a-z])[a-z0-9]{1,10}$/i;
const LINE_BREAKS = /[\t\n\v\f\r\u0085\u2028\u2029]/g;
/** Control, format (bidi overrides, zero-width), lone surrogate and private-use characters. */
const INVISIBLE = /[\p{Cc}\p{Cf}\p{Cs}\p{Co}]/gu;
const WINDOWS_RESERVED = /[<>:"|?*]/g;
const WINDOWS_DEVICE = /^(con|prn|aux|nul|com[0-9¹²³]|lpt[0-9¹²³])(\.|$)/i;

const lastSegment = (name: string) => name.split(/[\\/]/).pop() ?? '';
const trimEnds = (s: string) => s.replace(/^[.\s]+|[.\s]+$/gu, '');

/** The name's extension, lower case, without the dot; '' when it has none. */
export function extensionOf(name: string): string {
  const base = lastSegment(name.replace(INVISIBLE, '')).replace(/[.\s]+$/u, '');
  const dot = base.lastIndexOf('.');
  if (dot <= 0) return '';
  const ext = base.slice(dot + 1);
  return EXTENSION.test(ext) ? ext.toLowerCase() : '';
}

/** Cuts to at most `max` code points without splitting a character made of several (é, 👍🏽). */
function truncate(s: string, max: number): string {
  if ([...s].length <= max) return s;
  let out = '';
  let count = 0;
  for (const { segment } of new Intl.Segmenter('en', { granularity: 'grapheme' }).segment(s)) {
    const size = [...segment].length;
    if (count + size > max) break;
    out += segment;
    count += size;
  }
  return out;
}

/**
 * A name safe to show and to offer as a download: last path component only, no control or
 * invisible characters, no Windows-reserved characters, single spaces, no leading or trailing
 * dots or spaces, at most 120 characters (the extension kept), 'evidence' when nothing is left.
 * With `ext` (from sniffing the bytes) the name ends in that extension, replacing a wrong one.
 */
export function safeFilename(name: string, ext?: string): string {
  let clean = lastSegment(name.normalize('NFC'))
    .replace(LINE_BREAKS, ' ')
    .replace(INVISIBLE, '')
    .replace(WINDOWS_RESERVED, '_')
    .replace(/\s+/gu, ' ')
    .replace(/\.{2,}/g, '.');
  clean = trimEnds(clean);
  if (WINDOWS_DEVICE.test(clean)) clean = `_${clean}`;

  let current = extensionOf(clean);
  let stem = current ? clean.slice(0, -(current.length + 1)) : clean;
  const wanted = ext?.replace(/^\./, '').toLowerCase();
  if (wanted && EXTENSION.test(wanted) && current !== wanted) {
    // "invoice.pdf.exe" sniffed as PDF becomes "invoice.pdf", not "invoice.pdf.pdf".
    if (stem.toLowerCase().endsWith(`.${wanted}`)) stem = stem.slice(0, -(wanted.length + 1));
    current = wanted;
  } else if (current) {
    current = clean.slice(-current.length); // keep the uploader's case: "IMG_0001.JPG"
  }
  stem = trimEnds(truncate(stem, MAX_LENGTH - (current ? current.length + 1 : 0)));
  return `${stem || FALLBACK}${current ? `.${current}` : ''}`;
}

/** Latin letters that Unicode does not decompose into a base letter and an accent. */
const LATIN: Record<string, string> = {
  Ł: 'L',
  ł: 'l',
  Ø: 'O',
  ø: 'o',
  Đ: 'D',
  đ: 'd',
  Ħ: 'H',
  ħ: 'h',
  ı: 'i',
  ß: 'ss',
  Æ: 'AE',
  æ: 'ae',
  Œ: 'OE',
  œ: 'oe',
  Þ: 'Th',
  þ: 'th',
};

/** An ASCII stand-in for browsers that ignore filename*: accents dropped, anything else "_". */
function asciiFallback(safe: string): string {
  const ascii = safe
    .normalize('NFKD')
    .replace(/\p{M}/gu, '')
    .replace(/[ŁłØøĐđĦħıßÆæŒœÞþ]/g, (c) => LATIN[c] ?? '_')
    .replace(/[^\x20-\x7e]|%/g, '_')
    .replace(/_{2,}/g, '_');
  const ext = extensionOf(ascii);
  const stem = ext ? ascii.slice(0, -(ext.length + 1)) : ascii;
  return /[a-z0-9]/i.test(stem) ? ascii : `${FALLBACK}${ext ? `.${ext}` : ''}`;
}

/** `attachment; filename="…"; filename*=UTF-8''…` for a download: never shown inline. */
export function contentDispositionFor(name: string): string {
  const safe = safeFilename(name);
  return contentDisposition(safe, { type: 'attachment', fallback: asciiFallback(safe) });
}
