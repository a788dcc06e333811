import type { CaseOutcome, CaseStage, DatePrecision, EventType } from '../db/generated/enums';
import { formatPartialDate } from '../dates/partial-date';

type Event = { type: EventType; occurredOn: Date; datePrecision: DatePrecision; createdAt: Date };
export type OutcomeSuggestion = { stage: CaseStage; outcome: CaseOutcome; because: string };

/**
 * An outcome the timeline suggests and the case does not say yet: a resignation, or an endorsement after the
 * selection was re-run. Only a suggestion: staff decide (a resignation may have been withdrawn, an endorsement
 * may come with conditions), so it is made only from entries added since the stage or outcome was last set.
 * Events in date order, as the timeline keeps them.
 */
export function suggestOutcome(
  events: Event[],
  current: { stage: CaseStage; outcome: CaseOutcome | null },
  lastSetAt: Date | null,
): OutcomeSuggestion | null {
  const fresh = (e: Event) => !lastSetAt || e.createdAt > lastSetAt;
  const last = (type: EventType) => events.filter((e) => e.type === type).at(-1);
  const resigned = last('RESIGNED');
  if (resigned && fresh(resigned) && current.outcome !== 'RESIGNED') {
    return {
      stage: 'CLOSED',
      outcome: 'RESIGNED',
      because: `The timeline records a resignation (${formatPartialDate(resigned.occurredOn, resigned.datePrecision)}).`,
    };
  }
  const rerun = last('SELECTION_RERUN');
  const endorsed = last('ENDORSED');
  if (
    rerun &&
    endorsed &&
    fresh(endorsed) &&
    endorsed.occurredOn >= rerun.occurredOn &&
    current.outcome !== 'ENDORSED_AFTER_RERUN'
  ) {
    return {
      stage: 'CLOSED',
      outcome: 'ENDORSED_AFTER_RERUN',
      because: `The timeline records the selection re-run (${formatPartialDate(rerun.occurredOn, rerun.datePrecision)}) and then an endorsement (${formatPartialDate(endorsed.occurredOn, endorsed.datePrecision)}).`,
    };
  }
  return null;
}
