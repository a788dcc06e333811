import Link from '@/lib/ui/link';
import { OUTCOME_LABELS, REASON_LABELS, SANCTION_TYPE_LABELS, STAGE_LABELS } from '../labels';
import { badgeClass } from '../../ui/feedback';
import { Arrow } from '../../ui/arrow';
import { escapeHtml as h, latin1 } from '../../ui/markup';
import { formatTimestamp } from '../../dates/partial-date';
import type { findCases } from '../find-cases';

type Result = Awaited<ReturnType<typeof findCases>>;

/** "1 case", "240 cases"; a large total kept from an earlier count reads "About 10,000 cases" (to the nearest hundred). */
export function describeTotal({ total, totalIsEstimate }: Pick<Result, 'total' | 'totalIsEstimate'>): string {
  if (totalIsEstimate) return `About ${(Math.round(total / 100) * 100).toLocaleString('en-GB')} cases`;
  return total === 1 ? '1 case' : `${total.toLocaleString('en-GB')} cases`;
}

const badge = (text: string) => `<span class="${badgeClass('neutral')}">${h(text)}</span>`;

/**
 * The rows of a page of cases as HTML (lib/ui/markup.ts): 25 rows of about 15 elements and a client link each were
 * the case list's largest React work after the filter options, rendered for the page and again in its RSC payload.
 * The same elements and text as the JSX they replaced; every value passes through escapeHtml. A case's name is a
 * plain link: it opens the case page as a new page instead of a client-side navigation.
 */
export function caseRowsHtml(rows: Result['rows']): string {
  const html = rows
    .map((c) => {
      const sanction = c.sanctions[0];
      const summary =
        (sanction ? SANCTION_TYPE_LABELS[sanction.type] : 'No sanction recorded') +
        (sanction?.reasonCategory ? ` (reason given: ${REASON_LABELS[sanction.reasonCategory]})` : '') +
        (c.person.branch ? ` · ${c.person.branch.name}` : '') +
        (c.person.region ? ` · ${c.person.region.name}` : '');
      const people =
        (c.person.rolesHeld.length ? `Roles: ${c.person.rolesHeld.join(', ')} · ` : '') +
        (c.assignments.length
          ? `Caseworker: ${c.assignments.map((a) => a.caseworker.name).join(', ')}`
          : 'No caseworker yet') +
        ` · Opened ${formatTimestamp(c.createdAt)}`;
      return (
        '<li class="bg-white rounded-lg border border-stone-300 p-4">' +
        '<div class="flex flex-wrap items-baseline gap-x-3 gap-y-1">' +
        `<a href="/cases/${h(encodeURIComponent(c.reference))}" class="text-lg font-bold">${h(c.person.fullName)}</a>` +
        `<span class="font-mono text-stone-700">${h(c.reference)}</span>` +
        badge(STAGE_LABELS[c.stage]) +
        (c.outcome ? badge(`Outcome: ${OUTCOME_LABELS[c.outcome]}`) : '') +
        '</div>' +
        `<p class="text-stone-700 mt-1">${h(summary)}</p>` +
        `<p class="text-stone-600 text-sm mt-1">${h(people)}</p>` +
        '</li>'
      );
    })
    .join('');
  // Dashes, the separators and names in other alphabets as character references (lib/ui/markup.ts, latin1).
  return latin1(html);
}

export function CaseList({ result, query }: { result: Result; query: Record<string, string | undefined> }) {
  const pageHref = (page: number) => {
    const params = new URLSearchParams(
      Object.entries({ ...query, page: String(page) }).filter(([, v]) => v) as [string, string][],
    );
    return `/cases?${params.toString()}`;
  };
  return (
    <>
      <p className="mb-3 text-stone-700" aria-live="polite">
        {describeTotal(result)}
      </p>
      <ul className="grid gap-3" dangerouslySetInnerHTML={{ __html: caseRowsHtml(result.rows) }} />
      {result.pageCount > 1 && (
        <nav aria-label="Pages" className="flex items-center gap-4 mt-6">
          {result.page > 1 && (
            <Link href={pageHref(result.page - 1)} className="py-3">
              <Arrow to="back" />
              Previous
            </Link>
          )}
          <span>
            Page {result.page} of {result.totalIsEstimate ? 'about ' : ''}
            {result.pageCount.toLocaleString('en-GB')}
          </span>
          {result.hasNext && (
            <Link href={pageHref(result.page + 1)} className="py-3">
              Next
              <Arrow to="on" />
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
