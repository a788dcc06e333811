import Link from '@/lib/ui/link';
import { OUTCOME_LABELS, REASON_LABELS, SANCTION_TYPE_LABELS, STAGE_LABELS } from '../labels';
import { Badge } from '../../ui/feedback';
import { formatTimestamp } from '../../dates/partial-date';
import type { findCases } from '../find-cases';

type Result = Awaited<ReturnType<typeof findCases>>;

/** "1 case", "240 cases"; a large total kept from an earlier count reads "About 10,000 cases" (to the nearest hundred). */
export function describeTotal({ total, totalIsEstimate }: Pick<Result, 'total' | 'totalIsEstimate'>): string {
  if (totalIsEstimate) return `About ${(Math.round(total / 100) * 100).toLocaleString('en-GB')} cases`;
  return total === 1 ? '1 case' : `${total.toLocaleString('en-GB')} cases`;
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
      <ul className="grid gap-3">
        {result.rows.map((c) => (
          <li key={c.id} className="bg-white rounded-lg border border-stone-300 p-4">
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <Link href={`/cases/${c.reference}`} className="text-lg font-bold">
                {c.person.fullName}
              </Link>
              <span className="font-mono text-stone-700">{c.reference}</span>
              <Badge>{STAGE_LABELS[c.stage]}</Badge>
              {c.outcome && <Badge>Outcome: {OUTCOME_LABELS[c.outcome]}</Badge>}
            </div>
            <p className="text-stone-700 mt-1">
              {c.sanctions[0] ? SANCTION_TYPE_LABELS[c.sanctions[0].type] : 'No sanction recorded'}
              {c.sanctions[0]?.reasonCategory ? ` (reason given: ${REASON_LABELS[c.sanctions[0].reasonCategory]})` : ''}
              {c.person.branch ? ` · ${c.person.branch.name}` : ''}
              {c.person.region ? ` · ${c.person.region.name}` : ''}
            </p>
            <p className="text-stone-600 text-sm mt-1">
              {c.person.rolesHeld.length ? `Roles: ${c.person.rolesHeld.join(', ')} · ` : ''}
              {c.assignments.length
                ? `Caseworker: ${c.assignments.map((a) => a.caseworker.name).join(', ')}`
                : 'No caseworker yet'}{' '}
              · Opened {formatTimestamp(c.createdAt)}
            </p>
          </li>
        ))}
      </ul>
      {result.pageCount > 1 && (
        <nav aria-label="Pages" className="flex items-center gap-4 mt-6">
          {result.page > 1 && (
            <Link href={pageHref(result.page - 1)} className="py-3">
              ← Previous
            </Link>
          )}
          <span>
            Page {result.page} of {result.totalIsEstimate ? 'about ' : ''}
            {result.pageCount.toLocaleString('en-GB')}
          </span>
          {result.hasNext && (
            <Link href={pageHref(result.page + 1)} className="py-3">
              Next →
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
