import { db } from '../db/client';
import { Prisma } from '../db/generated/client';
import type { RequestContext } from '../auth/context';
import { hashPassword } from '../auth/password';
import { canManageTeam, type Actor } from '../auth/policy';
import { writeAudit } from '../audit/write-audit';
import { revokeUserSessions } from '../auth/sessions';
import { InvalidError, NotFoundError } from '../errors';
import type { Role } from '../db/generated/enums';
import { forgetFilterOptions } from '../cases/find-filter-options';

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;

export async function createUser(
  input: { name: string; email: string; password: string; role: Role },
  actorId: string | null,
  ctx: Ctx,
) {
  const passwordHash = await hashPassword(input.password);
  try {
    return await db.$transaction(async (tx) => {
      const user = await tx.user.create({
        data: { name: input.name, email: input.email, passwordHash, role: input.role },
        select: { id: true, email: true, role: true },
      });
      await writeAudit(tx, {
        actorId: actorId ?? user.id,
        action: 'user.create',
        entityType: 'User',
        entityId: user.id,
        fields: ['name', 'email', 'role', 'passwordHash'],
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      return user;
    });
  } catch (err) {
    if (err instanceof Prisma.PrismaClientKnownRequestError && err.code === 'P2002') {
      throw new InvalidError('Please check the highlighted fields.', {
        email: 'We could not create an account with this email. If you already have one, sign in instead.',
      });
    }
    throw err;
  }
}

/** Ends every session of the user on their next request. */
export async function signOutEverywhere(actor: Actor, ctx: Ctx) {
  return db.$transaction(async (tx) => {
    await tx.user.update({ where: { id: actor.id }, data: { sessionVersion: { increment: 1 } } });
    await revokeUserSessions(tx, actor.id);
    await writeAudit(tx, {
      actorId: actor.id,
      action: 'user.sign_out_everywhere',
      entityType: 'User',
      entityId: actor.id,
      fields: ['sessionVersion'],
      ip: ctx.ip,
      userAgent: ctx.userAgent,
    });
    return { signedOut: true };
  });
}

/** Coordinator changes another account's role or disables it; either ends that user's sessions at once. */
export async function updateTeamMember(
  actor: Actor,
  input: { userId: string; role?: Role; disabled?: boolean },
  ctx: Ctx,
) {
  if (!canManageTeam(actor)) throw new NotFoundError();
  if (input.userId === actor.id)
    throw new InvalidError('You cannot change your own role or disable yourself. Ask another coordinator.');
  return db
    .$transaction(async (tx) => {
      const user = await tx.user.findUnique({
        where: { id: input.userId },
        select: { id: true, role: true, disabledAt: true, mfaRequiredAt: true },
      });
      if (!user) throw new NotFoundError();
      const data: Prisma.UserUpdateInput = { sessionVersion: { increment: 1 } };
      const fields: string[] = ['sessionVersion'];
      if (input.role && input.role !== user.role) {
        data.role = input.role;
        fields.push('role');
        if (user.mfaRequiredAt) {
          // Two-step sign-in duties follow the role: staff get their grace period from their next sign-in.
          data.mfaRequiredAt = null;
          fields.push('mfaRequiredAt');
        }
      }
      if (input.disabled !== undefined && input.disabled !== !!user.disabledAt) {
        data.disabledAt = input.disabled ? new Date() : null;
        fields.push('disabledAt');
      }
      await tx.user.update({ where: { id: user.id }, data });
      await revokeUserSessions(tx, user.id);
      await writeAudit(tx, {
        actorId: actor.id,
        action: 'user.update',
        entityType: 'User',
        entityId: user.id,
        fields,
        ip: ctx.ip,
        userAgent: ctx.userAgent,
      });
      return { updated: true };
    })
    .finally(forgetFilterOptions);
}

export async function listTeam(actor: Actor) {
  if (!canManageTeam(actor)) throw new NotFoundError();
  const [users, invites] = await Promise.all([
    db.user.findMany({
      where: { role: { in: ['CASEWORKER', 'COORDINATOR'] } },
      orderBy: [{ disabledAt: { sort: 'asc', nulls: 'first' } }, { name: 'asc' }],
      select: {
        id: true,
        name: true,
        email: true,
        role: true,
        disabledAt: true,
        createdAt: true,
        mfaRequiredAt: true,
        totpFactor: { select: { confirmedAt: true } },
        _count: { select: { assignments: { where: { endedAt: null } }, passkeys: true } },
      },
    }),
    db.invite.findMany({
      where: { usedAt: null, expiresAt: { gt: new Date() } },
      orderBy: { createdAt: 'desc' },
      select: { id: true, name: true, email: true, role: true, expiresAt: true },
    }),
  ]);
  return { users, invites };
}
