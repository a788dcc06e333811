import { Readable } from 'node:stream';
import contentDisposition from 'content-disposition';
import { routeInput } from '@/lib/http/request-input';
import { jsonError, noStore, requireRouteUser, firstBytes } from '@/lib/evidence/route-helpers';
import { openAccessResponse } from '@/lib/access-requests/release';

// The released response to a subject access request made to the network: for a coordinator or the person
// it answers; "not found" for anyone else and before release. Audited.
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = await requireRouteUser();
    const { id } = await routeInput(request, params);
    const file = await openAccessResponse(ctx.user, id, ctx);
    return new Response(Readable.toWeb(await firstBytes(file.stream)) as unknown as ReadableStream, {
      headers: {
        ...noStore,
        'Content-Type': 'application/pdf',
        'Content-Disposition': contentDisposition(file.filename),
        'Content-Security-Policy': "default-src 'none'; sandbox",
      },
    });
  } catch (err) {
    return jsonError(err);
  }
}
