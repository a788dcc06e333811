import { Readable } from 'node:stream';
import contentDisposition from 'content-disposition';
import { routeInput } from '@/lib/http/request-input';
import { jsonError, noStore, requireRouteUser, firstBytes } from '@/lib/evidence/route-helpers';
import { openLetterFile } from '@/lib/letters/letter-services';
import { NotFoundError } from '@/lib/errors';

const TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

// A filed letter: the PDF exactly as stored when it was saved (decrypted as it streams), or an
// editable DOCX of the same text. Only for people who may see the case; audited.
export async function GET(request: Request, { params }: { params: Promise<{ id: string; format: string }> }) {
  try {
    const ctx = await requireRouteUser();
    const { id, format } = await routeInput(request, params);
    if (format !== 'pdf' && format !== 'docx') throw new NotFoundError();
    const file = await openLetterFile(ctx.user, id, format, ctx);
    const headers = {
      ...noStore,
      'Content-Type': TYPES[format],
      'Content-Disposition': contentDisposition(file.filename),
      'Content-Security-Policy': "default-src 'none'; sandbox",
    };
    if (file.stream) {
      return new Response(Readable.toWeb(await firstBytes(file.stream)) as unknown as ReadableStream, {
        headers: { ...headers, 'Content-Length': String(file.size) },
      });
    }
    const bytes = file.bytes!;
    return new Response(new Uint8Array(bytes), { headers: { ...headers, 'Content-Length': String(bytes.length) } });
  } catch (err) {
    return jsonError(err);
  }
}
