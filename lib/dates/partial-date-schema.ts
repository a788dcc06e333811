import { z } from 'zod';
import { DATE_PRECISIONS, MIN_YEAR, daysInMonth, monthName, toEarliestDay, type PartialDate } from './partial-date';

// The zod schema of a date someone enters, apart from partial-date.ts so that client components showing
// dates do not bring zod to the browser with the page.
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
      if (
        (v.month !== undefined && (v.month < 1 || v.month > 12)) ||
        (v.day !== undefined && (v.day < 1 || v.day > 31)) ||
        (v.year !== undefined && (v.year < MIN_YEAR || v.year > 2200))
      )
        return;
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
          ctx.addIssue({
            code: 'custom',
            path: ['day'],
            message: `That date does not exist: ${monthName(v.month!)} ${v.year} has ${daysInMonth(v.year, v.month!)} days`,
          });
          return;
        }
      }
      const earliest = toEarliestDay(v as PartialDate);
      const limit = new Date();
      limit.setUTCHours(0, 0, 0, 0);
      limit.setUTCDate(limit.getUTCDate() + (options.allowFutureDays ?? 0));
      if (earliest.getTime() > limit.getTime()) {
        ctx.addIssue({
          code: 'custom',
          path: ['year'],
          message: options.allowFutureDays
            ? 'That date is too far in the future'
            : 'That date is in the future. Enter when it happened.',
        });
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
