import type { Tx } from '../db/client';
import type { SanctionType } from '../db/generated/enums';
import { assertActor, caseScope, isStaff, type Actor } from '../auth/policy';
import { itemsForReader } from '../auth/audience';
import { NotFoundError } from '../errors';
import { formatPartialDate } from '../dates/partial-date';
import { BODY_LABELS, OUTCOME_LABELS, REASON_LABELS, STAGE_LABELS, describeStageAndOutcome } from '../cases/labels';
import { DEADLINE_LABELS } from '../deadlines/sync-deadlines';
import { getTemplate } from './templates';
import { ICO, SOURCE_PATHS, type SourcePath } from './sources';
import { formatUkDay, isIsoDate, isoDay, todayInUk } from './uk-date';
import type { LetterContext } from './types';
import { EVENT_ORDER_LATEST_FIRST } from '../timeline/event-order';

export type { LetterContext } from './types';
export { fieldValuesSchema, missingFields, prefillFields } from './field-values';

// The case data a letter is filled from: a flat map of the paths in sources.ts. Reads only, inside
// the caller's transaction (always through `tx`). The caller has authorised the actor for the case;
// the case is still looked up through caseScope (fail closed), and every value taken from the
// timeline, a deadline or an earlier letter honours itemsForReader(actor): a member's letter never
// carries anything from a caseworker-only entry.

/** Nouns that fit "the ___ imposed on me". */
const SANCTION_NOUNS: Record<SanctionType, string> = {
  ADMINISTRATIVE_SUSPENSION: 'administrative suspension',
  SUSPENSION: 'suspension',
  EXPULSION: 'expulsion',
  AUTO_EXCLUSION: 'auto-exclusion',
  WHIP_WITHDRAWN: 'withdrawal of the whip',
  ENDORSEMENT_WITHHELD: 'withholding of my endorsement as a candidate',
  BRANCH_SUSPENDED: 'suspension of my branch',
  MEMBERSHIP_REFUSED: 'refusal of my membership',
  OTHER: 'sanction',
};

export type BuildLetterContextInput = {
  caseId: string;
  actor: Actor;
  templateKey: string;
  /** The letter this one follows up (fills parent.*). */
  parentLetterId?: string;
  /** The deadline this letter is about, e.g. the overdue one a chaser is for (fills deadline.*). */
  deadlineId?: string;
  /** ISO date for "today" (defaults to today in the UK). */
  today?: string;
};

/**
 * Builds the context for one template on one case. Throws NotFoundError when the case, the template,
 * the earlier letter or the deadline is unknown or not visible to the actor (not found and not allowed look the same).
 */
