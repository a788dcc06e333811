import { db } from '../db/client';
import { canOrderEvents, caseScope, type Actor } from '../auth/policy';
import { itemsForReader } from '../auth/audience';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { ConflictError, InvalidError, NotFoundError } from '../errors';
import { EVENT_ORDER } from './event-order';
import type { MoveEventInput } from './schemas';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

const STALE =
  'Someone else changed the order of these entries since you opened the page. The latest order is shown now: check it and move the entry again if you need to.';

/**
 * Moves an entry one place up or down among the entries on its earliest day (staff only). The person
 * saw the entry and its neighbour at given versions; if either has changed since, or the neighbour is
 * no longer next to it, nothing moves (a conflict, with the latest order shown). Positions on that day
 * are renumbered 0, 1, 2… in the order shown, then the two entries swap; both versions go up and both
 * moves are audited (field name only).
 */
export async function moveEvent(actor: Actor, input: MoveEventInput, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    if (!canOrderEvents(actor)) throw new NotFoundError();
    const event = await tx.timelineEvent.findFirst({
      where: { id: input.eventId, deletedAt: null, ...itemsForReader(actor), case: caseScope(actor) },
      select: { id: true, caseId: true, occurredOn: true, version: true },
    });
    if (!event) throw new NotFoundError();
    if (event.version !== input.version) throw new ConflictError(STALE);
    const day = await tx.timelineEvent.findMany({
      where: { caseId: event.caseId, occurredOn: event.occurredOn, deletedAt: null, ...itemsForReader(actor) },
      orderBy: EVENT_ORDER,
      select: { id: true, position: true, version: true },
    });
    const at = day.findIndex((e) => e.id === event.id);
    const to = input.direction === 'up' ? at - 1 : at + 1;
    const neighbour = day[to];
    if (!neighbour) {
      throw new InvalidError(
        input.direction === 'up'
          ? 'This entry is already the first on its day.'
          : 'This entry is already the last on its day.',
      );
    }
    if (neighbour.id !== input.neighbourId || neighbour.version !== input.neighbourVersion)
      throw new ConflictError(STALE);

    const order = day.map((e) => e.id);
    [order[at], order[to]] = [order[to]!, order[at]!];
    for (const [position, id] of order.entries()) {
      const before = day.find((e) => e.id === id)!;
      const swapped = id === event.id || id === neighbour.id;
      if (before.position === position && !swapped) continue;
      // The two that swap are checked against the versions the person saw, so two reorders never interleave.
      const updated = await tx.timelineEvent.updateMany({
        where: { id, deletedAt: null, ...(swapped ? { version: before.version } : {}) },
        data: { position, ...(swapped ? { version: { increment: 1 } } : {}) },
      });
      if (updated.count !== 1) throw new ConflictError(STALE);
    }
    for (const id of [event.id, neighbour.id]) {
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'event.reorder',
        entityType: 'TimelineEvent',
        entityId: id,
        caseId: event.caseId,
        fields: ['position'],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
    }
    return { id: event.id, version: event.version + 1 };
  });
}
