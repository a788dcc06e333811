import { messages, type PGlite } from '@electric-sql/pglite';
import { createPGlite } from '@/lib/db/pglite';
import { PLAN_EACH_CALL, statementName } from '@/lib/db/statement-names';

// The embedded database prepares each statement once by name (lib/db/pglite.ts), as the PostgreSQL path does.
// Checked here on an in-memory PGlite: what it keeps, that it answers exactly what PGlite's own query() answers
// (a statement marked PLAN_EACH_CALL still goes that way), and what happens on errors, schema changes and in
// transactions. The rest of the suite runs every Prisma query of the app through it.

let pg: PGlite;
beforeAll(async () => {
  pg = createPGlite();
  await pg.exec(`
    CREATE TABLE t (id int PRIMARY KEY, name text, tags text[], doc jsonb, at timestamp(3), ok boolean,
                    amount numeric(10,2), raw bytea);`);
});
afterAll(() => pg.close());

const prepared = () =>
  pg
    .query<{
      name: string;
      calls: number;
    }>(`${PLAN_EACH_CALL} SELECT name, (generic_plans + custom_plans)::int AS calls FROM pg_prepared_statements`)
    .then((r) => r.rows);

test('a statement is prepared once under its name, then only executed; one planned on each call is not kept', async () => {
  const sql = 'SELECT $1::int + 1 AS n /* prepared test 1 */';
  for (let i = 0; i < 7; i++) expect((await pg.query<{ n: number }>(sql, [i])).rows).toEqual([{ n: i + 1 }]);
  expect(await prepared()).toContainEqual({ name: statementName({ sql }), calls: 7 });
  await pg.query(`${PLAN_EACH_CALL} SELECT 2 /* prepared test 2 */`);
  expect((await prepared()).some((s) => s.name === statementName({ sql: `${PLAN_EACH_CALL} SELECT 2` }))).toBe(false);
  expect((await prepared()).every((s) => s.name.startsWith('r'))).toBe(true);
});

test("rows, types, nulls, parameters and counts are exactly what PGlite's own query() gives", async () => {
  const insert = 'INSERT INTO t VALUES ($1, $2, $3, $4, $5, $6, $7, $8)';
  const values = [
    [
      1,
      'Ann “Quote” O’Brien',
      ['chair', 'a,b', 'x"y'],
      { reason: 'motion', n: [1, 2] },
      new Date('2026-12-05T10:11:12.345Z'),
      true,
      '12.50',
      new Uint8Array([0, 1, 255]),
    ],
    [2, null, [], null, null, false, null, null],
  ];
  const ours = await pg.query(insert, values[0]);
  const theirs = await pg.query(`${PLAN_EACH_CALL} ${insert}`, values[1]);
  expect(ours.affectedRows).toBe(1);
  expect(theirs.affectedRows).toBe(1);

  const select = 'SELECT * FROM t WHERE id = ANY($1::int[]) ORDER BY id';
  for (const rowMode of ['object', 'array'] as const) {
    const a = await pg.query(select, [[1, 2]], { rowMode });
    const b = await pg.query(`${PLAN_EACH_CALL} ${select}`, [[1, 2]], { rowMode });
    expect(a.rows).toEqual(b.rows);
    expect(a.fields).toEqual(b.fields);
    expect(a.rows).toHaveLength(2);
  }
  // Options' own parsers apply, as in PGlite's query(), over the database's own (merged once per parsers object,
  // as the Prisma adapter passes the same one each time): the same object twice, another, then none.
  const upper = { 25: (s: string) => s.toUpperCase() };
  const nameOf = (parsers?: typeof upper) =>
    pg
      .query<{ name: string; at: Date; id: number }>('SELECT name, at, id FROM t WHERE id = $1', [1], { parsers })
      .then((r) => r.rows);
  const at = new Date('2026-12-05T10:11:12.345Z');
  for (let i = 0; i < 2; i++) expect(await nameOf(upper)).toEqual([{ name: 'ANN “QUOTE” O’BRIEN', at, id: 1 }]);
  expect(await nameOf({ 25: (s: string) => `<${s.length}>` })).toEqual([{ name: '<19>', at, id: 1 }]);
  expect(await nameOf()).toEqual([{ name: 'Ann “Quote” O’Brien', at, id: 1 }]);
  const arrays = await pg.query('SELECT tags FROM t WHERE id = $1', [1], { rowMode: 'array', parsers: upper });
  expect(arrays.rows).toEqual([[['chair', 'a,b', 'x"y']]]);
  const update = await pg.query('UPDATE t SET ok = NOT ok WHERE id > $1', [0]);
  expect(update.affectedRows).toBe(2);
});

test('an error is thrown with its code and leaves the database usable; a statement that failed is not kept', async () => {
  await expect(pg.query('INSERT INTO t (id) VALUES ($1)', [1])).rejects.toMatchObject({ code: '23505' });
  await expect(pg.query('SELEC 1 /* prepared test 3 */')).rejects.toMatchObject({ code: '42601' });
  expect((await prepared()).some((s) => s.name === statementName({ sql: 'SELEC 1 /* prepared test 3 */' }))).toBe(
    false,
  );
  expect((await pg.query<{ n: number }>('SELECT count(*)::int AS n FROM t')).rows).toEqual([{ n: 2 }]);
});

