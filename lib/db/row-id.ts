import crypto from 'node:crypto';

let lastMs = 0;
let sequence = 0;
/**
 * An id in the shape of Prisma's cuid() defaults, made here so the rows of many cases can be written at once:
 * the time, a counter and random digits, so that ids made one after the other sort in that order, as cuids do
 * (rows written by one statement share their createdAt, and lists that tie on it order by id).
 */
export const newRowId = (): string => {
  const now = Date.now();
  sequence = now === lastMs ? sequence + 1 : 0;
  lastMs = now;
  const count = (sequence % 36 ** 4).toString(36).padStart(4, '0');
  return `c${now.toString(36).padStart(8, '0')}${count}${crypto.randomBytes(6).toString('hex')}`;
};
