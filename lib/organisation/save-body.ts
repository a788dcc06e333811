import { db } from '../db/client';
import { canManageOrganisation, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { ConflictError, InvalidError, NotFoundError } from '../errors';
import type { z } from 'zod';
import type { saveBodySchema } from './schemas';
import { CHANGED_ELSEWHERE } from './update-organisation';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

/**
 * A body of the party (the General Secretary, the governance and legal unit…): its name, postal address
 * and email, which letters are addressed to. One per kind; an existing one is changed at the values the
 * person loaded, a missing kind can be added. Bodies are never deleted (sanctions and letters name them).
 */
export async function saveBody(actor: Actor, input: z.output<typeof saveBodySchema>, ctx: Ctx) {
  if (!canManageOrganisation(actor)) throw new NotFoundError();
  return db.$transaction(async (tx) => {
    const org = await tx.organisation.findFirst({ orderBy: { createdAt: 'asc' }, select: { id: true } });
    if (!org) throw new NotFoundError();
    const data = { name: input.name, postalAddress: input.postalAddress ?? null, email: input.email ?? null };
    const existing = await tx.body.findUnique({
      where: { organisationId_kind: { organisationId: org.id, kind: input.kind } },
      select: { id: true },
    });
    if (!input.was) {
      if (existing)
        throw new InvalidError('This body is already recorded: change it below instead.', {
          kind: 'This body is already recorded',
        });
      const body = await tx.body.create({
        data: { organisationId: org.id, kind: input.kind, ...data },
        select: { id: true },
      });
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'body.create',
        entityType: 'Body',
        entityId: body.id,
        fields: ['kind', ...Object.keys(data).filter((k) => data[k as keyof typeof data] !== null)],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      return { id: body.id, fields: ['kind'] };
    }
    if (!existing) throw new ConflictError(CHANGED_ELSEWHERE);
    const fields = (Object.keys(data) as (keyof typeof data)[]).filter((k) => data[k] !== input.was![k]);
    if (fields.length === 0) return { id: existing.id, fields };
    const updated = await tx.body.updateMany({ where: { id: existing.id, ...input.was }, data });
    if (updated.count !== 1) throw new ConflictError(CHANGED_ELSEWHERE);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'body.update',
      entityType: 'Body',
      entityId: existing.id,
      fields,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { id: existing.id, fields };
  });
}
