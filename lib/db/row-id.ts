import crypto from 'node:crypto';

let lastMs = 0;
let sequence = 0;
// Random bytes drawn 6 KB at a time (1,024 ids): one call to the random source per id cost about 4.5 µs, 0.1 ms of
// each search's 21 audit rows.
const pool = Buffer.alloc(6 * 1024);
let drawn = pool.length;
function randomHex6(): string {
  if (drawn === pool.length) {
    crypto.randomFillSync(pool);
    drawn = 0;
  }
  drawn += 6;
  return pool.toString('hex', drawn - 6, drawn);
}
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
  return `c${now.toString(36).padStart(8, '0')}${count}${randomHex6()}`;
};
