// Demo data for cases staff open for members who are not online (issue 10, point 1): one taken on the
// phone by a caseworker, with a claim link made and not yet used (its token is random and printed
// nowhere: the demo only shows that the link exists), and one entered from a paper referral that the member
// has since claimed with their own account. Every person and place is invented.
import crypto from 'node:crypto';
import type { Tx } from '../db/client';
import { nextCaseReference } from '../cases/next-reference';
import { toEarliestDay, type PartialDate } from '../dates/partial-date';
import { writeAudit } from '../audit/write-audit';
import { hashToken } from '../users/tokens';
import type { BodyKind, ConsentMethod, EventType, ReasonCategory, SanctionType } from '../db/generated/enums';

type Users = Record<'coordinator' | 'caseworker' | 'caseworker2' | 'member', string>;
type Audit = (entityType: string, entityId: string, fields: string[], caseId?: string | null) => Promise<void>;
type Branches = Map<string, { id: string; regionId: string }>;

const day = (y: number, m: number, d: number): PartialDate => ({ precision: 'DAY', year: y, month: m, day: d });
const month = (y: number, m: number): PartialDate => ({ precision: 'MONTH', year: y, month: m });

type Spec = {
  person: {
    fullName: string;
    membershipNumber: string;
    phone: string;
    postalAddress: string;
    branch: string;
    rolesHeld: string[];
  };
  openedBy: keyof Users;
  opened: PartialDate;
  consent: { method: ConsentMethod; note: string };
  assignTo: keyof Users;
  wants: string[];
  summary: string;
  sanction: {
    type: SanctionType;
    imposed: PartialDate;
    imposedBy: BodyKind;
    reasonCategory: ReasonCategory;
    reasonText: string;
  };
  events: { type: EventType; date: PartialDate; title: string; details?: string }[];
  claimedBy?: { name: string; email: string };
};

export const DEMO_STAFF_CASES: Spec[] = [
  {
    person: {
      fullName: 'Doris Whitworth',
      membershipNumber: 'L0190377',
      phone: '01632 960 418',
      postalAddress: '7 Mill Row\nHarrowdale\nHD9 4XX',
      branch: 'Harrowdale',
      rolesHeld: ['Secretary'],
    },
    openedBy: 'caseworker',
    opened: day(2026, 10, 14),
    assignTo: 'caseworker',
    consent: {
      method: 'BY_PHONE',
      note: 'Agreed on the phone when she rang the helpline; a consent form was posted to her for signature.',
    },
    wants: ['APPEAL', 'INFORMATION'],
    summary:
      'Rang the helpline: she does not use email. Suspended by letter after 40 years as a member; she does not know what the complaint is about.',
    sanction: {
      type: 'ADMINISTRATIVE_SUSPENSION',
      imposed: day(2026, 9, 22),
      imposedBy: 'GOVERNANCE_LEGAL_UNIT',
      reasonCategory: 'PREJUDICIAL_CONDUCT',
      reasonText: '"A complaint has been received about your conduct."',
    },
    events: [
      {
        type: 'NOTICE_OF_SUSPENSION',
        date: day(2026, 9, 22),
        title: 'Letter from the Governance and Legal Unit: administrative suspension',
      },
      {
        type: 'MEETING_OR_CONTACT',
        date: day(2026, 10, 14),
        title: 'Phone call to the helpline',
        details: 'Read the letter out over the phone; agreed that we keep a record and help her.',
      },
      { type: 'NOTE', date: day(2026, 10, 20), title: 'She will post us a copy of the suspension letter' },
      { type: 'NOTE', date: day(2026, 10, 21), title: 'Claim link made for her grandson to help her sign in' },
    ],
  },
  {
    person: {
      fullName: 'Eileen Foster',
      membershipNumber: 'L0338150',
      phone: '01632 960 771',
      postalAddress: '2 Chapel Terrace\nCwm Tawel\nSA9 9XX',
      branch: 'Cwm Tawel',
      rolesHeld: ['Councillor'],
    },
    openedBy: 'coordinator',
    opened: day(2026, 8, 3),
    assignTo: 'caseworker2',
    consent: { method: 'IN_WRITING', note: 'Signed consent form received by post, kept in the paper file.' },
    wants: ['REINSTATEMENT'],
    summary:
      'Referred on paper by her branch secretary. Expelled for a post she says she never wrote. Has since made an account and claimed the case.',
    sanction: {
      type: 'EXPULSION',
      imposed: month(2026, 6),
      imposedBy: 'NCC',
      reasonCategory: 'SOCIAL_MEDIA',
      reasonText: '"Your social media activity is incompatible with membership."',
    },
    events: [
      { type: 'DECISION', date: month(2026, 6), title: 'Expelled by the National Constitutional Committee' },
      { type: 'LETTER_RECEIVED', date: day(2026, 7, 28), title: 'Referral letter from the branch secretary' },
      { type: 'MEETING_OR_CONTACT', date: day(2026, 8, 3), title: 'Home visit: consent form signed' },
      { type: 'APPEAL_LODGED', date: day(2026, 8, 10), title: 'Appeal lodged with the National Executive Committee' },
    ],
    claimedBy: { name: 'Eileen Foster', email: 'eileen.foster@mail.example' },
  },
];

