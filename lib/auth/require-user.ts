import { notFound, redirect } from 'next/navigation';
import { getRequestContext, type RequestContext } from './context';
import { getSessionState, type CurrentUser, type SessionState } from './current-user';
import type { Role } from '../db/generated/enums';

/** The page where two-step sign-in is set up: the only page open to someone who must set it up first. */
export const ENROL_PATH = '/account/two-step';

/** For pages: the signed-in user or a redirect to sign in. Record-level checks still happen in the page's loader. */
export async function requirePageUser(roles?: Role[]): Promise<RequestContext & { user: CurrentUser }> {
  const ctx = await getRequestContext();
  if (!ctx.user) {
    // Signed in, but two-step sign-in must be set up before anything else.
    if ((await getSessionState())?.gate.status === 'enrol') redirect(ENROL_PATH);
    redirect('/login');
  }
  // A page meant for other roles answers like a missing page.
  if (roles && !roles.includes(ctx.user.role)) notFound();
  return ctx as RequestContext & { user: CurrentUser };
}

/** For the set-up page only: any signed-in session, including one that may do nothing else yet. */
export async function requireEnrollingUser(): Promise<SessionState> {
  const state = await getSessionState();
  if (!state) redirect('/login');
  return state;
}
