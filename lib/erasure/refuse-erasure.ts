import { db } from '../db/client';
import type { RequestContext } from '../auth/context';
import { assertActor, canDecideErasure, type Actor } from '../auth/policy';
import { writeAudit } from '../audit/write-audit';
import { NotFoundError } from '../errors';
import { assertUndecided, lockRequest } from './lock-request';
import { tellMemberRefused } from './notify';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

/** A coordinator refuses a request with a reason (e.g. an appeal still running); the member is told by email. */
export async function refuseErasure(
  actor: Actor,
  input: { requestId: string; reason: string },
  ctx: Ctx,
): Promise<{ told: boolean }> {
  assertActor(actor);
  if (!canDecideErasure(actor)) throw new NotFoundError();
  const request = await db.$transaction(async (tx) => {
    const row = await lockRequest(tx, input.requestId);
    assertUndecided(row, 'refuse');
    await tx.erasureRequest.update({
      where: { id: row.id },
      data: {
        status: 'REFUSED',
        reason: input.reason,
        decidedById: actor.id,
        decidedAt: new Date(),
        version: { increment: 1 },
      },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'erasure.refuse',
      entityType: 'ErasureRequest',
      entityId: row.id,
      fields: ['status', 'reason'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return row;
  });
  return { told: await tellMemberRefused(request, input.reason) };
}
