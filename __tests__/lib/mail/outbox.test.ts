import fs from 'node:fs';
import path from 'node:path';
import crypto from 'node:crypto';
import { getEnv } from '@/lib/env';
import { sendMail } from '@/lib/mail/send-mail';
import { acceptInviteAction, inviteTeamMemberAction } from '@/lib/users/actions';
import { actAs, makeUser } from '../../helpers/factories';

// Without SMTP_URL every message is written to DATA_DIR/outbox, so a link is never lost.
// Cleared before anything reads the environment (getEnv() caches its first answer).
delete process.env.SMTP_URL;
process.env.APP_URL = 'http://localhost:3000';

const outbox = () => path.join(path.resolve(process.env.DATA_DIR!), 'outbox');
const filesMentioning = (text: string) =>
  fs.existsSync(outbox())
    ? fs.readdirSync(outbox()).filter((f) => fs.readFileSync(path.join(outbox(), f), 'utf8').includes(text))
    : [];

let log: jest.SpyInstance;
beforeAll(() => {
  log = jest.spyOn(console, 'log').mockImplementation(() => undefined);
});
afterAll(() => jest.restoreAllMocks());

describe('mail outbox fallback', () => {
  it('writes an .eml file, readable only by the owner, under DATA_DIR/outbox', async () => {
    expect(getEnv().SMTP_URL).toBeUndefined();
    expect(getEnv().outboxDir).toBe(outbox());
    const to = `someone-${crypto.randomBytes(4).toString('hex')}@example.test`;
    const sent = await sendMail({ to, subject: 'Your case', text: 'A short message.' });
    expect(sent).toEqual({ via: 'outbox', messageId: expect.any(String), file: expect.stringMatching(/\.eml$/) });
    expect(path.dirname(sent.file!)).toBe(outbox());
    const raw = fs.readFileSync(sent.file!, 'utf8');
    expect(raw).toMatch(new RegExp(`^To: ${to.replace(/\./g, '\\.')}$`, 'm'));
    expect(raw).toMatch(/^Subject: Your case$/m);
    expect(raw).toMatch(/^From: Reinstate <no-reply@reinstate\.local>$/m);
    expect(raw).toContain('A short message.');
    expect(fs.statSync(sent.file!).mode & 0o777).toBe(0o600);
    expect(log).toHaveBeenCalledWith(expect.stringContaining(sent.file!));
  });

  it('keeps each message in its own file', async () => {
    const to = `twice-${crypto.randomBytes(4).toString('hex')}@example.test`;
    const [a, b] = await Promise.all([
      sendMail({ to, subject: 'One', text: 'x' }),
      sendMail({ to, subject: 'Two', text: 'y' }),
    ]);
    expect(a.file).not.toBe(b.file);
    expect(filesMentioning(to)).toHaveLength(2);
  });

  it('puts a working invitation link in the outbox file', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const email = `invitee-${crypto.randomBytes(5).toString('hex')}@example.test`;
    actAs(coordinator);
    expect(await inviteTeamMemberAction({ name: 'Olive Example', email })).toMatchObject({
      ok: true,
      data: { delivery: 'outbox' },
    });
    const files = filesMentioning(email);
    expect(files).toHaveLength(1);
    const raw = fs.readFileSync(path.join(outbox(), files[0]!), 'utf8');
    const token = raw.match(/http:\/\/localhost:3000\/invite\/([A-Za-z0-9_-]{43})/)?.[1];
    expect(token).toBeDefined();

    actAs(null);
    const password = 'a long enough passphrase';
    expect(await acceptInviteAction({ token: token!, password, confirmPassword: password })).toEqual({
      ok: true,
      data: { email, role: 'CASEWORKER' },
    });
    expect(await acceptInviteAction({ token: token!, password, confirmPassword: password })).toMatchObject({
      ok: false,
      error: expect.stringContaining('expired or has already been used'),
    });
  });
});
