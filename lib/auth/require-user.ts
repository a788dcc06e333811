import { notFound, redirect } from 'next/navigation';
import { getRequestContext, type RequestContext } from './context';
import type { CurrentUser } from './current-user';
import type { Role } from '../db/generated/enums';

/** For pages: the signed-in user or a redirect to sign in. Record-level checks still happen in the page's loader. */
export async function requirePageUser(roles?: Role[]): Promise<RequestContext & { user: CurrentUser }> {
  const ctx = await getRequestContext();
  if (!ctx.user) redirect('/login');
  // A page meant for other roles answers like a missing page.
  if (roles && !roles.includes(ctx.user.role)) notFound();
  return ctx as RequestContext & { user: CurrentUser };
}
