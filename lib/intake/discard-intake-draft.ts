import { db } from '../db/client';
import { canLogCase, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { NotFoundError } from '../errors';

/**
 * Throws away the member's half-finished case form. The draft is found by the caller's own id only —
 * the input names no draft — so nobody can discard someone else's. Discarding when there is no draft
 * (a second tab already did it) is not an error: the member wanted it gone and it is gone.
 */
export async function discardIntakeDraft(
  actor: Actor,
  ctx: Pick<RequestContext, 'ip' | 'userAgent'>,
): Promise<{ discarded: boolean }> {
  if (!canLogCase(actor)) throw new NotFoundError();
  return db.$transaction(async (tx) => {
    const draft = await tx.intakeDraft.findUnique({ where: { userId: actor.id }, select: { id: true, data: true } });
    if (!draft) return { discarded: false };
    await tx.intakeDraft.delete({ where: { id: draft.id } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'intake_draft.discard',
      entityType: 'IntakeDraft',
      entityId: draft.id,
      fields: Object.keys((draft.data ?? {}) as Record<string, unknown>),
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { discarded: true };
  });
}
