import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { generateSync } from 'otplib';
import { db } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { hashPassword } from '@/lib/auth/password';
import { checkPasswordStep, redeemSignInTicket, SIGN_IN_EXPIRED } from '@/lib/auth/sign-in';
import { WRONG_CODE, WRONG_RECOVERY_CODE, PASSKEY_FAILED } from '@/lib/auth/second-factor';
import { loadSessionState } from '@/lib/auth/current-user';
import { openTotpSecret } from '@/lib/auth/totp';
import {
  addPasskeyAction,
  confirmTotpSetupAction,
  newRecoveryCodesAction,
  passkeySetupOptionsAction,
  removeSecondFactorAction,
  startTotpSetupAction,
} from '@/lib/auth/two-step-actions';
import {
  passkeySignInAction,
  passkeySignInOptionsAction,
  recoverySignInAction,
  startSignInAction,
  totpSignInAction,
} from '@/lib/auth/sign-in-actions';
import { actAs, makePasskey, makeUser, type TestUser } from '../../helpers/factories';
import { SoftAuthenticator } from '../../helpers/soft-authenticator';

// Two-step sign-in end to end against the real database: set-up through the actions the set-up page
// uses, then sign-in through the actions the sign-in page uses, then the session next-auth would create.
const PASSWORD = 'correct horse battery';
let passwordHash: string;
const freshIp = () => `2001:db8::${crypto.randomBytes(2).toString('hex')}:${crypto.randomBytes(2).toString('hex')}`;

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

const ok = <T>(res: { ok: true; data: T } | { ok: false; error: string }): T => {
  if (!res.ok) throw new Error(`Expected success, got: ${res.error}`);
  return res.data;
};
/**
 * The code the person's app would show for a step (30 s) from now. Within 2 s of the end of a step it waits for
 * the next: a code made just before the step changes is one step older by the time it is checked, and the
 * previous step's code (offset -1, accepted as a slow clock's) would then be refused as too old.
 */
async function appCode(user: TestUser, offsetSteps = 0): Promise<string> {
  const left = 30_000 - (Date.now() % 30_000);
  if (left < 2_000) await new Promise((r) => setTimeout(r, left + 50));
  const row = await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } });
  return generateSync({
    secret: openTotpSecret(user.id, row),
    epoch: Math.floor(Date.now() / 1000) + offsetSteps * 30,
  });
}

async function withAuthenticatorApp(role: 'MEMBER' | 'CASEWORKER' = 'CASEWORKER') {
  const user = await makeUser(role, { passwordHash });
  actAs(user);
  const setup = ok(await startTotpSetupAction({}));
  const { recoveryCodes } = ok(await confirmTotpSetupAction({ code: await appCode(user, -1) }));
  return { user, setup, recoveryCodes: recoveryCodes! };
}

async function passwordStep(user: TestUser, ip = freshIp()) {
  actAs(null, ip);
  return ok(await startSignInAction({ email: user.email, password: PASSWORD }));
}

describe('setting up an authenticator app', () => {
  it('shows a secret once, confirms it with a code, gives ten recovery codes, stores the secret encrypted, audits and emails', async () => {
    const user = await makeUser('CASEWORKER', { passwordHash });
    actAs(user);
    const setup = ok(await startTotpSetupAction({}));
    expect(setup.secret).toMatch(/^[A-Z2-7]{4}( [A-Z2-7]{4}){7}$/);
    expect(setup.uri).toBe(
      `otpauth://totp/Reinstate:${encodeURIComponent(user.email)}?secret=${setup.secret.replace(/ /g, '')}&issuer=Reinstate`,
    );
    expect(Buffer.from(setup.qrDataUrl.split(',')[1]!, 'base64').toString()).toMatch(/^<svg/);
    const row = await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } });
    expect(JSON.stringify(row)).not.toContain(setup.secret.replace(/ /g, ''));
    expect(row.confirmedAt).toBeNull();

    expect(await confirmTotpSetupAction({ code: '000000' })).toMatchObject({
      ok: false,
      fieldErrors: { code: expect.stringMatching(/does not match/) },
    });
    expect(await confirmTotpSetupAction({ code: '12345' })).toMatchObject({
      ok: false,
      fieldErrors: { code: 'Enter the 6 digits your app shows' },
    });
    const { recoveryCodes } = ok(await confirmTotpSetupAction({ code: await appCode(user) }));
    expect(recoveryCodes).toHaveLength(10);
    expect(new Set(recoveryCodes).size).toBe(10);
    for (const c of recoveryCodes!) expect(c).toMatch(/^[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}-[a-z2-7]{4}$/);
    expect(JSON.stringify(await db.recoveryCode.findMany({ where: { userId: user.id } }))).not.toContain(
      recoveryCodes![0]!.replace(/-/g, ''),
    );
    expect(await db.auditLog.count({ where: { actorId: user.id, action: 'mfa.totp_enrol' } })).toBe(1);
    // A second app cannot be started over the first.
    expect(await startTotpSetupAction({})).toMatchObject({ ok: false, error: expect.stringMatching(/already set up/) });
    const outbox = fs
      .readdirSync(getEnv().outboxDir)
      .map((f) => fs.readFileSync(path.join(getEnv().outboxDir, f), 'utf8'));
    expect(outbox.some((m) => m.includes(`To: ${user.email}`) && m.includes('authenticator app was set up'))).toBe(
      true,
    );
  });

  it('binds the stored secret to its owner: copied onto someone else, it does not open', async () => {
    const { user } = await withAuthenticatorApp();
    const row = await db.totpFactor.findUniqueOrThrow({ where: { userId: user.id } });
    const other = await makeUser('CASEWORKER');
    expect(() => openTotpSecret(other.id, row)).toThrow();
    expect(openTotpSecret(user.id, row)).toMatch(/^[A-Z2-7]{32}$/);
  });
});

