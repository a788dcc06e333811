import { cache } from 'react';
import { cookies } from 'next/headers';
import { decode } from 'next-auth/jwt';
import { db } from '../db/client';
import { getEnv } from '../env';
import type { Role } from '../db/generated/enums';

export type CurrentUser = { id: string; role: Role; name: string; email: string };

const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

/**
 * The signed-in user, re-read from the database on every request: a bumped sessionVersion
 * (sign out everywhere, role change) or a disabled account ends the session at once.
 * The JWT is decrypted and its expiry checked by next-auth's own decode().
 */
// cache(): the layout and the page of one request share a single lookup.
export const getCurrentUser = cache(async function getCurrentUser(): Promise<CurrentUser | null> {
  const jar = await cookies();
  const raw = SESSION_COOKIES.map((n) => jar.get(n)?.value).find(Boolean);
  if (!raw) return null;
  const token = await decode({ token: raw, secret: getEnv().authSecret }).catch(() => null);
  if (!token || typeof token.sub !== 'string') return null;
  return loadActiveUser(token.sub, token.sv);
});

export async function loadActiveUser(id: string, sv: unknown): Promise<CurrentUser | null> {
  if (!id || typeof sv !== 'number') return null;
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, role: true, name: true, email: true, sessionVersion: true, disabledAt: true },
  });
  if (!user || user.disabledAt || user.sessionVersion !== sv) return null;
  return { id: user.id, role: user.role, name: user.name, email: user.email };
}
