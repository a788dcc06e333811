import { db } from '../db/client';
import type { RequestContext } from '../auth/context';
import { verifyPassword } from '../auth/password';
import { writeAudit } from '../audit/write-audit';
import { InvalidError } from '../errors';
import { getEnv } from '../env';
import { sendAuthMail } from './auth-mail';
import { hashToken, newToken } from './tokens';

// Sign-up with email verification. The form always answers "check your email", whether or not the
// address has an account; the mailbox's owner learns which by email. The account is created only when
// the link from that email is used (with the password chosen), so nobody can hold an address they do not
// read, and nothing on screen tells a visitor which addresses are registered.

type Ctx = Pick<RequestContext, 'ip' | 'userAgent'>;
export const SIGN_UP_LINK_HOURS = 24;
export const LINK_EXPIRED =
  'This link has expired or has already been used. Create your account again to get a new one.';

const appUrl = () => getEnv().APP_URL.replace(/\/$/, '');

/** Runs after the form has answered (the same answer for every address), so its timing tells nothing either. */
export async function requestSignUp(
  input: { name: string; email: string; passwordHash: string },
  now = new Date(),
): Promise<void> {
  const existing = await db.user.findUnique({ where: { email: input.email }, select: { name: true } });
  if (existing) {
    await sendAuthMail(
      'already-registered',
      {
        to: input.email,
        subject: 'You already have a Reinstate account',
        text:
          `Hello ${existing.name},\n\nSomeone (perhaps you) tried to create a new Reinstate account with this email address. ` +
          `You already have one, so nothing was changed.\n\nSign in here: ${appUrl()}/login\n` +
          `Forgotten your password? Choose a new one here: ${appUrl()}/forgot-password\n\nIf this was not you, you can ignore this email.\n`,
      },
      now,
    );
    return;
  }
  const { token, tokenHash } = newToken();
  const expiresAt = new Date(now.getTime() + SIGN_UP_LINK_HOURS * 3600_000);
  await db.signUpRequest.create({
    data: {
      email: input.email,
      name: input.name,
      passwordHash: input.passwordHash,
      tokenHash,
      expiresAt,
      createdAt: now,
    },
  });
  await sendAuthMail(
    'sign-up',
    {
      to: input.email,
      subject: 'Confirm your email to finish creating your Reinstate account',
      text:
        `Hello ${input.name},\n\nTo finish creating your Reinstate account, open this link (it works once, for ${SIGN_UP_LINK_HOURS} hours):\n` +
        `${appUrl()}/verify-email/${token}\n\nIf you did not ask for an account, you can ignore this email: nothing will be created.\n`,
    },
    now,
  );
}

export async function findUsableSignUp(token: string, now = new Date()) {
  if (!token || token.length > 200) return null;
  const request = await db.signUpRequest.findUnique({
    where: { tokenHash: hashToken(token) },
    select: { id: true, email: true, name: true, passwordHash: true, usedAt: true, expiresAt: true },
  });
  if (!request || request.usedAt || request.expiresAt <= now) return null;
  return request;
}

/** The link, with the password chosen at sign-up (a link opened by a mail scanner does nothing): creates the member account. */
export async function confirmSignUp(
  input: { token: string; password: string },
  ctx: Ctx,
  now = new Date(),
): Promise<{ email: string }> {
  const request = await findUsableSignUp(input.token, now);
  if (!request) throw new InvalidError(LINK_EXPIRED);
  if (!(await verifyPassword(request.passwordHash, input.password))) {
    throw new InvalidError('Please check the highlighted field.', {
      password: 'That is not the password you chose when you signed up',
    });
  }
  return db.$transaction(async (tx) => {
    const claimed = await tx.signUpRequest.updateMany({
      where: { id: request.id, usedAt: null, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw new InvalidError(LINK_EXPIRED);
    if (await tx.user.findUnique({ where: { email: request.email }, select: { id: true } })) {
      throw new InvalidError('An account with this email already exists. Sign in instead.');
    }
    // Other links for the same address stop working: one account, made once.
    await tx.signUpRequest.updateMany({ where: { email: request.email, usedAt: null }, data: { usedAt: now } });
    const user = await tx.user.create({
      data: { email: request.email, name: request.name, passwordHash: request.passwordHash, role: 'MEMBER' },
      select: { id: true },
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
    return { email: request.email };
  });
}
