import { Readable } from 'node:stream';
import crypto from 'node:crypto';
import { z } from 'zod';
import { db, type Tx } from '../db/client';
import { canEditEvidence, canMarkCaseworkersOnly, canPurgeEvidence, caseScope, type Actor } from '../auth/policy';
import { canSeeProvenance, describePrivacy, itemsForReader, memberMaySeeItemActivity } from '../auth/audience';
import { withdrawBundlesHolding } from '../bundle/withdraw-bundles';
import type { RequestContext } from '../auth/context';
import { changedFields, followItemVisibility, writeAudit } from '../audit/write-audit';
import { ConflictError, InvalidError, NotFoundError } from '../errors';
import { formatPartialDate, toEarliestDay } from '../dates/partial-date';
import { getBlobStore } from './storage';
import { decryptFromStore, encryptToStore } from './crypto';
import { newStorageKey, nextExhibitNumber } from './file-evidence';
import type { captureEvidenceSchema, updateEvidenceSchema } from './schemas';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

function refuseHiddenForMember(actor: Actor, caseworkersOnly: boolean) {
  if (caseworkersOnly && !canMarkCaseworkersOnly(actor)) {
    throw new InvalidError('Please check the highlighted fields.', {
      caseworkersOnly: 'Only caseworkers can mark an item as caseworkers only',
    });
  }
}

/** An item the actor may see (case scope + visibility), not removed; otherwise NotFound. */
// Inside a transaction pass its client: on PGlite a query outside an open transaction waits for it.
export async function findVisibleEvidence(actor: Actor, evidenceId: string, client: Tx = db) {
  const item = await client.evidence.findFirst({
    where: { id: evidenceId, deletedAt: null, purgedAt: null, ...itemsForReader(actor), case: caseScope(actor) },
    select: {
      id: true,
      caseId: true,
      version: true,
      createdById: true,
      visibility: true,
      storageKey: true,
      wrappedKey: true,
      previewKey: true,
      previewWrappedKey: true,
      sha256: true,
      mimeType: true,
      originalName: true,
      sizeBytes: true,
      exhibitNumber: true,
      title: true,
      occurredOn: true,
      datePrecision: true,
      source: true,
      sourceUrl: true,
      kind: true,
      privileged: true,
      withoutPrejudice: true,
    },
  });
  if (!item) throw new NotFoundError();
  return item;
}

export async function listEvidence(actor: Actor, caseId: string) {
  const items = await db.evidence.findMany({
    where: { caseId, deletedAt: null, purgedAt: null, ...itemsForReader(actor), case: caseScope(actor) },
    orderBy: { exhibitNumber: 'asc' },
    select: {
      id: true,
      exhibitNumber: true,
      title: true,
      occurredOn: true,
      datePrecision: true,
      source: true,
      sourceUrl: true,
      kind: true,
      visibility: true,
      privileged: true,
      withoutPrejudice: true,
      originalName: true,
      mimeType: true,
      sizeBytes: true,
      sha256: true,
      previewKey: true,
      previewState: true,
      seenAt: true,
      version: true,
      createdAt: true,
      createdById: true,
      createdBy: { select: { name: true, role: true } },
      links: { select: { eventId: true } },
    },
  });
  // A provenance note ("where it came from") is for staff and for whoever wrote it.
  return items.map((i) => ({ ...i, source: canSeeProvenance(actor, i) ? i.source : null }));
}

