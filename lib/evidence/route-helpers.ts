import { getRequestContext } from '../auth/context';
import type { CurrentUser } from '../auth/current-user';
import { toActionError } from '../action';
import { UnauthenticatedError } from '../errors';

export const noStore = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

/** Route handlers answer in JSON with the same typed errors as server actions; 404 for not-yours. */
export function jsonError(err: unknown): Response {
  const e = toActionError(err);
  const status = { invalid: 422, not_found: 404, conflict: 409, unauthenticated: 401, throttled: 429, server: 500 }[e.code];
  return Response.json(e, { status, headers: noStore });
}

export async function requireRouteUser(): Promise<{ user: CurrentUser; ip: string; userAgent: string | null }> {
  const ctx = await getRequestContext();
  if (!ctx.user) throw new UnauthenticatedError();
  return ctx as { user: CurrentUser; ip: string; userAgent: string | null };
}

