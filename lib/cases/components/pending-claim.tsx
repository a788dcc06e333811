'use client';

import { useEffect } from 'react';

// A claim link opened while signed out: remembered in this browser so that, after signing in or creating
// an account (the email link opens in the same browser, usually), the member comes back to it instead of
// the start page. The token is no more exposed here than in the browser's history; it is forgotten once the
// link is used, no longer works, or after its lifetime.
const KEY = 'reinstate.pendingClaim';
const MAX_AGE_MS = 14 * 86_400_000;

/** The claim page to return to after signing in, if one is pending. */
export function pendingClaimPath(): string | null {
  try {
    const raw = window.localStorage.getItem(KEY);
    if (!raw) return null;
    const { token, at } = JSON.parse(raw) as { token?: unknown; at?: unknown };
    if (
      typeof token !== 'string' ||
      !/^[A-Za-z0-9_-]{20,200}$/.test(token) ||
      typeof at !== 'number' ||
      Date.now() - at > MAX_AGE_MS
    ) {
      window.localStorage.removeItem(KEY);
      return null;
    }
    return `/claim/${token}`;
  } catch {
    return null;
  }
}

export function forgetPendingClaim(): void {
  try {
    window.localStorage.removeItem(KEY);
  } catch {
    /* storage unavailable: nothing to forget */
  }
}

/** Rendered on the claim page: remembers (signed out, link open) or forgets (anything else) the link. */
export function PendingClaim({ token, remember }: { token: string; remember: boolean }) {
  useEffect(() => {
    try {
      if (remember) window.localStorage.setItem(KEY, JSON.stringify({ token, at: Date.now() }));
      else forgetPendingClaim();
    } catch {
      /* storage unavailable: the member opens the link again after signing in */
    }
  }, [token, remember]);
  return null;
}
