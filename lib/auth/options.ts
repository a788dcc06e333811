import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { db } from '../db/client';
import { getEnv } from '../env';
import { verifyPassword } from './password';
import { claimLoginAttempt, markLoginSucceeded } from './throttle';
import { emailSchema } from './schemas';
import { writeAudit } from '../audit/write-audit';

export const WRONG_CREDENTIALS = 'That email and password do not match an account. Check them and try again.';
export const THROTTLED = 'Too many attempts to sign in. For your safety, please wait 15 minutes and try again.';

type Headers = Record<string, string | string[] | undefined>;

export function clientIpFrom(headers: Headers | undefined): string {
  if (getEnv().TRUST_PROXY) {
    const xff = headers?.['x-forwarded-for'];
    const first = (Array.isArray(xff) ? xff[0] : xff)?.split(',')[0]?.trim();
    if (first) return first.slice(0, 64);
  }
  const real = headers?.['x-real-ip'];
  return (Array.isArray(real) ? real[0] : real)?.slice(0, 64) ?? 'local';
}

/** Checks credentials; same answer for unknown and known emails. Returns the session user or throws a message. */
export async function authorizeCredentials(
  raw: { email?: unknown; password?: unknown },
  ip: string,
): Promise<{ id: string; sv: number } | null> {
  const parsedEmail = emailSchema.safeParse(raw.email);
  const password = typeof raw.password === 'string' ? raw.password.slice(0, 200) : '';
  if (!parsedEmail.success || !password) throw new Error(WRONG_CREDENTIALS);
  const email = parsedEmail.data;
  const attempt = await claimLoginAttempt(email, ip);
  if (attempt.throttled) throw new Error(THROTTLED);
  const user = await db.user.findUnique({ where: { email }, select: { id: true, passwordHash: true, disabledAt: true, sessionVersion: true } });
  const ok = (await verifyPassword(user?.passwordHash, password)) && !!user && !user.disabledAt;
  if (!ok || !user) throw new Error(WRONG_CREDENTIALS);
  await markLoginSucceeded(attempt.id);
  await writeAudit(db, { actorId: user.id, action: 'user.sign_in', entityType: 'User', entityId: user.id, ip });
  return { id: user.id, sv: user.sessionVersion };
}

export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.authSecret,
    session: { strategy: 'jwt', maxAge: env.SESSION_HOURS * 3600, updateAge: 15 * 60 },
    jwt: { maxAge: env.SESSION_HOURS * 3600 },
    pages: { signIn: '/login', error: '/login' },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: { email: { label: 'Email', type: 'email' }, password: { label: 'Password', type: 'password' } },
        async authorize(credentials, req) {
          const user = await authorizeCredentials(credentials ?? {}, clientIpFrom(req?.headers as Headers));
          return user ? { id: user.id, sv: user.sv } : null;
        },
      }),
    ],
    callbacks: {
      // The token carries only the user id and the session version; role and status are read
      // from the database on every request (lib/auth/current-user.ts), so revocation is immediate.
      async jwt({ token, user }) {
        if (user) {
          token.sub = user.id;
          token.sv = (user as { sv?: number }).sv;
        }
        return { sub: token.sub, sv: token.sv, iat: token.iat, exp: token.exp, jti: token.jti };
      },
      async session({ session, token }) {
        return { expires: session.expires, user: { id: token.sub } } as typeof session;
      },
    },
  };
}
