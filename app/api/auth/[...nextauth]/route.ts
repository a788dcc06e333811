import NextAuth from 'next-auth';
import { getAuthOptions } from '@/lib/auth/options';

// next-auth's own endpoints (csrf, sign in with credentials, sign out). Credentials are checked,
// throttled and audited in lib/auth/options.ts.
async function handler(req: Request, ctx: { params: Promise<{ nextauth: string[] }> }) {
  return NextAuth(getAuthOptions())(req, { params: await ctx.params });
}

export { handler as GET, handler as POST };
