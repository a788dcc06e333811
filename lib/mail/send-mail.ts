import fs from 'node:fs/promises';
import path from 'node:path';
import crypto from 'node:crypto';
import nodemailer from 'nodemailer';
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
  const transport = nodemailer.createTransport(env.SMTP_URL);
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
  const url = env.SMTP_URL;
  const transport = nodemailer.createTransport(
    `${url}${url.includes('?') ? '&' : '?'}pool=true&maxConnections=1&maxMessages=${MESSAGES_PER_CONNECTION}`,
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

async function toOutbox(mail: Mail): Promise<SentMail> {
  const env = getEnv();
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
