import crypto from 'node:crypto';
import { generateSecret, generateURI, verifySync } from 'otplib';
import { createDataKey, unwrapKey, wrapKey } from '../evidence/crypto';

// Authenticator apps (TOTP, RFC 6238: HMAC-SHA1, 6 digits, 30-second steps; what every app supports).
// The shared secret is encrypted at rest like an evidence file: its own random data key, wrapped by the
// master key (so key rotation re-wraps it with the rest), and AES-256-GCM bound to the user id, so a
// secret copied onto another person's row does not open. See docs/decisions/0012-sign-in-and-mfa.md.

export const TOTP_ISSUER = 'Reinstate';
// One step either side: a phone clock 30 s out still works; a code is accepted at most 90 s.
const TOLERANCE_SECONDS = 30;
const AAD = 'reinstate/totp-secret/v1/';

export type SealedSecret = { wrappedKey: string; secretEnc: string };

export function newTotpSecret(): string {
  return generateSecret({ length: 20 });
}

export function sealTotpSecret(userId: string, secret: string): SealedSecret {
  const key = createDataKey();
  const iv = crypto.randomBytes(12);
  const cipher = crypto.createCipheriv('aes-256-gcm', key, iv).setAAD(Buffer.from(AAD + userId));
  const body = Buffer.concat([cipher.update(secret, 'utf8'), cipher.final()]);
  return { wrappedKey: wrapKey(key), secretEnc: Buffer.concat([iv, cipher.getAuthTag(), body]).toString('base64url') };
}

/** Throws when the row was altered, belongs to someone else, or the master key does not open it. */
export function openTotpSecret(userId: string, sealed: SealedSecret): string {
  const key = unwrapKey(sealed.wrappedKey);
  const raw = Buffer.from(sealed.secretEnc, 'base64url');
  const decipher = crypto.createDecipheriv('aes-256-gcm', key, raw.subarray(0, 12)).setAAD(Buffer.from(AAD + userId));
  decipher.setAuthTag(raw.subarray(12, 28));
  return Buffer.concat([decipher.update(raw.subarray(28)), decipher.final()]).toString('utf8');
}

export function totpUri(secret: string, email: string): string {
  return generateURI({ issuer: TOTP_ISSUER, label: email, secret });
}

/**
 * The 30-second step a code belongs to, or null. Codes of a step at or before `afterStep` (the last one
 * accepted) are refused, so an overheard code cannot be used a second time.
 */
export function checkTotpCode(secret: string, code: string, afterStep: number | null, now = Date.now()): number | null {
  const token = code.replace(/\s+/g, '');
  if (!/^\d{6}$/.test(token)) return null;
  const result = verifySync({
    secret,
    token,
    epoch: Math.floor(now / 1000),
    epochTolerance: TOLERANCE_SECONDS,
    ...(afterStep !== null ? { afterTimeStep: afterStep } : {}),
  });
  return result.valid && 'timeStep' in result ? result.timeStep : null;
}
