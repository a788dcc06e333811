import { getEnv } from '../env';
import { sendReminders } from './send-reminders';

const CHECK_EVERY_MS = 15 * 60_000;
let timer: NodeJS.Timeout | undefined;
let lastRunDay: string | undefined;
let running = false;

const londonNow = (now: Date) => {
  const parts = Object.fromEntries(new Intl.DateTimeFormat('en-GB', { timeZone: 'Europe/London', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', hourCycle: 'h23' })
    .formatToParts(now).map((p) => [p.type, p.value]));
  return { day: `${parts.year}-${parts.month}-${parts.day}`, hour: Number(parts.hour) };
};

/** One check: sends today's digests once the configured UK hour has passed (once per process per day; the database makes it once per person). */
export async function reminderTick(now = new Date()): Promise<void> {
  const { day, hour } = londonNow(now);
  if (running || lastRunDay === day || hour < getEnv().REMINDER_HOUR) return;
  running = true;
  try {
    const result = await sendReminders({ today: day });
    // A failed send is retried at the next check; otherwise today is done.
    if (result.failed.length === 0) lastRunDay = day;
    if (result.sent || result.failed.length) console.log(`[reminders] ${day}: sent ${result.sent}, failed ${result.failed.length}`);
  } catch (err) {
    console.error('[reminders] run failed; will try again at the next check:', err instanceof Error ? err.message : err);
  } finally {
    running = false;
  }
}

/**
 * Started by the server (instrumentation.ts). With the embedded database only the server process
 * may open it, so the server sends the digest itself; with PostgreSQL this also works alongside cron.
 */
export function startReminderSchedule(): void {
  if (timer || getEnv().REMINDER_SCHEDULE === 'off') return;
  timer = setInterval(() => void reminderTick(), CHECK_EVERY_MS);
  timer.unref();
  setTimeout(() => void reminderTick(), 30_000).unref();
}
