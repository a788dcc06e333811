import { db } from '../db/client';
import type { RequestContext } from '../auth/context';
import { hashPassword } from '../auth/password';
import { revokeUserSessions } from '../auth/sessions';
import { writeAudit } from '../audit/write-audit';
import { InvalidError } from '../errors';
import { getEnv } from '../env';
import { sendMail } from '../mail/send-mail';
import { sendAuthMail } from './auth-mail';
import { hashToken, newToken } from './tokens';

// "Forgotten your password?": a single-use link by email, valid for an hour, of which only the SHA-256
// is stored. The form answers the same for every address. Choosing a new password ends every session
// of the account; two-step sign-in is untouched, so an emailed link alone never opens a protected account.

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;
export const RESET_LINK_MINUTES = 60;
export const RESET_EXPIRED = 'This link has expired or has already been used. Ask for a new one below.';

/** Runs after the form has answered; sends a link only to an existing, enabled account, within the mail budget. */
export async function requestPasswordReset(email: string, ctx: Ctx, now = new Date()): Promise<void> {
  const user = await db.user.findUnique({ where: { email }, select: { id: true, name: true, disabledAt: true } });
  if (!user || user.disabledAt) return;
  const { token, tokenHash } = newToken();
  await db.$transaction(async (tx) => {
    // A new link replaces any earlier one.
    await tx.passwordReset.updateMany({ where: { userId: user.id, usedAt: null }, data: { expiresAt: now } });
    await tx.passwordReset.create({
      data: {
        userId: user.id,
        tokenHash,
        createdAt: now,
        expiresAt: new Date(now.getTime() + RESET_LINK_MINUTES * 60_000),
      },
    });
    await writeAudit(tx, {
      actorId: null,
      action: 'user.password_reset_request',
      entityType: 'User',
      entityId: user.id,
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
  });
  await sendAuthMail(
    'password-reset',
    {
      to: email,
      subject: 'Choose a new password for Reinstate',
      text:
        `Hello ${user.name},\n\nSomeone (we hope you) asked to choose a new password for your Reinstate account. ` +
        `Use this link within ${RESET_LINK_MINUTES} minutes; it works once:\n${getEnv().APP_URL.replace(/\/$/, '')}/reset-password/${token}\n\n` +
        'If you did not ask, ignore this email: your password stays as it is.\n',
    },
    now,
  );
}

export async function findUsableReset(token: string, now = new Date()) {
  if (!token || token.length > 200) return null;
  const reset = await db.passwordReset.findUnique({
    where: { tokenHash: hashToken(token) },
    select: {
      id: true,
      userId: true,
      usedAt: true,
      expiresAt: true,
      user: { select: { email: true, name: true, disabledAt: true } },
    },
  });
  if (!reset || reset.usedAt || reset.expiresAt <= now || reset.user.disabledAt) return null;
  return reset;
}

export async function resetPassword(
  input: { token: string; password: string },
  ctx: Ctx,
  now = new Date(),
): Promise<{ email: string }> {
  const reset = await findUsableReset(input.token, now);
  if (!reset) throw new InvalidError(RESET_EXPIRED);
  const passwordHash = await hashPassword(input.password);
  await db.$transaction(async (tx) => {
    const claimed = await tx.passwordReset.updateMany({
      where: { id: reset.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw new InvalidError(RESET_EXPIRED);
    await tx.user.update({ where: { id: reset.userId }, data: { passwordHash, sessionVersion: { increment: 1 } } });
    await revokeUserSessions(tx, reset.userId, now);
    await writeAudit(tx, {
      actorId: reset.userId,
      action: 'user.password_reset',
      entityType: 'User',
      entityId: reset.userId,
      fields: ['passwordHash', 'sessionVersion'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
  });
  await sendMail({
    to: reset.user.email,
    subject: 'Your Reinstate password was changed',
    text:
      `Hello ${reset.user.name},\n\nThe password of your Reinstate account was just changed with a link sent to this address, and every device was signed out.\n\n` +
      'If this was not you, choose a new password again from the sign-in page straight away and tell your coordinator.\n',
  }).catch((err: unknown) =>
    console.error('[mail] password-changed notice not sent:', err instanceof Error ? err.message : err),
  );
  return { email: reset.user.email };
}
