import { headers } from 'next/headers';
import { getEnv } from '../env';
import { getCurrentUser, getSessionState, type CurrentUser } from './current-user';
import { CLIENT_HEADER, readClientAddress } from './client-address';

export type RequestContext = { user: CurrentUser | null; ip: string; userAgent: string | null };

async function requestOrigin(): Promise<{ ip: string; userAgent: string | null }> {
  const h = await headers();
  // Set from the socket by scripts/serve.ts and signed there; forwarding headers the client wrote are
  // never read here (lib/auth/client-address.ts). Unknown ("local") under `next dev`.
  return {
    ip: readClientAddress(h.get(CLIENT_HEADER), getEnv().authSecret),
    userAgent: h.get('user-agent')?.slice(0, 300) ?? null,
  };
}

/** Who is asking and from where. Server actions, route handlers and pages all start here. */
export async function getRequestContext(): Promise<RequestContext> {
  return { user: await getCurrentUser(), ...(await requestOrigin()) };
}

/**
 * The same for the two-step sign-in set-up page and its actions only: the user is given even when
 * they must set up a second factor before anything else (getRequestContext gives null then).
 */
export async function getEnrolmentContext(): Promise<RequestContext> {
  const state = await getSessionState();
  return { user: state?.user ?? null, ...(await requestOrigin()) };
}
