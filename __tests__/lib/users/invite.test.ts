import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import { acceptInviteAction, inviteTeamMemberAction } from '@/lib/users/actions';
import { findUsableInvite } from '@/lib/users/invite-services';
import { hashToken, newToken } from '@/lib/users/tokens';
import { authorizeCredentials } from '@/lib/auth/sign-in';
import { actAs, makeUser, type TestUser } from '../../helpers/factories';

// Invitations are mailed to the outbox folder here (no SMTP_URL); the links are read in
// __tests__/lib/mail. Accepting is tested with invites made directly, so the raw token is known.
const PASSWORD = 'a long enough passphrase';
const address = () => `invitee-${crypto.randomBytes(5).toString('hex')}@example.test`;
const ip = () => `2001:db8::${crypto.randomBytes(2).toString('hex')}`;
const EXPIRED = 'This invitation link has expired or has already been used. Ask your coordinator for a new one.';
const expired = { ok: false, code: 'invalid', error: EXPIRED, fieldErrors: {} };

// The outbox fallback logs where it wrote each message; keep the test output readable.
beforeAll(() => jest.spyOn(console, 'log').mockImplementation(() => undefined));
afterAll(() => jest.restoreAllMocks());

async function makeInvite(
  by: TestUser,
  overrides: { expiresAt?: Date; role?: 'CASEWORKER' | 'COORDINATOR'; email?: string } = {},
) {
  const { token, tokenHash } = newToken();
  const invite = await db.invite.create({
    data: {
      email: overrides.email ?? address(),
      name: 'Invited Person',
      role: overrides.role ?? 'CASEWORKER',
      tokenHash,
      invitedById: by.id,
      expiresAt: overrides.expiresAt ?? new Date(Date.now() + 3600_000),
    },
  });
  return { token, invite };
}
const accept = (token: string, extra: Record<string, unknown> = {}) =>
  acceptInviteAction({ token, password: PASSWORD, confirmPassword: PASSWORD, ...extra } as never);

