/**
 * A page number from an address (`?page=3`). Anything that is not a plain whole number — `1e20`,
 * `-1`, `2.5`, `0x10`, text, a repeated parameter — is page 1, and a number past `max` is `max`:
 * `skip` is (page − 1) × page size, and Prisma refuses a skip that does not fit in 64 bits (a 500).
 * A list is never long enough for page 10,000 to be a real request.
 */
export const MAX_PAGE = 10_000;

export function parsePageNumber(raw: string | string[] | undefined, max = MAX_PAGE): number {
  if (typeof raw !== 'string' || !/^\d{1,9}$/.test(raw.trim())) return 1;
  return Math.min(Math.max(1, Number(raw.trim())), max);
}
