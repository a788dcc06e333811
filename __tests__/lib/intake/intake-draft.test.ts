import { db } from '@/lib/db/client';
import { saveIntakeDraftAction } from '@/lib/intake/actions';
import { getIntakeDraft } from '@/lib/intake/save-intake-draft';
import { actAs, makeUser } from '../../helpers/factories';

const draftOf = async (userId: string) => db.intakeDraft.findUnique({ where: { userId } });

describe('saveIntakeDraftAction', () => {
  it('stores a draft, then overwrites it rather than adding a second', async () => {
    const member = await makeUser('MEMBER');
    actAs(member);
    const first = await saveIntakeDraftAction({
      step: 1,
      data: {
        fullName: 'Ann Example',
        rolesHeld: ['Chair'],
        imposedOn: { precision: 'MONTH', year: '2021', month: '3' },
      },
    });
    expect(first).toEqual({ ok: true, data: { savedAt: expect.any(Date) } });
    expect(await draftOf(member.id)).toMatchObject({
      step: 1,
      data: {
        fullName: 'Ann Example',
        rolesHeld: ['Chair'],
        imposedOn: { precision: 'MONTH', year: '2021', month: '3' },
      },
    });

    const second = await saveIntakeDraftAction({
      step: 2,
      data: { fullName: 'Ann Example', sanctionType: 'EXPULSION', consent: false },
    });
    expect(second.ok).toBe(true);
    const saved = await draftOf(member.id);
    // The whole draft is replaced: fields missing from the second save are gone.
    expect(saved).toMatchObject({
      step: 2,
      data: { fullName: 'Ann Example', sanctionType: 'EXPULSION', consent: false },
    });
    expect(saved!.data).not.toHaveProperty('rolesHeld');
    expect(await db.intakeDraft.count({ where: { userId: member.id } })).toBe(1);
    expect(await getIntakeDraft(member)).toEqual({
      step: 2,
      data: { fullName: 'Ann Example', sanctionType: 'EXPULSION', consent: false },
    });
  });

  it('keeps half-finished values a final submit would refuse (a draft is forgiving)', async () => {
    const member = await makeUser('MEMBER');
    actAs(member);
    const res = await saveIntakeDraftAction({
      step: 2,
      data: { imposedOn: { precision: 'DAY', year: '2021', month: '2', day: '31' }, sanctionType: 'not chosen yet' },
    });
    expect(res.ok).toBe(true);
  });

  it('audits the save with the names of the fields only', async () => {
    const member = await makeUser('MEMBER');
    actAs(member);
    await saveIntakeDraftAction({
      step: 2,
      data: { fullName: 'Ann Example', reasonText: 'The exact wording of the letter' },
    });
    const draft = await draftOf(member.id);
    const rows = await db.auditLog.findMany({ where: { actorId: member.id, action: 'intake_draft.save' } });
    expect(rows).toEqual([
      expect.objectContaining({
        entityType: 'IntakeDraft',
        entityId: draft!.id,
        caseId: null,
        fields: ['fullName', 'reasonText'],
      }),
    ]);
    expect(JSON.stringify(rows)).not.toContain('exact wording');
  });

  it('keeps each member’s draft to themselves', async () => {
    const a = await makeUser('MEMBER');
    const b = await makeUser('MEMBER');
    actAs(a);
    await saveIntakeDraftAction({ step: 0, data: { fullName: 'Draft of A' } });
    actAs(b);
    await saveIntakeDraftAction({ step: 0, data: { fullName: 'Draft of B' } });
    expect((await getIntakeDraft(a))?.data).toEqual({ fullName: 'Draft of A' });
    expect((await getIntakeDraft(b))?.data).toEqual({ fullName: 'Draft of B' });
    expect(await getIntakeDraft(await makeUser('MEMBER'))).toBeNull();
  });

  it('answers not found to staff and unauthenticated to a visitor, storing nothing', async () => {
    const caseworker = await makeUser('CASEWORKER');
    actAs(caseworker);
    expect(await saveIntakeDraftAction({ step: 0, data: { fullName: 'x' } })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(await draftOf(caseworker.id)).toBeNull();
    actAs(null);
    expect(await saveIntakeDraftAction({ step: 0, data: {} })).toMatchObject({ ok: false, code: 'unauthenticated' });
  });

  it('refuses bad drafts and leaves the stored one untouched', async () => {
    const member = await makeUser('MEMBER');
    actAs(member);
    await saveIntakeDraftAction({ step: 1, data: { fullName: 'Kept' } });
    const kept = await draftOf(member.id);
    const bad: Array<[unknown, string, RegExp | string]> = [
      [{ step: 5, data: {} }, 'step', /<=4|too big/i],
      [{ step: -1, data: {} }, 'step', /too small|>=0/i],
      [{ step: '1', data: {} }, 'step', /expected number/i],
      [{ step: 1.5, data: {} }, 'step', /expected int/i],
      [{ step: 1, data: { fullName: 'x'.repeat(121) } }, 'data.fullName', /too big/i],
      [{ step: 1, data: { summary: 'x'.repeat(10_001) } }, 'data.summary', /too big/i],
      [{ step: 1, data: { reasonText: 'x'.repeat(5001) } }, 'data.reasonText', /too big/i],
      [{ step: 1, data: { fullName: 42 } }, 'data.fullName', /expected string/i],
      [{ step: 1, data: { consent: 'yes' } }, 'data.consent', /expected boolean/i],
      [{ step: 1, data: { wants: Array(6).fill('APPEAL') } }, 'data.wants', /too big/i],
      [{ step: 1, data: { imposedOn: { year: '1234567' } } }, 'data.imposedOn.year', /.+/],
      [{ step: 1, data: { status: 'CLOSED_REINSTATED' } }, '_form', 'These fields are not allowed here: status'],
      [{ step: 1, data: {}, userId: 'someone' }, '_form', 'These fields are not allowed here: userId'],
      [
        { step: 1, data: { imposedOn: { precision: 'DAY', hour: 3 } } },
        '_form',
        'These fields are not allowed here: hour',
      ],
    ];
    for (const [input, field, message] of bad) {
      const res = await saveIntakeDraftAction(input as never);
      expect(res).toMatchObject({ ok: false, code: 'invalid' });
      if (!res.ok)
        expect({ input, error: res.fieldErrors?.[field] }).toEqual({
          input,
          error: typeof message === 'string' ? message : expect.stringMatching(message),
        });
    }
    expect(await draftOf(member.id)).toEqual(kept);
    expect(await db.auditLog.count({ where: { actorId: member.id, action: 'intake_draft.save' } })).toBe(1);
  });
});
