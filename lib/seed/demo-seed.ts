// Demo data for a fresh installation: an organisation, its bodies, regions and branches, one
// account per role with fixed, documented passwords, and six fictional cases drawn from the
// situations in DOMAIN.md. Every person, place and group named here is invented.
//
// Runs only on a database with no users, in one transaction, so it can never touch real data.
import { db, type Tx } from '../db/client';
import { hashPassword } from '../auth/password';
import { nextCaseReference } from '../cases/next-reference';
import { toEarliestDay, type PartialDate } from '../dates/partial-date';
import { writeAudit } from '../audit/write-audit';
import { seedLettersOrderDemo } from './demo-letters-order';
import { seedGroupDemo } from './demo-groups';
import { seedStaffCasesDemo } from './demo-staff-cases';
import { recordOpeningStage } from '../cases/record-opening-stage';
import type {
  AppealStatus,
  BodyKind,
  CaseOutcome,
  CaseStage,
  EventType,
  ReasonCategory,
  Role,
  SanctionOutcome,
  SanctionType,
  Visibility,
} from '../db/generated/enums';

export type DemoAccount = { role: Role; email: string; password: string };
export type SeedResult = { created: boolean; accounts: DemoAccount[] };

type UserKey = 'coordinator' | 'caseworker' | 'caseworker2' | 'member';

/** Fixed demo credentials, documented in the README. For demonstrations only: change or remove them before real use. */
export const DEMO_USERS: Record<UserKey, { name: string; email: string; password: string; role: Role }> = {
  coordinator: {
    name: 'Ruth Calder',
    email: 'coordinator@demo.reinstate.test',
    password: 'demo-coordinator-pass',
    role: 'COORDINATOR',
  },
  caseworker: {
    name: 'Imran Sadiq',
    email: 'caseworker@demo.reinstate.test',
    password: 'demo-caseworker-pass',
    role: 'CASEWORKER',
  },
  caseworker2: {
    name: 'Helen Marsh',
    email: 'caseworker2@demo.reinstate.test',
    password: 'demo-caseworker2-pass',
    role: 'CASEWORKER',
  },
  member: { name: 'Peter Lowry', email: 'member@demo.reinstate.test', password: 'demo-member-pass', role: 'MEMBER' },
};

const ORGANISATION = {
  name: 'The Party',
  jurisdiction: 'ENGLAND_WALES' as const,
  defaultResponseDays: 14,
  defaultAppealDays: 21,
};

const HQ = 'The Party, 1 Example Street, London SE1 7XX';
const BODIES: { kind: BodyKind; name: string; postalAddress: string | null; email: string | null }[] = [
  {
    kind: 'GENERAL_SECRETARY',
    name: 'General Secretary',
    postalAddress: `Office of the General Secretary, ${HQ}`,
    email: 'general.secretary@party.example',
  },
  {
    kind: 'GOVERNANCE_LEGAL_UNIT',
    name: 'Governance and Legal Unit',
    postalAddress: `Governance and Legal Unit, ${HQ}`,
    email: 'governance@party.example',
  },
  {
    kind: 'NEC_DISPUTES_PANEL',
    name: 'National Executive Committee – Disputes Panel',
    postalAddress: `NEC Disputes Panel, c/o Governance and Legal Unit, ${HQ}`,
    email: 'nec.disputes@party.example',
  },
  {
    kind: 'NCC',
    name: 'National Constitutional Committee',
    postalAddress: `NCC Secretariat, ${HQ}`,
    email: 'ncc@party.example',
  },
  {
    kind: 'REGIONAL_OFFICE',
    name: 'North West Regional Office',
    postalAddress: 'North West Regional Office, The Party, 2 Sample Road, Manchester M1 9XX',
    email: 'northwest@party.example',
  },
  {
    kind: 'PARTY_LEADER',
    name: 'Office of the Party Leader',
    postalAddress: `Leader's Office, ${HQ}`,
    email: 'leader.office@party.example',
  },
  {
    kind: 'COURT',
    name: 'High Court of Justice',
    postalAddress: 'Royal Courts of Justice, Strand, London WC2A 2LL',
    email: null,
  },
  {
    kind: 'OTHER',
    name: 'Membership Services',
    postalAddress: `Membership Services, ${HQ}`,
    email: 'membership@party.example',
  },
];

