import { parseDocument, DomUtils } from 'htmlparser2';
import type { Element } from 'domhandler';
import { buildStatistics } from '@/lib/statistics/build-statistics';
import type { CaseFact } from '@/lib/statistics/case-facts';
import { shownPercent, shownText } from '@/lib/statistics/suppress';
import fs from 'node:fs';
import { CHART_COLOURS } from '@/lib/statistics/chart-data';
import { MAX_CHART_ROWS, tablesHtml } from '@/lib/statistics/components/statistics-markup';

// The statistics tables are sent as markup made from the published figures (statistics-markup.ts), not
// as React elements: what React escaped by itself, this must escape, and every published figure must be
// in it, where a screen reader finds it.

const HOSTILE = `<img src=x onerror="alert(1)">Tom & Jerry's "branch"`;

function fact(i: number): CaseFact {
  return {
    stage: i % 3 === 0 ? 'APPEAL' : 'INTAKE',
    outcome: i % 4 === 0 ? 'SANCTION_CONFIRMED' : null,
    appealStatus: i % 3 === 0 ? 'LODGED' : 'NOT_STARTED',
    regionId: 'r1',
    branchId: i < 30 ? 'b-hostile' : 'b-other',
    roleGroup: i < 12 ? 'BRANCH_OFFICER' : 'NONE',
    roleGroups: i < 12 ? ['BRANCH_OFFICER'] : ['NONE'],
    sanctionType: i % 5 === 0 ? 'EXPULSION' : 'SUSPENSION',
    reason: i % 2 === 0 ? 'MOTION' : 'SOCIAL_MEDIA',
    stillSuspended: i % 5 !== 0 && i % 4 !== 0,
    suspendedSince: new Date(Date.UTC(2024, i % 12, 1)),
    fairness: null,
  };
}

const statistics = buildStatistics(
  Array.from({ length: 43 }, (_, i) => fact(i)),
  {},
  {
    regions: new Map([['r1', `North <b>West</b>`]]),
    branches: new Map([
      ['b-hostile', HOSTILE],
      ['b-other', 'Other'],
    ]),
  },
  new Date('2026-12-01T12:00:00Z'),
);
const html = tablesHtml(statistics);
const doc = parseDocument(html);
const all = (name: string, root: { children: unknown[] } = doc) =>
  DomUtils.getElementsByTagName(name, root as never, true) as Element[];
const text = (el: Element) => DomUtils.textContent(el);

test('names typed by staff are text, never markup', () => {
  expect(all('img')).toHaveLength(0);
  expect(all('b')).toHaveLength(0);
  expect(html).not.toContain('onerror="');
  expect(html).toContain('&lt;img src=x onerror=&quot;alert(1)&quot;&gt;Tom &amp; Jerry&#39;s &quot;branch&quot;');
  const branchTable = all('table').find((t) => text(all('caption', t)[0]!) === 'Cases by branch')!;
  const rowHeads = all('th', branchTable).filter((th) => th.attribs.scope === 'row');
  expect(rowHeads.map(text)).toContain(HOSTILE);
});

test('every table is there with each published figure in its cell, and a chart that names it', () => {
  const tables = all('table');
  expect(tables).toHaveLength(statistics.tables.length);
  statistics.tables.forEach((t, k) => {
    const el = tables[k]!;
    expect(text(all('caption', el)[0]!)).toBe(t.title);
    const body = all('tbody', el)[0]!;
    const rows = all('tr', body);
    expect(rows).toHaveLength(t.table.rows.length);
    rows.forEach((tr, r) => {
      const cells = all('td', tr).map(text);
      expect(text(all('th', tr)[0]!)).toBe(t.table.rows[r]);
      expect(cells.slice(0, t.table.columns.length)).toEqual(t.table.cells[r]!.map(shownText));
      if (t.table.rowTotals) expect(cells[t.table.columns.length]).toBe(shownText(t.table.rowTotals[r]!));
    });
    // The headings of the columns, and the section's heading that labels it.
    const heads = all('th', all('thead', el)[0]!).map(text);
    expect(heads.slice(1, 1 + t.table.columns.length)).toEqual(t.table.columns);
    const section = all('section').find((s) => s.attribs['aria-labelledby'] === `${t.id}-heading`)!;
    expect(text(all('h2', section)[0]!)).toBe(t.title);
    if (t.chartColumn !== null && t.table.rows.length <= MAX_CHART_ROWS) {
      const svg = all('svg', section)[0]!;
      expect(svg.attribs.role).toBe('img');
      const [titleId] = svg.attribs['aria-labelledby']!.split(' ');
      expect(text(all('title', svg).find((x) => x.attribs.id === titleId)!)).toBe(`${t.title} (chart)`);
    }
  });
});

test('a share is worked out from published counts only, and small counts never show a number', () => {
  const status = statistics.tables.find((t) => t.table.rowTotals !== null && t.table.columns.length === 2)!;
  const el = all('table')[statistics.tables.indexOf(status)]!;
  const rows = all('tr', all('tbody', el)[0]!);
  rows.forEach((tr, r) => {
    const p = shownPercent(status.table.cells[r]![0]!, status.table.rowTotals![r]!);
    expect(text(all('td', tr).at(-1)!)).toBe(p === null ? '—' : `${p}%`);
  });
  for (const td of all('td')) {
    const v = text(td).replace(/[,%]/g, '');
    if (/^\d+$/.test(v) && !text(td).endsWith('%')) expect([v, Number(v) === 0 || Number(v) >= 5]).toEqual([v, true]);
  }
});

test('the markup of one view is made once', () => {
  expect(tablesHtml(statistics)).toBe(html);
});

test('a table with more rows than a phone can chart (branches, nationally) keeps its table and has no chart', () => {
  const many = buildStatistics(
    Array.from({ length: 300 }, (_, i) => ({ ...fact(i), branchId: `b${i % 40}` })),
    {},
    {
      regions: new Map([['r1', 'North']]),
      branches: new Map(Array.from({ length: 40 }, (_, i) => [`b${i}`, `B${i}`])),
    },
    new Date('2026-12-01T12:00:00Z'),
  );
  const branch = many.tables.find((t) => t.id === 'branch')!;
  expect(branch.table.rows.length).toBeGreaterThan(MAX_CHART_ROWS);
  const section = DomUtils.getElementsByTagName('section', parseDocument(tablesHtml(many)), true).find(
    (s) => s.attribs['aria-labelledby'] === 'branch-heading',
  )!;
  expect(DomUtils.getElementsByTagName('svg', section, true)).toHaveLength(0);
  expect(
    DomUtils.getElementsByTagName('tr', DomUtils.getElementsByTagName('tbody', section, true)[0]!, true),
  ).toHaveLength(branch.table.rows.length);
  // The other tables still have theirs.
  expect(DomUtils.getElementsByTagName('svg', parseDocument(tablesHtml(many)), true).length).toBeGreaterThan(5);
});

test("the charts' colours in the stylesheet are the report's", () => {
  const css = fs.readFileSync('app/globals.css', 'utf8');
  expect(css).toMatch(new RegExp(`\\.stat-chart \\.total \\{\\s*fill: ${CHART_COLOURS.total};`));
  expect(css).toMatch(new RegExp(`\\.stat-chart \\.part \\{\\s*fill: ${CHART_COLOURS.part};`));
});
