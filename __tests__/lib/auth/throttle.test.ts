import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import { WRONG_CREDENTIALS, authorizeCredentials } from '@/lib/auth/sign-in';
import { hashPassword } from '@/lib/auth/password';
import { keyDelaySeconds } from '@/lib/auth/throttle';
import { pruneAuthRecords } from '@/lib/auth/prune';
import { makeUser } from '../../helpers/factories';

// Progressive delay, never a lock. Tests run on simulated clocks (the throttle takes `now`), each far in
// the future and apart from the others, so their failures never meet in one window: not here, and not in
// other files sharing a PostgreSQL database (which sign in at the real time).
const PASSWORD = 'correct horse battery';
const freshIp = () => `2001:db8::${crypto.randomBytes(2).toString('hex')}:${crypto.randomBytes(2).toString('hex')}`;
const freshEmail = () => `nobody-${crypto.randomUUID()}@example.test`;
let passwordHash: string;
let clock = 0;
/** A moment of its own for each test: days ahead, and a day apart. */
const newBase = () => new Date(Date.now() + (10 + crypto.randomInt(1, 10_000) * 3 + clock++) * 86_400_000);
const at = (base: Date, seconds: number) => new Date(base.getTime() + seconds * 1000);

beforeAll(async () => {
  passwordHash = await hashPassword(PASSWORD);
});

async function attempt(email: string, password: string, ip: string, now: Date): Promise<string> {
  try {
    await authorizeCredentials({ email, password }, { ip }, now);
    return 'ok';
  } catch (err) {
    return (err as Error).message;
  }
}
const waitOf = (message: string) => Number(/wait (\d+) second/.exec(message)?.[1] ?? NaN);

describe('keyDelaySeconds', () => {
  const latest = new Date('2030-01-01T00:00:00Z');
  it('is free up to the allowance, then doubles from one second, counted from the latest failure, up to the cap', () => {
    const key = (failures: number, capSeconds = 60) => ({ failures, latest, free: 5, capSeconds });
    expect(keyDelaySeconds(key(4), latest)).toBe(0);
    expect([5, 6, 7, 8, 12].map((n) => keyDelaySeconds(key(n), latest))).toEqual([1, 2, 4, 8, 60]);
    expect(keyDelaySeconds(key(40, 900), latest)).toBe(900);
    expect(keyDelaySeconds(key(7), at(latest, 3))).toBe(1);
    expect(keyDelaySeconds(key(7), at(latest, 4))).toBe(0);
  });
});

