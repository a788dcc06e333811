import { enqueueJob, nudgeJobs, registerJobHandler } from '../jobs/queue';
import { getEnv } from '../env';
import { todayInUk } from '../dates/uk-today';
import { runRetentionSweep } from './retention';
import { finishStalledErasures } from '../erasure/finish-stalled';
import { maintainEmbeddedDatabase } from '../db/maintenance';

// The daily retention sweep (with it, the finishing of stalled erasures: lib/erasure/finish-stalled.ts) is a job
// (lib/jobs/queue.ts), one per UK day: any server's check may queue it (the job's kind and subject make that once a
// day across servers) and whichever server takes jobs runs it. On the embedded database the same job then vacuums
// and analyses it (lib/db/maintenance.ts: PGlite has no autovacuum).

const CHECK_EVERY_MS = 60 * 60_000;
let timer: NodeJS.Timeout | undefined;
let lastQueuedDay: string | undefined;

registerJobHandler(
  'RETENTION_SWEEP',
  async (day) => {
    const r = await runRetentionSweep(day);
    console.log(
      `[retention] ${day}: told ${r.told.length} member(s), deleted ${r.erased.length} closed case(s), ${r.kept} kept with a reason`,
    );
    // The same daily pass finishes approved erasures that stopped part-way (a server stopped mid-erasure).
    const e = await finishStalledErasures();
    if (e.finished.length || e.failed.length)
      console.log(`[erasure] ${day}: finished ${e.finished.length} stalled erasure(s), ${e.failed.length} still open`);
    // The sweep has committed: a failed vacuum is said, not a reason to run the sweep again; tomorrow's job retries it.
    const upkeep = await maintainEmbeddedDatabase().catch((err: unknown) => {
      console.error(
        `[database] ${day}: could not vacuum the embedded database:`,
        err instanceof Error ? err.message : err,
      );
      return null;
    });
    if (upkeep) console.log(`[database] ${day}: vacuumed and analysed the embedded database in ${upkeep.ms} ms`);
  },
  async (day) => {
    console.error(`[retention] ${day}: gave up on the sweep (see the messages above); tomorrow's runs again.`);
  },
);

export async function retentionTick(now = new Date()): Promise<string | null> {
  const day = todayInUk(now);
  if (lastQueuedDay === day) return null;
  try {
    await enqueueJob('RETENTION_SWEEP', day);
    lastQueuedDay = day;
    nudgeJobs();
    return day;
  } catch (err) {
    console.error('[retention] could not queue the sweep; will try again:', err instanceof Error ? err.message : err);
    return null;
  }
}

/**
 * Started by the server (instrumentation.ts): a check an hour, the first a minute after start. Not with
 * RETENTION_SCHEDULE=off: cron runs `npm run retention` instead (scripts/retention.ts).
 */
export function startRetentionSchedule(): boolean {
  if (getEnv().RETENTION_SCHEDULE === 'off') return false;
  if (timer) return true;
  timer = setInterval(() => void retentionTick(), CHECK_EVERY_MS);
  timer.unref();
  setTimeout(() => void retentionTick(), 60_000).unref();
  return true;
}
