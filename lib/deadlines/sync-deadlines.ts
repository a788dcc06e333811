import type { Tx } from '../db/client';
import type { Prisma } from '../db/generated/client';
import type {
  AppealStatus,
  CaseStage,
  DeadlineClosure,
  DeadlineKind,
  DecisionOutcome,
  EventType,
} from '../db/generated/enums';
import { sarDueDate, windowDueDate, type DeadlineResult } from './rules';
import type { Jurisdiction } from './working-days';
import { EVENT_ORDER } from '../timeline/event-order';

type TriggerEvent = {
  type: EventType;
  occurredOn: Date;
  receivedOn: Date | null;
  windowDays: number | null;
  decisionOutcome: DecisionOutcome | null;
};

// Which events start a deadline (and when), and which later events meet it (docs/decisions/0014).
// - A decision opens an appeal window only if it went against the member, or nobody said how it went.
// - A letter sent that asks for a reply within a stated number of days (a template's `replyWindowDays`, or
//   the window typed on the entry) opens a reply deadline, met by anything that came back from them.
export const TRIGGERS: Partial<
  Record<EventType, { kind: DeadlineKind; metBy: EventType[]; when?: (e: TriggerEvent) => boolean }>
> = {
  SAR_SENT: { kind: 'SAR_REPLY', metBy: ['SAR_RESPONSE_RECEIVED'] },
  NOTICE_OF_INVESTIGATION: { kind: 'INVESTIGATION_REPLY', metBy: ['RESPONSE_SUBMITTED'] },
  DECISION: { kind: 'APPEAL_WINDOW', metBy: ['APPEAL_LODGED'], when: (e) => e.decisionOutcome !== 'FAVOURABLE' },
  LETTER_SENT: {
    kind: 'LETTER_REPLY',
    metBy: ['LETTER_RECEIVED', 'SAR_RESPONSE_RECEIVED', 'DECISION', 'APPEAL_DECIDED'],
    when: (e) => e.windowDays !== null,
  },
};

/** The deadline an event starts, if any. */
export const triggerOf = (e: TriggerEvent) => {
  const t = TRIGGERS[e.type];
  return t && (!t.when || t.when(e)) ? t : undefined;
};

/**
 * Why a deadline no longer applies, from the case itself: an appeal window closes when no appeal is offered
 * or the case's stage is Closed (whatever the outcome). Stage and appeal status are shown to the member as to
 * staff, so this is one reading for all.
 */
export function closureOf(
  kind: DeadlineKind,
  kase: { stage: CaseStage; appealStatus: AppealStatus },
): DeadlineClosure | null {
  if (kind !== 'APPEAL_WINDOW') return null;
  if (kase.appealStatus === 'NOT_AVAILABLE') return 'NO_APPEAL_OFFERED';
  return kase.stage === 'CLOSED' ? 'CASE_CLOSED' : null;
}

export const CLOSURE_WORDS: Record<DeadlineClosure, string> = {
  NO_APPEAL_OFFERED: 'no appeal was offered',
  CASE_CLOSED: 'the case is closed',
};

const METS_BY_KIND = Object.fromEntries(Object.values(TRIGGERS).map((t) => [t!.kind, t!.metBy])) as Record<
  DeadlineKind,
  EventType[]
>;

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (s: string) => new Date(`${s}T00:00:00.000Z`);

export type DeadlineSettings = { jurisdiction: Jurisdiction; responseDays: number; appealDays: number };

const ORG_FIELDS = { jurisdiction: true, defaultResponseDays: true, defaultAppealDays: true } as const;
const CASE_FIELDS = { jurisdiction: true, appealWindowDays: true, stage: true, appealStatus: true } as const;

