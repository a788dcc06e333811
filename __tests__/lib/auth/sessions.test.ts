import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import { loadActiveUser, loadSessionState } from '@/lib/auth/current-user';
import { createSession, findLiveSession, TOUCH_EVERY_MS } from '@/lib/auth/sessions';
import { hashToken } from '@/lib/users/tokens';
import { getAuthOptions } from '@/lib/auth/options';
import { signOutEverywhereAction, updateTeamMemberAction } from '@/lib/users/actions';
import { actAs, makePasskey, makeUser, type TestUser } from '../../helpers/factories';

// Server-side sessions: the JWT carries { sub, sv, sid }; loadSessionState (what every page, action and route
// uses through getCurrentUser) re-checks the session row and the account on every request.
const HOUR = 3600_000;
const MINUTE = 60_000;
const sessionVersion = async (id: string) =>
  (await db.user.findUniqueOrThrow({ where: { id }, select: { sessionVersion: true } })).sessionVersion;

async function signedIn(user: TestUser, now = new Date()) {
  const { sid } = await db.$transaction((tx) =>
    createSession(tx, { userId: user.id, factors: ['password'], ip: '203.0.113.9' }, now),
  );
  return sid;
}
const state = (user: TestUser, sid: string, now?: Date, sv: unknown = 1) => loadSessionState(sid, user.id, sv, now);

describe('loadSessionState', () => {
  it('returns the user for a live session, and fails closed on anything that does not match', async () => {
    const user = await makeUser('MEMBER');
    const other = await makeUser('MEMBER');
    const sid = await signedIn(user);
    expect(await state(user, sid)).toEqual({ user, sessionId: expect.any(String), gate: { status: 'ok' } });
    expect(await loadSessionState(sid, other.id, 1)).toBeNull(); // someone else's id in the token
    expect(await loadSessionState(sid, '', 1)).toBeNull();
    expect(await state(user, sid, undefined, 2)).toBeNull(); // an older or newer session version
    expect(await state(user, sid, undefined, '1')).toBeNull();
    for (const bad of [undefined, null, 42, '', 'x'.repeat(43), 'y'.repeat(500)])
      expect(await loadSessionState(bad, user.id, 1)).toBeNull();
  });

  it('ends at the absolute lifetime (SESSION_HOURS from sign-in), however active the person is', async () => {
    const user = await makeUser('MEMBER');
    const start = new Date();
    const sid = await signedIn(user, start);
    // Busy all day: a request every 20 minutes keeps the idle timer fresh…
    for (let t = 20 * MINUTE; t < 8 * HOUR; t += 20 * MINUTE)
      expect(await state(user, sid, new Date(start.getTime() + t))).not.toBeNull();
    // …but eight hours after signing in it is over.
    expect(await state(user, sid, new Date(start.getTime() + 8 * HOUR))).toBeNull();
    const row = await db.session.findFirstOrThrow({ where: { userId: user.id } });
    expect(row.expiresAt.getTime()).toBe(start.getTime() + 8 * HOUR); // never moved
  });

  it('ends after SESSION_IDLE_MINUTES without a request', async () => {
    const user = await makeUser('MEMBER');
    const start = new Date();
    const sid = await signedIn(user, start);
    expect(await state(user, sid, new Date(start.getTime() + 59 * MINUTE))).not.toBeNull();
    // Counted from the latest request, not from sign-in.
    expect(await state(user, sid, new Date(start.getTime() + 118 * MINUTE))).not.toBeNull();
    expect(await state(user, sid, new Date(start.getTime() + 179 * MINUTE))).toBeNull();
  });

  it('writes the last-seen time at most once a minute', async () => {
    const user = await makeUser('MEMBER');
    const start = new Date();
    const sid = await signedIn(user, start);
    await state(user, sid, new Date(start.getTime() + TOUCH_EVERY_MS / 2));
    expect((await db.session.findFirstOrThrow({ where: { userId: user.id } })).lastSeenAt).toEqual(start);
    const later = new Date(start.getTime() + TOUCH_EVERY_MS + 1);
    await state(user, sid, later);
    expect((await db.session.findFirstOrThrow({ where: { userId: user.id } })).lastSeenAt).toEqual(later);
  });
});

