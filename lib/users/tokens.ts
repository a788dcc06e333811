import crypto from 'node:crypto';

/** A random token for a link; only its SHA-256 is stored, so a database leak reveals no usable link. */
export function newToken(): { token: string; tokenHash: string } {
  const token = crypto.randomBytes(32).toString('base64url');
  return { token, tokenHash: hashToken(token) };
}

export function hashToken(token: string): string {
  return crypto.createHash('sha256').update(token).digest('hex');
}
