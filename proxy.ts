import { NextResponse, type NextRequest } from 'next/server';

// Per-request CSP nonce (Next applies it to its own scripts) and no caching of any page:
// pages carry personal, special-category data. Authorization is NOT done here; every page,
// action and route checks the user against the record itself.
export function proxy(request: NextRequest) {
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
  matcher: [{ source: '/((?!_next/static|_next/image|favicon.ico|bench-static|api/).*)' }],
};
