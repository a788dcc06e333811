import { isReadableAddress } from './address';
import { checkServerActionRequest, type Refusal } from './server-action-request';

/**
 * Requests Next itself would answer with a 500, refused with a 4xx before Next handles them (run
 * by proxy.ts, the one place every page request and server-action call passes first):
 * - an address that does not decode, or holds U+0000 (address.ts);
 * - a server-action POST from another origin or with a body React cannot decode
 *   (server-action-request.ts);
 * - any POST of a multipart form but to the one route handler that reads them itself. Next reads
 *   one as a form submitted to a server action without JavaScript, and answers a body that does not
 *   parse ("Failed to parse body as FormData") with a 500 — on a page, on an address that does not
 *   exist, under /api/ too. No page here submits a form to an action without JavaScript. The
 *   evidence upload takes a group of small files as multipart (lib/evidence/multipart.ts, which
 *   answers a body that does not parse with a 422); a single file is sent as its own bytes (a saved
 *   web page is multipart/related, which is not refused).
 * Not here, because the proxy cannot see them: Next strips its own navigation headers
 * (Next-Router-State-Tree and friends) from the proxy's request, and builds the Request it hands
 * the proxy or a route handler with fetch's rules, which refuse the TRACE method. Next answers a
 * malformed router-state header and a TRACE with a 500 that carries nothing of ours.
 * None of this is authorization: every page, action and route still checks the user itself.
 */
export async function precheckRequest(request: Request, appOrigin: string | undefined): Promise<Response | null> {
  const url = new URL(request.url);
  const api = url.pathname.startsWith('/api/');
  if (!isReadableAddress(url))
    return refuse(api ? 'json' : 'html', {
      status: 400,
      message: 'This address contains characters we cannot read. Check the link and try again.',
    });
  if (request.method === 'POST' && isMultipartForm(request) && !takesMultipart(url.pathname))
    return refuse(api ? 'json' : 'text', { status: 415, message: 'Forms are not accepted here.' });
  if (api) return null;
  if (request.method === 'POST' && request.headers.has('next-action')) {
    const refusal = await checkServerActionRequest(request, appOrigin);
    if (refusal) return refuse('text', refusal);
  }
  return null;
}

/** As Next decides it (server-action-request-meta.js): the type starts with multipart/form-data. */
export const isMultipartForm = (request: Request) =>
  (request.headers.get('content-type') ?? '').startsWith('multipart/form-data');

/** The route handlers that read a multipart body themselves (the evidence upload's groups of files). */
const takesMultipart = (pathname: string) => /^\/api\/cases\/[^/]+\/evidence$/.test(pathname);

function refuse(as: 'json' | 'html' | 'text', { status, message }: Refusal): Response {
  const headers = {
    'Cache-Control': 'no-store',
    'X-Content-Type-Options': 'nosniff',
    'Content-Security-Policy': "default-src 'none'",
  };
  if (as === 'json') return Response.json({ ok: false, code: 'invalid', error: message }, { status, headers });
  if (as === 'text')
    return new Response(`${message}\n`, {
      status,
      headers: { ...headers, 'Content-Type': 'text/plain; charset=utf-8' },
    });
  const html =
    `<!doctype html><html lang="en-GB"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width, initial-scale=1">` +
    `<title>Bad request · Reinstate</title></head><body><main><h1>We could not read that address</h1><p>${message}</p>` +
    '<p><a href="/cases">Go to your cases</a></p></main></body></html>';
  return new Response(html, { status, headers: { ...headers, 'Content-Type': 'text/html; charset=utf-8' } });
}
