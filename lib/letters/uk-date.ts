// Small date helpers for letters, with no dependencies so that client components can use them
// (lib/deadlines/working-days.ts has the same formatting but pulls in the bank-holiday tables).

const MONTHS = ['Jan', 'Feb', 'Mar', 'Apr', 'May', 'Jun', 'Jul', 'Aug', 'Sep', 'Oct', 'Nov', 'Dec'];
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const UK_DAY = /^(\d{1,2}) ([A-Z][a-z]{2}) (\d{4})$/;

/** True for a real calendar date written YYYY-MM-DD ("2025-02-30" is not one). */
export function isIsoDate(value: string): boolean {
  const m = ISO.exec(value);
  if (!m) return false;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const date = new Date(Date.UTC(y, mo - 1, d));
  return y >= 1000 && date.getUTCFullYear() === y && date.getUTCMonth() === mo - 1 && date.getUTCDate() === d;
}

/** "2025-10-03" → "3 Oct 2025". Anything that is not a real ISO date is returned unchanged. */
export function formatUkDay(iso: string): string {
  if (!isIsoDate(iso)) return iso;
  const [y, m, d] = iso.split('-').map(Number) as [number, number, number];
  return `${d} ${MONTHS[m - 1]} ${y}`;
}

/** "3 Oct 2025" → "2025-10-03"; null for anything else, including "Oct 2025" or "c. 2019". */
export function parseUkDay(text: string): string | null {
  const m = UK_DAY.exec(text.trim());
  if (!m) return null;
  const month = MONTHS.indexOf(m[2]!) + 1;
  if (month === 0) return null;
  const iso = `${m[3]}-${String(month).padStart(2, '0')}-${m[1]!.padStart(2, '0')}`;
  return isIsoDate(iso) ? iso : null;
}

/** A Date's UTC calendar day as "YYYY-MM-DD" (database @db.Date columns are UTC midnight). */
export const isoDay = (d: Date): string => d.toISOString().slice(0, 10);

// A letter written at 00:30 BST is dated that day.
export { todayInUk } from '../dates/uk-today';
