import { db } from '../db/client';
import { getEnv } from '../env';

/** True when too many sign-ins failed recently for this account or from this address. */
export async function isLoginThrottled(email: string, ip: string): Promise<boolean> {
  const env = getEnv();
  const since = new Date(Date.now() - env.LOGIN_WINDOW_MINUTES * 60_000);
  // Without a trusted proxy every request looks local: counting by address would then lock
  // everyone out together, so only the per-account limit applies (see TRUST_PROXY).
  const knownAddress = ip !== 'local';
  const [byEmail, byIp] = await Promise.all([
    db.loginAttempt.count({ where: { email, succeeded: false, createdAt: { gte: since } } }),
    knownAddress ? db.loginAttempt.count({ where: { ip, succeeded: false, createdAt: { gte: since } } }) : Promise.resolve(0),
  ]);
  // An address gets more room than one account: several members may share a household or library.
  return byEmail >= env.LOGIN_MAX_FAILURES || byIp >= env.LOGIN_MAX_FAILURES * 4;
}

export async function recordLoginAttempt(email: string, ip: string, succeeded: boolean): Promise<void> {
  await db.loginAttempt.create({ data: { email, ip, succeeded } });
}
