import { format, isValid } from 'date-fns';
import { z } from 'zod';

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

const MIN_YEAR = 1900;
const optionalInt = (min: number, max: number, label: string) =>
  z.preprocess(
    (v) => (v === '' || v === null || v === undefined ? undefined : typeof v === 'string' ? Number(v) : v),
    z
      .number({ error: `Enter the ${label} as a number` })
      .int(`Enter the ${label} as a whole number`)
      .min(min, `The ${label} must be between ${min} and ${max}`)
      .max(max, `The ${label} must be between ${min} and ${max}`)
      .optional(),
  );

export type PartialDate = { precision: DatePrecision; year?: number; month?: number; day?: number };

export function partialDateSchema(options: { allowFutureDays?: number } = {}) {
  return z
    .object({
      precision: z.enum(DATE_PRECISIONS, { error: 'Choose how well you know the date' }),
      year: optionalInt(MIN_YEAR, 2200, 'year'),
      month: optionalInt(1, 12, 'month'),
      day: optionalInt(1, 31, 'day'),
    })
    .strict()
    .superRefine((v, ctx) => {
      // A part already out of range has its own message; checking the whole date would add a confusing second one.
      if ([v.year, v.month, v.day].some((n) => n !== undefined && !Number.isInteger(n))) return;
      if ((v.month !== undefined && (v.month < 1 || v.month > 12)) || (v.day !== undefined && (v.day < 1 || v.day > 31)) || (v.year !== undefined && (v.year < MIN_YEAR || v.year > 2200))) return;
      if (v.year === undefined) {
        ctx.addIssue({ code: 'custom', path: ['year'], message: 'Enter the year' });
        return;
      }
      if ((v.precision === 'DAY' || v.precision === 'MONTH') && v.month === undefined) {
        ctx.addIssue({ code: 'custom', path: ['month'], message: 'Enter the month' });
        return;
      }
      if (v.precision === 'DAY') {
        if (v.day === undefined) {
          ctx.addIssue({ code: 'custom', path: ['day'], message: 'Enter the day' });
          return;
        }
        const d = new Date(Date.UTC(v.year, v.month! - 1, v.day));
        if (d.getUTCMonth() !== v.month! - 1) {
          ctx.addIssue({ code: 'custom', path: ['day'], message: `That date does not exist: ${monthName(v.month!)} ${v.year} has ${daysInMonth(v.year, v.month!)} days` });
          return;
        }
      }
      const earliest = toEarliestDay(v as PartialDate);
      const limit = new Date();
      limit.setUTCHours(0, 0, 0, 0);
      limit.setUTCDate(limit.getUTCDate() + (options.allowFutureDays ?? 0));
      if (earliest.getTime() > limit.getTime()) {
        ctx.addIssue({ code: 'custom', path: ['year'], message: options.allowFutureDays ? 'That date is too far in the future' : 'That date is in the future. Enter when it happened.' });
      }
    })
    .transform((v) => normalise(v as PartialDate));
}

function normalise(v: PartialDate): PartialDate {
  switch (v.precision) {
    case 'DAY':
      return { precision: 'DAY', year: v.year, month: v.month, day: v.day };
    case 'MONTH':
      return { precision: 'MONTH', year: v.year, month: v.month };
    default:
      return { precision: v.precision, year: v.year };
  }
}

const daysInMonth = (y: number, m: number) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const monthName = (m: number) => format(new Date(2000, m - 1, 1), 'MMMM');

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

/** UK display: "21 Nov 2026", "Dec 2020", "2020", "c. 2017". */
export function formatPartialDate(date: Date | null | undefined, precision: DatePrecision | null | undefined): string {
  if (!date || !isValid(date)) return 'Date not known';
  const utc = new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
  switch (precision ?? 'DAY') {
    case 'DAY':
      return format(utc, 'd MMM yyyy');
    case 'MONTH':
      return format(utc, 'MMM yyyy');
    case 'YEAR':
      return format(utc, 'yyyy');
    case 'APPROXIMATE':
      return `c. ${format(utc, 'yyyy')}`;
  }
}

/** A timestamp in UK form, in UK time: "21 Nov 2026, 14:05". */
export function formatTimestamp(date: Date): string {
  return new Intl.DateTimeFormat('en-GB', {
    day: 'numeric', month: 'short', year: 'numeric', hour: '2-digit', minute: '2-digit', timeZone: 'Europe/London',
  }).format(date);
}
