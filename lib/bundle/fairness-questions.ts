// The fairness questions of a reinstatement review (DOMAIN.md, "The bundle"), in plain English.
// No imports: the review form (a client component) and the PDF renderer share these exact words.

export const FAIRNESS_KEYS = [
  'TOLD_ALLEGATIONS',
  'SHOWN_EVIDENCE',
  'CHANCE_TO_RESPOND',
  'UNCONFLICTED_BODY',
  'REASONABLE_TIME',
  'RULE_IN_FORCE',
  'APPEAL_OFFERED',
] as const;

export type FairnessKey = (typeof FAIRNESS_KEYS)[number];
export type FairnessAnswer = 'YES' | 'NO' | 'UNKNOWN';

export const FAIRNESS_QUESTIONS: Record<FairnessKey, string> = {
  TOLD_ALLEGATIONS: 'Was the member told the allegations against them?',
  SHOWN_EVIDENCE: 'Was the member shown the evidence relied on against them?',
  CHANCE_TO_RESPOND: 'Was the member given a fair chance to respond before a decision was made?',
  UNCONFLICTED_BODY: 'Was the case decided by people with no conflict of interest?',
  REASONABLE_TIME: 'Was the case dealt with within a reasonable time?',
  RULE_IN_FORCE: 'Did the rule relied on exist when the conduct happened?',
  APPEAL_OFFERED: 'Was the member offered an appeal?',
};

/** How an answer is written for a person: "Not known" rather than "UNKNOWN". */
export const FAIRNESS_ANSWER_LABELS: Record<FairnessAnswer, string> = { YES: 'Yes', NO: 'No', UNKNOWN: 'Not known' };
