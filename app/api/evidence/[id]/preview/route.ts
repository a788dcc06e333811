import { Readable } from 'node:stream';
import { findVisibleEvidence } from '@/lib/evidence/evidence-services';
import { decryptFromStore } from '@/lib/evidence/crypto';
import { getBlobStore } from '@/lib/evidence/storage';
import { routeInput } from '@/lib/http/request-input';
import { jsonError, requireRouteUser, firstBytes } from '@/lib/evidence/route-helpers';
import { NotFoundError } from '@/lib/errors';

// The thumbnail: our own re-encoded WebP with metadata stripped, so it is safe to show inline.
// Same access rule as the original; not audited separately (the case view is).
export async function GET(request: Request, { params }: { params: Promise<{ id: string }> }) {
  try {
    const ctx = await requireRouteUser();
    const { id } = await routeInput(request, params);
    const item = await findVisibleEvidence(ctx.user, id);
    if (!item.previewKey || !item.previewWrappedKey) throw new NotFoundError();
    const data = await decryptFromStore(getBlobStore(), item.previewKey, item.previewWrappedKey);
    return new Response(Readable.toWeb(await firstBytes(data)) as unknown as ReadableStream, {
      headers: {
        'Content-Type': 'image/webp',
        'X-Content-Type-Options': 'nosniff',
        'Cache-Control': 'private, no-store',
        'Content-Security-Policy': "default-src 'none'; sandbox",
      },
    });
  } catch (err) {
    return jsonError(err);
  }
}
