import type { NextAuthOptions } from 'next-auth';
import CredentialsProvider from 'next-auth/providers/credentials';
import { db } from '../db/client';
import { getEnv } from '../env';
import { writeAudit } from '../audit/write-audit';
import { CLIENT_HEADER, readClientAddress } from './client-address';
import { findLiveSession, revokeSession } from './sessions';
import { authorizeCredentials, redeemSignInTicket } from './sign-in';

type Headers = Record<string, string | string[] | undefined>;

/** The client address set by scripts/serve.ts (never a header the client wrote); "local" when unknown. */
export function clientIpFrom(headers: Headers | undefined): string {
  return readClientAddress(headers?.[CLIENT_HEADER], getEnv().authSecret);
}

const userAgentFrom = (headers: Headers | undefined) => {
  const ua = headers?.['user-agent'];
  return (Array.isArray(ua) ? ua[0] : ua)?.slice(0, 300) ?? null;
};

export function getAuthOptions(): NextAuthOptions {
  const env = getEnv();
  return {
    secret: env.authSecret,
    // The cookie lives as long as a session can; the session row decides (lib/auth/sessions.ts): its
    // absolute end is fixed at sign-in, so re-issued cookies (/api/auth/session) never extend it.
    session: { strategy: 'jwt', maxAge: env.SESSION_HOURS * 3600, updateAge: 15 * 60 },
    jwt: { maxAge: env.SESSION_HOURS * 3600 },
    pages: { signIn: '/login', error: '/login' },
    // An ended or unreadable session asked about at /api/auth/session is an ordinary sign-out, not an error.
    logger: {
      error(code, metadata) {
        if (code !== 'JWT_SESSION_ERROR') console.error(`[next-auth][error][${code}]`, metadata);
      },
      warn(code) {
        console.warn(`[next-auth][warn][${code}]`);
      },
      debug() {},
    },
    providers: [
      CredentialsProvider({
        name: 'Email and password',
        credentials: {
          email: { label: 'Email', type: 'email' },
          password: { label: 'Password', type: 'password' },
          ticket: { label: 'Sign-in ticket', type: 'text' },
        },
        async authorize(credentials, req) {
          const origin = {
            ip: clientIpFrom(req?.headers as Headers),
            userAgent: userAgentFrom(req?.headers as Headers),
          };
          // The sign-in page sends a ticket once every factor is given; email and password alone work only
          // for accounts without a second factor (lib/auth/sign-in.ts).
          const signedIn = credentials?.ticket
            ? await redeemSignInTicket(credentials.ticket, origin)
            : await authorizeCredentials(credentials ?? {}, origin);
          return {
            id: signedIn.id,
            sv: signedIn.sv,
            sid: signedIn.sid,
            ae: Math.floor(signedIn.expiresAt.getTime() / 1000),
          };
        },
      }),
    ],
    callbacks: {
      // The token carries the user id, the session version, the session id and its absolute end; who the
      // person is and whether the session still stands are read from the database on every request.
      async jwt({ token, user }) {
        if (user) {
          const u = user as { id: string; sv?: number; sid?: string; ae?: number };
          return { sub: u.id, sv: u.sv, sid: u.sid, ae: u.ae, iat: token.iat, exp: token.exp, jti: token.jti };
        }
        // /api/auth/session: an ended session is refused (next-auth then clears the cookie). Asking does
        // not count as activity, so polling keeps nothing alive.
        if (!(await findLiveSession(token.sid))) throw new Error('Session ended');
        return {
          sub: token.sub,
          sv: token.sv,
          sid: token.sid,
          ae: token.ae,
          iat: token.iat,
          exp: token.exp,
          jti: token.jti,
        };
      },
      async session({ session, token }) {
        const ends = typeof token.ae === 'number' ? new Date(token.ae * 1000).toISOString() : session.expires;
        return { expires: ends, user: { id: token.sub } } as typeof session;
      },
    },
    events: {
      // Sign out ends the session on the server: a copy of the cookie stops working too.
      async signOut({ token }) {
        const userId = await revokeSession(token?.sid);
        if (userId)
          await writeAudit(db, { actorId: userId, action: 'user.sign_out', entityType: 'User', entityId: userId });
      },
    },
  };
}
