import { db } from '../db/client';
import { caseScope, canExportOwnData, type Actor } from '../auth/policy';
import { bundlesReadableBy, deadlineMetFor, itemsForReader } from '../auth/audience';
import { getCaseActivity } from '../cases/get-case-activity';
import { listEvidence } from '../evidence/evidence-services';
import { getFairness } from '../bundle/fairness';
import { EVENT_ORDER } from '../timeline/event-order';
import { NotFoundError } from '../errors';

// What goes into a member's "Download my data" zip: what that member may see, read with the same audience
// rules as their pages (lib/auth/audience.ts: itemsForReader, bundlesReadableBy, deadlineMetFor, activityFor
// through getCaseActivity, provenance through listEvidence, the published review through getFairness).
// Nothing here decides visibility itself. Never password hashes, session or calendar token hashes, two-step
// secrets, staff-only notes (consent notes, drafts, stage-change reasons) or other people's data.

/** The member's account, without any secret. */
export async function loadAccount(actor: Actor) {
  if (!canExportOwnData(actor)) throw new NotFoundError();
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: {
      id: true,
      name: true,
      email: true,
      role: true,
      reminderEmails: true,
      createdAt: true,
      updatedAt: true,
      totpFactor: { select: { createdAt: true } },
      passkeys: { select: { name: true, createdAt: true } },
      calendarFeeds: { select: { createdAt: true, revokedAt: true, lastUsedAt: true } },
      sessions: {
        orderBy: { createdAt: 'desc' },
        select: { createdAt: true, lastSeenAt: true, expiresAt: true, revokedAt: true, ip: true, userAgent: true },
      },
      intakeDraft: { select: { step: true, data: true, updatedAt: true } },
      person: {
        select: {
          fullName: true,
          membershipNumber: true,
          email: true,
          phone: true,
          postalAddress: true,
          rolesHeld: true,
          branch: { select: { name: true } },
          region: { select: { name: true } },
          createdAt: true,
          updatedAt: true,
        },
      },
    },
  });
  // Their own actions on their account (sign-ins, settings): rows about no case, made by them.
  const accountActivity = await db.auditLog.findMany({
    where: { actorId: actor.id, caseId: null },
    orderBy: { createdAt: 'asc' },
    select: { action: true, createdAt: true, ip: true, userAgent: true },
  });
  return { user, accountActivity };
}

/** The ids of the member's cases, oldest first. */
export async function listOwnCases(actor: Actor): Promise<{ id: string; reference: string }[]> {
  if (!canExportOwnData(actor)) throw new NotFoundError();
  return db.case.findMany({
    where: caseScope(actor),
    orderBy: { createdAt: 'asc' },
    select: { id: true, reference: true },
  });
}

/** One case as the member sees it, with the stored files they may have (keys kept server-side for the build). */
export async function loadCase(actor: Actor, caseId: string) {
  const items = itemsForReader(actor);
  const kase = await db.case.findFirst({
    where: { AND: [{ id: caseId }, caseScope(actor)] },
    select: {
      id: true,
      reference: true,
      stage: true,
      outcome: true,
      appealStatus: true,
      wants: true,
      summary: true,
      consentGivenAt: true,
      consentWithdrawnAt: true,
      consentMethod: true,
      consentTakenBy: { select: { name: true, role: true } },
      jurisdiction: true,
      appealWindowDays: true,
      createdAt: true,
      updatedAt: true,
      sanctions: {
        orderBy: [{ imposedOn: 'asc' }, { createdAt: 'asc' }],
        select: {
          type: true,
          imposedOn: true,
          imposedPrecision: true,
          imposedBy: true,
          reasonCategory: true,
          reasonText: true,
          outcome: true,
          endedOn: true,
          endedPrecision: true,
          createdAt: true,
        },
      },
      events: {
        where: { deletedAt: null, ...items },
        orderBy: EVENT_ORDER,
        select: {
          id: true,
          type: true,
          occurredOn: true,
          datePrecision: true,
          title: true,
          details: true,
          privileged: true,
          withoutPrejudice: true,
          receivedOn: true,
          decisionOutcome: true,
          createdAt: true,
          updatedAt: true,
          createdBy: { select: { name: true, role: true } },
          evidence: {
            where: { evidence: { deletedAt: null, purgedAt: null, ...items } },
            select: { evidence: { select: { exhibitNumber: true } } },
          },
        },
      },
      deadlines: {
        where: { event: { deletedAt: null, ...items } },
        orderBy: { dueOn: 'asc' },
        select: {
          kind: true,
          dueOn: true,
          rule: true,
          warning: true,
          waivedAt: true,
          waivedReason: true,
          metOn: true,
          sharedMetOn: true,
          extendedAt: true,
          closedReason: true,
          event: { select: { title: true, occurredOn: true } },
        },
      },
      letters: {
        where: { event: { deletedAt: null, ...items } },
        orderBy: [{ sentOn: 'asc' }, { createdAt: 'asc' }],
        select: {
          id: true,
          templateKey: true,
          title: true,
          recipient: true,
          sentOn: true,
          body: true,
          textSha256: true,
          pdfSha256: true,
          pdfStorageKey: true,
          pdfWrappedKey: true,
          createdAt: true,
          createdBy: { select: { name: true, role: true } },
        },
      },
      assignments: {
        where: { endedAt: null },
        select: { startedAt: true, caseworker: { select: { name: true, role: true } } },
      },
    },
  });
  if (!kase) throw new NotFoundError();

  // Exhibits: listEvidence applies the audience and the provenance rule; the stored file's keys and a captured
  // post's words are then read for exactly those rows.
  const listed = await listEvidence(actor, kase.id);
  const stored = await db.evidence.findMany({
    where: { id: { in: listed.map((e) => e.id) }, caseId: kase.id },
    select: { id: true, storageKey: true, wrappedKey: true, capturedText: true },
  });
  const byId = new Map(stored.map((s) => [s.id, s]));
  const evidence = listed.map((e) => ({ ...e, ...byId.get(e.id)! }));

  // Generated PDFs made for the member (audience MEMBER) that they may open now; staff-only ones never.
  const bundles = await db.bundle.findMany({
    where: { AND: [bundlesReadableBy(actor), { caseId: kase.id, audience: 'MEMBER', status: 'READY' }] },
    orderBy: [{ kind: 'asc' }, { version: 'asc' }],
    select: {
      id: true,
      kind: true,
      version: true,
      purpose: true,
      pageCount: true,
      sha256: true,
      storageKey: true,
      wrappedKey: true,
      createdAt: true,
      createdBy: { select: { name: true, role: true } },
    },
  });

  const review = (await getFairness(actor, kase.id)).published;

  // Who opened or changed the case, as the member's Activity tab shows it (staff names and roles included).
  const activity = [];
  for (let page = 1; ; page++) {
    const got = await getCaseActivity(actor, kase.id, page);
    activity.push(...got.rows);
    if (page * got.pageSize >= got.total || got.rows.length === 0) break;
  }

  const deadlines = kase.deadlines.map(({ metOn, sharedMetOn, ...d }) => ({
    ...d,
    metOn: deadlineMetFor(actor, { metOn, sharedMetOn }),
  }));
  return { ...kase, deadlines, evidence, bundles, review, activity };
}

export type ExportCase = Awaited<ReturnType<typeof loadCase>>;
export type ExportAccount = Awaited<ReturnType<typeof loadAccount>>;
