import { addDays, addMonths } from 'date-fns';
import { db } from '../db/client';
import { canManageRetention, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { NotFoundError } from '../errors';
import { getEnv } from '../env';
import { sendMail } from '../mail/send-mail';
import { formatUkDate } from '../deadlines/working-days';
import { todayInUk } from '../dates/uk-today';
import { appendErasureLog } from '../erasure/erasure-log';
import { eraseSubject } from '../erasure/erase-subject';
import { deleteErasedBlobs, deleteOutboxMail } from '../erasure/delete-files';

// Retention of closed cases (issue 13, point 4; docs/decisions/0029). The organisation keeps a closed case for
// `retentionMonths` after it closed. Past that, the case appears for review; unless a coordinator keeps it (until a
// day, with a reason), the daily sweep tells the member (when there is an address) and erases the case NOTICE_DAYS
// later — at once when there is no one to tell. Erasure is the erasure issue's own (lib/erasure): logged first to
// KEY_DIR/erasures.log so a restore replays it, the rows in one transaction, the files after the commit.

export const NOTICE_DAYS = 30;
/** How far ahead the review page looks: cases whose period ends within this many days are shown as coming up. */
export const LOOK_AHEAD_DAYS = 60;

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;
const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (s: string) => new Date(`${s}T00:00:00.000Z`);

export { canManageRetention };

export type RetentionCase = {
  caseId: string;
  reference: string;
  personName: string;
  closedOn: string;
  /** The end of the retention period. */
  dueOn: string;
  keptUntil: string | null;
  keptReason: string | null;
  noticeOn: string | null;
  /** When the sweep will erase it, if nothing changes (null: kept). */
  eraseOn: string | null;
  hasAddress: boolean;
};

async function retentionMonths(): Promise<number> {
  const org = await db.organisation.findFirst({ orderBy: { createdAt: 'asc' }, select: { retentionMonths: true } });
  return org?.retentionMonths ?? 72;
}

/**
 * Closed cases whose retention period ends by `until` (past ones included), with when each closed (the last
 * change to the Closed stage; the case's last update when there is none) and what happens next.
 */
async function closedCasesDue(today: string, until: string): Promise<RetentionCase[]> {
  const months = await retentionMonths();
  const closedBefore = addMonths(utc(until), -months);
  const rows = await db.case.findMany({
    // When it closed is its last change to Closed (every case has a stage history since the case-model
    // migration); a case without one counts from its last update. Re-closed cases are checked below.
    where: {
      stage: 'CLOSED',
      OR: [
        { stageChanges: { some: { toStage: 'CLOSED', createdAt: { lte: addDays(closedBefore, 1) } } } },
        { stageChanges: { none: { toStage: 'CLOSED' } }, updatedAt: { lte: addDays(closedBefore, 1) } },
      ],
    },
    select: {
      id: true,
      reference: true,
      updatedAt: true,
      retentionKeptUntil: true,
      retentionKeptReason: true,
      retentionNoticeAt: true,
      person: { select: { fullName: true, email: true, user: { select: { email: true } } } },
      stageChanges: {
        where: { toStage: 'CLOSED' },
        orderBy: { createdAt: 'desc' },
        take: 1,
        select: { createdAt: true },
      },
    },
    orderBy: { updatedAt: 'asc' },
    take: 1000,
  });
  const out: RetentionCase[] = [];
  for (const r of rows) {
    const closedOn = iso(r.stageChanges[0]?.createdAt ?? r.updatedAt);
    const dueOn = iso(addMonths(utc(closedOn), months));
    if (dueOn > until) continue;
    const keptUntil = r.retentionKeptUntil ? iso(r.retentionKeptUntil) : null;
    const kept = keptUntil !== null && keptUntil >= today;
    const address = addressOf(r.person);
    const noticeOn = r.retentionNoticeAt ? iso(r.retentionNoticeAt) : null;
    const start = keptUntil && keptUntil > dueOn ? keptUntil : dueOn;
    const eraseOn = kept
      ? null
      : !address
        ? start
        : noticeOn
          ? maxDay(start, iso(addDays(utc(noticeOn), NOTICE_DAYS)))
          : iso(addDays(utc(maxDay(start, today)), NOTICE_DAYS));
    out.push({
      caseId: r.id,
      reference: r.reference,
      personName: r.person.fullName,
      closedOn,
      dueOn,
      keptUntil: kept ? keptUntil : null,
      keptReason: kept ? r.retentionKeptReason : null,
      noticeOn,
      eraseOn,
      hasAddress: address !== null,
    });
  }
  return out;
}

const maxDay = (a: string, b: string) => (a > b ? a : b);
const addressOf = (p: { email: string | null; user: { email: string } | null }) => {
  const e = p.user?.email ?? p.email;
  return e && !e.endsWith('@erased.invalid') ? e : null;
};

/** The coordinator's review: the period, and closed cases past it or within LOOK_AHEAD_DAYS of it (audited). */
export async function getRetentionReview(actor: Actor, ctx: Ctx, today = todayInUk()) {
  if (!canManageRetention(actor)) throw new NotFoundError();
  const cases = await closedCasesDue(today, iso(addDays(utc(today), LOOK_AHEAD_DAYS)));
  await db.$transaction((tx) =>
    writeAudit(tx, {
      actorId: actor.id,
      action: 'retention.view',
      entityType: 'RetentionReview',
      entityId: actor.id,
      fields: [`cases:${cases.length}`],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    }),
  );
  return { months: await retentionMonths(), today, cases };
}

/** Sets the organisation's retention period (months). */
export async function setRetentionMonths(actor: Actor, input: { months: number }, ctx: Ctx): Promise<void> {
  if (!canManageRetention(actor)) throw new NotFoundError();
  await db.$transaction(async (tx) => {
    const org = await tx.organisation.findFirst({ orderBy: { createdAt: 'asc' }, select: { id: true } });
    if (!org) throw new NotFoundError();
    await tx.organisation.update({ where: { id: org.id }, data: { retentionMonths: input.months } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'retention.settings',
      entityType: 'Organisation',
      entityId: org.id,
      fields: ['retentionMonths'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
  });
}

/** Keeps a closed case past the period for `months` more, for a reason (audited on the case). */
export async function keepCase(
  actor: Actor,
  input: { caseId: string; months: number; reason: string },
  ctx: Ctx,
  today = todayInUk(),
): Promise<{ keptUntil: string }> {
  if (!canManageRetention(actor)) throw new NotFoundError();
  const keptUntil = iso(addMonths(utc(today), input.months));
  await db.$transaction(async (tx) => {
    const done = await tx.case.updateMany({
      where: { id: input.caseId, stage: 'CLOSED' },
      data: { retentionKeptUntil: utc(keptUntil), retentionKeptReason: input.reason, retentionNoticeAt: null },
    });
    if (done.count !== 1) throw new NotFoundError();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'retention.keep',
      entityType: 'Case',
      entityId: input.caseId,
      caseId: input.caseId,
      fields: ['retentionKeptUntil', 'retentionKeptReason'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
  });
  return { keptUntil };
}

export type SweepResult = { told: string[]; erased: string[]; kept: number };

/**
 * The daily sweep (a RETENTION_SWEEP job; also `runRetentionSweep` by hand): tells each member whose closed case is
 * past the period and not kept, once; erases each case whose notice has run (or that has no one to tell).
 */
export async function runRetentionSweep(today = todayInUk()): Promise<SweepResult> {
  const result: SweepResult = { told: [], erased: [], kept: 0 };
  for (const c of await closedCasesDue(today, today)) {
    if (!c.eraseOn) {
      result.kept++;
      continue;
    }
    if (c.hasAddress && !c.noticeOn) {
      if (await tellMember(c, today)) result.told.push(c.reference);
      continue;
    }
    if (c.eraseOn <= today) {
      await eraseClosedCase(c.caseId, today);
      result.erased.push(c.reference);
    }
  }
  return result;
}

async function tellMember(c: RetentionCase, today: string): Promise<boolean> {
  const row = await db.case.findUnique({
    where: { id: c.caseId },
    select: { person: { select: { email: true, user: { select: { email: true } } } } },
  });
  const to = row ? addressOf(row.person) : null;
  if (!to) return false;
  const eraseOn = iso(addDays(utc(today), NOTICE_DAYS));
  try {
    await sendMail({
      to,
      subject: `Your closed case ${c.reference} will be deleted on ${formatUkDate(eraseOn)}`,
      text:
        `Hello,\n\nYour case ${c.reference} closed on ${formatUkDate(c.closedOn)}. We keep a closed case for a set time ` +
        `and then delete it with everything filed on it, so that we hold no more about you than we need.\n\n` +
        `We will delete this case on ${formatUkDate(eraseOn)}. If you want a copy first, sign in and use "Download my ` +
        `data" on your account page (${getEnv().APP_URL.replace(/\/$/, '')}/account). If you need us to keep it longer ` +
        `(for example, a claim is still running), reply to your caseworker or coordinator before then.\n`,
    });
  } catch (err) {
    console.error('[retention] notice not sent; will try again:', err instanceof Error ? err.message : err);
    return false;
  }
  await db.$transaction(async (tx) => {
    await tx.case.update({ where: { id: c.caseId }, data: { retentionNoticeAt: utc(today) } });
    await writeAudit(tx, {
      actorId: null,
      action: 'retention.notice',
      entityType: 'Case',
      entityId: c.caseId,
      caseId: c.caseId,
    });
  });
  return true;
}

/**
 * Erases one closed case (and its person, when they have no other case and no account): logged first, then the rows
 * in one transaction with the audit record of the fact (ids and counts only), then the files.
 */
async function eraseClosedCase(caseId: string, today: string): Promise<void> {
  const kase = await db.case.findUnique({
    where: { id: caseId },
    select: { personId: true, person: { select: { userId: true, _count: { select: { cases: true } } } } },
  });
  if (!kase) return;
  const wholePerson = kase.person.userId === null && kase.person._count.cases === 1;
  await appendErasureLog({
    requestId: `retention-${caseId}`,
    personId: wholePerson ? kase.personId : null,
    userId: null,
    caseIds: [caseId],
    on: new Date().toISOString(),
  });
  const erased = await db.$transaction(
    async (tx) => {
      const still = await tx.case.findFirst({
        where: {
          id: caseId,
          stage: 'CLOSED',
          OR: [{ retentionKeptUntil: null }, { retentionKeptUntil: { lt: utc(today) } }],
        },
        select: { id: true },
      });
      if (!still) return null; // kept, reopened or gone since the review
      const rows = await eraseSubject(tx, {
        personId: wholePerson ? kase.personId : null,
        userId: null,
        caseIds: [caseId],
      });
      await writeAudit(tx, {
        actorId: null,
        action: 'retention.erase',
        entityType: 'Case',
        entityId: caseId,
        fields: [`cases:${rows.caseCount}`, `files:${rows.fileCount}`],
      });
      return rows;
    },
    { timeout: 120_000, maxWait: 30_000 },
  );
  if (!erased) return;
  await deleteErasedBlobs(erased.blobKeys, erased.caseIds);
  await deleteOutboxMail(erased.names);
}
