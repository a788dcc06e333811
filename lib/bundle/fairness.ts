import { z } from 'zod';
import { db, type Tx } from '../db/client';
import { caseScope, isStaff, type Actor } from '../auth/policy';
import { itemsFor, itemsForReader, seesReviewDrafts, type Audience } from '../auth/audience';
import type { RequestContext } from '../auth/context';
import { changedFields, writeAudit } from '../audit/write-audit';
import { ConflictError, InvalidError, NotFoundError } from '../errors';
import type { Prisma } from '../db/generated/client';
import { FAIRNESS_KEYS, type FairnessAnswer, type FairnessKey } from './fairness-questions';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

// A reinstatement review has a draft (staff only: answers, notes, internal notes, recommendation) and
// published versions (a frozen copy made when a person publishes). The member and outside bodies see
// the latest published version only — never the draft, never an internal note.

export const saveFairnessSchema = z
  .object({
    caseId: z.string().min(1).max(40),
    findings: z
      .array(
        z
          .object({
            question: z.enum(FAIRNESS_KEYS),
            answer: z.enum(['YES', 'NO', 'UNKNOWN'], { error: 'Choose yes, no or not known' }),
            note: z
              .string()
              .trim()
              .max(5000, 'Keep the note under 5,000 characters')
              .optional()
              .transform((v) => v || null),
            internalNote: z
              .string()
              .trim()
              .max(5000, 'Keep the internal note under 5,000 characters')
              .optional()
              .transform((v) => v || null),
            evidenceIds: z.array(z.string().min(1).max(40)).max(50).default([]),
            /** The version the person saw (0: not answered yet), so two people do not overwrite each other unseen. */
            version: z.number().int().min(0),
          })
          .strict(),
      )
      .min(1)
      .max(FAIRNESS_KEYS.length),
    recommendation: z
      .string()
      .trim()
      .max(10_000, 'Keep the recommendation under 10,000 characters')
      .optional()
      .transform((v) => v || null),
  })
  .strict();
export type SaveFairnessInput = z.input<typeof saveFairnessSchema>;

export const publishReviewSchema = z.object({ caseId: z.string().min(1).max(40) }).strict();

export type PublishedFinding = {
  question: FairnessKey;
  answer: FairnessAnswer;
  note: string | null;
  evidenceIds: string[];
};

/** The latest published version of a case's review, or null. */
export async function latestPublication(tx: Tx, caseId: string) {
  const p = await tx.reviewPublication.findFirst({
    where: { caseId },
    orderBy: { version: 'desc' },
    select: {
      version: true,
      findings: true,
      recommendation: true,
      publishedAt: true,
      publishedBy: { select: { name: true } },
    },
  });
  return p && { ...p, findings: p.findings as unknown as PublishedFinding[] };
}

/** The published findings as an audience may read them: links to evidence it may not see are dropped. */
export function publishedFor(findings: PublishedFinding[], visibleEvidence: Set<string>) {
  const byKey = new Map(findings.map((f) => [f.question, f]));
  return FAIRNESS_KEYS.map((key) => {
    const f = byKey.get(key);
    return {
      question: key,
      answer: (f?.answer ?? 'UNKNOWN') as FairnessAnswer,
      note: f?.note ?? null,
      evidenceIds: (f?.evidenceIds ?? []).filter((id) => visibleEvidence.has(id)),
    };
  });
}

/**
 * The case's review as the reader may see it. Staff: the draft (with internal notes) and what was last
 * published. The member: the latest published version only.
 */
export async function getFairness(actor: Actor, caseId: string) {
  const kase = await db.case.findFirst({
    where: { AND: [{ id: caseId }, caseScope(actor)] },
    select: {
      id: true,
      reviewRecommendation: true,
      fairness: {
        select: {
          question: true,
          answer: true,
          note: true,
          internalNote: true,
          evidenceIds: true,
          version: true,
          updatedAt: true,
          updatedBy: { select: { name: true } },
        },
      },
      evidence: {
        where: { deletedAt: null, purgedAt: null, ...itemsForReader(actor) },
        orderBy: { exhibitNumber: 'asc' },
        select: { id: true, exhibitNumber: true, title: true },
      },
    },
  });
  if (!kase) throw new NotFoundError();
  const visible = new Set(kase.evidence.map((e) => e.id));
  const publication = await latestPublication(db, kase.id);
  const published = publication && {
    version: publication.version,
    publishedAt: publication.publishedAt,
    publishedBy: publication.publishedBy.name,
    recommendation: publication.recommendation,
    findings: publishedFor(publication.findings, visible),
  };
  if (!seesReviewDrafts(actor))
    return {
      draft: null,
      published,
      evidence: kase.evidence.filter((e) => published?.findings.some((f) => f.evidenceIds.includes(e.id))),
    };
  const byKey = new Map(kase.fairness.map((f) => [f.question as FairnessKey, f]));
  return {
    published,
    evidence: kase.evidence,
    draft: {
      recommendation: kase.reviewRecommendation,
      findings: FAIRNESS_KEYS.map((key) => {
        const f = byKey.get(key);
        return {
          question: key,
          answer: (f?.answer ?? 'UNKNOWN') as FairnessAnswer,
          note: f?.note ?? null,
          internalNote: f?.internalNote ?? null,
          evidenceIds: (f?.evidenceIds ?? []).filter((id) => visible.has(id)),
          version: f?.version ?? 0,
          updatedAt: f?.updatedAt ?? null,
          updatedBy: f?.updatedBy.name ?? null,
        };
      }),
    },
  };
}

