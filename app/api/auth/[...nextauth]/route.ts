import NextAuth from 'next-auth';
import { getAuthOptions } from '@/lib/auth/options';

// next-auth's own endpoints (csrf, session, the credentials exchange, sign out). Sign-in itself is
// checked, throttled and audited in lib/auth/sign-in.ts; sessions are server-side (lib/auth/sessions.ts).
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(getAuthOptions())(req, { params: await ctx.params });
}

const headers = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

// What next-auth answers by GET: reading (session, csrf, providers) and its page redirects. The
// credentials callback only takes POST (next-auth answered a GET with a 500); anything else is not here.
const GET_ACTIONS = new Set(['session', 'csrf', 'providers', 'signin', 'signout', 'error']);

async function GET(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  const params = await ctx.params;
  const action = params.nextauth[0] ?? '';
  if (action === 'callback') {
    return Response.json(
      { error: 'Sign in with POST (the sign-in page does this).' },
      { status: 405, headers: { ...headers, Allow: 'POST' } },
    );
  }
  if (!GET_ACTIONS.has(action)) return Response.json({ error: 'Not found' }, { status: 404, headers });
  // next-auth would copy its `error` parameter into the redirect unchecked (a NUL byte made a 500);
  // the sign-in page shows its own messages, so it gets none.
  if (action === 'error') return new Response(null, { status: 302, headers: { ...headers, Location: '/login' } });
  return handler(req, { params: Promise.resolve(params) });
}

// What next-auth takes by POST: the credentials exchange, sign out, and session updates. Anything else
// (an unknown action, a body it cannot read) made next-auth throw: the fuzz suite saw 500s.
const POST_ACTIONS = new Set(['callback', 'signin', 'signout', 'session']);

async function POST(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  const params = await ctx.params;
  const action = params.nextauth[0] ?? '';
  if (!POST_ACTIONS.has(action) || params.nextauth.length > 2)
    return Response.json({ error: 'Not found' }, { status: 404, headers });
  if (action === 'callback' && params.nextauth[1] !== 'credentials')
    return Response.json({ error: 'Not found' }, { status: 404, headers });
  // next-auth reads a form body; anything else is refused before it sees it.
  if (!(req.headers.get('content-type') ?? '').toLowerCase().startsWith('application/x-www-form-urlencoded')) {
    return Response.json({ error: 'Send the form as application/x-www-form-urlencoded.' }, { status: 415, headers });
  }
  try {
    return await handler(req, { params: Promise.resolve(params) });
  } catch (err) {
    console.error('[auth] next-auth could not handle a request:', err instanceof Error ? err.message : err);
    return Response.json({ error: 'That request could not be understood.' }, { status: 400, headers });
  }
}

export { GET, POST };
