import { createElement } from 'react';
import { renderToStaticMarkup } from 'react-dom/server';
import { caseRowsHtml } from '@/lib/cases/components/case-list';
import { latin1 } from '@/lib/ui/markup';
import { Badge } from '@/lib/ui/feedback';
import { OUTCOME_LABELS, REASON_LABELS, SANCTION_TYPE_LABELS, STAGE_LABELS } from '@/lib/cases/labels';
import { formatTimestamp } from '@/lib/dates/partial-date';
import type { findCases } from '@/lib/cases/find-cases';

// The case list's rows are written as an HTML string (issue 11, point 6). They must be what React writes for the
// JSX they replaced (with a plain link for the case's name), escaping included: names, branches and caseworkers are
// typed by people.
type Row = Awaited<ReturnType<typeof findCases>>['rows'][number];

const rows: Row[] = [
  {
    id: 'c1',
    reference: 'RS-2026-0042',
    stage: 'APPEAL',
    outcome: 'REINSTATED',
    createdAt: new Date('2026-03-04T10:05:00Z'),
    person: {
      fullName: '<script>alert("x")</script> O\'Brien & Sons',
      rolesHeld: ['Branch secretary', 'Councillor <b>'],
      branch: { name: 'Ashby "North" & <East>' },
      region: { name: "Region's <img src=x onerror=alert(1)>" },
    },
    sanctions: [{ type: 'ADMINISTRATIVE_SUSPENSION', reasonCategory: 'SOCIAL_MEDIA' }],
    assignments: [
      { caseworker: { id: 'u1', name: 'Jo <i>Smith</i>' } },
      { caseworker: { id: 'u2', name: 'Sam "Lee"' } },
    ],
  },
  {
    id: 'c2',
    reference: 'RS-2025-0007',
    stage: 'INTAKE',
    outcome: null,
    createdAt: new Date('2025-12-31T23:59:00Z'),
    person: { fullName: 'Łucja Żak', rolesHeld: [], branch: null, region: null },
    sanctions: [],
    assignments: [],
  },
] as unknown as Row[];

// The JSX the rows were until this change (with <a> for next/link), written with createElement.
const el = createElement;
const reactRows = (rows: Row[]) =>
  el(
    'ul',
    null,
    rows.map((c) =>
      el(
        'li',
        { key: c.id, className: 'bg-white rounded-lg border border-stone-300 p-4' },
        el(
          'div',
          { className: 'flex flex-wrap items-baseline gap-x-3 gap-y-1' },
          el('a', { href: `/cases/${c.reference}`, className: 'text-lg font-bold' }, c.person.fullName),
          el('span', { className: 'font-mono text-stone-700' }, c.reference),
          el(Badge, null, STAGE_LABELS[c.stage]),
          c.outcome && el(Badge, null, 'Outcome: ', OUTCOME_LABELS[c.outcome]),
        ),
        el(
          'p',
          { className: 'text-stone-700 mt-1' },
          c.sanctions[0] ? SANCTION_TYPE_LABELS[c.sanctions[0].type] : 'No sanction recorded',
          c.sanctions[0]?.reasonCategory ? ` (reason given: ${REASON_LABELS[c.sanctions[0].reasonCategory]})` : '',
          c.person.branch ? ` · ${c.person.branch.name}` : '',
          c.person.region ? ` · ${c.person.region.name}` : '',
        ),
        el(
          'p',
          { className: 'text-stone-600 text-sm mt-1' },
          c.person.rolesHeld.length ? `Roles: ${c.person.rolesHeld.join(', ')} · ` : '',
          c.assignments.length
            ? `Caseworker: ${c.assignments.map((a) => a.caseworker.name).join(', ')}`
            : 'No caseworker yet',
          ' ',
          '· Opened ',
          formatTimestamp(c.createdAt),
        ),
      ),
    ),
  );

test('the rows are the HTML React writes for the same elements, escaping included', () => {
  const html = caseRowsHtml(rows);
  // The same markup, but for characters above U+00FF, written as references (lib/ui/markup.ts, latin1).
  expect(`<ul>${html}</ul>`).toBe(latin1(renderToStaticMarkup(reactRows(rows))));
  expect(html).toMatch(/^[\x00-\xff]*$/);
  expect(html).toContain('&#321;ucja &#379;ak');
  expect(html).not.toMatch(/<script|<img|<b>|<i>/);
  expect(html).toContain('&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt; O&#x27;Brien &amp; Sons');
  expect(html).toContain('href="/cases/RS-2026-0042"');
});

test('no rows, no markup', () => {
  expect(caseRowsHtml([])).toBe('');
});
