import Holidays from 'date-holidays';
import {
  JURISDICTIONS,
  SUPPORTED_YEARS,
  addDays,
  bankHolidayName,
  bankHolidays,
  coverageWarning,
  daysBetween,
  isBankHoliday,
  isWorkingDay,
  nextWorkingDay,
  parseIsoDate,
} from '@/lib/deadlines/working-days';

// Pure logic: no database. Dates are ISO 'YYYY-MM-DD' strings throughout.
const EW = 'ENGLAND_WALES';
const SC = 'SCOTLAND';
const NI = 'NORTHERN_IRELAND';

describe('bank holidays per jurisdiction', () => {
  it('lists England and Wales 2025 as gov.uk does', () => {
    expect(bankHolidays(2025, EW).map((h) => h.date)).toEqual([
      '2025-01-01',
      '2025-04-18',
      '2025-04-21',
      '2025-05-05',
      '2025-05-26',
      '2025-08-25',
      '2025-12-25',
      '2025-12-26',
    ]);
  });

  it.each([
    ['2025-04-21', 'Easter Monday', true, false, true],
    ['2025-01-02', '2 January', false, true, false],
    ['2026-11-30', 'St Andrew’s Day', false, true, false],
    ['2025-12-01', 'St Andrew’s Day on a Sunday, substitute Monday', false, true, false],
    ['2025-08-04', 'Scottish summer bank holiday (first Monday of August)', false, true, false],
    ['2025-08-25', 'summer bank holiday elsewhere (last Monday of August)', true, false, true],
    ['2025-03-17', 'St Patrick’s Day', false, false, true],
    ['2024-03-18', 'St Patrick’s Day on a Sunday, substitute Monday', false, false, true],
    ['2023-07-12', 'Battle of the Boyne', false, false, true],
    ['2025-07-14', 'Battle of the Boyne on a Saturday, substitute Monday', false, false, true],
  ])('%s (%s): E&W %s, Scotland %s, NI %s', (date, _what, ew, sc, ni) => {
    expect([isBankHoliday(date, EW), isBankHoliday(date, SC), isBankHoliday(date, NI)]).toEqual([ew, sc, ni]);
  });

  it('gives substitute days for Christmas and Boxing Day on a weekend, everywhere', () => {
    for (const j of JURISDICTIONS) {
      expect(isBankHoliday('2021-12-27', j)).toBe(true);
      expect(isBankHoliday('2021-12-28', j)).toBe(true);
      expect(isBankHoliday('2026-12-28', j)).toBe(true); // Boxing Day 2026 is a Saturday
      // The weekend day itself is not listed (gov.uk lists the substitute), and is not a working day anyway.
      expect(isBankHoliday('2021-12-25', j)).toBe(false);
      expect(isWorkingDay('2021-12-25', j)).toBe(false);
    }
  });

  it('gives Scotland two substitute days when 1 and 2 January fall on a weekend', () => {
    expect(isBankHoliday('2022-01-03', SC) && isBankHoliday('2022-01-04', SC)).toBe(true);
    expect(isBankHoliday('2022-01-03', EW)).toBe(true);
    expect(isBankHoliday('2022-01-04', EW)).toBe(false);
  });

  it.each([
    ['2002-06-03', true],
    ['2002-06-04', true],
    ['2002-05-27', false], // Golden Jubilee (override)
    ['2011-04-29', true], // royal wedding (override)
    ['2012-06-04', true],
    ['2012-06-05', true],
    ['2012-05-28', false], // Diamond Jubilee (override for 4 Jun and 28 May)
    ['2020-05-08', true],
    ['2020-05-04', false], // VE Day 75
    ['2022-06-02', true],
    ['2022-06-03', true],
    ['2022-05-30', false], // Platinum Jubilee
    ['2022-09-19', true], // state funeral of Queen Elizabeth II
    ['2023-05-08', true], // coronation of King Charles III
  ])('one-off UK-wide change %s is a bank holiday: %s', (date, expected) => {
    for (const j of JURISDICTIONS) expect(isBankHoliday(date, j)).toBe(expected);
  });

  it('names the holiday', () => {
    expect(bankHolidayName('2023-05-08', EW)).toMatch(/Coronation/);
    expect(bankHolidayName('2023-05-09', EW)).toBeUndefined();
  });

  it('relies on Wales having the same bank holidays as England in date-holidays', () => {
    const publicDays = (region: string, year: number) =>
      new Holidays('GB', region)
        .getHolidays(year)
        .filter((h) => h.type === 'public')
        .map((h) => `${h.date} ${h.name}`);
    for (let y = SUPPORTED_YEARS.from; y <= SUPPORTED_YEARS.to; y++)
      expect(publicDays('WLS', y)).toEqual(publicDays('ENG', y));
  });
});

describe('working days', () => {
  it('keeps a working day and moves past weekends and holidays', () => {
    expect(nextWorkingDay('2025-10-03', EW)).toBe('2025-10-03'); // Friday
    expect(nextWorkingDay('2025-10-04', EW)).toBe('2025-10-06'); // Saturday → Monday
    expect(nextWorkingDay('2025-04-18', EW)).toBe('2025-04-22'); // Good Friday → Tuesday after Easter Monday
    expect(nextWorkingDay('2025-04-18', SC)).toBe('2025-04-21'); // Easter Monday is a working day in Scotland
  });

  it('never waits more than 4 days for a working day, 2000-2040, any jurisdiction', () => {
    // Longest runs: Good Friday to Easter Monday; Scotland's 1-4 Jan 2022 and Christmas 2021 substitutes.
    for (const j of JURISDICTIONS) {
      let longest = 0;
      for (let d = '2000-01-01'; d <= '2040-12-31'; d = addDays(d, 1))
        longest = Math.max(longest, daysBetween(d, nextWorkingDay(d, j)));
      expect(longest).toBe(4);
    }
  });
});

describe('dates and coverage', () => {
  it('refuses strings that are not calendar dates', () => {
    for (const bad of ['2025-02-29', '2025-2-1', '2025-13-01', '03/10/2025', ''])
      expect(() => parseIsoDate(bad)).toThrow(RangeError);
    expect(parseIsoDate('2024-02-29')).toEqual({ year: 2024, month: 2, day: 29 });
  });

  it('warns outside the supported years only', () => {
    expect(SUPPORTED_YEARS).toEqual({ from: 2000, to: 2040 });
    expect(coverageWarning('2000-01-01')).toBeUndefined();
    expect(coverageWarning('2040-12-31')).toBeUndefined();
    expect(coverageWarning('1999-12-31')).toMatch(/only checked for 2000 to 2040; 31 Dec 1999/);
    expect(coverageWarning('2041-01-01')).toMatch(/1 Jan 2041/);
  });
});
