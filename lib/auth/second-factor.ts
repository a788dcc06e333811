import type { AuthenticationResponseJSON } from '@simplewebauthn/server';
import { db, type Tx } from '../db/client';
import { InvalidError } from '../errors';
import { writeAudit } from '../audit/write-audit';
import { sendMail } from '../mail/send-mail';
import { hashToken } from '../users/tokens';
import { consumeRecoveryCode } from './recovery-codes';
import { revokeUserSessions } from './sessions';
import { SIGN_IN_EXPIRED } from './sign-in';
import { claimLoginAttempt, markLoginSucceeded, throttledMessage } from './throttle';
import { checkTotpCode, openTotpSecret } from './totp';
import { authenticationOptions, checkAuthentication } from './webauthn';

// The second step of a sign-in, on a ticket from the password step (lib/auth/sign-in.ts). Every answer
// is throttled like a password (same keys), and a ticket dies after a few wrong answers, so guessing a
// six-digit code needs the password again and again.

const MAX_WRONG_ANSWERS = 5;
export const WRONG_CODE = 'That code is not right. Check your authenticator app and type the code it shows now.';
export const WRONG_RECOVERY_CODE = 'That recovery code is not right, or it has been used already.';
export const PASSKEY_FAILED = 'Your passkey was not accepted. Try again, or choose another way to sign in.';
type Origin = { ip: string; userAgent?: string | null };

async function openChallenge(ticket: unknown, now: Date) {
  if (typeof ticket !== 'string' || ticket.length < 20 || ticket.length > 100) throw new InvalidError(SIGN_IN_EXPIRED);
  const challenge = await db.signInChallenge.findUnique({
    where: { tokenHash: hashToken(ticket) },
    select: {
      id: true,
      userId: true,
      usedAt: true,
      readyAt: true,
      expiresAt: true,
      failures: true,
      webauthnChallenge: true,
      user: {
        select: {
          email: true,
          name: true,
          disabledAt: true,
          totpFactor: { select: { wrappedKey: true, secretEnc: true, confirmedAt: true, lastUsedStep: true } },
          passkeys: { select: { id: true, credentialId: true, publicKey: true, counter: true, transports: true } },
        },
      },
    },
  });
  if (
    !challenge ||
    challenge.usedAt ||
    challenge.readyAt ||
    challenge.expiresAt <= now ||
    challenge.failures >= MAX_WRONG_ANSWERS ||
    challenge.user.disabledAt
  ) {
    throw new InvalidError(SIGN_IN_EXPIRED);
  }
  return challenge;
}

async function claim(email: string, ip: string, now: Date): Promise<string> {
  const attempt = await claimLoginAttempt(email, ip, now);
  if (!attempt.allowed) throw new InvalidError(throttledMessage(attempt.retryAfterSeconds));
  return attempt.id;
}

async function wrongAnswer(challengeId: string, message: string, field: string): Promise<never> {
  await db.signInChallenge.update({
    where: { id: challengeId },
    data: { failures: { increment: 1 }, webauthnChallenge: null },
  });
  throw new InvalidError(message, { [field]: message });
}

async function markReady(tx: Tx, challengeId: string, factor: string, now: Date): Promise<void> {
  const done = await tx.signInChallenge.updateMany({
    where: { id: challengeId, readyAt: null, usedAt: null },
    data: { readyAt: now, factors: { push: factor }, webauthnChallenge: null },
  });
  if (done.count !== 1) throw new InvalidError(SIGN_IN_EXPIRED);
}

/** A code from the authenticator app. Each 30-second code is accepted once, even by two sign-ins racing. */
export async function verifyTotpStep(
  ticket: unknown,
  code: string,
  origin: Origin,
  now = new Date(),
): Promise<{ ready: true }> {
  const challenge = await openChallenge(ticket, now);
  const attemptId = await claim(challenge.user.email, origin.ip, now);
  const totp = challenge.user.totpFactor;
  const step = totp?.confirmedAt
    ? checkTotpCode(openTotpSecret(challenge.userId, totp), code, totp.lastUsedStep, now.getTime())
    : null;
  if (step === null) return wrongAnswer(challenge.id, WRONG_CODE, 'code');
  const accepted = await db.$transaction(async (tx) => {
    const took = await tx.totpFactor.updateMany({
      where: { userId: challenge.userId, OR: [{ lastUsedStep: null }, { lastUsedStep: { lt: step } }] },
      data: { lastUsedStep: step },
    });
    if (took.count !== 1) return false;
    await markReady(tx, challenge.id, 'totp', now);
    return true;
  });
  if (!accepted) return wrongAnswer(challenge.id, WRONG_CODE, 'code');
  await markLoginSucceeded(attemptId);
  return { ready: true };
}