/** Regions and their branches with member counts. Three branches hold fewer than 5 members (small cells). */
export const DEMO_REGIONS: { name: string; branches: { name: string; memberCount: number }[] }[] = [
  {
    name: 'London',
    branches: [
      { name: 'Hollowmere North', memberCount: 612 },
      { name: 'Greyfriars and Wickham', memberCount: 488 },
    ],
  },
  {
    name: 'North West',
    branches: [
      { name: 'Kelder Valley', memberCount: 356 },
      { name: 'Ashcombe Moor', memberCount: 4 },
      { name: 'Brindle Cross', memberCount: 221 },
    ],
  },
  {
    name: 'Yorkshire and the Humber',
    branches: [
      { name: 'Thornwick East', memberCount: 297 },
      { name: 'Harrowdale', memberCount: 3 },
    ],
  },
  {
    name: 'South West',
    branches: [
      { name: 'Penmarrow', memberCount: 142 },
      { name: 'Stanmoor and Leigh', memberCount: 2 },
    ],
  },
  { name: 'Wales', branches: [{ name: 'Cwm Tawel', memberCount: 88 }] },
];

// Partial-date shorthands.
const day = (y: number, m: number, d: number) => ({ precision: 'DAY' as const, year: y, month: m, day: d });
const month = (y: number, m: number): PartialDate => ({ precision: 'MONTH', year: y, month: m });
const year = (y: number): PartialDate => ({ precision: 'YEAR', year: y });
const about = (y: number): PartialDate => ({ precision: 'APPROXIMATE', year: y });

type EventSpec = {
  type: EventType;
  date: PartialDate;
  title: string;
  details?: string;
  visibility?: Visibility;
  by: UserKey;
};
type SanctionSpec = {
  type: SanctionType;
  imposed: PartialDate;
  imposedBy: BodyKind;
  reasonCategory: ReasonCategory;
  reasonText: string;
  outcome: SanctionOutcome;
};
/** A change of stage or outcome, with the reason staff gave. */
type StageStep = {
  stage: CaseStage;
  outcome?: CaseOutcome;
  on: PartialDate & { precision: 'DAY' };
  by: UserKey;
  reason: string;
};
type CaseSpec = {
  person: {
    fullName: string;
    membershipNumber: string | null;
    email?: string;
    phone?: string;
    branch: string;
    rolesHeld: string[];
    user?: UserKey;
  };
  stage: CaseStage;
  outcome?: CaseOutcome;
  /** How the case got to its stage and outcome, oldest first (the first is where it opened); by default it opened there. */
  stageHistory?: StageStep[];
  appealStatus: AppealStatus;
  wants: ('APPEAL' | 'REINSTATEMENT' | 'INFORMATION')[];
  summary: string;
  /** When the case was opened with the member's consent (or their signed form of authority). */
  opened: PartialDate & { precision: 'DAY' };
  createdBy: UserKey;
  sanctions: SanctionSpec[];
  events: EventSpec[];
  assignTo: UserKey[];
};

