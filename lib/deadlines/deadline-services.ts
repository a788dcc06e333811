import { db, type Tx } from '../db/client';
import { canManageDeadlines, caseScope, type Actor } from '../auth/policy';
import { itemsForReader } from '../auth/audience';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { InvalidError, NotFoundError } from '../errors';
import { syncDeadlines } from './sync-deadlines';
import type { Jurisdiction } from '../db/generated/enums';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

/** A deadline the actor may see (through its case and its triggering event) and manage; otherwise NotFound. */
export async function findManageableDeadline(tx: Tx, actor: Actor, deadlineId: string) {
  const d = await tx.deadline.findFirst({
    where: { id: deadlineId, case: caseScope(actor), event: { deletedAt: null, ...itemsForReader(actor) } },
    select: { id: true, caseId: true, kind: true, waivedAt: true, extendedAt: true },
  });
  if (!d || !canManageDeadlines(actor)) throw new NotFoundError();
  return d;
}

export async function waiveDeadline(actor: Actor, input: { deadlineId: string; reason: string }, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    const d = await findManageableDeadline(tx, actor, input.deadlineId);
    await tx.deadline.update({
      where: { id: d.id },
      data: { waivedAt: new Date(), waivedReason: input.reason, waivedById: actor.id },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'deadline.waive',
      entityType: 'Deadline',
      entityId: d.id,
      caseId: d.caseId,
      fields: ['waivedAt', 'waivedReason'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { id: d.id };
  });
}

export async function unwaiveDeadline(actor: Actor, input: { deadlineId: string }, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    const d = await findManageableDeadline(tx, actor, input.deadlineId);
    await tx.deadline.update({ where: { id: d.id }, data: { waivedAt: null, waivedReason: null, waivedById: null } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'deadline.unwaive',
      entityType: 'Deadline',
      entityId: d.id,
      caseId: d.caseId,
      fields: ['waivedAt', 'waivedReason'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { id: d.id };
  });
}

/** The controller said it needs two further months (UK GDPR Art. 12(3)): the reply date is recomputed from receipt. */
export async function setSarExtension(actor: Actor, input: { deadlineId: string; extended: boolean }, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    const d = await findManageableDeadline(tx, actor, input.deadlineId);
    if (d.kind !== 'SAR_REPLY') {
      throw new InvalidError('Only the reply to a subject access request can be extended.', {
        extended: 'Only the reply to a subject access request can be extended',
      });
    }
    await tx.deadline.update({
      where: { id: d.id },
      data: input.extended
        ? { extendedAt: new Date(), extendedById: actor.id }
        : { extendedAt: null, extendedById: null },
    });
    await syncDeadlines(tx, d.caseId);
    await writeAudit(tx, {
      actorId: actor.id,
      action: input.extended ? 'deadline.extend' : 'deadline.unextend',
      entityType: 'Deadline',
      entityId: d.id,
      caseId: d.caseId,
      fields: ['extendedAt', 'dueOn'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { id: d.id };
  });
}

/** Per-case bank-holiday calendar and appeal window (blank: the organisation's); every deadline is recomputed. */
export async function updateDeadlineSettings(
  actor: Actor,
  input: { caseId: string; jurisdiction?: string; appealWindowDays?: number },
  ctx: Ctx,
) {
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findFirst({
      where: { AND: [{ id: input.caseId }, caseScope(actor)] },
      select: { id: true, jurisdiction: true, appealWindowDays: true },
    });
    if (!kase || !canManageDeadlines(actor)) throw new NotFoundError();
    const data = {
      jurisdiction: (input.jurisdiction ?? null) as Jurisdiction | null,
      appealWindowDays: input.appealWindowDays ?? null,
    };
    await tx.case.update({ where: { id: kase.id }, data });
    await syncDeadlines(tx, kase.id);
    const fields = (['jurisdiction', 'appealWindowDays'] as const).filter((k) => kase[k] !== data[k]);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.deadline-settings',
      entityType: 'Case',
      entityId: kase.id,
      caseId: kase.id,
      fields,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return data;
  });
}
