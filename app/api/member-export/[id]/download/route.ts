import { Readable } from 'node:stream';
import contentDisposition from 'content-disposition';
import { routeInput } from '@/lib/http/request-input';
import { jsonError, noStore, requireRouteUser, firstBytes } from '@/lib/evidence/route-helpers';
import { ExportExpiredError, openMemberExport } from '@/lib/member-export/open-export';
import { expiredPage } from '@/lib/member-export/expired-page';

// A member's own export, decrypted as it streams; audited. Anyone else (a coordinator too): 404. A link that has
// run out: 410 with a short page that says so and how to ask for a new one.
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = await requireRouteUser();
    const { id } = await routeInput(request, params);
    const file = await openMemberExport(ctx.user, id, ctx);
    return new Response(Readable.toWeb(await firstBytes(file.stream)) as unknown as ReadableStream, {
      headers: {
        ...noStore,
        'Content-Type': 'application/zip',
        'Content-Length': String(file.size),
        'Content-Disposition': contentDisposition(file.filename),
        'Content-Security-Policy': "default-src 'none'; sandbox",
        Digest: `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`,
      },
    });
  } catch (err) {
    if (err instanceof ExportExpiredError)
      return new Response(expiredPage(), {
        status: 410,
        headers: {
          ...noStore,
          'Content-Type': 'text/html; charset=utf-8',
          'Content-Security-Policy': "default-src 'none'; style-src 'unsafe-inline'; frame-ancestors 'none'",
        },
      });
    return jsonError(err);
  }
}
