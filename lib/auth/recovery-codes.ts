import crypto from 'node:crypto';
import type { Tx } from '../db/client';

// Ten one-time codes for when the phone or security key is lost. Each has 80 random bits, so a plain
// SHA-256 is enough to store it (nobody can try 2^80 guesses); a code works once, and only after the
// password (docs/decisions/0012-sign-in-and-mfa.md).

export const RECOVERY_CODE_COUNT = 10;
const ALPHABET = 'abcdefghijklmnopqrstuvwxyz234567'; // RFC 4648 base32, lower case

function newCode(): string {
  const bytes = crypto.randomBytes(10);
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out.match(/.{4}/g)!.join('-');
}

/** What a person typed, with spaces, dashes and capitals ignored. */
export function normaliseRecoveryCode(code: string): string {
  return code.toLowerCase().replace(/[\s-]+/g, '');
}

export function hashRecoveryCode(code: string): string {
  return crypto
    .createHash('sha256')
    .update(`reinstate/recovery/${normaliseRecoveryCode(code)}`)
    .digest('hex');
}

/** Replaces every earlier code of the person with a new set; returns the codes to show once. */
export async function replaceRecoveryCodes(tx: Tx, userId: string): Promise<string[]> {
  const codes = Array.from({ length: RECOVERY_CODE_COUNT }, newCode);
  await tx.recoveryCode.deleteMany({ where: { userId } });
  await tx.recoveryCode.createMany({ data: codes.map((c) => ({ userId, codeHash: hashRecoveryCode(c) })) });
  return codes;
}

/** Marks the code used, if it is one of the person's unused codes; true when it was. Single use even under a race. */
export async function consumeRecoveryCode(tx: Tx, userId: string, code: string): Promise<boolean> {
  if (normaliseRecoveryCode(code).length !== 16) return false;
  const used = await tx.recoveryCode.updateMany({
    where: { userId, codeHash: hashRecoveryCode(code), usedAt: null },
    data: { usedAt: new Date() },
  });
  return used.count === 1;
}
