import type { Db } from '../db/client';
import { Prisma } from '../db/generated/client';
import { DecryptionError, unwrapKey, wrapKey, wrappedKeyPrefix } from './crypto';

// Key rotation re-wraps every stored data key from the old master key to a new one; the files
// themselves are never read or rewritten (docs/decisions/0010-key-storage-and-rotation.md).
// Each batch is one UPDATE statement, so it commits whole or not at all. A key wrapped under the new
// master key starts with that key's 12-character prefix (lib/evidence/crypto.ts), so a run that
// stopped part-way is simply run again: finished rows no longer match the query.

// Every column holding a data key wrapped by the master key is named `wrappedKey` or ends in
// `WrappedKey`: rotation finds them in the Prisma schema by that name, so a table added later (two-
// factor secrets, say) is rotated without anyone remembering to list it here. A column of that name
// that is not under the master key would show up as unreadable and stop the rotation, not be lost.
const WRAPPED_KEY_NAME = /^(wrappedKey|\w+WrappedKey)$/;
const LABELS: Record<string, string> = {
  'Evidence.wrappedKey': 'evidence files',
  'Evidence.previewWrappedKey': 'evidence previews',
  'Letter.pdfWrappedKey': 'letter PDFs',
  'Bundle.wrappedKey': 'bundles and review PDFs',
};

export type WrappedKeyColumn = { table: string; column: string; label: string; hasCreatedAt: boolean };

/** The wrapped-key columns of the schema the client was generated from (tables and fields are not @map-ped). */
export function findWrappedKeyColumns(): WrappedKeyColumn[] {
  const fieldsOf = Prisma as unknown as Record<string, Record<string, string> | undefined>;
  return Object.values(Prisma.ModelName).flatMap((table) => {
    const fields = Object.values(fieldsOf[`${table}ScalarFieldEnum`] ?? {});
    return fields
      .filter((f) => WRAPPED_KEY_NAME.test(f))
      .map((column) => ({
        table,
        column,
        label: LABELS[`${table}.${column}`] ?? `${table}.${column}`,
        hasCreatedAt: fields.includes('createdAt'),
      }));
  });
}

type Column = WrappedKeyColumn;
type Row = { id: string; wrapped: string };
export type UnreadableKey = { table: string; column: string; id: string };
export type ColumnScan = { label: string; done: number; pending: number; unreadable: UnreadableKey[] };
export type RotationKeys = { oldKey: Buffer; newKey: Buffer };

// Table and column names come only from the constant list above, never from input.
const q = (name: string) => `"${name}"`;
// Purged evidence keeps an empty wrapped key (its bytes are gone): nothing to re-wrap.
const notUnder = (c: Column) =>
  `${q(c.column)} IS NOT NULL AND ${q(c.column)} <> '' AND left(${q(c.column)}, 12) <> $1`;

async function findNotUnder(db: Db, c: Column, prefix: string, after: string, take: number): Promise<Row[]> {
  return db.$queryRawUnsafe<Row[]>(
    `SELECT ${q('id')} AS id, ${q(c.column)} AS wrapped FROM ${q(c.table)} WHERE ${notUnder(c)} AND ${q('id')} > $2 ORDER BY ${q('id')} LIMIT $3`,
    prefix,
    after,
    take,
  );
}

function tryUnwrap(wrapped: string, key: Buffer): Buffer | null {
  try {
    return unwrapKey(wrapped, key);
  } catch (err) {
    if (err instanceof DecryptionError) return null;
    throw err;
  }
}

/**
 * What a rotation from oldKey to newKey has left to do, per column: rows already under the new key,
 * rows the old key opens (pending), and rows neither opens (unreadable today; rotation leaves them).
 */
