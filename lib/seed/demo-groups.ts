// Demo data for group actions, sanctions and related cases (issue 10, points 3 and 4): six members of two
// neighbouring branches suspended together (one group action, one letter to them all), a couple expelled
// for the same post (linked cases), a member who moved branch, and the end date of the quashed suspension
// of the member suspended twice (case (d) in demo-seed.ts). Every person and place is invented.
import type { Tx } from '../db/client';
import { nextCaseReference } from '../cases/next-reference';
import { toEarliestDay, type PartialDate } from '../dates/partial-date';
import type { EventType, Visibility } from '../db/generated/enums';

type Users = Record<'coordinator' | 'caseworker' | 'caseworker2' | 'member', string>;
type Audit = (entityType: string, entityId: string, fields: string[], caseId?: string | null) => Promise<void>;
type Branches = Map<string, { id: string; regionId: string }>;

const day = (y: number, m: number, d: number): PartialDate => ({ precision: 'DAY', year: y, month: m, day: d });
const month = (y: number, m: number): PartialDate => ({ precision: 'MONTH', year: y, month: m });

/** The members of the two suspended branches, each with their own case (names are invented). */
export const DEMO_BRANCH_MEMBERS = [
  { fullName: 'Gwen Ashworth', branch: 'Kelder Valley', rolesHeld: ['Chair'], caseworker: 'caseworker' },
  { fullName: 'Tom Rigby', branch: 'Kelder Valley', rolesHeld: ['Secretary'], caseworker: 'caseworker' },
  { fullName: 'Nasreen Akhtar', branch: 'Kelder Valley', rolesHeld: [], caseworker: 'caseworker2' },
  { fullName: 'Colin Pilling', branch: 'Brindle Cross', rolesHeld: ['Chair', 'Councillor'], caseworker: 'caseworker' },
  { fullName: 'Maureen Duckworth', branch: 'Brindle Cross', rolesHeld: ['Treasurer'], caseworker: 'caseworker2' },
  { fullName: 'Shaun Kenyon', branch: 'Brindle Cross', rolesHeld: ['Other branch officer'], caseworker: 'caseworker2' },
] as const;

/** The couple expelled for the same shared post. */
export const DEMO_PARTNERS = [
  { fullName: 'Alan Tremayne', branch: 'Penmarrow', rolesHeld: ['Trade union delegate'], caseworker: 'caseworker2' },
  { fullName: 'Sue Tremayne', branch: 'Penmarrow', rolesHeld: [], caseworker: 'caseworker2' },
] as const;

export const DEMO_GROUP_CASE_COUNT = DEMO_BRANCH_MEMBERS.length + DEMO_PARTNERS.length;

export const DEMO_GROUP_ACTION = {
  title: 'Kelder Valley and Brindle Cross suspended after the joint motion',
  letter: 'Letter to every member of both branches: meetings cancelled, officers replaced by the regional office',
};

type Spec = { fullName: string; branch: string; rolesHeld: readonly string[]; caseworker: keyof Users };
type Ev = { type: EventType; date: PartialDate; title: string; details?: string; visibility?: Visibility };

