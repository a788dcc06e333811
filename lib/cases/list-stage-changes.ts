import { db } from '../db/client';
import { canSeeStageHistory, caseScope, type Actor } from '../auth/policy';
import { NotFoundError } from '../errors';

/** A case's stage and outcome changes with their reasons, newest first: staff only, on cases they may open. */
export async function listStageChanges(actor: Actor, caseId: string) {
  if (!canSeeStageHistory(actor)) throw new NotFoundError();
  const kase = await db.case.findFirst({ where: { AND: [{ id: caseId }, caseScope(actor)] }, select: { id: true } });
  if (!kase) throw new NotFoundError();
  return db.caseStageChange.findMany({
    where: { caseId: kase.id },
    orderBy: [{ createdAt: 'desc' }, { id: 'desc' }],
    select: {
      id: true,
      fromStage: true,
      toStage: true,
      fromOutcome: true,
      toOutcome: true,
      reason: true,
      createdAt: true,
      changedBy: { select: { name: true, role: true } },
    },
  });
}

export type StageChange = Awaited<ReturnType<typeof listStageChanges>>[number];
