import net from 'node:net';
import { SMTPServer } from 'smtp-server';
import { getEnv } from '@/lib/env';
import { sendMail, withMailSession } from '@/lib/mail/send-mail';
import { startSmtpSink, type Sink } from '../reminders/smtp-sink';

// Several messages over one SMTP connection (the daily digest): a real conversation with a local sink.
let sink: Sink;
beforeAll(async () => {
  sink = await startSmtpSink();
  process.env.SMTP_URL = sink.url;
});
afterAll(() => sink?.close());

test('several messages share a connection; one the server refuses fails alone, and the next is still sent', async () => {
  expect(getEnv().SMTP_URL).toBe(sink.url);
  const before = sink.connections();
  const outcomes = await withMailSession(async (send) => {
    const results: string[] = [];
    for (const to of ['first@example.test', 'refused-second@example.test', 'third@example.test']) {
      results.push(
        await send({ to, subject: `For ${to}`, text: 'Hello' }).then(
          (sent) => sent.via,
          (err: Error) => `failed: ${err.message}`,
        ),
      );
    }
    return results;
  });
  expect(outcomes).toEqual(['smtp', expect.stringMatching(/^failed: .*(Mailbox unavailable|rejected)/), 'smtp']);
  expect(sink.received.map((m) => m.to)).toEqual([['first@example.test'], ['third@example.test']]);
  // nodemailer's pool leaves a connection on which a message failed and opens another for the next.
  expect(sink.connections() - before).toBe(2);
});

test('a run of messages the server accepts uses one connection', async () => {
  const before = sink.connections();
  await withMailSession(async (send) => {
    for (let i = 0; i < 5; i++) await send({ to: `person-${i}@example.test`, subject: 'Digest', text: 'Hello' });
  });
  expect(sink.connections() - before).toBe(1);
});

test('the connection to the SMTP server has Nagle’s algorithm off (the last write of a message does not wait for an ACK)', async () => {
  const noDelay = jest.spyOn(net.Socket.prototype, 'setNoDelay');
  try {
    await withMailSession(async (send) => {
      await send({ to: 'nagle@example.test', subject: 'Digest', text: 'Hello' });
    });
    await sendMail({ to: 'nagle-single@example.test', subject: 'Invitation', text: 'Hello' });
    const port = Number(new URL(sink.url).port);
    // Both ways of sending: each connection to the sink's port was told, once connected.
    const toSink = noDelay.mock.contexts.filter((socket) => (socket as net.Socket).remotePort === port);
    expect(toSink).toHaveLength(2);
    expect(noDelay.mock.calls.filter((_, i) => toSink.includes(noDelay.mock.contexts[i]))).toEqual([[true], [true]]);
  } finally {
    noDelay.mockRestore();
  }
});

describe('over TLS, through the same socket', () => {
  // smtp-server's own self-signed certificate; the client is told to accept it.
  async function tlsSink(secure: boolean) {
    const subjects: string[] = [];
    let sawTls = false;
    const server = new SMTPServer({
      secure,
      authOptional: true,
      logger: false,
      onData(stream, session, callback) {
        sawTls = Boolean((session as { secure?: boolean }).secure);
        const chunks: Buffer[] = [];
        stream.on('data', (c: Buffer) => chunks.push(c));
        stream.on('end', () => {
          subjects.push(/^Subject: (.*)$/m.exec(Buffer.concat(chunks).toString('utf8'))?.[1] ?? '');
          callback();
        });
      },
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const { port } = server.server.address() as net.AddressInfo;
    return { server, port, subjects, sawTls: () => sawTls };
  }

  test.each([
    ['implicit TLS (smtps://)', true, 'smtps'],
    ['STARTTLS (smtp://, the server offers it)', false, 'smtp'],
  ])('%s: one message alone and a session both arrive, encrypted', async (_name, secure, scheme) => {
    const sinkTls = await tlsSink(secure);
    const saved = process.env.SMTP_URL;
    process.env.SMTP_URL = `${scheme}://127.0.0.1:${sinkTls.port}?tls.rejectUnauthorized=false`;
    try {
      // The environment is read once per module graph: a fresh one reads this URL.
      let mail: typeof import('@/lib/mail/send-mail') | undefined;
      jest.isolateModules(() => {
        mail = jest.requireActual<typeof import('@/lib/mail/send-mail')>('@/lib/mail/send-mail');
      });
      const { sendMail, withMailSession } = mail!;
      await sendMail({ to: 'alone@example.test', subject: 'Alone', text: 'Hello' });
      await withMailSession(async (send) => {
        await send({ to: 'one@example.test', subject: 'One', text: 'Hello' });
        await send({ to: 'two@example.test', subject: 'Two', text: 'Hello' });
      });
      expect(sinkTls.subjects).toEqual(['Alone', 'One', 'Two']);
      expect(sinkTls.sawTls()).toBe(true);
    } finally {
      process.env.SMTP_URL = saved;
      await new Promise<void>((resolve) => sinkTls.server.close(() => resolve()));
    }
  });
});
