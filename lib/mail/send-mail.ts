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
  if (env.SMTP_URL) {
    const transport = nodemailer.createTransport(env.SMTP_URL);
    const info = await transport.sendMail({ from: env.MAIL_FROM, ...mail });
    transport.close();
    return { via: 'smtp', messageId: info.messageId };
  }
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
