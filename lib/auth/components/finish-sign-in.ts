'use client';

import { signInWithTicket } from './auth-client';
import { startSignInAction } from '../sign-in-actions';

const GENERIC = 'We could not sign you in. Please try again.';

/** Exchanges a ready sign-in ticket for the session cookie (next-auth's credentials endpoint). Null when signed in. */
export async function finishSignIn(ticket: string): Promise<string | null> {
  const res = await signInWithTicket(ticket).catch(() => ({ error: 'CredentialsSignin' }));
  if (res.error) return res.error !== 'CredentialsSignin' ? res.error : GENERIC;
  return null;
}

/**
 * Email and password straight after creating an account or accepting an invitation (no second factor
 * yet). Returns an error to show, or null when signed in.
 */
export async function signInWithPassword(email: string, password: string): Promise<string | null> {
  const step = await startSignInAction({ email, password });
  if (!step.ok) return step.error;
  if (step.data.next !== 'session') return 'Please sign in on the sign-in page.';
  return finishSignIn(step.data.ticket);
}
