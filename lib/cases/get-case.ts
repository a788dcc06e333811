import { db } from '../db/client';
import { caseScope, isStaff, type Actor } from '../auth/policy';
import { deadlineMetFor, itemsForReader } from '../auth/audience';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { NotFoundError } from '../errors';
import { EVENT_ORDER } from '../timeline/event-order';

const REFERENCE = /^RS-\d{4}-\d{4,6}$/;

/**
 * The case page's data, scoped to the viewer, and the view audited: the audit row is committed before
 * anything is returned, so no case is shown without its row (a failed write fails the page). One read,
 * then one INSERT on its own, not an interactive transaction: two round trips instead of four, and on
 * the embedded database views no longer queue behind each other's transactions.
 * Caseworker-only items are filtered in the query: they never leave the server for a member.
 */
export async function getCaseForViewer(
  actor: Actor,
  reference: string,
  ctx: Pick<RequestContext, 'ip' | 'userAgent'>,
  view = 'case',
) {
  if (!REFERENCE.test(reference)) throw new NotFoundError();
  const staff = isStaff(actor);
  const kase = await db.case.findFirst({
    relationLoadStrategy: 'join',
    where: { AND: [{ reference }, caseScope(actor)] },
    select: {
      id: true,
      reference: true,
      stage: true,
      outcome: true,
      appealStatus: true,
      wants: true,
      summary: true,
      version: true,
      consentGivenAt: true,
      consentWithdrawnAt: true,
      consentMethod: true,
      consentTakenBy: { select: { name: true } },
      // Where the written consent is filed, or what was said on the phone: staff only, never selected for the member.
      consentNote: staff,
      createdAt: true,
      updatedAt: true,
      jurisdiction: true,
      appealWindowDays: true,
      person: {
        select: {
          id: true,
          fullName: true,
          membershipNumber: true,
          email: true,
          phone: true,
          postalAddress: true,
          rolesHeld: true,
          userId: true,
          branch: { select: { id: true, name: true } },
          region: { select: { id: true, name: true } },
        },
      },
      sanctions: {
        orderBy: [{ imposedOn: 'asc' }, { createdAt: 'asc' }],
        select: {
          id: true,
          type: true,
          imposedOn: true,
          imposedPrecision: true,
          imposedBy: true,
          reasonCategory: true,
          reasonText: true,
          outcome: true,
        },
      },
      events: {
        where: { deletedAt: null, ...itemsForReader(actor) },
        orderBy: EVENT_ORDER,
        select: {
          id: true,
          type: true,
          occurredOn: true,
          datePrecision: true,
          title: true,
          details: true,
          visibility: true,
          privileged: true,
          withoutPrejudice: true,
          version: true,
          createdById: true,
          createdAt: true,
          updatedAt: true,
          createdBy: { select: { name: true, role: true } },
          windowDays: true,
          receivedOn: true,
          decisionOutcome: true,
          letter: { select: { id: true } },
          // A copy of a group action's event: shown with its source, changed on the group action only.
          groupEvent: { select: { groupAction: { select: { reference: true, title: true } } } },
          evidence: {
            where: { evidence: { deletedAt: null, purgedAt: null, ...itemsForReader(actor) } },
            select: { evidence: { select: { id: true, exhibitNumber: true, title: true } } },
          },
        },
      },
      // Deadlines hang on events: one started by a caseworker-only event is caseworker-only too.
      deadlines: {
        where: { event: { deletedAt: null, ...itemsForReader(actor) } },
        orderBy: { dueOn: 'asc' },
        select: {
          id: true,
          kind: true,
          dueOn: true,
          correspondingOn: true,
          rule: true,
          warning: true,
          waivedAt: true,
          waivedReason: true,
          metOn: true,
          sharedMetOn: true,
          extendedAt: true,
          closedReason: true,
          eventId: true,
          event: { select: { occurredOn: true, title: true, type: true } },
        },
      },
      letters: {
        where: { event: { deletedAt: null, ...itemsForReader(actor) } },
        orderBy: [{ sentOn: 'asc' }, { createdAt: 'asc' }],
        select: {
          id: true,
          templateKey: true,
          title: true,
          recipient: true,
          sentOn: true,
          parentId: true,
          deadlineId: true,
          eventId: true,
          pdfSha256: true,
          textSha256: true,
          createdBy: { select: { name: true } },
        },
      },
      assignments: staff
        ? {
            where: { endedAt: null },
            select: { id: true, startedAt: true, caseworker: { select: { id: true, name: true, email: true } } },
          }
        : {
            where: { endedAt: null },
            select: { id: true, startedAt: true, caseworker: { select: { id: true, name: true, email: false } } },
          },
    },
  });
  if (!kase) throw new NotFoundError();
  // "Met" as this reader may know it (the member: only by an entry shared with them); the other
  // reading never leaves the server.
  const deadlines = kase.deadlines.map(({ sharedMetOn, ...d }) => ({
    ...d,
    metOn: deadlineMetFor(actor, { metOn: d.metOn, sharedMetOn }),
  }));
  await writeAudit(db, {
    actorId: actor.id,
    action: 'case.view',
    entityType: 'Case',
    entityId: kase.id,
    caseId: kase.id,
    fields: [view],
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  return { ...kase, deadlines };
}

export type CaseView = Awaited<ReturnType<typeof getCaseForViewer>>;