/**
 * A recovery code (after the password). The authenticator is presumed lost: every second factor and the
 * remaining codes are removed, any other session ends, and the person must set up two-step sign-in again
 * before they can do anything else. They are told by email.
 */
export async function verifyRecoveryStep(
  ticket: unknown,
  code: string,
  origin: Origin,
  now = new Date(),
): Promise<{ ready: true }> {
  const challenge = await openChallenge(ticket, now);
  const attemptId = await claim(challenge.user.email, origin.ip, now);
  const userId = challenge.userId;
  const used = await db.$transaction(async (tx) => {
    if (!(await consumeRecoveryCode(tx, userId, code))) return false;
    await tx.totpFactor.deleteMany({ where: { userId } });
    await tx.passkey.deleteMany({ where: { userId } });
    await tx.recoveryCode.deleteMany({ where: { userId } });
    await tx.user.update({ where: { id: userId }, data: { mfaRequiredAt: now } });
    await revokeUserSessions(tx, userId, now);
    await markReady(tx, challenge.id, 'recovery-code', now);
    await writeAudit(tx, {
      actorId: userId,
      action: 'mfa.recovery_used',
      entityType: 'User',
      entityId: userId,
      fields: ['totpFactor', 'passkeys', 'recoveryCodes', 'mfaRequiredAt'],
      ip: origin.ip,
      userAgent: origin.userAgent ?? null,
    });
    return true;
  });
  if (!used) return wrongAnswer(challenge.id, WRONG_RECOVERY_CODE, 'recoveryCode');
  await markLoginSucceeded(attemptId);
  await sendMail({
    to: challenge.user.email,
    subject: 'A recovery code was used to sign in to Reinstate',
    text:
      `Hello ${challenge.user.name},\n\nSomeone signed in to your Reinstate account just now with your password and one of your recovery codes. ` +
      'Your authenticator app and passkeys were removed, and you will be asked to set up two-step sign-in again.\n\n' +
      'If this was not you, tell your coordinator straight away.\n',
  }).catch((err: unknown) =>
    console.error('[mail] recovery-code notice not sent:', err instanceof Error ? err.message : err),
  );
  return { ready: true };
}

/** The WebAuthn request for one of the account's passkeys; its challenge is kept on the ticket. */
export async function passkeyOptionsStep(ticket: unknown, now = new Date()) {
  const challenge = await openChallenge(ticket, now);
  if (challenge.user.passkeys.length === 0)
    throw new InvalidError('No passkey is set up for this account. Choose another way to sign in.');
  const options = await authenticationOptions(challenge.user.passkeys);
  await db.signInChallenge.update({ where: { id: challenge.id }, data: { webauthnChallenge: options.challenge } });
  return options;
}

export async function verifyPasskeyStep(
  ticket: unknown,
  response: AuthenticationResponseJSON,
  origin: Origin,
  now = new Date(),
): Promise<{ ready: true }> {
  const challenge = await openChallenge(ticket, now);
  const expected = challenge.webauthnChallenge;
  if (!expected) throw new InvalidError(PASSKEY_FAILED);
  const attemptId = await claim(challenge.user.email, origin.ip, now);
  // The WebAuthn challenge is taken before checking, so one answer can never be replayed.
  const taken = await db.signInChallenge.updateMany({
    where: { id: challenge.id, webauthnChallenge: expected },
    data: { webauthnChallenge: null },
  });
  const passkey = challenge.user.passkeys.find((p) => p.credentialId === response?.id);
  const counter = taken.count === 1 && passkey ? await checkAuthentication(response, expected, passkey) : null;
  if (counter === null || !passkey) return wrongAnswer(challenge.id, PASSKEY_FAILED, 'passkey');
  await db.$transaction(async (tx) => {
    await tx.passkey.update({ where: { id: passkey.id }, data: { counter: BigInt(counter), lastUsedAt: now } });
    await markReady(tx, challenge.id, 'passkey', now);
  });
  await markLoginSucceeded(attemptId);
  return { ready: true };
}
