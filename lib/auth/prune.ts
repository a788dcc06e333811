import { db } from '../db/client';
import { getEnv } from '../env';

// Sign-in records hold email and network addresses: they are kept only as long as they serve.
// Failed and successful attempts: a day (the throttle needs LOGIN_WINDOW_MINUTES; the rest is for looking
// into an incident). Ended sessions and used or expired links and challenges: 30 days, then gone.
const ATTEMPT_HOURS = 24;
const ENDED_DAYS = 30;
const EVERY_MS = 10 * 60_000;

let lastRun = 0;

export type Pruned = {
  loginAttempts: number;
  sessions: number;
  challenges: number;
  signUps: number;
  resets: number;
  mails: number;
};

export async function pruneAuthRecords(now = new Date()): Promise<Pruned> {
  const attemptsBefore = new Date(now.getTime() - Math.max(ATTEMPT_HOURS * 60, getEnv().LOGIN_WINDOW_MINUTES) * 60_000);
  const endedBefore = new Date(now.getTime() - ENDED_DAYS * 86_400_000);
  const [loginAttempts, sessions, challenges, signUps, resets, mails] = await Promise.all([
    db.loginAttempt.deleteMany({ where: { createdAt: { lt: attemptsBefore } } }),
    db.session.deleteMany({ where: { OR: [{ expiresAt: { lt: endedBefore } }, { revokedAt: { lt: endedBefore } }] } }),
    db.signInChallenge.deleteMany({ where: { expiresAt: { lt: new Date(now.getTime() - 3600_000) } } }),
    db.signUpRequest.deleteMany({ where: { expiresAt: { lt: endedBefore } } }),
    db.passwordReset.deleteMany({ where: { expiresAt: { lt: endedBefore } } }),
    db.authMail.deleteMany({ where: { createdAt: { lt: attemptsBefore } } }),
  ]);
  return {
    loginAttempts: loginAttempts.count,
    sessions: sessions.count,
    challenges: challenges.count,
    signUps: signUps.count,
    resets: resets.count,
    mails: mails.count,
  };
}

/** At most once every ten minutes per process, from the sign-in path; never delays or fails a sign-in. */
export function pruneAuthRecordsSoon(now = new Date()): void {
  // Tests call pruneAuthRecords() themselves: a prune in the background would outlive their database.
  if (getEnv().NODE_ENV === 'test' || now.getTime() - lastRun < EVERY_MS) return;
  lastRun = now.getTime();
  pruneAuthRecords(now).catch((err: unknown) =>
    console.error('[auth] pruning sign-in records failed:', err instanceof Error ? err.message : err),
  );
}
