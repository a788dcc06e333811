import { findSubject } from '../cases/find-subject';
import { db, type Tx } from '../db/client';
import type { RequestContext } from '../auth/context';
import { assertActor, canDecideErasure, canRequestErasure, type Actor } from '../auth/policy';
import { writeAudit } from '../audit/write-audit';
import { InvalidError, NotFoundError } from '../errors';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;
export type ErasureRequestSummary = { id: string; status: string; createdAt: Date };

/**
 * A member asks for their own data to be erased. Asking again while a request is open returns that request (a second
 * tap, a second tab): one open request per person.
 */
export async function requestErasure(actor: Actor, ctx: Ctx): Promise<ErasureRequestSummary> {
  assertActor(actor);
  if (!canRequestErasure(actor)) throw new NotFoundError();
  return db.$transaction(async (tx) => {
    // Serialises two requests at once from the same account.
    await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${actor.id} FOR UPDATE`;
    const person = await tx.person.findUnique({ where: { userId: actor.id }, select: { id: true } });
    return openRequest(tx, { personId: person?.id ?? null, userId: actor.id }, actor, false, ctx);
  });
}

/**
 * A coordinator logs a request the person made by letter, email or phone (they may have no account), naming them by
 * a case reference, an email address or a membership number.
 */
export async function logErasureRequest(actor: Actor, who: string, ctx: Ctx): Promise<ErasureRequestSummary> {
  assertActor(actor);
  if (!canDecideErasure(actor)) throw new NotFoundError();
  return db.$transaction(async (tx) => {
    const subject = await findSubject(tx, who.trim());
    if (!subject)
      throw new InvalidError('Please check the highlighted field.', {
        who: 'We could not find anyone with that case reference, email address or membership number.',
      });
    if (subject.userId) await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${subject.userId} FOR UPDATE`;
    return openRequest(tx, subject, actor, true, ctx);
  });
}

async function openRequest(
  tx: Tx,
  subject: { personId: string | null; userId: string | null },
  actor: Actor,
  onBehalf: boolean,
  ctx: Ctx,
): Promise<ErasureRequestSummary> {
  const who = subject.userId ? { userId: subject.userId } : { personId: subject.personId };
  const open = await tx.erasureRequest.findFirst({
    where: { ...who, status: { in: ['REQUESTED', 'APPROVED'] } },
    select: { id: true, status: true, createdAt: true },
  });
  if (open) return open;
  const created = await tx.erasureRequest.create({
    data: { ...subject, requestedById: actor.id, onBehalf },
    select: { id: true, status: true, createdAt: true },
  });
  await writeAudit(tx, {
    actorId: actor.id,
    action: 'erasure.request',
    entityType: 'ErasureRequest',
    entityId: created.id,
    fields: onBehalf ? ['onBehalf'] : [],
    ip: ctx.ip,
    userAgent: ctx.userAgent,
  });
  return created;
}
