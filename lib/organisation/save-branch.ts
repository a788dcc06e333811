import { db, type Tx } from '../db/client';
import { canManageOrganisation, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { ConflictError, InvalidError, NotFoundError } from '../errors';
import { CHANGED_ELSEWHERE } from './update-organisation';
import { forgetFilterOptions } from '../cases/find-filter-options';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;
type BranchInput = { name: string; regionId: string; constituency?: string; memberCount: number };
type BranchWas = { name: string; regionId: string; constituency: string | null; memberCount: number };

async function checkBranch(tx: Tx, input: BranchInput, exceptId?: string) {
  const clash = await tx.branch.findFirst({
    where: { name: { equals: input.name, mode: 'insensitive' }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true },
  });
  if (clash)
    throw new InvalidError('Please check the highlighted fields.', {
      name: `There is already a branch called “${clash.name}”. Choose another name.`,
    });
  if (!(await tx.region.findUnique({ where: { id: input.regionId }, select: { id: true } }))) {
    throw new InvalidError('Please check the highlighted fields.', {
      regionId: 'That region no longer exists. Reload the page and choose again.',
    });
  }
}

const rowOf = (input: BranchInput) => ({
  name: input.name,
  regionId: input.regionId,
  constituency: input.constituency ?? null,
  memberCount: input.memberCount,
});

/**
 * Adds a branch. Branches are never deleted (members and cases refer to them); rename one instead.
 * The member count feeds small-cell suppression in the statistics.
 */
export async function createBranch(actor: Actor, input: BranchInput, ctx: Ctx) {
  if (!canManageOrganisation(actor)) throw new NotFoundError();
  return db
    .$transaction(async (tx) => {
      await checkBranch(tx, input);
      const data = rowOf(input);
      const branch = await tx.branch.create({ data, select: { id: true } });
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'branch.create',
        entityType: 'Branch',
        entityId: branch.id,
        fields: Object.keys(data).filter((k) => data[k as keyof typeof data] !== null),
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      return branch;
    })
    .finally(forgetFilterOptions);
}

/** Renames a branch or changes its region, constituency or member count, at the values the person loaded. */
export async function updateBranch(actor: Actor, input: BranchInput & { branchId: string; was: BranchWas }, ctx: Ctx) {
  if (!canManageOrganisation(actor)) throw new NotFoundError();
  return db
    .$transaction(async (tx) => {
      if (!(await tx.branch.findUnique({ where: { id: input.branchId }, select: { id: true } })))
        throw new NotFoundError();
      const data = rowOf(input);
      const fields = (Object.keys(data) as (keyof typeof data)[]).filter((k) => data[k] !== input.was[k]);
      if (fields.length === 0) return { id: input.branchId, fields };
      await checkBranch(tx, input, input.branchId);
      const updated = await tx.branch.updateMany({ where: { id: input.branchId, ...input.was }, data });
      if (updated.count !== 1) throw new ConflictError(CHANGED_ELSEWHERE);
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'branch.update',
        entityType: 'Branch',
        entityId: input.branchId,
        fields,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      return { id: input.branchId, fields };
    })
    .finally(forgetFilterOptions);
}
