import { db } from '@/lib/db/client';
import { linkCasesAction, unlinkCasesAction } from '@/lib/case-links/actions';
import { listCaseLinks } from '@/lib/case-links/case-link-services';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { actAs, ctx, makeCase, makeUser } from '../../helpers/factories';

describe('related cases', () => {
  it('stores a link once and shows it on both cases, with the note for staff only', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const a = await makeCase();
    const b = await makeCase();
    actAs(coordinator);
    const res = await linkCasesAction({
      caseId: a.kase.id,
      otherReference: b.kase.reference.toLowerCase(),
      relation: 'PARTNER',
      note: 'Same household',
    });
    expect(res).toMatchObject({ ok: true });
    expect(await db.caseLink.count({ where: { OR: [{ fromCaseId: a.kase.id }, { toCaseId: a.kase.id }] } })).toBe(1);
    expect((await listCaseLinks(coordinator, a.kase.id)).map((l) => [l.relation, l.other.reference, l.note])).toEqual([
      ['PARTNER', b.kase.reference, 'Same household'],
    ]);
    expect((await listCaseLinks(coordinator, b.kase.id)).map((l) => l.other.reference)).toEqual([a.kase.reference]);
    // A second link of the same pair, either way round, is refused next to the field.
    expect(
      await linkCasesAction({ caseId: b.kase.id, otherReference: a.kase.reference, relation: 'SAME_POST' }),
    ).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { otherReference: expect.any(String) } });
    // Audited on both cases, by field name, for staff only.
    const audit = await db.auditLog.findMany({
      where: { action: 'case-link.create', caseId: { in: [a.kase.id, b.kase.id] } },
    });
    expect(audit).toHaveLength(2);
    expect(audit.every((r) => !r.memberVisible && r.fields.includes('note'))).toBe(true);
    // Unlinking removes it from both.
    const linkId = (await listCaseLinks(coordinator, a.kase.id))[0]!.id;
    expect(await unlinkCasesAction({ linkId })).toMatchObject({ ok: true });
    expect(await listCaseLinks(coordinator, b.kase.id)).toEqual([]);
  });

  it('shows a member the link to their own earlier case, without the staff note; a partner’s case not at all', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const member = await makeUser('MEMBER');
    const earlier = await makeCase({ member });
    const later = await makeCase({ member });
    const partner = await makeCase();
    actAs(coordinator);
    expect(
      await linkCasesAction({
        caseId: later.kase.id,
        otherReference: earlier.kase.reference,
        relation: 'SANCTIONED_AGAIN',
        note: 'Staff thinking',
      }),
    ).toMatchObject({ ok: true });
    expect(
      await linkCasesAction({ caseId: later.kase.id, otherReference: partner.kase.reference, relation: 'PARTNER' }),
    ).toMatchObject({ ok: true });
    const seen = await listCaseLinks(member, later.kase.id);
    expect(seen.map((l) => [l.relation, l.other.reference, l.note])).toEqual([
      ['SANCTIONED_AGAIN', earlier.kase.reference, null],
    ]);
    expect(JSON.stringify(seen)).not.toContain(partner.kase.reference);
    // The partner, on their own case, learns nothing of this member's case, and cannot open it.
    expect(await listCaseLinks(partner.member!, partner.kase.id)).toEqual([]);
    await expect(getCaseForViewer(partner.member!, later.kase.reference, ctx)).rejects.toThrow('Not found');
    // Nor of a case that is not theirs, through its id.
    expect(await listCaseLinks(partner.member!, later.kase.id)).toEqual([]);
  });

  it('shows a caseworker only links to cases they work on, and lets them link only cases they can open', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const coordinator = await makeUser('COORDINATOR');
    const mine = await makeCase({ caseworker });
    const alsoMine = await makeCase({ caseworker });
    const notMine = await makeCase();
    actAs(coordinator);
    await linkCasesAction({ caseId: mine.kase.id, otherReference: notMine.kase.reference, relation: 'SAME_MOTION' });
    actAs(caseworker);
    expect(await listCaseLinks(caseworker, mine.kase.id)).toEqual([]);
    // Not-yours reads exactly like not-there.
    const notYours = await linkCasesAction({
      caseId: mine.kase.id,
      otherReference: notMine.kase.reference,
      relation: 'SAME_MOTION',
    });
    const notThere = await linkCasesAction({
      caseId: mine.kase.id,
      otherReference: 'RS-1999-9999',
      relation: 'SAME_MOTION',
    });
    expect(notYours).toEqual(notThere);
    expect(
      await linkCasesAction({ caseId: mine.kase.id, otherReference: alsoMine.kase.reference, relation: 'SAME_MOTION' }),
    ).toMatchObject({ ok: true });
    // Unlinking the coordinator's link to a case they cannot open: not found.
    const hidden = await db.caseLink.findFirstOrThrow({
      where: { fromCaseId: mine.kase.id, toCaseId: notMine.kase.id },
    });
    expect(await unlinkCasesAction({ linkId: hidden.id })).toMatchObject({ ok: false, code: 'not_found' });
    // Members never link.
    actAs(mine.member);
    expect(
      await linkCasesAction({ caseId: mine.kase.id, otherReference: alsoMine.kase.reference, relation: 'OTHER' }),
    ).toMatchObject({ ok: false, code: 'not_found' });
  });
});
