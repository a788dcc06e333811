import { db } from '../db/client';
import { getEnv } from '../env';
import { sendMail } from '../mail/send-mail';

/** Where to tell the person: their account's address, else the one on their record. */
async function addressOf(request: { personId: string | null; userId: string | null }): Promise<string | null> {
  const user = request.userId
    ? await db.user.findUnique({ where: { id: request.userId }, select: { email: true } })
    : null;
  if (user && !user.email.endsWith('@erased.invalid')) return user.email;
  const person = request.personId
    ? await db.person.findUnique({ where: { id: request.personId }, select: { email: true } })
    : null;
  return person?.email ?? null;
}

const accountUrl = () => `${getEnv().APP_URL.replace(/\/$/, '')}/account`;

/** The refusal and its reason, by email; the Account page shows it too. A failed send is logged, not fatal. */
export async function tellMemberRefused(
  request: { personId: string | null; userId: string | null },
  reason: string,
): Promise<boolean> {
  const to = await addressOf(request);
  if (!to) return false;
  return sendMail({
    to,
    subject: 'Your request to erase your data',
    text:
      'Hello,\n\nYou asked us to erase the data Reinstate holds about you. A coordinator has decided not to do this ' +
      `for now, for this reason:\n\n${reason}\n\nYour account and your case are unchanged. You can read this again on ` +
      `your account page (${accountUrl()}), and ask again at any time. If you disagree, you can also complain to the ` +
      "Information Commissioner's Office (ico.org.uk).\n",
  }).then(
    () => true,
    (err: unknown) => {
      console.error('[erasure] refusal email not sent:', err instanceof Error ? err.message : err);
      return false;
    },
  );
}

/**
 * Sent to the address the person had, after the rows are gone and before the outbox is cleared (so with no SMTP
 * server its outbox copy, which names the address, is deleted with the rest). It names nobody and no case.
 */
export async function tellMemberErased(to: string | null): Promise<boolean> {
  if (!to) return false;
  return sendMail({
    to,
    subject: 'Your data has been erased',
    text:
      'Hello,\n\nAs you asked, Reinstate has erased the data it held about you: your account details, your case and ' +
      'everything filed on it. Your account can no longer be used to sign in.\n\nWe keep only a record that an ' +
      'erasure was made and when, without your name or anything about your case.\n',
  }).then(
    () => true,
    (err: unknown) => {
      console.error('[erasure] confirmation email not sent:', err instanceof Error ? err.message : err);
      return false;
    },
  );
}

export { addressOf as erasureAddressOf };
