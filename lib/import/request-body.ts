import { InvalidError } from '../errors';

/** A request's body, read up to `max` bytes: a longer one is refused as soon as it passes the limit. */
export async function readLimitedBody(request: Request, max: number, tooLarge: string): Promise<Uint8Array> {
  const declared = Number(request.headers.get('content-length') ?? '0');
  if (declared > max) throw new InvalidError(tooLarge, { file: tooLarge });
  if (!request.body) return new Uint8Array();
  const chunks: Uint8Array[] = [];
  let size = 0;
  const reader = request.body.getReader();
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.length;
    if (size > max) {
      await reader.cancel().catch(() => undefined);
      throw new InvalidError(tooLarge, { file: tooLarge });
    }
    chunks.push(value);
  }
  const out = new Uint8Array(size);
  let at = 0;
  for (const c of chunks) {
    out.set(c, at);
    at += c.length;
  }
  return out;
}

/** A JSON body (the import page's requests): JSON only, at most `max` bytes. */
export async function readJsonBody(request: Request, max: number): Promise<unknown> {
  if (!request.headers.get('content-type')?.startsWith('application/json'))
    throw new InvalidError('Send the sheet as JSON.');
  const bytes = await readLimitedBody(request, max, 'That sheet is too large to check at once. Split it up.');
  try {
    return JSON.parse(new TextDecoder('utf-8', { fatal: true }).decode(bytes));
  } catch {
    throw new InvalidError('The sheet could not be read. Please try again.');
  }
}

// What browsers send as a CSV file's type: Windows names .csv after Excel, some send nothing at all.
const CSV_TYPES = new Set([
  'text/csv',
  'application/csv',
  'text/x-csv',
  'application/x-csv',
  'text/comma-separated-values',
  'application/vnd.ms-excel',
  'text/plain',
  'text/tab-separated-values',
  '',
]);

/** Refuses a file that is not a CSV by its declared type or its name's ending (the bytes are checked when read). */
export function checkCsvFile(contentType: string | null, fileName: string): void {
  const type = (contentType ?? '').split(';')[0]!.trim().toLowerCase();
  const nameOk = /\.(csv|txt|tsv)$/i.test(fileName) || fileName === '';
  if (!CSV_TYPES.has(type) || !nameOk)
    throw new InvalidError('That file is not a CSV file.', {
      file: /\.xlsx?$/i.test(fileName)
        ? 'That is an Excel workbook. In Excel choose File → Save As → “CSV UTF-8 (Comma delimited)”, then choose that file.'
        : 'Choose a CSV file (ending .csv). In Excel: File → Save As → “CSV UTF-8”.',
    });
}
