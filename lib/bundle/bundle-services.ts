import type { Readable } from 'node:stream';
import { db } from '../db/client';
import { caseScope, isStaff, type Actor } from '../auth/policy';
import { bundlesReadableBy } from '../auth/audience';
import type { RequestContext } from '../auth/context';
import { writeAudit } from '../audit/write-audit';
import { InvalidError, NotFoundError } from '../errors';
import { decryptFromStore } from '../evidence/crypto';
import { getBlobStore } from '../evidence/storage';
import type { BundleAudience, BundlePurpose } from '../db/generated/enums';
import type { Prisma } from '../db/generated/client';
import { applyChoices, planContents, preflight, type PlanChoices } from './plan';
import { queueBundleBuild, startQueuedBuilds } from './queue';
import { reviewData } from './review-data';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

// Which generated PDFs a reader may list and open is decided by lib/auth/audience.ts (bundlesReadableBy),
// for listing, progress and download alike.
const bundleScope = bundlesReadableBy;

/** The pre-flight for a case (audited as a read of the case). */
export async function bundlePreflight(
  actor: Actor,
  reference: string,
  purpose: BundlePurpose,
  audience: BundleAudience,
  ctx: Ctx,
) {
  const kase = await db.case.findFirst({
    where: { AND: [{ reference }, caseScope(actor)] },
    select: { id: true, reference: true },
  });
  if (!kase) throw new NotFoundError();
  const plan = await preflight(actor, kase.id, purpose, audience);
  await db.$transaction((tx) =>
    writeAudit(tx, {
      actorId: actor.id,
      action: 'bundle.preflight',
      entityType: 'Case',
      entityId: kase.id,
      caseId: kase.id,
      fields: [purpose],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    }),
  );
  return { kase, plan };
}

/** Records a new bundle version with the person's choices applied, and queues its build. */
export async function startBundle(
  actor: Actor,
  input: { caseId: string; purpose: BundlePurpose; audience: BundleAudience; choices: PlanChoices },
  ctx: Ctx,
) {
  const plan = applyChoices(await preflight(actor, input.caseId, input.purpose, input.audience), input.choices);
  const created = await db.$transaction(async (tx) => {
    // The case row is locked so two builds started at once get versions n and n + 1.
    const locked = await tx.$queryRaw<
      { id: string }[]
    >`SELECT "id" FROM "Case" WHERE "id" = ${input.caseId} FOR UPDATE`;
    const kase =
      locked[0] &&
      (await tx.case.findFirst({
        where: { AND: [{ id: input.caseId }, caseScope(actor)] },
        select: { id: true, reference: true },
      }));
    if (!kase) throw new NotFoundError();
    const last = await tx.bundle.findFirst({
      where: { caseId: kase.id, kind: 'CASE_BUNDLE' },
      orderBy: { version: 'desc' },
      select: { version: true },
    });
    const bundle = await tx.bundle.create({
      data: {
        kind: 'CASE_BUNDLE',
        caseId: kase.id,
        version: (last?.version ?? 0) + 1,
        purpose: input.purpose,
        audience: plan.audience,
        plan: plan as unknown as Prisma.InputJsonValue,
        createdById: actor.id,
        // What it holds, so that a later change to any of these items withdraws it from readers who may no longer see it.
        items: { createMany: { data: planContents(plan) } },
      },
      select: { id: true, version: true },
    });
    const onPurpose = plan.sections.flatMap((s) => s.items.filter((i) => i.includedOnPurpose).map((i) => i.ref));
    const fields = [
      'plan',
      `audience:${plan.audience}`,
      ...(onPurpose.length ? ['includedOnPurpose'] : []),
      ...(plan.waiverAcknowledged ? ['waiverAcknowledged'] : []),
    ];
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'bundle.create',
      entityType: 'Bundle',
      entityId: bundle.id,
      caseId: kase.id,
      fields,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await queueBundleBuild(bundle.id, tx);
    return { ...bundle, reference: kase.reference };
  });
  startQueuedBuilds();
  return created;
}

export async function listBundles(actor: Actor, caseId: string, kind: 'CASE_BUNDLE' | 'CASE_REVIEW' = 'CASE_BUNDLE') {
  return db.bundle.findMany({
    where: { AND: [bundleScope(actor), { caseId, kind }] },
    orderBy: { version: 'desc' },
    select: {
      id: true,
      version: true,
      purpose: true,
      status: true,
      progress: true,
      progressNote: true,
      pageCount: true,
      sha256: true,
      sizeBytes: true,
      error: true,
      audience: true,
      supersededAt: true,
      supersededReason: true,
      createdAt: true,
      finishedAt: true,
      createdBy: { select: { name: true } },
    },
  });
}
export type BundleRow = Awaited<ReturnType<typeof listBundles>>[number];

/** For the progress bar (polled): not audited, it shows no case content. */
export async function getBundleStatus(actor: Actor, id: string) {
  const b = await db.bundle.findFirst({
    where: { AND: [{ id }, bundleScope(actor)] },
    select: { id: true, status: true, progress: true, progressNote: true, pageCount: true, error: true },
  });
  if (!b) throw new NotFoundError();
  return b;
}

