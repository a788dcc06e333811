// Runs today's retention sweep: closed cases past the organisation's retention period are offered for
// review, their members told, and deleted 30 days later unless kept with a reason (lib/retention); the same
// pass finishes approved erasures that stopped part-way. For cron, with RETENTION_SCHEDULE=off on every
// app server, e.g. `30 2 * * * cd /srv/reinstate && npm run retention`. Usage: npm run retention
//
// The sweep is the same once-a-day job the servers queue (lib/retention/schedule.ts), so it runs once per UK
// day whoever asks: a second run the same day does nothing and says so. Exits 1 when the sweep failed (it
// is queued again, and the next run, or any server, retries it); 2 when the running app holds the
// embedded database.
import { db, closeDb } from '../lib/db/client';
import { getEnv } from '../lib/env';
import { drainJobs, enqueueJob } from '../lib/jobs/queue';
import { todayInUk } from '../lib/dates/uk-today';
import '../lib/retention/schedule'; // the sweep's job handler
import { appHoldsEmbeddedDb } from './embedded-guard';

async function main(): Promise<number> {
  const env = getEnv();
  if (
    await appHoldsEmbeddedDb(
      env.RETENTION_SCHEDULE === 'off'
        ? 'It does not run the retention sweep itself (RETENTION_SCHEDULE=off), so cron must run this command while the app is stopped.'
        : 'The running app runs the retention sweep itself each day (RETENTION_SCHEDULE=auto), so nothing needs doing.',
      'To run it from cron instead,',
    )
  )
    return 2;
  const day = todayInUk();
  const key = { kind: 'RETENTION_SWEEP' as const, subjectId: day };
  const before = await db.job.findUnique({ where: { kind_subjectId: key }, select: { status: true } });
  if (before?.status === 'DONE') {
    console.log(`The retention sweep for ${day} has already run; nothing to do until tomorrow.`);
    return 0;
  }
  await enqueueJob('RETENTION_SWEEP', day);
  // Today's sweep, and any earlier day's that is due again after a failure: only this kind of job.
  await drainJobs({ kinds: ['RETENTION_SWEEP'] });
  const after = await db.job.findUnique({ where: { kind_subjectId: key }, select: { status: true, error: true } });
  if (after?.status === 'DONE') return 0;
  if (after?.status === 'RUNNING') {
    console.log(`Another server is running the retention sweep for ${day} now; nothing to do.`);
    return 0;
  }
  console.error(
    `The retention sweep for ${day} did not finish: ${after?.error ?? 'unknown error'}. ${
      after?.status === 'QUEUED' ? 'It is queued again: run this command again later to retry.' : ''
    }`.trim(),
  );
  return 1;
}

main().then(
  async (code) => {
    await closeDb();
    process.exit(code);
  },
  async (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    await closeDb().catch(() => undefined);
    process.exit(1);
  },
);