export async function scanWrappedKeys(db: Db, keys: RotationKeys, pageSize = 2000): Promise<ColumnScan[]> {
  const prefix = wrappedKeyPrefix(keys.newKey);
  const scans: ColumnScan[] = [];
  for (const c of findWrappedKeyColumns()) {
    const [{ n }] = await db.$queryRawUnsafe<[{ n: number }]>(
      `SELECT count(*)::int AS n FROM ${q(c.table)} WHERE left(${q(c.column)}, 12) = $1`,
      prefix,
    );
    const scan: ColumnScan = { label: c.label, done: n, pending: 0, unreadable: [] };
    for (let after = '', rows: Row[] = []; ; after = rows.at(-1)!.id) {
      rows = await findNotUnder(db, c, prefix, after, pageSize);
      for (const r of rows) {
        if (tryUnwrap(r.wrapped, keys.oldKey)) scan.pending++;
        else scan.unreadable.push({ table: c.table, column: c.column, id: r.id });
      }
      if (rows.length < pageSize) break;
    }
    scans.push(scan);
  }
  return scans;
}

export type BatchDone = { label: string; rewrapped: number; totalRewrapped: number };

/**
 * Re-wraps every data key the old master key opens under the new one, `batchSize` rows per UPDATE.
 * Rows neither key opens are left as they are and returned. Safe to run again after any failure,
 * and while rows are being added (it does not, however, stop a running app from wrapping new files
 * under the old key: stop the app first). `onBatch` runs after each committed batch.
 */
export async function rewrapAll(
  db: Db,
  keys: RotationKeys,
  options: { batchSize?: number; onBatch?: (done: BatchDone) => void | Promise<void> } = {},
): Promise<{ rewrapped: number; unreadable: UnreadableKey[] }> {
  if (keys.oldKey.equals(keys.newKey)) throw new Error('The new master key is the same as the old one.');
  const batchSize = options.batchSize ?? 500;
  const prefix = wrappedKeyPrefix(keys.newKey);
  const unreadable: UnreadableKey[] = [];
  let total = 0;
  for (const c of findWrappedKeyColumns()) {
    for (let after = '', rows: Row[] = []; ; after = rows.at(-1)!.id) {
      rows = await findNotUnder(db, c, prefix, after, batchSize);
      const ids: string[] = [];
      const olds: string[] = [];
      const news: string[] = [];
      for (const r of rows) {
        const dataKey = tryUnwrap(r.wrapped, keys.oldKey);
        if (!dataKey) {
          unreadable.push({ table: c.table, column: c.column, id: r.id });
          continue;
        }
        ids.push(r.id);
        olds.push(r.wrapped);
        news.push(wrapKey(dataKey, keys.newKey));
      }
      if (ids.length) {
        // Only where the row still holds the value read: a key changed meanwhile (a purge) is left alone.
        const n = await db.$executeRawUnsafe(
          `UPDATE ${q(c.table)} AS t SET ${q(c.column)} = v.new_value
           FROM unnest($1::text[], $2::text[], $3::text[]) AS v(id, old_value, new_value)
           WHERE t.${q('id')} = v.id AND t.${q(c.column)} = v.old_value`,
          ids,
          olds,
          news,
        );
        total += n;
        await options.onBatch?.({ label: c.label, rewrapped: n, totalRewrapped: total });
      }
      if (rows.length < batchSize) break;
    }
  }
  return { rewrapped: total, unreadable };
}

/**
 * The newest wrapped key of each kind, tried with `masterKey`: a start-up check that the configured
 * key is the one the stored files are under (a restored data directory with another key directory,
 * or a new key generated because the old one was not found).
 */
export async function probeMasterKey(db: Db, masterKey: Buffer): Promise<{ checked: number; failed: UnreadableKey[] }> {
  const failed: UnreadableKey[] = [];
  let checked = 0;
  for (const c of findWrappedKeyColumns()) {
    const rows = await db.$queryRawUnsafe<Row[]>(
      `SELECT ${q('id')} AS id, ${q(c.column)} AS wrapped FROM ${q(c.table)}
       WHERE ${q(c.column)} IS NOT NULL AND ${q(c.column)} <> '' ${c.hasCreatedAt ? `ORDER BY ${q('createdAt')} DESC` : ''} LIMIT 1`,
    );
    for (const r of rows) {
      checked++;
      if (!tryUnwrap(r.wrapped, masterKey)) failed.push({ table: c.table, column: c.column, id: r.id });
    }
  }
  return { checked, failed };
}
