import type {
  AppealStatus,
  BodyKind,
  CaseOutcome,
  CaseRelation,
  CaseStage,
  ConsentMethod,
  EventType,
  GroupMeasure,
  ReasonCategory,
  SanctionType,
} from '../db/generated/enums';

// Plain words a member would use, in one place for forms, pages and filters.
export const SANCTION_TYPE_LABELS: Record<SanctionType, string> = {
  ADMINISTRATIVE_SUSPENSION: 'Administrative suspension (pending investigation)',
  SUSPENSION: 'Suspension',
  EXPULSION: 'Expulsion',
  AUTO_EXCLUSION: 'Auto-exclusion (proscribed organisation)',
  WHIP_WITHDRAWN: 'Parliamentary whip withdrawn',
  ENDORSEMENT_WITHHELD: 'Endorsement withheld (as a candidate)',
  BRANCH_SUSPENDED: 'Whole branch suspended',
  MEMBERSHIP_REFUSED: 'Membership or rejoining refused',
  OTHER: 'Something else',
};

export const BODY_LABELS: Record<BodyKind, string> = {
  GENERAL_SECRETARY: 'General Secretary (or acting General Secretary)',
  GOVERNANCE_LEGAL_UNIT: 'Governance and legal unit',
  NEC_DISPUTES_PANEL: 'National executive committee (NEC) or its disputes panel',
  NCC: 'National constitutional committee (NCC)',
  REGIONAL_OFFICE: 'Regional office',
  PARTY_LEADER: 'Party leader',
  COURT: 'A court',
  OTHER: 'Someone else / not sure',
};

export const REASON_LABELS: Record<ReasonCategory, string> = {
  MOTION: 'Allowed, moved or debated a motion',
  SOCIAL_MEDIA: 'A social-media post',
  PROSCRIBED_ORGANISATION: 'Membership or support of a proscribed organisation',
  DISCRIMINATION: 'Alleged antisemitism or other discrimination',
  PREJUDICIAL_CONDUCT: '"Conduct prejudicial" or "bringing the party into disrepute"',
  OPPOSING_CANDIDATE: 'Supporting a candidate standing against the party',
  OTHER: 'Another reason, or no reason given',
};

export const APPEAL_STATUS_LABELS: Record<AppealStatus, string> = {
  NOT_STARTED: 'No appeal yet',
  CONSIDERING: 'Considering an appeal',
  LODGED: 'Appeal lodged',
  ALLOWED: 'Appeal allowed',
  DISMISSED: 'Appeal dismissed',
  NOT_AVAILABLE: 'No appeal offered',
};

export const EVENT_TYPE_LABELS: Record<EventType, string> = {
  NOTICE_OF_SUSPENSION: 'Notice of suspension',
  NOTICE_OF_INVESTIGATION: 'Notice of investigation',
  LETTER_RECEIVED: 'Letter or email received',
  LETTER_SENT: 'Letter or email sent',
  SAR_SENT: 'Subject access request sent',
  SAR_RESPONSE_RECEIVED: 'Subject access response received',
  RESPONSE_SUBMITTED: 'Response to allegations submitted',
  HEARING_SCHEDULED: 'Hearing scheduled',
  HEARING_HELD: 'Hearing held',
  DECISION: 'Decision',
  APPEAL_LODGED: 'Appeal lodged',
  APPEAL_DECIDED: 'Appeal decided',
  LEGAL_ACTION_STARTED: 'Legal action started',
  COURT_RULING: 'Court ruling',
  REINSTATED: 'Reinstated',
  RE_SUSPENDED: 'Suspended again',
  MEETING_OR_CONTACT: 'Meeting or contact',
  NOTE: 'Note',
  CANDIDATE_SELECTED: 'Selected as a candidate',
  ENDORSEMENT_WITHHELD: 'Endorsement withheld',
  SELECTION_RERUN: 'Selection re-run',
  ENDORSED: 'Endorsed as a candidate',
  RESIGNED: 'Resigned from the party',
};

