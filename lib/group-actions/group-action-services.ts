import { db, type Tx } from '../db/client';
import { canManageGroupActions, caseScope, groupActionScope, isStaff, type Actor } from '../auth/policy';
import { itemsForReader } from '../auth/audience';
import type { RequestContext } from '../auth/context';
import { changedFields, writeAudit } from '../audit/write-audit';
import { ConflictError, InvalidError, NotFoundError } from '../errors';
import { toEarliestDay } from '../dates/partial-date';
import type { GroupActionFields } from './schemas';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

export const GROUP_REFERENCE = /^GA-\d{4}-\d{4,6}$/;

/** GA-2026-0003: the next number this year. Two coordinators racing for it: the loser's save is refused as a conflict (unique reference). */
async function nextGroupReference(tx: Tx, now = new Date()): Promise<string> {
  const year = now.getUTCFullYear();
  const last = await tx.groupAction.findFirst({
    where: { reference: { startsWith: `GA-${year}-` } },
    orderBy: { reference: 'desc' },
    select: { reference: true },
  });
  const n = last ? Number(last.reference.slice(8)) + 1 : 1;
  return `GA-${year}-${String(n).padStart(4, '0')}`;
}

function toRow(input: GroupActionFields) {
  return {
    title: input.title,
    sanctionType: input.sanctionType,
    measures: input.measures,
    imposedOn: toEarliestDay(input.imposedOn),
    imposedPrecision: input.imposedOn.precision,
    imposedBy: input.imposedBy ?? null,
    reasonCategory: input.reasonCategory ?? null,
    summary: input.summary ?? null,
  };
}

async function checkBranches(tx: Tx, branchIds: string[]) {
  const found = await tx.branch.count({ where: { id: { in: branchIds } } });
  if (found !== branchIds.length)
    throw new InvalidError('Please check the highlighted fields.', { branchIds: 'Choose branches from the list' });
}

