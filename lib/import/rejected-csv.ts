import { stringify } from 'csv-stringify/sync';

/**
 * The rows that were not imported, as the sheet had them plus a "reason" column, to fix and import again.
 * Cells starting with = + - @ (or a tab or return) get a ' in front so a spreadsheet shows them as text
 * instead of running them; the import takes that ' off again. With a byte-order mark, so Excel reads UTF-8.
 */
export function rejectedRowsCsv(headings: string[], rows: { line: number; cells: string[]; reason: string }[]): string {
  return stringify([[...headings, 'reason'], ...rows.map((r) => [...r.cells, r.reason])], {
    bom: true,
    escape_formulas: true,
    record_delimiter: 'windows',
  });
}
