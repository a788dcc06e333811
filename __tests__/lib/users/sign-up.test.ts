import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { confirmSignUpAction, signUpAction } from '@/lib/users/actions';
import { authorizeCredentials } from '@/lib/auth/sign-in';
import { hashPassword } from '@/lib/auth/password';
import { LINK_EXPIRED } from '@/lib/users/sign-up-services';
import { actAs, makeUser } from '../../helpers/factories';
import { startSmtpSink, type Sink } from '../reminders/smtp-sink';

// Sign-up with email verification, mail delivered to a real SMTP server. getEnv() caches its first
// answer, so SMTP_URL is set in beforeAll before anything reads the environment.
const PASSWORD = 'a long enough passphrase';
const email = () => `signup-${crypto.randomBytes(5).toString('hex')}@example.test`;
const form = (overrides: Record<string, unknown> = {}) => ({
  name: 'Ann Example',
  email: email(),
  password: PASSWORD,
  confirmPassword: PASSWORD,
  ...overrides,
});
const usersWith = (address: string) => db.user.count({ where: { email: address.toLowerCase() } });
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
const linkIn = (body: string) => /http:\/\/localhost:3000\/verify-email\/([A-Za-z0-9_-]+)/.exec(body)?.[1];

describe('signUpAction', () => {
  it('creates nothing yet: it sends a single-use link, and the link with the password creates the member', async () => {
    expect(getEnv().SMTP_URL).toBe(sink.url);
    const input = form();
    expect(await signUpAction(input)).toEqual({ ok: true, data: { email: input.email } });
    await settle();
    expect(await usersWith(input.email)).toBe(0);
    const [mail] = mailsTo(input.email);
    expect(mail?.subject).toBe('Confirm your email to finish creating your Reinstate account');
    const token = linkIn(mail!.body)!;
    // Only the token's hash is stored, and the password only as an argon2id hash.
    const pending = await db.signUpRequest.findFirstOrThrow({ where: { email: input.email } });
    expect(JSON.stringify(pending)).not.toContain(token);
    expect(pending.passwordHash).toMatch(/^\$argon2id\$/);

    expect(await confirmSignUpAction({ token, password: 'not what I chose' })).toMatchObject({
      ok: false,
      fieldErrors: { password: expect.stringMatching(/not the password you chose/) },
    });
    expect(await confirmSignUpAction({ token, password: PASSWORD })).toEqual({
      ok: true,
      data: { email: input.email },
    });
    const user = await db.user.findUniqueOrThrow({ where: { email: input.email } });
    expect(user).toMatchObject({ name: 'Ann Example', role: 'MEMBER', sessionVersion: 1, disabledAt: null });
    expect(await authorizeCredentials({ email: input.email, password: PASSWORD }, { ip: '2001:db8::1' })).toMatchObject(
      { id: user.id },
    );
    const audit = await db.auditLog.findMany({ where: { entityId: user.id, action: 'user.create' } });
    expect(audit).toEqual([
      expect.objectContaining({
        actorId: user.id,
        fields: ['name', 'email', 'role', 'passwordHash'],
        ip: '203.0.113.7',
      }),
    ]);
    // The link works once.
    expect(await confirmSignUpAction({ token, password: PASSWORD })).toMatchObject({ ok: false, error: LINK_EXPIRED });
  });

  it('answers exactly the same for an address that already has an account, and tells its owner by email instead', async () => {
    const existing = await makeUser('CASEWORKER');
    const before = await db.user.findUniqueOrThrow({ where: { email: existing.email } });
    const fresh = form();
    const forExisting = await signUpAction(form({ email: existing.email.toUpperCase() }));
    const forNew = await signUpAction(fresh);
    await settle();
    expect(forExisting).toEqual({ ok: true, data: { email: existing.email } });
    expect(Object.keys(forExisting)).toEqual(Object.keys(forNew));
    expect(await db.user.findUniqueOrThrow({ where: { email: existing.email } })).toEqual(before);
    expect(await db.signUpRequest.count({ where: { email: existing.email } })).toBe(0);
    const [notice] = mailsTo(existing.email);
    expect(notice?.subject).toBe('You already have a Reinstate account');
    expect(notice?.body).toContain('http://localhost:3000/forgot-password');
    expect(linkIn(notice!.body)).toBeUndefined();
  });

  it('lets the mailbox owner win against someone who signed up with their address first', async () => {
    const address = email();
    await signUpAction(
      form({
        email: address,
        name: 'Squatter',
        password: 'the squatter password',
        confirmPassword: 'the squatter password',
      }),
    );
    await signUpAction(form({ email: address, name: 'Owner' }));
    await settle();
    expect(mailsTo(address)).toHaveLength(2);
    const link = (name: string) => linkIn(mailsTo(address).find((m) => m.body.includes(`Hello ${name},`))!.body)!;
    // Only the mailbox's owner sees the links; theirs, with their password, makes the account, and the other link dies.
    expect(await confirmSignUpAction({ token: link('Owner'), password: PASSWORD })).toMatchObject({ ok: true });
    expect(await db.user.findUniqueOrThrow({ where: { email: address } })).toMatchObject({ name: 'Owner' });
    expect(await confirmSignUpAction({ token: link('Squatter'), password: 'the squatter password' })).toMatchObject({
      ok: false,
      error: LINK_EXPIRED,
    });
  });

  it('sends at most three emails an hour to one address, answering the same', async () => {
    const address = email();
    for (let i = 0; i < 5; i++) expect(await signUpAction(form({ email: address }))).toMatchObject({ ok: true });
    await settle();
    expect(mailsTo(address)).toHaveLength(3);
  });

  it('refuses an expired link', async () => {
    const address = email();
    const token = crypto.randomBytes(32).toString('base64url');
    await db.signUpRequest.create({
      data: {
        email: address,
        name: 'Late',
        passwordHash: await hashPassword(PASSWORD),
        tokenHash: crypto.createHash('sha256').update(token).digest('hex'),
        expiresAt: new Date(Date.now() - 1000),
      },
    });
    expect(await confirmSignUpAction({ token, password: PASSWORD })).toMatchObject({ ok: false, error: LINK_EXPIRED });
    expect(await usersWith(address)).toBe(0);
  });

  it('gives exactly one account to two simultaneous confirmations', async () => {
    const input = form();
    await signUpAction(input);
    await signUpAction(input);
    await settle();
    const [a, b] = mailsTo(input.email).map((m) => linkIn(m.body)!);
    const results = await Promise.all([
      confirmSignUpAction({ token: a!, password: PASSWORD }),
      confirmSignUpAction({ token: b!, password: PASSWORD }),
    ]);
    expect(results.filter((r) => r.ok)).toHaveLength(1);
    expect(await usersWith(input.email)).toBe(1);
  });

  it('refuses an extra role field: nothing is created or sent', async () => {
    for (const extra of [{ role: 'COORDINATOR' }, { sessionVersion: 99 }]) {
      const input = form(extra);
      expect(await signUpAction(input as never)).toEqual({
        ok: false,
        code: 'invalid',
        error: 'Please check the highlighted fields.',
        fieldErrors: { _form: `These fields are not allowed here: ${Object.keys(extra)[0]}` },
      });
      await settle();
      expect(mailsTo(input.email)).toHaveLength(0);
    }
  });

  it('refuses bad input with a message on the field', async () => {
    const cases: Array<[Record<string, unknown>, string, string]> = [
      [{ name: '  ' }, 'name', 'Enter your name'],
      [{ email: 'not-an-email' }, 'email', 'Enter an email address like name@example.com'],
      [{ password: 'short', confirmPassword: 'short' }, 'password', 'Use at least 10 characters'],
      [{ confirmPassword: 'something else entirely' }, 'confirmPassword', 'The two passwords do not match'],
    ];
    for (const [override, field, message] of cases) {
      const res = await signUpAction(form(override) as never);
      expect(res.ok ? null : res.fieldErrors?.[field]).toBe(message);
    }
  });
});
