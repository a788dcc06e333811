import { Alert, Badge, EmptyState } from '../../ui/feedback';
import { getFairness } from '../fairness';
import { listBundles } from '../bundle-services';
import { isStaff, type Actor } from '../../auth/policy';
import { formatTimestamp } from '../../dates/partial-date';
import { FAIRNESS_ANSWER_LABELS, FAIRNESS_QUESTIONS } from '../fairness-questions';
import { BundleProgress, FairnessForm, PublishReviewButton, StartReviewButton } from './tab-parts';

type Review = Awaited<ReturnType<typeof getFairness>>;

/** The reinstatement review of a case: staff work on a draft and publish it; the member reads what was published. */
export async function ReviewTab({ actor, caseId }: { actor: Actor; caseId: string }) {
  const staff = isStaff(actor);
  const [review, reviews] = await Promise.all([
    getFairness(actor, caseId),
    staff ? listBundles(actor, caseId, 'CASE_REVIEW') : Promise.resolve([]),
  ]);
  return (
    <section aria-labelledby="review-heading" className="grid gap-6">
      <div>
        <h2 id="review-heading" className="text-2xl font-bold mb-2">
          Reinstatement review
        </h2>
        <p>Was the process fair? Each question is answered from what the record shows; “not known” is a fair answer.</p>
      </div>
      {!staff &&
        (review.published ? (
          <PublishedReview review={review} />
        ) : (
          <EmptyState title="No review published yet">
            <p>When your caseworker has reviewed how your case was handled, their findings will appear here.</p>
          </EmptyState>
        ))}
      {staff && review.draft && (
        <>
          <Alert
            kind="info"
            title={
              review.published
                ? `Published: version ${review.published.version}, ${formatTimestamp(review.published.publishedAt)} by ${review.published.publishedBy}`
                : 'Draft: not published'
            }
          >
            <p>
              {review.published
                ? 'The member and review PDFs show the published version. Changes you save below stay in the draft until you publish them.'
                : 'The member sees nothing of this review until you publish it. Internal notes are never published.'}
            </p>
            <div className="mt-3">
              <PublishReviewButton caseId={caseId} published={!!review.published} />
            </div>
          </Alert>
          <FairnessForm
            caseId={caseId}
            findings={review.draft.findings}
            recommendation={review.draft.recommendation}
            evidence={review.evidence}
          />
          <div>
            <h3 className="text-xl font-bold mb-2">Review PDF</h3>
            <p className="mb-2">
              Made from the published review, for a review panel: only evidence and entries an outside body may see.
            </p>
            {review.published ? <StartReviewButton caseId={caseId} /> : <p>Publish the review first.</p>}
            <ol className="grid gap-3 mt-3">
              {reviews.map((r) => (
                <li key={r.id} className="rounded-lg border-2 border-stone-300 bg-white p-3">
                  <p className="font-semibold">
                    Version {r.version}{' '}
                    <Badge>{r.status === 'READY' ? `${r.pageCount} pages` : r.status.toLowerCase()}</Badge>{' '}
                    {r.supersededAt && <Badge tone="bad">Withdrawn</Badge>}
                  </p>
                  {r.supersededAt && <p className="text-sm">{r.supersededReason}</p>}
                  {(r.status === 'QUEUED' || r.status === 'BUILDING') && <BundleProgress id={r.id} initial={r} />}
                  {r.status === 'FAILED' && <Alert>{r.error}</Alert>}
                  {r.status === 'READY' && (
                    <a href={`/api/bundles/${r.id}/download`} download>
                      Download the review PDF
                    </a>
                  )}
                </li>
              ))}
            </ol>
          </div>
        </>
      )}
    </section>
  );
}

function PublishedReview({ review }: { review: Review }) {
  const p = review.published!;
  const exhibits = new Map(review.evidence.map((x) => [x.id, x]));
  return (
    <div>
      <p className="mb-3 text-stone-700">
        Published {formatTimestamp(p.publishedAt)} by {p.publishedBy}.
      </p>
      <dl className="grid gap-4">
        {p.findings.map((f) => (
          <div key={f.question}>
            <dt className="font-semibold">{FAIRNESS_QUESTIONS[f.question]}</dt>
            <dd>
              {FAIRNESS_ANSWER_LABELS[f.answer]}
              {f.note ? ` — ${f.note}` : ''}
              {f.evidenceIds.length > 0 &&
                ` (${f.evidenceIds.map((id) => `E${exhibits.get(id)?.exhibitNumber}`).join(', ')})`}
            </dd>
          </div>
        ))}
        {p.recommendation && (
          <div>
            <dt className="font-semibold">Recommendation</dt>
            <dd className="whitespace-pre-wrap">{p.recommendation}</dd>
          </div>
        )}
      </dl>
    </div>
  );
}
