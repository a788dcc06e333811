import type { Tx } from '../db/client';
import type { Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { memberMaySeeItemActivity } from '../auth/audience';
import { followItemVisibility, writeAudit } from '../audit/write-audit';
import { syncDeadlines } from '../deadlines/sync-deadlines';
import { withdrawBundlesHolding } from '../bundle/withdraw-bundles';
import type { DatePrecision, EventType, Visibility } from '../db/generated/enums';

// A group action's event is shown on every linked case as a copy: a TimelineEvent with groupEventId set,
// one per case (unique on case + group event). Timelines, deadlines, bundles and the audience rules
// (lib/auth/audience.ts) then treat it like any other entry; the copy follows its source and is changed
// only on the group action. Every function here runs inside the caller's transaction.

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;
export type GroupEventRow = {
  id: string;
  type: EventType;
  occurredOn: Date;
  datePrecision: DatePrecision;
  title: string;
  details: string | null;
  visibility: Visibility;
  createdById: string;
};

const FIELDS = ['type', 'occurredOn', 'datePrecision', 'title', 'details', 'visibility'];

const copyData = (e: GroupEventRow) => ({
  type: e.type,
  occurredOn: e.occurredOn,
  datePrecision: e.datePrecision,
  title: e.title,
  details: e.details,
  visibility: e.visibility,
  // A group letter is never privileged or "without prejudice": it is the party's own letter to many people.
  privileged: false,
  withoutPrejudice: false,
});

/**
 * Puts each event on the case, once: a new copy, or the earlier copy brought back (a case unlinked and
 * linked again). Deadlines are worked out again when anything was added.
 */
export async function copyEventsToCase(
  tx: Tx,
  actor: Actor,
  ctx: Ctx,
  caseId: string,
  events: GroupEventRow[],
): Promise<void> {
  for (const e of events) {
    const copy = await tx.timelineEvent.upsert({
      where: { caseId_groupEventId: { caseId, groupEventId: e.id } },
      create: { ...copyData(e), caseId, groupEventId: e.id, createdById: e.createdById },
      update: { ...copyData(e), deletedAt: null, version: { increment: 1 } },
      select: { id: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'event.create',
      entityType: 'TimelineEvent',
      entityId: copy.id,
      caseId,
      fields: FIELDS,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
  }
  if (events.length) await syncDeadlines(tx, caseId);
}

/** Brings every live copy of a group event into line with it (after an edit), case by case. */
export async function updateCopies(
  tx: Tx,
  actor: Actor,
  ctx: Ctx,
  e: GroupEventRow,
  changed: string[],
  visibilityChanged: boolean,
): Promise<void> {
  const copies = await tx.timelineEvent.findMany({
    where: { groupEventId: e.id, deletedAt: null },
    select: { id: true, caseId: true },
  });
  for (const c of copies) {
    await tx.timelineEvent.update({ where: { id: c.id }, data: { ...copyData(e), version: { increment: 1 } } });
    if (visibilityChanged) {
      // Who may see it changed: its activity rows follow it, and a PDF its reader may no longer have is withdrawn.
      const privacy = { visibility: e.visibility, privileged: false, withoutPrejudice: false };
      await followItemVisibility(tx, 'TimelineEvent', c.id, memberMaySeeItemActivity(privacy));
      await withdrawBundlesHolding(
        tx,
        { eventId: c.id },
        privacy,
        'A group action’s event in it was since marked caseworkers only.',
        { actorId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent },
      );
    }
    await syncDeadlines(tx, c.caseId);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'event.update',
      entityType: 'TimelineEvent',
      entityId: c.id,
      caseId: c.caseId,
      fields: changed,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
  }
  if (!visibilityChanged) return;
  // Copies removed earlier (a case unlinked) are not brought into line, but a PDF made while one stood holds
  // the event's words: when the event becomes caseworkers only, those PDFs are withdrawn from their readers too,
  // and the copy's activity rows are hidden. Nothing is ever revealed on an unlinked case: a copy removed while
  // it was caseworkers only keeps its rows hidden when the event is shared later.
  const privacy = { visibility: e.visibility, privileged: false, withoutPrejudice: false };
  if (memberMaySeeItemActivity(privacy)) return;
  const removed = await tx.timelineEvent.findMany({
    where: { groupEventId: e.id, deletedAt: { not: null } },
    select: { id: true },
  });
  for (const c of removed) {
    await followItemVisibility(tx, 'TimelineEvent', c.id, false);
    await withdrawBundlesHolding(
      tx,
      { eventId: c.id },
      privacy,
      'A group action’s event in it was since marked caseworkers only.',
      { actorId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent },
    );
  }
}

/** Removes (soft-deletes) copies: of one group event on every case, or of every group event on one case. */
export async function removeCopies(
  tx: Tx,
  actor: Actor,
  ctx: Ctx,
  where: { groupEventId: string } | { caseId: string; groupActionId: string },
): Promise<void> {
  const copies = await tx.timelineEvent.findMany({
    where:
      'groupEventId' in where
        ? { groupEventId: where.groupEventId, deletedAt: null }
        : { caseId: where.caseId, deletedAt: null, groupEvent: { groupActionId: where.groupActionId } },
    select: { id: true, caseId: true },
  });
  for (const c of copies) {
    await tx.timelineEvent.update({ where: { id: c.id }, data: { deletedAt: new Date(), version: { increment: 1 } } });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'event.delete',
      entityType: 'TimelineEvent',
      entityId: c.id,
      caseId: c.caseId,
      fields: ['deletedAt'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
  }
  for (const caseId of new Set(copies.map((c) => c.caseId))) await syncDeadlines(tx, caseId);
}