export async function updateEvidence(actor: Actor, input: z.output<typeof updateEvidenceSchema>, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    // Not yours and not found first, exactly alike; only then is the request itself judged.
    const item = await findVisibleEvidence(actor, input.evidenceId, tx);
    if (!canEditEvidence(actor, item)) throw new NotFoundError();
    refuseHiddenForMember(actor, input.caseworkersOnly);
    const data = {
      title: input.title,
      occurredOn: input.date ? toEarliestDay(input.date) : null,
      datePrecision: input.date?.precision ?? null,
      source: input.source ?? null,
      sourceUrl: input.sourceUrl ?? null,
      kind: input.kind,
      visibility: input.caseworkersOnly ? ('CASEWORKERS' as const) : ('SHARED' as const),
      privileged: input.privileged,
      withoutPrejudice: input.withoutPrejudice,
    };
    // A member may not see someone else's provenance note, so their form cannot have shown it: it is kept.
    if (!canSeeProvenance(actor, item)) data.source = item.source;
    const updated = await tx.evidence.updateMany({
      where: { id: item.id, version: input.version, deletedAt: null },
      data: { ...data, version: { increment: 1 } },
    });
    if (updated.count !== 1) throw new ConflictError();
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'evidence.update',
      entityType: 'Evidence',
      entityId: item.id,
      caseId: item.caseId,
      fields: changedFields(item, data),
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    const privacy = changedFields(item, {
      visibility: data.visibility,
      privileged: data.privileged,
      withoutPrejudice: data.withoutPrejudice,
    });
    if (privacy.length) {
      // Who may see it changed: its activity follows it, bundles holding it are withdrawn from readers who may no longer have it.
      await followItemVisibility(tx, 'Evidence', item.id, memberMaySeeItemActivity(data));
      await withdrawBundlesHolding(
        tx,
        { evidenceId: item.id },
        data,
        `E${item.exhibitNumber} in it was since marked ${describePrivacy(data)}.`,
        { actorId: actor.id, ip: ctx.ip, userAgent: ctx.userAgent },
      );
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'evidence.privacy',
        entityType: 'Evidence',
        entityId: item.id,
        caseId: item.caseId,
        fields: privacy,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
    }
    return { version: input.version + 1 };
  });
}

/** A post or page captured as text: stored, fingerprinted and numbered like any uploaded file. */
export async function captureEvidence(actor: Actor, input: z.output<typeof captureEvidenceSchema>, ctx: Ctx) {
  refuseHiddenForMember(actor, input.caseworkersOnly);
  const kase = await db.case.findFirst({
    where: { AND: [{ id: input.caseId }, caseScope(actor)] },
    select: { id: true },
  });
  if (!kase) throw new NotFoundError();
  const seen = formatPartialDate(toEarliestDay(input.seenOn), input.seenOn.precision);
  const body = `Address: ${input.url}\nSeen: ${seen}\nCaptured: ${new Date().toISOString()}\n\n${input.text}\n`;
  const store = getBlobStore();
  const key = newStorageKey(kase.id);
  const stored = await encryptToStore(store, key, Readable.from([Buffer.from(body, 'utf8')]), {});
  try {
    return await db.$transaction(async (tx) => {
      const exhibitNumber = await nextExhibitNumber(tx, kase.id);
      const created = await tx.evidence.create({
        data: {
          caseId: kase.id,
          exhibitNumber,
          title: input.title,
          kind: input.kind,
          sourceUrl: input.url,
          // The words themselves, for search (docs/decisions/0024); the filed copy above is the exhibit.
          capturedText: input.text,
          privileged: input.privileged,
          withoutPrejudice: input.withoutPrejudice,
          occurredOn: toEarliestDay(input.seenOn),
          datePrecision: input.seenOn.precision,
          seenAt: new Date(),
          visibility: input.caseworkersOnly ? 'CASEWORKERS' : 'SHARED',
          originalName: `captured-${exhibitNumber}.txt`,
          mimeType: 'text/plain',
          sizeBytes: stored.size,
          sha256: stored.sha256,
          storageKey: key,
          wrappedKey: stored.wrappedKey,
          createdById: actor.id,
        },
        select: { id: true, exhibitNumber: true, sha256: true },
      });
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'evidence.capture',
        entityType: 'Evidence',
        entityId: created.id,
        caseId: kase.id,
        fields: ['url', 'text', 'seenOn', 'title', 'kind'],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      return created;
    });
  } catch (err) {
    await store.delete(key).catch(() => undefined);
    throw err;
  }
}

