import QRCode from 'qrcode';
import type { RegistrationResponseJSON } from '@simplewebauthn/server';
import { db, type Tx } from '../db/client';
import { Prisma } from '../db/generated/client';
import { InvalidError, NotFoundError } from '../errors';
import { writeAudit } from '../audit/write-audit';
import { sendMail } from '../mail/send-mail';
import type { CurrentUser } from './current-user';
import { verifyPassword } from './password';
import { mustUseSecondFactor } from './policy';
import { replaceRecoveryCodes } from './recovery-codes';
import { claimLoginAttempt, markLoginSucceeded, throttledMessage } from './throttle';
import { checkTotpCode, newTotpSecret, openTotpSecret, sealTotpSecret, totpUri } from './totp';
import { challengeExpiry, checkRegistration, registrationOptions } from './webauthn';

// Setting up and changing two-step sign-in, for the signed-in person themselves (the set-up page and the
// Account page). Each change is audited and the person is told by email, so a change they did not make
// (someone else at an unlocked computer) does not go unnoticed. Removing a way to sign in asks for the
// password; staff can never remove their last one.

type Ctx = { ip: string; userAgent: string | null };
export const WRONG_SETUP_CODE =
  'That code does not match. Type the six-digit code your app shows now (it changes every 30 seconds).';

export async function getTwoStepStatus(actor: CurrentUser) {
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: {
      mfaRequiredAt: true,
      totpFactor: { select: { confirmedAt: true } },
      passkeys: { select: { id: true, name: true, createdAt: true, lastUsedAt: true }, orderBy: { createdAt: 'asc' } },
      _count: { select: { recoveryCodes: { where: { usedAt: null } } } },
    },
  });
  return {
    required: mustUseSecondFactor(actor) || !!user.mfaRequiredAt,
    totpSince: user.totpFactor?.confirmedAt ?? null,
    passkeys: user.passkeys,
    recoveryCodesLeft: user._count.recoveryCodes,
  };
}

async function notify(actor: CurrentUser, what: string): Promise<void> {
  await sendMail({
    to: actor.email,
    subject: 'Your Reinstate sign-in settings changed',
    text: `Hello ${actor.name},\n\n${what}\n\nIf this was not you, sign in, check "Two-step sign-in" on your Account page, and tell your coordinator.\n`,
  }).catch((err: unknown) =>
    console.error('[mail] two-step notice not sent:', err instanceof Error ? err.message : err),
  );
}

/** New recovery codes only when the person has none left: someone setting up a second way keeps theirs. */
async function codesIfNone(tx: Tx, userId: string): Promise<string[] | null> {
  const left = await tx.recoveryCode.count({ where: { userId, usedAt: null } });
  return left ? null : replaceRecoveryCodes(tx, userId);
}

/** A new secret for an authenticator app, shown once as a QR code and as text, until a first code confirms it. */
export async function startTotpSetup(actor: CurrentUser) {
  const secret = newTotpSecret();
  const sealed = sealTotpSecret(actor.id, secret);
  await db.$transaction(async (tx) => {
    // Two set-ups started at once (two tabs, a double click) take turns: the second replaces the first's secret.
    await tx.$queryRaw`SELECT "id" FROM "User" WHERE "id" = ${actor.id} FOR UPDATE`;
    const existing = await tx.totpFactor.findUnique({ where: { userId: actor.id }, select: { confirmedAt: true } });
    if (existing?.confirmedAt)
      throw new InvalidError(
        'An authenticator app is already set up. Remove it first if you want to use a different one.',
      );
    if (existing) await tx.totpFactor.update({ where: { userId: actor.id }, data: { ...sealed, lastUsedStep: null } });
    else await tx.totpFactor.create({ data: { userId: actor.id, ...sealed } });
  });
  const uri = totpUri(secret, actor.email);
  const qrSvg = await QRCode.toString(uri, { type: 'svg', margin: 2, errorCorrectionLevel: 'M' });
  return {
    secret: secret.match(/.{1,4}/g)!.join(' '),
    uri,
    qrDataUrl: `data:image/svg+xml;base64,${Buffer.from(qrSvg).toString('base64')}`,
  };
}

