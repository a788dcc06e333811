import type { Tx } from '../db/client';
import { mustWithdraw, type Privacy } from '../auth/audience';
import { writeAudit } from '../audit/write-audit';

type Ctx = { actorId: string | null; ip?: string | null; userAgent?: string | null };

/**
 * After an item's visibility or privilege changed, or it was erased: every generated PDF holding it that
 * its audience may no longer have is superseded — kept for staff, marked with why, never served to the
 * member again (lib/auth/audience.ts checks that when it is served, too) — and each withdrawal is audited.
 * Runs inside the caller's transaction, so the change and the withdrawal commit together.
 */
export async function withdrawBundlesHolding(
  tx: Tx,
  item: { evidenceId: string } | { eventId: string },
  now: Privacy | 'erased',
  why: string,
  ctx: Ctx,
): Promise<number> {
  const rows = await tx.bundleItem.findMany({
    where: { ...item, bundle: { supersededAt: null } },
    select: { onPurpose: true, bundle: { select: { id: true, audience: true, caseId: true } } },
  });
  const withdrawn = new Map<string, string | null>();
  for (const row of rows) {
    if (now === 'erased' || mustWithdraw(row.bundle.audience, now, row.onPurpose))
      withdrawn.set(row.bundle.id, row.bundle.caseId);
  }
  for (const [id, caseId] of withdrawn) {
    await tx.bundle.update({ where: { id }, data: { supersededAt: new Date(), supersededReason: why } });
    await writeAudit(tx, {
      actorId: ctx.actorId,
      action: 'bundle.superseded',
      entityType: 'Bundle',
      entityId: id,
      caseId,
      fields: ['supersededAt'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
  }
  return withdrawn.size;
}