/** The organisation's defaults, overridden by the case's own jurisdiction and appeal window where set; and the case's state. */
export async function deadlineSettings(
  tx: Tx,
  caseId: string,
): Promise<DeadlineSettings & { kase: { stage: CaseStage; appealStatus: AppealStatus } }> {
  const [org, kase] = await Promise.all([
    tx.organisation.findFirst({ orderBy: { createdAt: 'asc' }, select: ORG_FIELDS }),
    tx.case.findUnique({ where: { id: caseId }, select: CASE_FIELDS }),
  ]);
  return settingsOf(org, kase);
}

function settingsOf(
  org: Prisma.OrganisationGetPayload<{ select: typeof ORG_FIELDS }> | null,
  kase: Prisma.CaseGetPayload<{ select: typeof CASE_FIELDS }> | null,
): DeadlineSettings & { kase: { stage: CaseStage; appealStatus: AppealStatus } } {
  return {
    jurisdiction: (kase?.jurisdiction ?? org?.jurisdiction ?? 'ENGLAND_WALES') as Jurisdiction,
    responseDays: org?.defaultResponseDays ?? 14,
    appealDays: kase?.appealWindowDays ?? org?.defaultAppealDays ?? 21,
    kase: { stage: kase?.stage ?? 'INTAKE', appealStatus: kase?.appealStatus ?? 'NOT_STARTED' },
  };
}

/** The organisation's defaults, for forms that offer "use the organisation's". */
export async function organisationDeadlineDefaults(): Promise<{
  jurisdiction: Jurisdiction;
  appealDays: number;
  responseDays: number;
}> {
  const { db } = await import('../db/client');
  const org = await db.organisation.findFirst({
    orderBy: { createdAt: 'asc' },
    select: { jurisdiction: true, defaultResponseDays: true, defaultAppealDays: true },
  });
  return {
    jurisdiction: (org?.jurisdiction ?? 'ENGLAND_WALES') as Jurisdiction,
    appealDays: org?.defaultAppealDays ?? 21,
    responseDays: org?.defaultResponseDays ?? 14,
  };
}

/** The rule applied to one triggering event. Exported for the benchmark and tests. */
export function computeDeadline(
  event: TriggerEvent,
  s: DeadlineSettings,
  opts: { extended?: boolean } = {},
): { kind: DeadlineKind; result: DeadlineResult } {
  const trigger = triggerOf(event);
  if (!trigger) throw new Error(`${event.type} starts no deadline`);
  const start = iso(event.receivedOn ?? event.occurredOn);
  let result: DeadlineResult;
  if (trigger.kind === 'SAR_REPLY') {
    result = sarDueDate(start, s.jurisdiction, { extended: opts.extended });
  } else if (trigger.kind === 'INVESTIGATION_REPLY') {
    const days = event.windowDays ?? s.responseDays;
    result = windowDueDate(start, days, s.jurisdiction);
    const source = event.windowDays
      ? 'the window stated in the letter'
      : "the organisation's usual window (the letter's own window was not entered)";
    result = { ...result, rule: `${result.rule} (${days} days is ${source}.)` };
  } else if (trigger.kind === 'LETTER_REPLY') {
    result = windowDueDate(start, event.windowDays!, s.jurisdiction);
    result = {
      ...result,
      rule: `${result.rule} (${event.windowDays} days is the time the letter asked them to reply in.)`,
    };
  } else {
    result = windowDueDate(start, s.appealDays, s.jurisdiction);
    const unknown =
      event.decisionOutcome !== 'ADVERSE'
        ? ' Whether the decision went against the member was not recorded, so it is counted as if it did.'
        : '';
    result = { ...result, rule: `${result.rule} (${s.appealDays} days is the appeal window for this case.)${unknown}` };
  }
  if (event.receivedOn && iso(event.receivedOn) !== iso(event.occurredOn)) {
    result = {
      ...result,
      rule: `Counted from the day it was received, ${formatDay(event.receivedOn)}, not the date on the letter. ${result.rule}`,
    };
  }
  return { kind: trigger.kind, result };
}

