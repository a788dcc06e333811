import { db } from '../db/client';
import type { Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { ConflictError } from '../errors';
import { findManageableDeadline } from './deadline-services';

/**
 * Waives several deadlines for one reason, all or none: each is authorized against its own case and
 * triggering event (one the actor may not manage is "not found", and nothing is waived), and each gets
 * its own audit row, so the Activity tab of every case it touches says so.
 */
export async function waiveDeadlines(
  actor: Actor,
  input: { deadlineIds: string[]; reason: string },
  ctx: Pick<RequestContext, 'ip' | 'userAgent'>,
) {
  return db.$transaction(async (tx) => {
    const found = [];
    for (const id of input.deadlineIds) found.push(await findManageableDeadline(tx, actor, id));
    // The list the person ticked from is stale if someone waived one meanwhile: say so rather than overwrite their reason.
    const stale = () =>
      new ConflictError(
        'Someone has already waived one of these deadlines since you opened the page. Reload the page to see it, then try again.',
      );
    if (found.some((d) => d.waivedAt)) throw stale();
    // `waivedAt: null` in the write too: a waiver committed meanwhile by someone else makes the count short.
    const { count } = await tx.deadline.updateMany({
      where: { id: { in: found.map((d) => d.id) }, waivedAt: null },
      data: { waivedAt: new Date(), waivedReason: input.reason, waivedById: actor.id },
    });
    if (count !== found.length) throw stale();
    for (const d of found) {
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'deadline.waive',
        entityType: 'Deadline',
        entityId: d.id,
        caseId: d.caseId,
        fields: ['waivedAt', 'waivedReason'],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
    }
    return { waived: found.length };
  });
}
