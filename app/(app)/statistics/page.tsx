import Link from '@/lib/ui/link';
import { notFound } from 'next/navigation';
import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/auth/require-user';
import { NotFoundError } from '@/lib/errors';
import { findFilterOptions } from '@/lib/cases/find-filter-options';
import { getStatistics } from '@/lib/statistics/get-statistics';
import { filtersQuery, parseStatisticsFilters, PRESETS } from '@/lib/statistics/filters';
import { StatisticsFiltersForm } from '@/lib/statistics/components/statistics-filters';
import { StatisticsBody } from '@/lib/statistics/components/statistics-body';
import { PageHeader } from '@/lib/ui/feedback';
import { secondaryLinkButtonClass } from '@/lib/ui/button';
import { latin1Paragraph } from '@/lib/ui/markup';

export const metadata: Metadata = { title: 'Statistics' };

// Staff only (members: not found): counts over the cases the reader may open, small numbers suppressed.
export default async function StatisticsPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const ctx = await requirePageUser(['CASEWORKER', 'COORDINATOR']);
  const filters = parseStatisticsFilters(await searchParams);
  const view = await getStatistics(ctx.user, filters, ctx, 'page').catch((e: unknown) => {
    if (e instanceof NotFoundError) notFound();
    throw e;
  });
  const options = await findFilterOptions(false);
  const query = filtersQuery(filters);
  return (
    <>
      <PageHeader title="Statistics">
        {/* As one-byte markup (lib/ui/markup.ts, latin1): this page's payload is large enough for a quote to cost. */}
        <p
          dangerouslySetInnerHTML={latin1Paragraph(
            `${view.scope}. Counts are rounded to the nearest 5; a count of 0 to 4 shows as “fewer than 5”, and some ` +
              'other counts are hidden so that it cannot be worked out from the totals. No figure here names or links ' +
              'to a person.',
          )}
        />
      </PageHeader>
      <nav aria-label="Common views" className="mb-4 flex flex-wrap gap-3">
        {PRESETS.map((p) => (
          <Link key={p.label} href={`/statistics${filtersQuery(p.filters)}`} className={secondaryLinkButtonClass}>
            {p.label}
          </Link>
        ))}
        {query && (
          <Link href="/statistics" className="self-center underline">
            Clear filters
          </Link>
        )}
      </nav>
      {/* Keyed by the filters: a one-click view is a client navigation, and the selects must show its filters. */}
      <StatisticsFiltersForm key={query} filters={filters} regions={options.regions} branches={options.branches} />
      <p className="mb-6 flex flex-wrap gap-4">
        <a href={`/api/statistics/report${query}`} className={secondaryLinkButtonClass} download>
          Download the report (PDF)
        </a>
        <a href={`/api/statistics/csv${query}`} className={secondaryLinkButtonClass} download>
          Download the tables (CSV)
        </a>
      </p>
      <StatisticsBody view={view} />
    </>
  );
}
