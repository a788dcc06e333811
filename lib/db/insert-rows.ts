import { Prisma } from './generated/client';
import type { Tx } from './client';

/**
 * A column written by insertRows: its name and the PostgreSQL type of one value. 'text[]' is a list of text
 * (sent as JSON, since unnest would flatten an array of arrays); an enum is named quoted, like '"CaseStage"'.
 */
export type Column = readonly [name: string, type: string];

const cell = (value: unknown, type: string): string | null => {
  if (value === null || value === undefined) return null;
  if (type === 'text[]') return JSON.stringify(value);
  // A day column keeps the UTC day of the Date, as Prisma writes it; a timestamp is stored in UTC.
  if (value instanceof Date) return type === 'date' ? value.toISOString().slice(0, 10) : value.toISOString();
  return String(value);
};

/**
 * Many rows of one table in one statement: each column is sent as one array parameter and unnested, so the
 * statement has as many parameters as columns, whatever the number of rows (Prisma's createMany sends one
 * per value, and costs several times as much for a large batch). Every value is a parameter; the table and
 * column names come from the code, never from input. The same SQL on PGlite and PostgreSQL. A column not
 * listed takes the table's default.
 */
export async function insertRows(
  tx: Tx,
  table: string,
  columns: readonly Column[],
  rows: readonly Record<string, unknown>[],
): Promise<void> {
  if (!rows.length) return;
  const known = new Set(columns.map(([name]) => name));
  for (const row of rows)
    for (const key of Object.keys(row))
      if (!known.has(key)) throw new Error(`insertRows: ${table}.${key} is not among the columns written`);
  const names = columns.map(([name]) => Prisma.raw(`"${name}"`));
  const alias = columns.map((_, i) => Prisma.raw(`c${i}`));
  const values = columns.map(([, type], i) =>
    type === 'text[]'
      ? Prisma.sql`ARRAY(SELECT e FROM jsonb_array_elements_text(${alias[i]}::jsonb) WITH ORDINALITY AS t(e, n) ORDER BY n)`
      : alias[i]!,
  );
  const arrays = columns.map(
    ([name, type]) =>
      Prisma.sql`${rows.map((row) => cell(row[name], type))}::${Prisma.raw(type === 'text[]' ? 'text' : type)}[]`,
  );
  await tx.$executeRaw`INSERT INTO ${Prisma.raw(`"${table}"`)} (${Prisma.join(names)})
    SELECT ${Prisma.join(values)} FROM unnest(${Prisma.join(arrays)}) AS u(${Prisma.join(alias)})`;
}
