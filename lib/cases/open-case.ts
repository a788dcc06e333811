import type { Tx } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { writeAuditMany, type AuditEntry } from '../audit/write-audit';
import { toEarliestDay, type PartialDate } from '../dates/partial-date';
import { nextCaseReferences } from './next-reference';
import { BODY_LABELS, SANCTION_TYPE_LABELS } from './labels';
import { syncDeadlinesMany, triggerOf } from '../deadlines/sync-deadlines';
import { insertRows, type Column } from '../db/insert-rows';
import { newRowId } from '../db/row-id';
import { openingStageRow } from './record-opening-stage';
import type { BodyKind, ConsentMethod, EventType, ReasonCategory, SanctionType } from '../db/generated/enums';

const DECISION_TYPES = new Set(['EXPULSION', 'AUTO_EXCLUSION', 'MEMBERSHIP_REFUSED', 'ENDORSEMENT_WITHHELD']);

export type OpenCaseInput = {
  personId: string;
  sanctionType: SanctionType;
  imposedOn: PartialDate;
  imposedBy: BodyKind;
  reasonCategory: ReasonCategory;
  reasonText?: string;
  wants: string[];
  summary?: string;
  consent: { givenAt: Date; method?: ConsentMethod; takenById?: string; note?: string };
};

type Audit = { actorId: string; ip: string | null; userAgent: string | null };

export { newRowId };

type CasePlan = {
  kase: Prisma.CaseCreateManyInput & { id: string; reference: string };
  stage: Prisma.CaseStageChangeCreateManyInput;
  sanction: Prisma.SanctionCreateManyInput & { id: string };
  event: Prisma.TimelineEventCreateManyInput & { id: string; type: EventType };
  audits: AuditEntry[];
};

/** The rows that open one case: the case, its opening stage, first sanction and first timeline entry, and their audit rows. */
function planCase(audit: Audit, input: OpenCaseInput, reference: string): CasePlan {
  const consent = input.consent;
  const staffConsent = consent.method !== undefined && consent.method !== 'ONLINE';
  const caseId = newRowId();
  const kase = {
    id: caseId,
    reference,
    personId: input.personId,
    wants: input.wants,
    summary: input.summary ?? null,
    createdById: audit.actorId,
    consentGivenAt: consent.givenAt,
    ...(staffConsent
      ? {
          consentMethod: consent.method,
          consentTakenById: consent.takenById ?? null,
          consentNote: consent.note ?? null,
        }
      : {}),
  };
  const caseFields = [
    'wants',
    'summary',
    'consentGivenAt',
    ...(staffConsent ? ['consentMethod', 'consentTakenById', ...(consent.note ? ['consentNote'] : [])] : []),
  ];
  const imposedOn = toEarliestDay(input.imposedOn);
  const sanction = {
    id: newRowId(),
    caseId,
    type: input.sanctionType,
    imposedOn,
    imposedPrecision: input.imposedOn.precision,
    imposedBy: input.imposedBy,
    reasonCategory: input.reasonCategory,
    reasonText: input.reasonText ?? null,
  };
  const eventType: EventType = DECISION_TYPES.has(input.sanctionType) ? 'DECISION' : 'NOTICE_OF_SUSPENSION';
  const event = {
    id: newRowId(),
    caseId,
    type: eventType,
    occurredOn: imposedOn,
    datePrecision: input.imposedOn.precision,
    title: `${SANCTION_TYPE_LABELS[input.sanctionType]} – ${BODY_LABELS[input.imposedBy]}`,
    details: input.reasonText ?? null,
    createdById: audit.actorId,
  };
  const at = { ...audit, caseId };
  return {
    kase,
    stage: openingStageRow({ caseId, changedById: audit.actorId }),
    sanction,
    event,
    audits: [
      { ...at, action: 'case.create', entityType: 'Case', entityId: caseId, fields: caseFields },
      {
        ...at,
        action: 'sanction.create',
        entityType: 'Sanction',
        entityId: sanction.id,
        fields: ['type', 'imposedOn', 'imposedBy', 'reasonCategory', 'reasonText'],
      },
      {
        ...at,
        action: 'event.create',
        entityType: 'TimelineEvent',
        entityId: event.id,
        fields: ['type', 'occurredOn', 'title', 'details'],
        // A new entry is shared with the member, unmarked (the table's defaults).
        itemPrivacy: { visibility: 'SHARED', privileged: false, withoutPrejudice: false },
      },
    ],
  };
}

