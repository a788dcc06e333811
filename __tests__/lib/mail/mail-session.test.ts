import { getEnv } from '@/lib/env';
import { withMailSession } from '@/lib/mail/send-mail';
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