/** The demo cases. (a)–(f) follow the patterns in DOMAIN.md; every name is fictional. */
export const DEMO_CASES: CaseSpec[] = [
  // (a) A branch chair administratively suspended for allowing a debate; still no decision.
  {
    person: {
      fullName: 'Margaret Hollins',
      membershipNumber: 'L0482913',
      email: 'm.hollins@mail.example',
      branch: 'Thornwick East',
      rolesHeld: ['Chair'],
    },
    stage: 'INVESTIGATION',
    appealStatus: 'NOT_AVAILABLE',
    wants: ['REINSTATEMENT', 'INFORMATION'],
    summary:
      'Suspended as branch chair after allowing a debate on a motion the regional office had ruled out of order. Over two years later there has been no interview, no particulars and no decision.',
    opened: day(2025, 3, 4),
    createdBy: 'caseworker2',
    sanctions: [
      {
        type: 'ADMINISTRATIVE_SUSPENSION',
        imposed: day(2024, 10, 8),
        imposedBy: 'GENERAL_SECRETARY',
        reasonCategory: 'MOTION',
        outcome: 'PENDING',
        reasonText:
          '"You have been administratively suspended from membership of the Party pending an investigation into your conduct as Chair in allowing a motion to be debated at the branch meeting of 3 October 2024, contrary to guidance issued by the General Secretary. While suspended you may not attend any Party meeting or hold any office."',
      },
    ],
    events: [
      {
        type: 'MEETING_OR_CONTACT',
        date: day(2024, 10, 3),
        by: 'caseworker2',
        title: 'Branch all-member meeting: motion debated',
        details:
          'As chair, allowed the motion on the agenda to be debated after a vote of the meeting. Minutes record 41 present; the motion passed.',
      },
      {
        type: 'NOTICE_OF_SUSPENSION',
        date: day(2024, 10, 8),
        by: 'caseworker2',
        title: 'Email from the General Secretary: administrative suspension',
        details:
          'Suspension with immediate effect pending investigation. No allegation particulars given beyond "allowing a motion to be debated".',
      },
      {
        type: 'LETTER_SENT',
        date: day(2024, 10, 21),
        by: 'caseworker2',
        title: 'Asked for the particulars of the allegation and the evidence relied on',
      },
      {
        type: 'LETTER_RECEIVED',
        date: month(2024, 12),
        by: 'caseworker2',
        title: 'Holding reply from the Governance and Legal Unit',
        details: '"Your case is being considered and you will be contacted in due course." No date given.',
      },
      {
        type: 'SAR_SENT',
        date: day(2025, 3, 10),
        by: 'caseworker2',
        title: "Subject access request sent to the Party's data protection officer",
      },
      {
        type: 'SAR_RESPONSE_RECEIVED',
        date: day(2025, 5, 19),
        by: 'caseworker2',
        title: 'Partial SAR response received',
        details:
          'Membership record and the suspension email only. No internal notes, no complaint, no record of who decided.',
      },
      {
        type: 'NOTE',
        date: month(2025, 9),
        by: 'caseworker2',
        visibility: 'CASEWORKERS',
        title: 'Caseworker note: delay is now the main ground',
        details:
          'Eleven months without a decision. Consider complaint to ICO about the partial SAR, and a reinstatement review request citing delay.',
      },
      {
        type: 'LETTER_SENT',
        date: day(2026, 6, 2),
        by: 'caseworker2',
        title: 'Chaser: request for a decision or the lifting of the suspension',
      },
    ],
    assignTo: ['caseworker2'],
  },

  // (b) Expelled for a single social-media post wishing luck to an MP who had lost the whip.
  {
    person: {
      fullName: 'Daniel Okafor',
      membershipNumber: 'L1093375',
      email: 'dan.okafor@mail.example',
      branch: 'Greyfriars and Wickham',
      rolesHeld: ['Trade union delegate'],
    },
    stage: 'APPEAL',
    stageHistory: [
      {
        stage: 'DECIDED',
        outcome: 'SANCTION_CONFIRMED',
        on: day(2023, 9, 12),
        by: 'caseworker',
        reason: 'Came to us after the NCC expelled him on 30 August 2023.',
      },
      {
        stage: 'APPEAL',
        on: day(2023, 9, 18),
        by: 'caseworker',
        reason:
          'Appeal lodged with the NCC: proportionality, and no rule in force named the MP or forbade good wishes.',
      },
    ],
    appealStatus: 'LODGED',
    wants: ['APPEAL', 'REINSTATEMENT'],
    summary:
      'Expelled by the NCC for one post wishing luck to an MP who was sitting without the whip. Appeal lodged on proportionality and because the post broke no rule in force.',
    opened: day(2023, 9, 12),
    createdBy: 'caseworker',
    sanctions: [
      {
        type: 'ADMINISTRATIVE_SUSPENSION',
        imposed: day(2023, 2, 14),
        imposedBy: 'GOVERNANCE_LEGAL_UNIT',
        reasonCategory: 'SOCIAL_MEDIA',
        outcome: 'UPHELD',
        reasonText:
          '"It has been brought to our attention that you may have engaged in a pattern of behaviour on social media which is grossly detrimental to the Party."',
      },
      {
        type: 'EXPULSION',
        imposed: day(2023, 8, 30),
        imposedBy: 'NCC',
        reasonCategory: 'SOCIAL_MEDIA',
        outcome: 'UPHELD',
        reasonText:
          '"The Panel found proved that on 9 February 2023 you published a post reading \'Good luck tonight to Jo Marlowe MP - the movement is behind you\' at a time when Ms Marlowe did not hold the Party whip. The Panel determined that the appropriate sanction is expulsion."',
      },
    ],
    events: [
      {
        type: 'NOTE',
        date: day(2023, 2, 9),
        by: 'caseworker',
        title: 'The post',
        details:
          'One post on a public profile, wishing luck to an MP sitting as an independent. No other posts were cited.',
      },
      {
        type: 'NOTICE_OF_SUSPENSION',
        date: day(2023, 2, 14),
        by: 'caseworker',
        title: 'Administrative suspension email (Governance and Legal Unit)',
      },
      {
        type: 'NOTICE_OF_INVESTIGATION',
        date: day(2023, 3, 1),
        by: 'caseworker',
        title: 'Notice of investigation with a screenshot of the post',
        details: 'Asked to respond within 14 days.',
      },
      {
        type: 'RESPONSE_SUBMITTED',
        date: day(2023, 3, 14),
        by: 'caseworker',
        title: 'Response to the allegation submitted',
        details: 'Accepted the post, explained context, pointed out no rule names the MP or forbids good wishes.',
      },
      {
        type: 'HEARING_HELD',
        date: month(2023, 8),
        by: 'caseworker',
        title: 'NCC hearing (online)',
        details: 'Member attended with a friend; about 40 minutes.',
      },
      { type: 'DECISION', date: day(2023, 8, 30), by: 'caseworker', title: 'NCC decision: expelled' },
      { type: 'APPEAL_LODGED', date: day(2023, 9, 18), by: 'caseworker', title: 'Appeal lodged with the NCC' },
      {
        type: 'NOTE',
        date: day(2023, 9, 20),
        by: 'caseworker',
        visibility: 'CASEWORKERS',
        title: 'Caseworker note: comparators',
        details:
          'Two other members in the region posted similar wishes and were not investigated. Ask coordinator whether they would give statements.',
      },
      {
        type: 'LETTER_RECEIVED',
        date: month(2024, 1),
        by: 'caseworker',
        title: 'Acknowledgement of appeal; no hearing date offered',
      },
    ],
    assignTo: ['caseworker'],
  },

  // (c) Auto-exclusion for support of a proscribed group; the conduct predates the proscription.
  {
    person: {
      fullName: 'Bernadette Kaye',
      membershipNumber: 'L0077421',
      email: 'b.kaye@mail.example',
      branch: 'Penmarrow',
      rolesHeld: ['Secretary'],
    },
    stage: 'DECIDED',
    outcome: 'SANCTION_CONFIRMED',
    appealStatus: 'NOT_AVAILABLE',
    wants: ['REINSTATEMENT', 'INFORMATION'],
    summary:
      'Auto-excluded without a hearing for "support" of the Radical Voices Network: the only evidence is an event she shared around 2019, two years before the group was proscribed.',
    opened: day(2025, 11, 2),
    createdBy: 'coordinator',
    sanctions: [
      {
        type: 'AUTO_EXCLUSION',
        imposed: day(2022, 1, 10),
        imposedBy: 'GOVERNANCE_LEGAL_UNIT',
        reasonCategory: 'PROSCRIBED_ORGANISATION',
        outcome: 'UPHELD',
        reasonText:
          '"Evidence has been brought to our attention that you have supported an organisation which the National Executive Committee has determined is not compatible with Party membership. Under the rules you are therefore automatically excluded from membership. Evidence: you shared an event of \'Radical Voices Network\'."',
      },
    ],
    events: [
      {
        type: 'NOTE',
        date: about(2019),
        by: 'coordinator',
        title: 'Shared an event page of the Radical Voices Network',
        details:
          'A public talk on housing. She does not remember the exact date; the screenshot in the letter shows only "2019".',
      },
      {
        type: 'NOTE',
        date: day(2021, 7, 20),
        by: 'coordinator',
        title: 'The group is proscribed by the NEC',
        details: 'The rule takes effect from this date; no transitional provision.',
      },
      {
        type: 'DECISION',
        date: day(2022, 1, 10),
        by: 'coordinator',
        title: 'Letter of auto-exclusion',
        details: 'No hearing and no right of appeal offered. Told she may not reapply for five years.',
      },
      { type: 'SAR_SENT', date: month(2022, 2), by: 'coordinator', title: 'Subject access request sent' },
      {
        type: 'SAR_RESPONSE_RECEIVED',
        date: year(2022),
        by: 'coordinator',
        title: 'SAR response received (date on the envelope lost)',
      },
      {
        type: 'NOTE',
        date: month(2025, 11),
        by: 'coordinator',
        visibility: 'CASEWORKERS',
        title: 'Coordinator note: retroactive application',
        details:
          'Conduct predates the proscription by about two years. Strong case for the reinstatement review; needs a caseworker.',
      },
    ],
    assignTo: [],
  },

  // (d) Suspension quashed in court, member reinstated, then suspended again on new "evidence".
  {
    person: {
      fullName: 'Yusuf Adebayo',
      membershipNumber: 'L0651208',
      email: 'cllr.adebayo@mail.example',
      branch: 'Brindle Cross',
      rolesHeld: ['Councillor', 'Secretary'],
    },
    stage: 'LEGAL_ACTION',
    appealStatus: 'NOT_STARTED',
    wants: ['REINSTATEMENT'],
    summary:
      'Suspended in 2022; the High Court found the suspension unlawful and he was reinstated; three weeks later he was suspended again citing "new evidence" that is the same social-media material.',
    opened: day(2022, 5, 16),
    createdBy: 'caseworker',
    sanctions: [
      {
        type: 'SUSPENSION',
        imposed: day(2022, 4, 28),
        imposedBy: 'NEC_DISPUTES_PANEL',
        reasonCategory: 'PREJUDICIAL_CONDUCT',
        outcome: 'QUASHED_BY_COURT',
        reasonText:
          '"The Disputes Panel has resolved that you be suspended from membership, and from holding any office, pending the outcome of an investigation into conduct prejudicial to the Party."',
      },
      {
        type: 'SUSPENSION',
        imposed: day(2023, 7, 3),
        imposedBy: 'GENERAL_SECRETARY',
        reasonCategory: 'PREJUDICIAL_CONDUCT',
        outcome: 'PENDING',
        reasonText:
          '"Further evidence has come to light which requires investigation. You are suspended with immediate effect."',
      },
    ],
    events: [
      {
        type: 'NOTICE_OF_SUSPENSION',
        date: day(2022, 4, 28),
        by: 'caseworker',
        title: 'First suspension (NEC Disputes Panel)',
      },
      { type: 'SAR_SENT', date: day(2022, 5, 20), by: 'caseworker', title: 'Subject access request sent' },
      { type: 'LETTER_SENT', date: day(2022, 8, 1), by: 'caseworker', title: 'Letter before claim sent by solicitors' },
      {
        type: 'LEGAL_ACTION_STARTED',
        date: month(2022, 10),
        by: 'caseworker',
        title: 'Claim issued in the High Court',
      },
      { type: 'HEARING_HELD', date: day(2023, 5, 23), by: 'caseworker', title: 'High Court hearing' },
      {
        type: 'COURT_RULING',
        date: day(2023, 6, 9),
        by: 'caseworker',
        title: 'High Court: the suspension was unlawful',
        details:
          'The judge found the Party had not followed its own procedure and had given no opportunity to respond. Suspension quashed.',
      },
      { type: 'REINSTATED', date: day(2023, 6, 12), by: 'caseworker', title: 'Membership restored' },
      {
        type: 'RE_SUSPENDED',
        date: day(2023, 7, 3),
        by: 'caseworker',
        title: 'Suspended again on "new evidence"',
        details: 'The "new evidence" is a set of posts from 2018 that were in the original bundle.',
      },
      {
        type: 'NOTE',
        date: month(2023, 7),
        by: 'caseworker',
        visibility: 'CASEWORKERS',
        title: 'Caseworker note: ask solicitors about contempt / abuse of process',
      },
      { type: 'LEGAL_ACTION_STARTED', date: month(2024, 2), by: 'caseworker', title: 'Second claim issued' },
    ],
    assignTo: ['caseworker'],
  },

  // (e) The demo member's own case, logged by them and assigned to the demo caseworker.
  {
    person: {
      fullName: DEMO_USERS.member.name,
      membershipNumber: 'L0930044',
      email: DEMO_USERS.member.email,
      phone: '07700 900123',
      branch: 'Kelder Valley',
      rolesHeld: ['Treasurer'],
      user: 'member',
    },
    stage: 'INVESTIGATION',
    appealStatus: 'CONSIDERING',
    wants: ['APPEAL', 'INFORMATION'],
    summary:
      'A complaint called me a "communist" after I spoke at a branch meeting. I was suspended and I have not been told what I am supposed to have done.',
    opened: day(2025, 8, 14),
    createdBy: 'member',
    sanctions: [
      {
        type: 'ADMINISTRATIVE_SUSPENSION',
        imposed: month(2025, 6),
        imposedBy: 'GOVERNANCE_LEGAL_UNIT',
        reasonCategory: 'OTHER',
        outcome: 'PENDING',
        reasonText:
          '"We have received a complaint about your conduct and your associations which, if proven, may be incompatible with membership."',
      },
    ],
    events: [
      {
        type: 'MEETING_OR_CONTACT',
        date: about(2025),
        by: 'member',
        title: 'Spoke against the council cuts at a branch meeting',
      },
      {
        type: 'NOTICE_OF_SUSPENSION',
        date: month(2025, 6),
        by: 'member',
        title: 'Email telling me I was suspended',
        details: 'I deleted the email by mistake; I think it was early June.',
      },
      {
        type: 'LETTER_RECEIVED',
        date: day(2025, 7, 2),
        by: 'member',
        title: 'Letter saying I cannot attend meetings or stand for treasurer',
      },
      {
        type: 'SAR_SENT',
        date: day(2025, 8, 20),
        by: 'caseworker',
        title: "Subject access request sent on Peter's behalf",
      },
      {
        type: 'SAR_RESPONSE_RECEIVED',
        date: day(2025, 10, 1),
        by: 'caseworker',
        title: 'SAR response: the complaint, redacted',
      },
      {
        type: 'NOTE',
        date: day(2025, 10, 3),
        by: 'caseworker',
        visibility: 'CASEWORKERS',
        title: 'Caseworker note: complainant appears to be a rival for the treasurer post',
        details: 'Do not share with the member until confirmed.',
      },
      {
        type: 'MEETING_OR_CONTACT',
        date: day(2025, 10, 9),
        by: 'caseworker',
        title: 'Phone call with Peter to go through the SAR papers',
      },
    ],
    assignTo: ['caseworker'],
  },

  // (f) An offline member: opened by a caseworker with a form of authority.
  {
    person: {
      fullName: 'Eileen Brodie',
      membershipNumber: null,
      phone: '01632 960 415',
      branch: 'Cwm Tawel',
      rolesHeld: ['Other branch officer'],
    },
    stage: 'AWAITING_DECISION',
    appealStatus: 'NOT_STARTED',
    wants: ['REINSTATEMENT'],
    summary:
      'Branch membership officer for thirty years. The whole branch was suspended after it passed a motion of no confidence; she was then suspended personally. She has no email; contact by phone or post.',
    opened: day(2024, 4, 17),
    createdBy: 'caseworker',
    sanctions: [
      {
        type: 'BRANCH_SUSPENDED',
        imposed: month(2023, 11),
        imposedBy: 'NEC_DISPUTES_PANEL',
        reasonCategory: 'MOTION',
        outcome: 'PENDING',
        reasonText:
          '"All meetings of the branch are suspended with immediate effect and the branch will be administered by the regional office."',
      },
      {
        type: 'SUSPENSION',
        imposed: day(2024, 2, 26),
        imposedBy: 'REGIONAL_OFFICE',
        reasonCategory: 'PREJUDICIAL_CONDUCT',
        outcome: 'PENDING',
        reasonText: '"...for continuing to convene members of a suspended branch."',
      },
    ],
    events: [
      {
        type: 'NOTICE_OF_SUSPENSION',
        date: month(2023, 11),
        by: 'caseworker',
        title: 'Branch suspended; all meetings cancelled',
      },
      {
        type: 'LETTER_RECEIVED',
        date: day(2024, 2, 26),
        by: 'caseworker',
        title: 'Personal suspension letter (by post)',
      },
      {
        type: 'MEETING_OR_CONTACT',
        date: day(2024, 4, 17),
        by: 'caseworker',
        title: 'Home visit: form of authority signed',
        details: 'Eileen authorised the network to act for her. Original form kept by the caseworker.',
      },
      { type: 'SAR_SENT', date: day(2024, 4, 22), by: 'caseworker', title: 'Subject access request sent by post' },
      {
        type: 'HEARING_SCHEDULED',
        date: day(2026, 10, 15),
        by: 'caseworker',
        title: 'Letter: hearing to be held in December 2026, date to be fixed',
      },
      {
        type: 'NOTE',
        date: day(2024, 5, 2),
        by: 'caseworker',
        visibility: 'CASEWORKERS',
        title: 'Caseworker note: hearing aid; needs letters in large print',
      },
    ],
    assignTo: ['caseworker', 'caseworker2'],
  },
];

