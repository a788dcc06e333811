import { db } from '../db/client';
import { canLinkCases, caseScope, isStaff, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { InvalidError, NotFoundError } from '../errors';
import type { LinkCasesInput } from './schemas';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

/**
 * Links two cases with a stated relation, stored once and shown on both. The actor must be able to open
 * both: a case they cannot open is "not found", with the same message as a reference that does not exist.
 */
export async function linkCases(actor: Actor, input: LinkCasesInput, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    if (!canLinkCases(actor)) throw new NotFoundError();
    const kase = await tx.case.findFirst({
      where: { AND: [{ id: input.caseId }, caseScope(actor)] },
      select: { id: true },
    });
    if (!kase) throw new NotFoundError();
    const other = await tx.case.findFirst({
      where: { AND: [{ reference: input.otherReference }, caseScope(actor)] },
      select: { id: true },
    });
    if (!other)
      throw new InvalidError('Please check the highlighted fields.', {
        otherReference: 'We could not find a case with that reference that you can open',
      });
    if (other.id === kase.id)
      throw new InvalidError('Please check the highlighted fields.', {
        otherReference: 'That is this case. Enter the reference of the other case',
      });
    const existing = await tx.caseLink.findFirst({
      where: {
        OR: [
          { fromCaseId: kase.id, toCaseId: other.id },
          { fromCaseId: other.id, toCaseId: kase.id },
        ],
      },
      select: { id: true },
    });
    if (existing)
      throw new InvalidError('Please check the highlighted fields.', {
        otherReference: 'These cases are already linked',
      });
    const link = await tx.caseLink.create({
      data: {
        fromCaseId: kase.id,
        toCaseId: other.id,
        relation: input.relation,
        note: input.note ?? null,
        createdById: actor.id,
      },
      select: { id: true },
    });
    const fields = ['relation', ...(input.note ? ['note'] : [])];
    for (const caseId of [kase.id, other.id]) {
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'case-link.create',
        entityType: 'CaseLink',
        entityId: link.id,
        caseId,
        fields,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
    }
    return { id: link.id };
  });
}

/** Removes a link: staff who can open both cases. */
export async function unlinkCases(actor: Actor, input: { linkId: string }, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    if (!canLinkCases(actor)) throw new NotFoundError();
    const scope = caseScope(actor);
    const link = await tx.caseLink.findFirst({
      where: { id: input.linkId, fromCase: scope, toCase: scope },
      select: { id: true, fromCaseId: true, toCaseId: true },
    });
    if (!link) throw new NotFoundError();
    await tx.caseLink.delete({ where: { id: link.id } });
    for (const caseId of [link.fromCaseId, link.toCaseId]) {
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'case-link.delete',
        entityType: 'CaseLink',
        entityId: link.id,
        caseId,
        fields: ['relation'],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
    }
    return { deleted: true };
  });
}

/**
 * The cases linked to this one that the reader may open — and nothing about the others, not even that
 * they exist: the other case's scope is part of the query. Notes are for staff only.
 */
export async function listCaseLinks(actor: Actor, caseId: string) {
  const scope = caseScope(actor);
  const staff = isStaff(actor);
  const otherCase = { select: { id: true, reference: true, person: { select: { fullName: true } } } } as const;
  const rows = await db.caseLink.findMany({
    where: {
      OR: [
        { fromCaseId: caseId, fromCase: scope, toCase: scope },
        { toCaseId: caseId, toCase: scope, fromCase: scope },
      ],
    },
    orderBy: { createdAt: 'asc' },
    select: {
      id: true,
      relation: true,
      note: staff,
      createdAt: true,
      fromCaseId: true,
      fromCase: otherCase,
      toCase: otherCase,
    },
  });
  return rows.map((r) => {
    const other = r.fromCaseId === caseId ? r.toCase : r.fromCase;
    return {
      id: r.id,
      relation: r.relation,
      note: staff ? ((r as { note?: string | null }).note ?? null) : null,
      createdAt: r.createdAt,
      other: { reference: other.reference, name: other.person.fullName },
    };
  });
}
export type CaseLinkRow = Awaited<ReturnType<typeof listCaseLinks>>[number];