const formatDay = (d: Date) =>
  d.toLocaleDateString('en-GB', { day: 'numeric', month: 'short', year: 'numeric', timeZone: 'UTC' });

/**
 * Recomputes a case's deadlines from its timeline, inside the caller's transaction: moving an event
 * moves its deadline, deleting it removes it, a later matching event meets it. Only events dated to
 * the day start a deadline (a month or a year is not enough to count from). Waivers and extensions are kept.
 */
export async function syncDeadlines(tx: Tx, caseId: string): Promise<void> {
  const settings = await deadlineSettings(tx, caseId);
  const events = await tx.timelineEvent.findMany({
    where: { caseId, deletedAt: null },
    select: EVENT_FIELDS,
    orderBy: EVENT_ORDER,
  });
  const existing = await tx.deadline.findMany({ where: { caseId }, select: DEADLINE_FIELDS });
  const plan = planDeadlines(caseId, settings, events, existing);
  await Promise.all(
    plan.updates.map((u) => tx.deadline.update({ where: { id: u.id }, data: u.data, select: { id: true } })),
  );
  if (plan.creates.length) await tx.deadline.createMany({ data: plan.creates });
  if (plan.stale.length) await tx.deadline.deleteMany({ where: { id: { in: plan.stale } } });
}

/**
 * The same for many cases at once (cases opened together, the spreadsheet import): each case's deadlines
 * exactly as syncDeadlines computes them, read with one query per table and written with one statement.
 */
export async function syncDeadlinesMany(tx: Tx, caseIds: string[]): Promise<void> {
  if (!caseIds.length) return;
  const [org, cases, events, existing] = await Promise.all([
    tx.organisation.findFirst({ orderBy: { createdAt: 'asc' }, select: ORG_FIELDS }),
    tx.case.findMany({ where: { id: { in: caseIds } }, select: { id: true, ...CASE_FIELDS } }),
    tx.timelineEvent.findMany({
      where: { caseId: { in: caseIds }, deletedAt: null },
      select: { caseId: true, ...EVENT_FIELDS },
      orderBy: EVENT_ORDER,
    }),
    tx.deadline.findMany({ where: { caseId: { in: caseIds } }, select: { caseId: true, ...DEADLINE_FIELDS } }),
  ]);
  const caseOf = new Map(cases.map((c) => [c.id, c]));
  const creates: Prisma.DeadlineCreateManyInput[] = [];
  const updates: Promise<unknown>[] = [];
  const stale: string[] = [];
  for (const caseId of new Set(caseIds)) {
    const plan = planDeadlines(
      caseId,
      settingsOf(org, caseOf.get(caseId) ?? null),
      events.filter((e) => e.caseId === caseId),
      existing.filter((d) => d.caseId === caseId),
    );
    creates.push(...plan.creates);
    stale.push(...plan.stale);
    for (const u of plan.updates)
      updates.push(tx.deadline.update({ where: { id: u.id }, data: u.data, select: { id: true } }));
  }
  await Promise.all(updates);
  if (creates.length) await tx.deadline.createMany({ data: creates });
  if (stale.length) await tx.deadline.deleteMany({ where: { id: { in: stale } } });
}

const EVENT_FIELDS = {
  id: true,
  type: true,
  occurredOn: true,
  datePrecision: true,
  receivedOn: true,
  windowDays: true,
  decisionOutcome: true,
  visibility: true,
} as const;

const DEADLINE_FIELDS = {
  id: true,
  eventId: true,
  kind: true,
  extendedAt: true,
  dueOn: true,
  correspondingOn: true,
  rule: true,
  warning: true,
  metOn: true,
  metByEventId: true,
  sharedMetOn: true,
  sharedMetByEventId: true,
  closedReason: true,
} as const;

type EventRow = Prisma.TimelineEventGetPayload<{ select: typeof EVENT_FIELDS }>;
type DeadlineRow = Prisma.DeadlineGetPayload<{ select: typeof DEADLINE_FIELDS }>;

