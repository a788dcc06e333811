import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import { THROTTLED, WRONG_CREDENTIALS, authorizeCredentials, clientIpFrom } from '@/lib/auth/options';
import { hashPassword } from '@/lib/auth/password';
import { loadActiveUser } from '@/lib/auth/current-user';
import { makeUser } from '../../helpers/factories';

// Sign-in against the real database. Each test uses its own address (the IPv6 documentation range) so the
// per-address throttle never leaks between tests or files sharing a PostgreSQL database.
const PASSWORD = 'correct horse battery';
const freshIp = () => `2001:db8::${crypto.randomBytes(2).toString('hex')}:${crypto.randomBytes(2).toString('hex')}`;
let passwordHash: string;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

async function attempt(email: unknown, password: unknown, ip: string): Promise<string> {
  try {
    await authorizeCredentials({ email, password }, ip);
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  }
}

describe('authorizeCredentials', () => {
  it('signs in with the right password and returns the id and session version only', async () => {
    const user = await makeUser('MEMBER', { passwordHash });
    const ip = freshIp();
    const session = await authorizeCredentials({ email: user.email, password: PASSWORD }, ip);
    expect(session).toEqual({ id: user.id, sv: 1 });
    expect(await loadActiveUser(session!.id, session!.sv)).toEqual(user);
    const attempts = await db.loginAttempt.findMany({ where: { email: user.email } });
    expect(attempts).toEqual([expect.objectContaining({ ip, succeeded: true })]);
  });

  it('writes a user.sign_in audit row with the address', async () => {
    const user = await makeUser('CASEWORKER', { passwordHash });
    const ip = freshIp();
    await authorizeCredentials({ email: user.email, password: PASSWORD }, ip);
    const rows = await db.auditLog.findMany({ where: { actorId: user.id, action: 'user.sign_in' } });
    expect(rows).toEqual([expect.objectContaining({ entityType: 'User', entityId: user.id, caseId: null, fields: [], ip })]);
  });

  it('normalises the email: case and surrounding spaces do not matter', async () => {
    const user = await makeUser('MEMBER', { passwordHash });
    expect(await attempt(`  ${user.email.toUpperCase()} `, PASSWORD, freshIp())).toBe('ok');
  });

  it('gives the identical message for a wrong password, an unknown email and missing input', async () => {
    const user = await makeUser('MEMBER', { passwordHash });
    const ip = freshIp();
    const wrongPassword = await attempt(user.email, 'not the password', ip);
    const unknownEmail = await attempt(`nobody-${crypto.randomUUID()}@example.test`, PASSWORD, ip);
    expect(wrongPassword).toBe(WRONG_CREDENTIALS);
    expect(unknownEmail).toBe(WRONG_CREDENTIALS);
    expect(await attempt('not an email', PASSWORD, ip)).toBe(WRONG_CREDENTIALS);
    expect(await attempt(user.email, '', ip)).toBe(WRONG_CREDENTIALS);
    expect(await attempt(user.email, 12345, ip)).toBe(WRONG_CREDENTIALS);
    expect(await attempt(undefined, undefined, ip)).toBe(WRONG_CREDENTIALS);
  });

  it('records each failure in LoginAttempt, for known and unknown emails alike', async () => {
    const user = await makeUser('MEMBER', { passwordHash });
    const unknown = `nobody-${crypto.randomUUID()}@example.test`;
    const ip = freshIp();
    await attempt(user.email, 'wrong one', ip);
    await attempt(unknown, 'wrong two', ip);
    const rows = await db.loginAttempt.findMany({ where: { ip }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => [r.email, r.succeeded])).toEqual([[user.email, false], [unknown, false]]);
    // The password is never stored, in any form.
    expect(JSON.stringify(rows)).not.toContain('wrong');
  });

  it('refuses a user without a password (invited, not yet accepted) with the same message', async () => {
    const user = await makeUser('CASEWORKER');
    expect(await attempt(user.email, PASSWORD, freshIp())).toBe(WRONG_CREDENTIALS);
  });

  it('refuses a disabled user even with the right password, and writes no sign-in audit', async () => {
    const user = await makeUser('CASEWORKER', { passwordHash });
    await db.user.update({ where: { id: user.id }, data: { disabledAt: new Date() } });
    expect(await attempt(user.email, PASSWORD, freshIp())).toBe(WRONG_CREDENTIALS);
    expect(await db.auditLog.count({ where: { actorId: user.id, action: 'user.sign_in' } })).toBe(0);
    expect(await db.loginAttempt.findMany({ where: { email: user.email } })).toEqual([expect.objectContaining({ succeeded: false })]);
  });

  it('throttles an account after LOGIN_MAX_FAILURES failures: even the right password is refused', async () => {
    expect(process.env.LOGIN_MAX_FAILURES).toBe('5');
    const user = await makeUser('MEMBER', { passwordHash });
    for (let i = 0; i < 4; i++) expect(await attempt(user.email, `wrong ${i}`, freshIp())).toBe(WRONG_CREDENTIALS);
    // Four failures: still allowed. The fifth failure closes the door, from any address.
    expect(await attempt(user.email.toUpperCase(), 'wrong 4', freshIp())).toBe(WRONG_CREDENTIALS);
    expect(await attempt(user.email, PASSWORD, freshIp())).toBe(THROTTLED);
    // Every attempt is recorded, the refused one too: keeping on guessing keeps the account locked.
    expect(await db.loginAttempt.count({ where: { email: user.email } })).toBe(6);
    expect(await db.loginAttempt.count({ where: { email: user.email, succeeded: true } })).toBe(0);
    expect(await db.auditLog.count({ where: { actorId: user.id, action: 'user.sign_in' } })).toBe(0);
  });

  it('throttles an address after four times as many failures across accounts', async () => {
    const ip = freshIp();
    const user = await makeUser('MEMBER', { passwordHash });
    await db.loginAttempt.createMany({
      data: Array.from({ length: 19 }, (_, i) => ({ email: `guess-${i}-${crypto.randomUUID()}@example.test`, ip, succeeded: false })),
    });
    expect(await attempt(user.email, PASSWORD, ip)).toBe('ok');
    await db.loginAttempt.create({ data: { email: `guess-${crypto.randomUUID()}@example.test`, ip, succeeded: false } });
    expect(await attempt(user.email, PASSWORD, ip)).toBe(THROTTLED);
    // The same account from another address is fine: its own record is clean.
    expect(await attempt(user.email, PASSWORD, freshIp())).toBe('ok');
  });

  it('does not throttle by address when the address is unknown ("local": no trusted proxy)', async () => {
    await db.loginAttempt.createMany({
      data: Array.from({ length: 25 }, () => ({ email: `guess-${crypto.randomUUID()}@example.test`, ip: 'local', succeeded: false })),
    });
    const user = await makeUser('MEMBER', { passwordHash });
    expect(await attempt(user.email, PASSWORD, 'local')).toBe('ok');
    // The per-account limit still applies.
    for (let i = 0; i < 5; i++) await attempt(user.email, `wrong ${i}`, 'local');
    expect(await attempt(user.email, PASSWORD, 'local')).toBe(THROTTLED);
  });

  it('forgets failures older than the window', async () => {
    const user = await makeUser('MEMBER', { passwordHash });
    const old = new Date(Date.now() - 16 * 60_000);
    await db.loginAttempt.createMany({ data: Array.from({ length: 5 }, () => ({ email: user.email, ip: freshIp(), succeeded: false, createdAt: old })) });
    expect(await attempt(user.email, PASSWORD, freshIp())).toBe('ok');
  });

  // Attempts are recorded before the password check, so parallel guesses cannot race the limit.
  it('limits parallel guesses too: at most LOGIN_MAX_FAILURES get a password check', async () => {
    const user = await makeUser('MEMBER', { passwordHash });
    const results = await Promise.all(Array.from({ length: 15 }, (_, i) => attempt(user.email, `wrong ${i}`, freshIp())));
    expect(results.filter((r) => r === THROTTLED).length).toBeGreaterThanOrEqual(10);
  });

  it('does not count successful sign-ins towards the throttle', async () => {
    const user = await makeUser('MEMBER', { passwordHash });
    for (let i = 0; i < 6; i++) expect(await attempt(user.email, PASSWORD, freshIp())).toBe('ok');
  });
});

describe('clientIpFrom', () => {
  it('ignores X-Forwarded-For unless TRUST_PROXY is set, and caps the length', () => {
    expect(clientIpFrom({ 'x-forwarded-for': '1.2.3.4', 'x-real-ip': '10.0.0.1' })).toBe('10.0.0.1');
    expect(clientIpFrom({ 'x-forwarded-for': '1.2.3.4' })).toBe('local');
    expect(clientIpFrom(undefined)).toBe('local');
    expect(clientIpFrom({ 'x-real-ip': 'x'.repeat(500) })).toHaveLength(64);
  });
});
