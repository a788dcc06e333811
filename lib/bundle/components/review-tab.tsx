import { Alert, Badge } from '../../ui/feedback';
import { getFairness } from '../fairness';
import { listBundles } from '../bundle-services';
import { isStaff, type Actor } from '../../auth/policy';
import { FairnessForm } from './fairness-form';
import { StartReviewButton } from './start-review';
import { BundleProgress } from './bundle-progress';

/** The reinstatement review of a case: the fairness assessment, and its PDF versions. */
export async function ReviewTab({ actor, caseId }: { actor: Actor; caseId: string }) {
  const [fairness, reviews] = await Promise.all([getFairness(actor, caseId), listBundles(actor, caseId, 'CASE_REVIEW')]);
  const staff = isStaff(actor);
  return (
    <section aria-labelledby="review-heading" className="grid gap-6">
      <div>
        <h2 id="review-heading" className="text-2xl font-bold mb-2">Reinstatement review</h2>
        <p>Was the process fair? Answer each question from what the record shows; “not known” is a fair answer. A review PDF is made from these answers.</p>
      </div>
      <FairnessForm caseId={caseId} findings={fairness.findings} recommendation={fairness.recommendation} evidence={fairness.evidence} canEdit={staff} />
      {staff && (
        <div>
          <h3 className="text-xl font-bold mb-2">Review PDF</h3>
          <StartReviewButton caseId={caseId} />
          <ol className="grid gap-3 mt-3">
            {reviews.map((r) => (
              <li key={r.id} className="rounded-lg border-2 border-stone-300 bg-white p-3">
                <p className="font-semibold">Version {r.version} <Badge>{r.status === 'READY' ? `${r.pageCount} pages` : r.status.toLowerCase()}</Badge></p>
                {(r.status === 'QUEUED' || r.status === 'BUILDING') && <BundleProgress id={r.id} initial={r} />}
                {r.status === 'FAILED' && <Alert>{r.error}</Alert>}
                {r.status === 'READY' && <a href={`/api/bundles/${r.id}/download`} download>Download the review PDF</a>}
              </li>
            ))}
          </ol>
        </div>
      )}
    </section>
  );
}