export async function confirmTotpSetup(actor: CurrentUser, code: string, ctx: Ctx, now = new Date()) {
  const pending = await db.totpFactor.findUnique({
    where: { userId: actor.id },
    select: { wrappedKey: true, secretEnc: true, confirmedAt: true },
  });
  if (!pending || pending.confirmedAt)
    throw new InvalidError('Please start again: choose "Set up an authenticator app".');
  const step = checkTotpCode(openTotpSecret(actor.id, pending), code, null, now.getTime());
  if (step === null) throw new InvalidError(WRONG_SETUP_CODE, { code: WRONG_SETUP_CODE });
  const recoveryCodes = await db.$transaction(async (tx) => {
    const done = await tx.totpFactor.updateMany({
      where: { userId: actor.id, confirmedAt: null },
      data: { confirmedAt: now, lastUsedStep: step },
    });
    if (done.count !== 1) throw new InvalidError('Please start again: choose "Set up an authenticator app".');
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'mfa.totp_enrol',
      entityType: 'User',
      entityId: actor.id,
      fields: ['totpFactor'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return codesIfNone(tx, actor.id);
  });
  await notify(actor, 'An authenticator app was set up for two-step sign-in on your account.');
  return { recoveryCodes };
}

/** The WebAuthn request to make a passkey; its challenge is kept on the account for five minutes, for one use. */
export async function passkeySetupOptions(actor: CurrentUser, now = new Date()) {
  const existing = await db.passkey.findMany({
    where: { userId: actor.id },
    select: { credentialId: true, publicKey: true, counter: true, transports: true },
  });
  const options = await registrationOptions(actor, existing);
  await db.user.update({
    where: { id: actor.id },
    data: { passkeyChallenge: options.challenge, passkeyChallengeExpiresAt: challengeExpiry(now) },
  });
  return options;
}

export async function addPasskey(
  actor: CurrentUser,
  input: { name: string; response: RegistrationResponseJSON },
  ctx: Ctx,
  now = new Date(),
) {
  const startAgain = new InvalidError('Your passkey was not added. Please try again.');
  const user = await db.user.findUniqueOrThrow({
    where: { id: actor.id },
    select: { passkeyChallenge: true, passkeyChallengeExpiresAt: true },
  });
  const challenge = user.passkeyChallenge;
  if (!challenge || !user.passkeyChallengeExpiresAt || user.passkeyChallengeExpiresAt <= now) throw startAgain;
  // Taken before checking: one browser answer adds at most one passkey.
  const taken = await db.user.updateMany({
    where: { id: actor.id, passkeyChallenge: challenge },
    data: { passkeyChallenge: null, passkeyChallengeExpiresAt: null },
  });
  const credential = taken.count === 1 ? await checkRegistration(input.response, challenge) : null;
  if (!credential) throw startAgain;
  try {
    const recoveryCodes = await db.$transaction(async (tx) => {
      await tx.passkey.create({
        data: {
          userId: actor.id,
          name: input.name,
          credentialId: credential.credentialId,
          publicKey: new Uint8Array(credential.publicKey),
          counter: BigInt(credential.counter),
          transports: credential.transports,
          deviceType: credential.deviceType,
          backedUp: credential.backedUp,
        },
      });
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'mfa.passkey_add',
        entityType: 'User',
        entityId: actor.id,
        fields: ['passkeys'],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      return codesIfNone(tx, actor.id);
    });
    await notify(actor, `A passkey ("${input.name}") was added to your account for two-step sign-in.`);
    return { recoveryCodes };
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002')
      throw new InvalidError('This passkey is already set up.');
    throw err;
  }
}

async function confirmPassword(actor: CurrentUser, password: string, ctx: Ctx): Promise<void> {
  // The same throttle as signing in: a session left open must not become a way to guess the password.
  const claim = await claimLoginAttempt(actor.email, ctx.ip);
  if (!claim.allowed) throw new InvalidError(throttledMessage(claim.retryAfterSeconds));
  const user = await db.user.findUniqueOrThrow({ where: { id: actor.id }, select: { passwordHash: true } });
  if (!(await verifyPassword(user.passwordHash, password))) {
    throw new InvalidError('Please check the highlighted field.', { password: 'That is not your password' });
  }
  await markLoginSucceeded(claim.id);
}

/** Removes the authenticator app or one passkey, after the password. Staff keep at least one way. */
export async function removeSecondFactor(
  actor: CurrentUser,
  input: { kind: 'totp' } | { kind: 'passkey'; passkeyId: string },
  password: string,
  ctx: Ctx,
) {
  await confirmPassword(actor, password, ctx);
  await db.$transaction(async (tx) => {
    const removed =
      input.kind === 'totp'
        ? await tx.totpFactor.deleteMany({ where: { userId: actor.id, confirmedAt: { not: null } } })
        : await tx.passkey.deleteMany({ where: { id: input.passkeyId, userId: actor.id } });
    if (removed.count !== 1) throw new NotFoundError();
    const totpLeft = await tx.totpFactor.count({ where: { userId: actor.id, confirmedAt: { not: null } } });
    const left = totpLeft + (await tx.passkey.count({ where: { userId: actor.id } }));
    if (left === 0 && mustUseSecondFactor(actor)) {
      throw new InvalidError(
        'Two-step sign-in is required for your role. Add another way to sign in (an app or a passkey) before removing this one.',
      );
    }
    if (left === 0) {
      // A member turning two-step sign-in off altogether: the recovery codes go too, and nothing is required.
      await tx.recoveryCode.deleteMany({ where: { userId: actor.id } });
      await tx.user.update({ where: { id: actor.id }, data: { mfaRequiredAt: null } });
    }
    const action = input.kind === 'totp' ? 'mfa.totp_remove' : 'mfa.passkey_remove';
    await writeAudit(tx, {
      actorId: actor.id,
      action,
      entityType: 'User',
      entityId: actor.id,
      fields: [input.kind === 'totp' ? 'totpFactor' : 'passkeys'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
  });
  await notify(
    actor,
    input.kind === 'totp'
      ? 'The authenticator app was removed from your two-step sign-in.'
      : 'A passkey was removed from your account.',
  );
  return { removed: true };
}

export async function newRecoveryCodes(actor: CurrentUser, ctx: Ctx) {
  const recoveryCodes = await db.$transaction(async (tx) => {
    const factors =
      (await tx.totpFactor.count({ where: { userId: actor.id, confirmedAt: { not: null } } })) +
      (await tx.passkey.count({ where: { userId: actor.id } }));
    if (!factors) throw new InvalidError('Set up an authenticator app or a passkey first.');
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'mfa.recovery_codes',
      entityType: 'User',
      entityId: actor.id,
      fields: ['recoveryCodes'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return replaceRecoveryCodes(tx, actor.id);
  });
  await notify(actor, 'New recovery codes were made for your account. The old ones no longer work.');
  return { recoveryCodes };
}
