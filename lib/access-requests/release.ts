import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { db } from '../db/client';
import type { Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { ConflictError, InvalidError, NotFoundError } from '../errors';
import { getBlobStore } from '../evidence/storage';
import { decryptFromStore, encryptToStore } from '../evidence/crypto';
import { todayInUk } from '../dates/uk-today';
import { canHandleAccessRequests, loadAccessRequestDetail } from './access-request-services';
import { renderReleasePdf } from './render-release';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

/**
 * Releases the response: every item the member cannot already see must have a decision; the PDF is drawn
 * from the items released or redacted (withheld ones appear only as counts per exemption), stored encrypted,
 * and the request marked released, in one transaction with its audit row. A failed transaction deletes the
 * stored PDF (and the orphan sweep knows these keys).
 */
export async function releaseAccessRequest(
  actor: Actor,
  input: { requestId: string; coveringLetter: string },
  ctx: Ctx,
): Promise<{ pageCount: number }> {
  if (!canHandleAccessRequests(actor)) throw new NotFoundError();
  const detail = await db.$transaction((tx) => loadAccessRequestDetail(tx, input.requestId));
  if (detail.status === 'RELEASED') throw new ConflictError('This response has already been released.');
  const undecided = detail.items.filter((i) => i.effective === 'UNDECIDED');
  if (undecided.length) {
    throw new InvalidError(
      `${undecided.length} ${undecided.length === 1 ? 'item the member cannot see yet has' : 'items the member cannot see yet have'} no decision: choose release, redact or withhold for each one marked “Decide”.`,
    );
  }
  const releasedOn = todayInUk();
  const { pdf, pageCount } = await renderReleasePdf({
    personName: detail.personName,
    receivedOn: detail.receivedOn,
    releasedOn,
    coveringLetter: input.coveringLetter,
    items: detail.items,
  });
  const key = `access-requests/${detail.id.toLowerCase()}/${crypto.randomUUID()}`;
  const store = getBlobStore();
  const stored = await encryptToStore(store, key, Readable.from([pdf]));
  try {
    await db.$transaction(async (tx) => {
      const done = await tx.accessRequest.updateMany({
        where: { id: detail.id, status: 'OPEN', version: detail.version },
        data: {
          status: 'RELEASED',
          coveringLetter: input.coveringLetter,
          releasedAt: new Date(),
          releasedById: actor.id,
          storageKey: key,
          wrappedKey: stored.wrappedKey,
          sha256: stored.sha256,
          pageCount,
          version: { increment: 1 },
        },
      });
      if (done.count !== 1)
        throw new ConflictError(
          'Someone changed a decision on this request while you were releasing it: check it and release again.',
        );
      const counts = { RELEASE: 0, REDACT: 0, WITHHOLD: 0 };
      for (const i of detail.items) if (i.effective !== 'UNDECIDED') counts[i.effective]++;
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'access-request.release',
        entityType: 'AccessRequest',
        entityId: detail.id,
        fields: [`released:${counts.RELEASE}`, `redacted:${counts.REDACT}`, `withheld:${counts.WITHHOLD}`],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
    });
  } catch (err) {
    await store.delete(key).catch(() => undefined);
    throw err;
  }
  return { pageCount };
}

/**
 * The released response, decrypted as it streams: for a coordinator, or for the person it answers (it was
 * made for them). Anyone else, and any request not yet released, is "not found". Audited.
 */
export async function openAccessResponse(actor: Actor, id: string, ctx: Ctx) {
  const r = await db.accessRequest.findFirst({
    where: {
      id,
      status: 'RELEASED',
      ...(canHandleAccessRequests(actor) ? {} : { person: { userId: actor.id } }),
    },
    select: { id: true, storageKey: true, wrappedKey: true, receivedOn: true },
  });
  if (!r || !r.storageKey || !r.wrappedKey) throw new NotFoundError();
  await db.$transaction((tx) =>
    writeAudit(tx, {
      actorId: actor.id,
      action: 'access-request.download',
      entityType: 'AccessRequest',
      entityId: r.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    }),
  );
  const stream = await decryptFromStore(getBlobStore(), r.storageKey, r.wrappedKey);
  return { stream, filename: `subject-access-response-${r.receivedOn.toISOString().slice(0, 10)}.pdf` };
}

/** The person's own released responses, for their Account page. */
export async function listOwnAccessResponses(actor: Actor) {
  const rows = await db.accessRequest.findMany({
    where: { status: 'RELEASED', person: { userId: actor.id } },
    orderBy: { releasedAt: 'desc' },
    select: { id: true, receivedOn: true, releasedAt: true },
  });
  return rows.map((r) => ({
    id: r.id,
    receivedOn: r.receivedOn.toISOString().slice(0, 10),
    releasedOn: r.releasedAt!.toISOString().slice(0, 10),
  }));
}