/** Seeds the demo data if and only if the database has no users. Safe to call repeatedly. */
export async function seedDemo(): Promise<SeedResult> {
  if ((await db.user.count()) > 0) return { created: false, accounts: [] };
  // Hash outside the transaction: argon2 is deliberately slow.
  const keys = Object.keys(DEMO_USERS) as UserKey[];
  const hashes = Object.fromEntries(
    await Promise.all(keys.map(async (k) => [k, await hashPassword(DEMO_USERS[k].password)] as const)),
  ) as Record<UserKey, string>;

  const created = await db.$transaction(
    async (tx) => {
      // Re-check inside the transaction: another process may have created an account meanwhile.
      if ((await tx.user.count()) > 0) return false;
      await seedInTransaction(tx, hashes);
      return true;
    },
    { timeout: 60_000, maxWait: 60_000 },
  );
  if (!created) return { created: false, accounts: [] };
  return {
    created: true,
    accounts: keys.map((k) => ({
      role: DEMO_USERS[k].role,
      email: DEMO_USERS[k].email,
      password: DEMO_USERS[k].password,
    })),
  };
}

async function seedInTransaction(tx: Tx, hashes: Record<UserKey, string>): Promise<void> {
  const audit = (entityType: string, entityId: string, fields: string[], caseId: string | null = null) =>
    writeAudit(tx, {
      actorId: null,
      action: 'seed.create',
      entityType,
      entityId,
      caseId,
      fields,
      ip: null,
      userAgent: 'demo-seed',
    });

  const org =
    (await tx.organisation.findFirst({ orderBy: { createdAt: 'asc' }, select: { id: true } })) ??
    (await tx.organisation.create({ data: ORGANISATION, select: { id: true } }));
  await audit('Organisation', org.id, Object.keys(ORGANISATION));
  for (const b of BODIES) {
    const body = await tx.body.upsert({
      where: { organisationId_kind: { organisationId: org.id, kind: b.kind } },
      create: { organisationId: org.id, ...b },
      update: {},
      select: { id: true },
    });
    await audit('Body', body.id, ['kind', 'name', 'postalAddress', 'email']);
  }

  const branches = new Map<string, { id: string; regionId: string }>();
  for (const r of DEMO_REGIONS) {
    const region = await tx.region.upsert({
      where: { name: r.name },
      create: { name: r.name },
      update: {},
      select: { id: true },
    });
    await audit('Region', region.id, ['name']);
    for (const b of r.branches) {
      const branch = await tx.branch.upsert({
        where: { name: b.name },
        create: { name: b.name, regionId: region.id, memberCount: b.memberCount },
        update: {},
        select: { id: true, regionId: true },
      });
      await audit('Branch', branch.id, ['name', 'regionId', 'memberCount']);
      branches.set(b.name, branch);
    }
  }

  const users = {} as Record<UserKey, string>;
  for (const key of Object.keys(DEMO_USERS) as UserKey[]) {
    const u = DEMO_USERS[key];
    const user = await tx.user.create({
      data: { name: u.name, email: u.email, role: u.role, passwordHash: hashes[key] },
      select: { id: true },
    });
    users[key] = user.id;
    await audit('User', user.id, ['name', 'email', 'role', 'passwordHash']);
  }

  for (const spec of DEMO_CASES) {
    const branch = branches.get(spec.person.branch);
    if (!branch) throw new Error(`Demo data refers to an unknown branch: ${spec.person.branch}`);
    const person = await tx.person.create({
      data: {
        fullName: spec.person.fullName,
        membershipNumber: spec.person.membershipNumber,
        email: spec.person.email ?? null,
        phone: spec.person.phone ?? null,
        branchId: branch.id,
        regionId: branch.regionId,
        rolesHeld: spec.person.rolesHeld,
        userId: spec.person.user ? users[spec.person.user] : null,
      },
      select: { id: true },
    });
    await audit('Person', person.id, [
      'fullName',
      'membershipNumber',
      'email',
      'phone',
      'branchId',
      'regionId',
      'rolesHeld',
      'userId',
    ]);

    // 10:00 UTC on the day the case was opened: stable list order, consistent with consent.
    const loggedAt = new Date(toEarliestDay(spec.opened).getTime() + 10 * 3_600_000);
    const kase = await tx.case.create({
      data: {
        reference: await nextCaseReference(tx),
        personId: person.id,
        stage: spec.stage,
        outcome: spec.outcome ?? null,
        appealStatus: spec.appealStatus,
        wants: spec.wants,
        summary: spec.summary,
        consentGivenAt: loggedAt,
        createdById: users[spec.createdBy],
        createdAt: loggedAt,
      },
      select: { id: true },
    });
    await audit(
      'Case',
      kase.id,
      ['reference', 'personId', 'stage', 'outcome', 'appealStatus', 'wants', 'summary', 'consentGivenAt'],
      kase.id,
    );
    await seedStageHistory(tx, kase.id, spec, users, loggedAt);

    for (const s of spec.sanctions) {
      const sanction = await tx.sanction.create({
        data: {
          caseId: kase.id,
          type: s.type,
          imposedOn: toEarliestDay(s.imposed),
          imposedPrecision: s.imposed.precision,
          imposedBy: s.imposedBy,
          reasonCategory: s.reasonCategory,
          reasonText: s.reasonText,
          outcome: s.outcome,
        },
        select: { id: true },
      });
      await audit(
        'Sanction',
        sanction.id,
        ['type', 'imposedOn', 'imposedBy', 'reasonCategory', 'reasonText', 'outcome'],
        kase.id,
      );
    }

    for (const [i, e] of spec.events.entries()) {
      const event = await tx.timelineEvent.create({
        data: {
          caseId: kase.id,
          type: e.type,
          occurredOn: toEarliestDay(e.date),
          datePrecision: e.date.precision,
          title: e.title,
          details: e.details ?? null,
          visibility: e.visibility ?? 'SHARED',
          createdById: users[e.by],
          createdAt: new Date(loggedAt.getTime() + (i + 1) * 60_000),
        },
        select: { id: true },
      });
      await audit(
        'TimelineEvent',
        event.id,
        ['type', 'occurredOn', 'datePrecision', 'title', 'details', 'visibility'],
        kase.id,
      );
    }

    for (const who of spec.assignTo) {
      const assignment = await tx.assignment.create({
        data: { caseId: kase.id, caseworkerId: users[who], assignedById: users.coordinator, startedAt: loggedAt },
        select: { id: true },
      });
      await audit('Assignment', assignment.id, ['caseworkerId'], kase.id);
    }
  }

  // Branch constituencies, a hand-ordered day on the timeline and a saved letter draft (issue 10, points 7–9).
  await seedLettersOrderDemo(tx, { users, audit });

  // Group actions, related cases, branch history and a sanction that ended (issue 10, points 3 and 4).
  await seedGroupDemo(tx, { users, branches, audit });
  // Cases staff opened for members not online, with claim links (issue 10, point 1).
  await seedStaffCasesDemo(tx, { users, branches, audit });
}