const CASE_COLUMNS: Column[] = [
  ['id', 'text'],
  ['reference', 'text'],
  ['personId', 'text'],
  ['wants', 'text[]'],
  ['summary', 'text'],
  ['createdById', 'text'],
  ['consentGivenAt', 'timestamp(3)'],
  ['consentMethod', '"ConsentMethod"'],
  ['consentTakenById', 'text'],
  ['consentNote', 'text'],
  ['createdAt', 'timestamp(3)'],
  ['updatedAt', 'timestamp(3)'],
];
const STAGE_COLUMNS: Column[] = [
  ['id', 'text'],
  ['caseId', 'text'],
  ['fromStage', '"CaseStage"'],
  ['toStage', '"CaseStage"'],
  ['fromOutcome', '"CaseOutcome"'],
  ['toOutcome', '"CaseOutcome"'],
  ['reason', 'text'],
  ['changedById', 'text'],
  ['createdAt', 'timestamp(3)'],
];
const SANCTION_COLUMNS: Column[] = [
  ['id', 'text'],
  ['caseId', 'text'],
  ['type', '"SanctionType"'],
  ['imposedOn', 'date'],
  ['imposedPrecision', '"DatePrecision"'],
  ['imposedBy', '"BodyKind"'],
  ['reasonCategory', '"ReasonCategory"'],
  ['reasonText', 'text'],
  ['createdAt', 'timestamp(3)'],
  ['updatedAt', 'timestamp(3)'],
];
const EVENT_COLUMNS: Column[] = [
  ['id', 'text'],
  ['caseId', 'text'],
  ['type', '"EventType"'],
  ['occurredOn', 'date'],
  ['datePrecision', '"DatePrecision"'],
  ['title', 'text'],
  ['details', 'text'],
  ['createdById', 'text'],
  ['createdAt', 'timestamp(3)'],
  ['updatedAt', 'timestamp(3)'],
];

const imposedDay = (e: { occurredOn: Date | string }) => new Date(e.occurredOn);

/**
 * The case, its first sanction and its first timeline entry (a notice, or a decision for an expulsion),
 * each with its audit row, and the deadlines they start. Shared by the member's intake and a case staff
 * open for a member; runs inside the caller's transaction.
 */
export async function openCase(tx: Tx, audit: Audit, input: OpenCaseInput): Promise<{ id: string; reference: string }> {
  return (await openCases(tx, audit, [input]))[0]!;
}

/**
 * Many cases at once, each exactly as openCase opens one: the same rows, written a statement per table
 * instead of per case (the spreadsheet import opens a thousand in one transaction). Only a case whose entry
 * starts a deadline (a decision on a known day) has its deadlines computed: for the others there are none.
 */
export async function openCases(
  tx: Tx,
  audit: Audit,
  inputs: OpenCaseInput[],
): Promise<{ id: string; reference: string }[]> {
  if (!inputs.length) return [];
  const references = await nextCaseReferences(tx, inputs.length);
  const plans = inputs.map((input, i) => planCase(audit, input, references[i]!));
  // Each table in one statement (insertRows), stamped like Prisma's createMany: one time per statement.
  const stamped = <T>(rows: T[], updated = true) => {
    const now = new Date();
    return rows.map((r) => ({ ...r, createdAt: now, ...(updated ? { updatedAt: now } : {}) }));
  };
  await insertRows(tx, 'Case', CASE_COLUMNS, stamped(plans.map((p) => p.kase)));
  await insertRows(
    tx,
    'CaseStageChange',
    STAGE_COLUMNS,
    stamped(
      plans.map((p) => ({ id: newRowId(), ...p.stage })),
      false,
    ),
  );
  await insertRows(tx, 'Sanction', SANCTION_COLUMNS, stamped(plans.map((p) => p.sanction)));
  await insertRows(tx, 'TimelineEvent', EVENT_COLUMNS, stamped(plans.map((p) => p.event)));
  await writeAuditMany(
    tx,
    plans.flatMap((p) => p.audits),
  );
  // syncDeadlines computes deadlines only from an entry that starts one and carries its exact day.
  const starting = plans.filter(({ event: e }) => {
    const starts = triggerOf({
      ...e,
      occurredOn: imposedDay(e),
      receivedOn: null,
      windowDays: null,
      decisionOutcome: null,
    });
    return starts && e.datePrecision === 'DAY';
  });
  await syncDeadlinesMany(
    tx,
    starting.map((p) => p.kase.id),
  );
  return plans.map((p) => ({ id: p.kase.id, reference: p.kase.reference }));
}
