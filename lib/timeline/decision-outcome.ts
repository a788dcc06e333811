import type { DecisionOutcome } from '../db/generated/enums';

// How a decision went for the member, in the words the event form and the timeline use. Plain data (no
// server imports), so the form can use it too.
export const DECISION_OUTCOMES = ['ADVERSE', 'FAVOURABLE', 'NOT_KNOWN'] as const satisfies readonly DecisionOutcome[];

export const DECISION_OUTCOME_LABELS: Record<DecisionOutcome, string> = {
  ADVERSE: 'It went against the member',
  FAVOURABLE: 'It went in the member’s favour',
  NOT_KNOWN: 'Not sure yet',
};

/** Shown under the choice: what each answer does to the deadlines. */
export const DECISION_OUTCOME_HINTS: Record<DecisionOutcome, string> = {
  ADVERSE: 'For example, the suspension was upheld or an expulsion confirmed. The time to appeal is counted from it.',
  FAVOURABLE: 'For example, the suspension was lifted. No appeal deadline is started.',
  NOT_KNOWN: 'The time to appeal is counted anyway, so that it is not missed. You can change this later.',
};
