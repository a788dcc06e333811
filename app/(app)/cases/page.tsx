import Link from '@/lib/ui/link';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { findCases, parseCaseFilters } from '@/lib/cases/find-cases';
import { parsePageNumber } from '@/lib/http/page-number';
import { findFilterOptions } from '@/lib/cases/find-filter-options';
import { getIntakeDraft } from '@/lib/intake/save-intake-draft';
import { DiscardDraft } from '@/lib/intake/components/discard-draft';
import { CaseFiltersForm } from '@/lib/cases/components/case-filters';
import { CaseList } from '@/lib/cases/components/case-list';
import { EmptyState, PageHeader } from '@/lib/ui/feedback';
import { linkButtonClass, secondaryLinkButtonClass } from '@/lib/ui/button';
import { canExportCaseList, canImportCases, canOpenCaseForMember } from '@/lib/auth/policy';

export const metadata: Metadata = { title: 'Cases' };

export default async function CasesPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | undefined>>;
}) {
  const { user } = await requirePageUser();
  const query = await searchParams;
  const filters = parseCaseFilters({ ...query, page: String(parsePageNumber(query.page)) });
  const result = await findCases(user, filters);

  if (user.role === 'MEMBER') {
    const draft = await getIntakeDraft(user);
    return (
      <>
        <PageHeader title="Your case" />
        {draft && (
          <div className="mb-6 rounded-lg border-2 border-amber-700 bg-amber-50 p-4">
            <p className="font-semibold mb-2">You have started telling us about your case.</p>
            <div className="flex flex-wrap gap-3">
              <Link href="/cases/new" className={linkButtonClass}>
                Carry on where you left off
              </Link>
              <DiscardDraft />
            </div>
          </div>
        )}
        {result.total === 0 && !draft ? (
          <EmptyState title="You have not logged a case yet">
            <p className="mb-4">
              Tell us what happened, in your own words. It takes about 10 minutes, and you can save and come back.
            </p>
            <Link href="/cases/new" className={linkButtonClass}>
              Start your case
            </Link>
          </EmptyState>
        ) : (
          <>
            <CaseList result={result} query={{}} />
            {!draft && (
              <p className="mt-6">
                <Link href="/cases/new">Log another case</Link> (for example, if you were suspended again).
              </p>
            )}
          </>
        )}
      </>
    );
  }

  const options = await findFilterOptions(user.role === 'COORDINATOR');
  const filtered = Object.values(filters).some((v, i) => v !== undefined && Object.keys(filters)[i] !== 'page');
  return (
    <>
      <PageHeader title={user.role === 'COORDINATOR' ? 'All cases' : 'My cases'}>
        {user.role === 'CASEWORKER' && (
          <p>The cases a coordinator has assigned to you, where the member has agreed to your help.</p>
        )}
        {canOpenCaseForMember(user) && (
          <p className="mt-3 flex flex-wrap gap-3">
            <Link href="/cases/new/for-member" className={linkButtonClass}>
              Open a case for a member
            </Link>
            {canImportCases(user) && (
              <Link href="/import" className={secondaryLinkButtonClass}>
                Import a spreadsheet
              </Link>
            )}
          </p>
        )}
      </PageHeader>
      <CaseFiltersForm filters={filters} {...options} />
      {result.total === 0 ? (
        <EmptyState
          title={
            filtered
              ? 'No cases match these filters'
              : user.role === 'CASEWORKER'
                ? 'No cases are assigned to you yet'
                : 'No cases yet'
          }
        >
          {filtered ? (
            <p>
              Try fewer filters, or <Link href="/cases">clear them all</Link>.
            </p>
          ) : user.role === 'CASEWORKER' ? (
            <p>A coordinator will assign cases to you. They will appear here.</p>
          ) : (
            <p>Members’ cases appear here when they finish logging them.</p>
          )}
        </EmptyState>
      ) : (
        <>
          {canExportCaseList(user) && (
            <p className="mb-3">
              {/* The same filters as the list: the export reads exactly these cases (all pages). */}
              <a href={`/api/cases/export?${exportQuery(query)}`} download>
                Export CSV
              </a>{' '}
              <span className="text-stone-600">(all {result.total === 1 ? 'the case' : 'cases'} in this list)</span>
            </p>
          )}
          <CaseList result={result} query={query} />
        </>
      )}
    </>
  );
}

/** The list's filters for the export's address (its page number is not one of them). */
function exportQuery(query: Record<string, string | undefined>): string {
  return new URLSearchParams(
    Object.entries(query).filter(([k, v]) => k !== 'page' && typeof v === 'string' && v !== '') as [string, string][],
  ).toString();
}
