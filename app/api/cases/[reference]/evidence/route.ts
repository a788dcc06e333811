import { after } from 'next/server';
import { fileEvidence, fileEvidenceGroup } from '@/lib/evidence/file-evidence';
import { readFileParts } from '@/lib/evidence/multipart';
import { GROUP_MAX_FILES } from '@/lib/evidence/upload-groups';
import { queuePreview, uploadBegins } from '@/lib/evidence/preview-queue';
import { jsonError, noStore, requireRouteUser } from '@/lib/evidence/route-helpers';
import { InvalidError } from '@/lib/errors';
import { decodeHeaderText, refuseForeignOrigin, routeInput } from '@/lib/http/request-input';
import { getEnv } from '@/lib/env';

// Upload one file: the raw bytes are the request body (streamed, never held whole in memory),
// the name travels URL-encoded in X-File-Name. Or a group of small files (the uploader sends up to
// GROUP_MAX_FILES of them together, lib/evidence/upload-groups.ts): multipart/form-data, one file part each,
// with X-File-Count saying how many, answered 200 with what became of each file, in order; filed together or
// not at all. Authorization: the case is loaded through the actor's scope.
// Same-origin only, like the letter drafts: the session cookie is sent with a cross-site POST from
// a page of the same site (another port, a sibling subdomain), which must not file into a case.
export async function POST(request: Request, { params }: { params: Promise<{ reference: string }> }) {
  const uploadEnds = uploadBegins(); // previews wait while uploads are arriving (lib/evidence/preview-queue.ts)
  try {
    const ctx = await requireRouteUser();
    refuseForeignOrigin(request);
    const { reference } = await routeInput(request, params);
    const hidden = request.headers.get('x-caseworkers-only');
    // "1": file it as caseworkers only (staff); anything but "1", "0" or nothing is refused, never ignored.
    if (hidden !== null && hidden !== '0' && hidden !== '1')
      throw new InvalidError('X-Caseworkers-Only must be 1 or 0.', { caseworkersOnly: 'invalid' });
    const contentType = request.headers.get('content-type') ?? '';
    if (/^multipart\/form-data\b/i.test(contentType)) return await group(request, ctx, reference, contentType, hidden);
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

/** A group of files in one multipart request: each file's outcome, in the order they were sent. */
async function group(
  request: Request,
  ctx: Awaited<ReturnType<typeof requireRouteUser>>,
  reference: string,
  contentType: string,
  hidden: string | null,
): Promise<Response> {
  // How many files the client sent, so that a part the parser could not take as a file is never lost unnoticed.
  const countHeader = request.headers.get('x-file-count') ?? '';
  const count = /^\d{1,3}$/.test(countHeader) ? Number(countHeader) : NaN;
  if (!(count >= 1 && count <= GROUP_MAX_FILES))
    throw new InvalidError(`X-File-Count must say how many files are sent: 1 to ${GROUP_MAX_FILES}.`, {
      file: 'count',
    });
  if (!request.body) throw new InvalidError('No files were sent.', { file: 'empty' });
  const env = getEnv();
  const files = readFileParts(request.body, contentType, {
    maxFiles: GROUP_MAX_FILES,
    maxFileBytes: env.evidenceMaxBytes,
  });
  let received = 0;
  const { results, previews } = await fileEvidenceGroup(
    ctx.user,
    {
      reference,
      caseworkersOnly: hidden === '1',
      files: (async function* () {
        for await (const part of files) {
          received++;
          // Cut between code points, at most 1000 characters, as a single file's name is.
          const name = Array.from(part.name).slice(0, 1000).join('') || 'evidence';
          yield { name, declaredMime: part.declaredMime, body: part.body };
        }
        // Checked before anything is filed: a group that lost a file on the way is filed not at all.
        if (received !== count)
          throw new InvalidError(
            `The upload said ${count} file${count === 1 ? '' : 's'} but ${received} arrived. Nothing was filed: please try again.`,
            { file: 'count' },
          );
      })(),
    },
    ctx,
  );
  if (previews.length) after(() => Promise.all(previews.map((p) => queuePreview(p))));
  return Response.json({ ok: true, data: { files: results } }, { status: 200, headers: noStore });
}
