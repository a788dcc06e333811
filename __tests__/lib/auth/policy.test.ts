import { db } from '@/lib/db/client';
import {
  assertActor,
  canAssign,
  canChangeCaseStage,
  canDeleteEvent,
  canEditEvent,
  canManageTeam,
  canMarkCaseworkersOnly,
  caseScope,
  isCaseSubject,
  isStaff,
  type Actor,
} from '@/lib/auth/policy';
import { itemsFor, itemsForReader, mayContain, mustWithdraw, withheldFrom } from '@/lib/auth/audience';
import { NotFoundError } from '@/lib/errors';
import { makeCase, makeUser } from '../../helpers/factories';

const member: Actor = { id: 'u-member', role: 'MEMBER' };
const caseworker: Actor = { id: 'u-caseworker', role: 'CASEWORKER' };
const coordinator: Actor = { id: 'u-coordinator', role: 'COORDINATOR' };

describe('policy rules (pure)', () => {
  it('fails closed on a missing or malformed actor', () => {
    for (const bad of [
      null,
      undefined,
      { id: '', role: 'MEMBER' },
      { id: undefined, role: 'MEMBER' },
      { id: 'x', role: undefined },
      { id: 42, role: 'COORDINATOR' },
    ]) {
      expect(() => assertActor(bad as never)).toThrow(NotFoundError);
      expect(() => caseScope(bad as never)).toThrow(NotFoundError);
    }
  });

  it('scopes an unknown role to nothing', () => {
    expect(caseScope({ id: 'x', role: 'ADMIN' as never })).toEqual({ id: '__none__' });
  });

  it('gives staff rights to caseworkers and coordinators only', () => {
    expect([member, caseworker, coordinator].map(isStaff)).toEqual([false, true, true]);
    expect([member, caseworker, coordinator].map(canChangeCaseStage)).toEqual([false, true, true]);
    expect([member, caseworker, coordinator].map(canDeleteEvent)).toEqual([false, true, true]);
    expect([member, caseworker, coordinator].map(canMarkCaseworkersOnly)).toEqual([false, true, true]);
    expect([member, caseworker, coordinator].map(canAssign)).toEqual([false, false, true]);
    expect([member, caseworker, coordinator].map(canManageTeam)).toEqual([false, false, true]);
    expect(itemsForReader(member)).toEqual({ visibility: 'SHARED' });
    expect(itemsForReader(caseworker)).toEqual({});
  });

  it('decides what each audience may see of an item, and what may be put in on purpose', () => {
    const shared = { visibility: 'SHARED' as const, privileged: false, withoutPrejudice: false };
    const hidden = { ...shared, visibility: 'CASEWORKERS' as const };
    const privileged = { ...shared, privileged: true };
    const wp = { ...shared, withoutPrejudice: true };
    expect(withheldFrom('STAFF', { ...hidden, privileged: true })).toEqual([]);
    expect(withheldFrom('MEMBER', privileged)).toEqual([]);
    expect(withheldFrom('MEMBER', hidden)).toEqual(['caseworkers-only']);
    expect(withheldFrom('OUTSIDE', { ...privileged, withoutPrejudice: true })).toEqual([
      'privileged',
      'without-prejudice',
    ]);
    expect(mayContain('OUTSIDE', privileged, false)).toBe(false);
    expect(mayContain('OUTSIDE', privileged, true)).toBe(true);
    expect(mayContain('OUTSIDE', wp, true)).toBe(true);
    // Caseworker-only material is never put in a member's or an outside body's bundle, even on purpose.
    expect(mayContain('OUTSIDE', hidden, true)).toBe(false);
    expect(mayContain('MEMBER', hidden, true)).toBe(false);
    expect(mustWithdraw('STAFF', hidden, false)).toBe(false);
    expect(mustWithdraw('MEMBER', hidden, true)).toBe(true);
    expect(mustWithdraw('OUTSIDE', privileged, true)).toBe(false);
    expect(itemsFor('OUTSIDE')).toEqual({ visibility: 'SHARED', privileged: false, withoutPrejudice: false });
  });

  it('lets a member edit only shared entries they wrote', () => {
    expect(canEditEvent(member, { createdById: member.id, visibility: 'SHARED' })).toBe(true);
    expect(canEditEvent(member, { createdById: caseworker.id, visibility: 'SHARED' })).toBe(false);
    expect(canEditEvent(member, { createdById: member.id, visibility: 'CASEWORKERS' })).toBe(false);
    expect(canEditEvent(caseworker, { createdById: member.id, visibility: 'SHARED' })).toBe(true);
  });

  it('treats only the linked member as the subject of a case', () => {
    expect(isCaseSubject(member, { person: { userId: member.id } })).toBe(true);
    expect(isCaseSubject(member, { person: { userId: 'someone-else' } })).toBe(false);
    expect(isCaseSubject(member, { person: { userId: null } })).toBe(false);
    // Even a coordinator is not the subject of a case linked to their id.
    expect(isCaseSubject(coordinator, { person: { userId: coordinator.id } })).toBe(false);
  });
});

describe('caseScope against the database', () => {
  const visible = async (actor: Actor, caseIds: string[]) =>
    (await db.case.findMany({ where: { AND: [{ id: { in: caseIds } }, caseScope(actor)] }, select: { id: true } }))
      .map((c) => c.id)
      .sort();

  it('gives each role exactly the cases it may open', async () => {
    const cw = await makeUser('CASEWORKER');
    const otherCw = await makeUser('CASEWORKER');
    const coord = await makeUser('COORDINATOR');
    const mine = await makeCase({ caseworker: cw });
    const theirs = await makeCase({ caseworker: otherCw });
    const unassigned = await makeCase();
    const offline = await makeCase({ member: null, caseworker: cw });
    const ids = [mine.kase.id, theirs.kase.id, unassigned.kase.id, offline.kase.id];

    expect(await visible(mine.member!, ids)).toEqual([mine.kase.id]);
    expect(await visible(cw, ids)).toEqual([mine.kase.id, offline.kase.id].sort());
    expect(await visible(otherCw, ids)).toEqual([theirs.kase.id]);
    expect(await visible(coord, ids)).toEqual([...ids].sort());
  });

  it('hides a case from its caseworker without consent, after withdrawal, and after the assignment ends', async () => {
    const cw = await makeUser('CASEWORKER');
    const noConsent = await makeCase({ caseworker: cw, consent: false });
    const withdrawn = await makeCase({ caseworker: cw });
    const ended = await makeCase({ caseworker: cw });
    const active = await makeCase({ caseworker: cw });
    await db.case.update({ where: { id: withdrawn.kase.id }, data: { consentWithdrawnAt: new Date() } });
    await db.assignment.updateMany({ where: { caseId: ended.kase.id }, data: { endedAt: new Date() } });
    const ids = [noConsent.kase.id, withdrawn.kase.id, ended.kase.id, active.kase.id];
    expect(await visible(cw, ids)).toEqual([active.kase.id]);
    // The member still sees their own case whatever the consent.
    expect(await visible(withdrawn.member!, ids)).toEqual([withdrawn.kase.id]);
    expect(await visible(noConsent.member!, ids)).toEqual([noConsent.kase.id]);
  });
});
