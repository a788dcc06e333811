// Runs once when the Next.js server starts (https://nextjs.org/docs/app/guides/instrumentation).
export async function register(): Promise<void> {
  if (process.env.NEXT_RUNTIME !== 'nodejs') return; // eslint-disable-line no-restricted-properties -- Next's own flag, not configuration
  const { startReminderSchedule } = await import('./lib/reminders/schedule');
  startReminderSchedule();
  const { resumeBundleQueue } = await import('./lib/bundle/queue');
  await resumeBundleQueue().catch((err: unknown) => console.error('[bundle] could not resume the queue:', err));
}
