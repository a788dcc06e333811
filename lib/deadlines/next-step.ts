import type { DeadlineKind } from '../db/generated/enums';
import type { DeadlineStatus } from './sync-deadlines';

// What to do about a deadline, as one-click letter drafts. The chain for an unanswered subject
// access request is: the request → a chaser once the reply is overdue → a complaint to the ICO.
export const LETTER_KEYS = {
  sar: 'subject-access-request',
  chaser: 'chaser',
  ico: 'ico-complaint',
  particulars: 'request-for-particulars',
  response: 'response-to-investigation',
  appeal: 'appeal-against-decision',
} as const;

export type NextStep = { label: string; templateKey: string; deadlineId: string; parentLetterId?: string };

type LetterLite = { id: string; templateKey: string; deadlineId: string | null; eventId: string; sentOn: Date };

/** Suggestions for one deadline, given the letters already filed on the case. */
export function nextSteps(
  d: { id: string; kind: DeadlineKind; eventId: string },
  status: DeadlineStatus,
  letters: LetterLite[],
): NextStep[] {
  if (status === 'met' || status === 'waived' || status === 'closed') return [];
  const forThis = letters.filter((l) => l.deadlineId === d.id);
  const triggerLetter = letters.find((l) => l.eventId === d.eventId);
  const latest = (key: string) => forThis.filter((l) => l.templateKey === key).sort((a, b) => +b.sentOn - +a.sentOn)[0];
  switch (d.kind) {
    case 'SAR_REPLY': {
      if (status !== 'missed') return [];
      const chaser = latest(LETTER_KEYS.chaser);
      if (!chaser)
        return [
          {
            label: 'Draft a chaser for the overdue reply',
            templateKey: LETTER_KEYS.chaser,
            deadlineId: d.id,
            parentLetterId: triggerLetter?.id,
          },
        ];
      if (!latest(LETTER_KEYS.ico))
        return [
          {
            label: 'Draft a complaint to the Information Commissioner’s Office',
            templateKey: LETTER_KEYS.ico,
            deadlineId: d.id,
            parentLetterId: chaser.id,
          },
        ];
      return [];
    }
    case 'INVESTIGATION_REPLY': {
      const steps: NextStep[] = [];
      if (!letters.some((l) => l.templateKey === LETTER_KEYS.particulars)) {
        steps.push({
          label: 'Ask for the particulars of the allegations and the evidence',
          templateKey: LETTER_KEYS.particulars,
          deadlineId: d.id,
          parentLetterId: triggerLetter?.id,
        });
      }
      steps.push({ label: 'Draft a response to the notice', templateKey: LETTER_KEYS.response, deadlineId: d.id });
      return steps;
    }
    case 'LETTER_REPLY': {
      // A letter that asked for a reply within a stated time: once overdue, a chaser that follows it up.
      // (A chaser that went unanswered is not chased again: the chain's next step is the trigger's own.)
      if (status !== 'missed' || latest(LETTER_KEYS.chaser) || triggerLetter?.templateKey === LETTER_KEYS.chaser)
        return [];
      return [
        {
          label: 'Draft a chaser for the overdue reply',
          templateKey: LETTER_KEYS.chaser,
          deadlineId: d.id,
          parentLetterId: triggerLetter?.id,
        },
      ];
    }
    case 'APPEAL_WINDOW':
      if (status === 'missed' || letters.some((l) => l.templateKey === LETTER_KEYS.appeal && l.deadlineId === d.id))
        return [];
      return [{ label: 'Draft an appeal against the decision', templateKey: LETTER_KEYS.appeal, deadlineId: d.id }];
  }
}

export function draftHref(reference: string, step: NextStep): string {
  const q = new URLSearchParams({ template: step.templateKey, deadline: step.deadlineId });
  if (step.parentLetterId) q.set('parent', step.parentLetterId);
  return `/cases/${reference}/letters/new?${q.toString()}`;
}
