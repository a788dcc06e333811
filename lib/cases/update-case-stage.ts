import { db } from '../db/client';
import { canChangeCaseStage, caseScope, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { changedFields, writeAudit } from '../audit/write-audit';
import { ConflictError, NotFoundError } from '../errors';
import type { z } from 'zod';
import type { updateCaseStageSchema } from './schemas';
import { syncDeadlines } from '../deadlines/sync-deadlines';

/**
 * Changes where the case is (stage) and how it went (outcome), each on its own, and the appeal status.
 * A change of stage or outcome is kept in CaseStageChange with the reason given, in the same transaction
 * as the case and its audit row (which names the fields changed, never their values).
 */
export async function updateCaseStage(
  actor: Actor,
  input: z.output<typeof updateCaseStageSchema>,
  ctx: Pick<RequestContext, 'ip' | 'userAgent'>,
) {
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findFirst({
      where: { AND: [{ id: input.caseId }, caseScope(actor)] },
      select: { id: true, stage: true, outcome: true, appealStatus: true, version: true },
    });
    if (!kase || !canChangeCaseStage(actor)) throw new NotFoundError();
    const next = { stage: input.stage, outcome: input.outcome, appealStatus: input.appealStatus };
    // Optimistic concurrency: the write only lands on the version the person was looking at.
    const updated = await tx.case.updateMany({
      where: { id: kase.id, version: input.version },
      data: { ...next, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ConflictError();
    const fields = changedFields(kase, next);
    const moved = fields.includes('stage') || fields.includes('outcome');
    if (moved) {
      await tx.caseStageChange.create({
        data: {
          caseId: kase.id,
          fromStage: kase.stage,
          toStage: input.stage,
          fromOutcome: kase.outcome,
          toOutcome: input.outcome,
          reason: input.reason,
          changedById: actor.id,
        },
      });
    }
    // "No appeal offered" or a closed case closes the appeal windows (and reopening the case reopens them).
    await syncDeadlines(tx, kase.id);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'case.update',
      entityType: 'Case',
      entityId: kase.id,
      caseId: kase.id,
      fields: moved && input.reason ? [...fields, 'reason'] : fields,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { version: input.version + 1 };
  });
}