async function makeCase(
  tx: Tx,
  ctx: { users: Users; branches: Branches; audit: Audit },
  spec: Spec,
  opened: Date,
  sanction: {
    type: 'SUSPENSION' | 'EXPULSION';
    imposed: PartialDate;
    reasonText: string;
    reasonCategory: 'MOTION' | 'SOCIAL_MEDIA';
    imposedBy: 'NEC_DISPUTES_PANEL' | 'NCC';
  },
  summary: string,
  events: Ev[],
) {
  const branch = ctx.branches.get(spec.branch);
  if (!branch) throw new Error(`Demo data refers to an unknown branch: ${spec.branch}`);
  const person = await tx.person.create({
    data: { fullName: spec.fullName, branchId: branch.id, regionId: branch.regionId, rolesHeld: [...spec.rolesHeld] },
    select: { id: true },
  });
  await ctx.audit('Person', person.id, ['fullName', 'branchId', 'regionId', 'rolesHeld']);
  const kase = await tx.case.create({
    data: {
      reference: await nextCaseReference(tx),
      personId: person.id,
      stage: 'INVESTIGATION',
      wants: ['REINSTATEMENT'],
      summary,
      consentGivenAt: opened,
      consentMethod: 'BY_PHONE',
      consentTakenById: ctx.users[spec.caseworker],
      createdById: ctx.users[spec.caseworker],
      createdAt: opened,
    },
    select: { id: true, reference: true },
  });
  await ctx.audit(
    'Case',
    kase.id,
    ['reference', 'personId', 'stage', 'wants', 'summary', 'consentGivenAt', 'consentMethod'],
    kase.id,
  );
  const s = await tx.sanction.create({
    data: {
      caseId: kase.id,
      type: sanction.type,
      imposedOn: toEarliestDay(sanction.imposed),
      imposedPrecision: sanction.imposed.precision,
      imposedBy: sanction.imposedBy,
      reasonCategory: sanction.reasonCategory,
      reasonText: sanction.reasonText,
    },
    select: { id: true },
  });
  await ctx.audit('Sanction', s.id, ['type', 'imposedOn', 'imposedBy', 'reasonCategory', 'reasonText'], kase.id);
  for (const [i, e] of events.entries()) {
    const ev = await tx.timelineEvent.create({
      data: {
        caseId: kase.id,
        type: e.type,
        occurredOn: toEarliestDay(e.date),
        datePrecision: e.date.precision,
        title: e.title,
        details: e.details ?? null,
        visibility: e.visibility ?? 'SHARED',
        createdById: ctx.users[spec.caseworker],
        createdAt: new Date(opened.getTime() + (i + 1) * 60_000),
      },
      select: { id: true },
    });
    await ctx.audit(
      'TimelineEvent',
      ev.id,
      ['type', 'occurredOn', 'datePrecision', 'title', 'details', 'visibility'],
      kase.id,
    );
  }
  const a = await tx.assignment.create({
    data: {
      caseId: kase.id,
      caseworkerId: ctx.users[spec.caseworker],
      assignedById: ctx.users.coordinator,
      startedAt: opened,
    },
    select: { id: true },
  });
  await ctx.audit('Assignment', a.id, ['caseworkerId'], kase.id);
  return kase;
}

