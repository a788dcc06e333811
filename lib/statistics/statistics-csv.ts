import { stringify } from 'csv-stringify/sync';
import type { StatisticsView } from './get-statistics';
import { shownText } from './suppress';

/**
 * The statistics tables as one CSV: a few lines saying what it is (scope, date, filters, the rounding and
 * suppression), then each table with its heading. Only published counts: the same text as the page
 * ("fewer than 5", "hidden"). Cells that start with = + - @ are escaped so a spreadsheet never runs them
 * (a branch name is typed by people).
 */
export function statisticsCsv(view: StatisticsView): string {
  const records: string[][] = [
    ['Reinstate statistics'],
    ['Scope', view.scope],
    ['Figures as at', view.asOf],
    ['Filters', view.filterLines.length ? view.filterLines.join('; ') : 'None'],
    [
      'Small numbers',
      'Counts are rounded to the nearest 5; counts of 0 to 4 read "fewer than 5"; some other counts are hidden so that they cannot be worked out from the totals; a table with too few cases to protect shows its total only ("not shown").',
    ],
  ];
  for (const t of view.statistics.tables) {
    const { table } = t;
    records.push([], [t.title], [t.counts]);
    records.push(['Category', ...table.columns, ...(table.rowTotals ? ['All'] : [])]);
    table.rows.forEach((row, r) =>
      records.push([
        row,
        ...table.cells[r]!.map(shownText),
        ...(table.rowTotals ? [shownText(table.rowTotals[r]!)] : []),
      ]),
    );
    if (table.columnTotals) {
      records.push([
        'Total',
        ...table.columnTotals.map(shownText),
        ...(table.rowTotals ? [shownText(table.grandTotal)] : []),
      ]);
    }
  }
  return stringify(records, { escape_formulas: true, record_delimiter: 'windows' });
}
