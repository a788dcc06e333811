import contentDisposition from 'content-disposition';
import { jsonError, noStore, requireRouteUser } from '@/lib/evidence/route-helpers';
import { getStatistics } from '@/lib/statistics/get-statistics';
import { parseStatisticsFilters } from '@/lib/statistics/filters';
import { statisticsCsv } from '@/lib/statistics/statistics-csv';

// The statistics tables as CSV, suppressed exactly as on the page; staff only (members: 404); audited.
export async function GET(request: Request) {
  try {
    const ctx = await requireRouteUser();
    const filters = parseStatisticsFilters(Object.fromEntries(new URL(request.url).searchParams));
    const view = await getStatistics(ctx.user, filters, ctx, 'csv');
    return new Response(`\uFEFF${statisticsCsv(view)}`, {
      headers: {
        ...noStore,
        'Content-Type': 'text/csv; charset=utf-8',
        'Content-Disposition': contentDisposition(`reinstate-statistics-${view.asOf}.csv`),
      },
    });
  } catch (err) {
    return jsonError(err);
  }
}
