import { db } from '@/lib/db/client';
import { discardIntakeDraftAction, saveIntakeDraftAction } from '@/lib/intake/actions';
import { getIntakeDraft } from '@/lib/intake/save-intake-draft';
import { actAs, makeUser } from '../../helpers/factories';

const draftOf = (userId: string) => db.intakeDraft.findUnique({ where: { userId } });
const discards = (userId: string) =>
  db.auditLog.findMany({ where: { actorId: userId, action: 'intake_draft.discard' } });

describe('discardIntakeDraftAction', () => {
  it('throws away the member’s own draft and audits it with field names only', async () => {
    const member = await makeUser('MEMBER');
    actAs(member);
    await saveIntakeDraftAction({
      step: 2,
      data: { fullName: 'Ann Example', reasonText: 'Words from the letter DISCARD-ME' },
    });
    const draft = await draftOf(member.id);

    expect(await discardIntakeDraftAction({})).toEqual({ ok: true, data: { discarded: true } });
    expect(await draftOf(member.id)).toBeNull();
    expect(await getIntakeDraft(member)).toBeNull();
    const rows = await discards(member.id);
    expect(rows).toEqual([
      expect.objectContaining({
        entityType: 'IntakeDraft',
        entityId: draft!.id,
        caseId: null,
        memberVisible: false,
        fields: ['fullName', 'reasonText'],
        ip: '203.0.113.7',
      }),
    ]);
    expect(JSON.stringify(rows)).not.toContain('DISCARD-ME');

    // The member can start afresh.
    await saveIntakeDraftAction({ step: 0, data: { fullName: 'Second go' } });
    expect((await getIntakeDraft(member))?.data).toEqual({ fullName: 'Second go' });
  });

  it('touches only the caller’s draft, and refuses an input that names anyone or anything', async () => {
    const a = await makeUser('MEMBER');
    const b = await makeUser('MEMBER');
    actAs(b);
    await saveIntakeDraftAction({ step: 1, data: { fullName: 'Draft of B' } });
    const bDraft = await draftOf(b.id);
    actAs(a);
    await saveIntakeDraftAction({ step: 1, data: { fullName: 'Draft of A' } });

    for (const input of [{ userId: b.id }, { draftId: bDraft!.id }]) {
      const res = await discardIntakeDraftAction(input as never);
      expect(res).toMatchObject({
        ok: false,
        code: 'invalid',
        fieldErrors: { _form: `These fields are not allowed here: ${Object.keys(input)[0]}` },
      });
    }
    expect(await draftOf(a.id)).not.toBeNull();

    expect(await discardIntakeDraftAction({})).toMatchObject({ ok: true, data: { discarded: true } });
    expect(await draftOf(a.id)).toBeNull();
    expect(await draftOf(b.id)).toEqual(bDraft);
    expect(await discards(b.id)).toEqual([]);
  });

  it('answers ok with nothing to discard (another tab already did), and audits nothing', async () => {
    const member = await makeUser('MEMBER');
    actAs(member);
    expect(await discardIntakeDraftAction({})).toEqual({ ok: true, data: { discarded: false } });
    expect(await discards(member.id)).toEqual([]);
  });

  it('answers not found to staff and unauthenticated to a visitor, deleting nothing', async () => {
    const member = await makeUser('MEMBER');
    actAs(member);
    await saveIntakeDraftAction({ step: 0, data: { fullName: 'Kept' } });
    const kept = await draftOf(member.id);
    for (const role of ['CASEWORKER', 'COORDINATOR'] as const) {
      const staff = await makeUser(role);
      // A stray draft row for a staff account (say, from before a role change) is not theirs to touch this way either.
      await db.intakeDraft.create({ data: { userId: staff.id, data: { fullName: 'stray' } } });
      actAs(staff);
      expect(await discardIntakeDraftAction({})).toMatchObject({ ok: false, code: 'not_found' });
      expect(await draftOf(staff.id)).not.toBeNull();
      expect(await discards(staff.id)).toEqual([]);
    }
    actAs(null);
    expect(await discardIntakeDraftAction({})).toMatchObject({ ok: false, code: 'unauthenticated' });
    expect(await draftOf(member.id)).toEqual(kept);
  });
});
