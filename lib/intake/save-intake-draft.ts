import { db } from '../db/client';
import { canLogCase, type Actor } from '../auth/policy';
import { writeAudit } from '../audit/write-audit';
import type { RequestContext } from '../auth/context';
import type { IntakeDraftInput } from './schemas';
import { NotFoundError } from '../errors';

export async function saveIntakeDraft(
  actor: Actor,
  draft: IntakeDraftInput,
  ctx: Pick<RequestContext, 'ip' | 'userAgent'>,
): Promise<{ savedAt: Date }> {
  if (!canLogCase(actor)) throw new NotFoundError();
  return db.$transaction(async (tx) => {
    const saved = await tx.intakeDraft.upsert({
      where: { userId: actor.id },
      create: { userId: actor.id, step: draft.step, data: draft.data },
      update: { step: draft.step, data: draft.data },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'intake_draft.save',
      entityType: 'IntakeDraft',
      entityId: saved.id,
      fields: Object.keys(draft.data),
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { savedAt: saved.updatedAt };
  });
}

export async function getIntakeDraft(actor: Actor): Promise<{ step: number; data: Record<string, unknown> } | null> {
  const draft = await db.intakeDraft.findUnique({ where: { userId: actor.id }, select: { step: true, data: true } });
  return draft ? { step: draft.step, data: (draft.data ?? {}) as Record<string, unknown> } : null;
}
