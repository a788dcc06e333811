import { decode, type JWT } from 'next-auth/jwt';

/** How many opened session cookies a process keeps (about 1 KB each). */
export const TOKEN_MEMO_SIZE = 2000;

type Opened = { secret: string; claims: JWT; expiresMs: number };
const opened = new Map<string, Opened>();

/**
 * The claims of a session cookie, or null when it does not open (wrong key, tampered, expired). next-auth's
 * decode() derives its key (HKDF) and decrypts the cookie on every call: about 0.6 ms of CPU on each signed-in
 * request, measured on the case page. A cookie already opened in this process is kept, by its exact bytes,
 * until the expiry written inside it; the least recently used is dropped when TOKEN_MEMO_SIZE are kept. Only
 * the claims are kept: every request still checks the session row, the account and its version in the database
 * (./current-user.ts), so signing out, a disabled account or a revoked session take effect at once.
 */
export async function openSessionToken(raw: string, secret: string, now = Date.now()): Promise<JWT | null> {
  const hit = opened.get(raw);
  if (hit && hit.secret === secret && hit.expiresMs > now) {
    // Most recently used last: the first key is the one to drop.
    opened.delete(raw);
    opened.set(raw, hit);
    return hit.claims;
  }
  if (hit) opened.delete(raw);
  const claims = await decode({ token: raw, secret }).catch(() => null);
  if (!claims) return null;
  // A token without an expiry is opened each time, never kept.
  if (typeof claims.exp === 'number') {
    opened.set(raw, { secret, claims, expiresMs: claims.exp * 1000 });
    if (opened.size > TOKEN_MEMO_SIZE) opened.delete(opened.keys().next().value!);
  }
  return claims;
}

/** How many opened cookies are kept now (tests). */
export const openedTokenCount = (): number => opened.size;
