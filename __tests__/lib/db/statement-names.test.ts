import { Prisma } from '@/lib/db/generated/client';
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

onPostgres(
  'a search is prepared once on a connection, keeps a generic plan, and finds what its words find',
  async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    await db.timelineEvent.create({
      data: {
        caseId: kase.id,
        type: 'NOTE',
        occurredOn: new Date('2021-03-02'),
        datePrecision: 'DAY',
        title: 'Branch meeting',
        details: 'The chair allowed a debate on the motion before the vote.',
        createdById: caseworker.id,
      },
    });
    const queries = [kase.reference, 'motion debate', 'chair', 'no such word anywhere'];
    const found = await db.$transaction(async (tx) => {
      // One connection: each search eight times (past the five custom plans after which PostgreSQL may keep a
      // generic one), and the same statement planned with its words (unnamed) to compare with.
      const named: unknown[][] = [];
      const planned: unknown[] = [];
      for (const q of queries) {
        for (let i = 0; i < 8; i++) named.push([q, await tx.$queryRaw(hitsSql(caseworker, q, 1, 'words'))]);
        planned.push(
          await tx.$queryRaw(Prisma.sql`${Prisma.raw(PLAN_EACH_CALL)} ${hitsSql(caseworker, q, 1, 'words')}`),
        );
      }
      const kept = await tx.$queryRaw<{ generic: number; calls: number }[]>`
      SELECT generic_plans::int AS generic, (generic_plans + custom_plans)::int AS calls FROM pg_prepared_statements
      WHERE statement LIKE ${'%websearch_to_tsquery%'} AND statement NOT LIKE ${`%${PLAN_EACH_CALL}%`}`;
      return { named, planned, kept };
    });
    expect(found.kept).toHaveLength(1);
    expect(found.kept[0]!.calls).toBe(queries.length * 8);
    expect(found.kept[0]!.generic).toBeGreaterThan(0);
    // Every call on the generic plan finds exactly what the statement planned with its words finds.
    for (const [q, rows] of found.named) expect(rows).toEqual(found.planned[queries.indexOf(q as string)]);
    expect(found.planned[0]).toEqual(expect.arrayContaining([expect.objectContaining({ reference: kase.reference })]));
    expect(found.planned[1]).toEqual(expect.arrayContaining([expect.objectContaining({ kind: 'EVENT' })]));
    expect(found.planned[3]).toEqual([]);
  },
);

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
