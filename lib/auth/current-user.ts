import { cache } from 'react';
import { cookies } from 'next/headers';
import { db } from '../db/client';
import { getEnv } from '../env';
import { findLiveSession, touchSession } from './sessions';
import { openSessionToken } from './session-token';
import { mfaGate, type MfaGate } from './mfa-gate';
import type { Role } from '../db/generated/enums';

export type CurrentUser = { id: string; role: Role; name: string; email: string };

/** A signed-in session: who, which session, and where they stand with two-step sign-in. */
export type SessionState = { user: CurrentUser; sessionId: string; gate: MfaGate };

const SESSION_COOKIES = ['__Secure-next-auth.session-token', 'next-auth.session-token'];

/**
 * The session behind this request's cookie, re-checked against the database on every request: the
 * session row (revoked, absolute end, idle timeout), the account (disabled, sessionVersion) and its
 * two-step sign-in state. The JWT is decrypted and its own expiry checked by next-auth's decode() (once per
 * cookie and process: ./session-token.ts).
 */
// cache(): the layout and the page of one request share a single lookup.
export const getSessionState = cache(async function getSessionState(): Promise<SessionState | null> {
  const jar = await cookies();
  const raw = SESSION_COOKIES.map((n) => jar.get(n)?.value).find(Boolean);
  if (!raw) return null;
  const token = await openSessionToken(raw, getEnv().authSecret);
  if (!token || typeof token.sub !== 'string') return null;
  return loadSessionState(token.sid, token.sub, token.sv);
});

/**
 * The signed-in user allowed to use the app, or null. Someone who must set up two-step sign-in first
 * gets null here, so every page, action and route that asks refuses them; only the set-up page
 * (lib/auth/require-user.ts: requireEnrollingUser) looks at getSessionState() instead.
 */
export const getCurrentUser = cache(async function getCurrentUser(): Promise<CurrentUser | null> {
  const state = await getSessionState();
  return state && state.gate.status !== 'enrol' ? state.user : null;
});

type UserRow = { id: string; role: Role; name: string; email: string; sessionVersion: number; disabledAt: Date | null };

function activeUser(user: UserRow | null, sv: unknown): CurrentUser | null {
  if (!user || user.disabledAt || typeof sv !== 'number' || user.sessionVersion !== sv) return null;
  return { id: user.id, role: user.role, name: user.name, email: user.email };
}

/** The session for a token's claims, or null: the session must be live and belong to that account at that version. */
export async function loadSessionState(
  sid: unknown,
  sub: unknown,
  sv: unknown,
  now = new Date(),
): Promise<SessionState | null> {
  if (typeof sub !== 'string' || !sub) return null;
  const row = await findLiveSession(sid, now);
  if (!row || row.userId !== sub) return null;
  const user = activeUser(row.user, sv);
  if (!user) return null;
  await touchSession(row, now);
  return { user, sessionId: row.id, gate: mfaGate(row.user, now) };
}

/** The account for an id and session version, if it may still be signed in (not disabled, version current). */
export async function loadActiveUser(id: string, sv: unknown): Promise<CurrentUser | null> {
  if (!id || typeof sv !== 'number') return null;
  const user = await db.user.findUnique({
    where: { id },
    select: { id: true, role: true, name: true, email: true, sessionVersion: true, disabledAt: true },
  });
  return activeUser(user, sv);
}
