import escapeHtml from 'escape-html';
import type { Statistics, StatTable } from '../build-statistics';
import { chartData } from '../chart-data';
import { shownPercent, shownText, type Shown } from '../suppress';
import { latin1 } from '../../ui/markup';

// The statistics tables and their charts as HTML, made once per published view and kept with it.
//
// Why a string and not JSX: a network-wide view is about 2,000 elements (the branch table alone has a row
// and a bar per branch). Rendered as React elements on every request, they were serialised twice (the RSC
// payload and the HTML) and made the page cost 60-65 ms of the server's time, three times a case page
// (docs/decisions/0031-statistics-markup.md). The markup is a pure function of the published figures,
// which get-statistics.ts already keeps per view, so it is made once and sent as it is.
//
// Every piece of text goes through escapeHtml (branch and region names are typed by staff); numbers are
// formatted here. Same elements, captions and accessible names as the JSX it replaced; the per-cell
// classes and SVG attributes became .stat-table and .stat-chart in app/globals.css.

const ROW = 26;
const LABEL_W = 230;
const BAR_W = 300;
const TEXT_W = 230;
/** A table with more rows than this (branches, nationally) gets no chart: its bars would be unreadable on a phone. */
export const MAX_CHART_ROWS = 25;

const e = escapeHtml;
/** A coordinate to a tenth of a unit: the same bars, in fewer bytes. */
const n = (v: number) => String(Math.round(v * 10) / 10);

/**
 * A horizontal bar chart as SVG: no script, nothing for the CSP to allow; the table beside it is what a screen
 * reader reads. Text sizes and colours are in app/globals.css (.stat-chart), the colours those of CHART_COLOURS.
 */
export function chartSvg(table: StatTable): string {
  const data = chartData(table);
  if (!data || data.bars.length > MAX_CHART_ROWS) return '';
  const height = data.bars.length * ROW + 30;
  const width = LABEL_W + BAR_W + TEXT_W;
  const x = (v: number) => (v / data.max) * BAR_W;
  const titleId = `${table.id}-chart-title`;
  const descId = `${table.id}-chart-desc`;
  const desc = `Bars show ${data.totalLabel.toLowerCase()}${data.partLabel ? `, the dark part ${data.partLabel.toLowerCase()}` : ''}. Counts are rounded to the nearest 5; a count that is hidden or fewer than 5 has no bar. The same figures are in the table.`;
  const bars = data.bars.map((b, i) => {
    const y = i * ROW + 4;
    const label = b.label.length > 34 ? `${b.label.slice(0, 33)}…` : b.label;
    return (
      `<text class="label" x="${LABEL_W - 8}" y="${y + 15}">${e(label)}</text>` +
      (b.total !== null && b.total > 0
        ? `<rect class="total" x="${LABEL_W}" y="${y}" width="${n(x(b.total))}" height="${ROW - 8}"/>`
        : '') +
      (b.part !== null && b.part > 0
        ? `<rect class="part" x="${LABEL_W}" y="${y + 2}" width="${n(Math.max(0, x(b.part) - 2))}" height="${ROW - 12}"/>`
        : '') +
      `<text x="${n(LABEL_W + (b.total ? x(b.total) : 0) + 6)}" y="${y + 15}">${e(b.text)}</text>`
    );
  });
  return (
    `<svg role="img" aria-labelledby="${e(`${titleId} ${descId}`)}" viewBox="0 0 ${width} ${height}" class="stat-chart w-full max-w-3xl h-auto my-3" xmlns="http://www.w3.org/2000/svg">` +
    `<title id="${e(titleId)}">${e(`${table.title} (chart)`)}</title><desc id="${e(descId)}">${e(desc)}</desc>` +
    bars.join('') +
    `<line x1="${LABEL_W}" x2="${LABEL_W}" y1="0" y2="${data.bars.length * ROW}" stroke="#444"/>` +
    `<text class="axis" x="${LABEL_W}" y="${height - 6}">${e(`0 to ${data.max.toLocaleString('en-GB')}`)}</text>` +
    '</svg>'
  );
}

