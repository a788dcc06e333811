// Runs once when the Next.js server starts (https://nextjs.org/docs/app/guides/instrumentation).
export async function register(): Promise<void> {
  // The whole body inside the test, not after an early return: Next compiles this file for the Edge runtime too, and
  // only a branch whose test is false there is left out of that build (an early return left the Node APIs below in
  // it, and every build warned of them).
  // eslint-disable-next-line no-restricted-properties -- Next's own flag, not configuration
  if (process.env.NEXT_RUNTIME === 'nodejs') {
    // Every render Next served stayed reachable through the error React aborts its cache signal with (see there).
    const { dropRenderCompletedStacks } = await import('./lib/http/render-abort-reason');
    dropRenderCompletedStacks();
    // V8 keeps the heap it grew to under load: give it back once the process has gone quiet (see there).
    const { reduceMemoryWhenIdle } = await import('./lib/http/idle-memory');
    reduceMemoryWhenIdle();
    // A database its migrations have not reached (`next start` run without `npm start`, or DATA_DIR or DATABASE_URL
    // naming the wrong place): say what to run and stop, instead of serving errors (lib/db/schema-ready.ts).
    const { notReadyMessage, schemaState } = await import('./lib/db/schema-ready');
    const schema = await schemaState(process.cwd());
    if (!schema.ready) {
      console.error(notReadyMessage(schema));
      process.exit(1);
    }
    const { startReminderSchedule } = await import('./lib/reminders/schedule');
    startReminderSchedule();
    const { startRetentionSchedule } = await import('./lib/retention/schedule');
    startRetentionSchedule(); // closed cases past the retention period: tell the member, then delete
    // Backups (lib/backup): the embedded app answers `npm run backup` on a 0600 Unix socket in DATA_DIR (only this
    // process may open the database), and with BACKUP_DIR set makes one archive a day.
    const { getEnv: env } = await import('./lib/env');
    if (env().embedded)
      await import('./lib/backup/server-socket')
        .then((m) => m.startBackupSocket())
        .catch((err: unknown) =>
          console.error(
            '[backup] `npm run backup` cannot reach this server:',
            err instanceof Error ? err.message : err,
          ),
        );
    const { startBackupSchedule } = await import('./lib/backup/schedule');
    startBackupSchedule();
    // Evidence previews a stopped server left "being made" (lib/evidence/preview-queue.ts).
    const { startPreviewRetake } = await import('./lib/evidence/preview-queue');
    startPreviewRetake();
    // Bundle builds and other jobs: this server takes queued ones, and running ones whose server died
    // (their lease ran out); it never fails another server's jobs (lib/jobs/queue.ts).
    await import('./lib/bundle/queue');
    await import('./lib/member-export/queue'); // members' "Download my data" zips, and deleting them when they run out
    // JOB_WORKER=off: a web-only server; what it queues is built by the servers that take jobs.
    const { getEnv } = await import('./lib/env');
    const { pauseLocalWorker, startJobWorker } = await import('./lib/jobs/queue');
    if (getEnv().JOB_WORKER === 'off') pauseLocalWorker(true);
    else startJobWorker();
  }
}
