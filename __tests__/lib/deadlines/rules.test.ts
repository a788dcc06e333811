import fc from 'fast-check';
import { sarDueDate, windowDueDate } from '@/lib/deadlines/rules';
import {
  JURISDICTIONS,
  type Jurisdiction,
  addDays,
  daysBetween,
  daysInMonth,
  isWorkingDay,
  parseIsoDate,
} from '@/lib/deadlines/working-days';

// Pure logic: no database. ICO worked examples, month ends, leap years and bank holidays per nation,
// then properties over every date in 2000-2040.
const EW = 'ENGLAND_WALES';
const SC = 'SCOTLAND';
const NI = 'NORTHERN_IRELAND';
const due = (received: string, j: Jurisdiction, extended = false) => sarDueDate(received, j, { extended }).due;

describe('sarDueDate: ICO worked examples', () => {
  it('receipt 3 September → due 3 October', () => {
    const r = sarDueDate('2025-09-03', EW);
    expect(r).toEqual({
      due: '2025-10-03',
      corresponding: '2025-10-03',
      rule: expect.stringContaining('Received 3 Sep 2025'),
    });
    expect(r.rule).toMatch(/3 Oct 2025, a working day in England and Wales\.$/);
  });

  it('receipt 31 March → due 30 April (no 31 April)', () => {
    const r = sarDueDate('2025-03-31', EW);
    expect(r.due).toBe('2025-04-30');
    expect(r.rule).toMatch(/there is no 31 Apr 2025, so it ends on the last day of that month, 30 Apr 2025/);
  });

  it('receipt 30 March → due 30 April', () => {
    expect(due('2025-03-30', EW)).toBe('2025-04-30');
  });
});

describe('sarDueDate: month ends and leap years', () => {
  it.each([
    ['2024-01-31', '2024-02-29'], // leap year
    ['2025-01-31', '2025-02-28'],
    ['2024-01-29', '2024-02-29'],
    ['2025-01-29', '2025-02-28'],
    ['2025-12-15', '2026-01-15'], // across the year end
    ['2025-08-31', '2025-09-30'],
  ])('received %s → due %s', (received, expected) => {
    for (const j of JURISDICTIONS) expect(due(received, j)).toBe(expected);
  });

  it('moves a Saturday to the Monday', () => {
    const r = sarDueDate('2025-09-04', EW);
    expect([r.corresponding, r.due]).toEqual(['2025-10-04', '2025-10-06']);
    expect(r.rule).toMatch(/4 Oct 2025, a Saturday, so it moves to the next working day, 6 Oct 2025\.$/);
  });
});

describe('sarDueDate: bank holidays per jurisdiction', () => {
  it.each([
    ['St Andrew’s Day', '2026-10-30', '2026-11-30', '2026-12-01', '2026-11-30'],
    ['2 January', '2024-12-02', '2025-01-02', '2025-01-03', '2025-01-02'],
    ['Easter Monday (not in Scotland)', '2025-03-21', '2025-04-22', '2025-04-21', '2025-04-22'],
    ['Good Friday after 29 Feb in a leap year', '2024-02-29', '2024-04-02', '2024-04-01', '2024-04-02'],
    ['St Patrick’s Day', '2025-02-17', '2025-03-17', '2025-03-17', '2025-03-18'],
    ['Battle of the Boyne', '2023-06-12', '2023-07-12', '2023-07-12', '2023-07-13'],
    ['Christmas Day on a Saturday (two substitute days)', '2027-11-25', '2027-12-29', '2027-12-29', '2027-12-29'],
    ['Boxing Day on a Saturday (substitute Monday)', '2026-11-26', '2026-12-29', '2026-12-29', '2026-12-29'],
    ['New Year on a Saturday (Scotland: 3 and 4 Jan)', '2021-12-01', '2022-01-04', '2022-01-05', '2022-01-04'],
    ['coronation of King Charles III', '2023-04-08', '2023-05-09', '2023-05-09', '2023-05-09'],
  ])('%s: received %s → E&W %s, Scotland %s, NI %s', (_what, received, ew, sc, ni) => {
    expect([due(received, EW), due(received, SC), due(received, NI)]).toEqual([ew, sc, ni]);
  });

  it('names the holiday in the rule', () => {
    expect(sarDueDate('2026-10-30', SC).rule).toMatch(
      /30 Nov 2026, St Andrew’s Day \(a bank holiday in Scotland\), so it moves to the next working day, 1 Dec 2026\.$/,
    );
  });
});

describe('sarDueDate: extended by two further months', () => {
  it.each([
    ['2025-09-03', '2025-12-03'],
    ['2025-01-31', '2025-04-30'], // three months from receipt, not 28 Feb + 2 months
    ['2023-11-30', '2024-02-29'], // leap year
    ['2025-11-30', '2026-03-02'], // 28 Feb 2026 is a Saturday
  ])('received %s → due %s', (received, expected) => {
    expect(due(received, EW, true)).toBe(expected);
  });

  it('says so in the rule', () => {
    expect(sarDueDate('2025-09-03', EW, { extended: true }).rule).toMatch(/extension/);
  });
});

describe('sarDueDate: coverage', () => {
  it('warns when the receipt or the due date is outside 2000-2040', () => {
    expect(sarDueDate('1999-06-01', EW).warning).toMatch(/2000 to 2040/);
    expect(sarDueDate('2040-12-15', EW).warning).toMatch(/15 Jan 2041/);
    expect(sarDueDate('2040-11-15', EW).warning).toBeUndefined();
  });

  it('refuses a date that does not exist', () => {
    expect(() => sarDueDate('2025-02-30', EW)).toThrow(RangeError);
  });
});

