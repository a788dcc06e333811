import fc from 'fast-check';
import { format } from 'date-fns';
import {
  DATE_PRECISIONS,
  formatPartialDate,
  formatTimestamp,
  fromStored,
  toEarliestDay,
} from '@/lib/dates/partial-date';
import { partialDateSchema } from '@/lib/dates/partial-date-schema';

// Pure logic: no database. Dates are stored as the earliest possible day (UTC midnight) plus a precision.
const utc = (y: number, m: number, d: number) => new Date(Date.UTC(y, m - 1, d));
const issuesOf = (input: unknown, options?: { allowFutureDays?: number }) => {
  const r = partialDateSchema(options).safeParse(input);
  if (r.success) return null;
  // First message per part, as lib/action.ts fieldErrorsFrom() shows them.
  const out: Record<string, string> = {};
  for (const i of r.error.issues) out[i.path.join('.') || '_form'] ??= i.message;
  return out;
};

describe('formatPartialDate', () => {
  it('shows each precision in UK form', () => {
    expect(formatPartialDate(utc(2026, 11, 21), 'DAY')).toBe('21 Nov 2026');
    expect(formatPartialDate(utc(2020, 12, 1), 'MONTH')).toBe('Dec 2020');
    expect(formatPartialDate(utc(2020, 1, 1), 'YEAR')).toBe('2020');
    expect(formatPartialDate(utc(2017, 1, 1), 'APPROXIMATE')).toBe('c. 2017');
  });

  it('does not pad the day and treats a missing precision as a day', () => {
    expect(formatPartialDate(utc(2021, 3, 5), null)).toBe('5 Mar 2021');
    expect(formatPartialDate(utc(2021, 3, 5), undefined)).toBe('5 Mar 2021');
  });

  it('reads the stored UTC day, whatever the clock says (no shift at midnight)', () => {
    expect(formatPartialDate(utc(2021, 1, 1), 'DAY')).toBe('1 Jan 2021');
    expect(formatPartialDate(utc(2020, 12, 31), 'DAY')).toBe('31 Dec 2020');
    expect(formatPartialDate(new Date('2021-06-30T23:30:00Z'), 'DAY')).toBe('30 Jun 2021');
  });

  it('writes what date-fns format() wrote for the same day, for any stored date and precision', () => {
    // The function once called format(); it now writes the text itself (a case page formats dozens of dates).
    const patterns = { DAY: 'd MMM yyyy', MONTH: 'MMM yyyy', YEAR: 'yyyy', APPROXIMATE: "'c. 'yyyy" } as const;
    fc.assert(
      fc.property(
        fc.date({ min: new Date('1900-01-01T00:00:00Z'), max: new Date('2199-12-31T23:59:59Z'), noInvalidDate: true }),
        fc.constantFrom(...DATE_PRECISIONS),
        (date, precision) => {
          const day = new Date(date.getUTCFullYear(), date.getUTCMonth(), date.getUTCDate());
          expect(formatPartialDate(date, precision)).toBe(format(day, patterns[precision]));
        },
      ),
      { numRuns: 5000 },
    );
  });

  it('says the date is not known for missing or invalid dates', () => {
    expect(formatPartialDate(null, 'DAY')).toBe('Date not known');
    expect(formatPartialDate(undefined, 'YEAR')).toBe('Date not known');
    expect(formatPartialDate(new Date('not a date'), 'DAY')).toBe('Date not known');
  });
});

describe('toEarliestDay and fromStored', () => {
  it('gives the earliest day the date could be, at UTC midnight', () => {
    expect(toEarliestDay({ precision: 'DAY', year: 2021, month: 2, day: 28 }).toISOString()).toBe(
      '2021-02-28T00:00:00.000Z',
    );
    expect(toEarliestDay({ precision: 'MONTH', year: 2020, month: 12, day: 25 }).toISOString()).toBe(
      '2020-12-01T00:00:00.000Z',
    );
    expect(toEarliestDay({ precision: 'YEAR', year: 2019, month: 7, day: 4 }).toISOString()).toBe(
      '2019-01-01T00:00:00.000Z',
    );
    expect(toEarliestDay({ precision: 'APPROXIMATE', year: 2017 }).toISOString()).toBe('2017-01-01T00:00:00.000Z');
  });

  it('round-trips through storage at each precision', () => {
    const dates = [
      { precision: 'DAY', year: 2024, month: 2, day: 29 },
      { precision: 'MONTH', year: 2020, month: 12 },
      { precision: 'YEAR', year: 2019 },
      { precision: 'APPROXIMATE', year: 2017 },
    ] as const;
    for (const d of dates) expect(fromStored(toEarliestDay(d), d.precision)).toEqual(d);
  });
});

