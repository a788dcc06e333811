import { db } from '../db/client';
import { getEnv } from '../env';

/**
 * Records a sign-in attempt as failed BEFORE the password is checked, then counts: parallel
 * guesses each see the others' rows, so the limit cannot be raced (it errs towards refusing).
 * A correct password turns the row into a success with markLoginSucceeded().
 */
export async function claimLoginAttempt(email: string, ip: string): Promise<{ id: string; throttled: boolean }> {
  const env = getEnv();
  const attempt = await db.loginAttempt.create({ data: { email, ip, succeeded: false }, select: { id: true } });
  const since = new Date(Date.now() - env.LOGIN_WINDOW_MINUTES * 60_000);
  // Without a trusted proxy every request looks local: counting by address would then lock
  // everyone out together, so only the per-account limit applies (see TRUST_PROXY).
  const knownAddress = ip !== 'local';
  const [byEmail, byIp] = await Promise.all([
    db.loginAttempt.count({ where: { email, succeeded: false, createdAt: { gte: since } } }),
    knownAddress ? db.loginAttempt.count({ where: { ip, succeeded: false, createdAt: { gte: since } } }) : Promise.resolve(0),
  ]);
  // The counts include this attempt. An address gets more room than one account: members may share a household or library.
  return { id: attempt.id, throttled: byEmail > env.LOGIN_MAX_FAILURES || byIp > env.LOGIN_MAX_FAILURES * 4 };
}

export async function markLoginSucceeded(id: string): Promise<void> {
  await db.loginAttempt.update({ where: { id }, data: { succeeded: true } });
}