export async function buildLetterContext(tx: Tx, input: BuildLetterContextInput): Promise<LetterContext> {
  assertActor(input.actor);
  const actor = input.actor;
  if (!input.caseId) throw new NotFoundError();
  const template = getTemplate(input.templateKey);
  if (!template) throw new NotFoundError();
  if (input.today !== undefined && !isIsoDate(input.today))
    throw new RangeError(`today must be an ISO date, not "${input.today}"`);

  const kase = await tx.case.findFirst({
    where: { AND: [{ id: input.caseId }, caseScope(actor)] },
    select: {
      id: true,
      reference: true,
      stage: true,
      outcome: true,
      person: {
        select: {
          fullName: true,
          postalAddress: true,
          email: true,
          phone: true,
          membershipNumber: true,
          branch: { select: { name: true, region: { select: { name: true } } } },
          region: { select: { name: true } },
        },
      },
      sanctions: {
        orderBy: [{ imposedOn: { sort: 'desc', nulls: 'last' } }, { createdAt: 'desc' }],
        take: 1,
        select: {
          type: true,
          imposedOn: true,
          imposedPrecision: true,
          imposedBy: true,
          reasonText: true,
          reasonCategory: true,
        },
      },
    },
  });
  if (!kase) throw new NotFoundError();

  // Timeline entries the actor may see: caseworker-only ones are never read for a member.
  const visible = { caseId: kase.id, deletedAt: null, ...itemsForReader(actor) };
  // The decision an appeal is about is the latest one that went against the member (or whose outcome was not recorded).
  const latest = (type: 'SAR_SENT' | 'NOTICE_OF_INVESTIGATION' | 'DECISION') =>
    tx.timelineEvent.findFirst({
      where: {
        ...visible,
        type,
        ...(type === 'DECISION'
          ? { OR: [{ decisionOutcome: null }, { decisionOutcome: { not: 'FAVOURABLE' as const } }] }
          : {}),
      },
      orderBy: EVENT_ORDER_LATEST_FIRST,
      select: {
        occurredOn: true,
        datePrecision: true,
        receivedOn: true,
        deadlines: { select: { kind: true, dueOn: true } },
      },
    });
  const [organisation, sar, notice, decision] = await Promise.all([
    tx.organisation.findFirst({
      orderBy: { createdAt: 'asc' },
      select: { name: true, bodies: { select: { kind: true, name: true, postalAddress: true } } },
    }),
    latest('SAR_SENT'),
    latest('NOTICE_OF_INVESTIGATION'),
    latest('DECISION'),
  ]);

  const parent = input.parentLetterId
    ? await tx.letter.findFirst({
        where: { id: input.parentLetterId, caseId: kase.id, event: { deletedAt: null, ...itemsForReader(actor) } },
        select: { title: true, sentOn: true, event: { select: { deadlines: { select: { dueOn: true } } } } },
      })
    : null;
  if (input.parentLetterId && !parent) throw new NotFoundError();
  const deadline = input.deadlineId
    ? await tx.deadline.findFirst({
        where: { id: input.deadlineId, caseId: kase.id, event: { deletedAt: null, ...itemsForReader(actor) } },
        select: { kind: true, dueOn: true },
      })
    : null;
  if (input.deadlineId && !deadline) throw new NotFoundError();

  // The acting caseworker (or coordinator), or else the caseworker assigned longest.
  const caseworker = isStaff(actor)
    ? await tx.user.findUnique({ where: { id: actor.id }, select: { name: true } })
    : ((
        await tx.assignment.findFirst({
          where: { caseId: kase.id, endedAt: null },
          orderBy: { startedAt: 'asc' },
          select: { caseworker: { select: { name: true } } },
        })
      )?.caseworker ?? null);

  const person = kase.person;
  const sanction = kase.sanctions[0];
  const findBody = (kind: string) => organisation?.bodies.find((b) => b.kind === kind);
  const recipient =
    template.recipient === 'ICO'
      ? { name: ICO.name, address: ICO.address }
      : template.recipient === 'ASK'
        ? { name: null, address: null }
        : (() => {
            const body = findBody(template.recipient);
            return { name: body?.name ?? null, address: body ? addressLines(body.postalAddress, body.name) : null };
          })();
  const dueOf = (e: { deadlines: { kind: string; dueOn: Date }[] } | null, kind: string) =>
    ukDay(e?.deadlines.find((d) => d.kind === kind)?.dueOn);

  const values: Record<SourcePath, string | null> = {
    'member.fullName': person.fullName,
    'member.address': addressLines(person.postalAddress, null),
    'member.email': person.email,
    'member.phone': person.phone,
    'member.membershipNumber': person.membershipNumber,
    'member.branch': person.branch?.name ?? null,
    'member.region': person.region?.name ?? person.branch?.region.name ?? null,
    'organisation.name': organisation?.name ?? null,
    'case.reference': kase.reference,
    'case.status': describeStageAndOutcome(kase.stage, kase.outcome),
    'case.stage': STAGE_LABELS[kase.stage],
    'case.outcome': kase.outcome ? OUTCOME_LABELS[kase.outcome] : null,
    'sanction.type': sanction ? SANCTION_NOUNS[sanction.type] : null,
    'sanction.imposedOn': sanction?.imposedOn ? formatPartialDate(sanction.imposedOn, sanction.imposedPrecision) : null,
    'sanction.imposedBy': sanction?.imposedBy
      ? (findBody(sanction.imposedBy)?.name ?? BODY_LABELS[sanction.imposedBy])
      : null,
    'sanction.reasonText': sanction?.reasonText ?? null,
    'sanction.reasonCategory': sanction?.reasonCategory ? REASON_LABELS[sanction.reasonCategory] : null,
    'recipient.name': recipient.name,
    'recipient.address': recipient.address,
    'sar.sentOn': sar ? formatPartialDate(sar.occurredOn, sar.datePrecision) : null,
    'sar.dueOn': dueOf(sar, 'SAR_REPLY'),
    'notice.receivedOn': notice
      ? notice.receivedOn
        ? ukDay(notice.receivedOn)
        : formatPartialDate(notice.occurredOn, notice.datePrecision)
      : null,
    'notice.replyDueOn': dueOf(notice, 'INVESTIGATION_REPLY'),
    'decision.date': decision ? formatPartialDate(decision.occurredOn, decision.datePrecision) : null,
    'decision.appealDueOn': dueOf(decision, 'APPEAL_WINDOW'),
    'parent.title': parent?.title ?? null,
    'parent.sentOn': parent ? ukDay(parent.sentOn) : null,
    'parent.dueOn': ukDay(parent?.event.deadlines[0]?.dueOn),
    'deadline.label': deadline ? DEADLINE_LABELS[deadline.kind] : null,
    'deadline.dueOn': ukDay(deadline?.dueOn),
    'caseworker.name': caseworker?.name ?? null,
    today: formatUkDay(input.today ?? todayInUk()),
  };
  // Blank strings count as unknown, so the field is listed as missing rather than filled with nothing.
  const context: LetterContext = {};
  for (const path of SOURCE_PATHS) context[path] = values[path]?.trim() ? values[path]!.trim() : null;
  return context;
}

const ukDay = (d: Date | null | undefined): string | null => (d ? formatUkDay(isoDay(d)) : null);

/**
 * An address as lines for an address block: kept as typed when it has line breaks, otherwise split
 * at commas ("Unit, The Party, 1 Example Street" → three lines). A first line that repeats the
 * recipient's name is dropped, since the name is printed just above it.
 */
export function addressLines(address: string | null | undefined, name: string | null): string | null {
  if (!address?.trim()) return null;
  const lines = (address.includes('\n') ? address.split(/\r?\n/) : address.split(','))
    .map((l) => l.trim())
    .filter(Boolean);
  if (name && lines.length > 1 && lines[0]!.toLowerCase() === name.trim().toLowerCase()) lines.shift();
  return lines.join('\n');
}
