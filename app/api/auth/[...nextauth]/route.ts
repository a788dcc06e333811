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
    return Response.json({ error: 'Sign in with POST (the sign-in page does this).' }, { status: 405, headers: { ...headers, Allow: 'POST' } });
  }
  if (!GET_ACTIONS.has(action)) return Response.json({ error: 'Not found' }, { status: 404, headers });
  // next-auth would copy its `error` parameter into the redirect unchecked (a NUL byte made a 500);
  // the sign-in page shows its own messages, so it gets none.
  if (action === 'error') return new Response(null, { status: 302, headers: { ...headers, Location: '/login' } });
  return handler(req, { params: Promise.resolve(params) });
}

export { GET, handler as POST };
