import { z } from 'zod';
import { db } from '../db/client';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import type { Actor } from '../auth/policy';
import { addDays, formatUkDate } from './working-days';
import { todayInUk } from '../dates/uk-today';
import { findActionableDeadlines, type DeadlineItem } from './find-deadlines';

const blankToUndefined = (v: unknown) => (v === '' ? undefined : v);
export const deadlineListFiltersSchema = z.object({
  within: z.preprocess(blankToUndefined, z.enum(['7', '30', 'all']).default('30')),
  caseworkerId: z.preprocess(blankToUndefined, z.string().max(40).optional()),
});
export type DeadlineListFilters = z.output<typeof deadlineListFiltersSchema>;

export function parseDeadlineListFilters(params: Record<string, string | string[] | undefined>): DeadlineListFilters {
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  const parsed = deadlineListFiltersSchema.safeParse(flat);
  return parsed.success ? parsed.data : deadlineListFiltersSchema.parse({});
}

/**
 * The "due and overdue" list: a caseworker's assigned cases, a member's own, or the whole network
 * for a coordinator (optionally one caseworker's). Reading it is audited (it names cases).
 */
export async function listDueDeadlines(
  actor: Actor,
  filters: DeadlineListFilters,
  ctx: Pick<RequestContext, 'ip' | 'userAgent'>,
) {
  const today = todayInUk();
  const items = await findActionableDeadlines(actor, {
    dueBy: filters.within === 'all' ? undefined : addDays(today, Number(filters.within)),
    caseworkerId: actor.role === 'COORDINATOR' ? filters.caseworkerId : undefined,
    today: new Date(`${today}T12:00:00Z`),
  });
  if (actor.role === 'COORDINATOR' && !filters.caseworkerId) {
    items.push(
      ...(await accessRequestDeadlines(
        filters.within === 'all' ? null : addDays(today, Number(filters.within)),
        today,
      )),
    );
    items.sort((a, b) => (a.dueOn < b.dueOn ? -1 : a.dueOn > b.dueOn ? 1 : a.id < b.id ? -1 : 1));
  }
  await db.$transaction((tx) =>
    writeAudit(tx, {
      actorId: actor.id,
      action: 'deadlines.view',
      entityType: 'DeadlineList',
      entityId: actor.id,
      fields: [`within:${filters.within}`, ...(filters.caseworkerId ? ['caseworker'] : [])],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    }),
  );
  const weekEnd = addDays(today, 7);
  const groups: { id: string; title: string; items: DeadlineItem[] }[] = [
    { id: 'overdue', title: 'Overdue', items: items.filter((i) => i.status === 'missed') },
    {
      id: 'week',
      title: 'Due in the next 7 days',
      items: items.filter((i) => i.status === 'open' && i.dueOn <= weekEnd),
    },
    { id: 'later', title: 'Due later', items: items.filter((i) => i.status === 'open' && i.dueOn > weekEnd) },
  ];
  return { today, total: items.length, groups };
}

/** Subject access requests made to the network that are still open: the same SAR rule, on the same list. */
async function accessRequestDeadlines(dueBy: string | null, today: string): Promise<DeadlineItem[]> {
  const rows = await db.accessRequest.findMany({
    where: { status: 'OPEN', ...(dueBy ? { dueOn: { lte: new Date(`${dueBy}T00:00:00.000Z`) } } : {}) },
    orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
    take: 200,
    select: {
      id: true,
      dueOn: true,
      rule: true,
      warning: true,
      receivedOn: true,
      person: { select: { fullName: true } },
    },
  });
  return rows.map((r) => {
    const dueOn = r.dueOn.toISOString().slice(0, 10);
    return {
      id: `access-${r.id}`,
      kind: 'SAR_REPLY' as const,
      label: 'Reply to a subject access request made to the network',
      dueOn,
      status: dueOn < today ? ('missed' as const) : ('open' as const),
      rule: r.rule,
      warning: r.warning,
      caseId: '',
      reference: '',
      memberName: r.person.fullName,
      eventTitle: `received ${formatUkDate(r.receivedOn.toISOString().slice(0, 10))}`,
      caseworkers: [],
      accessRequestId: r.id,
    };
  });
}
