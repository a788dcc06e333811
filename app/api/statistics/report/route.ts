import contentDisposition from 'content-disposition';
import { jsonError, noStore, requireRouteUser } from '@/lib/evidence/route-helpers';
import { getStatistics } from '@/lib/statistics/get-statistics';
import { parseStatisticsFilters } from '@/lib/statistics/filters';
import { renderStatisticsReport } from '@/lib/statistics/report/render-report';

// The network report: a PDF of the current statistics (a few pages, made in the request); staff only; audited.
export async function GET(request: Request) {
  try {
    const ctx = await requireRouteUser();
    const filters = parseStatisticsFilters(Object.fromEntries(new URL(request.url).searchParams));
    const view = await getStatistics(ctx.user, filters, ctx, 'report');
    const pdf = await renderStatisticsReport(view, { preparedBy: ctx.user.name });
    return new Response(new Uint8Array(pdf), {
      headers: {
        ...noStore,
        'Content-Type': 'application/pdf',
        'Content-Length': String(pdf.length),
        'Content-Disposition': contentDisposition(`reinstate-network-report-${view.asOf}.pdf`),
        'Content-Security-Policy': "default-src 'none'; sandbox",
      },
    });
  } catch (err) {
    return jsonError(err);
  }
}
