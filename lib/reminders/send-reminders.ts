import { todayInUk } from '../dates/uk-today';
import { db } from '../db/client';
import { getEnv } from '../env';
import { withMailSession, type Mail, type SentMail } from '../mail/send-mail';
import { writeAudit } from '../audit/write-audit';
import { findActionableDeadlines, type DeadlineItem } from '../deadlines/find-deadlines';
import type { Prisma } from '../db/generated/client';
import type { Role } from '../db/generated/enums';
import { composeDigest } from './compose-digest';
import { reminderRecipientsWhere } from './preferences';
import { mfaGate } from '../auth/mfa-gate';

export type ReminderRunResult = {
  /** Digests sent in this run. */
  sent: number;
  /** Already sent (or being sent by another run) today. */
  skipped: number;
  /** Recipients with nothing overdue or due in the next 7 days: no email, no row. */
  nothingDue: number;
  failed: { userId: string; error: string }[];
};

const ISO_DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MS = 86_400_000;
/** A claim left unsent this long was abandoned by a crashed run: a later run may take it over. */
const STALE_CLAIM_MS = 60 * 60_000;
const utc = (iso: string) => new Date(`${iso}T00:00:00.000Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

/**
 * The daily digest run (`npm run reminders`, from cron or a scheduler). Safe to run more than once
 * a day and from two places at once: each (person, day) is claimed with an insert that the unique
 * constraint lets through once, before anything is sent. A failed send gives the claim back, so
 * the next run retries that person; the failure is reported.
 */
export async function sendReminders(
  opts: { today?: string; log?: (line: string) => void } = {},
): Promise<ReminderRunResult> {
  const today = opts.today ?? todayInUk();
  if (!ISO_DAY.test(today) || Number.isNaN(utc(today).getTime()))
    throw new Error(`Not a date: ${today} (expected YYYY-MM-DD)`);
  const log = opts.log ?? (() => undefined);
  const appUrl = getEnv().APP_URL;
  const dueBy = iso(new Date(utc(today).getTime() + 7 * DAY_MS));

  const people = await db.user.findMany({
    where: reminderRecipientsWhere(),
    select: {
      id: true,
      role: true,
      email: true,
      mfaRequiredAt: true,
      totpFactor: { select: { confirmedAt: true } },
      _count: { select: { passkeys: true } },
    },
    orderBy: { createdAt: 'asc' },
  });
  // Someone who must set up two-step sign-in before seeing any case again gets no case news by email either.
  const recipients = people
    .filter((u) => mfaGate(u).status !== 'enrol')
    .map((u) => ({ id: u.id, role: u.role, email: u.email }));
  const result: ReminderRunResult = { sent: 0, skipped: 0, nothingDue: 0, failed: [] };
  const candidates = await peopleWithSomethingDue(dueBy);
  // Every coordinator sees the same network, so their list is read once per run, not once per person.
  let coordinatorItems: Promise<DeadlineItem[]> | null = null;
  const itemsFor = (user: Recipient) => {
    if (user.role !== 'COORDINATOR') return findActionableDeadlines(user, { dueBy, today: utc(today) });
    coordinatorItems ??= findActionableDeadlines(user, { dueBy, today: utc(today) });
    return coordinatorItems;
  };
  // One SMTP connection for the whole run, not one per person.
  await withMailSession(async (send) => {
    for (const user of recipients) {
      if (user.role !== 'COORDINATOR' && !candidates.has(user.id)) {
        result.nothingDue += 1;
        continue;
      }
      try {
        const outcome = await sendDigest(user, { today, appUrl, items: await itemsFor(user), send });
        if (outcome === 'sent') result.sent += 1;
        else if (outcome === 'skipped') result.skipped += 1;
        else result.nothingDue += 1;
        if (outcome === 'sent') log(`Sent the digest to user ${user.id}.`);
      } catch (err) {
        const error = err instanceof Error ? err.message : String(err);
        result.failed.push({ userId: user.id, error });
        log(`Could not send the digest to user ${user.id}: ${error}`);
      }
    }
  });
  return result;
}

type Recipient = { id: string; role: Role; email: string };

/**
 * Caseworkers and members who have at least one deadline that could be due for them: a cheap, generous
 * first pass (two queries for the whole run) so that the exact, per-person read below is made only for
 * people who may have something. It never decides what anyone sees; findActionableDeadlines does.
 */
async function peopleWithSomethingDue(dueBy: string): Promise<Set<string>> {
  const open: Prisma.DeadlineWhereInput = {
    waivedAt: null,
    closedReason: null,
    dueOn: { lte: utc(dueBy) },
    event: { deletedAt: null },
    OR: [{ metOn: null }, { sharedMetOn: null }],
  };
  const [assigned, members] = await Promise.all([
    db.assignment.findMany({
      where: {
        endedAt: null,
        case: { consentGivenAt: { not: null }, consentWithdrawnAt: null, deadlines: { some: open } },
      },
      distinct: ['caseworkerId'],
      select: { caseworkerId: true },
    }),
    db.person.findMany({
      where: { userId: { not: null }, cases: { some: { deadlines: { some: open } } } },
      select: { userId: true },
    }),
  ]);
  return new Set([...assigned.map((a) => a.caseworkerId), ...members.flatMap((p) => (p.userId ? [p.userId] : []))]);
}

async function sendDigest(
  user: Recipient,
  run: { today: string; appUrl: string; items: DeadlineItem[]; send: (mail: Mail) => Promise<SentMail> },
): Promise<'sent' | 'skipped' | 'empty'> {
  // The same scope rules as the app's own deadline lists: assigned cases for a caseworker, the
  // whole network for a coordinator, their own case (shared items only) for a member.
  const items = run.items;
  if (items.length === 0) return 'empty';
  const day = utc(run.today);

  await db.reminderDigest.deleteMany({
    where: { userId: user.id, day, sentAt: null, createdAt: { lt: new Date(Date.now() - STALE_CLAIM_MS) } },
  });
  // INSERT … ON CONFLICT DO NOTHING: of two runs racing for the same person and day, one gets the row.
  const claimed = await db.reminderDigest.createManyAndReturn({
    data: [{ userId: user.id, day, itemCount: items.length }],
    skipDuplicates: true,
    select: { id: true },
  });
  const claim = claimed[0];
  if (!claim) return 'skipped';

  const audience = user.role === 'MEMBER' ? 'member' : user.role === 'COORDINATOR' ? 'coordinator' : 'caseworker';
  const digest = composeDigest({ audience, items, today: run.today, appUrl: run.appUrl });
  try {
    await run.send({ to: user.email, subject: digest.subject, text: digest.text });
  } catch (err) {
    // Give the day back so the next run tries again; if even that fails, the claim goes stale and is taken over later.
    await db.reminderDigest.deleteMany({ where: { id: claim.id, sentAt: null } }).catch(() => undefined);
    throw err;
  }
  await db.$transaction(async (tx) => {
    await tx.reminderDigest.update({ where: { id: claim.id }, data: { sentAt: new Date() }, select: { id: true } });
    // Which cases were listed is not recorded: the row says a digest went to this person, nothing more.
    await writeAudit(tx, {
      actorId: null,
      action: 'reminders.digest',
      entityType: 'User',
      entityId: user.id,
      fields: [],
    });
  });
  return 'sent';
}
