import Link from '@/lib/ui/link';
import { Badge } from '../../ui/feedback';
import type { SearchResult } from '../search-cases';
import { MarkedText } from './marked-text';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

export function SearchResults({ result }: { result: SearchResult }) {
  const pageHref = (page: number) => `/search?${new URLSearchParams({ q: result.q, page: String(page) }).toString()}`;
  return (
    <>
      <h2 className="text-xl font-bold mb-3" aria-live="polite">
        {result.capped ? 'More than ' : ''}
        {plural(result.caseCount, 'case')} {result.caseCount === 1 && !result.capped ? 'matches' : 'match'} “{result.q}”
      </h2>
      {result.capped && (
        <p className="mb-3 text-stone-700">
          These words are in a great many entries: the best of the first matches are shown. Add another word to narrow
          the search.
        </p>
      )}
      <ol className="grid gap-3" aria-label="Cases found">
        {result.cases.map((c) => (
          <li key={c.reference} className="bg-white rounded-lg border border-stone-300 p-4">
            <div className="flex flex-wrap items-baseline gap-x-3 gap-y-1">
              <Link href={`/cases/${c.reference}`} className="text-lg font-bold">
                {c.memberName}
              </Link>
              <span className="font-mono text-stone-700">{c.reference}</span>
              <Badge>{c.stage}</Badge>
            </div>
            <ul className="mt-2 grid gap-2">
              {c.hits.map((h, i) => (
                <li key={i} className="border-l-4 border-stone-300 pl-3">
                  <p className="text-sm">
                    <Link href={`/cases/${c.reference}?tab=${h.tab}`} className="font-semibold">
                      {h.where}
                    </Link>
                    {h.title && (
                      <>
                        {': '}
                        <MarkedText segments={h.title} />
                      </>
                    )}
                  </p>
                  {h.snippet && h.snippet.length > 0 && (
                    <p className="text-stone-800 break-words">
                      <MarkedText segments={h.snippet} />
                    </p>
                  )}
                </li>
              ))}
            </ul>
            {c.moreHits > 0 && (
              <p className="text-sm text-stone-700 mt-2">
                and {plural(c.moreHits, 'more match', 'more matches')} in this case
              </p>
            )}
          </li>
        ))}
      </ol>
      {result.pageCount > 1 && (
        <nav aria-label="Pages" className="flex items-center gap-4 mt-6">
          {result.page > 1 && (
            <Link href={pageHref(result.page - 1)} className="py-3">
              ← Previous
            </Link>
          )}
          <span>
            Page {result.page} of {result.pageCount}
          </span>
          {result.page < result.pageCount && (
            <Link href={pageHref(result.page + 1)} className="py-3">
              Next →
            </Link>
          )}
        </nav>
      )}
    </>
  );
}
