import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import { createSession } from '@/lib/auth/sessions';
import { loadSessionState } from '@/lib/auth/current-user';
import { hashPassword } from '@/lib/auth/password';
import { checkPasswordStep, redeemSignInTicket } from '@/lib/auth/sign-in';
import { resetSecondFactorAction } from '@/lib/users/actions';
import { actAs, makePasskey, makeUser, type TestUser } from '../../helpers/factories';
import { startSmtpSink, type Sink } from '../reminders/smtp-sink';

// A coordinator resets another staff member's second factor (lost phone): audited, the person told by
// email (a real SMTP server here), their sessions ended, and set-up required at their next sign-in.
const PASSWORD = 'correct horse battery';
let sink: Sink;

beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
});
afterAll(async () => sink.close());

async function withFactors(role: 'CASEWORKER' | 'COORDINATOR' | 'MEMBER', email?: string) {
  const user = await makeUser(role, { passwordHash: await hashPassword(PASSWORD), email });
  await makePasskey(user.id, 'Phone');
  await db.recoveryCode.create({ data: { userId: user.id, codeHash: crypto.randomUUID() } });
  const { sid } = await db.$transaction((tx) =>
    createSession(tx, { userId: user.id, factors: ['password', 'passkey'], ip: 'local' }),
  );
  return { user, sid };
}
const factorsOf = async (u: TestUser) =>
  (await db.passkey.count({ where: { userId: u.id } })) + (await db.recoveryCode.count({ where: { userId: u.id } }));

describe('resetSecondFactorAction', () => {
  it('removes every factor, ends the sessions, audits, emails the person, and makes them set up again at next sign-in', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { user, sid } = await withFactors('CASEWORKER');
    actAs(coordinator);
    expect(await resetSecondFactorAction({ userId: user.id })).toEqual({ ok: true, data: { reset: true } });
    expect(await factorsOf(user)).toBe(0);
    expect(await loadSessionState(sid, user.id, 1)).toBeNull();
    expect(await loadSessionState(sid, user.id, 2)).toBeNull();
    const audit = await db.auditLog.findMany({ where: { entityId: user.id, action: 'mfa.reset' } });
    expect(audit).toEqual([expect.objectContaining({ actorId: coordinator.id, ip: '203.0.113.7' })]);
    const mail = sink.received.find((m) => m.to.includes(user.email));
    expect(mail?.subject).toBe('Your Reinstate two-step sign-in was reset');
    expect(mail?.body).toContain(coordinator.name);
    // Next sign-in: the password alone, then nothing but the set-up page.
    const step = await checkPasswordStep({ email: user.email, password: PASSWORD }, '2001:db8::5');
    expect(step.next).toBe('session');
    const session = await redeemSignInTicket(step.ticket, { ip: 'local' });
    expect(await loadSessionState(session.sid, user.id, 2)).toMatchObject({ gate: { status: 'enrol' } });
  });

  it('answers not-found for anyone but a coordinator, for a member, and for their own account, changing nothing', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const caseworker = await makeUser('CASEWORKER');
    const { user: target } = await withFactors('CASEWORKER');
    const { user: member } = await withFactors('MEMBER');
    const { user: self } = await withFactors('COORDINATOR');
    for (const [who, id] of [
      [caseworker, target.id],
      [member, target.id],
      [coordinator, member.id],
      [self, self.id],
      [coordinator, 'no-such-user'],
    ] as const) {
      actAs(who);
      expect(await resetSecondFactorAction({ userId: id })).toMatchObject({ ok: false, code: 'not_found' });
    }
    for (const u of [target, member, self]) expect(await factorsOf(u)).toBe(2);
    actAs(null);
    expect(await resetSecondFactorAction({ userId: target.id })).toMatchObject({ ok: false, code: 'unauthenticated' });
  });

  it('resets nothing when the person cannot be told', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { user, sid } = await withFactors(
      'CASEWORKER',
      `refused-${crypto.randomBytes(4).toString('hex')}@example.test`,
    );
    actAs(coordinator);
    sink.setRefusing(true);
    expect(await resetSecondFactorAction({ userId: user.id })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/could not be sent, so nothing was reset/),
    });
    expect(await factorsOf(user)).toBe(2);
    expect(await loadSessionState(sid, user.id, 1)).not.toBeNull();
    expect(await db.auditLog.count({ where: { entityId: user.id, action: 'mfa.reset' } })).toBe(0);
  });
});
