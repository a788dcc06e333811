import type { Tx } from '../db/client';
import type { CaseOutcome, CaseStage } from '../db/generated/enums';

/**
 * The first row of a new case's stage history (from nothing to where it starts), so the history staff
 * read always begins where the case began. Call it in the transaction that creates the case.
 */
type OpeningStage = {
  caseId: string;
  changedById: string | null;
  stage?: CaseStage;
  outcome?: CaseOutcome | null;
  reason?: string | null;
  at?: Date;
};

export async function recordOpeningStage(tx: Tx, c: OpeningStage): Promise<void> {
  await tx.caseStageChange.create({ data: openingStageRow(c) });
}

/** The row itself, for writing many at once (cases opened together). */
export function openingStageRow(c: OpeningStage) {
  return {
    caseId: c.caseId,
    fromStage: null,
    toStage: c.stage ?? ('INTAKE' as const),
    fromOutcome: null,
    toOutcome: c.outcome ?? null,
    reason: c.reason ?? 'Case opened',
    changedById: c.changedById,
    ...(c.at ? { createdAt: c.at } : {}),
  };
}
