// Bench phase "mail" (issue 11, CI time; the daily digest): messages sent over one SMTP session to a local
// smtp-server, through lib/mail/send-mail.ts, against nodemailer's own pooled transport on the same sink in the
// same run (its socket leaves Nagle's algorithm on). Prints one RESULT line for ./run.ts.
// Run alone: `BENCH_ONLY=mail npm run bench`.
import type { AddressInfo } from 'node:net';
import nodemailer from 'nodemailer';
import { SMTPServer } from 'smtp-server';
import { median } from './http';

const MESSAGES = Number(process.env.BENCH_MAIL_MESSAGES ?? 200);
const ROUNDS = 3;
const text = 'A deadline is due in your cases.\n'.repeat(30);

async function main() {
  let received = 0;
  const server = new SMTPServer({
    authOptional: true,
    disabledCommands: ['STARTTLS'],
    logger: false,
    onData(stream, _session, callback) {
      stream.on('data', () => undefined);
      stream.on('end', () => {
        received += 1;
        callback();
      });
    },
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.server.address() as AddressInfo;
  process.env.SMTP_URL = `smtp://127.0.0.1:${port}`;
  process.env.MAIL_FROM ??= 'Reinstate <reminders@reinstate.test>';
  const { withMailSession, MESSAGES_PER_CONNECTION } = await import('../../lib/mail/send-mail');

  const mail = (i: number) => ({ to: `caseworker-${i}@example.test`, subject: 'Your deadlines this week', text });
  const timeApp = async () => {
    const t0 = performance.now();
    await withMailSession(async (send) => {
      for (let i = 0; i < MESSAGES; i++) await send(mail(i));
    });
    return (performance.now() - t0) / MESSAGES;
  };
  // What withMailSession did before it opened the socket itself: nodemailer's pool with its own socket.
  const timeDefault = async () => {
    const transport = nodemailer.createTransport(
      `${process.env.SMTP_URL}?pool=true&maxConnections=1&maxMessages=${MESSAGES_PER_CONNECTION}`,
    );
    const t0 = performance.now();
    try {
      for (let i = 0; i < MESSAGES; i++) await transport.sendMail({ from: process.env.MAIL_FROM, ...mail(i) });
    } finally {
      transport.close();
    }
    return (performance.now() - t0) / MESSAGES;
  };
  const app: number[] = [];
  const plain: number[] = [];
  for (let r = 0; r < ROUNDS; r++) {
    plain.push(await timeDefault());
    app.push(await timeApp());
  }
  await new Promise<void>((resolve) => server.close(() => resolve()));
  const middle = (xs: number[]) => median([...xs].sort((a, b) => a - b));
  console.log(
    `RESULT ${JSON.stringify({ messages: MESSAGES, rounds: ROUNDS, received, expected: MESSAGES * ROUNDS * 2, appMs: middle(app), defaultMs: middle(plain), app, plain })}`,
  );
}

main().then(
  () => process.exit(0),
  (err: unknown) => {
    console.error(err);
    process.exit(1);
  },
);
