import { createPGlite } from '../../lib/db/pglite';
import { Client } from 'pg';
import { STATUS_MAPPING, snapshotBefore, verifyAfter, type SqlClient } from '@/scripts/migration-check/check';
import { OLD_STATUSES, oldShapeSql } from '@/scripts/migration-check/old-shape';
import { migrateTo, newPgliteDir } from '../helpers/migrate-at';

// Issue 10: the move to the case model loses nothing (docs/decisions/0015). A database of its own at the old
// shape, a few hundred generated cases (npm run migration:check runs the same with 10,000), the remaining
// migrations applied by the app's own command, then row counts, checksums and every moved field compared.
// Embedded always; on PostgreSQL too when DATABASE_URL names a server (a new database made for this file).

const BEFORE_CASE_MODEL = '20261130064759_deadlines_follow_process';
const CASES = 240; // 20 of each old status
jest.setTimeout(120_000);

type Engine = {
  name: string;
  target: { dataDir: string } | { databaseUrl: string };
  connect: () => Promise<SqlClient & { close: () => Promise<void> }>;
  drop?: () => Promise<void>;
};

function embedded(): Engine {
  const { dataDir, pgliteDir } = newPgliteDir('case-model-data');
  return {
    name: 'PGlite',
    target: { dataDir },
    connect: async () => {
      const pg = createPGlite(pgliteDir);
      return {
        query: async <T>(sql: string) => (await pg.query<T>(sql)).rows,
        exec: async (sql: string) => void (await pg.exec(sql)),
        close: () => pg.close(),
      };
    },
  };
}

async function postgres(serverUrl: string): Promise<Engine> {
  const name = `reinstate_case_model_${Date.now()}_${process.pid}`;
  const admin = new Client({ connectionString: serverUrl });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(serverUrl);
  url.pathname = `/${name}`;
  const databaseUrl = url.toString();
  return {
    name: 'PostgreSQL',
    target: { databaseUrl },
    connect: async () => {
      const client = new Client({ connectionString: databaseUrl });
      await client.connect();
      return {
        query: async <T>(sql: string) => (await client.query(sql)).rows as T[],
        exec: async (sql: string) => void (await client.query(sql)),
        close: () => client.end(),
      };
    },
    drop: async () => {
      const c = new Client({ connectionString: serverUrl });
      await c.connect();
      await c.query(`DROP DATABASE IF EXISTS "${name}"`);
      await c.end();
    },
  };
}

const engines: (() => Promise<Engine>)[] = [async () => embedded()];
if (process.env.DATABASE_URL) engines.push(() => postgres(process.env.DATABASE_URL!));

describe.each(engines.map((make, i) => [i === 0 ? 'PGlite' : 'PostgreSQL', make] as const))('on %s', (_name, make) => {
  let engine: Engine;
  beforeAll(async () => {
    engine = await make();
  });
  afterAll(async () => {
    await engine.drop?.();
  });

  test('every old status, person, branch, sanction and event comes through; the counts, checksums and mapping match', async () => {
    expect(migrateTo(engine.target, BEFORE_CASE_MODEL)).toContain(BEFORE_CASE_MODEL);
    let sql = await engine.connect();
    await sql.exec(oldShapeSql(CASES, 3));
    const before = await snapshotBefore(sql);
    await sql.close();
    expect(new Set(before.statuses.values())).toEqual(new Set(OLD_STATUSES));
    expect(Object.keys(STATUS_MAPPING).sort()).toEqual([...OLD_STATUSES].sort());
    expect(before.counts).toMatchObject({ Case: CASES, TimelineEvent: CASES * 3 });

    const out = migrateTo(engine.target);
    expect(out).toContain('20261130074651_case_model');
    expect(out).toContain('_drop_case_status');

    sql = await engine.connect();
    try {
      const report = await verifyAfter(sql, before);
      expect(report.tables.filter((t) => !t.ok)).toEqual([]);
      expect(report.moved.filter((m) => !m.ok)).toEqual([]);
      expect(report.ok).toBe(true);
      expect(report.tables.find((t) => t.table === 'CaseStageChange')).toMatchObject({ after: CASES });
      // Spot checks in words: the two statuses that share a stage stay apart in the history; the old status is gone.
      const rows = await sql.query<{ id: string; stage: string; outcome: string | null; reason: string }>(
        `SELECT c."id", c."stage"::text AS "stage", c."outcome"::text AS "outcome", h."reason" FROM "Case" c JOIN "CaseStageChange" h ON h."caseId" = c."id" WHERE c."id" IN ('k2', 'k3', 'k11', 'k12')`,
      );
      expect(Object.fromEntries(rows.map((r) => [r.id, [r.stage, r.outcome, r.reason]]))).toEqual({
        k2: ['INVESTIGATION', null, 'Carried over from the earlier single status: Notice received'],
        k3: ['INVESTIGATION', null, 'Carried over from the earlier single status: Under investigation'],
        k11: ['CLOSED', 'RESIGNED', 'Carried over from the earlier single status: Closed – resigned'],
        k12: ['CLOSED', 'WITHDRAWN', 'Carried over from the earlier single status: Closed – withdrawn'],
      });
      const columns = await sql.query<{ n: string }>(
        `SELECT count(*) AS n FROM information_schema.columns WHERE table_schema = current_schema() AND table_name = 'Case' AND column_name = 'status'`,
      );
      expect(Number(columns[0]!.n)).toBe(0);

      // The check can fail: one outcome changed by hand and one event's title are both caught.
      await sql.exec(`UPDATE "Case" SET "outcome" = 'REINSTATED' WHERE "id" = 'k12'`);
      await sql.exec(`UPDATE "TimelineEvent" SET "title" = 'Changed' WHERE "id" = 'e5-2'`);
      const broken = await verifyAfter(sql, before);
      expect(broken.ok).toBe(false);
      expect(broken.moved.find((m) => m.field === 'status → stage, outcome')).toMatchObject({
        ok: false,
        mismatches: 1,
      });
      expect(broken.tables.filter((t) => !t.ok).map((t) => t.table)).toEqual(['TimelineEvent']);
    } finally {
      await sql.close();
    }
  });
});