describe('next-auth callbacks and events', () => {
  const options = getAuthOptions();
  const jwt = (token: Record<string, unknown>, user?: Record<string, unknown>) =>
    options.callbacks!.jwt!({ token, user, account: null } as never) as Promise<Record<string, unknown>>;

  it('puts only the ids and the absolute end in the token at sign-in', async () => {
    const token = await jwt(
      { name: 'x', email: 'y', picture: 'z' },
      { id: 'u1', sv: 3, sid: 's1', ae: 123, email: 'leak@example.test' },
    );
    expect(Object.fromEntries(Object.entries(token).filter(([, v]) => v !== undefined))).toEqual({
      sub: 'u1',
      sv: 3,
      sid: 's1',
      ae: 123,
    });
  });

  it('refuses a session that has ended when /api/auth/session asks, and asking does not count as activity', async () => {
    const user = await makeUser('MEMBER');
    const start = new Date(Date.now() - 30 * MINUTE);
    const sid = await signedIn(user, start);
    await expect(jwt({ sub: user.id, sv: 1, sid })).resolves.toMatchObject({ sub: user.id, sid });
    expect((await db.session.findFirstOrThrow({ where: { userId: user.id } })).lastSeenAt).toEqual(start); // polling keeps nothing alive
    const session = await options.callbacks!.session!({
      session: { expires: 'later' },
      token: { sub: user.id, ae: 2_000_000_000 },
    } as never);
    expect(session).toEqual({ expires: new Date(2_000_000_000_000).toISOString(), user: { id: user.id } });
    await db.session.updateMany({ where: { userId: user.id }, data: { revokedAt: new Date() } });
    await expect(jwt({ sub: user.id, sv: 1, sid })).rejects.toThrow('Session ended');
    await expect(jwt({ sub: user.id, sv: 1 })).rejects.toThrow('Session ended'); // an old token without a session id
  });

  it('signing out revokes the session on the server, so a copy of the cookie stops working, and audits it', async () => {
    const user = await makeUser('MEMBER');
    const sid = await signedIn(user);
    const other = await signedIn(user); // the same person on another device
    await options.events!.signOut!({ token: { sub: user.id, sid } } as never);
    expect(await state(user, sid)).toBeNull();
    expect(await state(user, other)).not.toBeNull();
    expect(await db.auditLog.findMany({ where: { actorId: user.id, action: 'user.sign_out' } })).toEqual([
      expect.objectContaining({ entityId: user.id }),
    ]);
    await options.events!.signOut!({ token: { sub: user.id, sid } } as never); // twice: nothing more
    await options.events!.signOut!({ token: null } as never);
    expect(await db.auditLog.count({ where: { actorId: user.id, action: 'user.sign_out' } })).toBe(1);
  });
});

describe('revocation', () => {
  it('"sign out everywhere" ends every session of the person, and only theirs', async () => {
    const user = await makeUser('MEMBER');
    const bystander = await makeUser('MEMBER');
    const [a, b, c] = [await signedIn(user), await signedIn(user), await signedIn(bystander)];
    actAs(user);
    expect(await signOutEverywhereAction({})).toEqual({ ok: true, data: { signedOut: true } });
    expect(await sessionVersion(user.id)).toBe(2);
    expect(await state(user, a, undefined, 2)).toBeNull(); // the row is revoked, not just the version moved
    expect(await state(user, b, undefined, 2)).toBeNull();
    expect(await state(bystander, c)).not.toBeNull();
    const audit = await db.auditLog.findMany({ where: { entityId: user.id, action: 'user.sign_out_everywhere' } });
    expect(audit).toEqual([
      expect.objectContaining({ actorId: user.id, fields: ['sessionVersion'], ip: '203.0.113.7', userAgent: 'jest' }),
    ]);
  });

  it('disabling an account or changing its role ends its sessions at once', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const [disabled, demoted] = [await makeUser('CASEWORKER'), await makeUser('CASEWORKER')];
    const [s1, s2] = [await signedIn(disabled), await signedIn(demoted)];
    actAs(coordinator);
    expect(await updateTeamMemberAction({ userId: disabled.id, disabled: true })).toMatchObject({ ok: true });
    expect(await updateTeamMemberAction({ userId: demoted.id, role: 'MEMBER' })).toMatchObject({ ok: true });
    expect(await state(disabled, s1, undefined, 2)).toBeNull();
    expect(await state(demoted, s2, undefined, 2)).toBeNull();
    expect(await db.session.count({ where: { userId: { in: [disabled.id, demoted.id] }, revokedAt: null } })).toBe(0);
    // A new sign-in carries the new role.
    expect(await state(demoted, await signedIn(demoted), undefined, 2)).toMatchObject({ user: { role: 'MEMBER' } });
  });

  it('refuses sign out everywhere for a visitor and with extra fields, changing nothing', async () => {
    const user = await makeUser('MEMBER');
    actAs(null);
    expect(await signOutEverywhereAction({})).toMatchObject({
      ok: false,
      code: 'unauthenticated',
      error: 'Please sign in again.',
    });
    actAs(user);
    const res = await signOutEverywhereAction({ userId: 'someone-else' } as never);
    expect(res).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { _form: 'These fields are not allowed here: userId' },
    });
    expect(await sessionVersion(user.id)).toBe(1);
  });
});