/** Recomputes the fingerprint from what is in storage. Decryption failing (tampering) is a mismatch, never a crash. */
export async function verifyEvidence(actor: Actor, evidenceId: string, ctx: Ctx) {
  const item = await findVisibleEvidence(actor, evidenceId);
  let computed: string | null = null;
  let problem: string | null = null;
  try {
    const hash = crypto.createHash('sha256');
    for await (const chunk of await decryptFromStore(getBlobStore(), item.storageKey, item.wrappedKey))
      hash.update(chunk as Buffer);
    computed = hash.digest('hex');
  } catch (err) {
    problem =
      err instanceof Error && err.name === 'BlobNotFoundError'
        ? 'The stored file is missing.'
        : 'The stored file could not be decrypted: it has been changed or damaged.';
  }
  const match = computed === item.sha256;
  await db.$transaction((tx) =>
    writeAudit(tx, {
      actorId: actor.id,
      action: match ? 'evidence.verify_ok' : 'evidence.verify_mismatch',
      entityType: 'Evidence',
      entityId: item.id,
      caseId: item.caseId,
      fields: ['sha256'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    }),
  );
  return { match, stored: item.sha256, computed, problem };
}

export async function linkEvidence(
  actor: Actor,
  input: { evidenceId: string; eventId: string; linked: boolean },
  ctx: Ctx,
) {
  return db.$transaction(async (tx) => {
    const item = await findVisibleEvidence(actor, input.evidenceId, tx);
    const event = await tx.timelineEvent.findFirst({
      where: { id: input.eventId, caseId: item.caseId, deletedAt: null, ...itemsForReader(actor) },
      select: { id: true },
    });
    if (!event) throw new NotFoundError();
    if (input.linked) {
      await tx.evidenceLink.upsert({
        where: { evidenceId_eventId: { evidenceId: item.id, eventId: event.id } },
        create: { evidenceId: item.id, eventId: event.id },
        update: {},
      });
    } else {
      await tx.evidenceLink.deleteMany({ where: { evidenceId: item.id, eventId: event.id } });
    }
    await writeAudit(tx, {
      actorId: actor.id,
      action: input.linked ? 'evidence.link' : 'evidence.unlink',
      entityType: 'Evidence',
      entityId: item.id,
      caseId: item.caseId,
      fields: ['eventId'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { linked: input.linked };
  });
}

/** Removes an item from the case; the bytes stay until a coordinator purges them. */
export async function removeEvidence(actor: Actor, input: { evidenceId: string; version: number }, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    const item = await findVisibleEvidence(actor, input.evidenceId, tx);
    if (!canEditEvidence(actor, item)) throw new NotFoundError();
    const updated = await tx.evidence.updateMany({
      where: { id: item.id, version: input.version, deletedAt: null },
      data: { deletedAt: new Date(), deletedById: actor.id, version: { increment: 1 } },
    });
    if (updated.count !== 1)
      throw new ConflictError(
        'Someone else changed this item since you opened it. Reload the page before removing it.',
      );
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'evidence.remove',
      entityType: 'Evidence',
      entityId: item.id,
      caseId: item.caseId,
      fields: ['deletedAt'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { removed: true };
  });
}

/** Erases the bytes for good (an erasure request). The row stays as a tombstone so the audit trail still makes sense. */
export async function purgeEvidence(actor: Actor, evidenceId: string, ctx: Ctx) {
  if (!canPurgeEvidence(actor)) throw new NotFoundError();
  const item = await db.evidence.findFirst({
    where: { id: evidenceId, purgedAt: null },
    select: { id: true, caseId: true, storageKey: true, previewKey: true },
  });
  if (!item) throw new NotFoundError();
  const store = getBlobStore();
  await store.delete(item.storageKey);
  if (item.previewKey) await store.delete(item.previewKey);
  await db.$transaction(async (tx) => {
    // Erased: every PDF that holds it is withdrawn, whoever it was for.
    await withdrawBundlesHolding(tx, { evidenceId: item.id }, 'erased', 'An exhibit in it was erased for good.', {
      actorId: actor.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await tx.evidenceLink.deleteMany({ where: { evidenceId: item.id } });
    await tx.evidence.update({
      where: { id: item.id },
      data: {
        purgedAt: new Date(),
        deletedAt: new Date(),
        deletedById: actor.id,
        title: '[purged]',
        source: null,
        sourceUrl: null,
        originalName: 'purged',
        wrappedKey: '',
        previewKey: null,
        previewWrappedKey: null,
        previewState: null,
        version: { increment: 1 },
      },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'evidence.purge',
      entityType: 'Evidence',
      entityId: item.id,
      caseId: item.caseId,
      fields: ['file', 'title', 'source'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
  });
  return { purged: true };
}