export async function seedGroupDemo(tx: Tx, ctx: { users: Users; branches: Branches; audit: Audit }): Promise<void> {
  // Six members of two neighbouring branches, suspended the same day with both branches.
  const opened = new Date(Date.UTC(2025, 3, 28, 10));
  const branchCases = [];
  for (const m of DEMO_BRANCH_MEMBERS) {
    branchCases.push(
      await makeCase(
        tx,
        ctx,
        m,
        opened,
        {
          type: 'SUSPENSION',
          imposed: day(2025, 3, 11),
          imposedBy: 'NEC_DISPUTES_PANEL',
          reasonCategory: 'MOTION',
          reasonText:
            '"Following the joint meeting of 6 March 2025 the branch is suspended, and you are suspended from membership pending investigation."',
        },
        `One of the members of ${m.branch} suspended when both branches were suspended after the joint meeting debated a motion of no confidence.`,
        [
          {
            type: 'MEETING_OR_CONTACT',
            date: day(2025, 3, 6),
            title: 'Joint branch meeting: motion of no confidence debated',
          },
          {
            type: 'NOTICE_OF_SUSPENSION',
            date: day(2025, 3, 11),
            title: 'Email: suspended along with the whole branch',
          },
          { type: 'LETTER_SENT', date: day(2025, 4, 2), title: 'Asked for the particulars of the allegation' },
          {
            type: 'MEETING_OR_CONTACT',
            date: month(2025, 5),
            title: 'Phone call with the caseworker about the branch action',
          },
        ],
      ),
    );
  }
  const [kelder, brindle] = [ctx.branches.get('Kelder Valley')!, ctx.branches.get('Brindle Cross')!];
  const ga = await tx.groupAction.create({
    data: {
      reference: `GA-${new Date().getUTCFullYear()}-0001`,
      title: DEMO_GROUP_ACTION.title,
      sanctionType: 'BRANCH_SUSPENDED',
      measures: ['BRANCH_SUSPENDED', 'MEETINGS_CANCELLED', 'OFFICERS_REPLACED'],
      imposedOn: toEarliestDay(day(2025, 3, 11)),
      imposedPrecision: 'DAY',
      imposedBy: 'NEC_DISPUTES_PANEL',
      reasonCategory: 'MOTION',
      createdById: ctx.users.coordinator,
      createdAt: opened,
      summary:
        'Both branches were suspended the week after their joint meeting debated a motion of no confidence. All branch meetings were cancelled and the officers were replaced by the regional office.',
      branches: { create: [{ branchId: kelder.id }, { branchId: brindle.id }] },
      cases: { create: branchCases.map((c) => ({ caseId: c.id })) },
    },
    select: { id: true },
  });
  await ctx.audit('GroupAction', ga.id, [
    'reference',
    'title',
    'sanctionType',
    'measures',
    'imposedOn',
    'summary',
    'branches',
    'cases',
  ]);
  const letter = await tx.groupEvent.create({
    data: {
      groupActionId: ga.id,
      type: 'LETTER_RECEIVED',
      occurredOn: toEarliestDay(day(2025, 4, 22)),
      datePrecision: 'DAY',
      title: DEMO_GROUP_ACTION.letter,
      createdById: ctx.users.coordinator,
      details: 'The same letter went to every member of both branches. It gives no date for the investigation to end.',
    },
  });
  await ctx.audit('GroupEvent', letter.id, ['type', 'occurredOn', 'title', 'details', 'visibility']);
  for (const c of branchCases) {
    // The group's letter, once on each member's timeline (lib/group-actions/copies.ts keeps them in step).
    const copy = await tx.timelineEvent.create({
      data: {
        caseId: c.id,
        groupEventId: letter.id,
        type: letter.type,
        occurredOn: letter.occurredOn,
        datePrecision: letter.datePrecision,
        title: letter.title,
        details: letter.details,
        visibility: letter.visibility,
        createdById: letter.createdById,
        createdAt: new Date(opened.getTime() + 10 * 60_000),
      },
      select: { id: true },
    });
    await ctx.audit(
      'TimelineEvent',
      copy.id,
      ['type', 'occurredOn', 'title', 'details', 'visibility', 'groupEventId'],
      c.id,
    );
  }
  // Tom Rigby moved from Ashcombe Moor to Kelder Valley in 2024: the case keeps both branches.
  const ashcombe = ctx.branches.get('Ashcombe Moor')!;
  for (const row of [
    { caseId: branchCases[1]!.id, branchId: ashcombe.id, fromOn: null, untilOn: new Date(Date.UTC(2024, 1, 29)) },
    { caseId: branchCases[1]!.id, branchId: kelder.id, fromOn: new Date(Date.UTC(2024, 2, 1)), untilOn: null },
  ]) {
    const cb = await tx.caseBranch.create({ data: row, select: { id: true } });
    await ctx.audit('CaseBranch', cb.id, ['branchId', 'fromOn', 'untilOn'], row.caseId);
  }

  // A couple expelled for the same shared post: two cases, linked.
  const partnerCases = [];
  for (const p of DEMO_PARTNERS) {
    partnerCases.push(
      await makeCase(
        tx,
        ctx,
        p,
        new Date(Date.UTC(2024, 2, 5, 10)),
        {
          type: 'EXPULSION',
          imposed: month(2024, 1),
          imposedBy: 'NCC',
          reasonCategory: 'SOCIAL_MEDIA',
          reasonText:
            '"You shared a post on 12 October 2023 which the Panel found to be grossly detrimental to the Party."',
        },
        'Expelled with their partner for sharing the same post from the family’s account.',
        [
          { type: 'NOTE', date: day(2023, 10, 12), title: 'The shared post' },
          {
            type: 'NOTICE_OF_INVESTIGATION',
            date: day(2023, 11, 2),
            title: 'Notice of investigation naming the shared post',
          },
          { type: 'DECISION', date: day(2024, 1, 18), title: 'NCC decision: expelled' },
          {
            type: 'NOTE',
            date: month(2024, 2),
            visibility: 'CASEWORKERS',
            title: 'Caseworker note: handle both appeals together',
          },
        ],
      ),
    );
  }
  const link = await tx.caseLink.create({
    data: {
      fromCaseId: partnerCases[0]!.id,
      toCaseId: partnerCases[1]!.id,
      relation: 'PARTNER',
      note: 'Married; both expelled for the same shared post.',
      createdById: ctx.users.caseworker2,
    },
    select: { id: true },
  });
  await ctx.audit('CaseLink', link.id, ['relation', 'note'], partnerCases[0]!.id);

  // The member suspended twice (case (d)): the first suspension ended when the High Court quashed it.
  const quashed = await tx.sanction.findFirst({
    where: { outcome: 'QUASHED_BY_COURT', case: { person: { fullName: 'Yusuf Adebayo' } } },
    select: { id: true, caseId: true },
  });
  if (quashed) {
    await tx.sanction.update({
      where: { id: quashed.id },
      data: { endedOn: toEarliestDay(day(2023, 6, 9)), endedPrecision: 'DAY' },
    });
    await ctx.audit('Sanction', quashed.id, ['endedOn', 'endedPrecision'], quashed.caseId);
  }
}