// Cells and rows are written without their end tags (</td>, </th>, </tr>), which HTML lets a table leave out: the
// browser builds the same table, and the page is lighter where it costs most. Next copies this markup into the
// page's RSC payload and escapes each "<" and ">" there with a function call: the end tags were 2,100 of the
// network view's 6,200 such calls and 23 KB of its payload. The section ends (</thead>, </tbody>, </tfoot>) stay.
const cell = (s: Shown) =>
  `<td${s.kind === 'small' || s.kind === 'hidden' || s.kind === 'withheld' ? ' class="muted"' : ''}>${e(shownText(s))}`;
const percentCell = (p: number | null) => `<td>${p === null ? '—' : `${p}%`}`;

/**
 * One table of counts as published: small counts "fewer than 5", hidden ones "hidden", totals last. Cell
 * padding, alignment and rules are in app/globals.css (.stat-table).
 */
export function tableHtml(t: StatTable): string {
  const { table } = t;
  const fairness = t.id === 'fairness';
  // The share still suspended (status tables) or answered No (fairness), from published counts only.
  const shareColumn = fairness ? 1 : table.rowTotals !== null && table.columns.length === 2 ? 0 : null;
  const share = shareColumn !== null;
  const th = (text: string) => `<th scope="col">${e(text)}`;
  const head =
    '<thead><tr>' +
    th(fairness ? 'Question' : 'Category') +
    table.columns.map(th).join('') +
    (table.rowTotals ? th(fairness ? 'Reviewed cases' : 'All cases') : '') +
    (share ? th(fairness ? 'Share answered No' : 'Share still suspended') : '') +
    '</thead>';
  const rows = table.rows.map(
    (row, r) =>
      `<tr><th scope="row">${e(row)}` +
      table.cells[r]!.map(cell).join('') +
      (table.rowTotals ? cell(table.rowTotals[r]!) : '') +
      (share ? percentCell(shownPercent(table.cells[r]![shareColumn]!, table.rowTotals![r]!)) : ''),
  );
  const foot = table.columnTotals
    ? '<tfoot><tr><th scope="row">Total' +
      table.columnTotals.map(cell).join('') +
      (table.rowTotals ? cell(table.grandTotal) : '') +
      (share ? percentCell(shownPercent(table.columnTotals[0]!, table.grandTotal)) : '') +
      '</tfoot>'
    : '';
  return (
    // A table wider than the screen scrolls inside its box, which the keyboard can reach (focus, then arrows).
    `<div class="overflow-x-auto" tabindex="0" role="region" aria-label="${e(`${t.title}, table`)}">` +
    '<table class="stat-table min-w-full border-collapse text-sm bg-white">' +
    `<caption class="sr-only">${e(t.title)}</caption>${head}<tbody>${rows.join('')}</tbody>${foot}</table></div>`
  );
}

/** A table's section: title, what it counts, a note on what is hidden, the chart and the table. */
export function sectionHtml(t: StatTable): string {
  const note = t.table.withheld
    ? 'Too few cases to show this table in detail without risking that someone could be identified: only its total is shown.'
    : t.table.secondary > 0
      ? 'Some counts are hidden so that a count of fewer than 5 cannot be worked out from the others.'
      : null;
  return (
    `<section aria-labelledby="${e(`${t.id}-heading`)}" class="mb-10">` +
    `<h2 id="${e(`${t.id}-heading`)}" class="text-xl font-bold mb-1">${e(t.title)}</h2>` +
    `<p class="text-stone-700 mb-2">${e(t.counts)}</p>` +
    (note ? `<p class="text-sm text-stone-700 mb-2">${e(note)}</p>` : '') +
    `<div class="grid gap-4 lg:grid-cols-2 items-start">${chartSvg(t)}${tableHtml(t)}</div>` +
    '</section>'
  );
}

const made = new WeakMap<Statistics, string>();

/**
 * Every table's section, made once per published view (the view objects are kept by get-statistics.ts), its dashes
 * and quotes as character references (lib/ui/markup.ts, latin1: the page's payload stays a one-byte string).
 */
export function tablesHtml(statistics: Statistics): string {
  let html = made.get(statistics);
  if (html === undefined) {
    html = latin1(statistics.tables.map(sectionHtml).join(''));
    made.set(statistics, html);
  }
  return html;
}
