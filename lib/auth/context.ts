import { headers } from 'next/headers';
import { getEnv } from '../env';
import { getCurrentUser, type CurrentUser } from './current-user';

export type RequestContext = { user: CurrentUser | null; ip: string; userAgent: string | null };

/** Who is asking and from where. Server actions, route handlers and pages all start here. */
export async function getRequestContext(): Promise<RequestContext> {
  const h = await headers();
  const forwarded = getEnv().TRUST_PROXY ? h.get('x-forwarded-for')?.split(',')[0]?.trim() : undefined;
  const ip = (forwarded || h.get('x-real-ip') || 'local').slice(0, 64);
  return { user: await getCurrentUser(), ip, userAgent: h.get('user-agent')?.slice(0, 300) ?? null };
}