export async function createGroupAction(actor: Actor, input: GroupActionFields, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    if (!canManageGroupActions(actor)) throw new NotFoundError();
    await checkBranches(tx, input.branchIds);
    const row = toRow(input);
    const ga = await tx.groupAction.create({
      data: {
        ...row,
        reference: await nextGroupReference(tx),
        createdById: actor.id,
        branches: { create: input.branchIds.map((branchId) => ({ branchId })) },
      },
      select: { id: true, reference: true, version: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'group-action.create',
      entityType: 'GroupAction',
      entityId: ga.id,
      fields: [...Object.keys(row), 'branches'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return ga;
  });
}

export async function updateGroupAction(
  actor: Actor,
  input: GroupActionFields & { groupActionId: string; version: number },
  ctx: Ctx,
) {
  return db.$transaction(async (tx) => {
    if (!canManageGroupActions(actor)) throw new NotFoundError();
    const before = await tx.groupAction.findFirst({
      where: { id: input.groupActionId, ...groupActionScope(actor) },
      select: {
        id: true,
        reference: true,
        title: true,
        sanctionType: true,
        measures: true,
        imposedOn: true,
        imposedPrecision: true,
        imposedBy: true,
        reasonCategory: true,
        summary: true,
        branches: { select: { branchId: true } },
      },
    });
    if (!before) throw new NotFoundError();
    await checkBranches(tx, input.branchIds);
    const row = toRow(input);
    const updated = await tx.groupAction.updateMany({
      where: { id: before.id, version: input.version },
      data: { ...row, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ConflictError();
    const branchesBefore = before.branches.map((b) => b.branchId).sort();
    const branchesChanged = JSON.stringify(branchesBefore) !== JSON.stringify([...input.branchIds].sort());
    if (branchesChanged) {
      await tx.groupActionBranch.deleteMany({ where: { groupActionId: before.id } });
      await tx.groupActionBranch.createMany({
        data: input.branchIds.map((branchId) => ({ groupActionId: before.id, branchId })),
      });
    }
    const fields = [...changedFields(before, row), ...(branchesChanged ? ['branches'] : [])];
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'group-action.update',
      entityType: 'GroupAction',
      entityId: before.id,
      fields,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { id: before.id, reference: before.reference, version: input.version + 1 };
  });
}

/** The group actions a member of staff may open, newest first; the count is of the cases they can see. */
export async function listGroupActions(actor: Actor) {
  if (!isStaff(actor)) throw new NotFoundError();
  return db.groupAction.findMany({
    where: groupActionScope(actor),
    orderBy: [{ imposedOn: 'desc' }, { createdAt: 'desc' }],
    select: {
      id: true,
      reference: true,
      title: true,
      sanctionType: true,
      measures: true,
      imposedOn: true,
      imposedPrecision: true,
      branches: { select: { branch: { select: { name: true } } } },
      _count: { select: { cases: { where: { case: caseScope(actor) } } } },
    },
  });
}

/**
 * One group action for staff, with the view audited: its events as this reader may see them, and only the
 * linked cases they can open (a caseworker never learns of the others).
 */
export async function getGroupAction(actor: Actor, reference: string, ctx: Ctx) {
  if (!GROUP_REFERENCE.test(reference) || !isStaff(actor)) throw new NotFoundError();
  return db.$transaction(async (tx) => {
    const ga = await tx.groupAction.findFirst({
      where: { reference, ...groupActionScope(actor) },
      select: {
        id: true,
        reference: true,
        title: true,
        sanctionType: true,
        measures: true,
        imposedOn: true,
        imposedPrecision: true,
        imposedBy: true,
        reasonCategory: true,
        summary: true,
        version: true,
        createdAt: true,
        createdBy: { select: { name: true } },
        branches: {
          orderBy: { branch: { name: 'asc' } },
          select: { branch: { select: { id: true, name: true, region: { select: { name: true } } } } },
        },
        events: {
          where: { deletedAt: null, ...itemsForReader(actor) },
          orderBy: [{ occurredOn: 'asc' }, { createdAt: 'asc' }],
          select: {
            id: true,
            type: true,
            occurredOn: true,
            datePrecision: true,
            title: true,
            details: true,
            visibility: true,
            version: true,
            createdBy: { select: { name: true } },
          },
        },
        cases: {
          where: { case: caseScope(actor) },
          orderBy: { case: { reference: 'asc' } },
          select: {
            case: {
              select: {
                id: true,
                reference: true,
                person: { select: { fullName: true, branch: { select: { name: true } } } },
              },
            },
          },
        },
      },
    });
    if (!ga) throw new NotFoundError();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'group-action.view',
      entityType: 'GroupAction',
      entityId: ga.id,
      fields: [],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return ga;
  });
}
export type GroupActionView = Awaited<ReturnType<typeof getGroupAction>>;

/**
 * The group actions a case is linked to, as the case's reader may know them: the shared facts (title,
 * measures, branches, date, summary). Never the other members, their cases, or how many there are.
 */
export async function listCaseGroupActions(actor: Actor, caseId: string) {
  const rows = await db.groupActionCase.findMany({
    where: { caseId, case: caseScope(actor) },
    orderBy: { groupAction: { imposedOn: 'asc' } },
    select: {
      groupAction: {
        select: {
          id: true,
          reference: true,
          title: true,
          sanctionType: true,
          measures: true,
          imposedOn: true,
          imposedPrecision: true,
          imposedBy: true,
          summary: true,
          branches: { orderBy: { branch: { name: 'asc' } }, select: { branch: { select: { name: true } } } },
        },
      },
    },
  });
  return rows.map((r) => ({ ...r.groupAction, branches: r.groupAction.branches.map((b) => b.branch.name) }));
}
export type CaseGroupAction = Awaited<ReturnType<typeof listCaseGroupActions>>[number];

/** For a case's timeline: which of its entries (that this reader may see) are copies of a group action's event, and of which. */
export async function groupSourcesForCase(
  actor: Actor,
  caseId: string,
): Promise<Map<string, { reference: string; title: string }>> {
  const rows = await db.timelineEvent.findMany({
    where: { caseId, case: caseScope(actor), deletedAt: null, groupEventId: { not: null }, ...itemsForReader(actor) },
    select: { id: true, groupEvent: { select: { groupAction: { select: { reference: true, title: true } } } } },
  });
  return new Map(rows.flatMap((r) => (r.groupEvent ? [[r.id, r.groupEvent.groupAction] as const] : [])));
}
