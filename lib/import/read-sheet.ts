import { parse } from 'csv-parse/sync';
import { InvalidError } from '../errors';

// A spreadsheet saved as CSV, read with csv-parse: Excel's UTF-8 byte-order mark, semicolons (Excel in
// much of Europe), tabs, quoted cells with commas and line breaks, and Excel's older Windows-1252 "CSV"
// (not UTF-8) all read. Limits keep a wrong file from holding the server.

import { MAX_CELL, MAX_COLUMNS, MAX_ROWS, MAX_SHEET_BYTES } from './limits';

/** `line`: the row's number as a spreadsheet shows it, the heading row being 1 (blank rows are not counted). */
export type Sheet = { headings: string[]; rows: { line: number; cells: string[] }[] };

/** Text from the file's bytes: UTF-8 (with or without the BOM), else Windows-1252. Binary files are refused. */
export function decodeSheet(bytes: Uint8Array): string {
  if (bytes.includes(0))
    throw new InvalidError('That file is not a CSV file.', {
      file: 'This looks like a spreadsheet file (.xlsx) or another kind of file. In Excel choose File → Save As → “CSV UTF-8”.',
    });
  try {
    return new TextDecoder('utf-8', { fatal: true, ignoreBOM: false }).decode(bytes);
  } catch {
    return new TextDecoder('windows-1252').decode(bytes);
  }
}

/** The delimiter the heading line uses most, outside quotes: comma, semicolon or tab. */
export function guessDelimiter(text: string): ',' | ';' | '\t' {
  const counts = { ',': 0, ';': 0, '\t': 0 };
  let quoted = false;
  for (const ch of text.slice(0, 64 * 1024)) {
    if (ch === '"') quoted = !quoted;
    else if (!quoted && (ch === '\n' || ch === '\r')) break;
    else if (!quoted && ch in counts) counts[ch as keyof typeof counts]++;
  }
  const best = (Object.entries(counts) as [',' | ';' | '\t', number][]).sort((a, b) => b[1] - a[1])[0]!;
  return best[1] > 0 ? best[0] : ',';
}

/** The sheet's headings (first row) and its rows, each numbered as a spreadsheet numbers it (headings are row 1). */
export function readSheet(bytes: Uint8Array): Sheet {
  if (bytes.length === 0) throw new InvalidError('That file is empty.', { file: 'The file is empty.' });
  if (bytes.length > MAX_SHEET_BYTES)
    throw new InvalidError('That file is too large.', {
      file: `A sheet can be at most ${MAX_SHEET_BYTES / 1024 / 1024} MB. Split it into smaller sheets.`,
    });
  const text = decodeSheet(bytes).replace(/^\uFEFF/, '');
  let records: string[][];
  try {
    records = parse(text, {
      delimiter: guessDelimiter(text),
      relax_column_count: true,
      skip_empty_lines: true,
      skip_records_with_empty_values: true,
      trim: true,
      max_record_size: MAX_CELL * 4,
      to: MAX_ROWS + 2,
    }) as string[][];
  } catch (err) {
    const line = (err as { lines?: number }).lines;
    throw new InvalidError('That file could not be read as CSV.', {
      file: `The file could not be read${line ? ` at line ${line}` : ''}: check that quotes (") are closed. In Excel choose File → Save As → “CSV UTF-8”.`,
    });
  }
  const [head, ...rest] = records;
  if (!head) throw new InvalidError('That file has no rows.', { file: 'The file has no rows.' });
  if (rest.length > MAX_ROWS)
    throw new InvalidError('That sheet has too many rows.', {
      file: `A sheet can have at most ${MAX_ROWS.toLocaleString('en-GB')} rows. Split it into smaller sheets.`,
    });
  if (head.length > MAX_COLUMNS)
    throw new InvalidError('That sheet has too many columns.', {
      file: `A sheet can have at most ${MAX_COLUMNS} columns.`,
    });
  if (rest.length === 0)
    throw new InvalidError('That sheet has headings but no rows.', {
      file: 'The sheet has a heading row but no members under it.',
    });
  const width = head.length;
  const clip = (cells: string[]) =>
    Array.from({ length: width }, (_, i) => (cells[i] ?? '').slice(0, MAX_CELL).replace(/\u0000/g, ''));
  return {
    headings: clip(head).map((h, i) => h || `Column ${i + 1}`),
    rows: rest.map((r, i) => ({ line: i + 2, cells: clip(r) })),
  };
}