describe('partialDateSchema', () => {
  it('accepts strings from form fields and drops parts finer than the precision', () => {
    expect(partialDateSchema().parse({ precision: 'DAY', year: '2021', month: '3', day: '9' })).toEqual({
      precision: 'DAY',
      year: 2021,
      month: 3,
      day: 9,
    });
    expect(partialDateSchema().parse({ precision: 'MONTH', year: 2020, month: 12, day: 31 })).toEqual({
      precision: 'MONTH',
      year: 2020,
      month: 12,
    });
    expect(partialDateSchema().parse({ precision: 'APPROXIMATE', year: 2017, month: '', day: '' })).toEqual({
      precision: 'APPROXIMATE',
      year: 2017,
    });
  });

  it('accepts 29 February in a leap year only', () => {
    expect(issuesOf({ precision: 'DAY', year: 2020, month: 2, day: 29 })).toBeNull();
    expect(issuesOf({ precision: 'DAY', year: 2021, month: 2, day: 29 })).toEqual({
      day: 'That date does not exist: February 2021 has 28 days',
    });
  });

  it('rejects days that do not exist in the month', () => {
    expect(issuesOf({ precision: 'DAY', year: 2021, month: 2, day: 31 })).toEqual({
      day: 'That date does not exist: February 2021 has 28 days',
    });
    expect(issuesOf({ precision: 'DAY', year: 2021, month: 4, day: 31 })).toEqual({
      day: 'That date does not exist: April 2021 has 30 days',
    });
    expect(issuesOf({ precision: 'DAY', year: 2021, month: 1, day: 32 })).toEqual({
      day: 'The day must be between 1 and 31',
    });
    expect(issuesOf({ precision: 'DAY', year: 2021, month: 1, day: 0 })).toEqual({
      day: 'The day must be between 1 and 31',
    });
  });

  it('rejects out-of-range months and years', () => {
    expect(issuesOf({ precision: 'MONTH', year: 2021, month: 13 })).toEqual({
      month: 'The month must be between 1 and 12',
    });
    expect(issuesOf({ precision: 'MONTH', year: 2021, month: 0 })).toEqual({
      month: 'The month must be between 1 and 12',
    });
    expect(issuesOf({ precision: 'YEAR', year: 1899 })).toEqual({ year: 'The year must be between 1900 and 2200' });
    expect(issuesOf({ precision: 'DAY', year: 2021, month: 13, day: 1 })).toMatchObject({
      month: 'The month must be between 1 and 12',
    });
  });

  it('rejects non-numbers and fractions with a message on the part', () => {
    expect(issuesOf({ precision: 'YEAR', year: 'last year' })).toEqual({ year: 'Enter the year as a number' });
    expect(issuesOf({ precision: 'MONTH', year: 2020, month: 2.5 })).toEqual({
      month: 'Enter the month as a whole number',
    });
    expect(issuesOf({ precision: 'DAY', year: 2020, month: 2, day: true })).toEqual({
      day: 'Enter the day as a number',
    });
  });

  it('asks for the parts the precision needs', () => {
    expect(issuesOf({ precision: 'YEAR' })).toEqual({ year: 'Enter the year' });
    expect(issuesOf({ precision: 'MONTH', year: 2020 })).toEqual({ month: 'Enter the month' });
    expect(issuesOf({ precision: 'DAY', year: 2020, month: 5 })).toEqual({ day: 'Enter the day' });
    expect(issuesOf({ precision: 'DAY', year: 2020, month: '', day: '' })).toEqual({ month: 'Enter the month' });
  });

  it('rejects an unknown precision and extra parts', () => {
    expect(issuesOf({ precision: 'WEEK', year: 2020 })).toEqual({ precision: 'Choose how well you know the date' });
    expect(issuesOf({ year: 2020 })).toEqual({ precision: 'Choose how well you know the date' });
    const extra = partialDateSchema().safeParse({ precision: 'YEAR', year: 2020, hour: 3 });
    expect(extra.success).toBe(false);
    expect(extra.error?.issues[0]).toMatchObject({ code: 'unrecognized_keys', keys: ['hour'] });
  });

  it('rejects future dates unless a window is allowed', () => {
    const now = new Date();
    const tomorrow = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
    const asDay = (d: Date) => ({
      precision: 'DAY',
      year: d.getUTCFullYear(),
      month: d.getUTCMonth() + 1,
      day: d.getUTCDate(),
    });
    expect(issuesOf(asDay(now))).toBeNull();
    expect(issuesOf(asDay(tomorrow))).toEqual({ year: 'That date is in the future. Enter when it happened.' });
    expect(issuesOf({ precision: 'YEAR', year: now.getUTCFullYear() + 1 })).toEqual({
      year: 'That date is in the future. Enter when it happened.',
    });
    expect(issuesOf(asDay(tomorrow), { allowFutureDays: 14 })).toBeNull();
    const farAway = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 30));
    expect(issuesOf(asDay(farAway), { allowFutureDays: 14 })).toEqual({ year: 'That date is too far in the future' });
  });

  it('accepts a month or year that has begun, even though it has not ended', () => {
    const now = new Date();
    expect(issuesOf({ precision: 'MONTH', year: now.getUTCFullYear(), month: now.getUTCMonth() + 1 })).toBeNull();
    expect(issuesOf({ precision: 'APPROXIMATE', year: now.getUTCFullYear() })).toBeNull();
  });
});

describe('formatTimestamp', () => {
  it('shows UK time, following British Summer Time', () => {
    expect(formatTimestamp(new Date('2026-11-21T14:05:00Z'))).toBe('21 Nov 2026, 14:05');
    expect(formatTimestamp(new Date('2026-07-01T14:05:00Z'))).toBe('1 Jul 2026, 15:05');
  });
});
