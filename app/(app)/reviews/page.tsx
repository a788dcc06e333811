import Link from '@/lib/ui/link';
import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { findCases, parseCaseFilters } from '@/lib/cases/find-cases';
import { findFilterOptions } from '@/lib/cases/find-filter-options';
import { CaseFiltersForm } from '@/lib/cases/components/case-filters';
import { describeStageAndOutcome } from '@/lib/cases/labels';
import { listReviewPacks } from '@/lib/bundle/bundle-services';
import { ReviewPackForm } from '@/lib/bundle/components/start-review';
import { BundleProgress } from '@/lib/bundle/components/bundle-progress';
import { Alert, EmptyState, PageHeader } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Review packs' };

const when = (d: Date) =>
  d.toLocaleString('en-GB', {
    day: 'numeric',
    month: 'short',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    timeZone: 'Europe/London',
  });

// Coordinators only: one PDF for a reinstatement panel covering many cases (summary table first).
export default async function ReviewPacksPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { user } = await requirePageUser();
  if (user.role !== 'COORDINATOR') notFound();
  const query = await searchParams;
  const filters = parseCaseFilters(query);
  const [result, options, packs] = await Promise.all([
    findCases(user, { ...filters, page: 1 }, { pageSize: 200 }),
    findFilterOptions(true),
    listReviewPacks(user),
  ]);
  const cases = result.rows.map((c) => ({
    id: c.id,
    reference: c.reference,
    memberName: c.person.fullName,
    branch: c.person.branch?.name ?? null,
    stage: describeStageAndOutcome(c.stage, c.outcome),
  }));
  return (
    <>
      <PageHeader title="Review packs">
        <p>
          Choose cases (for example one branch, or every case still under investigation) and make one PDF for a
          reinstatement panel: a summary table, then each case’s review.
        </p>
      </PageHeader>
      <CaseFiltersForm filters={filters} {...options} action="/reviews" />
      {result.total > cases.length && (
        <Alert kind="info">
          Showing the first {cases.length} of {result.totalIsEstimate ? 'about ' : ''}
          {result.total.toLocaleString('en-GB')} matching cases. Narrow the filters to choose others.
        </Alert>
      )}
      {cases.length === 0 ? (
        <EmptyState title="No cases match">
          <p>Change the filters above.</p>
        </EmptyState>
      ) : (
        <ReviewPackForm key={JSON.stringify(filters)} cases={cases} />
      )}
      <h2 className="text-2xl font-bold mt-10 mb-3">Packs made</h2>
      {packs.length === 0 ? (
        <p>None yet.</p>
      ) : (
        <ol className="grid gap-3">
          {packs.map((p) => (
            <li key={p.id} className="rounded-lg border-2 border-stone-300 bg-white p-3">
              <p className="font-semibold">
                Pack {p.version} · {p.caseIds.length} cases · {when(p.createdAt)} by {p.createdBy.name}
              </p>
              {(p.status === 'QUEUED' || p.status === 'BUILDING') && <BundleProgress id={p.id} initial={p} />}
              {p.status === 'FAILED' && <Alert>{p.error}</Alert>}
              {p.status === 'READY' && (
                <p>
                  {p.pageCount} pages ·{' '}
                  <a href={`/api/bundles/${p.id}/download`} download>
                    Download the pack
                  </a>
                </p>
              )}
            </li>
          ))}
        </ol>
      )}
      <p className="mt-6">
        <Link href="/cases">← All cases</Link>
      </p>
    </>
  );
}
