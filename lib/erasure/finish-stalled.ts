import { db } from '../db/client';
import { runErasure } from './run-erasure';

/** How long after its approval an erasure that has not ended counts as stalled (approval runs it at once). */
export const STALLED_AFTER_MS = 15 * 60_000;

/**
 * Approved erasures that did not end (the server stopped between the approval and the end of the erasure): carried
 * out by the daily data-rights sweep (lib/retention/schedule.ts) as the coordinator who approved them, so a person's
 * data is not kept because nobody pressed "Finish the erasure". runErasure is idempotent; one that fails again is
 * left APPROVED for the next day and the coordinators' list, and the others still run.
 */
export async function finishStalledErasures(now = new Date()): Promise<{ finished: string[]; failed: string[] }> {
  const stalled = await db.erasureRequest.findMany({
    where: { status: 'APPROVED', decidedAt: { lt: new Date(now.getTime() - STALLED_AFTER_MS) } },
    orderBy: { decidedAt: 'asc' },
    select: { id: true, decidedById: true },
  });
  const approvers = await db.user.findMany({
    where: { id: { in: stalled.flatMap((r) => (r.decidedById ? [r.decidedById] : [])) } },
    select: { id: true, role: true },
  });
  const approverOf = new Map(approvers.map((u) => [u.id, u]));
  const finished: string[] = [];
  const failed: string[] = [];
  for (const r of stalled) {
    const approver = r.decidedById ? approverOf.get(r.decidedById) : undefined;
    if (!approver) {
      failed.push(r.id);
      continue;
    }
    try {
      await runErasure(approver, r.id, { ip: 'scheduled', userAgent: 'Reinstate daily sweep' });
      finished.push(r.id);
    } catch (err) {
      console.error(
        `[erasure] ${r.id}: could not finish the approved erasure:`,
        err instanceof Error ? err.message : err,
      );
      failed.push(r.id);
    }
  }
  return { finished, failed };
}
