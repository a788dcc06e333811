import { db, type Tx } from '../db/client';
import { canHandleAccessRequests, type Actor } from '../auth/policy';
import { findSubject } from '../cases/find-subject';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { ConflictError, InvalidError, NotFoundError } from '../errors';
import { sarDueDate } from '../deadlines/rules';
import type { Jurisdiction } from '../deadlines/working-days';
import { todayInUk } from '../dates/uk-today';
import { gatherHoldings, holdingKey, holdsItem, type Holding } from './holdings';
import type { ItemDecisionInput, LogAccessRequestInput } from './schemas';

// Subject access requests made to the network (issue 13, point 2; docs/decisions/0028). Coordinators only:
// anyone else is answered "not found", like a record that does not exist. Every read and write is audited.

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;
const utc = (s: string) => new Date(`${s}T00:00:00.000Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

export { canHandleAccessRequests };

function requireCoordinator(actor: Actor): void {
  if (!canHandleAccessRequests(actor)) throw new NotFoundError();
}

async function organisationJurisdiction(tx: Tx): Promise<Jurisdiction> {
  const org = await tx.organisation.findFirst({ orderBy: { createdAt: 'asc' }, select: { jurisdiction: true } });
  return (org?.jurisdiction ?? 'ENGLAND_WALES') as Jurisdiction;
}

/** The person a request is about (lib/cases/find-subject.ts): a request needs someone the network holds data on. */
async function findPerson(tx: Tx, who: string): Promise<{ id: string }> {
  const subject = await findSubject(tx, who.trim());
  if (!subject?.personId) {
    throw new InvalidError('Please check the highlighted fields.', {
      who: 'No one with that email, membership number or case reference is known to the network',
    });
  }
  return { id: subject.personId };
}

export async function logAccessRequest(actor: Actor, input: LogAccessRequestInput, ctx: Ctx): Promise<{ id: string }> {
  requireCoordinator(actor);
  if (input.receivedOn > todayInUk()) {
    throw new InvalidError('Please check the highlighted fields.', {
      receivedOn: 'The date received cannot be in the future',
    });
  }
  return db.$transaction(async (tx) => {
    const person = await findPerson(tx, input.who);
    const due = sarDueDate(input.receivedOn, await organisationJurisdiction(tx));
    const row = await tx.accessRequest.create({
      data: {
        personId: person.id,
        receivedOn: utc(input.receivedOn),
        source: input.source,
        requesterName: input.source === 'ON_BEHALF' ? (input.requesterName ?? null) : null,
        note: input.note ?? null,
        dueOn: utc(due.due),
        correspondingOn: utc(due.corresponding),
        rule: due.rule,
        warning: due.warning ?? null,
        createdById: actor.id,
      },
      select: { id: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'access-request.create',
      entityType: 'AccessRequest',
      entityId: row.id,
      fields: [
        'receivedOn',
        'source',
        ...(input.requesterName ? ['requesterName'] : []),
        ...(input.note ? ['note'] : []),
      ],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return row;
  });
}

export type AccessRequestSummary = {
  id: string;
  personName: string;
  receivedOn: string;
  dueOn: string;
  status: 'OPEN' | 'RELEASED';
  extended: boolean;
  releasedOn: string | null;
};

/** The coordinator's list (audited: it names people). Open ones first, soonest due first. */
export async function listAccessRequests(actor: Actor, ctx: Ctx): Promise<AccessRequestSummary[]> {
  requireCoordinator(actor);
  const rows = await db.accessRequest.findMany({
    orderBy: [{ status: 'asc' }, { dueOn: 'asc' }, { id: 'asc' }],
    take: 500,
    select: {
      id: true,
      receivedOn: true,
      dueOn: true,
      status: true,
      extendedAt: true,
      releasedAt: true,
      person: { select: { fullName: true } },
    },
  });
  await db.$transaction((tx) =>
    writeAudit(tx, {
      actorId: actor.id,
      action: 'access-requests.view',
      entityType: 'AccessRequestList',
      entityId: actor.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    }),
  );
  return rows.map((r) => ({
    id: r.id,
    personName: r.person.fullName,
    receivedOn: iso(r.receivedOn),
    dueOn: iso(r.dueOn),
    status: r.status,
    extended: r.extendedAt !== null,
    releasedOn: r.releasedAt ? iso(r.releasedAt) : null,
  }));
}

export type HoldingWithDecision = Holding & {
  decision: {
    decision: 'RELEASE' | 'REDACT' | 'WITHHOLD';
    exemption: string | null;
    reason: string | null;
    redactedText: string | null;
  } | null;
  /** What the release does with it now: a decision, or the default (release what the member sees; undecided otherwise). */
  effective: 'RELEASE' | 'REDACT' | 'WITHHOLD' | 'UNDECIDED';
};

export type AccessRequestDetail = {
  id: string;
  personId: string;
  personName: string;
  receivedOn: string;
  source: 'PERSON' | 'ON_BEHALF';
  requesterName: string | null;
  note: string | null;
  dueOn: string;
  rule: string;
  warning: string | null;
  extended: boolean;
  status: 'OPEN' | 'RELEASED';
  releasedOn: string | null;
  coveringLetter: string | null;
  pageCount: number | null;
  sha256: string | null;
  version: number;
  items: HoldingWithDecision[];
};

/**
 * What the release does with an item: its decision, else released when the member already sees it or it is an
 * activity record (who did what and when, no content: the person's right to know who handled their data), else
 * undecided — caseworker-only and privileged material always needs a coordinator's decision.
 */
export function effectiveDecision(h: Holding, d: HoldingWithDecision['decision']): HoldingWithDecision['effective'] {
  if (d) return d.decision;
  return h.memberSees || h.type === 'AUDIT' ? 'RELEASE' : 'UNDECIDED';
}

async function loadDetail(tx: Tx, id: string): Promise<AccessRequestDetail> {
  const r = await tx.accessRequest.findUnique({
    where: { id },
    select: {
      id: true,
      personId: true,
      person: { select: { fullName: true } },
      receivedOn: true,
      source: true,
      requesterName: true,
      note: true,
      dueOn: true,
      rule: true,
      warning: true,
      extendedAt: true,
      status: true,
      releasedAt: true,
      coveringLetter: true,
      pageCount: true,
      sha256: true,
      version: true,
      items: {
        select: { itemType: true, itemId: true, decision: true, exemption: true, reason: true, redactedText: true },
      },
    },
  });
  if (!r) throw new NotFoundError();
  const decisions = new Map(r.items.map((i) => [`${i.itemType}:${i.itemId}`, i]));
  const holdings = await gatherHoldings(tx, r.personId);
  return {
    id: r.id,
    personId: r.personId,
    personName: r.person.fullName,
    receivedOn: iso(r.receivedOn),
    source: r.source,
    requesterName: r.requesterName,
    note: r.note,
    dueOn: iso(r.dueOn),
    rule: r.rule,
    warning: r.warning,
    extended: r.extendedAt !== null,
    status: r.status,
    releasedOn: r.releasedAt ? iso(r.releasedAt) : null,
    coveringLetter: r.coveringLetter,
    pageCount: r.pageCount,
    sha256: r.sha256,
    version: r.version,
    items: holdings.map((h) => {
      const d = decisions.get(holdingKey(h));
      const decision = d
        ? { decision: d.decision, exemption: d.exemption, reason: d.reason, redactedText: d.redactedText }
        : null;
      return { ...h, decision, effective: effectiveDecision(h, decision) };
    }),
  };
}

/** One request with everything the network holds about the person and each item's decision (audited read). */
export async function getAccessRequest(actor: Actor, id: string, ctx: Ctx): Promise<AccessRequestDetail> {
  requireCoordinator(actor);
  return db.$transaction(async (tx) => {
    const detail = await loadDetail(tx, id);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'access-request.view',
      entityType: 'AccessRequest',
      entityId: id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return detail;
  });
}

export { loadDetail as loadAccessRequestDetail };

/** Records (or changes) the decision on one item. Refused once the response is released. */
export async function decideAccessItem(
  actor: Actor,
  input: { requestId: string; item: ItemDecisionInput },
  ctx: Ctx,
): Promise<{ effective: string }> {
  requireCoordinator(actor);
  return db.$transaction(async (tx) => {
    const r = await tx.accessRequest.findUnique({
      where: { id: input.requestId },
      select: { id: true, personId: true, status: true },
    });
    if (!r) throw new NotFoundError();
    if (r.status === 'RELEASED')
      throw new ConflictError('This response has been released: its decisions can no longer change.');
    // The item must be one the network holds about this person (never another person's record).
    const { item } = input;
    if (!(await holdsItem(tx, r.personId, item.itemType, item.itemId))) throw new NotFoundError();
    const data = {
      decision: item.decision,
      exemption: item.decision === 'WITHHOLD' ? (item.exemption ?? null) : null,
      reason: item.reason ?? null,
      redactedText: item.decision === 'REDACT' ? (item.redactedText ?? null) : null,
      decidedById: actor.id,
      decidedAt: new Date(),
    };
    await tx.accessRequestItem.upsert({
      where: { requestId_itemType_itemId: { requestId: r.id, itemType: item.itemType, itemId: item.itemId } },
      create: { requestId: r.id, itemType: item.itemType, itemId: item.itemId, ...data },
      update: data,
    });
    await tx.accessRequest.update({ where: { id: r.id }, data: { version: { increment: 1 } } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'access-request.decide',
      entityType: 'AccessRequest',
      entityId: r.id,
      fields: [
        `${item.itemType.toLowerCase()}:${item.decision.toLowerCase()}`,
        ...(data.exemption ? [`exemption:${data.exemption}`] : []),
      ],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { effective: item.decision };
  });
}

/** "We are extending": three calendar months from receipt (the SAR rule's extension). */
export async function extendAccessRequest(
  actor: Actor,
  input: { requestId: string },
  ctx: Ctx,
): Promise<{ dueOn: string }> {
  requireCoordinator(actor);
  return db.$transaction(async (tx) => {
    const r = await tx.accessRequest.findUnique({
      where: { id: input.requestId },
      select: { id: true, receivedOn: true, status: true, extendedAt: true },
    });
    if (!r) throw new NotFoundError();
    if (r.status === 'RELEASED') throw new ConflictError('This response has already been released.');
    if (r.extendedAt) throw new ConflictError('This request has already been extended.');
    const due = sarDueDate(iso(r.receivedOn), await organisationJurisdiction(tx), { extended: true });
    await tx.accessRequest.update({
      where: { id: r.id },
      data: {
        extendedAt: new Date(),
        extendedById: actor.id,
        dueOn: utc(due.due),
        correspondingOn: utc(due.corresponding),
        rule: due.rule,
        warning: due.warning ?? null,
        version: { increment: 1 },
      },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'access-request.extend',
      entityType: 'AccessRequest',
      entityId: r.id,
      fields: ['dueOn'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { dueOn: due.due };
  });
}
