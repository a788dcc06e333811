import { createElement, Fragment } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { latin1 } from '@/lib/ui/markup';
import { searchCasesHtml } from '@/lib/search/components/search-results';
import { Badge } from '@/lib/ui/feedback';
import type { SearchCase } from '@/lib/search/search-cases';
import type { Segment } from '@/lib/search/snippets';

// Search results are written as an HTML string (issue 12's throughput target). They must be what React writes for
// the JSX they replaced (with plain links), escaping included: the passages are text people typed, and a member's
// words must never be read as HTML.
const seg = (text: string, mark = false): Segment => ({ text, mark });
const cases: SearchCase[] = [
  {
    reference: 'RS-2026-0042',
    memberName: '<script>alert(1)</script> O\'Brien & "Sons"',
    stage: 'Awaiting a decision',
    hits: [
      {
        kind: 'EVENT',
        where: 'Timeline entry',
        tab: 'timeline',
        title: [seg('The '), seg('motion', true), seg(' <b>vote</b>')],
        snippet: [seg('Chair allowed a debate on the '), seg('<img src=x onerror=alert(1)>', true), seg(' & more')],
      },
      { kind: 'NAME', where: 'Member’s name', tab: 'details', title: null, snippet: [seg('Kowalski', true)] },
      { kind: 'EVIDENCE', where: 'Evidence E3', tab: 'evidence', title: [seg('Minutes')], snippet: [] },
    ],
    moreHits: 3,
  },
  {
    reference: 'RS-2025-0007',
    memberName: 'Ann Other',
    stage: 'New – being set up',
    hits: [{ kind: 'LETTER', where: 'Letter', tab: 'letters', title: null, snippet: null }],
    moreHits: 1,
  },
  { reference: 'RS-2024-0001', memberName: 'No Hits', stage: 'Closed', hits: [], moreHits: 0 },
];

// The JSX the results were until this change (with <a> for next/link), written with createElement.
const el = createElement;
const marked = (segments: Segment[]) =>
  segments.map((s, i) =>
    s.mark
      ? el('mark', { key: i, className: 'bg-amber-200 text-stone-950 rounded-sm px-0.5' }, s.text)
      : el(Fragment, { key: i }, s.text),
  );
const plural = (n: number, one: string, many: string) => `${n.toLocaleString('en-GB')} ${n === 1 ? one : many}`;
const reactResults = (list: SearchCase[]) =>
  el(
    'ol',
    null,
    list.map((c) =>
      el(
        'li',
        { key: c.reference, className: 'bg-white rounded-lg border border-stone-300 p-4' },
        el(
          'div',
          { className: 'flex flex-wrap items-baseline gap-x-3 gap-y-1' },
          el('a', { href: `/cases/${c.reference}`, className: 'text-lg font-bold' }, c.memberName),
          el('span', { className: 'font-mono text-stone-700' }, c.reference),
          el(Badge, null, c.stage),
        ),
        el(
          'ul',
          { className: 'mt-2 grid gap-2' },
          c.hits.map((hit, i) =>
            el(
              'li',
              { key: i, className: 'border-l-4 border-stone-300 pl-3' },
              el(
                'p',
                { className: 'text-sm' },
                el('a', { href: `/cases/${c.reference}?tab=${hit.tab}`, className: 'font-semibold' }, hit.where),
                hit.title && el(Fragment, null, ': ', marked(hit.title)),
              ),
              hit.snippet &&
                hit.snippet.length > 0 &&
                el('p', { className: 'text-stone-800 break-words' }, marked(hit.snippet)),
            ),
          ),
        ),
        c.moreHits > 0 &&
          el(
            'p',
            { className: 'text-sm text-stone-700 mt-2' },
            'and ',
            plural(c.moreHits, 'more match', 'more matches'),
            ' in this case',
          ),
      ),
    ),
  );

test('the results are the HTML React writes for the same elements, escaping included', () => {
  const html = searchCasesHtml(cases);
  // The same markup, but for characters above U+00FF, written as references (lib/ui/markup.ts, latin1).
  expect(`<ol>${html}</ol>`).toBe(latin1(renderToStaticMarkup(reactResults(cases))));
  expect(html).toMatch(/^[\x00-\xff]*$/);
  expect(html).toContain('New &#8211; being set up');
  expect(html).not.toMatch(/<script|<img|<b>/);
  expect(html).toContain('<mark class="bg-amber-200 text-stone-950 rounded-sm px-0.5">&lt;img src=x');
  expect(html).toContain('href="/cases/RS-2026-0042?tab=timeline"');
});

test('no cases, no markup', () => {
  expect(searchCasesHtml([])).toBe('');
});
