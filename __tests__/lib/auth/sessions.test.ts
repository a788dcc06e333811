import { db } from '@/lib/db/client';
import { loadActiveUser } from '@/lib/auth/current-user';
import { signOutEverywhereAction, updateTeamMemberAction } from '@/lib/users/actions';
import { actAs, makeUser } from '../../helpers/factories';

// The JWT carries only { sub, sv }; loadActiveUser re-reads the account on every request,
// so revocation (sign out everywhere, disable, role change) takes effect on the next request.
const sessionVersion = async (id: string) => (await db.user.findUniqueOrThrow({ where: { id }, select: { sessionVersion: true } })).sessionVersion;

describe('loadActiveUser', () => {
  it('returns the account for a matching session version', async () => {
    const user = await makeUser('CASEWORKER');
    expect(await loadActiveUser(user.id, 1)).toEqual({ id: user.id, role: 'CASEWORKER', name: user.name, email: user.email });
  });

  it('fails closed on a missing id, a non-numeric version or an unknown user', async () => {
    const user = await makeUser('MEMBER');
    expect(await loadActiveUser('', 1)).toBeNull();
    expect(await loadActiveUser(user.id, undefined)).toBeNull();
    expect(await loadActiveUser(user.id, '1')).toBeNull();
    expect(await loadActiveUser(user.id, null)).toBeNull();
    expect(await loadActiveUser('no-such-user', 1)).toBeNull();
  });

  it('ends every session after "sign out everywhere"', async () => {
    const user = await makeUser('MEMBER');
    actAs(user);
    const res = await signOutEverywhereAction({});
    expect(res).toEqual({ ok: true, data: { signedOut: true } });
    expect(await sessionVersion(user.id)).toBe(2);
    expect(await loadActiveUser(user.id, 1)).toBeNull();
    // A fresh sign-in gets the new version and works.
    expect(await loadActiveUser(user.id, 2)).toMatchObject({ id: user.id });
    const audit = await db.auditLog.findMany({ where: { entityId: user.id, action: 'user.sign_out_everywhere' } });
    expect(audit).toEqual([expect.objectContaining({ actorId: user.id, entityType: 'User', fields: ['sessionVersion'], ip: '203.0.113.7', userAgent: 'jest' })]);
  });

  it('ends the session of a disabled user, even with the current version', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const caseworker = await makeUser('CASEWORKER');
    actAs(coordinator);
    expect(await updateTeamMemberAction({ userId: caseworker.id, disabled: true })).toMatchObject({ ok: true });
    const sv = await sessionVersion(caseworker.id);
    expect(sv).toBe(2);
    expect(await loadActiveUser(caseworker.id, 1)).toBeNull();
    expect(await loadActiveUser(caseworker.id, sv)).toBeNull();
  });

  it('makes a role change take effect at once: the old session ends, a new one carries the new role', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const caseworker = await makeUser('CASEWORKER');
    actAs(coordinator);
    expect(await updateTeamMemberAction({ userId: caseworker.id, role: 'MEMBER' })).toMatchObject({ ok: true });
    expect(await loadActiveUser(caseworker.id, 1)).toBeNull();
    expect(await loadActiveUser(caseworker.id, await sessionVersion(caseworker.id))).toMatchObject({ id: caseworker.id, role: 'MEMBER' });
  });

  it('re-enabling a user needs a new sign-in: the version moves on again', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const caseworker = await makeUser('CASEWORKER');
    actAs(coordinator);
    await updateTeamMemberAction({ userId: caseworker.id, disabled: true });
    await updateTeamMemberAction({ userId: caseworker.id, disabled: false });
    expect(await sessionVersion(caseworker.id)).toBe(3);
    expect(await loadActiveUser(caseworker.id, 2)).toBeNull();
    expect(await loadActiveUser(caseworker.id, 3)).toMatchObject({ role: 'CASEWORKER' });
  });

  it('refuses sign out everywhere for a visitor and with extra fields, changing nothing', async () => {
    const user = await makeUser('MEMBER');
    actAs(null);
    expect(await signOutEverywhereAction({})).toMatchObject({ ok: false, code: 'unauthenticated', error: 'Please sign in again.' });
    actAs(user);
    const res = await signOutEverywhereAction({ userId: 'someone-else' } as never);
    expect(res).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { _form: 'These fields are not allowed here: userId' } });
    expect(await sessionVersion(user.id)).toBe(1);
  });
});