describe('signing in with an authenticator app', () => {
  it('asks for the code after the password, accepts it once, and opens a session with both factors', async () => {
    const { user } = await withAuthenticatorApp();
    const step = await passwordStep(user);
    expect(step).toEqual({
      next: 'second-factor',
      ticket: expect.any(String),
      methods: { totp: true, passkey: false, recoveryCode: true },
    });
    // The ticket is not yet good for a session.
    await expect(redeemSignInTicket(step.ticket, { ip: 'local' })).rejects.toThrow(SIGN_IN_EXPIRED);
    expect(await totpSignInAction({ ticket: step.ticket, code: '123456' })).toMatchObject({
      ok: false,
      fieldErrors: { code: WRONG_CODE },
    });
    const code = await appCode(user, 1);
    expect(ok(await totpSignInAction({ ticket: step.ticket, code }))).toEqual({ ready: true });
    const session = await redeemSignInTicket(step.ticket, { ip: 'local' });
    expect(await db.session.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({
      factors: ['password', 'totp'],
    });
    expect(await loadSessionState(session.sid, user.id, 1)).toMatchObject({ gate: { status: 'ok' } });
    // The same code cannot be used again, not even in a new sign-in with the password.
    const again = await passwordStep(user);
    expect(await totpSignInAction({ ticket: again.ticket, code })).toMatchObject({
      ok: false,
      fieldErrors: { code: WRONG_CODE },
    });
  });

  it('ends a sign-in after five wrong codes: the password is needed again', async () => {
    const { user } = await withAuthenticatorApp();
    const step = await passwordStep(user);
    for (let i = 0; i < 5; i++)
      expect(await totpSignInAction({ ticket: step.ticket, code: String(100000 + i) })).toMatchObject({ ok: false });
    expect(await totpSignInAction({ ticket: step.ticket, code: await appCode(user) })).toMatchObject({
      ok: false,
      error: SIGN_IN_EXPIRED,
    });
  });

  it('refuses a made-up or used ticket with the same answer', async () => {
    const { user } = await withAuthenticatorApp();
    for (const ticket of ['a'.repeat(43), crypto.randomBytes(32).toString('base64url')]) {
      expect(await totpSignInAction({ ticket, code: await appCode(user) })).toMatchObject({
        ok: false,
        error: SIGN_IN_EXPIRED,
      });
    }
  });
});

describe('signing in with a recovery code', () => {
  it('needs the password, works once, removes every factor, ends other sessions and sends the person to set-up', async () => {
    const { user, recoveryCodes } = await withAuthenticatorApp();
    const earlier = await passwordStep(user);
    ok(await totpSignInAction({ ticket: earlier.ticket, code: await appCode(user) }));
    const laptop = await redeemSignInTicket(earlier.ticket, { ip: 'local' });

    const step = await passwordStep(user);
    expect(await recoverySignInAction({ ticket: step.ticket, recoveryCode: 'aaaa-bbbb-cccc-dddd' })).toMatchObject({
      ok: false,
      fieldErrors: { recoveryCode: WRONG_RECOVERY_CODE },
    });
    ok(
      await recoverySignInAction({
        ticket: step.ticket,
        recoveryCode: recoveryCodes[3]!.toUpperCase().replace(/-/g, ' '),
      }),
    );
    const phone = await redeemSignInTicket(step.ticket, { ip: 'local' });
    expect(
      await db.session.findFirstOrThrow({ where: { tokenHash: { not: '' }, userId: user.id, revokedAt: null } }),
    ).toMatchObject({ factors: ['password', 'recovery-code'] });
    expect(await loadSessionState(laptop.sid, user.id, 1)).toBeNull();
    expect(await loadSessionState(phone.sid, user.id, 1)).toMatchObject({ gate: { status: 'enrol' } });
    expect(await db.totpFactor.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.recoveryCode.count({ where: { userId: user.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { actorId: user.id, action: 'mfa.recovery_used' } })).toBe(1);
    // The code is gone: and with no second factor left, the password alone now leads to the set-up page.
    const next = await passwordStep(user);
    expect(next.next).toBe('session');
  });
});

describe('passkeys', () => {
  const origin = () => new URL(getEnv().APP_URL).origin;

  async function withPasskey(role: 'MEMBER' | 'CASEWORKER' = 'MEMBER') {
    const user = await makeUser(role, { passwordHash });
    const key = new SoftAuthenticator(origin());
    actAs(user);
    const options = ok(await passkeySetupOptionsAction({}));
    const { recoveryCodes } = ok(
      await addPasskeyAction({ name: 'Work laptop', response: key.register(options) as never }),
    );
    return { user, key, recoveryCodes, options };
  }

  it('adds a passkey with a name, checked by @simplewebauthn/server, with recovery codes the first time', async () => {
    const { user, key, recoveryCodes, options: used } = await withPasskey();
    expect(recoveryCodes).toHaveLength(10);
    expect(await db.passkey.findMany({ where: { userId: user.id } })).toEqual([
      expect.objectContaining({ name: 'Work laptop', credentialId: key.credentialId.toString('base64url') }),
    ]);
    // The challenge works once: another key answering the same request adds nothing.
    const second = new SoftAuthenticator(origin()).register(used);
    expect(await addPasskeyAction({ name: 'Again', response: second as never })).toMatchObject({
      ok: false,
      error: expect.stringMatching(/not added/),
    });
    expect(await db.passkey.count({ where: { userId: user.id } })).toBe(1);
    const options = ok(await passkeySetupOptionsAction({}));
    expect(options.excludeCredentials).toEqual([
      expect.objectContaining({ id: key.credentialId.toString('base64url') }),
    ]);
  });

  it('refuses a passkey made for another site (phishing) or answering another challenge', async () => {
    const user = await makeUser('MEMBER', { passwordHash });
    actAs(user);
    const phished = new SoftAuthenticator('https://reinstate.example.evil');
    const options = ok(await passkeySetupOptionsAction({}));
    expect(await addPasskeyAction({ name: 'Phished', response: phished.register(options) as never })).toMatchObject({
      ok: false,
    });
    const key = new SoftAuthenticator(origin());
    ok(await passkeySetupOptionsAction({}));
    expect(await addPasskeyAction({ name: 'Stale', response: key.register(options) as never })).toMatchObject({
      ok: false,
    }); // an older challenge
    expect(await db.passkey.count({ where: { userId: user.id } })).toBe(0);
  });

  it('signs in with the password and then the passkey', async () => {
    const { user, key } = await withPasskey();
    const step = await passwordStep(user);
    expect(step).toMatchObject({ next: 'second-factor', methods: { totp: false, passkey: true, recoveryCode: true } });
    const options = ok(await passkeySignInOptionsAction({ ticket: step.ticket }));
    expect(options.allowCredentials).toEqual([expect.objectContaining({ id: key.credentialId.toString('base64url') })]);
    const assertion = key.authenticate(options);
    ok(await passkeySignInAction({ ticket: step.ticket, response: assertion as never }));
    await redeemSignInTicket(step.ticket, { ip: 'local' });
    expect(await db.session.findFirstOrThrow({ where: { userId: user.id } })).toMatchObject({
      factors: ['password', 'passkey'],
    });
    expect((await db.passkey.findFirstOrThrow({ where: { userId: user.id } })).lastUsedAt).toEqual(expect.any(Date));
    // A replayed answer does not sign in again.
    const again = await passwordStep(user);
    ok(await passkeySignInOptionsAction({ ticket: again.ticket }));
    expect(await passkeySignInAction({ ticket: again.ticket, response: assertion as never })).toMatchObject({
      ok: false,
      error: PASSKEY_FAILED,
    });
  });

  it('refuses someone else’s passkey', async () => {
    const { user } = await withPasskey();
    const stranger = await withPasskey();
    const step = await passwordStep(user);
    const options = ok(await passkeySignInOptionsAction({ ticket: step.ticket }));
    expect(
      await passkeySignInAction({ ticket: step.ticket, response: stranger.key.authenticate(options) as never }),
    ).toMatchObject({ ok: false, error: PASSKEY_FAILED });
  });
});

describe('changing two-step sign-in', () => {
  it('asks for the password to remove a way in; staff can never remove the last one; members can turn it off', async () => {
    const { user } = await withAuthenticatorApp('CASEWORKER');
    actAs(user);
    expect(await removeSecondFactorAction({ kind: 'totp', password: 'wrong password' })).toMatchObject({
      ok: false,
      fieldErrors: { password: 'That is not your password' },
    });
    expect(await removeSecondFactorAction({ kind: 'totp', password: PASSWORD })).toMatchObject({
      ok: false,
      error: /required for your role/,
    });
    expect(await db.totpFactor.count({ where: { userId: user.id, confirmedAt: { not: null } } })).toBe(1);

    const member = await withAuthenticatorApp('MEMBER');
    actAs(member.user);
    expect(ok(await removeSecondFactorAction({ kind: 'totp', password: PASSWORD }))).toEqual({ removed: true });
    expect(await db.recoveryCode.count({ where: { userId: member.user.id } })).toBe(0);
    expect(await db.auditLog.count({ where: { actorId: member.user.id, action: 'mfa.totp_remove' } })).toBe(1);
    expect((await passwordStep(member.user)).next).toBe('session');
  });

  it('removes only the caller’s own passkey', async () => {
    const owner = await makeUser('MEMBER', { passwordHash });
    const passkey = await makePasskey(owner.id);
    const intruder = await makeUser('MEMBER', { passwordHash });
    actAs(intruder);
    expect(
      await removeSecondFactorAction({ kind: 'passkey', passkeyId: passkey.id, password: PASSWORD }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    expect(await db.passkey.count({ where: { id: passkey.id } })).toBe(1);
  });

  it('makes new recovery codes that replace the old ones', async () => {
    const { user, recoveryCodes } = await withAuthenticatorApp();
    actAs(user);
    const fresh = ok(await newRecoveryCodesAction({})).recoveryCodes;
    expect(fresh).toHaveLength(10);
    const step = await passwordStep(user);
    expect(await recoverySignInAction({ ticket: step.ticket, recoveryCode: recoveryCodes[0]! })).toMatchObject({
      ok: false,
    });
    ok(await recoverySignInAction({ ticket: step.ticket, recoveryCode: fresh[0]! }));
    const none = await makeUser('MEMBER');
    actAs(none);
    expect(await newRecoveryCodesAction({})).toMatchObject({ ok: false, error: /first/ });
  });

  it('refuses visitors and unknown fields', async () => {
    actAs(null);
    for (const action of [startTotpSetupAction, passkeySetupOptionsAction, newRecoveryCodesAction]) {
      expect(await action({})).toMatchObject({ ok: false, code: 'unauthenticated' });
    }
    actAs(await makeUser('MEMBER'));
    expect(await startTotpSetupAction({ userId: 'someone' } as never)).toMatchObject({ ok: false, code: 'invalid' });
  });
});

describe('sign-in steps take nothing but a ticket', () => {
  it('answers a wrong password and an unknown account alike at the password step', async () => {
    actAs(null, freshIp());
    const a = await startSignInAction({ email: `nobody-${crypto.randomUUID()}@example.test`, password: PASSWORD });
    const user = await makeUser('MEMBER', { passwordHash });
    const b = await startSignInAction({ email: user.email, password: 'wrong password' });
    expect(a).toEqual(b);
    expect(await checkPasswordStep({ email: user.email, password: PASSWORD }, freshIp())).toMatchObject({
      next: 'session',
    });
  });
});

test('two set-ups started at once (two tabs) both answer, leaving one pending secret (a race on PostgreSQL once answered "server")', async () => {
  const member = await makeUser('MEMBER');
  actAs(member);
  const results = await Promise.all(Array.from({ length: 6 }, () => startTotpSetupAction({})));
  expect(results.every((r) => r.ok)).toBe(true);
  expect(await db.totpFactor.count({ where: { userId: member.id } })).toBe(1);
});

test('a race the database settles (a unique key taken by a concurrent request) is a conflict, not "server"', async () => {
  const { toActionError } = await import('@/lib/action');
  const raced = Object.assign(new Error('Unique constraint failed on the constraint: `TotpFactor_userId_key`'), {
    code: 'P2002',
  });
  expect(toActionError(raced)).toMatchObject({
    ok: false,
    code: 'conflict',
    error: expect.stringMatching(/try again/),
  });
});