/** The event form's choices in groups a person scans for ("Standing as a candidate"), every type in exactly one. */
export const EVENT_TYPE_GROUPS: { label: string; types: EventType[] }[] = [
  {
    label: 'Notices, hearings and decisions',
    types: ['NOTICE_OF_SUSPENSION', 'NOTICE_OF_INVESTIGATION', 'HEARING_SCHEDULED', 'HEARING_HELD', 'DECISION'],
  },
  {
    label: 'Letters and requests',
    types: ['LETTER_RECEIVED', 'LETTER_SENT', 'SAR_SENT', 'SAR_RESPONSE_RECEIVED', 'RESPONSE_SUBMITTED'],
  },
  {
    label: 'Appeals and the courts',
    types: ['APPEAL_LODGED', 'APPEAL_DECIDED', 'LEGAL_ACTION_STARTED', 'COURT_RULING'],
  },
  {
    label: 'Standing as a candidate',
    types: ['CANDIDATE_SELECTED', 'ENDORSEMENT_WITHHELD', 'SELECTION_RERUN', 'ENDORSED'],
  },
  { label: 'Membership', types: ['REINSTATED', 'RE_SUSPENDED', 'RESIGNED'] },
  { label: 'Anything else', types: ['MEETING_OR_CONTACT', 'NOTE'] },
];

/** What a less familiar event type means, shown under the choice once it is made. */
export const EVENT_TYPE_HINTS: Partial<Record<EventType, string>> = {
  CANDIDATE_SELECTED: 'The member was chosen to stand as the party’s candidate (by the branch, ward or constituency).',
  ENDORSEMENT_WITHHELD: 'The party refused, or took back, its endorsement of the member as a candidate.',
  SELECTION_RERUN: 'The party ordered the selection to be held again.',
  ENDORSED: 'The party endorsed the member as its candidate, for example after a re-run.',
  RESIGNED: 'The member left the party. Staff can then record the outcome “Resigned” under Details.',
  RE_SUSPENDED: 'Suspended again after being reinstated, for example on “new evidence”. Record the new sanction too.',
};

export const STAGE_LABELS: Record<CaseStage, string> = {
  INTAKE: 'New – being set up',
  INVESTIGATION: 'Under investigation',
  AWAITING_DECISION: 'Awaiting a decision',
  DECIDED: 'Decision made',
  APPEAL: 'Appeal',
  REVIEW: 'Reinstatement review',
  LEGAL_ACTION: 'Legal action',
  CLOSED: 'Closed',
};

export const OUTCOME_LABELS: Record<CaseOutcome, string> = {
  REINSTATED: 'Reinstated',
  SANCTION_LIFTED: 'Sanction lifted',
  SANCTION_CONFIRMED: 'Sanction confirmed',
  CHOSE_NOT_TO_APPEAL: 'Chose not to appeal',
  RESIGNED: 'Resigned',
  ENDORSED_AFTER_RERUN: 'Endorsed after a re-run',
  WITHDRAWN: 'Case withdrawn',
  OTHER: 'Another outcome',
};

/** Where a case stands in one phrase, for lists, letters and review summaries: "Closed – chose not to appeal". */
export function describeStageAndOutcome(stage: CaseStage, outcome: CaseOutcome | null): string {
  return outcome ? `${STAGE_LABELS[stage]} – ${OUTCOME_LABELS[outcome].toLowerCase()}` : STAGE_LABELS[stage];
}

export const CONSENT_METHOD_LABELS: Record<ConsentMethod, string> = {
  ONLINE: 'Online, by the member',
  IN_WRITING: 'In writing',
  BY_PHONE: 'By phone',
  IN_PERSON: 'In person',
};

export const CASE_RELATION_LABELS: Record<CaseRelation, string> = {
  PARTNER: 'Partner or family member',
  SAME_MOTION: 'Same motion',
  SAME_POST: 'Same post or message',
  SAME_BRANCH_ACTION: 'Same branch action',
  SAME_PROSCRIBED_GROUP: 'Same proscribed group',
  SANCTIONED_AGAIN: 'Same member, sanctioned again',
  OTHER: 'Otherwise related',
};

export const GROUP_MEASURE_LABELS: Record<GroupMeasure, string> = {
  BRANCH_SUSPENDED: 'Branch suspended',
  MEETINGS_CANCELLED: 'Meetings cancelled',
  OFFICERS_REPLACED: 'Officers replaced',
  MEMBERS_AUTO_EXCLUDED: 'Members auto-excluded',
  OTHER: 'Something else',
};

export const WANTS_LABELS = {
  APPEAL: 'Appeal the decision',
  REINSTATEMENT: 'Be reinstated',
  INFORMATION: 'Find out what is held about me and why',
} as const;

export const ROLES_HELD = [
  'Chair',
  'Secretary',
  'Treasurer',
  'Other branch officer',
  'Councillor',
  'Member of Parliament',
  'Candidate',
  'Trade union delegate',
] as const;

export const keysOf = <T extends Record<string, unknown>>(o: T) =>
  Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
