import type { Tx } from '../db/client';
import { formatPartialDate } from '../dates/partial-date';
import { EVENT_TYPE_LABELS, SANCTION_TYPE_LABELS, STATUS_LABELS } from '../cases/labels';
import { FAIRNESS_KEYS, FAIRNESS_QUESTIONS, type FairnessAnswer, type FairnessKey } from './fairness-questions';
import type { ChronologyRow, FairnessRow, ReviewCaseInput, ReviewSummaryRow } from './render-parts';

const DAY_MS = 86_400_000;

/**
 * What a reinstatement review says about one case, from the shared record only (a review can be
 * shown to the member and to a panel): the latest sanction, the fairness findings with their linked
 * evidence, the chronology, and how long the member has been suspended without a decision.
 */
export async function reviewData(tx: Tx, caseId: string, today = new Date()): Promise<{ input: ReviewCaseInput; summary: ReviewSummaryRow }> {
  const kase = await tx.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      reference: true, status: true, summary: true, reviewRecommendation: true,
      person: { select: { fullName: true, branch: { select: { name: true } } } },
      sanctions: { orderBy: [{ imposedOn: { sort: 'desc', nulls: 'last' } }, { createdAt: 'desc' }], take: 1, select: { type: true, imposedOn: true, imposedPrecision: true } },
      fairness: { select: { question: true, answer: true, note: true, evidenceIds: true } },
      evidence: { where: { deletedAt: null, purgedAt: null, visibility: 'SHARED' }, select: { id: true, exhibitNumber: true, title: true } },
      events: { where: { deletedAt: null, visibility: 'SHARED' }, orderBy: [{ occurredOn: 'asc' }, { createdAt: 'asc' }], select: { type: true, occurredOn: true, datePrecision: true, title: true, details: true } },
    },
  });
  const sanction = kase.sanctions[0];
  const exhibits = new Map(kase.evidence.map((e) => [e.id, `E${e.exhibitNumber} – ${e.title}`]));
  const byKey = new Map(kase.fairness.map((f) => [f.question as FairnessKey, f]));
  const findings: FairnessRow[] = FAIRNESS_KEYS.map((key) => {
    const f = byKey.get(key);
    return { question: FAIRNESS_QUESTIONS[key], answer: (f?.answer ?? 'UNKNOWN') as FairnessAnswer, note: f?.note ?? null, evidence: (f?.evidenceIds ?? []).flatMap((id) => exhibits.get(id) ?? []) };
  });
  // Suspended without a decision: from the sanction to the first decision after it, or to today.
  let days: number | null = null;
  if (sanction?.imposedOn) {
    const decision = kase.events.find((e) => e.type === 'DECISION' && e.occurredOn >= sanction.imposedOn!);
    days = Math.max(0, Math.floor(((decision?.occurredOn ?? today).getTime() - sanction.imposedOn.getTime()) / DAY_MS));
  }
  const chronology: ChronologyRow[] = kase.events.map((e) => ({
    date: formatPartialDate(e.occurredOn, e.datePrecision), approximate: e.datePrecision !== 'DAY', type: EVENT_TYPE_LABELS[e.type], title: e.title, details: e.details,
  }));
  const common = {
    reference: kase.reference, memberName: kase.person.fullName, branch: kase.person.branch?.name ?? null,
    sanction: sanction ? SANCTION_TYPE_LABELS[sanction.type] : 'No sanction recorded', status: STATUS_LABELS[kase.status], daysSuspendedWithoutDecision: days,
    recommendation: kase.reviewRecommendation,
  };
  return {
    input: {
      ...common, imposedOn: sanction?.imposedOn ? formatPartialDate(sanction.imposedOn, sanction.imposedPrecision ?? 'DAY') : null,
      summary: kase.summary, findings, chronology, generatedOn: today.toISOString().slice(0, 10),
    },
    summary: { ...common, noCount: findings.filter((f) => f.answer === 'NO').length, unknownCount: findings.filter((f) => f.answer === 'UNKNOWN').length },
  };
}
