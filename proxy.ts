import { NextResponse, type NextRequest } from 'next/server';
import { precheckRequest } from '@/lib/http/precheck';

// Per-request CSP nonce (Next applies it to its own scripts) and no caching of any page:
// pages carry personal, special-category data. Authorization is NOT done here; every page,
// action and route checks the user against the record itself.
//
// First, requests Next would answer with a bare 500 are refused with a 4xx (lib/http/precheck.ts):
// an address that does not decode, a server-action POST from another origin or with a body React
// cannot decode, a multipart form POST. This is the place because it runs before Next's router and action decoder, for
// every page and action at once; it costs a header look-up, and for an action call a JSON parse of
// a body of at most 1 MB (the proxy gets its own copy of the body; the action still reads it).
export async function proxy(request: NextRequest) {
  // APP_URL straight from the environment: lib/env.ts sets up keys and secrets on first use, which
  // is no job for the proxy. Unset, the request's own address and Host are the app's origin.
  const refused = await precheckRequest(
    request,
    process.env.APP_URL && URL.canParse(process.env.APP_URL) ? new URL(process.env.APP_URL).origin : undefined,
  );
  if (refused) return refused;
  // The benchmark's static baseline exists only when the bench asks for it (BENCH_STATIC=1 on the server).
  // The static route is the baseline itself and passes straight through; the dynamic ones stand for what any page
  // costs before it reads its own data, so they get the page's nonce and headers below, as every page does.
  if (request.nextUrl.pathname === '/bench-static' || request.nextUrl.pathname.startsWith('/bench-static/')) {
    if (process.env.BENCH_STATIC !== '1')
      return new NextResponse('Not found', {
        status: 404,
        headers: { 'Content-Type': 'text/plain; charset=utf-8', 'Cache-Control': 'no-store' },
      });
    if (request.nextUrl.pathname === '/bench-static') return NextResponse.next();
  }
  // API addresses reach the proxy only for the checks above (see the matcher).
  if (request.nextUrl.pathname.startsWith('/api/')) return NextResponse.next();
  const nonce = Buffer.from(crypto.randomUUID()).toString('base64');
  const dev = process.env.NODE_ENV !== 'production';
  const csp = [
    "default-src 'self'",
    `script-src 'self' 'nonce-${nonce}' 'strict-dynamic'${dev ? " 'unsafe-eval'" : ''}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' blob: data:",
    "font-src 'self'",
    "connect-src 'self'",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'none'",
  ].join('; ');
  const requestHeaders = new Headers(request.headers);
  requestHeaders.set('x-nonce', nonce);
  requestHeaders.set('Content-Security-Policy', csp);
  const response = NextResponse.next({ request: { headers: requestHeaders } });
  response.headers.set('Content-Security-Policy', csp);
  response.headers.set('Cache-Control', 'no-store, max-age=0');
  return response;
}

export const config = {
  // API routes are left out: the proxy would copy (and cap at 10 MB) request bodies, which breaks
  // streamed evidence uploads; route handlers set their own no-store and nosniff headers.
  // Except those holding a "%" anywhere in the path (checked for an encoding that does not decode,
  // which Next's router answers with a bare 500 for a dynamic route; no real upload's address
  // holds one), and multipart form posts anywhere (refused: see lib/http/precheck.ts) but to the evidence upload,
  // whose groups of files are multipart (lib/evidence/multipart.ts): through the proxy, their bodies too would be
  // copied and cut at 10 MB.
  matcher: [
    // The icon is the same for everyone: outside the proxy it keeps Next's caching instead of no-store, so a
    // browser does not ask for it again on every page.
    { source: '/((?!_next/static|_next/image|favicon.ico|icon.svg|api/).*)' },
    { source: '/api/:rest(.*%.*)' },
    {
      source: '/((?!api/cases/[^/]+/evidence$).*)',
      has: [{ type: 'header', key: 'content-type', value: 'multipart/form-data.*' }],
    },
  ],
};
