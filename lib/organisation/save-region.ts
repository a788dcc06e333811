import { db, type Tx } from '../db/client';
import { canManageOrganisation, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { ConflictError, InvalidError, NotFoundError } from '../errors';
import { CHANGED_ELSEWHERE } from './update-organisation';
import { forgetFilterOptions } from '../cases/find-filter-options';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

/** A name already used by another region (any case): said plainly next to the field. */
async function refuseDuplicate(tx: Tx, name: string, exceptId?: string) {
  const clash = await tx.region.findFirst({
    where: { name: { equals: name, mode: 'insensitive' }, ...(exceptId ? { id: { not: exceptId } } : {}) },
    select: { name: true },
  });
  if (clash)
    throw new InvalidError('Please check the highlighted fields.', {
      name: `There is already a region called “${clash.name}”. Choose another name.`,
    });
}

/** Adds a region. Regions are never deleted (branches and people belong to them); rename one instead. */
export async function createRegion(actor: Actor, input: { name: string }, ctx: Ctx) {
  if (!canManageOrganisation(actor)) throw new NotFoundError();
  return db
    .$transaction(async (tx) => {
      await refuseDuplicate(tx, input.name);
      const region = await tx.region.create({ data: { name: input.name }, select: { id: true } });
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'region.create',
        entityType: 'Region',
        entityId: region.id,
        fields: ['name'],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      return region;
    })
    .finally(forgetFilterOptions);
}

export async function renameRegion(
  actor: Actor,
  input: { regionId: string; name: string; was: { name: string } },
  ctx: Ctx,
) {
  if (!canManageOrganisation(actor)) throw new NotFoundError();
  return db
    .$transaction(async (tx) => {
      if (!(await tx.region.findUnique({ where: { id: input.regionId }, select: { id: true } })))
        throw new NotFoundError();
      if (input.name === input.was.name) return { id: input.regionId, fields: [] };
      await refuseDuplicate(tx, input.name, input.regionId);
      const updated = await tx.region.updateMany({
        where: { id: input.regionId, name: input.was.name },
        data: { name: input.name },
      });
      if (updated.count !== 1) throw new ConflictError(CHANGED_ELSEWHERE);
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'region.update',
        entityType: 'Region',
        entityId: input.regionId,
        fields: ['name'],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      return { id: input.regionId, fields: ['name'] };
    })
    .finally(forgetFilterOptions);
}