/** The case's stage history: where it opened, then each change with its reason (ending where the spec says it is). */
async function seedStageHistory(
  tx: Tx,
  caseId: string,
  spec: CaseSpec,
  users: Record<UserKey, string>,
  loggedAt: Date,
): Promise<void> {
  const steps = spec.stageHistory ?? [
    { stage: spec.stage, outcome: spec.outcome, on: spec.opened, by: spec.createdBy, reason: 'Case opened' },
  ];
  const last = steps[steps.length - 1]!;
  if (last.stage !== spec.stage || (last.outcome ?? null) !== (spec.outcome ?? null))
    throw new Error(`Demo stage history of ${spec.person.fullName} does not end where the case is`);
  const at = (step: StageStep, i: number) =>
    i === 0 ? loggedAt : new Date(toEarliestDay(step.on).getTime() + 10 * 3_600_000);
  const [first, ...rest] = steps;
  await recordOpeningStage(tx, {
    caseId,
    changedById: users[first!.by],
    stage: first!.stage,
    outcome: first!.outcome ?? null,
    reason: first!.reason,
    at: loggedAt,
  });
  for (const [i, step] of rest.entries()) {
    const prev = steps[i]!;
    await tx.caseStageChange.create({
      data: {
        caseId,
        fromStage: prev.stage,
        toStage: step.stage,
        fromOutcome: prev.outcome ?? null,
        toOutcome: step.outcome ?? null,
        reason: step.reason,
        changedById: users[step.by],
        createdAt: at(step, i + 1),
      },
    });
  }
}
