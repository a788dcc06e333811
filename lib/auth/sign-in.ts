import { db } from '../db/client';
import { getEnv } from '../env';
import { InvalidError } from '../errors';
import { writeAudit } from '../audit/write-audit';
import { hashToken, newToken } from '../users/tokens';
import { verifyPassword } from './password';
import { mustUseSecondFactor } from './policy';
import { emailSchema } from './schemas';
import { createSession } from './sessions';
import { claimLoginAttempt, markLoginSucceeded, throttledMessage } from './throttle';
import { SECOND_FACTOR_NEEDED, SIGN_IN_EXPIRED, WRONG_CREDENTIALS, type SecondFactorMethods } from './messages';

// Sign-in is password → second factor (when the account has one) → session (docs/decisions/0012).
// The password step hands the browser a sign-in ticket: a random token, of which only the SHA-256 is
// stored, valid for a few minutes. Once every factor the account needs has been given, next-auth's
// credentials provider exchanges the ticket, once, for a session (lib/auth/options.ts).

export { WRONG_CREDENTIALS, SIGN_IN_EXPIRED, SECOND_FACTOR_NEEDED, type SecondFactorMethods } from './messages';

const TICKET_MINUTES = 10;

export type PasswordStep =
  | { next: 'session'; ticket: string }
  | { next: 'second-factor'; ticket: string; methods: SecondFactorMethods };
export type SignedIn = { id: string; sv: number; sid: string; expiresAt: Date };
type Origin = { ip: string; userAgent?: string | null };

/** Checks email and password, throttled; same answer and same work for unknown and known emails. */
export async function checkPasswordStep(
  raw: { email?: unknown; password?: unknown },
  ip: string,
  now = new Date(),
): Promise<PasswordStep> {
  const parsedEmail = emailSchema.safeParse(raw.email);
  const password = typeof raw.password === 'string' ? raw.password.slice(0, 200) : '';
  if (!parsedEmail.success || !password) throw new InvalidError(WRONG_CREDENTIALS);
  const email = parsedEmail.data;
  const claim = await claimLoginAttempt(email, ip, now);
  if (!claim.allowed) throw new InvalidError(throttledMessage(claim.retryAfterSeconds));
  const user = await db.user.findUnique({
    where: { email },
    select: {
      id: true,
      passwordHash: true,
      disabledAt: true,
      role: true,
      mfaRequiredAt: true,
      totpFactor: { select: { confirmedAt: true } },
      _count: { select: { passkeys: true, recoveryCodes: { where: { usedAt: null } } } },
    },
  });
  const ok = (await verifyPassword(user?.passwordHash, password)) && !!user && !user.disabledAt;
  if (!ok || !user) throw new InvalidError(WRONG_CREDENTIALS);
  await markLoginSucceeded(claim.id);
  if (!user.mfaRequiredAt && mustUseSecondFactor(user)) {
    // Staff: the grace period for setting up two-step sign-in starts at their first sign-in.
    const until = new Date(now.getTime() + getEnv().MFA_GRACE_DAYS * 86_400_000);
    await db.user.updateMany({ where: { id: user.id, mfaRequiredAt: null }, data: { mfaRequiredAt: until } });
  }
  const methods = {
    totp: !!user.totpFactor?.confirmedAt,
    passkey: user._count.passkeys > 0,
    recoveryCode: user._count.recoveryCodes > 0,
  };
  const needsMore = methods.totp || methods.passkey;
  const { token, tokenHash } = newToken();
  await db.signInChallenge.create({
    data: {
      tokenHash,
      userId: user.id,
      factors: ['password'],
      readyAt: needsMore ? null : now,
      ip,
      createdAt: now,
      expiresAt: new Date(now.getTime() + TICKET_MINUTES * 60_000),
    },
  });
  return needsMore ? { next: 'second-factor', ticket: token, methods } : { next: 'session', ticket: token };
}

/** Exchanges a ready ticket, once, for a new session; writes the sign-in audit row with the factors used. */
export async function redeemSignInTicket(ticket: unknown, origin: Origin, now = new Date()): Promise<SignedIn> {
  if (typeof ticket !== 'string' || ticket.length < 20 || ticket.length > 100) throw new InvalidError(SIGN_IN_EXPIRED);
  const tokenHash = hashToken(ticket);
  return db.$transaction(async (tx) => {
    const claimed = await tx.signInChallenge.updateMany({
      where: { tokenHash, usedAt: null, readyAt: { not: null }, expiresAt: { gt: now } },
      data: { usedAt: now },
    });
    if (claimed.count !== 1) throw new InvalidError(SIGN_IN_EXPIRED);
    const challenge = await tx.signInChallenge.findUniqueOrThrow({
      where: { tokenHash },
      select: { userId: true, factors: true, user: { select: { sessionVersion: true, disabledAt: true } } },
    });
    if (challenge.user.disabledAt) throw new InvalidError(WRONG_CREDENTIALS);
    const session = await createSession(tx, { userId: challenge.userId, factors: challenge.factors, ...origin }, now);
    await writeAudit(tx, {
      actorId: challenge.userId,
      action: 'user.sign_in',
      entityType: 'User',
      entityId: challenge.userId,
      fields: challenge.factors,
      ip: origin.ip,
      userAgent: origin.userAgent ?? null,
    });
    return { id: challenge.userId, sv: challenge.user.sessionVersion, sid: session.sid, expiresAt: session.expiresAt };
  });
}

/**
 * Email and password straight to a session, for accounts without a second factor: what next-auth's
 * credentials endpoint does when called with email and password (scripts, HTTP tests). An account with
 * a second factor is refused here; the sign-in page asks for it.
 */
export async function authorizeCredentials(
  raw: { email?: unknown; password?: unknown },
  origin: Origin,
  now = new Date(),
): Promise<SignedIn> {
  const step = await checkPasswordStep(raw, origin.ip, now);
  if (step.next !== 'session') throw new InvalidError(SECOND_FACTOR_NEEDED);
  return redeemSignInTicket(step.ticket, origin, now);
}
