import { db } from '../db/client';
import { canManageGroupActions, caseScope, groupActionScope, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { InvalidError, NotFoundError } from '../errors';
import { copyEventsToCase, removeCopies } from './copies';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

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

/** Links a member's case to a group action: the group's events so far are copied onto its timeline, in the same transaction. */
export async function linkGroupCase(actor: Actor, input: { groupActionId: string; caseReference: string }, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    if (!canManageGroupActions(actor)) throw new NotFoundError();
    const ga = await tx.groupAction.findFirst({
      where: { id: input.groupActionId, ...groupActionScope(actor) },
      select: { id: true },
    });
    if (!ga) throw new NotFoundError();
    const kase = await tx.case.findFirst({
      where: { AND: [{ reference: input.caseReference }, caseScope(actor)] },
      select: { id: true },
    });
    if (!kase)
      throw new InvalidError('Please check the highlighted fields.', {
        caseReference: 'We could not find a case with that reference',
      });
    const existing = await tx.groupActionCase.findUnique({
      where: { groupActionId_caseId: { groupActionId: ga.id, caseId: kase.id } },
      select: { caseId: true },
    });
    if (existing)
      throw new InvalidError('Please check the highlighted fields.', {
        caseReference: 'That case is already linked to this group action',
      });
    await tx.groupActionCase.create({ data: { groupActionId: ga.id, caseId: kase.id } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'group-action.link-case',
      entityType: 'GroupAction',
      entityId: ga.id,
      caseId: kase.id,
      fields: ['groupAction'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    const events = await tx.groupEvent.findMany({
      where: { groupActionId: ga.id, deletedAt: null },
      orderBy: { occurredOn: 'asc' },
      select: EVENT_ROW,
    });
    await copyEventsToCase(tx, actor, ctx, kase.id, events);
    return { caseId: kase.id };
  });
}

/** Unlinks a case: the group's events leave its timeline (soft-deleted copies, kept for the record). */
export async function unlinkGroupCase(actor: Actor, input: { groupActionId: string; caseId: string }, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    if (!canManageGroupActions(actor)) throw new NotFoundError();
    const link = await tx.groupActionCase.findFirst({
      where: {
        groupActionId: input.groupActionId,
        caseId: input.caseId,
        case: caseScope(actor),
        groupAction: groupActionScope(actor),
      },
      select: { groupActionId: true, caseId: true },
    });
    if (!link) throw new NotFoundError();
    await tx.groupActionCase.delete({
      where: { groupActionId_caseId: { groupActionId: link.groupActionId, caseId: link.caseId } },
    });
    await removeCopies(tx, actor, ctx, { caseId: link.caseId, groupActionId: link.groupActionId });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'group-action.unlink-case',
      entityType: 'GroupAction',
      entityId: link.groupActionId,
      caseId: link.caseId,
      fields: ['groupAction'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { deleted: true };
  });
}
