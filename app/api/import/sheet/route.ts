import { jsonError, noStore, requireRouteUser } from '@/lib/evidence/route-helpers';
import { decodeHeaderText, refuseForeignOrigin, routeInput } from '@/lib/http/request-input';
import { canImportCases } from '@/lib/auth/policy';
import { NotFoundError } from '@/lib/errors';
import { readSheet } from '@/lib/import/read-sheet';
import { MAX_SHEET_BYTES } from '@/lib/import/limits';
import { checkCsvFile, readLimitedBody } from '@/lib/import/request-body';

// Step 1 of an import: the CSV file's own bytes (not a form), read into headings and rows. Nothing is stored.
export async function POST(request: Request) {
  try {
    const ctx = await requireRouteUser();
    if (!canImportCases(ctx.user)) throw new NotFoundError();
    refuseForeignOrigin(request);
    await routeInput(request);
    const fileName = decodeHeaderText(request.headers.get('x-file-name'), 'file', 'The file name');
    checkCsvFile(request.headers.get('content-type'), fileName);
    const bytes = await readLimitedBody(
      request,
      MAX_SHEET_BYTES,
      `That file is too large: a sheet can be at most ${MAX_SHEET_BYTES / 1024 / 1024} MB. Split it into smaller sheets.`,
    );
    return Response.json({ ok: true, data: readSheet(bytes) }, { headers: noStore });
  } catch (err) {
    return jsonError(err);
  }
}