describe('inviteTeamMemberAction', () => {
  it('lets a coordinator invite: stores only the token hash, expiring after INVITE_HOURS, and audits it', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const email = address();
    actAs(coordinator);
    const before = Date.now();
    const res = await inviteTeamMemberAction({ name: 'New Caseworker', email: email.toUpperCase() });
    expect(res).toEqual({
      ok: true,
      data: { inviteId: expect.any(String), expiresAt: expect.any(Date), delivery: 'outbox' },
    });
    const invite = await db.invite.findFirstOrThrow({ where: { email } });
    expect(invite).toMatchObject({
      name: 'New Caseworker',
      role: 'CASEWORKER',
      invitedById: coordinator.id,
      usedAt: null,
    });
    expect(invite.tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(invite.expiresAt.getTime() - before).toBeGreaterThan(72 * 3600_000 - 60_000);
    expect(invite.expiresAt.getTime() - before).toBeLessThan(72 * 3600_000 + 60_000);
    const audit = await db.auditLog.findMany({ where: { entityId: invite.id } });
    expect(audit).toEqual([
      expect.objectContaining({
        action: 'invite.create',
        actorId: coordinator.id,
        entityType: 'Invite',
        fields: ['email', 'name', 'role'],
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain(email);
  });

  it('answers not found to caseworkers and members, and creates no invite', async () => {
    for (const role of ['CASEWORKER', 'MEMBER'] as const) {
      const email = address();
      actAs(await makeUser(role));
      expect(await inviteTeamMemberAction({ name: 'Someone', email, role: 'COORDINATOR' })).toMatchObject({
        ok: false,
        code: 'not_found',
      });
      expect(await db.invite.count({ where: { email } })).toBe(0);
    }
  });

  it('refuses an email that already has an account, on the email field', async () => {
    const existing = await makeUser('MEMBER');
    actAs(await makeUser('COORDINATOR'));
    expect(await inviteTeamMemberAction({ name: 'Someone', email: existing.email })).toEqual({
      ok: false,
      code: 'invalid',
      error: 'Please check the highlighted fields.',
      fieldErrors: { email: 'Someone already has an account with this email' },
    });
    expect(await db.invite.count({ where: { email: existing.email } })).toBe(0);
  });

  it('refuses bad input and extra fields, creating nothing', async () => {
    const coordinator = await makeUser('COORDINATOR');
    actAs(coordinator);
    const email = address();
    const bad: Array<[Record<string, unknown>, string, string | RegExp]> = [
      [{ role: 'MEMBER' }, 'role', /expected one of/i],
      [{ name: '' }, 'name', 'Enter your name'],
      [{ name: 'x'.repeat(121) }, 'name', 'Use at most 120 characters'],
      [{ email: 'nope' }, 'email', 'Enter an email address like name@example.com'],
      [{ invitedById: 'someone' }, '_form', 'These fields are not allowed here: invitedById'],
      [{ expiresAt: '2099-01-01' }, '_form', 'These fields are not allowed here: expiresAt'],
    ];
    for (const [override, field, message] of bad) {
      const res = await inviteTeamMemberAction({ name: 'Someone', email, ...override } as never);
      expect(res).toMatchObject({ ok: false, code: 'invalid' });
      if (!res.ok)
        expect({ override, message: res.fieldErrors?.[field] }).toEqual({
          override,
          message: typeof message === 'string' ? message : expect.stringMatching(message),
        });
    }
    expect(await db.invite.count({ where: { email } })).toBe(0);
    expect(await db.auditLog.count({ where: { actorId: coordinator.id } })).toBe(0);
  });

  it('replaces an unused invitation for the same address', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { token, invite } = await makeInvite(coordinator);
    actAs(coordinator);
    expect(await inviteTeamMemberAction({ name: 'Again', email: invite.email, role: 'COORDINATOR' })).toMatchObject({
      ok: true,
    });
    expect(await findUsableInvite(token)).toBeNull();
    expect(await accept(token)).toMatchObject({ ok: false, code: 'invalid', error: EXPIRED });
    const usable = await db.invite.findMany({ where: { email: invite.email, expiresAt: { gt: new Date() } } });
    expect(usable).toEqual([expect.objectContaining({ role: 'COORDINATOR', name: 'Again' })]);
  });
});

describe('acceptInviteAction', () => {
  it('creates the account with the invited role, once; the password then signs in', async () => {
    const { token, invite } = await makeInvite(await makeUser('COORDINATOR'), { role: 'COORDINATOR' });
    actAs(null);
    expect(await accept(token)).toEqual({ ok: true, data: { email: invite.email, role: 'COORDINATOR' } });
    const user = await db.user.findUniqueOrThrow({ where: { email: invite.email } });
    expect(user).toMatchObject({ name: 'Invited Person', role: 'COORDINATOR' });
    expect(await authorizeCredentials({ email: invite.email, password: PASSWORD }, { ip: ip() })).toMatchObject({
      id: user.id,
      sv: 1,
      sid: expect.any(String),
    });
    expect((await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).usedAt).toEqual(expect.any(Date));
    const audit = await db.auditLog.findMany({
      where: { actorId: user.id, action: { in: ['invite.accept', 'user.create'] } },
    });
    expect(audit.map((r) => [r.action, r.entityId]).sort()).toEqual([
      ['invite.accept', invite.id],
      ['user.create', user.id],
    ]);

    expect(await accept(token)).toEqual(expired);
    expect(await db.user.count({ where: { email: invite.email } })).toBe(1);
  });

  it('refuses an expired invitation and an unknown token alike', async () => {
    const { token, invite } = await makeInvite(await makeUser('COORDINATOR'), {
      expiresAt: new Date(Date.now() - 1000),
    });
    expect(await accept(token)).toEqual(expired);
    expect(await accept(crypto.randomBytes(32).toString('base64url'))).toEqual(expired);
    expect(await db.user.count({ where: { email: invite.email } })).toBe(0);
  });

  it('lets exactly one of two simultaneous accepts through', async () => {
    const { token, invite } = await makeInvite(await makeUser('COORDINATOR'));
    const results = await Promise.all([accept(token), accept(token), accept(token)]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    for (const r of results.filter((x) => !x.ok)) expect(r).toMatchObject({ code: 'invalid', error: EXPIRED });
    expect(await db.user.count({ where: { email: invite.email } })).toBe(1);
  });

  it('keeps the invitation unused when the address got an account meanwhile (all or nothing)', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const existing = await makeUser('MEMBER');
    const { token, invite } = await makeInvite(coordinator, { email: existing.email });
    expect(await accept(token)).toEqual({
      ok: false,
      code: 'invalid',
      error: 'An account with this email already exists. Sign in instead.',
      fieldErrors: {},
    });
    expect((await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).usedAt).toBeNull();
    expect(await db.auditLog.count({ where: { entityId: invite.id } })).toBe(0);
  });

  it('refuses bad input without using up the invitation', async () => {
    const { token, invite } = await makeInvite(await makeUser('COORDINATOR'));
    expect(await accept(token, { confirmPassword: 'a different passphrase' })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { confirmPassword: 'The two passwords do not match' },
    });
    expect(await accept(token, { password: 'short', confirmPassword: 'short' })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { password: 'Use at least 10 characters' },
    });
    expect(await accept(token, { role: 'COORDINATOR' })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { _form: 'These fields are not allowed here: role' },
    });
    expect(await accept('too-short')).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { token: expect.any(String) },
    });
    expect(await accept('x'.repeat(201))).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { token: expect.any(String) },
    });
    expect(await findUsableInvite(token)).toMatchObject({ id: invite.id });
    expect(await db.invite.findUniqueOrThrow({ where: { id: invite.id } })).toMatchObject({
      usedAt: null,
      tokenHash: hashToken(token),
    });
  });
});
