import { db, type Tx } from '../db/client';
import { canDeleteEvent, canEditEvent, canMarkCaseworkersOnly, caseScope, type Actor } from '../auth/policy';
import { describePrivacy, itemsForReader, memberMaySeeItemActivity, type Privacy } from '../auth/audience';
import type { RequestContext } from '../auth/context';
import { changedFields, followItemVisibility, writeAudit } from '../audit/write-audit';
import { ConflictError, InvalidError, NotFoundError } from '../errors';
import { toEarliestDay } from '../dates/partial-date';
import { DECISION_TYPES, type AddEventInput, type UpdateEventInput } from './schemas';
import { syncDeadlines } from '../deadlines/sync-deadlines';
import { withdrawBundlesHolding } from '../bundle/withdraw-bundles';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

function toRow(actor: Actor, input: Omit<AddEventInput, 'caseId'>) {
  // A member asking to hide an entry from themselves is tampering, not a choice the form offers: refuse it.
  if (input.caseworkersOnly && !canMarkCaseworkersOnly(actor)) {
    throw new InvalidError('Please check the highlighted fields.', {
      caseworkersOnly: 'Only caseworkers can mark an entry as caseworkers only',
    });
  }
  return {
    type: input.type,
    occurredOn: toEarliestDay(input.date),
    datePrecision: input.date.precision,
    title: input.title,
    details: input.details ?? null,
    visibility: input.caseworkersOnly ? ('CASEWORKERS' as const) : ('SHARED' as const),
    privileged: input.privileged,
    withoutPrejudice: input.withoutPrejudice,
    windowDays: input.windowDays ?? null,
    receivedOn: input.receivedOn ? new Date(`${input.receivedOn}T00:00:00.000Z`) : null,
    // A decision nobody said the outcome of counts as against the member (an appeal window opens): NOT_KNOWN.
    decisionOutcome: (DECISION_TYPES as readonly string[]).includes(input.type)
      ? (input.decisionOutcome ?? 'NOT_KNOWN')
      : null,
  };
}

export async function addEvent(actor: Actor, input: AddEventInput, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findFirst({
      where: { AND: [{ id: input.caseId }, caseScope(actor)] },
      select: { id: true },
    });
    if (!kase) throw new NotFoundError();
    const row = toRow(actor, input);
    const event = await tx.timelineEvent.create({
      data: { ...row, caseId: kase.id, createdById: actor.id },
      select: { id: true, version: true },
    });
    await syncDeadlines(tx, kase.id);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'event.create',
      entityType: 'TimelineEvent',
      entityId: event.id,
      caseId: kase.id,
      fields: Object.keys(row),
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return event;
  });
}

/** Loads an event the actor may see, through the case scope; otherwise NotFound. */
async function findVisibleEvent(tx: Tx, actor: Actor, eventId: string) {
  const event = await tx.timelineEvent.findFirst({
    where: { id: eventId, deletedAt: null, ...itemsForReader(actor), case: caseScope(actor) },
    select: {
      id: true,
      caseId: true,
      version: true,
      createdById: true,
      visibility: true,
      privileged: true,
      withoutPrejudice: true,
      type: true,
      occurredOn: true,
      datePrecision: true,
      title: true,
      details: true,
      windowDays: true,
      receivedOn: true,
      decisionOutcome: true,
      letter: { select: { id: true } },
      groupEvent: { select: { groupAction: { select: { reference: true } } } },
    },
  });
  if (!event) throw new NotFoundError();
  return event;
}

/** A copy of a group action's event follows its source: it is changed or deleted on the group action only. */
function refuseGroupCopy(event: { groupEvent: { groupAction: { reference: string } } | null }) {
  if (event.groupEvent)
    throw new InvalidError(
      `This entry comes from group action ${event.groupEvent.groupAction.reference}. Change or delete it there, and every linked case follows.`,
    );
}

export async function updateEvent(actor: Actor, input: UpdateEventInput, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    const event = await findVisibleEvent(tx, actor, input.eventId);
    if (!canEditEvent(actor, event)) throw new NotFoundError();
    refuseGroupCopy(event);
    const row = toRow(actor, input);
    const updated = await tx.timelineEvent.updateMany({
      where: { id: event.id, version: input.version, deletedAt: null },
      data: { ...row, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ConflictError();
    await syncDeadlines(tx, event.caseId);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'event.update',
      entityType: 'TimelineEvent',
      entityId: event.id,
      caseId: event.caseId,
      fields: changedFields(event, row),
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await afterPrivacyChange(
      tx,
      actor,
      ctx,
      { eventId: event.id, caseId: event.caseId, letterId: event.letter?.id ?? null },
      event,
      row,
    );
    return { id: event.id, version: input.version + 1 };
  });
}

/**
 * When who may see an entry changed: its activity rows follow it, every bundle holding it that its
 * audience may no longer have is withdrawn, and the change is recorded (staff-only).
 */
async function afterPrivacyChange(
  tx: Tx,
  actor: Actor,
  ctx: Ctx,
  ids: { eventId: string; caseId: string; letterId: string | null },
  before: Privacy,
  after: Privacy,
) {
  const changed = (['visibility', 'privileged', 'withoutPrejudice'] as const).filter((k) => before[k] !== after[k]);
  if (changed.length === 0) return;
  const visible = memberMaySeeItemActivity(after);
  await followItemVisibility(tx, 'TimelineEvent', ids.eventId, visible);
  if (ids.letterId) await followItemVisibility(tx, 'Letter', ids.letterId, visible);
  const why = `A ${ids.letterId ? 'letter' : 'timeline entry'} in it was since marked ${describePrivacy(after)}.`;
  await withdrawBundlesHolding(tx, { eventId: ids.eventId }, after, why, {
    actorId: actor.id,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  await writeAudit(tx, {
    actorId: actor.id,
    action: 'event.privacy',
    entityType: 'TimelineEvent',
    entityId: ids.eventId,
    caseId: ids.caseId,
    fields: changed,
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
}

export async function deleteEvent(actor: Actor, input: { eventId: string; version: number }, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    const event = await findVisibleEvent(tx, actor, input.eventId);
    if (!canDeleteEvent(actor)) throw new NotFoundError();
    refuseGroupCopy(event);
    const updated = await tx.timelineEvent.updateMany({
      where: { id: event.id, version: input.version, deletedAt: null },
      data: { deletedAt: new Date(), version: { increment: 1 } },
    });
    if (updated.count !== 1)
      throw new ConflictError(
        'Someone else changed this entry since you opened it. Reload the page to see the latest version before deleting it.',
      );
    await syncDeadlines(tx, event.caseId);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'event.delete',
      entityType: 'TimelineEvent',
      entityId: event.id,
      caseId: event.caseId,
      fields: ['deletedAt'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { deleted: true };
  });
}
