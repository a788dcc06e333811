import { db } from '../db/client';
import type { Prisma } from '../db/generated/client';
import { caseScope, isStaff, type Actor } from '../auth/policy';
import { deadlineMetFor, itemsForReader, notMetFor } from '../auth/audience';
import { deadlineStatus, DEADLINE_LABELS, type DeadlineStatus } from './sync-deadlines';
import type { DeadlineKind } from '../db/generated/enums';

const iso = (d: Date) => d.toISOString().slice(0, 10);
const utc = (s: string) => new Date(`${s}T00:00:00.000Z`);

export type DeadlineItem = {
  id: string;
  kind: DeadlineKind;
  label: string;
  dueOn: string;
  status: DeadlineStatus;
  rule: string;
  warning: string | null;
  caseId: string;
  reference: string;
  /** The member's name: shown to staff only; null for members (it is their own case). */
  memberName: string | null;
  eventTitle: string;
  caseworkers: { id: string; name: string }[];
  /** A subject access request made to the network (coordinators): no case; links to the request. */
  accessRequestId?: string;
};

/**
 * Deadlines still to act on (open or overdue; not met, not waived, not closed) on the cases an actor may open,
 * soonest first. `dueBy` limits to those due on or before that day (overdue ones are always included).
 * Deadlines started by a caseworker-only event are left out for members.
 */
export async function findActionableDeadlines(
  actor: Actor,
  opts: { dueBy?: string; caseworkerId?: string; take?: number; today?: Date } = {},
): Promise<DeadlineItem[]> {
  const today = opts.today ?? new Date();
  const where: Prisma.DeadlineWhereInput = {
    waivedAt: null,
    closedReason: null,
    ...notMetFor(actor),
    event: { deletedAt: null, ...itemsForReader(actor) },
    case: {
      AND: [
        caseScope(actor),
        opts.caseworkerId ? { assignments: { some: { caseworkerId: opts.caseworkerId, endedAt: null } } } : {},
      ],
    },
    ...(opts.dueBy ? { dueOn: { lte: utc(opts.dueBy) } } : {}),
  };
  const rows = await db.deadline.findMany({
    relationLoadStrategy: 'join',
    where,
    orderBy: [{ dueOn: 'asc' }, { id: 'asc' }],
    take: opts.take ?? 500,
    select: {
      id: true,
      kind: true,
      dueOn: true,
      rule: true,
      warning: true,
      waivedAt: true,
      metOn: true,
      sharedMetOn: true,
      caseId: true,
      event: { select: { title: true } },
      case: {
        select: {
          reference: true,
          person: { select: { fullName: true } },
          assignments: { where: { endedAt: null }, select: { caseworker: { select: { id: true, name: true } } } },
        },
      },
    },
  });
  const staff = isStaff(actor);
  return rows.map((r) => ({
    id: r.id,
    kind: r.kind,
    label: DEADLINE_LABELS[r.kind],
    dueOn: iso(r.dueOn),
    status: deadlineStatus({ ...r, metOn: deadlineMetFor(actor, r) }, today),
    rule: r.rule,
    warning: r.warning,
    caseId: r.caseId,
    reference: r.case.reference,
    memberName: staff ? r.case.person.fullName : null,
    eventTitle: r.event.title,
    caseworkers: r.case.assignments.map((a) => a.caseworker),
  }));
}
