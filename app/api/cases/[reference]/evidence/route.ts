import { after } from 'next/server';
import { fileEvidence } from '@/lib/evidence/file-evidence';
import { queuePreview, uploadBegins } from '@/lib/evidence/preview-queue';
import { jsonError, noStore, requireRouteUser } from '@/lib/evidence/route-helpers';
import { InvalidError } from '@/lib/errors';
import { decodeHeaderText, refuseForeignOrigin, routeInput } from '@/lib/http/request-input';
import { getEnv } from '@/lib/env';

// Upload one file: the raw bytes are the request body (streamed, never held whole in memory),
// the name travels URL-encoded in X-File-Name. One request per file gives per-file progress
// and cancelling in the browser. Authorization: the case is loaded through the actor's scope.
// Same-origin only, like the letter drafts: the session cookie is sent with a cross-site POST from
// a page of the same site (another port, a sibling subdomain), which must not file into a case.
export async function POST(request: Request, { params }: { params: Promise<{ reference: string }> }) {
  const uploadEnds = uploadBegins(); // previews wait while uploads are arriving (lib/evidence/preview-queue.ts)
  try {
    const ctx = await requireRouteUser();
    refuseForeignOrigin(request);
    const { reference } = await routeInput(request, params);
    // At most 1000 characters, cut between code points (never in the middle of a surrogate pair).
    const name =
      Array.from(decodeHeaderText(request.headers.get('x-file-name'), 'file', 'The file name'))
        .slice(0, 1000)
        .join('') || 'evidence';
    const declared = Number(request.headers.get('content-length') ?? NaN);
    const env = getEnv();
    if (declared === 0 || !request.body) throw new InvalidError(`${name}: The file is empty.`, { file: 'empty' });
    if (declared > env.evidenceMaxBytes)
      throw new InvalidError(`${name}: The file is larger than the ${env.EVIDENCE_MAX_MB} MB limit.`, {
        file: 'too_large',
      });
    // "1": file it as caseworkers only (staff); anything but "1", "0" or nothing is refused, never ignored.
    const hidden = request.headers.get('x-caseworkers-only');
    if (hidden !== null && hidden !== '0' && hidden !== '1')
      throw new InvalidError('X-Caseworkers-Only must be 1 or 0.', { caseworkersOnly: 'invalid' });
    // The body is read as it is (a web stream is async-iterable): no Node stream is put around it.
    const body = request.body as unknown as AsyncIterable<Uint8Array>;
    const { item, preview } = await fileEvidence(
      ctx.user,
      {
        reference,
        name,
        declaredMime: request.headers.get('content-type') ?? undefined,
        body,
        caseworkersOnly: hidden === '1',
      },
      ctx,
    ).catch((err: unknown) => {
      if (err instanceof InvalidError && !err.message.startsWith(name))
        throw new InvalidError(`${name}: ${err.message}`, err.fieldErrors);
      throw err;
    });
    // The thumbnail is made after the answer is sent, once no upload is arriving: the person is not kept
    // waiting for it, and a batch of files is not slowed by the thumbnails of the first ones.
    if (preview) after(() => queuePreview(preview));
    return Response.json({ ok: true, data: item }, { status: 201, headers: noStore });
  } catch (err) {
    return jsonError(err);
  } finally {
    uploadEnds();
  }
}
