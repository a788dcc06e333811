import { db } from '../db/client';
import { canManageGroupActions, groupActionScope, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { changedFields, writeAudit } from '../audit/write-audit';
import { ConflictError, NotFoundError } from '../errors';
import { toEarliestDay } from '../dates/partial-date';
import { copyEventsToCase, removeCopies, updateCopies } from './copies';
import type { AddGroupEventInput, UpdateGroupEventInput } from './schemas';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

const toRow = (input: Omit<AddGroupEventInput, 'groupActionId'>) => ({
  type: input.type,
  occurredOn: toEarliestDay(input.date),
  datePrecision: input.date.precision,
  title: input.title,
  details: input.details ?? null,
  visibility: input.caseworkersOnly ? ('CASEWORKERS' as const) : ('SHARED' as const),
});

const EVENT_ROW = {
  id: true,
  type: true,
  occurredOn: true,
  datePrecision: true,
  title: true,
  details: true,
  visibility: true,
  createdById: true,
} as const;

/** Adds an event to the group action and, in the same transaction, once to every linked case's timeline. */
export async function addGroupEvent(actor: Actor, input: AddGroupEventInput, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    if (!canManageGroupActions(actor)) throw new NotFoundError();
    const ga = await tx.groupAction.findFirst({
      where: { id: input.groupActionId, ...groupActionScope(actor) },
      select: { id: true, cases: { select: { caseId: true } } },
    });
    if (!ga) throw new NotFoundError();
    const row = toRow(input);
    const event = await tx.groupEvent.create({
      data: { ...row, groupActionId: ga.id, createdById: actor.id },
      select: EVENT_ROW,
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'group-event.create',
      entityType: 'GroupEvent',
      entityId: event.id,
      fields: Object.keys(row),
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    for (const { caseId } of ga.cases) await copyEventsToCase(tx, actor, ctx, caseId, [event]);
    return { id: event.id, cases: ga.cases.length };
  });
}

async function findGroupEvent(actor: Actor, id: string) {
  if (!canManageGroupActions(actor)) throw new NotFoundError();
  const event = await db.groupEvent.findFirst({
    where: { id, deletedAt: null, groupAction: groupActionScope(actor) },
    select: { ...EVENT_ROW, version: true },
  });
  if (!event) throw new NotFoundError();
  return event;
}

/** Changes the group's event; every copy follows (and its case's deadlines), in one transaction. */
export async function updateGroupEvent(actor: Actor, input: UpdateGroupEventInput, ctx: Ctx) {
  const before = await findGroupEvent(actor, input.groupEventId);
  return db.$transaction(async (tx) => {
    const row = toRow(input);
    const updated = await tx.groupEvent.updateMany({
      where: { id: before.id, version: input.version, deletedAt: null },
      data: { ...row, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ConflictError();
    const fields = changedFields(before, row);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'group-event.update',
      entityType: 'GroupEvent',
      entityId: before.id,
      fields,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await updateCopies(tx, actor, ctx, { ...before, ...row }, fields, before.visibility !== row.visibility);
    return { id: before.id, version: input.version + 1 };
  });
}

/** Deletes the group's event: every copy leaves its case's timeline too. */
export async function deleteGroupEvent(actor: Actor, input: { groupEventId: string; version: number }, ctx: Ctx) {
  const before = await findGroupEvent(actor, input.groupEventId);
  return db.$transaction(async (tx) => {
    const updated = await tx.groupEvent.updateMany({
      where: { id: before.id, version: input.version, deletedAt: null },
      data: { deletedAt: new Date(), version: { increment: 1 } },
    });
    if (updated.count !== 1)
      throw new ConflictError(
        'Someone else changed this event since you opened it. Reload the page to see the latest version before deleting it.',
      );
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'group-event.delete',
      entityType: 'GroupEvent',
      entityId: before.id,
      fields: ['deletedAt'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await removeCopies(tx, actor, ctx, { groupEventId: before.id });
    return { deleted: true };
  });
}
