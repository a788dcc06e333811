import Link from '@/lib/ui/link';
import { badgeClass } from '../../ui/feedback';
import { escapeHtml as h, latin1, latin1Paragraph } from '../../ui/markup';
import { Arrow } from '../../ui/arrow';
import type { SearchResult } from '../search-cases';
import type { Segment } from '../snippets';

const plural = (n: number, one: string, many = `${one}s`) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;

/** Text with its matches in <mark>; every piece escaped, so nothing a person typed is read as HTML. */
export function markedHtml(segments: Segment[]): string {
  return segments
    .map((s) =>
      s.mark ? `<mark class="bg-amber-200 text-stone-950 rounded-sm px-0.5">${h(s.text)}</mark>` : h(s.text),
    )
    .join('');
}

/**
 * The cases found, as HTML (lib/ui/markup.ts): 20 cases of about 20 elements and two or more client links each were
 * most of the page's React work, rendered for the page and again in its RSC payload. The same elements and text as
 * the JSX they replaced; the links are plain links (a result opens as a new page).
 */
export function searchCasesHtml(cases: SearchResult['cases']): string {
  const html = cases
    .map((c) => {
      const href = `/cases/${encodeURIComponent(c.reference)}`;
      const hits = c.hits
        .map(
          (hit) =>
            '<li class="border-l-4 border-stone-300 pl-3"><p class="text-sm">' +
            `<a href="${h(`${href}?tab=${hit.tab}`)}" class="font-semibold">${h(hit.where)}</a>` +
            (hit.title ? `: ${markedHtml(hit.title)}` : '') +
            '</p>' +
            (hit.snippet && hit.snippet.length > 0
              ? `<p class="text-stone-800 break-words">${markedHtml(hit.snippet)}</p>`
              : '') +
            '</li>',
        )
        .join('');
      return (
        '<li class="bg-white rounded-lg border border-stone-300 p-4">' +
        '<div class="flex flex-wrap items-baseline gap-x-3 gap-y-1">' +
        `<a href="${h(href)}" class="text-lg font-bold">${h(c.memberName)}</a>` +
        `<span class="font-mono text-stone-700">${h(c.reference)}</span>` +
        `<span class="${badgeClass('neutral')}">${h(c.stage)}</span>` +
        '</div>' +
        `<ul class="mt-2 grid gap-2">${hits}</ul>` +
        (c.moreHits > 0
          ? `<p class="text-sm text-stone-700 mt-2">and ${h(plural(c.moreHits, 'more match', 'more matches'))} in this case</p>`
          : '') +
        '</li>'
      );
    })
    .join('');
  // Dashes, quotes and names in other alphabets as character references (lib/ui/markup.ts, latin1).
  return latin1(html);
}

export function SearchResults({ result }: { result: SearchResult }) {
  const pageHref = (page: number) => `/search?${new URLSearchParams({ q: result.q, page: String(page) }).toString()}`;
  return (
    <>
      {/* The words as typed, quoted: one-byte markup (lib/ui/markup.ts, latin1), like the results below. */}
      <h2
        className="text-xl font-bold mb-3"
        aria-live="polite"
        dangerouslySetInnerHTML={latin1Paragraph(
          `${result.capped ? 'More than ' : ''}${plural(result.caseCount, 'case')} ` +
            `${result.caseCount === 1 && !result.capped ? 'matches' : 'match'} “${result.q}”`,
        )}
      />
      {result.capped && (
        <p className="mb-3 text-stone-700">
          These words are in a great many entries: the best of the first matches are shown. Add another word to narrow
          the search.
        </p>
      )}
      <ol
        className="grid gap-3"
        aria-label="Cases found"
        dangerouslySetInnerHTML={{ __html: searchCasesHtml(result.cases) }}
      />
      {result.pageCount > 1 && (
        <nav aria-label="Pages" className="flex items-center gap-4 mt-6">
          {result.page > 1 && (
            <Link href={pageHref(result.page - 1)} className="py-3">
              <Arrow to="back" />
              Previous
            </Link>
          )}
          <span>
            Page {result.page} of {result.pageCount}
          </span>
          {result.page < result.pageCount && (
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
