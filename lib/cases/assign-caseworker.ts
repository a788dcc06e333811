import { db } from '../db/client';
import { canAssign, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { InvalidError, NotFoundError } from '../errors';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

export async function assignCaseworker(actor: Actor, input: { caseId: string; caseworkerId: string }, ctx: Ctx) {
  if (!canAssign(actor)) throw new NotFoundError();
  return db.$transaction(async (tx) => {
    // Lock the case row: two simultaneous assignments of the same person cannot both pass the check below.
    const locked = await tx.$queryRaw<
      { id: string }[]
    >`SELECT "id" FROM "Case" WHERE "id" = ${input.caseId} FOR UPDATE`;
    const kase = locked[0];
    if (!kase) throw new NotFoundError();
    const caseworker = await tx.user.findUnique({
      where: { id: input.caseworkerId },
      select: { id: true, role: true, disabledAt: true },
    });
    if (!caseworker || caseworker.role === 'MEMBER' || caseworker.disabledAt) {
      throw new InvalidError('Please check the highlighted fields.', {
        caseworkerId: 'Choose an active caseworker from the list',
      });
    }
    const existing = await tx.assignment.findFirst({
      where: { caseId: kase.id, caseworkerId: caseworker.id, endedAt: null },
      select: { id: true },
    });
    if (existing)
      throw new InvalidError('Please check the highlighted fields.', {
        caseworkerId: 'That caseworker is already assigned to this case',
      });
    const assignment = await tx.assignment.create({
      data: { caseId: kase.id, caseworkerId: caseworker.id, assignedById: actor.id },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'assignment.create',
      entityType: 'Assignment',
      entityId: assignment.id,
      caseId: kase.id,
      fields: ['caseworkerId'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { assignmentId: assignment.id };
  });
}

/** Ends an assignment: the caseworker's access to the case ends with it. */
export async function unassignCaseworker(actor: Actor, input: { assignmentId: string }, ctx: Ctx) {
  if (!canAssign(actor)) throw new NotFoundError();
  return db.$transaction(async (tx) => {
    const assignment = await tx.assignment.findFirst({
      where: { id: input.assignmentId, endedAt: null },
      select: { id: true, caseId: true },
    });
    if (!assignment) throw new NotFoundError();
    await tx.assignment.update({ where: { id: assignment.id }, data: { endedAt: new Date() } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'assignment.end',
      entityType: 'Assignment',
      entityId: assignment.id,
      caseId: assignment.caseId,
      fields: ['endedAt'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { ended: true };
  });
}

export async function listCaseworkers() {
  return db.user.findMany({
    where: { role: { in: ['CASEWORKER', 'COORDINATOR'] }, disabledAt: null },
    orderBy: { name: 'asc' },
    select: { id: true, name: true, role: true },
  });
}
