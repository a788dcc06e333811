import type { SanctionOutcome } from '../db/generated/enums';

/** How one sanction stands (the case's own stage and outcome summarise the case as a whole). */
export const SANCTION_OUTCOME_LABELS: Record<SanctionOutcome, string> = {
  PENDING: 'Still in force, no decision yet',
  UPHELD: 'Upheld',
  OVERTURNED: 'Overturned on appeal',
  QUASHED_BY_COURT: 'Quashed by a court',
  LIFTED: 'Lifted',
  WITHDRAWN: 'Withdrawn by the party',
};
