import type { Tx } from '../db/client';
import type { DeadlineKind, EventType } from '../db/generated/enums';
import { sarDueDate, windowDueDate, type DeadlineResult } from './rules';
import type { Jurisdiction } from './working-days';

// Which events start a deadline, and which later events meet it.
const TRIGGERS: Partial<Record<EventType, { kind: DeadlineKind; metBy: EventType[] }>> = {
  SAR_SENT: { kind: 'SAR_REPLY', metBy: ['SAR_RESPONSE_RECEIVED'] },
  NOTICE_OF_INVESTIGATION: { kind: 'INVESTIGATION_REPLY', metBy: ['RESPONSE_SUBMITTED'] },
  DECISION: { kind: 'APPEAL_WINDOW', metBy: ['APPEAL_LODGED'] },
};

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (s: string) => new Date(`${s}T00:00:00.000Z`);

/**
 * Recomputes a case's deadlines from its timeline, inside the caller's transaction: moving an event
 * moves its deadline, deleting it removes it. Only events dated to the day start a deadline (a month
 * or a year is not enough to count from). Waivers are kept.
 */
export async function syncDeadlines(tx: Tx, caseId: string): Promise<void> {
  const org = await tx.organisation.findFirst({ select: { jurisdiction: true, defaultResponseDays: true, defaultAppealDays: true } });
  const jurisdiction = (org?.jurisdiction ?? 'ENGLAND_WALES') as Jurisdiction;
  const events = await tx.timelineEvent.findMany({
    where: { caseId, deletedAt: null, type: { in: Object.keys(TRIGGERS) as EventType[] }, datePrecision: 'DAY' },
    select: { id: true, type: true, occurredOn: true },
  });
  const keep: string[] = [];
  for (const event of events) {
    const trigger = TRIGGERS[event.type]!;
    const start = iso(event.occurredOn);
    let result: DeadlineResult;
    if (trigger.kind === 'SAR_REPLY') result = sarDueDate(start, jurisdiction);
    else if (trigger.kind === 'INVESTIGATION_REPLY') result = windowDueDate(start, org?.defaultResponseDays ?? 14, jurisdiction);
    else result = windowDueDate(start, org?.defaultAppealDays ?? 21, jurisdiction);
    const data = { dueOn: utc(result.due), correspondingOn: utc(result.corresponding), rule: result.rule, warning: result.warning ?? null };
    const row = await tx.deadline.upsert({
      where: { eventId_kind: { eventId: event.id, kind: trigger.kind } },
      create: { caseId, eventId: event.id, kind: trigger.kind, ...data },
      update: data,
      select: { id: true },
    });
    keep.push(row.id);
  }
  await tx.deadline.deleteMany({ where: { caseId, id: { notIn: keep } } });
}

export type DeadlineStatus = 'open' | 'met' | 'missed' | 'waived';

/** Status at read time: met by a matching event on or after the trigger, waived, missed once the day has passed. */
export function deadlineStatus(
  d: { kind: DeadlineKind; dueOn: Date; waivedAt: Date | null; event: { occurredOn: Date } },
  events: { type: EventType; occurredOn: Date; deletedAt?: Date | null }[],
  today = new Date(),
): DeadlineStatus {
  if (d.waivedAt) return 'waived';
  const metBy = Object.values(TRIGGERS).find((t) => t!.kind === d.kind)!.metBy;
  if (events.some((e) => !e.deletedAt && metBy.includes(e.type) && e.occurredOn >= d.event.occurredOn)) return 'met';
  return iso(d.dueOn) < iso(today) ? 'missed' : 'open';
}

export const DEADLINE_LABELS: Record<DeadlineKind, string> = {
  SAR_REPLY: 'Reply to your subject access request due',
  INVESTIGATION_REPLY: 'Your reply to the notice of investigation due',
  APPEAL_WINDOW: 'Last day to appeal',
};
