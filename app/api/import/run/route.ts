import { jsonError, noStore, requireRouteUser } from '@/lib/evidence/route-helpers';
import { refuseForeignOrigin, routeInput } from '@/lib/http/request-input';
import { parseStorable, toActionError } from '@/lib/action';
import { canImportCases } from '@/lib/auth/policy';
import { NotFoundError } from '@/lib/errors';
import { runImportSchema } from '@/lib/import/schemas';
import { runImport } from '@/lib/import/run-import';
import { rejectedRowsCsv } from '@/lib/import/rejected-csv';
import { readJsonBody } from '@/lib/import/request-body';

const MAX_BODY = 16 * 1024 * 1024;

/**
 * Step 3, the import: its progress streams back as lines of JSON ({"progress":[done,total]}), then one
 * line with the result (imported references, the rejected rows as CSV) or the error. Everything goes in
 * one transaction, so an error, or a server that stops, leaves nothing. If the page goes away the import
 * still finishes (or not) as a whole: the audit log records it.
 */
export async function POST(request: Request) {
  let input;
  let ctx;
  try {
    ctx = await requireRouteUser();
    if (!canImportCases(ctx.user)) throw new NotFoundError();
    refuseForeignOrigin(request);
    await routeInput(request);
    input = parseStorable(runImportSchema, await readJsonBody(request, MAX_BODY));
  } catch (err) {
    return jsonError(err);
  }
  const { user, ip, userAgent } = ctx;
  const data = input;
  const encoder = new TextEncoder();
  let lastSent = 0;
  const stream = new ReadableStream<Uint8Array>({
    async start(controller) {
      let open = true;
      const send = (value: unknown) => {
        if (!open) return;
        try {
          controller.enqueue(encoder.encode(`${JSON.stringify(value)}\n`));
        } catch {
          open = false; // the page went away: the import carries on to its end
        }
      };
      try {
        const result = await runImport(user, data, { ip, userAgent }, (done, total) => {
          // At most about ten lines a second, and always the last.
          const now = Date.now();
          if (done === total || now - lastSent >= 100) {
            lastSent = now;
            send({ progress: [done, total] });
          }
        });
        send({
          ok: true,
          data: {
            imported: result.imported,
            rejected: result.rejected.map((r) => ({ line: r.line, reason: r.reason })),
            rejectedCsv: result.rejected.length ? rejectedRowsCsv(data.headings, result.rejected) : null,
          },
        });
      } catch (err) {
        send(toActionError(err));
      } finally {
        if (open) controller.close();
      }
    },
  });
  return new Response(stream, {
    headers: { ...noStore, 'Content-Type': 'application/x-ndjson; charset=utf-8' },
  });
}