describe('the two-step sign-in gate', () => {
  it('gives staff a grace period, then only the set-up page; members are never required', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const member = await makeUser('MEMBER');
    const now = new Date();
    await db.user.update({
      where: { id: caseworker.id },
      data: { mfaRequiredAt: new Date(now.getTime() + 7 * 24 * HOUR) },
    });
    const sid = await signedIn(caseworker, now);
    expect(await state(caseworker, sid, now)).toMatchObject({
      gate: { status: 'grace', until: new Date(now.getTime() + 7 * 24 * HOUR) },
    });
    await db.user.update({ where: { id: caseworker.id }, data: { mfaRequiredAt: new Date(now.getTime() - 1) } });
    expect(await state(caseworker, sid, now)).toMatchObject({ user: { id: caseworker.id }, gate: { status: 'enrol' } });
    await makePasskey(caseworker.id);
    expect(await state(caseworker, sid, now)).toMatchObject({ gate: { status: 'ok' } });
    expect(await state(member, await signedIn(member, now), now)).toMatchObject({ gate: { status: 'ok' } });
  });
});

describe('findLiveSession', () => {
  // One plain statement (every request asks it): the same row, nested the same way, as Prisma's read of those columns.
  const prismaRead = (sid: string) =>
    db.session.findUnique({
      where: { tokenHash: hashToken(sid) },
      select: {
        id: true,
        userId: true,
        factors: true,
        expiresAt: true,
        lastSeenAt: true,
        revokedAt: true,
        user: {
          select: {
            id: true,
            role: true,
            name: true,
            email: true,
            sessionVersion: true,
            disabledAt: true,
            mfaRequiredAt: true,
            totpFactor: { select: { confirmedAt: true } },
            _count: { select: { passkeys: true } },
          },
        },
      },
    });

  it('reads what Prisma reads: no second factor, an unconfirmed and a confirmed code, passkeys', async () => {
    const user = await makeUser('CASEWORKER');
    await db.user.update({ where: { id: user.id }, data: { mfaRequiredAt: new Date('2026-01-02T03:04:05.678Z') } });
    const sid = await signedIn(user);
    const same = async () => expect(await findLiveSession(sid)).toEqual(await prismaRead(sid));
    await same();
    expect((await findLiveSession(sid))!.user.totpFactor).toBeNull();
    await db.totpFactor.create({ data: { userId: user.id, wrappedKey: 'k', secretEnc: 's' } });
    await same();
    expect((await findLiveSession(sid))!.user.totpFactor).toEqual({ confirmedAt: null });
    await db.totpFactor.update({ where: { userId: user.id }, data: { confirmedAt: new Date() } });
    await same();
    for (let i = 0; i < 2; i++) await makePasskey(user.id, `Key ${i}`);
    await same();
    expect((await findLiveSession(sid))!.user._count.passkeys).toBe(2);
    expect(await findLiveSession(crypto.randomBytes(32).toString('base64url'))).toBeNull();
  });
});

describe('loadActiveUser (kept for callers that have an id and a version)', () => {
  it('returns the account for a matching version only', async () => {
    const user = await makeUser('CASEWORKER');
    expect(await loadActiveUser(user.id, 1)).toEqual({
      id: user.id,
      role: 'CASEWORKER',
      name: user.name,
      email: user.email,
    });
    expect(await loadActiveUser(user.id, 2)).toBeNull();
    expect(await loadActiveUser(user.id, undefined)).toBeNull();
    expect(await loadActiveUser('no-such-user', 1)).toBeNull();
  });
});
