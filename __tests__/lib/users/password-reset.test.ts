import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import { createSession } from '@/lib/auth/sessions';
import { loadSessionState } from '@/lib/auth/current-user';
import { hashPassword } from '@/lib/auth/password';
import { authorizeCredentials, checkPasswordStep, WRONG_CREDENTIALS } from '@/lib/auth/sign-in';
import { requestPasswordResetAction, resetPasswordAction } from '@/lib/users/actions';
import { RESET_EXPIRED } from '@/lib/users/password-reset-services';
import { actAs, makePasskey, makeUser } from '../../helpers/factories';
import { startSmtpSink, type Sink } from '../reminders/smtp-sink';

// "Forgotten your password?" with mail delivered to a real SMTP server (set before getEnv() caches).
const OLD = 'the old password here';
const NEW = 'a brand new passphrase';
const settle = () => Promise.all((globalThis as { __pendingAfter?: Promise<unknown>[] }).__pendingAfter ?? []);
let sink: Sink;

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
  process.env.APP_URL = 'http://localhost:3000';
});
afterAll(async () => sink.close());
beforeEach(() => actAs(null));

const mailsTo = (address: string) => sink.received.filter((m) => m.to.includes(address));
const linkIn = (body: string) => /http:\/\/localhost:3000\/reset-password\/([A-Za-z0-9_-]+)/.exec(body)?.[1];

async function requestLink(address: string) {
  const res = await requestPasswordResetAction({ email: address });
  await settle();
  return res;
}

describe('password reset by email', () => {
  it('sends a single-use link; the new password works, the old one does not, and every session ends', async () => {
    const user = await makeUser('CASEWORKER', { passwordHash: await hashPassword(OLD) });
    const { sid } = await db.$transaction((tx) =>
      createSession(tx, { userId: user.id, factors: ['password'], ip: 'local' }),
    );
    expect(await requestLink(user.email)).toEqual({ ok: true, data: { email: user.email } });
    const token = linkIn(mailsTo(user.email)[0]!.body)!;
    expect(JSON.stringify(await db.passwordReset.findMany({ where: { userId: user.id } }))).not.toContain(token);

    expect(await resetPasswordAction({ token, password: 'short', confirmPassword: 'short' })).toMatchObject({
      ok: false,
      fieldErrors: { password: 'Use at least 10 characters' },
    });
    expect(await resetPasswordAction({ token, password: NEW, confirmPassword: NEW })).toEqual({
      ok: true,
      data: { email: user.email },
    });
    expect(await loadSessionState(sid, user.id, 1)).toBeNull();
    expect(await loadSessionState(sid, user.id, 2)).toBeNull();
    await expect(authorizeCredentials({ email: user.email, password: OLD }, { ip: '2001:db8::aa' })).rejects.toThrow(
      WRONG_CREDENTIALS,
    );
    expect(await authorizeCredentials({ email: user.email, password: NEW }, { ip: '2001:db8::ab' })).toMatchObject({
      id: user.id,
      sv: 2,
    });
    expect(
      await resetPasswordAction({ token, password: 'yet another one!', confirmPassword: 'yet another one!' }),
    ).toMatchObject({ ok: false, error: RESET_EXPIRED });
    expect(
      await db.auditLog.findMany({
        where: { entityId: user.id, action: { in: ['user.password_reset_request', 'user.password_reset'] } },
        orderBy: { createdAt: 'asc' },
      }),
    ).toEqual([
      expect.objectContaining({ actorId: null, action: 'user.password_reset_request' }),
      expect.objectContaining({ actorId: user.id, fields: ['passwordHash', 'sessionVersion'] }),
    ]);
    expect(mailsTo(user.email).map((m) => m.subject)).toEqual([
      'Choose a new password for Reinstate',
      'Your Reinstate password was changed',
    ]);
  });

  it('answers the same for an unknown address and sends nothing', async () => {
    const unknown = `nobody-${crypto.randomUUID()}@example.test`;
    const user = await makeUser('MEMBER', { passwordHash: await hashPassword(OLD) });
    const a = await requestLink(unknown);
    const b = await requestLink(user.email);
    expect(a).toEqual({ ok: true, data: { email: unknown } });
    expect(Object.keys(a)).toEqual(Object.keys(b));
    expect(mailsTo(unknown)).toHaveLength(0);
  });

  it('sends nothing to a disabled account, and a newer link replaces an older one', async () => {
    const disabled = await makeUser('CASEWORKER', { passwordHash: await hashPassword(OLD) });
    await db.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    await requestLink(disabled.email);
    expect(mailsTo(disabled.email)).toHaveLength(0);

    const user = await makeUser('MEMBER', { passwordHash: await hashPassword(OLD) });
    await requestLink(user.email);
    await requestLink(user.email);
    const [first, second] = mailsTo(user.email).map((m) => linkIn(m.body)!);
    expect(await resetPasswordAction({ token: first!, password: NEW, confirmPassword: NEW })).toMatchObject({
      ok: false,
      error: RESET_EXPIRED,
    });
    expect(await resetPasswordAction({ token: second!, password: NEW, confirmPassword: NEW })).toMatchObject({
      ok: true,
    });
  });

  it('expires after an hour', async () => {
    const user = await makeUser('MEMBER', { passwordHash: await hashPassword(OLD) });
    await requestLink(user.email);
    const token = linkIn(mailsTo(user.email)[0]!.body)!;
    await db.passwordReset.updateMany({ where: { userId: user.id }, data: { expiresAt: new Date(Date.now() - 1) } });
    expect(await resetPasswordAction({ token, password: NEW, confirmPassword: NEW })).toMatchObject({
      ok: false,
      error: RESET_EXPIRED,
    });
  });

  it('leaves two-step sign-in in place: a reset link alone never opens a protected account', async () => {
    const user = await makeUser('CASEWORKER', { passwordHash: await hashPassword(OLD) });
    await makePasskey(user.id);
    await requestLink(user.email);
    await resetPasswordAction({ token: linkIn(mailsTo(user.email)[0]!.body)!, password: NEW, confirmPassword: NEW });
    expect(await checkPasswordStep({ email: user.email, password: NEW }, '2001:db8::ac')).toMatchObject({
      next: 'second-factor',
    });
  });

  it('refuses extra fields and made-up tokens', async () => {
    expect(await requestPasswordResetAction({ email: 'a@example.test', userId: 'x' } as never)).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    expect(await resetPasswordAction({ token: 'x'.repeat(43), password: NEW, confirmPassword: NEW })).toMatchObject({
      ok: false,
      error: RESET_EXPIRED,
    });
  });
});
