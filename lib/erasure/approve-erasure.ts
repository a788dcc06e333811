import { db } from '../db/client';
import type { RequestContext } from '../auth/context';
import { assertActor, canDecideErasure, type Actor } from '../auth/policy';
import { writeAudit } from '../audit/write-audit';
import { NotFoundError } from '../errors';
import { appendErasureLog } from './erasure-log';
import { assertUndecided, currentSubject, lockRequest } from './lock-request';
import { runErasure, type ErasureResult } from './run-erasure';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

/**
 * A coordinator approves: the request becomes APPROVED (audited), the erasure log outside the database gets its line,
 * then the erasure runs (runErasure). If that stops part-way, the request stays APPROVED and "Finish the erasure"
 * runs the same idempotent step again.
 */
export async function approveErasure(actor: Actor, requestId: string, ctx: Ctx): Promise<ErasureResult> {
  assertActor(actor);
  if (!canDecideErasure(actor)) throw new NotFoundError();
  const approved = await db.$transaction(async (tx) => {
    const row = await lockRequest(tx, requestId);
    assertUndecided(row, 'approve');
    const subject = await currentSubject(tx, row);
    await tx.erasureRequest.update({
      where: { id: row.id },
      data: {
        status: 'APPROVED',
        personId: subject.personId,
        decidedById: actor.id,
        decidedAt: new Date(),
        version: { increment: 1 },
      },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'erasure.approve',
      entityType: 'ErasureRequest',
      entityId: row.id,
      fields: ['status'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    const cases = subject.personId
      ? await tx.case.findMany({ where: { personId: subject.personId }, select: { id: true } })
      : [];
    return { row: { ...row, ...subject }, caseIds: cases.map((c) => c.id) };
  });
  // Written before any row goes: a restore of a backup taken before this moment replays it (lib/erasure/replay.ts).
  await appendErasureLog({
    requestId: approved.row.id,
    personId: approved.row.personId,
    userId: approved.row.userId,
    caseIds: approved.caseIds,
    on: new Date().toISOString(),
  });
  return runErasure(actor, requestId, ctx);
}

/** Finishes an approved erasure that stopped part-way (or does nothing on one already done). */
export async function finishErasure(actor: Actor, requestId: string, ctx: Ctx): Promise<ErasureResult> {
  assertActor(actor);
  if (!canDecideErasure(actor)) throw new NotFoundError();
  return runErasure(actor, requestId, ctx);
}
