import type { AddressInfo } from 'node:net';
import crypto from 'node:crypto';
import { SMTPServer } from 'smtp-server';
import { db } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { acceptInviteAction, inviteTeamMemberAction } from '@/lib/users/actions';
import { sendMail } from '@/lib/mail/send-mail';
import { actAs, makeUser } from '../../helpers/factories';

// A real SMTP conversation with a local sink. getEnv() caches its first answer, so SMTP_URL is
// set in beforeAll before anything reads the environment (module imports above do not), and the
// first test checks that it took.
type Received = { from: string; to: string[]; raw: string };
const received: Received[] = [];
let server: SMTPServer;
const PASSWORD = 'a long enough passphrase';
const address = () => `invitee-${crypto.randomBytes(5).toString('hex')}@example.test`;

/** The message body, with quoted-printable soft breaks undone if the sender used them. */
function bodyOf(raw: string): string {
  const [head = '', ...rest] = raw.split(/\r?\n\r?\n/);
  const body = rest.join('\n\n');
  if (!/content-transfer-encoding:\s*quoted-printable/i.test(head)) return body;
  return body
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_m, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

const messageTo = (email: string) => received.find((m) => m.to.includes(email));

beforeAll(async () => {
  server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onRcptTo(addr, _session, callback) {
      // A mailbox that refuses mail, to see what the app does when delivery fails.
      callback(
        addr.address.startsWith('refused-')
          ? Object.assign(new Error('Mailbox unavailable'), { responseCode: 550 })
          : null,
      );
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (c: Buffer) => chunks.push(c));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((r) => r.address),
          raw: Buffer.concat(chunks).toString('utf8'),
        });
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.APP_URL = 'https://reinstate.example.test/';
  jest.spyOn(console, 'error').mockImplementation(() => undefined);
});

afterAll(async () => {
  jest.restoreAllMocks();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

describe('mail over SMTP', () => {
  it('uses the SMTP sink (the environment was read after it started)', async () => {
    expect(getEnv().SMTP_URL).toBe(process.env.SMTP_URL);
    const sent = await sendMail({
      to: 'someone@example.test',
      subject: 'Hello',
      text: 'Plain words, UK spelling: colour.',
    });
    expect(sent).toEqual({ via: 'smtp', messageId: expect.any(String) });
    const msg = messageTo('someone@example.test')!;
    expect(msg.from).toBe('no-reply@reinstate.local');
    expect(msg.raw).toMatch(/^Subject: Hello$/m);
    expect(msg.raw).toMatch(/^From: Reinstate <no-reply@reinstate\.local>$/m);
    expect(bodyOf(msg.raw)).toContain('colour');
  });

  it('delivers an invitation whose link works once', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const email = address();
    actAs(coordinator);
    const res = await inviteTeamMemberAction({ name: 'Rosa Example', email, role: 'CASEWORKER' });
    expect(res).toMatchObject({ ok: true, data: { delivery: 'smtp' } });

    const msg = messageTo(email);
    expect(msg).toBeDefined();
    expect(msg!.raw).toMatch(/^To: invitee-[0-9a-f]+@example\.test$/m);
    expect(msg!.raw).toMatch(/^Subject: You have been invited to Reinstate$/m);
    const body = bodyOf(msg!.raw);
    expect(body).toContain('Hello Rosa Example,');
    expect(body).toContain('as a caseworker');
    expect(body).toContain('for 72 hours');
    // The link uses APP_URL without a doubled slash, and carries the raw token (never stored).
    const link = body.match(/https:\/\/reinstate\.example\.test\/invite\/([A-Za-z0-9_-]+)/);
    expect(link).not.toBeNull();
    const token = link![1]!;
    expect(token).toHaveLength(43);
    const invite = await db.invite.findFirstOrThrow({ where: { email } });
    expect(invite.tokenHash).not.toContain(token);

    actAs(null);
    const first = await acceptInviteAction({ token, password: PASSWORD, confirmPassword: PASSWORD });
    expect(first).toEqual({ ok: true, data: { email, role: 'CASEWORKER' } });
    expect(await db.user.findUniqueOrThrow({ where: { email } })).toMatchObject({
      name: 'Rosa Example',
      role: 'CASEWORKER',
    });

    const second = await acceptInviteAction({ token, password: PASSWORD, confirmPassword: PASSWORD });
    expect(second).toMatchObject({
      ok: false,
      code: 'invalid',
      error: expect.stringContaining('expired or has already been used'),
    });
    expect(await db.user.count({ where: { email } })).toBe(1);
  });

  it('says "a coordinator" in an invitation to coordinate', async () => {
    actAs(await makeUser('COORDINATOR'));
    const email = address();
    expect(await inviteTeamMemberAction({ name: 'Cora Example', email, role: 'COORDINATOR' })).toMatchObject({
      ok: true,
    });
    expect(bodyOf(messageTo(email)!.raw)).toContain('as a coordinator');
  });

  it('sends nothing when the invitation is refused', async () => {
    const existing = await makeUser('MEMBER');
    actAs(await makeUser('CASEWORKER'));
    const stranger = address();
    expect(await inviteTeamMemberAction({ name: 'X', email: stranger })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    actAs(await makeUser('COORDINATOR'));
    expect(await inviteTeamMemberAction({ name: 'X', email: existing.email })).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    expect(messageTo(stranger)).toBeUndefined();
    expect(messageTo(existing.email)).toBeUndefined();
  });

  it('reports a failed delivery to the coordinator instead of claiming success', async () => {
    actAs(await makeUser('COORDINATOR'));
    const email = `refused-${address()}`;
    const res = await inviteTeamMemberAction({ name: 'Never Delivered', email });
    expect(res).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { email: expect.stringContaining('could not send') },
    });
    expect(messageTo(email)).toBeUndefined();
    // Nothing was created: the invitation, its audit row and the send are one transaction.
    expect(await db.invite.count({ where: { email } })).toBe(0);
  });
});
