import { db } from '@/lib/db/client';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { MAX_NAMED_STATEMENTS, namedStatementCount, PLAN_EACH_CALL, statementName } from '@/lib/db/statement-names';
import { hitsSql } from '@/lib/search/search-query';
import { ctx, makeCase, makeUser } from '../../helpers/factories';

// On PostgreSQL each statement is prepared by name on its connection (lib/db/statement-names.ts): one name
// per SQL text, never two texts under one name (pg refuses that), and at most MAX_NAMED_STATEMENTS names.

// PGlite runs in this process and has no statement cache to speak of: this part is PostgreSQL's.
const onPostgres = process.env.DATABASE_URL ? test : test.skip;

onPostgres("the case page's read is prepared once on a connection and then only executed", async () => {
  const caseworker = await makeUser('CASEWORKER');
  const { kase } = await makeCase({ caseworker });
  const rows = await db.$transaction(async (tx) => {
    // One connection for the whole transaction: the same statement eight times, then what that connection kept.
    for (let i = 0; i < 8; i++)
      await tx.case.findFirst({ where: { reference: kase.reference }, select: { id: true, reference: true } });
    return tx.$queryRaw<{ name: string; calls: number }[]>`
      SELECT name, (generic_plans + custom_plans)::int AS calls FROM pg_prepared_statements
      WHERE statement LIKE '%FROM "public"."Case"%' AND name LIKE 'r%'`;
  });
  expect(rows.some((r) => r.calls >= 8)).toBe(true);
  // And the whole case read, as the page makes it, answers the same through named statements.
  const page = await getCaseForViewer(caseworker, kase.reference, ctx);
  expect(page.reference).toBe(kase.reference);
});

onPostgres('a search runs unnamed, planned with its words each time, and finds the same', async () => {
  const caseworker = await makeUser('CASEWORKER');
  const { kase } = await makeCase({ caseworker });
  const found = await db.$transaction(async (tx) => {
    const seen: unknown[] = [];
    for (let i = 0; i < 8; i++) seen.push(await tx.$queryRaw(hitsSql(caseworker, kase.reference, 1, 'words')));
    const kept = await tx.$queryRaw<{ n: number }[]>`
      SELECT count(*)::int AS n FROM pg_prepared_statements WHERE statement LIKE ${`%${PLAN_EACH_CALL}%`}`;
    return { seen, kept: kept[0]!.n };
  });
  expect(found.kept).toBe(0);
  for (const rows of found.seen)
    expect(rows).toEqual(expect.arrayContaining([expect.objectContaining({ reference: kase.reference })]));
});

test('a statement that asks to be planned on each call is never named', () => {
  expect(statementName({ sql: `${PLAN_EACH_CALL} SELECT 1 /* statement-names test d */` })).toBeUndefined();
  expect(statementName({ sql: `${PLAN_EACH_CALL} SELECT 1 /* statement-names test d */` })).toBeUndefined();
});

// Last: it fills the names up to the cap, after which this process names nothing more.
test('one text, one name; different texts, different names; past the cap, statements run unnamed', () => {
  const a = statementName({ sql: 'SELECT 1 /* statement-names test a */' });
  expect(a).toMatch(/^r[0-9a-f]{24}$/);
  expect(statementName({ sql: 'SELECT 1 /* statement-names test a */' })).toBe(a);
  expect(statementName({ sql: 'SELECT 1 /* statement-names test b */' })).not.toBe(a);
  for (let i = 0; namedStatementCount() < MAX_NAMED_STATEMENTS; i++) statementName({ sql: `SELECT ${i} /* filler */` });
  expect(statementName({ sql: 'SELECT 1 /* statement-names test c, past the cap */' })).toBeUndefined();
  expect(namedStatementCount()).toBe(MAX_NAMED_STATEMENTS);
  expect(statementName({ sql: 'SELECT 1 /* statement-names test a */' })).toBe(a); // named before the cap: still named
});