describe('claimLoginAttempt: progressive delay', () => {
  it('delays the sixth try after five failures by a second, and the right password then works: no lock', async () => {
    expect(process.env.LOGIN_MAX_FAILURES).toBe('5');
    const base = newBase();
    const user = await makeUser('MEMBER', { passwordHash });
    const ip = freshIp();
    for (let i = 0; i < 5; i++)
      expect(await attempt(user.email, `wrong ${i}`, ip, at(base, i))).toBe(WRONG_CREDENTIALS);
    const refused = await attempt(user.email, PASSWORD, ip, at(base, 4.5));
    expect(refused).toMatch(/^Too many attempts to sign in\. For your safety, please wait 1 second and try again\.$/);
    // The refused try is recorded as delayed, not as a failure: trying again and again does not lengthen the wait.
    for (let i = 0; i < 5; i++) await attempt(user.email, PASSWORD, ip, at(base, 4.6 + i / 20));
    expect(await db.loginAttempt.count({ where: { email: user.email, delayed: true } })).toBe(6);
    expect(await attempt(user.email, PASSWORD, ip, at(base, 5.1))).toBe('ok');
  });

  it('doubles the wait with each further failure, for that account from anywhere', async () => {
    const base = newBase();
    const user = await makeUser('MEMBER', { passwordHash });
    let t = 0;
    for (; t < 5; t++) await attempt(user.email, 'wrong', freshIp(), at(base, t));
    t -= 1; // the latest failure
    const waits: number[] = [];
    for (let i = 0; i < 4; i++) {
      const refused = await attempt(user.email, 'wrong', freshIp(), at(base, t + 0.5));
      waits.push(waitOf(refused));
      t += waitOf(refused);
      expect(await attempt(user.email, 'wrong', freshIp(), at(base, t))).toBe(WRONG_CREDENTIALS);
    }
    expect(waits).toEqual([1, 2, 4, 8]);
  });

  it('lets the coordinator in with the right password while an attacker keeps hammering from one address', async () => {
    const base = newBase();
    const coordinator = await makeUser('COORDINATOR', { passwordHash });
    const attacker = freshIp();
    // Six wrong passwords at once (what used to lock the account for 15 minutes), then one every two
    // seconds for ten minutes. The coordinator tries from home at 60 s, and again at 300 s after signing
    // in; each time, when refused, they wait as long as the message says.
    await Promise.all(Array.from({ length: 6 }, (_, i) => attempt(coordinator.email, `guess ${i}`, attacker, base)));
    const tries = [60, 300];
    const waited: number[] = [];
    let next = tries.shift()!;
    let started = next;
    for (let s = 1; s <= 600; s++) {
      if (s % 2 === 0) await attempt(coordinator.email, `guess at ${s}`, attacker, at(base, s)); // the attacker goes first
      if (s !== next) continue;
      const result = await attempt(coordinator.email, PASSWORD, '198.51.100.20', at(base, s));
      if (result !== 'ok') next = s + waitOf(result);
      else {
        waited.push(s - started);
        if (!tries.length) break;
        next = started = tries.shift()!;
      }
    }
    // Early on the attacker's own delay is still short and can take the account's next opening (the
    // account delay is at most LOGIN_MAX_DELAY_SECONDS = 60 s), so the first wait is up to two of those;
    // once the attacker's address waits longer than the account does, the coordinator waits at most one.
    expect(waited).toHaveLength(2);
    expect(waited[0]).toBeLessThanOrEqual(120);
    expect(waited[1]).toBeLessThanOrEqual(60);
    // Meanwhile the attacker got a handful of guesses checked, not 300.
    expect(
      await db.loginAttempt.count({ where: { email: coordinator.email, ip: attacker, delayed: false } }),
    ).toBeLessThan(20);
  }, 120_000);

  it('limits one address across many accounts, without touching other addresses', async () => {
    const base = newBase();
    const ip = freshIp();
    for (let i = 0; i < 20; i++) expect(await attempt(freshEmail(), 'guess', ip, at(base, i))).toBe(WRONG_CREDENTIALS);
    const user = await makeUser('MEMBER', { passwordHash });
    expect(await attempt(user.email, PASSWORD, ip, at(base, 19.5))).toMatch(/Too many attempts/);
    expect(await attempt(user.email, PASSWORD, freshIp(), at(base, 19.5))).toBe('ok');
    expect(await attempt(user.email, PASSWORD, ip, at(base, 21))).toBe('ok');
  });

  it('drops every free allowance to one once failures across all accounts pass LOGIN_GLOBAL_FAILURES (spraying)', async () => {
    const base = newBase();
    const user = await makeUser('MEMBER', { passwordHash });
    const ip = freshIp();
    expect(await attempt(user.email, 'typo', ip, base)).toBe(WRONG_CREDENTIALS);
    expect(await attempt(user.email, 'typo again', ip, at(base, 1))).toBe(WRONG_CREDENTIALS); // normally five are free
    // A hundred failures on a hundred accounts from a hundred addresses in the same quarter of an hour.
    await db.loginAttempt.createMany({
      data: Array.from({ length: 100 }, (_, i) => ({
        email: freshEmail(),
        ip: freshIp(),
        succeeded: false,
        createdAt: at(base, 1 + i / 200),
      })),
    });
    expect(await attempt(user.email, PASSWORD, ip, at(base, 2.5))).toMatch(/Too many attempts/);
    expect(await attempt(user.email, PASSWORD, freshIp(), at(base, 2.6))).toMatch(/Too many attempts/);
    // Still a delay, never a lock: a few seconds later the right password works.
    expect(await attempt(user.email, PASSWORD, ip, at(base, 5))).toBe('ok');
  });

  it('uses only the account keys when the address is unknown ("local"), so one household cannot shut out another', async () => {
    const base = newBase();
    for (let i = 0; i < 30; i++) await attempt(freshEmail(), 'guess', 'local', at(base, i / 10));
    const user = await makeUser('MEMBER', { passwordHash });
    expect(await attempt(user.email, PASSWORD, 'local', at(base, 4))).toBe('ok');
  });

  it('limits parallel guesses too: failures are recorded before the password check', async () => {
    const base = newBase();
    const user = await makeUser('MEMBER', { passwordHash });
    const results = await Promise.all(
      Array.from({ length: 15 }, (_, i) => attempt(user.email, `wrong ${i}`, freshIp(), base)),
    );
    expect(results.filter((r) => /Too many attempts/.test(r)).length).toBeGreaterThanOrEqual(10);
    expect(await db.loginAttempt.count({ where: { email: user.email, delayed: false } })).toBeLessThanOrEqual(5);
  });

  it('forgets failures older than the window, and does not count successes', async () => {
    const base = newBase();
    const user = await makeUser('MEMBER', { passwordHash });
    await db.loginAttempt.createMany({
      data: Array.from({ length: 9 }, () => ({
        email: user.email,
        ip: freshIp(),
        succeeded: false,
        createdAt: at(base, -16 * 60),
      })),
    });
    expect(await attempt(user.email, PASSWORD, freshIp(), base)).toBe('ok');
    for (let i = 1; i < 8; i++) expect(await attempt(user.email, PASSWORD, freshIp(), at(base, i))).toBe('ok');
  });
});

describe('pruneAuthRecords', () => {
  // At the real time, with records in the past: a prune never reaches what tests elsewhere are doing now.
  it('deletes sign-in records past their time and keeps the rest', async () => {
    const base = new Date();
    const user = await makeUser('MEMBER');
    const email = freshEmail();
    await db.loginAttempt.createMany({
      data: [
        { email, ip: 'local', succeeded: false, createdAt: at(base, -25 * 3600) },
        { email, ip: 'local', succeeded: false, createdAt: at(base, -23 * 3600) },
      ],
    });
    const old = {
      userId: user.id,
      factors: ['password'],
      tokenHash: crypto.randomUUID(),
      expiresAt: at(base, -31 * 86_400),
    };
    await db.session.createMany({
      data: [old, { ...old, tokenHash: crypto.randomUUID(), expiresAt: at(base, -29 * 86_400) }],
    });
    await db.signInChallenge.createMany({
      data: [
        {
          userId: user.id,
          tokenHash: crypto.randomUUID(),
          factors: ['password'],
          ip: 'local',
          expiresAt: at(base, -2 * 3600),
        },
        {
          userId: user.id,
          tokenHash: crypto.randomUUID(),
          factors: ['password'],
          ip: 'local',
          expiresAt: at(base, 60),
        },
      ],
    });
    const pruned = await pruneAuthRecords(base);
    expect(pruned).toMatchObject({ loginAttempts: expect.any(Number), sessions: expect.any(Number) });
    expect(await db.loginAttempt.count({ where: { email } })).toBe(1);
    expect(await db.session.count({ where: { userId: user.id } })).toBe(1);
    expect(await db.signInChallenge.count({ where: { userId: user.id } })).toBe(1);
  });
});