test('a statement prepared before its table changed is prepared again, outside a transaction', async () => {
  const sql = 'SELECT * FROM t WHERE id = $1 /* prepared test 4 */';
  expect(Object.keys((await pg.query<object>(sql, [1])).rows[0]!)).not.toContain('extra');
  await pg.exec('ALTER TABLE t ADD COLUMN extra text');
  expect((await pg.query<{ extra: string | null }>(sql, [1])).rows[0]).toMatchObject({ id: 1, extra: null });
  await pg.exec('ALTER TABLE t DROP COLUMN extra');

  // In a transaction the error ends it (as it would on PostgreSQL); the next call prepares it again.
  await pg.query(sql, [1]);
  await pg.exec('ALTER TABLE t ADD COLUMN extra2 text');
  await expect(pg.transaction((tx) => tx.query(sql, [1]))).rejects.toMatchObject({ code: '0A000' });
  expect((await pg.query<{ extra2: string | null }>(sql, [1])).rows[0]).toMatchObject({ id: 1, extra2: null });
});

test('in a transaction: its own writes are seen, a rollback undoes them, a closed transaction refuses', async () => {
  const count = 'SELECT count(*)::int AS n FROM t WHERE id >= $1';
  await expect(
    pg.transaction(async (tx) => {
      await tx.query('INSERT INTO t (id, name) VALUES ($1, $2)', [10, 'ten']);
      expect((await tx.query<{ n: number }>(count, [10])).rows).toEqual([{ n: 1 }]);
      throw new Error('give up');
    }),
  ).rejects.toThrow('give up');
  expect((await pg.query<{ n: number }>(count, [10])).rows).toEqual([{ n: 0 }]);

  let kept: Parameters<Parameters<PGlite['transaction']>[0]>[0] | undefined;
  await pg.transaction(async (tx) => {
    kept = tx;
    await tx.query('INSERT INTO t (id, name) VALUES ($1, $2)', [11, 'eleven']);
  });
  expect((await pg.query<{ n: number }>(count, [10])).rows).toEqual([{ n: 1 }]);
  await expect(kept!.query(count, [10])).rejects.toThrow('Transaction is closed');
});

// The answers are read with pg-protocol's parser (lib/db/pglite.ts, #send), not PGlite's.
test('an answer of many pieces (messages and characters split between two) is read whole', async () => {
  // PGlite hands an answer over in pieces of its output buffer, 8 KB at a time, refilled after each piece: rows of
  // 0-5,000 bytes (a two-byte "é" each) straddle two pieces, and rows of 40 KB go in pieces of their own.
  const sql = `SELECT g AS id, repeat('é', CASE WHEN g % 100 = 0 THEN 20000 ELSE (g * 37) % 2500 END) || g AS text,
                      NULL::text AS none
                 FROM generate_series(1, $1::int) g ORDER BY g`;
  const ours = await pg.query<{ id: number; text: string; none: null }>(sql, [2000]);
  const theirs = await pg.query<{ id: number; text: string; none: null }>(`${PLAN_EACH_CALL} ${sql}`, [2000]);
  expect(ours.rows).toHaveLength(2000);
  expect(ours.rows[1999]).toEqual({ id: 2000, text: `${'é'.repeat(20000)}2000`, none: null });
  expect(ours.rows[1998]).toEqual({ id: 1999, text: `${'é'.repeat((1999 * 37) % 2500)}1999`, none: null });
  expect(ours.rows).toEqual(theirs.rows);
  expect(ours.fields).toEqual(theirs.fields);
});

test("an error is PGlite's own error class, with the fields the Prisma adapter reads; notices are no errors", async () => {
  const insert = 'INSERT INTO t (id) VALUES ($1)';
  const ours = await pg.query(insert, [1]).catch((e: unknown) => e);
  const theirs = await pg.query(`${PLAN_EACH_CALL} ${insert}`, [1]).catch((e: unknown) => e);
  expect(ours).toBeInstanceOf(messages.DatabaseError);
  const fields = (e: unknown) => {
    const { code, severity, detail, constraint, table, schema, message } = e as Record<string, unknown>;
    return { code, severity, detail, constraint, table, schema, message };
  };
  expect(fields(ours)).toEqual(fields(theirs));
  expect(fields(ours)).toMatchObject({ code: '23505', constraint: 't_pkey', table: 't' });

  await pg.exec(`CREATE FUNCTION noisy(n int) RETURNS int LANGUAGE plpgsql AS $$
                   BEGIN RAISE NOTICE 'counting %', n; RETURN n + 1; END $$`);
  expect((await pg.query<{ n: number }>('SELECT noisy($1) AS n', [41])).rows).toEqual([{ n: 42 }]);
});