describe('windowDueDate', () => {
  it('counts calendar days and keeps a working day', () => {
    const r = windowDueDate('2025-03-03', 14, EW);
    expect(r).toEqual({
      due: '2025-03-17',
      corresponding: '2025-03-17',
      rule: '14 days from 3 Mar 2025 ends on 17 Mar 2025, a working day in England and Wales.',
    });
  });

  it('moves the end of the window to the next working day', () => {
    expect(windowDueDate('2025-03-03', 14, NI).due).toBe('2025-03-18'); // St Patrick's Day
    const r = windowDueDate('2025-03-01', 14, EW);
    expect([r.corresponding, r.due]).toEqual(['2025-03-15', '2025-03-17']);
    expect(r.rule).toBe(
      '14 days from 1 Mar 2025 ends on 15 Mar 2025, a Saturday, so it moves to the next working day, 17 Mar 2025.',
    );
  });

  it('counts working days when asked', () => {
    // Thu 17 Apr 2025: Good Friday and (outside Scotland) Easter Monday are not counted.
    const r = windowDueDate('2025-04-17', 5, EW, { workingDaysOnly: true });
    expect(r.due).toBe('2025-04-28');
    expect(r.rule).toBe(
      '5 working days after 17 Apr 2025, not counting weekends or bank holidays in England and Wales: 28 Apr 2025.',
    );
    expect(windowDueDate('2025-04-17', 5, SC, { workingDaysOnly: true }).due).toBe('2025-04-25');
  });

  it('refuses a window that is not a positive whole number of days', () => {
    for (const n of [0, -1, 1.5, Number.NaN]) expect(() => windowDueDate('2025-03-03', n, EW)).toThrow(RangeError);
  });
});

describe('properties, 2000-2040, every jurisdiction', () => {
  const FIRST = '2000-01-01';
  const span = daysBetween(FIRST, '2040-12-31');
  const date = fc.integer({ min: 0, max: span }).map((n) => addDays(FIRST, n));
  const jurisdiction = fc.constantFrom(...JURISDICTIONS);
  const runs = { numRuns: 1000 };
  // Longest run of non-working days is 4 (see working-days.test.ts), so a due date is at most 4 days late.
  const MAX_MOVE = 4;

  it('a SAR is due on a working day, on or at most 4 days after the corresponding date', () => {
    fc.assert(
      fc.property(date, jurisdiction, fc.boolean(), (received, j, extended) => {
        const r = sarDueDate(received, j, { extended });
        expect(isWorkingDay(r.due, j)).toBe(true);
        expect(r.due >= r.corresponding).toBe(true);
        expect(daysBetween(r.corresponding, r.due)).toBeLessThanOrEqual(MAX_MOVE);
        expect(r.due > received).toBe(true);
      }),
      runs,
    );
  });

  it('the corresponding date is the same day of the month, or the last day of a shorter month', () => {
    fc.assert(
      fc.property(date, jurisdiction, fc.boolean(), (received, j, extended) => {
        const r = parseIsoDate(received);
        const c = parseIsoDate(sarDueDate(received, j, { extended }).corresponding);
        expect(c.year * 12 + c.month - (r.year * 12 + r.month)).toBe(extended ? 3 : 1);
        expect(c.day).toBe(Math.min(r.day, daysInMonth(c.year, c.month)));
      }),
      runs,
    );
  });

  it('an extension never brings the due date forward', () => {
    fc.assert(
      fc.property(date, jurisdiction, (received, j) => expect(due(received, j, true) > due(received, j)).toBe(true)),
      runs,
    );
  });

  it('a later receipt never gives an earlier due date', () => {
    fc.assert(
      fc.property(date, date, jurisdiction, fc.boolean(), (a, b, j, extended) => {
        const [early, late] = a <= b ? [a, b] : [b, a];
        expect(due(early, j, extended) <= due(late, j, extended)).toBe(true);
      }),
      runs,
    );
  });

  it('a window ends on a working day, never before start + N days, and working days are never sooner', () => {
    fc.assert(
      fc.property(date, fc.integer({ min: 1, max: 60 }), jurisdiction, (start, n, j) => {
        const calendar = windowDueDate(start, n, j);
        expect(calendar.corresponding).toBe(addDays(start, n));
        expect(isWorkingDay(calendar.due, j)).toBe(true);
        expect(daysBetween(calendar.corresponding, calendar.due)).toBeGreaterThanOrEqual(0);
        expect(daysBetween(calendar.corresponding, calendar.due)).toBeLessThanOrEqual(MAX_MOVE);
        const working = windowDueDate(start, n, j, { workingDaysOnly: true });
        expect(isWorkingDay(working.due, j)).toBe(true);
        expect(working.due >= calendar.due).toBe(true);
      }),
      { numRuns: 300 },
    );
  });

  it('warns outside the supported years and only there', () => {
    const outside = fc.oneof(fc.integer({ min: 1950, max: 1999 }), fc.integer({ min: 2041, max: 2100 }));
    fc.assert(
      fc.property(
        outside,
        fc.integer({ min: 1, max: 12 }),
        fc.integer({ min: 1, max: 28 }),
        jurisdiction,
        (y, m, d, j) => {
          const received = `${y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
          expect(sarDueDate(received, j).warning).toMatch(/only checked for 2000 to 2040/);
        },
      ),
      { numRuns: 200 },
    );
    fc.assert(
      fc.property(date, jurisdiction, (received, j) => {
        const r = sarDueDate(received, j);
        expect(r.warning === undefined).toBe(r.due <= '2040-12-31');
      }),
      runs,
    );
  });
});
