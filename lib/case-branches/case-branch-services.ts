import { db } from '../db/client';
import { canEditCaseBranches, caseScope, isStaff, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { InvalidError, NotFoundError } from '../errors';
import type { AddCaseBranchInput } from './schemas';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;
const day = (s?: string) => (s ? new Date(`${s}T00:00:00.000Z`) : null);

/** Adds a branch to the case's history (staff on cases they can open). The member's current branch stays on their details. */
export async function addCaseBranch(actor: Actor, input: AddCaseBranchInput, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    if (!canEditCaseBranches(actor)) throw new NotFoundError();
    const kase = await tx.case.findFirst({
      where: { AND: [{ id: input.caseId }, caseScope(actor)] },
      select: { id: true },
    });
    if (!kase) throw new NotFoundError();
    if (!(await tx.branch.findUnique({ where: { id: input.branchId }, select: { id: true } }))) {
      throw new InvalidError('Please check the highlighted fields.', { branchId: 'Choose a branch from the list' });
    }
    if (
      await tx.caseBranch.findUnique({
        where: { caseId_branchId: { caseId: kase.id, branchId: input.branchId } },
        select: { id: true },
      })
    ) {
      throw new InvalidError('Please check the highlighted fields.', {
        branchId: 'That branch is already in the case’s history',
      });
    }
    const row = await tx.caseBranch.create({
      data: { caseId: kase.id, branchId: input.branchId, fromOn: day(input.fromOn), untilOn: day(input.untilOn) },
      select: { id: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case-branch.create',
      entityType: 'CaseBranch',
      entityId: row.id,
      caseId: kase.id,
      fields: ['branchId', ...(input.fromOn ? ['fromOn'] : []), ...(input.untilOn ? ['untilOn'] : [])],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { id: row.id };
  });
}

export async function removeCaseBranch(actor: Actor, input: { caseBranchId: string }, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    if (!canEditCaseBranches(actor)) throw new NotFoundError();
    const row = await tx.caseBranch.findFirst({
      where: { id: input.caseBranchId, case: caseScope(actor) },
      select: { id: true, caseId: true },
    });
    if (!row) throw new NotFoundError();
    await tx.caseBranch.delete({ where: { id: row.id } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case-branch.delete',
      entityType: 'CaseBranch',
      entityId: row.id,
      caseId: row.caseId,
      fields: ['branchId'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { deleted: true };
  });
}

/** The case's branches over time, oldest first (staff). */
export async function listCaseBranches(actor: Actor, caseId: string) {
  if (!isStaff(actor)) return [];
  const rows = await db.caseBranch.findMany({
    where: { caseId, case: caseScope(actor) },
    orderBy: [{ fromOn: { sort: 'asc', nulls: 'first' } }, { createdAt: 'asc' }],
    select: { id: true, fromOn: true, untilOn: true, branch: { select: { name: true } } },
  });
  return rows.map((r) => ({
    id: r.id,
    branch: r.branch.name,
    fromOn: r.fromOn?.toISOString().slice(0, 10) ?? null,
    untilOn: r.untilOn?.toISOString().slice(0, 10) ?? null,
  }));
}
export type CaseBranchRow = Awaited<ReturnType<typeof listCaseBranches>>[number];
