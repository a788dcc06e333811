import { daysInMonth, type PartialDate } from '../dates/partial-date';

// Dates as people type them into a spreadsheet, read into the product's partial dates (lib/dates):
// "03/04/2021" is 3 April 2021 (UK order), "Dec 2020" a month, "2017" a year, "c. 2017" approximate.

const MONTHS = 'january february march april may june july august september october november december'.split(' ');

/** "Dec", "dec.", "December", "Sept": a month's name or its first three letters or more. */
function monthOf(word: string): number | undefined {
  const w = word.toLowerCase().replace(/\.$/, '');
  if (w.length < 3) return undefined;
  const i = MONTHS.findIndex((m) => m.startsWith(w) || (m === 'september' && w === 'sept'));
  return i >= 0 ? i + 1 : undefined;
}

const year4 = (s: string): number | undefined => {
  if (/^\d{4}$/.test(s)) return Number(s);
  // "21" in "3/4/21": this century (the cases date from 2000 on).
  if (/^\d{2}$/.test(s)) return 2000 + Number(s);
  return undefined;
};

function day(year: number | undefined, month: number | undefined, d: number): PartialDate | null {
  if (year === undefined || month === undefined || month < 1 || month > 12) return null;
  if (d < 1 || d > daysInMonth(year, month)) return null;
  return { precision: 'DAY', year, month, day: d };
}

/** A spreadsheet's date, or null when it cannot be read. Blank is null too: the caller says whether it is needed. */
export function parseSheetDate(raw: string): PartialDate | null {
  let s = raw.trim().replace(/\s+/g, ' ');
  if (!s) return null;
  // "c. 2017", "circa 2017", "about 2017", "~2017": roughly that year.
  const approx = /^(?:c\.?|ca\.?|circa|about|around|approx\.?|~)\s*(\d{4})$/i.exec(s);
  if (approx) return { precision: 'APPROXIMATE', year: Number(approx[1]) };
  if (/^\d{4}$/.test(s)) return { precision: 'YEAR', year: Number(s) };
  // ISO: 2021-04-03, 2021-04; a time after the day (from a spreadsheet's date cell) is ignored.
  let m = /^(\d{4})-(\d{1,2})-(\d{1,2})(?:[ T]\d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s);
  if (m) return day(Number(m[1]), Number(m[2]), Number(m[3]));
  m = /^(\d{4})-(\d{1,2})$/.exec(s);
  if (m)
    return Number(m[2]) >= 1 && Number(m[2]) <= 12
      ? { precision: 'MONTH', year: Number(m[1]), month: Number(m[2]) }
      : null;
  // UK order: 03/04/2021, 3.4.21, 3-4-2021 (a time after it is ignored).
  m = /^(\d{1,2})[/.\-](\d{1,2})[/.\-](\d{2}|\d{4})(?: \d{1,2}:\d{2}(?::\d{2})?)?$/.exec(s);
  if (m) return day(year4(m[3]!), Number(m[2]), Number(m[1]));
  // 04/2021: a month.
  m = /^(\d{1,2})[/.\-](\d{4})$/.exec(s);
  if (m)
    return Number(m[1]) >= 1 && Number(m[1]) <= 12
      ? { precision: 'MONTH', year: Number(m[2]), month: Number(m[1]) }
      : null;
  // Words: "3 April 2021", "3rd Apr 2021", "April 3, 2021", "Dec 2020", "December 2020", "Dec-20".
  s = s.replace(/,/g, ' ').replace(/\s+/g, ' ').trim();
  m = /^(\d{1,2})(?:st|nd|rd|th)? ([A-Za-z.]+) (\d{4})$/.exec(s) ?? /^(\d{1,2})-([A-Za-z]+)-(\d{2}|\d{4})$/.exec(s);
  if (m) return day(year4(m[3]!), monthOf(m[2]!), Number(m[1]));
  m = /^([A-Za-z.]+) (\d{1,2})(?:st|nd|rd|th)? (\d{4})$/.exec(s);
  if (m) return day(Number(m[3]), monthOf(m[1]!), Number(m[2]));
  m = /^([A-Za-z.]+)[ \-](\d{4}|\d{2})$/.exec(s);
  if (m) {
    const month = monthOf(m[1]!);
    const year = year4(m[2]!);
    return month && year ? { precision: 'MONTH', year, month } : null;
  }
  return null;
}

/** As YYYY-MM-DD, for a field that needs the exact day (the day consent was given); null otherwise. */
export function toIsoDay(d: PartialDate | null): string | null {
  if (!d || d.precision !== 'DAY') return null;
  return `${d.year}-${String(d.month).padStart(2, '0')}-${String(d.day).padStart(2, '0')}`;
}