export const DEMO_STAFF_CASE_COUNT = DEMO_STAFF_CASES.length;

/** The two staff-opened cases, each with its claim link; called from the main seed inside its transaction. */
export async function seedStaffCasesDemo(
  tx: Tx,
  ctx: { users: Users; branches: Branches; audit: Audit },
): Promise<void> {
  const { users, branches, audit } = ctx;
  for (const spec of DEMO_STAFF_CASES) {
    const { branch: branchName, ...details } = spec.person;
    const branch = branches.get(branchName);
    if (!branch) throw new Error(`Demo data refers to an unknown branch: ${branchName}`);
    const claimant = spec.claimedBy
      ? await tx.user.create({
          data: { name: spec.claimedBy.name, email: spec.claimedBy.email, role: 'MEMBER' },
          select: { id: true, email: true },
        })
      : null;
    const person = await tx.person.create({
      data: {
        ...details,
        branchId: branch.id,
        regionId: branch.regionId,
        userId: claimant?.id ?? null,
        email: claimant?.email ?? null,
      },
      select: { id: true },
    });
    await audit('Person', person.id, [
      'fullName',
      'membershipNumber',
      'phone',
      'postalAddress',
      'branchId',
      'regionId',
      'rolesHeld',
    ]);

    const openedAt = new Date(toEarliestDay(spec.opened).getTime() + 11 * 3_600_000);
    const kase = await tx.case.create({
      data: {
        reference: await nextCaseReference(tx),
        personId: person.id,
        wants: spec.wants,
        summary: spec.summary,
        createdById: users[spec.openedBy],
        createdAt: openedAt,
        consentGivenAt: openedAt,
        consentMethod: spec.consent.method,
        consentTakenById: users[spec.openedBy],
        consentNote: spec.consent.note,
      },
      select: { id: true },
    });
    await audit(
      'Case',
      kase.id,
      [
        'reference',
        'personId',
        'wants',
        'summary',
        'consentGivenAt',
        'consentMethod',
        'consentTakenById',
        'consentNote',
      ],
      kase.id,
    );

    const s = spec.sanction;
    const sanction = await tx.sanction.create({
      data: {
        caseId: kase.id,
        type: s.type,
        imposedOn: toEarliestDay(s.imposed),
        imposedPrecision: s.imposed.precision,
        imposedBy: s.imposedBy,
        reasonCategory: s.reasonCategory,
        reasonText: s.reasonText,
      },
      select: { id: true },
    });
    await audit('Sanction', sanction.id, ['type', 'imposedOn', 'imposedBy', 'reasonCategory', 'reasonText'], kase.id);
    for (const [i, e] of spec.events.entries()) {
      const event = await tx.timelineEvent.create({
        data: {
          caseId: kase.id,
          type: e.type,
          occurredOn: toEarliestDay(e.date),
          datePrecision: e.date.precision,
          title: e.title,
          details: e.details ?? null,
          createdById: users[spec.openedBy],
          createdAt: new Date(openedAt.getTime() + (i + 1) * 60_000),
        },
        select: { id: true },
      });
      await audit('TimelineEvent', event.id, ['type', 'occurredOn', 'datePrecision', 'title', 'details'], kase.id);
    }
    const assignment = await tx.assignment.create({
      data: {
        caseId: kase.id,
        caseworkerId: users[spec.assignTo],
        assignedById: users[spec.openedBy],
        startedAt: openedAt,
      },
      select: { id: true },
    });
    await audit('Assignment', assignment.id, ['caseworkerId'], kase.id);

    // The claim link: a random token whose hash only is kept (nobody can open the demo's unused link).
    const sentAt = new Date(openedAt.getTime() + 3_600_000);
    const usedAt = claimant ? new Date(sentAt.getTime() + 2 * 86_400_000) : null;
    const claim = await tx.caseClaim.create({
      data: {
        caseId: kase.id,
        email: claimant?.email ?? null,
        tokenHash: hashToken(crypto.randomBytes(32).toString('base64url')),
        sentById: users[spec.openedBy],
        createdAt: sentAt,
        // The unused link stays open for its 14 days from today, so the demo shows one waiting.
        expiresAt: claimant ? new Date(sentAt.getTime() + 14 * 86_400_000) : new Date(Date.now() + 14 * 86_400_000),
        usedAt,
        usedById: claimant?.id ?? null,
      },
      select: { id: true },
    });
    await writeAudit(tx, {
      actorId: users[spec.openedBy],
      action: 'claim.create',
      entityType: 'CaseClaim',
      entityId: claim.id,
      caseId: kase.id,
      fields: claimant ? ['expiresAt', 'email'] : ['expiresAt'],
      ip: null,
      userAgent: 'demo-seed',
    });
    if (claimant) {
      await writeAudit(tx, {
        actorId: claimant.id,
        action: 'claim.use',
        entityType: 'CaseClaim',
        entityId: claim.id,
        caseId: kase.id,
        fields: ['usedAt', 'usedById'],
        ip: null,
        userAgent: 'demo-seed',
      });
    }
  }
}
