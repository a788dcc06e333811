import Link from '@/lib/ui/link';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { isStaff } from '@/lib/auth/policy';
import { searchInputSchema } from '@/lib/search/schemas';
import { searchCases } from '@/lib/search/search-cases';
import { SearchForm } from '@/lib/search/components/search-form';
import { SearchResults } from '@/lib/search/components/search-results';
import { EmptyState, PageHeader } from '@/lib/ui/feedback';

export const metadata: Metadata = { title: 'Search' };

export default async function SearchPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePageUser();
  const { user } = ctx;
  const sp = await searchParams;
  const first = (v: string | string[] | undefined) => (Array.isArray(v) ? v[0] : v) ?? '';
  const q = first(sp.q).slice(0, 1000);
  const staff = isStaff(user);
  const hint = staff
    ? 'A name (spelling need not be exact), a reference such as RS-2026-0042, or words from the timeline, evidence or letters.'
    : 'Words from your timeline, evidence or letters, or your case reference.';
  const where =
    user.role === 'COORDINATOR'
      ? 'every case in the network'
      : user.role === 'CASEWORKER'
        ? 'the cases assigned to you'
        : 'your own case';

  if (!q.trim()) {
    return (
      <>
        <PageHeader title="Search" />
        <SearchForm q={q} hint={hint} />
        <EmptyState title="Type what you are looking for">
          <p>Search looks through {where}: its details, timeline, evidence and letters.</p>
        </EmptyState>
      </>
    );
  }
  const parsed = searchInputSchema.safeParse({ q, page: first(sp.page) || undefined });
  if (!parsed.success) {
    return (
      <>
        <PageHeader title="Search" />
        <SearchForm q={q} hint={hint} error={parsed.error.issues[0]?.message} />
      </>
    );
  }
  const result = await searchCases(user, parsed.data, ctx);
  return (
    <>
      <PageHeader title="Search" />
      <SearchForm q={q} hint={hint} />
      {result.cases.length === 0 && parsed.data.page > 1 ? (
        <EmptyState title="No more results">
          <p>
            <Link href={`/search?${new URLSearchParams({ q: parsed.data.q }).toString()}`}>Back to the first page</Link>
          </p>
        </EmptyState>
      ) : result.caseCount === 0 ? (
        <EmptyState title={`Nothing found for “${parsed.data.q}”`}>
          <p className="mb-2">Search looked through {where}. You could try:</p>
          <ul className="list-disc text-left inline-block pl-5">
            <li>fewer words, or one distinctive word (“motion”, “hearing”)</li>
            <li>another form of the word or a different spelling</li>
            {staff && <li>the member’s surname only, or the last digits of the reference</li>}
            <li>
              the <Link href="/cases">{staff ? 'case list' : 'case page'}</Link> and its filters
            </li>
          </ul>
        </EmptyState>
      ) : (
        <SearchResults result={result} />
      )}
    </>
  );
}
