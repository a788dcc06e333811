import { db } from '../db/client';
import { getEnv } from '../env';
import { UNKNOWN_ADDRESS } from './client-address';
import { pruneAuthRecordsSoon } from './prune';

/**
 * Progressive delay, never a lock (docs/decisions/0012-sign-in-and-mfa.md). Every attempt is recorded
 * as a failure BEFORE the password is checked, so parallel guesses see each other and cannot race the
 * limits. It is then allowed or refused by the failures already counted, per key:
 *
 *   this account from this address   free: LOGIN_MAX_FAILURES      then 1 s, 2 s, 4 s … up to the window
 *   this account from anywhere       free: LOGIN_MAX_FAILURES      then 1 s, 2 s, 4 s … up to LOGIN_MAX_DELAY_SECONDS
 *   this address, any account        free: 4 × LOGIN_MAX_FAILURES  then 1 s, 2 s, 4 s … up to the window
 *
 * each delay counted from that key's latest failure. A refused attempt is marked `delayed` and never
 * counts itself, so hammering cannot keep an account shut: an attacker at one address soon waits up
 * to the window between guesses, while the account's own delay stays short, and its owner elsewhere
 * gets in after at most LOGIN_MAX_DELAY_SECONDS. When failures across all accounts pass
 * LOGIN_GLOBAL_FAILURES in the window (password spraying from many addresses), the free allowance per
 * account and per address drops to one. Address keys apply only when the address is known (the
 * socket, see lib/auth/client-address.ts); a header the client writes never decides them.
 */
export type Claim = { id: string; allowed: true } | { id: string; allowed: false; retryAfterSeconds: number };

type Key = { failures: number; latest: Date | null; free: number; capSeconds: number };

/** Seconds before the next attempt may be checked under one key (0: now). */
export function keyDelaySeconds(key: Key, now: Date): number {
  if (key.failures < key.free || !key.latest) return 0;
  const wait = Math.min(2 ** Math.min(key.failures - key.free, 30), key.capSeconds);
  return Math.max(0, Math.ceil((key.latest.getTime() + wait * 1000 - now.getTime()) / 1000));
}

export async function claimLoginAttempt(email: string, ip: string, now = new Date()): Promise<Claim> {
  const env = getEnv();
  pruneAuthRecordsSoon(now);
  const attempt = await db.loginAttempt.create({
    data: { email, ip, succeeded: false, createdAt: now },
    select: { id: true },
  });
  const since = new Date(now.getTime() - env.LOGIN_WINDOW_MINUTES * 60_000);
  const counted = { succeeded: false, delayed: false, createdAt: { gte: since, lte: now }, id: { not: attempt.id } };
  const stats = (where: object) =>
    db.loginAttempt.aggregate({ where: { ...counted, ...where }, _count: { _all: true }, _max: { createdAt: true } });
  const knownAddress = ip !== UNKNOWN_ADDRESS;
  type Stats = { _count: { _all: number }; _max: { createdAt: Date | null } };
  const none: Stats = { _count: { _all: 0 }, _max: { createdAt: null } };
  const [mine, account, address, everyone] = await Promise.all([
    knownAddress ? stats({ email, ip }) : Promise.resolve(none),
    stats({ email }),
    knownAddress ? stats({ ip }) : Promise.resolve(none),
    db.loginAttempt.count({ where: counted }),
  ]);
  const spraying = everyone >= env.LOGIN_GLOBAL_FAILURES;
  const windowSeconds = env.LOGIN_WINDOW_MINUTES * 60;
  const key = (s: Stats, free: number, capSeconds: number): Key => ({
    failures: s._count._all,
    latest: s._max.createdAt,
    free,
    capSeconds,
  });
  const wait = Math.max(
    keyDelaySeconds(key(mine, env.LOGIN_MAX_FAILURES, windowSeconds), now),
    keyDelaySeconds(key(account, spraying ? 1 : env.LOGIN_MAX_FAILURES, env.LOGIN_MAX_DELAY_SECONDS), now),
    keyDelaySeconds(key(address, spraying ? 1 : env.LOGIN_MAX_FAILURES * 4, windowSeconds), now),
  );
  if (wait === 0) return { id: attempt.id, allowed: true };
  await db.loginAttempt.update({ where: { id: attempt.id }, data: { delayed: true } });
  return { id: attempt.id, allowed: false, retryAfterSeconds: wait };
}

export async function markLoginSucceeded(id: string): Promise<void> {
  await db.loginAttempt.update({ where: { id }, data: { succeeded: true } });
}

/** "Too many attempts … wait about 40 seconds": the delay in words a person can act on. */
export function throttledMessage(seconds: number): string {
  const wait =
    seconds < 90 ? `${Math.max(1, seconds)} second${seconds === 1 ? '' : 's'}` : `${Math.ceil(seconds / 60)} minutes`;
  return `Too many attempts to sign in. For your safety, please wait ${wait} and try again.`;
}
