import type { AppealStatus, BodyKind, CaseStatus, EventType, ReasonCategory, SanctionType } from '../db/generated/enums';

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

export const STATUS_LABELS: Record<CaseStatus, string> = {
  INTAKE: 'New – being set up',
  NOTICE_RECEIVED: 'Notice received',
  UNDER_INVESTIGATION: 'Under investigation',
  AWAITING_HEARING: 'Awaiting hearing',
  DECIDED_UPHELD: 'Decided – sanction upheld',
  DECIDED_OVERTURNED: 'Decided – sanction overturned',
  APPEAL: 'Appeal in progress',
  LEGAL_ACTION: 'Legal action',
  CLOSED_REINSTATED: 'Closed – reinstated',
  CLOSED_EXPULSION_CONFIRMED: 'Closed – expulsion confirmed',
  CLOSED_RESIGNED: 'Closed – resigned',
  CLOSED_WITHDRAWN: 'Closed – withdrawn',
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
};

export const WANTS_LABELS = {
  APPEAL: 'Appeal the decision',
  REINSTATEMENT: 'Be reinstated',
  INFORMATION: 'Find out what is held about me and why',
} as const;

export const ROLES_HELD = ['Chair', 'Secretary', 'Treasurer', 'Other branch officer', 'Councillor', 'Member of Parliament', 'Candidate', 'Trade union delegate'] as const;

export const CLOSED_STATUSES: CaseStatus[] = ['CLOSED_REINSTATED', 'CLOSED_EXPULSION_CONFIRMED', 'CLOSED_RESIGNED', 'CLOSED_WITHDRAWN'];

export const keysOf = <T extends Record<string, unknown>>(o: T) => Object.keys(o) as [keyof T & string, ...(keyof T & string)[]];
