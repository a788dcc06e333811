import type { Tx } from '../db/client';
import { itemsFor } from '../auth/audience';
import { InvalidError } from '../errors';
import { formatPartialDate } from '../dates/partial-date';
import { EVENT_TYPE_LABELS, SANCTION_TYPE_LABELS, describeStageAndOutcome } from '../cases/labels';
import { FAIRNESS_QUESTIONS } from './fairness-questions';
import { latestPublication, publishedFor } from './fairness';
import type { ChronologyRow, FairnessRow, ReviewCaseInput, ReviewSummaryRow } from './render-parts';
import { EVENT_ORDER } from '../timeline/event-order';

const DAY_MS = 86_400_000;
// A review PDF goes to a review panel: it is made for an outside body, from the published review only.
const OUTSIDE = itemsFor('OUTSIDE');

/**
 * What a reinstatement review says about one case, for an outside body: the latest sanction, the
 * latest *published* fairness findings (never the draft or internal notes) with the evidence they link
 * that an outside body may see, the chronology of shared, unmarked entries, and how long the member has
 * been suspended without a decision. `contents` lists the items used, so a later change withdraws it.
 */
export async function reviewData(
  tx: Tx,
  caseId: string,
  today = new Date(),
): Promise<{
  input: ReviewCaseInput;
  summary: ReviewSummaryRow;
  contents: { evidenceId?: string; eventId?: string; onPurpose: boolean }[];
}> {
  const kase = await tx.case.findUniqueOrThrow({
    where: { id: caseId },
    select: {
      reference: true,
      stage: true,
      outcome: true,
      summary: true,
      person: { select: { fullName: true, branch: { select: { name: true } } } },
      sanctions: {
        orderBy: [{ imposedOn: { sort: 'desc', nulls: 'last' } }, { createdAt: 'desc' }],
        take: 1,
        select: { type: true, imposedOn: true, imposedPrecision: true },
      },
      evidence: {
        where: { deletedAt: null, purgedAt: null, ...OUTSIDE },
        select: { id: true, exhibitNumber: true, title: true },
      },
      events: {
        where: { deletedAt: null, ...OUTSIDE },
        orderBy: EVENT_ORDER,
        select: { id: true, type: true, occurredOn: true, datePrecision: true, title: true, details: true },
      },
    },
  });
  const publication = await latestPublication(tx, caseId);
  if (!publication)
    throw new InvalidError(
      `The review of ${kase.reference} has not been published yet. Publish it first (Review tab).`,
    );
  const sanction = kase.sanctions[0];
  const exhibits = new Map(kase.evidence.map((e) => [e.id, `E${e.exhibitNumber} – ${e.title}`]));
  const published = publishedFor(publication.findings, new Set(exhibits.keys()));
  const findings: FairnessRow[] = published.map((f) => ({
    question: FAIRNESS_QUESTIONS[f.question],
    answer: f.answer,
    note: f.note,
    evidence: f.evidenceIds.flatMap((id) => exhibits.get(id) ?? []),
  }));
  // Suspended without a decision: from the sanction to the first decision after it, or to today.
  let days: number | null = null;
  if (sanction?.imposedOn) {
    const decision = kase.events.find((e) => e.type === 'DECISION' && e.occurredOn >= sanction.imposedOn!);
    days = Math.max(0, Math.floor(((decision?.occurredOn ?? today).getTime() - sanction.imposedOn.getTime()) / DAY_MS));
  }
  const chronology: ChronologyRow[] = kase.events.map((e) => ({
    date: formatPartialDate(e.occurredOn, e.datePrecision),
    approximate: e.datePrecision !== 'DAY',
    type: EVENT_TYPE_LABELS[e.type],
    title: e.title,
    details: e.details,
  }));
  const common = {
    reference: kase.reference,
    memberName: kase.person.fullName,
    branch: kase.person.branch?.name ?? null,
    sanction: sanction ? SANCTION_TYPE_LABELS[sanction.type] : 'No sanction recorded',
    stage: describeStageAndOutcome(kase.stage, kase.outcome),
    daysSuspendedWithoutDecision: days,
    recommendation: publication.recommendation,
  };
  const linked = new Set(published.flatMap((f) => f.evidenceIds));
  return {
    input: {
      ...common,
      imposedOn: sanction?.imposedOn ? formatPartialDate(sanction.imposedOn, sanction.imposedPrecision ?? 'DAY') : null,
      summary: kase.summary,
      findings,
      chronology,
      generatedOn: today.toISOString().slice(0, 10),
    },
    summary: {
      ...common,
      noCount: findings.filter((f) => f.answer === 'NO').length,
      unknownCount: findings.filter((f) => f.answer === 'UNKNOWN').length,
    },
    contents: [
      ...[...linked].map((evidenceId) => ({ evidenceId, onPurpose: false })),
      ...kase.events.map((e) => ({ eventId: e.id, onPurpose: false })),
    ],
  };
}
