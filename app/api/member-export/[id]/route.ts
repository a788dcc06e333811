import { routeInput } from '@/lib/http/request-input';
import { jsonError, noStore, requireRouteUser } from '@/lib/evidence/route-helpers';
import { getMemberExportStatus } from '@/lib/member-export/get-export-status';

// Progress of a member's export being made, polled by the Account page. The member's own only: 404 for anyone else.
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = await requireRouteUser();
    const { id } = await routeInput(request, params);
    return Response.json({ ok: true, data: await getMemberExportStatus(ctx.user, id) }, { headers: noStore });
  } catch (err) {
    return jsonError(err);
  }
}
