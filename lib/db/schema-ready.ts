import fs from 'node:fs';
import path from 'node:path';
import { getEnv } from '../env';
import { committedMigrations } from './migration-names';

// A server started on a database its migrations have not reached (`next start` without `npm start`'s launcher,
// or with DATA_DIR or DATABASE_URL naming the wrong place) used to serve anyway: the embedded one made an empty
// database in ./data, and signing in then failed with "The table `public.LoginAttempt` does not exist". The server
// now checks at its start (instrumentation.ts) and stops with a message that says what to run.

/** Runs one query on the app's database (Prisma's client in the app; a plain `pg` client where no app code is loaded). */
export type RunQuery = (sql: string) => Promise<{ name: string }[]>;

const appQuery: RunQuery = async (sql) => {
  const { db } = await import('./client');
  return db.$queryRawUnsafe<{ name: string }[]>(sql);
};

export type SchemaState =
  | { ready: true }
  | {
      ready: false;
      reason: 'no-database' | 'no-tables' | 'behind';
      missing: string[];
      /** The database in words, without credentials. */
      where: string;
      embedded: boolean;
    };

/** Where the app's database is, in words, without credentials. */
function describeDatabase(): string {
  const env = getEnv();
  if (env.embedded) return `the embedded database in ${env.pgliteDir} (DATA_DIR=${env.DATA_DIR})`;
  const url = new URL(env.DATABASE_URL!);
  return `the PostgreSQL database "${decodeURIComponent(url.pathname.slice(1))}" on ${url.host} (DATABASE_URL)`;
}

/**
 * Whether the database has applied every committed migration (prisma/migrations under `root`). Opens nothing
 * that is not there: an embedded database directory that does not exist is reported as such, not created.
 */
export async function schemaState(root: string, query: RunQuery = appQuery): Promise<SchemaState> {
  const committed = committedMigrations(root);
  const env = getEnv();
  const where = describeDatabase();
  const { embedded } = env;
  if (embedded && !fs.existsSync(path.join(env.pgliteDir, 'PG_VERSION')))
    return { ready: false, reason: 'no-database', missing: committed, where, embedded };
  let applied: Set<string>;
  try {
    const rows = await query(
      'SELECT migration_name AS name FROM "_prisma_migrations" WHERE finished_at IS NOT NULL AND rolled_back_at IS NULL',
    );
    applied = new Set(rows.map((r) => r.name));
  } catch (err) {
    const message = err instanceof Error ? err.message : String(err);
    // 42P01: no such table, so no migration was ever applied here. 3D000: no such database on the server.
    if (/42P01|relation "_prisma_migrations" does not exist/.test(message)) applied = new Set();
    else if (/3D000|database "[^"]*" does not exist/.test(message))
      return { ready: false, reason: 'no-database', missing: committed, where, embedded };
    else throw err;
  }
  const missing = committed.filter((name) => !applied.has(name));
  if (applied.size === 0) return { ready: false, reason: 'no-tables', missing, where, embedded };
  return missing.length === 0 ? { ready: true } : { ready: false, reason: 'behind', missing, where, embedded };
}

/** What the server says before it stops, for a database that is not ready: what is wrong, and what to run. */
export function notReadyMessage(state: Exclude<SchemaState, { ready: true }>): string {
  const n = state.missing.length;
  const { embedded } = state;
  const what = {
    'no-database': `${state.where} does not exist.`,
    'no-tables': `${state.where} has no tables: its migrations were never applied.`,
    behind: `${state.where} is missing ${n} migration${n === 1 ? '' : 's'} (the first: ${state.missing[0]}).`,
  }[state.reason];
  const todo =
    state.reason === 'no-database' && !embedded
      ? 'Create it (for example with `createdb`), then start the app with `npm start`, which applies the migrations first.'
      : state.reason === 'no-database'
        ? 'Start the app with `npm start`, which makes the database and applies the migrations first.'
        : 'Start the app with `npm start`, which applies the migrations first (or apply them with `npm run db:migrate`).';
  return [
    `Reinstate cannot start: ${what}`,
    todo,
    `Check that ${embedded ? 'DATA_DIR' : 'DATABASE_URL'} names the database you mean.`,
  ].join('\n');
}