test('cases whose status changed after the case_model migration, or opened since, are brought to the mapping with their history', async () => {
  // Between case_model and drop_case_status the app still changed the status only: the status is the truth.
  const engine = embedded();
  migrateTo(engine.target, '20261130074651_case_model');
  let sql = await engine.connect();
  await sql.exec(`
    INSERT INTO "User" ("id", "email", "name", "role", "updatedAt") VALUES ('u1', 'cw@example.test', 'Caseworker', 'CASEWORKER', now());
    INSERT INTO "Person" ("id", "fullName") VALUES ('p1', 'A Member');
    INSERT INTO "Case" ("id", "reference", "personId", "status", "stage", "outcome", "createdById", "updatedAt") VALUES
      ('moved', 'RS-2025-0001', 'p1', 'CLOSED_RESIGNED', 'APPEAL', NULL, 'u1', now()),
      ('same', 'RS-2025-0002', 'p1', 'NOTICE_RECEIVED', 'INVESTIGATION', NULL, 'u1', now()),
      ('new', 'RS-2025-0003', 'p1', 'AWAITING_HEARING', 'INTAKE', NULL, 'u1', now());
    INSERT INTO "CaseStageChange" ("id", "caseId", "toStage", "reason") VALUES
      ('csc_moved', 'moved', 'APPEAL', 'Carried over from the earlier single status'),
      ('csc_same', 'same', 'INVESTIGATION', 'Carried over from the earlier single status');
  `);
  await sql.close();
  expect(migrateTo(engine.target)).toContain('_drop_case_status');
  sql = await engine.connect();
  try {
    const cases = await sql.query<{ id: string; stage: string; outcome: string | null }>(
      `SELECT "id", "stage"::text AS "stage", "outcome"::text AS "outcome" FROM "Case" ORDER BY "id"`,
    );
    expect(cases).toEqual([
      { id: 'moved', stage: 'CLOSED', outcome: 'RESIGNED' },
      { id: 'new', stage: 'AWAITING_DECISION', outcome: null },
      { id: 'same', stage: 'INVESTIGATION', outcome: null },
    ]);
    const history = await sql.query<{
      id: string;
      fromStage: string | null;
      toStage: string;
      toOutcome: string | null;
      reason: string;
    }>(
      `SELECT "id", "fromStage"::text AS "fromStage", "toStage"::text AS "toStage", "toOutcome"::text AS "toOutcome", "reason" FROM "CaseStageChange" ORDER BY "id"`,
    );
    expect(history).toEqual([
      {
        id: 'csc_moved',
        fromStage: null,
        toStage: 'APPEAL',
        toOutcome: null,
        reason: 'Carried over from the earlier single status',
      },
      {
        id: 'csc_same',
        fromStage: null,
        toStage: 'INVESTIGATION',
        toOutcome: null,
        reason: 'Carried over from the earlier single status: Notice received',
      },
      {
        id: 'csd_moved',
        fromStage: 'APPEAL',
        toStage: 'CLOSED',
        toOutcome: 'RESIGNED',
        reason: 'Carried over from the earlier single status: Closed – resigned',
      },
      {
        id: 'csd_new',
        fromStage: 'INTAKE',
        toStage: 'AWAITING_DECISION',
        toOutcome: null,
        reason: 'Carried over from the earlier single status: Awaiting hearing',
      },
    ]);
  } finally {
    await sql.close();
  }
});
