import { db, type Tx } from '../db/client';
import { canAddSanction, canEditSanction, caseScope, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { changedFields, writeAudit } from '../audit/write-audit';
import { ConflictError, NotFoundError } from '../errors';
import { toEarliestDay } from '../dates/partial-date';
import { syncDeadlines } from '../deadlines/sync-deadlines';
import { SANCTION_TYPE_LABELS } from '../cases/labels';
import type { EventType, SanctionType } from '../db/generated/enums';
import type { AddSanctionInput, UpdateSanctionInput } from './schemas';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

function toRow(input: Omit<UpdateSanctionInput, 'sanctionId' | 'version'>) {
  return {
    type: input.type,
    imposedOn: toEarliestDay(input.imposedOn),
    imposedPrecision: input.imposedOn.precision,
    imposedBy: input.imposedBy ?? null,
    reasonCategory: input.reasonCategory ?? null,
    reasonText: input.reasonText ?? null,
    outcome: input.outcome,
    endedOn: input.endedOn ? toEarliestDay(input.endedOn) : null,
    endedPrecision: input.endedOn?.precision ?? null,
  };
}

const SUSPENSIONS: readonly SanctionType[] = [
  'ADMINISTRATIVE_SUSPENSION',
  'SUSPENSION',
  'BRANCH_SUSPENDED',
  'WHIP_WITHDRAWN',
];

/**
 * The timeline entry a new sanction adds: a suspension is the notice (or "suspended again" when the case
 * already holds a sanction); endorsement withheld is its own entry; anything else (an expulsion, an
 * exclusion, a refusal) is a decision against the member, which opens the appeal window.
 */
export function matchingEvent(
  type: SanctionType,
  earlier: number,
): { type: EventType; title: string; decisionOutcome: 'ADVERSE' | null } {
  const label = SANCTION_TYPE_LABELS[type];
  if (SUSPENSIONS.includes(type)) {
    return earlier === 0
      ? { type: 'NOTICE_OF_SUSPENSION', title: label, decisionOutcome: null }
      : { type: 'RE_SUSPENDED', title: `Suspended again: ${label.toLowerCase()}`, decisionOutcome: null };
  }
  if (type === 'ENDORSEMENT_WITHHELD') return { type: 'ENDORSEMENT_WITHHELD', title: label, decisionOutcome: null };
  return { type: 'DECISION', title: label, decisionOutcome: 'ADVERSE' };
}

async function openCase(tx: Tx, actor: Actor, caseId: string) {
  const kase = await tx.case.findFirst({
    where: { AND: [{ id: caseId }, caseScope(actor)] },
    select: { id: true, _count: { select: { sanctions: true } } },
  });
  if (!kase) throw new NotFoundError();
  return kase;
}

/**
 * Adds a sanction to a case ("suspended again"), and, when asked, the matching timeline entry, whose
 * deadlines are worked out in the same transaction.
 */
export async function addSanction(actor: Actor, input: AddSanctionInput, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    if (!canAddSanction(actor)) throw new NotFoundError();
    const kase = await openCase(tx, actor, input.caseId);
    const row = toRow(input);
    const sanction = await tx.sanction.create({
      data: { ...row, caseId: kase.id },
      select: { id: true, version: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'sanction.create',
      entityType: 'Sanction',
      entityId: sanction.id,
      caseId: kase.id,
      fields: Object.keys(row),
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    let eventId: string | null = null;
    if (input.addToTimeline) {
      const match = matchingEvent(row.type, kase._count.sanctions);
      const event = await tx.timelineEvent.create({
        data: {
          caseId: kase.id,
          createdById: actor.id,
          type: match.type,
          occurredOn: row.imposedOn,
          datePrecision: row.imposedPrecision,
          title: match.title,
          details: row.reasonText,
          visibility: 'SHARED',
          decisionOutcome: match.decisionOutcome,
        },
        select: { id: true },
      });
      eventId = event.id;
      await syncDeadlines(tx, kase.id);
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'event.create',
        entityType: 'TimelineEvent',
        entityId: event.id,
        caseId: kase.id,
        fields: [
          'type',
          'occurredOn',
          'datePrecision',
          'title',
          'details',
          'visibility',
          ...(match.decisionOutcome ? ['decisionOutcome'] : []),
        ],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
    }
    return { id: sanction.id, version: sanction.version, eventId };
  });
}

/** Corrects a sanction (staff), refused when someone else saved it since it was opened. */
export async function updateSanction(actor: Actor, input: UpdateSanctionInput, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    const before = await tx.sanction.findFirst({
      where: { id: input.sanctionId, case: caseScope(actor) },
      select: {
        id: true,
        caseId: true,
        type: true,
        imposedOn: true,
        imposedPrecision: true,
        imposedBy: true,
        reasonCategory: true,
        reasonText: true,
        outcome: true,
        endedOn: true,
        endedPrecision: true,
      },
    });
    if (!before || !canEditSanction(actor)) throw new NotFoundError();
    const row = toRow(input);
    const updated = await tx.sanction.updateMany({
      where: { id: before.id, version: input.version },
      data: { ...row, version: { increment: 1 } },
    });
    if (updated.count !== 1)
      throw new ConflictError(
        'Someone else changed this sanction while you were editing it. Your text is kept below: check the latest version above and save again.',
      );
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'sanction.update',
      entityType: 'Sanction',
      entityId: before.id,
      caseId: before.caseId,
      fields: changedFields(before, row),
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { id: before.id, version: input.version + 1 };
  });
}

/** A case's sanctions, oldest first, for a reader who can open the case. */
export async function listSanctions(actor: Actor, caseId: string) {
  return db.sanction.findMany({
    where: { caseId, case: caseScope(actor) },
    orderBy: [{ imposedOn: 'asc' }, { createdAt: 'asc' }],
    select: {
      id: true,
      type: true,
      imposedOn: true,
      imposedPrecision: true,
      imposedBy: true,
      reasonCategory: true,
      reasonText: true,
      outcome: true,
      endedOn: true,
      endedPrecision: true,
      version: true,
    },
  });
}
export type SanctionRow = Awaited<ReturnType<typeof listSanctions>>[number];
