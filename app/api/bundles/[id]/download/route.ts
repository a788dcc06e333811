import { Readable } from 'node:stream';
import contentDisposition from 'content-disposition';
import { routeInput } from '@/lib/http/request-input';
import { jsonError, noStore, requireRouteUser, firstBytes } from '@/lib/evidence/route-helpers';
import { openBundle } from '@/lib/bundle/bundle-services';

// A finished bundle, decrypted as it streams; only for people who may see it; audited.
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = await requireRouteUser();
    const { id } = await routeInput(request, params);
    const file = await openBundle(ctx.user, id, ctx);
    return new Response(Readable.toWeb(await firstBytes(file.stream)) as unknown as ReadableStream, {
      headers: {
        ...noStore,
        'Content-Type': 'application/pdf',
        'Content-Length': String(file.size),
        'Content-Disposition': contentDisposition(file.filename),
        'Content-Security-Policy': "default-src 'none'; sandbox",
        Digest: `sha-256=${Buffer.from(file.sha256, 'hex').toString('base64')}`,
      },
    });
  } catch (err) {
    return jsonError(err);
  }
}
