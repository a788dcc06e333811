import type { Tx } from '../db/client';
import { actionWords } from '../audit/actions';
import { formatUkDate } from '../deadlines/working-days';
import { formatTimestamp } from '../dates/partial-date';
import type { ItemType } from './labels';
import { CONSENT_METHOD_LABELS, SANCTION_TYPE_LABELS, STAGE_LABELS } from '../cases/labels';

// Everything the network holds about one person, as items a coordinator decides on one by one (issue 13,
// point 2). Unlike the member's own view, this includes caseworker-only notes, privileged material and
// audit rows: they are the person's data too. Each item says whether the member can already see it, so
// the review starts from a safe default: items the member sees are released unless decided otherwise;
// the rest must be decided before the response can be released.

export type HoldingType = ItemType;

export type Holding = {
  type: HoldingType;
  id: string;
  /** Which case it belongs to, if any. */
  reference: string | null;
  heading: string;
  /** The item's text as the network holds it (what a release prints). */
  text: string;
  /** The member can see it already (shared with them): released unless a coordinator decides otherwise. */
  memberSees: boolean;
  /** Why a coordinator should look closely (caseworker-only, privileged, without prejudice). */
  flags: string[];
  /** An exhibit's file: listed in the release with its fingerprint. */
  file?: { name: string; sha256: string; sizeBytes: number };
};

const day = (d: Date | null | undefined) => (d ? formatUkDate(d.toISOString().slice(0, 10)) : 'no date');
const lines = (...xs: (string | null | undefined | false)[]) => xs.filter(Boolean).join('\n');

const itemFlags = (i: { visibility: string; privileged: boolean; withoutPrejudice: boolean }) => [
  ...(i.visibility === 'CASEWORKERS' ? ['caseworkers only'] : []),
  ...(i.privileged ? ['privileged'] : []),
  ...(i.withoutPrejudice ? ['without prejudice'] : []),
];
const sharedWithMember = (i: { visibility: string; privileged: boolean }) => i.visibility === 'SHARED' && !i.privileged;

