import { jsonError, noStore, requireRouteUser } from '@/lib/evidence/route-helpers';
import { refuseForeignOrigin, routeInput } from '@/lib/http/request-input';
import { parseStorable } from '@/lib/action';
import { canImportCases } from '@/lib/auth/policy';
import { NotFoundError } from '@/lib/errors';
import { checkSheetSchema } from '@/lib/import/schemas';
import { previewRows } from '@/lib/import/preview-rows';
import { readJsonBody } from '@/lib/import/request-body';

const MAX_BODY = 16 * 1024 * 1024;

// Step 2: the rows (as read, or as fixed on the page) checked with the mapping; every problem named.
export async function POST(request: Request) {
  try {
    const ctx = await requireRouteUser();
    if (!canImportCases(ctx.user)) throw new NotFoundError();
    refuseForeignOrigin(request);
    await routeInput(request);
    const input = parseStorable(checkSheetSchema, await readJsonBody(request, MAX_BODY));
    return Response.json({ ok: true, data: await previewRows(ctx.user, input) }, { headers: noStore });
  } catch (err) {
    return jsonError(err);
  }
}
