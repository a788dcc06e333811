import { db } from '@/lib/db/client';
import { updateTeamMemberAction } from '@/lib/users/actions';
import { listTeam } from '@/lib/users/account-services';
import { actAs, makeCase, makeUser } from '../../helpers/factories';

const account = (id: string) =>
  db.user.findUniqueOrThrow({ where: { id }, select: { role: true, sessionVersion: true, disabledAt: true } });

describe('updateTeamMemberAction', () => {
  it('changes a role, bumps the session version and audits the field names', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const caseworker = await makeUser('CASEWORKER');
    actAs(coordinator);
    expect(await updateTeamMemberAction({ userId: caseworker.id, role: 'COORDINATOR' })).toEqual({
      ok: true,
      data: { updated: true },
    });
    expect(await account(caseworker.id)).toEqual({ role: 'COORDINATOR', sessionVersion: 2, disabledAt: null });
    const audit = await db.auditLog.findMany({ where: { entityId: caseworker.id, action: 'user.update' } });
    expect(audit).toEqual([
      expect.objectContaining({
        actorId: coordinator.id,
        entityType: 'User',
        fields: ['sessionVersion', 'role'],
        ip: '203.0.113.7',
      }),
    ]);
    expect(JSON.stringify(audit)).not.toContain('COORDINATOR');
  });

  it('disables and re-enables an account, each time ending its sessions', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const caseworker = await makeUser('CASEWORKER');
    actAs(coordinator);
    await updateTeamMemberAction({ userId: caseworker.id, disabled: true });
    expect(await account(caseworker.id)).toEqual({
      role: 'CASEWORKER',
      sessionVersion: 2,
      disabledAt: expect.any(Date),
    });
    await updateTeamMemberAction({ userId: caseworker.id, disabled: false });
    expect(await account(caseworker.id)).toEqual({ role: 'CASEWORKER', sessionVersion: 3, disabledAt: null });
    const fields = (
      await db.auditLog.findMany({
        where: { entityId: caseworker.id, action: 'user.update' },
        orderBy: { createdAt: 'asc' },
      })
    ).map((r) => r.fields);
    expect(fields).toEqual([
      ['sessionVersion', 'disabledAt'],
      ['sessionVersion', 'disabledAt'],
    ]);
  });

  it('lists only the fields that really changed', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const caseworker = await makeUser('CASEWORKER');
    actAs(coordinator);
    await updateTeamMemberAction({ userId: caseworker.id, role: 'CASEWORKER', disabled: false });
    const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: caseworker.id, action: 'user.update' } });
    expect(audit.fields).toEqual(['sessionVersion']);
  });

  it('cannot target yourself', async () => {
    const coordinator = await makeUser('COORDINATOR');
    actAs(coordinator);
    for (const change of [{ role: 'MEMBER' as const }, { disabled: true }]) {
      expect(await updateTeamMemberAction({ userId: coordinator.id, ...change })).toEqual({
        ok: false,
        code: 'invalid',
        error: 'You cannot change your own role or disable yourself. Ask another coordinator.',
        fieldErrors: {},
      });
    }
    expect(await account(coordinator.id)).toEqual({ role: 'COORDINATOR', sessionVersion: 1, disabledAt: null });
    expect(await db.auditLog.count({ where: { entityId: coordinator.id } })).toBe(0);
  });

  it('is for coordinators only: caseworkers and members get not found, even for themselves', async () => {
    const target = await makeUser('CASEWORKER');
    for (const role of ['CASEWORKER', 'MEMBER'] as const) {
      const actor = await makeUser(role);
      actAs(actor);
      expect(await updateTeamMemberAction({ userId: target.id, disabled: true })).toMatchObject({
        ok: false,
        code: 'not_found',
      });
      expect(await updateTeamMemberAction({ userId: actor.id, role: 'COORDINATOR' })).toMatchObject({
        ok: false,
        code: 'not_found',
      });
      expect(await account(actor.id)).toEqual({ role, sessionVersion: 1, disabledAt: null });
    }
    expect(await account(target.id)).toEqual({ role: 'CASEWORKER', sessionVersion: 1, disabledAt: null });
    actAs(null);
    expect(await updateTeamMemberAction({ userId: target.id, disabled: true })).toMatchObject({
      ok: false,
      code: 'unauthenticated',
    });
  });

  it('answers not found for an unknown user, and refuses bad input, changing nothing', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const target = await makeUser('CASEWORKER');
    actAs(coordinator);
    expect(await updateTeamMemberAction({ userId: 'no-such-user', role: 'MEMBER' })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    const bad: Array<[Record<string, unknown>, string, string | RegExp]> = [
      [{ role: 'ADMIN' }, 'role', /expected one of/i],
      [{ disabled: 'true' }, 'disabled', /expected boolean/i],
      [{ userId: 'x'.repeat(41) }, 'userId', /too big|<=40/i],
      [{ userId: '' }, 'userId', /too small|>=1/i],
      [{ sessionVersion: 1 }, '_form', 'These fields are not allowed here: sessionVersion'],
      [{ email: 'new@example.test' }, '_form', 'These fields are not allowed here: email'],
    ];
    for (const [override, field, message] of bad) {
      const res = await updateTeamMemberAction({ userId: target.id, ...override } as never);
      expect(res).toMatchObject({ ok: false, code: 'invalid' });
      if (!res.ok)
        expect({ override, message: res.fieldErrors?.[field] }).toEqual({
          override,
          message: typeof message === 'string' ? message : expect.stringMatching(message),
        });
    }
    expect(await account(target.id)).toEqual({ role: 'CASEWORKER', sessionVersion: 1, disabledAt: null });
    expect(await db.auditLog.count({ where: { entityId: target.id } })).toBe(0);
  });
});

describe('listTeam', () => {
  it('lists staff (not members) with their active assignment counts, for coordinators only', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const caseworker = await makeUser('CASEWORKER');
    const member = await makeUser('MEMBER');
    await makeCase({ caseworker });
    const ended = await makeCase({ caseworker });
    await db.assignment.updateMany({ where: { caseId: ended.kase.id }, data: { endedAt: new Date() } });
    const team = await listTeam(coordinator);
    const ids = team.users.map((u) => u.id);
    expect(ids).toEqual(expect.arrayContaining([coordinator.id, caseworker.id]));
    expect(ids).not.toContain(member.id);
    expect(team.users.find((u) => u.id === caseworker.id)).toMatchObject({ _count: { assignments: 1 } });
    expect(team.users[0]).not.toHaveProperty('passwordHash');
    await expect(listTeam(caseworker)).rejects.toThrow('Not found');
    await expect(listTeam(member)).rejects.toThrow('Not found');
  });
});