/** What a case's deadlines become from its events (in EVENT_ORDER) and its deadlines as they are: rows to create, to update and to delete. */
function planDeadlines(
  caseId: string,
  settings: Awaited<ReturnType<typeof deadlineSettings>>,
  events: EventRow[],
  existing: DeadlineRow[],
) {
  const byEvent = new Map(existing.map((d) => [`${d.eventId}:${d.kind}`, d]));
  const keep = new Set<string>();
  const creates: Prisma.DeadlineCreateManyInput[] = [];
  const updates: { id: string; data: Prisma.DeadlineUpdateInput }[] = [];
  for (const event of events) {
    const trigger = triggerOf(event);
    if (!trigger || event.datePrecision !== 'DAY') continue;
    const kind = trigger.kind;
    const prior = byEvent.get(`${event.id}:${kind}`);
    const { result } = computeDeadline(event, settings, { extended: Boolean(prior?.extendedAt) });
    // Met by the first later event of the answering type (on or after the trigger's own day). The member's
    // view counts only entries shared with them: a caseworker-only note never answers their deadline.
    const answers = (e: (typeof events)[number]) =>
      METS_BY_KIND[kind].includes(e.type) && e.occurredOn >= event.occurredOn;
    const met = events.find(answers);
    const sharedMet = events.find((e) => answers(e) && e.visibility === 'SHARED');
    const data = {
      dueOn: utc(result.due),
      correspondingOn: utc(result.corresponding),
      rule: result.rule,
      warning: result.warning ?? null,
      metOn: met ? met.occurredOn : null,
      metByEventId: met ? met.id : null,
      sharedMetOn: sharedMet ? sharedMet.occurredOn : null,
      sharedMetByEventId: sharedMet ? sharedMet.id : null,
      closedReason: closureOf(kind, settings.kase),
    };
    if (!prior) {
      creates.push({ caseId, eventId: event.id, kind, ...data });
      continue;
    }
    keep.add(prior.id);
    // Most writes change nothing about most deadlines: only rows whose computed values moved are written.
    const same =
      iso(prior.dueOn) === result.due &&
      iso(prior.correspondingOn) === result.corresponding &&
      prior.rule === data.rule &&
      prior.warning === data.warning &&
      prior.metByEventId === data.metByEventId &&
      (prior.metOn ? iso(prior.metOn) : null) === (met ? iso(met.occurredOn) : null) &&
      prior.sharedMetByEventId === data.sharedMetByEventId &&
      (prior.sharedMetOn ? iso(prior.sharedMetOn) : null) === (sharedMet ? iso(sharedMet.occurredOn) : null) &&
      prior.closedReason === data.closedReason;
    if (!same) updates.push({ id: prior.id, data });
  }
  const stale = existing.filter((d) => !keep.has(d.id)).map((d) => d.id);
  return { creates, updates, stale };
}

export type DeadlineStatus = 'open' | 'met' | 'missed' | 'waived' | 'closed';

/**
 * Status at read time: waived, met (kept by syncDeadlines), closed (no appeal offered, case closed), missed
 * once the day has passed, otherwise open. `metOn` is the reader's own reading (audience.deadlineMetFor).
 */
export function deadlineStatus(
  d: { dueOn: Date; waivedAt: Date | null; metOn: Date | null; closedReason?: DeadlineClosure | null },
  today = new Date(),
): DeadlineStatus {
  if (d.waivedAt) return 'waived';
  if (d.metOn) return 'met';
  if (d.closedReason) return 'closed';
  return iso(d.dueOn) < iso(today) ? 'missed' : 'open';
}

export const DEADLINE_LABELS: Record<DeadlineKind, string> = {
  SAR_REPLY: 'Reply to the subject access request due',
  INVESTIGATION_REPLY: 'Reply to the notice of investigation due',
  APPEAL_WINDOW: 'Last day to appeal',
  LETTER_REPLY: 'Reply to the letter due',
};
