import Holidays from 'date-holidays';

// UK working days: Monday to Friday, except bank holidays in the case's jurisdiction.
// Convention: every date here is an ISO calendar date string 'YYYY-MM-DD' with no time and no
// time zone. Arithmetic goes through Date.UTC only, so the server's zone can never shift a day.
// Bank holiday rules come from date-holidays (see docs/decisions/0006-bank-holidays.md).

import type { Jurisdiction } from './jurisdictions';
export { JURISDICTIONS, JURISDICTION_LABELS, type Jurisdiction } from './jurisdictions';

/** Years whose bank holidays we have checked (rules plus the one-off overrides below). */
export const SUPPORTED_YEARS = { from: 2000, to: 2040 } as const;

// date-holidays region codes. Wales gives the same bank holidays as England (checked for
// 2000-2040), and gov.uk publishes one list for "England and Wales", so ENG serves both.
const REGION: Record<Jurisdiction, string> = { ENGLAND_WALES: 'ENG', SCOTLAND: 'SCT', NORTHERN_IRELAND: 'NIR' };

// One-off changes date-holidays 3.37 does not know (it does know the 2020 VE Day move, the 2022
// Platinum Jubilee, the 2022-09-19 state funeral and the 2023-05-08 coronation). UK-wide.
const OVERRIDES: { remove: string[]; add: { date: string; name: string }[] } = {
  remove: ['2002-05-27', '2012-05-28'], // spring bank holiday moved into the jubilee weekends
  add: [
    { date: '2002-06-03', name: 'Spring bank holiday (moved for the Golden Jubilee)' },
    { date: '2002-06-04', name: 'Queen’s Golden Jubilee' },
    { date: '2011-04-29', name: 'Royal wedding' },
    { date: '2012-06-04', name: 'Spring bank holiday (moved for the Diamond Jubilee)' },
  ],
};

const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const WEEKDAYS = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const DAY_MS = 86_400_000;

/** Splits a 'YYYY-MM-DD' string, refusing anything that is not a real calendar date. */
export function parseIsoDate(date: string): { year: number; month: number; day: number } {
  const m = ISO.exec(date);
  if (m) {
    const [year, month, day] = [Number(m[1]), Number(m[2]), Number(m[3])];
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) return { year, month, day };
  }
  throw new RangeError(`Not a calendar date in the form YYYY-MM-DD: "${date}"`);
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Builds 'YYYY-MM-DD' from parts (month 1-12); day and month may overflow, Date.UTC normalises them. */
export function isoDate(year: number, month: number, day: number): string {
  return new Date(Date.UTC(year, month - 1, day)).toISOString().slice(0, 10);
}

export function addDays(date: string, days: number): string {
  const { year, month, day } = parseIsoDate(date);
  return isoDate(year, month, day + days);
}

/** Whole days from a to b (positive when b is later). */
export function daysBetween(a: string, b: string): number {
  const ms = (d: string) => {
    const p = parseIsoDate(d);
    return Date.UTC(p.year, p.month - 1, p.day);
  };
  return Math.round((ms(b) - ms(a)) / DAY_MS);
}

export function weekdayName(date: string): string {
  const { year, month, day } = parseIsoDate(date);
  return WEEKDAYS[new Date(Date.UTC(year, month - 1, day)).getUTCDay()]!;
}

export function isWeekend(date: string): boolean {
  const w = weekdayName(date);
  return w === 'Saturday' || w === 'Sunday';
}

/** UK style, e.g. "3 Oct 2025". Takes parts so a date that does not exist ("31 Apr 2025") can be named. */
export function formatUkDate(date: string | { year: number; month: number; day: number }): string {
  const p = typeof date === 'string' ? parseIsoDate(date) : date;
  return `${p.day} ${MONTHS[p.month - 1]} ${p.year}`;
}

/** A warning to show when a date's year is outside SUPPORTED_YEARS; undefined when it is inside. */
export function coverageWarning(date: string): string | undefined {
  const { year } = parseIsoDate(date);
  if (year >= SUPPORTED_YEARS.from && year <= SUPPORTED_YEARS.to) return undefined;
  return `Bank holidays are only checked for ${SUPPORTED_YEARS.from} to ${SUPPORTED_YEARS.to}; ${formatUkDate(date)} is outside that range, so check this date by hand.`;
}

const calendars = new Map<Jurisdiction, Holidays>();
const cache = new Map<string, Map<string, string>>(); // "JURISDICTION:year" → date → name

// Bank holidays that take a weekday off work, as gov.uk lists them: a holiday falling on a weekend
// is replaced by its substitute day (which date-holidays reports as type 'public', substitute: true).
function holidayMap(year: number, j: Jurisdiction): Map<string, string> {
  const key = `${j}:${year}`;
  let days = cache.get(key);
  if (days) return days;
  let hd = calendars.get(j);
  if (!hd) {
    hd = new Holidays('GB', REGION[j]);
    calendars.set(j, hd);
  }
  days = new Map();
  for (const h of hd.getHolidays(year) || []) {
    // h.date is local time text 'YYYY-MM-DD 00:00:00'; the Date objects (h.start) would shift with the zone.
    const date = h.date.slice(0, 10);
    if (h.type !== 'public' || isWeekend(date) || OVERRIDES.remove.includes(date)) continue;
    days.set(date, days.has(date) ? `${days.get(date)} and ${h.name}` : h.name);
  }
  for (const o of OVERRIDES.add) if (o.date.startsWith(`${year}-`)) days.set(o.date, o.name);
  days = new Map([...days].sort(([a], [b]) => a.localeCompare(b)));
  cache.set(key, days);
  return days;
}

/** Bank holidays (weekdays only, substitute days included) for a year, in date order. */
export function bankHolidays(year: number, j: Jurisdiction): { date: string; name: string }[] {
  return [...holidayMap(year, j)].map(([date, name]) => ({ date, name }));
}

/** The bank holiday's name, or undefined when the date is not a bank holiday. */
export function bankHolidayName(date: string, j: Jurisdiction): string | undefined {
  return holidayMap(parseIsoDate(date).year, j).get(date);
}

export function isBankHoliday(date: string, j: Jurisdiction): boolean {
  return bankHolidayName(date, j) !== undefined;
}

export function isWorkingDay(date: string, j: Jurisdiction): boolean {
  return !isWeekend(date) && !isBankHoliday(date, j);
}

/** The date itself when it is a working day, otherwise the next one. */
export function nextWorkingDay(date: string, j: Jurisdiction): string {
  let d = date;
  while (!isWorkingDay(d, j)) d = addDays(d, 1);
  return d;
}
