// Sends the daily deadline digest: one email per person per day with what is overdue or due in
// the next 7 days. Safe to run more than once a day (a second run sends nothing new), so cron can
// simply run it every morning, and again to retry. Usage: npm run reminders
// Exits with 1 when any email could not be sent; those people are retried by the next run.
import { getEnv } from '../lib/env';
import { sendReminders } from '../lib/reminders/send-reminders';
import { appHoldsEmbeddedDb } from './embedded-guard';

async function main(): Promise<number> {
  const env = getEnv();
  if (
    await appHoldsEmbeddedDb(
      `The running app sends the digest itself each day from ${env.REMINDER_HOUR}:00 UK time (REMINDER_SCHEDULE=auto), so nothing needs doing.`,
      'To send from cron instead,',
    )
  )
    return 2;
  const result = await sendReminders({ log: (line) => console.log(line) });
  console.log(
    `Sent ${result.sent} reminder email(s); ${result.skipped} already sent today; ${result.nothingDue} with nothing due; ${result.failed.length} failed.`,
  );
  for (const f of result.failed) console.error(`Not sent to user ${f.userId}: ${f.error}`);
  return result.failed.length ? 1 : 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
