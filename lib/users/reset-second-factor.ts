import { db } from '../db/client';
import type { RequestContext } from '../auth/context';
import { canResetSecondFactor, type Actor } from '../auth/policy';
import { revokeUserSessions } from '../auth/sessions';
import { writeAudit } from '../audit/write-audit';
import { InvalidError, NotFoundError } from '../errors';
import { sendMail } from '../mail/send-mail';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

/**
 * A coordinator resets another staff member's two-step sign-in (a lost phone): their authenticator
 * app, passkeys and recovery codes are removed, their sessions end, and at their next sign-in (password
 * only) they can reach nothing but the set-up page. Audited, and the person is told by email; the email
 * is sent inside the transaction, so a reset nobody was told about does not happen.
 */
export async function resetSecondFactor(
  actor: Actor & { name?: string },
  input: { userId: string },
  ctx: Ctx,
  now = new Date(),
) {
  const target = await db.user.findUnique({
    where: { id: input.userId },
    select: { id: true, role: true, name: true, email: true },
  });
  if (!target || !canResetSecondFactor(actor, target)) throw new NotFoundError();
  await db.$transaction(async (tx) => {
    await tx.totpFactor.deleteMany({ where: { userId: target.id } });
    await tx.passkey.deleteMany({ where: { userId: target.id } });
    await tx.recoveryCode.deleteMany({ where: { userId: target.id } });
    await tx.user.update({
      where: { id: target.id },
      data: { mfaRequiredAt: now, sessionVersion: { increment: 1 }, passkeyChallenge: null },
    });
    await revokeUserSessions(tx, target.id, now);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'mfa.reset',
      entityType: 'User',
      entityId: target.id,
      fields: ['totpFactor', 'passkeys', 'recoveryCodes', 'mfaRequiredAt', 'sessionVersion'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    await sendMail({
      to: target.email,
      subject: 'Your Reinstate two-step sign-in was reset',
      text:
        `Hello ${target.name},\n\n${actor.name ?? 'A coordinator'} reset two-step sign-in on your Reinstate account. ` +
        'You have been signed out everywhere. Next time you sign in with your password, you will be asked to set up ' +
        'an authenticator app or a passkey before anything else.\n\nIf you did not ask for this, tell another coordinator straight away.\n',
    }).catch((err: unknown) => {
      console.error('[mail] reset notice not sent:', err instanceof Error ? err.message : err);
      throw new InvalidError('The email telling them could not be sent, so nothing was reset. Try again later.');
    });
  });
  return { reset: true };
}
