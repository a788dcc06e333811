import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import {
  SECOND_FACTOR_NEEDED,
  SIGN_IN_EXPIRED,
  WRONG_CREDENTIALS,
  authorizeCredentials,
  checkPasswordStep,
  redeemSignInTicket,
} from '@/lib/auth/sign-in';
import { hashPassword } from '@/lib/auth/password';
import { loadSessionState } from '@/lib/auth/current-user';
import { makePasskey, makeUser } from '../../helpers/factories';

// Sign-in against the real database. Each test uses its own address (the IPv6 documentation range) so the
// per-address keys never leak between tests or files sharing a PostgreSQL database.
const PASSWORD = 'correct horse battery';
const freshIp = () => `2001:db8::${crypto.randomBytes(2).toString('hex')}:${crypto.randomBytes(2).toString('hex')}`;
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

async function attempt(email: unknown, password: unknown, ip: string, now?: Date): Promise<string> {
  try {
    await authorizeCredentials({ email, password }, { ip }, now);
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('sign-in with email and password', () => {
  it('opens a server-side session and returns the ids only', async () => {
    const user = await makeUser('MEMBER', { passwordHash });
    const ip = freshIp();
    const signedIn = await authorizeCredentials({ email: user.email, password: PASSWORD }, { ip, userAgent: 'jest' });
    expect(signedIn).toEqual({ id: user.id, sv: 1, sid: expect.any(String), expiresAt: expect.any(Date) });
    // Only the session id's hash is stored.
    const rows = await db.session.findMany({ where: { userId: user.id } });
    expect(rows).toEqual([expect.objectContaining({ factors: ['password'], ip, userAgent: 'jest', revokedAt: null })]);
    expect(rows[0]!.tokenHash).not.toContain(signedIn.sid);
    expect(await loadSessionState(signedIn.sid, user.id, 1)).toMatchObject({ user, gate: { status: 'ok' } });
    expect(await db.loginAttempt.findMany({ where: { email: user.email } })).toEqual([
      expect.objectContaining({ ip, succeeded: true, delayed: false }),
    ]);
  });

  it('writes a user.sign_in audit row naming the factors and the address', async () => {
    const user = await makeUser('CASEWORKER', { passwordHash });
    const ip = freshIp();
    await authorizeCredentials({ email: user.email, password: PASSWORD }, { ip });
    const rows = await db.auditLog.findMany({ where: { actorId: user.id, action: 'user.sign_in' } });
    expect(rows).toEqual([
      expect.objectContaining({ entityType: 'User', entityId: user.id, caseId: null, fields: ['password'], ip }),
    ]);
  });

  it('normalises the email: case and surrounding spaces do not matter', async () => {
    const user = await makeUser('MEMBER', { passwordHash });
    expect(await attempt(`  ${user.email.toUpperCase()} `, PASSWORD, freshIp())).toBe('ok');
  });

  it('gives the identical message for a wrong password, an unknown email and missing input', async () => {
    const user = await makeUser('MEMBER', { passwordHash });
    const ip = freshIp();
    expect(await attempt(user.email, 'not the password', ip)).toBe(WRONG_CREDENTIALS);
    expect(await attempt(`nobody-${crypto.randomUUID()}@example.test`, PASSWORD, ip)).toBe(WRONG_CREDENTIALS);
    expect(await attempt('not an email', PASSWORD, ip)).toBe(WRONG_CREDENTIALS);
    expect(await attempt(user.email, '', ip)).toBe(WRONG_CREDENTIALS);
    expect(await attempt(user.email, 12345, ip)).toBe(WRONG_CREDENTIALS);
    expect(await attempt(undefined, undefined, ip)).toBe(WRONG_CREDENTIALS);
  });

  it('records each failure in LoginAttempt, for known and unknown emails alike, never the password', async () => {
    const user = await makeUser('MEMBER', { passwordHash });
    const unknown = `nobody-${crypto.randomUUID()}@example.test`;
    const ip = freshIp();
    await attempt(user.email, 'wrong one', ip);
    await attempt(unknown, 'wrong two', ip);
    const rows = await db.loginAttempt.findMany({ where: { ip }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => [r.email, r.succeeded])).toEqual([
      [user.email, false],
      [unknown, false],
    ]);
    expect(JSON.stringify(rows)).not.toContain('wrong');
  });

  it('refuses a user without a password, and a disabled user even with the right one, with the same message', async () => {
    const invited = await makeUser('CASEWORKER');
    expect(await attempt(invited.email, PASSWORD, freshIp())).toBe(WRONG_CREDENTIALS);
    const user = await makeUser('CASEWORKER', { passwordHash });
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await attempt(user.email, PASSWORD, freshIp())).toBe(WRONG_CREDENTIALS);
    expect(await db.auditLog.count({ where: { actorId: user.id, action: 'user.sign_in' } })).toBe(0);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });

  it('starts a caseworker’s grace period for two-step sign-in at their first sign-in, and not again', async () => {
    const user = await makeUser('CASEWORKER', { passwordHash });
    const now = new Date();
    await authorizeCredentials({ email: user.email, password: PASSWORD }, { ip: freshIp() }, now);
    const first = (await db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaRequiredAt;
    expect(first?.getTime()).toBe(now.getTime() + 7 * 86_400_000);
    await authorizeCredentials(
      { email: user.email, password: PASSWORD },
      { ip: freshIp() },
      new Date(now.getTime() + 86_400_000),
    );
    expect((await db.user.findUniqueOrThrow({ where: { id: user.id } })).mfaRequiredAt).toEqual(first);
    const member = await makeUser('MEMBER', { passwordHash });
    await authorizeCredentials({ email: member.email, password: PASSWORD }, { ip: freshIp() });
    expect((await db.user.findUniqueOrThrow({ where: { id: member.id } })).mfaRequiredAt).toBeNull();
  });
});

describe('sign-in tickets', () => {
  it('are single use and expire', async () => {
    const user = await makeUser('MEMBER', { passwordHash });
    const now = new Date();
    const step = await checkPasswordStep({ email: user.email, password: PASSWORD }, freshIp(), now);
    expect(step).toEqual({ next: 'session', ticket: expect.any(String) });
    const late = await checkPasswordStep({ email: user.email, password: PASSWORD }, freshIp(), now);
    await expect(
      redeemSignInTicket(late.ticket, { ip: freshIp() }, new Date(now.getTime() + 11 * 60_000)),
    ).rejects.toThrow(SIGN_IN_EXPIRED);
    await redeemSignInTicket(step.ticket, { ip: freshIp() }, now);
    await expect(redeemSignInTicket(step.ticket, { ip: freshIp() }, now)).rejects.toThrow(SIGN_IN_EXPIRED);
    for (const bad of ['', 'x'.repeat(30), 42, null, 'y'.repeat(500)])
      await expect(redeemSignInTicket(bad, { ip: freshIp() })).rejects.toThrow(SIGN_IN_EXPIRED);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it('give two parallel exchanges of one ticket exactly one session', async () => {
    const user = await makeUser('MEMBER', { passwordHash });
    const step = await checkPasswordStep({ email: user.email, password: PASSWORD }, freshIp());
    const results = await Promise.allSettled([
      redeemSignInTicket(step.ticket, { ip: 'local' }),
      redeemSignInTicket(step.ticket, { ip: 'local' }),
    ]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
  });

  it('refuse an account with a second factor on the email-and-password path', async () => {
    const user = await makeUser('MEMBER', { passwordHash });
    await makePasskey(user.id);
    expect(await attempt(user.email, PASSWORD, freshIp())).toBe(SECOND_FACTOR_NEEDED);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(0);
  });
});
