'use client';

/**
 * The two requests the browser makes to next-auth (credentials sign-in with a ticket, sign-out), as
 * `next-auth/react` makes them: its client, compiled with a generator runtime, cost every page 11.6 KB
 * of compressed JavaScript for these two calls. The app uses no SessionProvider: pages read the
 * session on the server.
 */
const AUTH = '/api/auth';
const FORM = { 'Content-Type': 'application/x-www-form-urlencoded' };

async function csrfToken(): Promise<string> {
  const res = await fetch(`${AUTH}/csrf`);
  const data = (await res.json()) as { csrfToken?: string };
  if (!data.csrfToken) throw new Error('No CSRF token');
  return data.csrfToken;
}

/** Exchanges a sign-in ticket for the session cookie. The error next-auth reports, or null when signed in. */
export async function signInWithTicket(ticket: string): Promise<{ error: string | null }> {
  const res = await fetch(`${AUTH}/callback/credentials`, {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({
      ticket,
      csrfToken: await csrfToken(),
      callbackUrl: window.location.href,
      json: 'true',
    }),
  });
  const data = (await res.json()) as { url?: string };
  const error = data.url ? new URL(data.url, window.location.href).searchParams.get('error') : 'CredentialsSignin';
  return { error: res.ok ? error : (error ?? 'CredentialsSignin') };
}

/** Ends the session on the server (the session row is revoked there), then goes to `callbackUrl`. */
export async function signOut({ callbackUrl }: { callbackUrl: string }): Promise<void> {
  const res = await fetch(`${AUTH}/signout`, {
    method: 'POST',
    headers: FORM,
    body: new URLSearchParams({ csrfToken: await csrfToken(), callbackUrl, json: 'true' }),
  });
  const data = (await res.json()) as { url?: string };
  const url = data.url ?? callbackUrl;
  window.location.href = url;
  if (url.includes('#')) window.location.reload();
}
