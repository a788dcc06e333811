import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import { signUpAction } from '@/lib/users/actions';
import { authorizeCredentials } from '@/lib/auth/options';
import { actAs, makeUser } from '../../helpers/factories';

const PASSWORD = 'a long enough passphrase';
const email = () => `signup-${crypto.randomBytes(5).toString('hex')}@example.test`;
const form = (overrides: Record<string, unknown> = {}) => ({ name: 'Ann Example', email: email(), password: PASSWORD, confirmPassword: PASSWORD, ...overrides });
const usersWith = (address: string) => db.user.count({ where: { email: address.toLowerCase() } });

beforeEach(() => actAs(null));

describe('signUpAction', () => {
  it('creates a MEMBER whose password works, and audits the creation without values', async () => {
    const input = form();
    const res = await signUpAction(input);
    expect(res).toEqual({ ok: true, data: { email: input.email } });
    const user = await db.user.findUniqueOrThrow({ where: { email: input.email } });
    expect(user).toMatchObject({ name: 'Ann Example', role: 'MEMBER', sessionVersion: 1, disabledAt: null });
    expect(user.passwordHash).toMatch(/^\$argon2id\$/);
    expect(await authorizeCredentials({ email: input.email, password: PASSWORD }, `2001:db8::${crypto.randomBytes(2).toString('hex')}`)).toEqual({ id: user.id, sv: 1 });

    const audit = await db.auditLog.findMany({ where: { entityId: user.id, action: 'user.create' } });
    expect(audit).toEqual([expect.objectContaining({ actorId: user.id, entityType: 'User', caseId: null, fields: ['name', 'email', 'role', 'passwordHash'], ip: '203.0.113.7', userAgent: 'jest' })]);
    const text = JSON.stringify(audit);
    for (const value of [PASSWORD, user.passwordHash!, input.email, 'Ann Example']) expect(text).not.toContain(value);
  });

  it('stores the email trimmed and in lower case', async () => {
    const address = email();
    const res = await signUpAction(form({ email: `  ${address.toUpperCase()}  ` }));
    expect(res).toEqual({ ok: true, data: { email: address } });
    expect(await usersWith(address)).toBe(1);
  });

  it('refuses a duplicate email (in any case) with a message on the email field, and keeps the first account', async () => {
    const existing = await makeUser('CASEWORKER');
    const before = await db.user.findUniqueOrThrow({ where: { email: existing.email } });
    const res = await signUpAction(form({ email: existing.email.toUpperCase() }));
    expect(res).toEqual({
      ok: false, code: 'invalid', error: 'Please check the highlighted fields.',
      fieldErrors: { email: 'We could not create an account with this email. If you already have one, sign in instead.' },
    });
    expect(await db.user.findUniqueOrThrow({ where: { email: existing.email } })).toEqual(before);
    expect(await db.auditLog.count({ where: { entityId: existing.id } })).toBe(0);
  });

  it('gives exactly one account to two simultaneous sign-ups with the same email', async () => {
    const address = email();
    const results = await Promise.all([signUpAction(form({ email: address })), signUpAction(form({ email: address }))]);
    expect(results.map((r) => (r.ok ? 'ok' : r.fieldErrors?.email ? 'email' : r.code)).sort()).toEqual(['email', 'ok']);
    expect(await usersWith(address)).toBe(1);
  });

  it('refuses an extra role field: nothing is created, not even a member', async () => {
    for (const extra of [{ role: 'COORDINATOR' }, { role: 'MEMBER' }, { sessionVersion: 99 }, { disabledAt: null }]) {
      const input = form(extra);
      const res = await signUpAction(input as never);
      expect(res).toEqual({
        ok: false, code: 'invalid', error: 'Please check the highlighted fields.',
        fieldErrors: { _form: `These fields are not allowed here: ${Object.keys(extra)[0]}` },
      });
      expect(await usersWith(input.email)).toBe(0);
    }
  });

  it('refuses bad input with a message on the field, creating nothing', async () => {
    const cases: Array<[Record<string, unknown>, string, string | RegExp]> = [
      [{ name: '  ' }, 'name', 'Enter your name'],
      [{ name: 'x'.repeat(121) }, 'name', 'Use at most 120 characters'],
      [{ name: 42 }, 'name', /expected string/i],
      [{ email: '' }, 'email', 'Enter your email address'],
      [{ email: 'not-an-email' }, 'email', 'Enter an email address like name@example.com'],
      [{ email: `${'x'.repeat(250)}@example.test` }, 'email', 'That email address is too long'],
      [{ email: ['a@example.test'] }, 'email', /expected string/i],
      [{ password: 'short', confirmPassword: 'short' }, 'password', 'Use at least 10 characters'],
      [{ password: 'x'.repeat(201), confirmPassword: 'x'.repeat(201) }, 'password', 'Use at most 200 characters'],
      [{ password: 1234567890, confirmPassword: 1234567890 }, 'password', /expected string/i],
      [{ confirmPassword: 'something else entirely' }, 'confirmPassword', 'The two passwords do not match'],
    ];
    for (const [override, field, message] of cases) {
      const input = form(override);
      const res = await signUpAction(input as never);
      expect(res).toMatchObject({ ok: false, code: 'invalid' });
      if (!res.ok) expect({ override, message: res.fieldErrors?.[field] }).toEqual({ override, message: typeof message === 'string' ? message : expect.stringMatching(message) });
      if (typeof input.email === 'string' && input.email.includes('@')) expect(await usersWith(input.email.trim())).toBe(0);
    }
  });
});
