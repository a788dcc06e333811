import { db } from '../db/client';
import { sendMail, type Mail } from '../mail/send-mail';

// Sign-up and password-reset emails go to whatever address a visitor types, so a budget per address
// stops anyone using the forms to flood a mailbox. Beyond it nothing is sent, and the form's answer is
// the same as always (it never says whether an address has an account).
const PER_HOUR = 3;

/** Sends one email to an address within its hourly budget for this purpose; false when over budget (nothing sent). */
export async function sendAuthMail(
  purpose: 'sign-up' | 'already-registered' | 'password-reset',
  mail: Mail,
  now = new Date(),
): Promise<boolean> {
  // Recorded first, then counted (this one included): requests racing each other still send at most PER_HOUR.
  await db.authMail.create({ data: { email: mail.to, purpose, createdAt: now } });
  const recent = await db.authMail.count({
    where: { email: mail.to, purpose, createdAt: { gt: new Date(now.getTime() - 3600_000), lte: now } },
  });
  if (recent > PER_HOUR) return false;
  await sendMail(mail);
  return true;
}
