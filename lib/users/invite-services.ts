import { db } from '../db/client';
import type { RequestContext } from '../auth/context';
import { canManageTeam, type Actor } from '../auth/policy';
import { writeAudit } from '../audit/write-audit';
import { InvalidError, NotFoundError } from '../errors';
import { getEnv } from '../env';
import { sendMail } from '../mail/send-mail';
import { hashPassword } from '../auth/password';
import { hashToken, newToken } from './tokens';
import type { Role } from '../db/generated/enums';
import { forgetFilterOptions } from '../cases/find-filter-options';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

export async function inviteTeamMember(
  actor: Actor,
  input: { name: string; email: string; role: 'CASEWORKER' | 'COORDINATOR' },
  ctx: Ctx,
) {
  if (!canManageTeam(actor)) throw new NotFoundError();
  const env = getEnv();
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { id: true } });
  if (existing)
    throw new InvalidError('Please check the highlighted fields.', {
      email: 'Someone already has an account with this email',
    });
  const { token, tokenHash } = newToken();
  const link = `${env.APP_URL.replace(/\/$/, '')}/invite/${token}`;
  const roleWord = input.role === 'COORDINATOR' ? 'a coordinator' : 'a caseworker';
  // The email is sent inside the transaction: if it cannot be sent, no invitation exists and any
  // earlier link for this address keeps working.
  const { invite, sent } = await db.$transaction(async (tx) => {
    // A new invitation replaces any unused one for the same address.
    await tx.invite.updateMany({ where: { email: input.email, usedAt: null }, data: { expiresAt: new Date() } });
    const created = await tx.invite.create({
      data: {
        email: input.email,
        name: input.name,
        role: input.role,
        tokenHash,
        invitedById: actor.id,
        expiresAt: new Date(Date.now() + env.INVITE_HOURS * 3600_000),
      },
      select: { id: true, expiresAt: true },
    });
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'invite.create',
      entityType: 'Invite',
      entityId: created.id,
      fields: ['email', 'name', 'role'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    const delivered = await sendMail({
      to: input.email,
      subject: 'You have been invited to Reinstate',
      text: `Hello ${input.name},\n\nYou have been invited to join Reinstate as ${roleWord}.\n\nChoose your password here (the link works once, for ${env.INVITE_HOURS} hours):\n${link}\n\nIf you were not expecting this, you can ignore this email.\n`,
    }).catch((err: unknown) => {
      console.error('[mail] invitation not sent:', err instanceof Error ? err.message : err);
      throw new InvalidError(
        'The invitation email could not be sent, so no invitation was created. Check the address, or try again later.',
        {
          email: 'We could not send an email to this address',
        },
      );
    });
    return { invite: created, sent: delivered };
  });
  return { inviteId: invite.id, expiresAt: invite.expiresAt, delivery: sent.via };
}

export async function findUsableInvite(token: string) {
  if (!token || token.length > 200) return null;
  const invite = await db.invite.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, email: true, name: true, role: true, usedAt: true, expiresAt: true },
  });
  if (!invite || invite.usedAt || invite.expiresAt <= new Date()) return null;
  return invite;
}

/** Single use: marking the invite used and creating the account commit together, guarded against a double submit. */
export async function acceptInvite(
  input: { token: string; password: string },
  ctx: Ctx,
): Promise<{ email: string; role: Role }> {
  const invite = await findUsableInvite(input.token);
  const expired = new InvalidError(
    'This invitation link has expired or has already been used. Ask your coordinator for a new one.',
  );
  if (!invite) throw expired;
  const passwordHash = await hashPassword(input.password);
  return db
    .$transaction(async (tx) => {
      const claimed = await tx.invite.updateMany({
        where: { id: invite.id, usedAt: null, expiresAt: { gt: new Date() } },
        data: { usedAt: new Date() },
      });
      if (claimed.count !== 1) throw expired;
      const taken = await tx.user.findUnique({ where: { email: invite.email }, select: { id: true } });
      if (taken) throw new InvalidError('An account with this email already exists. Sign in instead.');
      const user = await tx.user.create({
        data: { email: invite.email, name: invite.name, role: invite.role, passwordHash },
        select: { id: true },
      });
      await writeAudit(tx, {
        actorId: user.id,
        action: 'invite.accept',
        entityType: 'Invite',
        entityId: invite.id,
        fields: ['usedAt'],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      await writeAudit(tx, {
        actorId: user.id,
        action: 'user.create',
        entityType: 'User',
        entityId: user.id,
        fields: ['name', 'email', 'role', 'passwordHash'],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      return { email: invite.email, role: invite.role };
    })
    .finally(forgetFilterOptions);
}
