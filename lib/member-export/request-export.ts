import { db } from '../db/client';
import { canExportOwnData, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { NotFoundError } from '../errors';
import { enqueueJob, nudgeJobs } from '../jobs/queue';
import './queue';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

/**
 * A member asks for a download of their data: a row and its build job, with the audit row, in one transaction.
 * While one is still being made, asking again returns that one (no second build).
 */
export async function requestMemberExport(actor: Actor, ctx: Ctx): Promise<{ id: string }> {
  if (!canExportOwnData(actor)) throw new NotFoundError();
  const made = await db.$transaction(async (tx) => {
    // The member's row is locked so two taps at once make one export.
    await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${actor.id} FOR UPDATE`;
    const running = await tx.memberExport.findFirst({
      where: { userId: actor.id, status: { in: ['QUEUED', 'BUILDING'] } },
      select: { id: true },
    });
    if (running) return { id: running.id, fresh: false };
    const row = await tx.memberExport.create({
      data: { userId: actor.id, progressNote: 'Waiting to start' },
      select: { id: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'member_export.request',
      entityType: 'MemberExport',
      entityId: row.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await enqueueJob('MEMBER_EXPORT', row.id, tx);
    return { id: row.id, fresh: true };
  });
  if (made.fresh) nudgeJobs();
  return { id: made.id };
}
