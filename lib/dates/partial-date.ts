import { format, isValid } from 'date-fns';

// Dates people enter carry a precision: many members remember only the month or the year.
// Stored as the earliest possible day plus the precision; shown as "21 Nov 2026", "Dec 2020", "2020" or "c. 2017".
export const DATE_PRECISIONS = ['DAY', 'MONTH', 'YEAR', 'APPROXIMATE'] as const;
export type DatePrecision = (typeof DATE_PRECISIONS)[number];

export const PRECISION_LABELS: Record<DatePrecision, string> = {
  DAY: 'I know the exact day',
  MONTH: 'I know the month and year',
  YEAR: 'I know the year only',
  APPROXIMATE: 'Roughly (about a year)',
};

export const MIN_YEAR = 1900;

export type PartialDate = { precision: DatePrecision; year?: number; month?: number; day?: number };

export const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
export const monthName = (m: number) => format(new Date(2000, m - 1, 1), 'MMMM');

/** The earliest day the date could be: used for storage and sorting. UTC midnight. */
export function toEarliestDay(d: PartialDate): Date {
  const year = d.year ?? MIN_YEAR;
  const month = d.precision === 'DAY' || d.precision === 'MONTH' ? (d.month ?? 1) : 1;
  const day = d.precision === 'DAY' ? (d.day ?? 1) : 1;
  return new Date(Date.UTC(year, month - 1, day));
}

export function fromStored(date: Date, precision: DatePrecision): PartialDate {
  const y = date.getUTCFullYear();
  const m = date.getUTCMonth() + 1;
  if (precision === 'DAY') return { precision, year: y, month: m, day: date.getUTCDate() };
  if (precision === 'MONTH') return { precision, year: y, month: m };
  return { precision, year: y };
}

const MONTHS_SHORT = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];

/**
 * UK display: "21 Nov 2026", "Dec 2020", "2020", "c. 2017". Written out rather than with date-fns's format(), which
 * parses its pattern on every call: a case page formats a few dozen dates per view (the same text; a test compares the
 * two over every precision and thousands of dates).
 */
export function formatPartialDate(date: Date | null | undefined, precision: DatePrecision | null | undefined): string {
  if (!date || !isValid(date)) return 'Date not known';
  const year = String(date.getUTCFullYear()).padStart(4, '0');
  switch (precision ?? 'DAY') {
    case 'DAY':
      return `${date.getUTCDate()} ${MONTHS_SHORT[date.getUTCMonth()]} ${year}`;
    case 'MONTH':
      return `${MONTHS_SHORT[date.getUTCMonth()]} ${year}`;
    case 'YEAR':
      return year;
    case 'APPROXIMATE':
      return `c. ${year}`;
  }
}

// One formatter, made once: making it costs far more than formatting with it (a new one per call was a
// tenth of the case list's server time, 25 rows a page).
const TIMESTAMP = new Intl.DateTimeFormat('en-GB', {
  day: 'numeric',
  month: 'short',
  year: 'numeric',
  hour: '2-digit',
  minute: '2-digit',
  timeZone: 'Europe/London',
});

/** A timestamp in UK form, in UK time: "21 Nov 2026, 14:05". */
export function formatTimestamp(date: Date): string {
  return TIMESTAMP.format(date);
}