/** The finished PDF, decrypted as it streams; audited. */
export async function openBundle(
  actor: Actor,
  id: string,
  ctx: Ctx,
): Promise<{ stream: Readable; size: number; filename: string; sha256: string }> {
  const b = await db.bundle.findFirst({
    where: { AND: [{ id, status: 'READY' }, bundleScope(actor)] },
    select: {
      id: true,
      kind: true,
      caseId: true,
      version: true,
      purpose: true,
      storageKey: true,
      wrappedKey: true,
      sizeBytes: true,
      sha256: true,
      case: { select: { reference: true } },
    },
  });
  if (!b || !b.storageKey || !b.wrappedKey) throw new NotFoundError();
  await db.$transaction((tx) =>
    writeAudit(tx, {
      actorId: actor.id,
      action: 'bundle.download',
      entityType: 'Bundle',
      entityId: b.id,
      caseId: b.caseId,
      fields: [],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    }),
  );
  const stream = await decryptFromStore(getBlobStore(), b.storageKey, b.wrappedKey);
  const name =
    b.kind === 'REVIEW_PACK'
      ? `Review pack v${b.version}`
      : `${b.case?.reference} ${b.kind === 'CASE_REVIEW' ? 'review' : 'bundle'} v${b.version}`;
  return { stream, size: b.sizeBytes ?? 0, filename: `${name}.pdf`, sha256: b.sha256 ?? '' };
}

/** A reinstatement review PDF of one case, from its fairness assessment (staff on cases they can open). */
export async function startReview(actor: Actor, input: { caseId: string }, ctx: Ctx) {
  const created = await db.$transaction(async (tx) => {
    const locked = await tx.$queryRaw<
      { id: string }[]
    >`SELECT "id" FROM "Case" WHERE "id" = ${input.caseId} FOR UPDATE`;
    const kase =
      locked[0] &&
      (await tx.case.findFirst({
        where: { AND: [{ id: input.caseId }, caseScope(actor)] },
        select: { id: true, reference: true },
      }));
    if (!kase || !isStaff(actor)) throw new NotFoundError();
    // Made from the published review only, for a review panel (an outside body); refused when nothing is published.
    const { contents } = await reviewData(tx, kase.id);
    const last = await tx.bundle.findFirst({
      where: { caseId: kase.id, kind: 'CASE_REVIEW' },
      orderBy: { version: 'desc' },
      select: { version: true },
    });
    const bundle = await tx.bundle.create({
      data: {
        kind: 'CASE_REVIEW',
        caseId: kase.id,
        version: (last?.version ?? 0) + 1,
        purpose: 'REINSTATEMENT_REVIEW',
        audience: 'OUTSIDE',
        plan: {},
        createdById: actor.id,
        items: { createMany: { data: contents } },
      },
      select: { id: true, version: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'review.create',
      entityType: 'Bundle',
      entityId: bundle.id,
      caseId: kase.id,
      fields: [],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await queueBundleBuild(bundle.id, tx);
    return { ...bundle, reference: kase.reference };
  });
  startQueuedBuilds();
  return created;
}

/** One review pack over many cases (coordinators): summary table, then each case's review. */
export async function startReviewPack(actor: Actor, input: { caseIds: string[] }, ctx: Ctx) {
  if (actor.role !== 'COORDINATOR') throw new NotFoundError();
  const ids = [...new Set(input.caseIds)];
  const found = await db.case.findMany({
    where: { id: { in: ids } },
    orderBy: { reference: 'asc' },
    select: { id: true, reference: true },
  });
  if (found.length !== ids.length)
    throw new InvalidError('Some of the chosen cases no longer exist. Please choose again.');
  const created = await db.$transaction(async (tx) => {
    const contents = [];
    const unpublished: string[] = [];
    for (const c of found) {
      const data = await reviewData(tx, c.id).catch((err: unknown) => {
        if (err instanceof InvalidError) return null;
        throw err;
      });
      if (data) contents.push(...data.contents);
      else unpublished.push(c.reference);
    }
    if (unpublished.length) {
      throw new InvalidError(
        `A pack holds published reviews only. Not yet published: ${unpublished.slice(0, 20).join(', ')}${unpublished.length > 20 ? ` and ${unpublished.length - 20} more` : ''}.`,
      );
    }
    const last = await tx.bundle.findFirst({
      where: { kind: 'REVIEW_PACK', createdById: actor.id },
      orderBy: { version: 'desc' },
      select: { version: true },
    });
    const bundle = await tx.bundle.create({
      data: {
        kind: 'REVIEW_PACK',
        caseIds: found.map((c) => c.id),
        version: (last?.version ?? 0) + 1,
        purpose: 'REINSTATEMENT_REVIEW',
        audience: 'OUTSIDE',
        plan: {},
        createdById: actor.id,
        items: { createMany: { data: contents } },
      },
      select: { id: true, version: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'review-pack.create',
      entityType: 'Bundle',
      entityId: bundle.id,
      fields: [`cases:${found.length}`],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await queueBundleBuild(bundle.id, tx);
    return bundle;
  });
  startQueuedBuilds();
  return created;
}

export async function listReviewPacks(actor: Actor) {
  if (actor.role !== 'COORDINATOR') throw new NotFoundError();
  return db.bundle.findMany({
    where: { kind: 'REVIEW_PACK' },
    orderBy: { createdAt: 'desc' },
    take: 50,
    select: {
      id: true,
      version: true,
      purpose: true,
      status: true,
      progress: true,
      progressNote: true,
      pageCount: true,
      sha256: true,
      sizeBytes: true,
      error: true,
      audience: true,
      supersededAt: true,
      supersededReason: true,
      createdAt: true,
      finishedAt: true,
      caseIds: true,
      createdBy: { select: { name: true } },
    },
  });
}
