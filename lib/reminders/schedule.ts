import { getEnv } from '../env';
import { enqueueJob, nudgeJobs, registerJobHandler } from '../jobs/queue';
import { sendReminders } from './send-reminders';

// The daily digest is a job (lib/jobs/queue.ts), one per day: whichever server's check first finds the
// configured UK hour past queues it (the job's unique kind and subject make that once per day across
// servers), and whichever server takes jobs sends it, so a web-only server (JOB_WORKER=off) never sends
// and a server that dies mid-run leaves the rest to the next one. Each email is still claimed per person
// and day (ReminderDigest), so a retake never sends one twice.

const CHECK_EVERY_MS = 15 * 60_000;
let timer: NodeJS.Timeout | undefined;
let lastQueuedDay: string | undefined;

registerJobHandler(
  'REMINDER_DIGEST',
  async (day) => {
    const result = await sendReminders({ today: day });
    if (result.sent || result.failed.length)
      console.log(`[reminders] ${day}: sent ${result.sent}, failed ${result.failed.length}`);
    // A refused or failed send: the job is taken again later (with a growing pause, up to its attempts);
    // people already sent to are not sent to again.
    if (result.failed.length)
      throw new Error(`${result.failed.length} reminder email(s) could not be sent; trying them again later.`);
  },
  async (day) => {
    console.error(`[reminders] ${day}: gave up on the emails that could not be sent (see the messages above).`);
  },
);

const londonNow = (now: Date) => {
  const parts = Object.fromEntries(
    new Intl.DateTimeFormat('en-GB', {
      timeZone: 'Europe/London',
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(now)
      .map((p) => [p.type, p.value]),
  );
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
};

/**
 * One check: once the configured UK hour has passed, queues today's digest job (once per process per day;
 * the jobs table makes it once per day). Returns the day queued, if it queued one.
 */
export async function reminderTick(now = new Date()): Promise<string | null> {
  const { day, hour } = londonNow(now);
  if (lastQueuedDay === day || hour < getEnv().REMINDER_HOUR) return null;
  try {
    await enqueueJob('REMINDER_DIGEST', day);
    lastQueuedDay = day;
    nudgeJobs();
    return day;
  } catch (err) {
    console.error(
      '[reminders] could not queue the daily digest; will try again at the next check:',
      err instanceof Error ? err.message : err,
    );
    return null;
  }
}

/**
 * Started by the server (instrumentation.ts). With the embedded database only the server process may
 * open it, so the server queues (and sends) the digest itself; with PostgreSQL this also works alongside cron.
 */
export function startReminderSchedule(): void {
  if (timer || getEnv().REMINDER_SCHEDULE === 'off') return;
  timer = setInterval(() => void reminderTick(), CHECK_EVERY_MS);
  timer.unref();
  setTimeout(() => void reminderTick(), 30_000).unref();
}
