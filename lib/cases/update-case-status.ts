import { db } from '../db/client';
import { canChangeCaseStatus, caseScope, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { changedFields, writeAudit } from '../audit/write-audit';
import { ConflictError, NotFoundError } from '../errors';
import type { z } from 'zod';
import type { updateCaseStatusSchema } from './schemas';
import { syncDeadlines } from '../deadlines/sync-deadlines';

export async function updateCaseStatus(actor: Actor, input: z.output<typeof updateCaseStatusSchema>, ctx: Pick<RequestContext, 'ip' | 'userAgent'>) {
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findFirst({ where: { AND: [{ id: input.caseId }, caseScope(actor)] }, select: { id: true, status: true, appealStatus: true, version: true } });
    if (!kase || !canChangeCaseStatus(actor)) throw new NotFoundError();
    // Optimistic concurrency: the write only lands on the version the person was looking at.
    const updated = await tx.case.updateMany({
      where: { id: kase.id, version: input.version },
      data: { status: input.status, appealStatus: input.appealStatus, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ConflictError();
    // "No appeal offered" or a closed case closes the appeal windows (and reopening the case reopens them).
    await syncDeadlines(tx, kase.id);
    await writeAudit(tx, {
      actorId: actor.id, action: 'case.update', entityType: 'Case', entityId: kase.id, caseId: kase.id,
      fields: changedFields(kase, { status: input.status, appealStatus: input.appealStatus }), ip: ctx.ip, userAgent: ctx.userAgent,
    });
    return { version: input.version + 1 };
  });
}
