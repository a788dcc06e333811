import { z } from 'zod';
import { db } from '../db/client';
import { caseScope, isStaff, visibleItems, type Actor } from '../auth/policy';
import type { RequestContext } from '../auth/context';
import { changedFields, writeAudit } from '../audit/write-audit';
import { ConflictError, InvalidError, NotFoundError } from '../errors';
import { FAIRNESS_KEYS, type FairnessAnswer, type FairnessKey } from './fairness-questions';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

export const saveFairnessSchema = z.object({
  caseId: z.string().min(1).max(40),
  findings: z.array(z.object({
    question: z.enum(FAIRNESS_KEYS),
    answer: z.enum(['YES', 'NO', 'UNKNOWN'], { error: 'Choose yes, no or not known' }),
    note: z.string().trim().max(5000, 'Keep the note under 5,000 characters').optional().transform((v) => v || null),
    evidenceIds: z.array(z.string().min(1).max(40)).max(50).default([]),
    /** The version the person saw (0: not answered yet), so two people do not overwrite each other unseen. */
    version: z.number().int().min(0),
  }).strict()).min(1).max(FAIRNESS_KEYS.length),
  recommendation: z.string().trim().max(10_000, 'Keep the recommendation under 10,000 characters').optional().transform((v) => v || null),
}).strict();
export type SaveFairnessInput = z.input<typeof saveFairnessSchema>;

/** The case's fairness assessment: every question, answered or not, with the evidence that can be linked. */
export async function getFairness(actor: Actor, caseId: string) {
  const kase = await db.case.findFirst({
    where: { AND: [{ id: caseId }, caseScope(actor)] },
    select: {
      id: true, reviewRecommendation: true,
      fairness: { select: { question: true, answer: true, note: true, evidenceIds: true, version: true, updatedAt: true, updatedBy: { select: { name: true } } } },
      evidence: { where: { deletedAt: null, purgedAt: null, ...visibleItems(actor) }, orderBy: { exhibitNumber: 'asc' }, select: { id: true, exhibitNumber: true, title: true } },
    },
  });
  if (!kase) throw new NotFoundError();
  const byKey = new Map(kase.fairness.map((f) => [f.question as FairnessKey, f]));
  const visible = new Set(kase.evidence.map((e) => e.id));
  return {
    recommendation: kase.reviewRecommendation,
    evidence: kase.evidence,
    findings: FAIRNESS_KEYS.map((key) => {
      const f = byKey.get(key);
      // Links to evidence the viewer cannot see (caseworker-only) are not shown to them.
      return { question: key, answer: (f?.answer ?? 'UNKNOWN') as FairnessAnswer, note: f?.note ?? null, evidenceIds: (f?.evidenceIds ?? []).filter((id) => visible.has(id)), version: f?.version ?? 0, updatedAt: f?.updatedAt ?? null, updatedBy: f?.updatedBy.name ?? null };
    }),
  };
}

/** Saves answers (staff on cases they can open), each against the version the person saw; audited. */
export async function saveFairness(actor: Actor, input: z.output<typeof saveFairnessSchema>, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    const kase = await tx.case.findFirst({ where: { AND: [{ id: input.caseId }, caseScope(actor)] }, select: { id: true, reviewRecommendation: true } });
    if (!kase || !isStaff(actor)) throw new NotFoundError();
    const evidenceIds = [...new Set(input.findings.flatMap((f) => f.evidenceIds))];
    if (evidenceIds.length) {
      const found = await tx.evidence.count({ where: { id: { in: evidenceIds }, caseId: kase.id, deletedAt: null, purgedAt: null } });
      if (found !== evidenceIds.length) throw new InvalidError('Some linked evidence is not on this case any more. Please reload the page.');
    }
    const changed: string[] = [];
    for (const f of input.findings) {
      const data = { answer: f.answer, note: f.note, evidenceIds: f.evidenceIds };
      if (f.version === 0) {
        const exists = await tx.fairnessFinding.findUnique({ where: { caseId_question: { caseId: kase.id, question: f.question } }, select: { id: true } });
        if (exists) throw new ConflictError('Someone else answered this assessment since you opened it. Reload the page to see their answers; what you typed is still here.');
        await tx.fairnessFinding.create({ data: { caseId: kase.id, question: f.question, updatedById: actor.id, ...data } });
        changed.push(f.question);
        continue;
      }
      const before = await tx.fairnessFinding.findUnique({ where: { caseId_question: { caseId: kase.id, question: f.question } }, select: { answer: true, note: true, evidenceIds: true } });
      if (!before || changedFields(before, data).length === 0) {
        if (!before) throw new ConflictError('Someone else changed this assessment since you opened it. Reload the page to see their answers; what you typed is still here.');
        continue;
      }
      const updated = await tx.fairnessFinding.updateMany({ where: { caseId: kase.id, question: f.question, version: f.version }, data: { ...data, updatedById: actor.id, version: { increment: 1 } } });
      if (updated.count !== 1) throw new ConflictError('Someone else changed this assessment since you opened it. Reload the page to see their answers; what you typed is still here.');
      changed.push(f.question);
    }
    if (input.recommendation !== kase.reviewRecommendation) {
      await tx.case.update({ where: { id: kase.id }, data: { reviewRecommendation: input.recommendation } });
      changed.push('reviewRecommendation');
    }
    await writeAudit(tx, { actorId: actor.id, action: 'fairness.update', entityType: 'Case', entityId: kase.id, caseId: kase.id, fields: changed, ip: ctx.ip, userAgent: ctx.userAgent });
    return { changed: changed.length };
  });
}
