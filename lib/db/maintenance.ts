import { db } from './client';
import { getEnv } from '../env';

/**
 * The embedded database's daily upkeep: `VACUUM (ANALYZE)` over every table. PGlite has no autovacuum, so without
 * it a long-running install keeps every dead row version (each session touch, each job lease renewal, each edit)
 * and the planner keeps the statistics of the last start, taken when the tables may have been a fraction of their
 * size. A PostgreSQL server does this itself (autovacuum): nothing is done there. Run after the daily retention
 * sweep (lib/retention/schedule.ts). Returns how long it took, or null on a PostgreSQL server.
 */
export async function maintainEmbeddedDatabase(): Promise<{ ms: number } | null> {
  if (!getEnv().embedded) return null;
  const t0 = Date.now();
  await db.$executeRawUnsafe('VACUUM (ANALYZE)');
  return { ms: Date.now() - t0 };
}