/** The person's holdings, in a stable order: details, account, then case by case. */
export async function gatherHoldings(tx: Tx, personId: string): Promise<Holding[]> {
  const person = await tx.person.findUniqueOrThrow({
    where: { id: personId },
    select: {
      id: true,
      fullName: true,
      membershipNumber: true,
      email: true,
      phone: true,
      postalAddress: true,
      rolesHeld: true,
      region: { select: { name: true } },
      branch: { select: { name: true } },
      user: { select: { id: true, email: true, name: true, role: true, createdAt: true, disabledAt: true } },
    },
  });
  const out: Holding[] = [
    {
      type: 'PERSON',
      id: person.id,
      reference: null,
      heading: 'Your details',
      text: lines(
        `Name: ${person.fullName}`,
        person.membershipNumber && `Membership number: ${person.membershipNumber}`,
        person.email && `Email: ${person.email}`,
        person.phone && `Phone: ${person.phone}`,
        person.postalAddress && `Postal address: ${person.postalAddress}`,
        person.region && `Region: ${person.region.name}`,
        person.branch && `Branch: ${person.branch.name}`,
        person.rolesHeld.length > 0 && `Roles held in the party: ${person.rolesHeld.join(', ')}`,
      ),
      memberSees: true,
      flags: [],
    },
  ];
  if (person.user) {
    out.push({
      type: 'ACCOUNT',
      id: person.user.id,
      reference: null,
      heading: 'Your Reinstate account',
      text: lines(
        `Name: ${person.user.name}`,
        `Sign-in email: ${person.user.email}`,
        `Opened: ${day(person.user.createdAt)}`,
        person.user.disabledAt && `Turned off: ${day(person.user.disabledAt)}`,
      ),
      memberSees: true,
      flags: [],
    });
  }
  const cases = await tx.case.findMany({
    where: { personId },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      reference: true,
      stage: true,
      summary: true,
      wants: true,
      createdAt: true,
      consentGivenAt: true,
      consentWithdrawnAt: true,
      consentMethod: true,
      consentNote: true,
      sanctions: {
        orderBy: { createdAt: 'asc' },
        select: { id: true, type: true, imposedOn: true, endedOn: true, reasonText: true },
      },
      events: {
        where: { deletedAt: null },
        orderBy: [{ occurredOn: 'asc' }, { position: 'asc' }, { createdAt: 'asc' }, { id: 'asc' }],
        select: {
          id: true,
          occurredOn: true,
          title: true,
          details: true,
          visibility: true,
          privileged: true,
          withoutPrejudice: true,
          letter: { select: { id: true, body: true, recipient: true } },
        },
      },
      evidence: {
        where: { deletedAt: null, purgedAt: null },
        orderBy: { exhibitNumber: 'asc' },
        select: {
          id: true,
          exhibitNumber: true,
          title: true,
          occurredOn: true,
          source: true,
          visibility: true,
          privileged: true,
          withoutPrejudice: true,
          originalName: true,
          sha256: true,
          sizeBytes: true,
          capturedText: true,
          createdById: true,
        },
      },
    },
  });
  for (const c of cases) {
    out.push({
      type: 'CASE',
      id: c.id,
      reference: c.reference,
      heading: `Case ${c.reference}`,
      text: lines(
        `Opened: ${day(c.createdAt)}`,
        `Stage: ${STAGE_LABELS[c.stage]}`,
        c.summary && `Summary: ${c.summary}`,
        c.wants.length > 0 && `What you want: ${c.wants.join(', ')}`,
        c.consentGivenAt &&
          `Agreed to caseworker help: ${day(c.consentGivenAt)}${c.consentMethod ? ` (${CONSENT_METHOD_LABELS[c.consentMethod]})` : ''}`,
        c.consentNote && `Consent note: ${c.consentNote}`,
        c.consentWithdrawnAt && `Withdrew agreement: ${day(c.consentWithdrawnAt)}`,
      ),
      memberSees: true,
      flags: [],
    });
    for (const s of c.sanctions) {
      out.push({
        type: 'SANCTION',
        id: s.id,
        reference: c.reference,
        heading: `Sanction: ${SANCTION_TYPE_LABELS[s.type]}`,
        text: lines(
          `Imposed: ${day(s.imposedOn)}`,
          s.endedOn && `Ended: ${day(s.endedOn)}`,
          s.reasonText && `Reason given: ${s.reasonText}`,
        ),
        memberSees: true,
        flags: [],
      });
    }
    for (const e of c.events) {
      const flags = itemFlags(e);
      const memberSees = sharedWithMember(e);
      out.push({
        type: 'EVENT',
        id: e.id,
        reference: c.reference,
        heading: `${day(e.occurredOn)} · ${e.title}`,
        text: e.details ?? '',
        memberSees,
        flags,
      });
      if (e.letter) {
        out.push({
          type: 'LETTER',
          id: e.letter.id,
          reference: c.reference,
          heading: `Letter to ${e.letter.recipient} (${day(e.occurredOn)})`,
          text: e.letter.body,
          memberSees,
          flags,
        });
      }
    }
    for (const ev of c.evidence) {
      out.push({
        type: 'EVIDENCE',
        id: ev.id,
        reference: c.reference,
        heading: `Exhibit ${ev.exhibitNumber}: ${ev.title} (${day(ev.occurredOn)})`,
        text: lines(ev.source && `Where it came from: ${ev.source}`, ev.capturedText),
        // A provenance note ("where it came from") written by staff is theirs, not the member's to see
        // (lib/auth/audience.ts): such an item needs a decision like a caseworker-only one.
        memberSees: sharedWithMember(ev) && (!ev.source || ev.createdById === person.user?.id),
        flags: [
          ...itemFlags(ev),
          ...(ev.source && ev.createdById !== person.user?.id ? ['staff provenance note'] : []),
        ],
        file: { name: ev.originalName, sha256: ev.sha256, sizeBytes: ev.sizeBytes },
      });
    }
  }
  // Who viewed or changed their cases, and what their own account did: field names, never values.
  const caseIds = cases.map((c) => c.id);
  const audit = await tx.auditLog.findMany({
    where: {
      OR: [{ caseId: { in: caseIds } }, ...(person.user ? [{ actorId: person.user.id }] : []), { entityId: person.id }],
    },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
    select: {
      id: true,
      action: true,
      fields: true,
      createdAt: true,
      memberVisible: true,
      caseId: true,
      actor: { select: { name: true, role: true } },
    },
  });
  const refs = new Map(cases.map((c) => [c.id, c.reference]));
  for (const a of audit) {
    const who = a.actor ? `${a.actor.name} (${a.actor.role.toLowerCase()})` : 'Reinstate';
    out.push({
      type: 'AUDIT',
      id: a.id,
      reference: a.caseId ? (refs.get(a.caseId) ?? null) : null,
      heading: `${formatTimestamp(a.createdAt)} · ${who}`,
      text: actionWords(a.action, a.fields),
      memberSees: a.memberVisible,
      flags: a.memberVisible ? [] : ['staff-only activity record'],
    });
  }
  return out;
}

/**
 * Whether `id` is one of the person's holdings of that type: the same rules as gatherHoldings, asked of one record
 * (a decision on one item must not gather every holding again; a long case holds thousands of activity records).
 */
export async function holdsItem(tx: Tx, personId: string, type: HoldingType, id: string): Promise<boolean> {
  const ofPerson = { personId };
  switch (type) {
    case 'PERSON':
      return id === personId && (await tx.person.count({ where: { id } })) === 1;
    case 'ACCOUNT':
      return (await tx.person.count({ where: { id: personId, userId: id } })) === 1;
    case 'CASE':
      return (await tx.case.count({ where: { id, ...ofPerson } })) === 1;
    case 'SANCTION':
      return (await tx.sanction.count({ where: { id, case: ofPerson } })) === 1;
    case 'EVENT':
      return (await tx.timelineEvent.count({ where: { id, deletedAt: null, case: ofPerson } })) === 1;
    case 'LETTER':
      return (await tx.letter.count({ where: { id, event: { deletedAt: null, case: ofPerson } } })) === 1;
    case 'EVIDENCE':
      return (await tx.evidence.count({ where: { id, deletedAt: null, purgedAt: null, case: ofPerson } })) === 1;
    case 'AUDIT': {
      const person = await tx.person.findUnique({
        where: { id: personId },
        select: { userId: true, cases: { select: { id: true } } },
      });
      if (!person) return false;
      const whose = [
        { caseId: { in: person.cases.map((c) => c.id) } },
        ...(person.userId ? [{ actorId: person.userId }] : []),
        { entityId: personId },
      ];
      return (await tx.auditLog.count({ where: { id, OR: whose } })) === 1;
    }
    default:
      return false;
  }
}

export const holdingKey = (h: { type: string; id: string }) => `${h.type}:${h.id}`;
