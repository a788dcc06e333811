import { routeInput } from '@/lib/http/request-input';
import { jsonError, noStore, requireRouteUser } from '@/lib/evidence/route-helpers';
import { getBundleStatus } from '@/lib/bundle/bundle-services';

// Progress of a bundle build, polled by the page while it is being made.
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = await requireRouteUser();
    const { id } = await routeInput(request, params);
    return Response.json({ ok: true, data: await getBundleStatus(ctx.user, id) }, { headers: noStore });
  } catch (err) {
    return jsonError(err);
  }
}
