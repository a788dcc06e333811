// Text helpers shared by the bundle renderers: cleaning what people typed or what a file held into
// something pdfkit can set line by line, and the UK formats a panel reads (dates, sizes).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

// Characters with no visible form that would otherwise show as a missing-glyph box: bidi controls
// (which could also reorder a line visually), zero-width marks, byte-order marks, variation selectors.
const INVISIBLE = /[\u00AD\u200B-\u200F\u202A-\u202E\u2060-\u206F\uFE00-\uFE0F\uFEFF]/g;
// C0 and C1 controls except the line feed (tabs and carriage returns are dealt with before).
const CONTROLS = /[\u0000-\u0009\u000B-\u001F\u007F-\u009F]/g;

/**
 * Text from a person or a file, made safe to set: NFC (so "a" + combining acute is one "á"), one
 * kind of line break, tabs as spaces, no control or invisible characters, lone surrogates replaced.
 * Characters the font cannot draw are replaced later, per font (see Writer.clean).
 */
export function normaliseText(text: string): string {
  return text
    .replace(/\r\n?|[\u2028\u2029\u0085]/g, '\n')
    .replace(/\t/g, '    ')
    .replace(/[\uD800-\uDBFF](?![\uDC00-\uDFFF])|(?<![\uD800-\uDBFF])[\uDC00-\uDFFF]/g, '\uFFFD')
    .normalize('NFC')
    .replace(INVISIBLE, '')
    .replace(CONTROLS, '');
}

/** Paragraphs separated by blank lines (spaces allowed on them); line breaks inside one are kept. */
export function splitParagraphs(text: string | null): string[] {
  return (text ?? '')
    .replace(/\r\n?/g, '\n')
    .split(/\n[ \t]*\n\s*/)
    .map((p) => p.replace(/^\s*\n/, '').replace(/\s+$/, ''))
    .filter((p) => p.trim() !== '');
}

/** One line of text: line breaks and runs of spaces become single spaces. */
export const oneLine = (text: string): string => normaliseText(text).replace(/\s+/g, ' ').trim();

/** "2025-10-03" (or a full ISO timestamp) → "3 Oct 2025"; anything else is shown as it was given. */
export function ukDate(value: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})(?:$|T)/.exec(value.trim());
  if (!m) return value;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  if (mo < 1 || mo > 12 || d < 1 || d > 31) return value;
  return `${d} ${MONTHS[mo - 1]} ${y}`;
}

/** A moment as UK time, e.g. "3 Oct 2025, 14:05 (UK time)"; the raw text when it does not parse. */
export function ukDateTime(value: string): string {
  const date = new Date(value);
  if (Number.isNaN(date.getTime())) return value;
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(date)
      .map((p) => [p.type, p.value]),
  );
  return `${Number(parts.day)} ${MONTHS[Number(parts.month) - 1]} ${parts.year}, ${parts.hour}:${parts.minute} (UK time)`;
}

/** 1234567 → "1.2 MB"; 812 → "812 bytes". Binary multiples, as file managers show them. */
export function formatSize(bytes: number): string {
  if (!Number.isFinite(bytes) || bytes < 0) return 'unknown size';
  if (bytes < 1024) return `${bytes} ${bytes === 1 ? 'byte' : 'bytes'}`;
  const units = ['KB', 'MB', 'GB', 'TB'];
  let value = bytes / 1024;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${value < 10 ? value.toFixed(1) : Math.round(value)} ${units[unit]}`;
}

/** 1234567 → "1,234,567 bytes". */
export const exactSize = (bytes: number): string =>
  `${Math.round(bytes).toLocaleString('en-GB')} ${bytes === 1 ? 'byte' : 'bytes'}`;

/** "412 days", "1 day"; null when not applicable. */
export const formatDays = (days: number | null): string | null =>
  days === null ? null : `${days.toLocaleString('en-GB')} ${days === 1 ? 'day' : 'days'}`;

/** A SHA-256 as 64 lower-case hex digits; anything else is shown as given (or "not recorded"). */
export function formatSha256(value: string): string {
  const v = value.trim();
  if (/^[0-9a-f]{64}$/i.test(v)) return v.toLowerCase();
  return v === '' ? 'not recorded' : v;
}