/** Saves the draft (staff on cases they can open), each answer against the version the person saw; audited. */
export async function saveFairness(actor: Actor, input: z.output<typeof saveFairnessSchema>, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findFirst({
      where: { AND: [{ id: input.caseId }, caseScope(actor)] },
      select: { id: true, reviewRecommendation: true },
    });
    if (!kase || !isStaff(actor)) throw new NotFoundError();
    const evidenceIds = [...new Set(input.findings.flatMap((f) => f.evidenceIds))];
    if (evidenceIds.length) {
      const found = await tx.evidence.count({
        where: { id: { in: evidenceIds }, caseId: kase.id, deletedAt: null, purgedAt: null },
      });
      if (found !== evidenceIds.length)
        throw new InvalidError('Some linked evidence is not on this case any more. Please reload the page.');
    }
    const changed: string[] = [];
    for (const f of input.findings) {
      const data = { answer: f.answer, note: f.note, internalNote: f.internalNote, evidenceIds: f.evidenceIds };
      if (f.version === 0) {
        const exists = await tx.fairnessFinding.findUnique({
          where: { caseId_question: { caseId: kase.id, question: f.question } },
          select: { id: true },
        });
        if (exists)
          throw new ConflictError(
            'Someone else answered this assessment since you opened it. Reload the page to see their answers; what you typed is still here.',
          );
        await tx.fairnessFinding.create({
          data: { caseId: kase.id, question: f.question, updatedById: actor.id, ...data },
        });
        changed.push(f.question);
        continue;
      }
      const before = await tx.fairnessFinding.findUnique({
        where: { caseId_question: { caseId: kase.id, question: f.question } },
        select: { answer: true, note: true, internalNote: true, evidenceIds: true },
      });
      if (!before || changedFields(before, data).length === 0) {
        if (!before)
          throw new ConflictError(
            'Someone else changed this assessment since you opened it. Reload the page to see their answers; what you typed is still here.',
          );
        continue;
      }
      const updated = await tx.fairnessFinding.updateMany({
        where: { caseId: kase.id, question: f.question, version: f.version },
        data: { ...data, updatedById: actor.id, version: { increment: 1 } },
      });
      if (updated.count !== 1)
        throw new ConflictError(
          'Someone else changed this assessment since you opened it. Reload the page to see their answers; what you typed is still here.',
        );
      changed.push(f.question);
    }
    if (input.recommendation !== kase.reviewRecommendation) {
      await tx.case.update({ where: { id: kase.id }, data: { reviewRecommendation: input.recommendation } });
      changed.push('reviewRecommendation');
    }
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'fairness.update',
      entityType: 'Case',
      entityId: kase.id,
      caseId: kase.id,
      fields: changed,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { changed: changed.length };
  });
}

/** Publishes the draft as it stands (staff): a frozen copy the member and review PDFs use; internal notes stay behind. */
export async function publishReview(actor: Actor, input: { caseId: string }, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findFirst({
      where: { AND: [{ id: input.caseId }, caseScope(actor)] },
      select: {
        id: true,
        reviewRecommendation: true,
        fairness: { select: { question: true, answer: true, note: true, evidenceIds: true } },
      },
    });
    if (!kase || !isStaff(actor)) throw new NotFoundError();
    if (kase.fairness.length === 0)
      throw new InvalidError('Answer and save at least one question before publishing the review.');
    await tx.$queryRaw`SELECT "id" FROM "Case" WHERE "id" = ${kase.id} FOR UPDATE`;
    const last = await tx.reviewPublication.findFirst({
      where: { caseId: kase.id },
      orderBy: { version: 'desc' },
      select: { version: true },
    });
    const findings: PublishedFinding[] = kase.fairness.map((f) => ({
      question: f.question as FairnessKey,
      answer: f.answer as FairnessAnswer,
      note: f.note,
      evidenceIds: f.evidenceIds,
    }));
    const created = await tx.reviewPublication.create({
      data: {
        caseId: kase.id,
        version: (last?.version ?? 0) + 1,
        findings: findings as unknown as Prisma.InputJsonValue,
        recommendation: kase.reviewRecommendation,
        publishedById: actor.id,
      },
      select: { id: true, version: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'review.publish',
      entityType: 'Case',
      entityId: kase.id,
      caseId: kase.id,
      fields: [`version:${created.version}`],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return created;
  });
}

/** What a published review may show to an audience: its evidence and timeline filters. */
export const reviewItemsFor = (audience: Audience) => itemsFor(audience);
