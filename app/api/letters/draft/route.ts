import { z } from 'zod';
import contentDisposition from 'content-disposition';
import { jsonError, noStore, requireRouteUser } from '@/lib/evidence/route-helpers';
import { letterDocumentSchema, letterTargetSchema } from '@/lib/letters/schemas';
import { renderDraftFile } from '@/lib/letters/letter-services';
import { InvalidError } from '@/lib/errors';
import { parseStorable } from '@/lib/action';
import { refuseForeignOrigin, routeInput } from '@/lib/http/request-input';

const draftFileSchema = letterTargetSchema
  .extend({ format: z.enum(['pdf', 'docx']), document: letterDocumentSchema })
  .strict();

const TYPES = {
  pdf: 'application/pdf',
  docx: 'application/vnd.openxmlformats-officedocument.wordprocessingml.document',
} as const;

// The letter as it stands in the review step, as a PDF or DOCX, before it is filed. JSON only and
// same-origin only (a cross-site form cannot post JSON without a preflight this route never grants).
export async function POST(request: Request) {
  try {
    const ctx = await requireRouteUser();
    refuseForeignOrigin(request);
    await routeInput(request);
    if (!request.headers.get('content-type')?.startsWith('application/json'))
      throw new InvalidError('Send the letter as JSON.');
    const body: unknown = await request.json().catch(() => {
      throw new InvalidError('The letter could not be read. Please try again.');
    });
    const input = parseStorable(draftFileSchema, body);
    const { bytes, filename } = await renderDraftFile(ctx.user, input, input.format, ctx);
    return new Response(new Uint8Array(bytes), {
      headers: {
        ...noStore,
        'Content-Type': TYPES[input.format],
        'Content-Length': String(bytes.length),
        'Content-Disposition': contentDisposition(filename),
      },
    });
  } catch (err) {
    return jsonError(err);
  }
}
