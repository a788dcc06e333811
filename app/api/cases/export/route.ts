import contentDisposition from 'content-disposition';
import { jsonError, noStore, requireRouteUser } from '@/lib/evidence/route-helpers';
import { routeInput } from '@/lib/http/request-input';
import { parseCaseFilters } from '@/lib/cases/find-cases';
import { exportCaseList } from '@/lib/export/case-list-csv';

// The case list, with the filters in the address, as a CSV download (staff; a member is told it does not exist).
export async function GET(request: Request) {
  try {
    const ctx = await requireRouteUser();
    const { query } = await routeInput(request);
    const filters = parseCaseFilters(Object.fromEntries(query));
    const { csv, filename } = await exportCaseList(ctx.user, { ...filters, page: 1 }, ctx);
    return new Response(csv, {
      headers: {
        ...noStore,
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': contentDisposition(filename),
      },
    });
  } catch (err) {
    return jsonError(err);
  }
}
