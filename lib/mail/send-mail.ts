import fs from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import net from 'node:net';
import { getEnv } from '../env';

export type Mail = { to: string; subject: string; text: string };
export type SentMail = { via: 'smtp' | 'outbox'; messageId: string; file?: string };

/**
 * Sends through SMTP_URL when configured. Without it the message is written to the outbox
 * folder (DATA_DIR/outbox) and logged, so a link in it is never lost.
 */
export async function sendMail(mail: Mail): Promise<SentMail> {
  const env = getEnv();
  if (!env.SMTP_URL) return toOutbox(mail);
  const { nodemailer, SMTPTransport } = await mailer();
  const transport = nodemailer.createTransport(
    new SMTPTransport({ url: env.SMTP_URL, getSocket: connectWithoutDelay }),
  );
  try {
    const info = await transport.sendMail({ from: env.MAIL_FROM, ...mail });
    return { via: 'smtp', messageId: info.messageId };
  } finally {
    transport.close();
  }
}

/** Messages sent over one connection before it is replaced (nodemailer's pool default, said here so tests can count). */
export const MESSAGES_PER_CONNECTION = 100;

/**
 * Several messages in a row (the daily digest): one SMTP connection for all of them instead of one each. Each
 * new connection costs its handshake and the server's greeting (smtp-server, like Postfix's postscreen, waits
 * 100 ms before greeting to catch clients that talk too soon; TLS adds its own round trips). A message the
 * server refuses (a full mailbox) fails alone: nodemailer's pool opens a new connection for the next. Without
 * SMTP_URL each message goes to the outbox, as with sendMail.
 */
export async function withMailSession<T>(run: (send: (mail: Mail) => Promise<SentMail>) => Promise<T>): Promise<T> {
  const env = getEnv();
  if (!env.SMTP_URL) return run(toOutbox);
  const { nodemailer, SMTPPool } = await mailer();
  const transport = nodemailer.createTransport(
    new SMTPPool({
      pool: true,
      url: env.SMTP_URL,
      maxConnections: 1,
      maxMessages: MESSAGES_PER_CONNECTION,
      getSocket: connectWithoutDelay,
    }),
  );
  try {
    return await run(async (mail) => {
      const info = await transport.sendMail({ from: env.MAIL_FROM, ...mail });
      return { via: 'smtp', messageId: info.messageId };
    });
  } finally {
    transport.close();
  }
}

/**
 * nodemailer, loaded by the first message a process sends rather than by every module that may send one: loaded
 * at a web process's start (through the reminder and retention schedules) it held about 12 MB resident in each.
 */
async function mailer() {
  const [{ default: nodemailer }, { default: SMTPPool }, { default: SMTPTransport }] = await Promise.all([
    import('nodemailer'),
    // Named down to the file: nodemailer has no "exports", and Node resolves a folder only for require. Named as
    // folders, Turbopack could not leave these two outside the server build, bundled them and warned at every build.
    import('nodemailer/lib/smtp-pool/index.js'),
    import('nodemailer/lib/smtp-transport/index.js'),
  ]);
  return { nodemailer, SMTPPool, SMTPTransport };
}

type SocketOptions = { host?: string; port?: number | string; secure?: boolean; connectionTimeout?: number };

/**
 * The TCP connection to the SMTP server, opened here rather than by nodemailer so that Nagle's algorithm is off.
 * nodemailer writes a message's headers, body and closing dot as separate small writes and leaves Nagle on, so the
 * last write waited for the server's delayed ACK: about 40 ms a message once the connection was past its first few
 * (44 ms against 2 ms with a local smtp-server; docs/benchmarks.md, "Mail"). nodemailer still does the rest:
 * implicit TLS (smtps) and STARTTLS over this socket, the greeting, authentication.
 */
function connectWithoutDelay(options: SocketOptions, callback: (err: Error | null, socketOptions?: object) => void) {
  const port = Number(options.port) || (options.secure ? 465 : 587);
  const socket = net.connect({ host: options.host || 'localhost', port });
  const timedOut = () => settle(Object.assign(new Error('Connection timeout'), { code: 'ETIMEDOUT' }));
  const connected = () => {
    socket.setNoDelay(true);
    settle(null);
  };
  // Settled once; nodemailer sets its own timeout and error handling on the socket it is given.
  function settle(err: Error | null) {
    socket.setTimeout(0);
    socket.removeListener('timeout', timedOut).removeListener('error', settle).removeListener('connect', connected);
    if (err) {
      socket.destroy();
      callback(err);
    } else callback(null, { connection: socket });
  }
  socket.setTimeout(options.connectionTimeout ?? CONNECTION_TIMEOUT_MS);
  socket.once('timeout', timedOut).once('error', settle).once('connect', connected);
}
/** nodemailer's own default for connecting. */
const CONNECTION_TIMEOUT_MS = 2 * 60 * 1000;

async function toOutbox(mail: Mail): Promise<SentMail> {
  const env = getEnv();
  const { nodemailer } = await mailer();
  const transport = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
  const info = await transport.sendMail({ from: env.MAIL_FROM, ...mail });
  await fs.mkdir(env.outboxDir, { recursive: true });
  const file = path.join(
    env.outboxDir,
    `${new Date().toISOString().replace(/[:.]/g, '-')}-${crypto.randomBytes(4).toString('hex')}.eml`,
  );
  await fs.writeFile(file, info.message as Buffer, { mode: 0o600 });
  console.log(`[mail] No SMTP_URL set: "${mail.subject}" to ${mail.to} written to ${file}`);
  return { via: 'outbox', messageId: info.messageId, file };
}
