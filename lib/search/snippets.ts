// ts_headline marks matches with these two control characters (never HTML): the page turns the text between
// them into <mark> elements, and React escapes every piece, so nothing typed by a person is ever read as markup.
export const MARK_START = '\u0001';
export const MARK_END = '\u0002';

export type Segment = { text: string; mark: boolean };

/** Splits highlighted text into plain and marked pieces (markers removed, empty pieces dropped). */
export function toSegments(text: string): Segment[] {
  const out: Segment[] = [];
  let mark = false;
  let current = '';
  const flush = () => {
    if (current) out.push({ text: current, mark });
    current = '';
  };
  for (const ch of text) {
    if (ch === MARK_START || ch === MARK_END) {
      flush();
      mark = ch === MARK_START;
    } else current += ch;
  }
  flush();
  return out;
}

/** Marks every case-insensitive occurrence of `needle` in `text` (references and names, matched outside ts_headline). */
export function markOccurrences(text: string, needle: string): Segment[] {
  const n = needle.trim().toLowerCase();
  if (!n) return [{ text, mark: false }];
  const out: Segment[] = [];
  const lower = text.toLowerCase();
  let at = 0;
  for (let found = lower.indexOf(n); found !== -1; found = lower.indexOf(n, at)) {
    if (found > at) out.push({ text: text.slice(at, found), mark: false });
    out.push({ text: text.slice(found, found + n.length), mark: true });
    at = found + n.length;
  }
  if (at < text.length) out.push({ text: text.slice(at), mark: false });
  return out;
}
