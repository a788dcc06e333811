import { Readable } from 'node:stream';
import type { ReadableStream as WebReadableStream } from 'node:stream/web';
import { after } from 'next/server';
import { fileEvidence } from '@/lib/evidence/file-evidence';
import { attachPreview } from '@/lib/evidence/attach-preview';
import { jsonError, noStore, requireRouteUser } from '@/lib/evidence/route-helpers';
import { InvalidError } from '@/lib/errors';
import { getEnv } from '@/lib/env';

// Upload one file: the raw bytes are the request body (streamed, never held whole in memory),
// the name travels URL-encoded in X-File-Name. One request per file gives per-file progress
// and cancelling in the browser. Authorization: the case is loaded through the actor's scope.
export async function POST(request: Request, { params }: { params: Promise<{ reference: string }> }) {
  try {
    const ctx = await requireRouteUser();
    const { reference } = await params;
    const name = decodeURIComponent(request.headers.get('x-file-name') ?? '').slice(0, 1000) || 'evidence';
    const declared = Number(request.headers.get('content-length') ?? NaN);
    const env = getEnv();
    if (declared === 0 || !request.body) throw new InvalidError(`${name}: The file is empty.`, { file: 'empty' });
    if (declared > env.evidenceMaxBytes) throw new InvalidError(`${name}: The file is larger than the ${env.EVIDENCE_MAX_MB} MB limit.`, { file: 'too_large' });
    const body = Readable.fromWeb(request.body as unknown as WebReadableStream<Uint8Array>);
    const item = await fileEvidence(ctx.user, { reference, name, declaredMime: request.headers.get('content-type') ?? undefined, body }, ctx).catch((err: unknown) => {
      if (err instanceof InvalidError && !err.message.startsWith(name)) throw new InvalidError(`${name}: ${err.message}`, err.fieldErrors);
      throw err;
    });
    // The thumbnail is made after the answer is sent: the person is not kept waiting for it.
    after(() => attachPreview(item.id).catch((err: unknown) => console.error('[evidence] preview failed', item.id, err instanceof Error ? err.message : err)));
    return Response.json({ ok: true, data: item }, { status: 201, headers: noStore });
  } catch (err) {
    return jsonError(err);
  }
}
