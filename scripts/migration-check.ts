// Proves the case-model migrations move existing data without loss (issue 10, docs/decisions/0015).
//
//   npm run migration:check                       10,000 generated cases on a new embedded database (a temporary directory)
//   npm run migration:check -- --cases 300 --events-per-case 3
//   DATABASE_URL=postgres://…/empty_db npm run migration:check
//                                                 the same on PostgreSQL: the database must be empty (it is filled)
//   DATA_DIR=./data npm run migration:check -- --existing
//                                                 a copy of an existing embedded database at the old shape (the
//                                                 original is never opened); with DATABASE_URL, that database
//                                                 itself is migrated: point it at a copy (createdb -T original copy)
//
// Builds (or copies) the database at the migration before the case model, records row counts and checksums
// (scripts/migration-check/check.ts says which), applies the remaining migrations with the same engine the app
// uses, checks, prints the figures, and exits 1 if anything differs.
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseArgs } from 'node:util';
import { Client } from 'pg';
import { applyMigrations } from '../lib/db/migrate';
import { createPGlite } from '../lib/db/pglite';
import { getEnv } from '../lib/env';
import { formatReport, snapshotBefore, verifyAfter, type SqlClient } from './migration-check/check';
import { oldShapeSql } from './migration-check/old-shape';

/** The last migration of the old model: the case model comes right after it. */
export const BEFORE_CASE_MODEL = '20261130064759_deadlines_follow_process';

type Target = { pgliteDir?: string; databaseUrl?: string };

async function connect(target: Target): Promise<SqlClient & { close: () => Promise<void> }> {
  if (target.databaseUrl) {
    const client = new Client({ connectionString: target.databaseUrl });
    await client.connect();
    return {
      query: async <T>(sql: string) => (await client.query(sql)).rows as T[],
      exec: async (sql: string) => void (await client.query(sql)),
      close: () => client.end(),
    };
  }
  const pg = createPGlite(target.pgliteDir!);
  return {
    query: async <T>(sql: string) => (await pg.query<T>(sql)).rows,
    exec: async (sql: string) => void (await pg.exec(sql)),
    close: () => pg.close(),
  };
}

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: { cases: { type: 'string' }, 'events-per-case': { type: 'string' }, existing: { type: 'boolean' } },
  });
  const env = getEnv();
  const seconds: Record<string, number> = {};
  const timed = async <T>(label: string, run: () => Promise<T>): Promise<T> => {
    const t = Date.now();
    const out = await run();
    seconds[label] = (Date.now() - t) / 1000;
    return out;
  };
  let target: Target;
  if (env.DATABASE_URL) {
    target = { databaseUrl: env.DATABASE_URL };
  } else {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-migration-check-'));
    target = { pgliteDir: path.join(dir, 'pglite') };
    if (values.existing) {
      if (!fs.existsSync(env.pgliteDir)) throw new Error(`No embedded database at ${env.pgliteDir}`);
      await timed('copy', async () => fs.cpSync(env.pgliteDir, target.pgliteDir!, { recursive: true }));
      console.log(`Checking a copy of ${env.pgliteDir} in ${target.pgliteDir}`);
    }
  }

  if (!values.existing) {
    const cases = values.cases ? Number(values.cases) : 10_000;
    const perCase = values['events-per-case'] ? Number(values['events-per-case']) : 10;
    if (target.databaseUrl) {
      const probe = await connect(target);
      const [row] = await probe.query<{ n: string }>(
        `SELECT count(*) AS n FROM information_schema.tables WHERE table_schema = current_schema()`,
      );
      await probe.close();
      if (Number(row!.n) > 0)
        throw new Error('DATABASE_URL names a database that is not empty: give the check an empty one (it fills it).');
    }
    await timed('build old shape', () => applyMigrations({ ...target, upTo: BEFORE_CASE_MODEL }));
    const sql = await connect(target);
    await timed(`fill ${cases} cases`, () => sql.exec(oldShapeSql(cases, perCase)));
    await sql.close();
  }

  const sql = await connect(target);
  const before = await timed('snapshot before', () => snapshotBefore(sql));
  await sql.close();
  const applied = await timed('migrate', () => applyMigrations(target));
  console.log(`Applied: ${applied.join(', ') || 'nothing (already up to date?)'}`);
  const after = await connect(target);
  const report = await timed('check after', () => verifyAfter(after, before));
  await after.close();
  console.log(formatReport(report, seconds));
  if (!report.ok) process.exitCode = 1;
}

main().then(
  () => process.exit(process.exitCode ?? 0), // the wasm schema engine leaves a timer running
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
