import { db } from '@/lib/db/client';
import { submitIntakeAction } from '@/lib/intake/actions';
import { updateCaseDetailsAction, updatePersonAction } from '@/lib/cases/details-actions';
import { getCaseActivity } from '@/lib/cases/get-case-activity';
import { actAs, ctx, makeBranch, makeCase, makeUser, type TestUser } from '../../helpers/factories';
import { getDetailsForEdit } from '@/lib/cases/get-details-for-edit';
import { validIntake } from '../intake/intake-input';

// Issue 10, point 2: member and case details are editable, versioned and audited with field names; a
// second intake never blanks what is stored.

const personOf = (caseId: string) =>
  db.case.findUniqueOrThrow({ where: { id: caseId }, select: { person: true } }).then((c) => c.person);
const formFor = async (caseId: string, over: Record<string, unknown> = {}) => {
  const p = await personOf(caseId);
  return {
    caseId,
    version: p.version,
    fullName: p.fullName,
    membershipNumber: p.membershipNumber ?? undefined,
    phone: p.phone ?? undefined,
    postalAddress: p.postalAddress ?? undefined,
    regionId: p.regionId ?? undefined,
    branchId: p.branchId ?? undefined,
    rolesHeld: p.rolesHeld as never[],
    ...over,
  };
};
const sentences = async (actor: TestUser, caseId: string) =>
  (await getCaseActivity(actor, caseId)).rows.map((r) => r.sentence);

describe('a second intake', () => {
  it('keeps the stored details when fields are left blank, and records a given change on both cases', async () => {
    const member = await makeUser('MEMBER');
    const { branch, region } = await makeBranch();
    actAs(member);
    const first = await submitIntakeAction(
      validIntake({ branchId: branch.id, rolesHeld: ['Chair'], membershipNumber: 'L123456', phone: '0161 000 0000' }),
    );
    expect(first.ok).toBe(true);
    const firstCase = await db.case.findUniqueOrThrow({ where: { reference: first.ok ? first.data.reference : '' } });
    const before = await personOf(firstCase.id);

    // Second case: no membership number, no branch, no roles; a new phone number.
    const second = await submitIntakeAction(
      validIntake({
        fullName: before.fullName,
        membershipNumber: undefined,
        branchId: undefined,
        regionId: undefined,
        rolesHeld: [],
        phone: '0161 999 9999',
      }),
    );
    expect(second.ok).toBe(true);
    const secondCase = await db.case.findUniqueOrThrow({
      where: { reference: second.ok ? second.data.reference : '' },
    });
    expect(secondCase.personId).toBe(firstCase.personId); // the person is reused

    const after = await personOf(firstCase.id);
    expect(after).toMatchObject({
      membershipNumber: 'L123456',
      branchId: branch.id,
      regionId: region.id,
      rolesHeld: ['Chair'],
      phone: '0161 999 9999',
      version: before.version + 1,
    });

    const rows = await db.auditLog.findMany({ where: { action: 'person.update', entityId: after.id } });
    expect(rows.map((r) => r.caseId).sort()).toEqual([firstCase.id, secondCase.id].sort());
    for (const r of rows) expect(r).toMatchObject({ fields: ['phone'], memberVisible: true });
    expect(JSON.stringify(rows)).not.toContain('0161');
    expect(await sentences(member, firstCase.id)).toContain('You changed your phone number');
  });

  it('changes nothing and writes no update row when the details given are the same', async () => {
    const member = await makeUser('MEMBER');
    actAs(member);
    const input = validIntake();
    expect((await submitIntakeAction(input)).ok).toBe(true);
    const p = await db.person.findUniqueOrThrow({ where: { userId: member.id } });
    expect(
      (
        await submitIntakeAction(
          validIntake({ fullName: input.fullName, membershipNumber: input.membershipNumber, phone: input.phone }),
        )
      ).ok,
    ).toBe(true);
    expect(await db.person.findUniqueOrThrow({ where: { userId: member.id } })).toMatchObject({
      version: p.version,
      membershipNumber: input.membershipNumber,
    });
    expect(await db.auditLog.count({ where: { action: 'person.update', entityId: p.id } })).toBe(0);
  });
});

describe('updatePersonAction', () => {
  it('lets the member change their own details, versioned and audited with field names only', async () => {
    const { kase, member } = await makeCase();
    const { branch, region } = await makeBranch();
    actAs(member);
    const res = await updatePersonAction(
      await formFor(kase.id, {
        phone: '07700 900123',
        postalAddress: '1 High Street\nLeeds',
        branchId: branch.id,
        rolesHeld: ['Secretary'],
      }),
    );
    expect(res).toEqual({
      ok: true,
      data: {
        version: 2,
        changed: expect.arrayContaining(['phone', 'postalAddress', 'branchId', 'regionId', 'rolesHeld']),
      },
    });
    expect(await personOf(kase.id)).toMatchObject({
      phone: '07700 900123',
      postalAddress: '1 High Street\nLeeds',
      branchId: branch.id,
      regionId: region.id,
      rolesHeld: ['Secretary'],
      version: 2,
    });
    const row = await db.auditLog.findFirstOrThrow({ where: { action: 'person.update', caseId: kase.id } });
    expect(row).toMatchObject({ actorId: member!.id, entityType: 'Person', memberVisible: true });
    expect(JSON.stringify(row)).not.toMatch(/07700|High Street/);
    expect(await sentences(member!, kase.id)).toContain(
      'You changed your phone number, postal address, branch, region and roles held',
    );
  });

  it('answers a stale form with a clear conflict and changes nothing', async () => {
    const { kase, member, person } = await makeCase();
    const coordinator = await makeUser('COORDINATOR');
    const stale = await formFor(kase.id);
    actAs(coordinator);
    expect(await updatePersonAction({ ...stale, phone: '0113 000 0001' })).toMatchObject({ ok: true });
    actAs(member);
    const res = await updatePersonAction({ ...stale, phone: '0113 000 0002' });
    expect(res).toMatchObject({
      ok: false,
      code: 'conflict',
      error: expect.stringContaining('changed by someone else since you opened them'),
    });
    expect(await db.person.findUniqueOrThrow({ where: { id: person.id } })).toMatchObject({
      phone: '0113 000 0001',
      version: 2,
    });
    // The staff member's change reads to the member in plain words.
    expect(await sentences(member!, kase.id)).toContain(`${coordinator.name} (coordinator) changed your phone number`);
  });

  it('never changes the email a member signs in with; staff set it for someone not online', async () => {
    const { kase, member } = await makeCase();
    actAs(member);
    const res = await updatePersonAction(await formFor(kase.id, { email: 'other@example.test' }));
    expect(res).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { email: expect.stringContaining('signs in with') },
    });
    expect((await personOf(kase.id)).email).toBe(member!.email);

    const coordinator = await makeUser('COORDINATOR');
    const offline = await makeCase({ member: null });
    actAs(coordinator);
    expect(
      await updatePersonAction(await formFor(offline.kase.id, { email: 'Paper.Member@Example.test' })),
    ).toMatchObject({ ok: true });
    expect((await personOf(offline.kase.id)).email).toBe('paper.member@example.test');
  });

  it('is not found for a member of another case, an unassigned caseworker, and a caseworker after the member withdrew', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    const form = await formFor(kase.id, { phone: '0000' });
    for (const who of [await makeUser('MEMBER'), await makeUser('CASEWORKER')]) {
      actAs(who);
      expect(await updatePersonAction(form)).toMatchObject({ ok: false, code: 'not_found' });
    }
    await db.case.update({ where: { id: kase.id }, data: { consentWithdrawnAt: new Date() } });
    actAs(caseworker);
    expect(await updatePersonAction(form)).toMatchObject({ ok: false, code: 'not_found' });
    expect((await personOf(kase.id)).phone).toBeNull();
  });

  it('a caseworker edits a person through a case they can see; the change shows on the person’s other case without being listed', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const mine = await makeCase({ caseworker });
    const other = await makeCase({ member: mine.member }); // the same person, not assigned to this caseworker
    actAs(caseworker);
    const res = await updatePersonAction(await formFor(mine.kase.id, { membershipNumber: 'Z999' }));
    expect(res).toEqual({ ok: true, data: { version: 2, changed: ['membershipNumber'] } });
    expect(await db.auditLog.count({ where: { action: 'person.update', caseId: other.kase.id } })).toBe(1);
    await expect(getCaseActivity(caseworker, other.kase.id)).rejects.toThrow('Not found');
    expect(await sentences(mine.member!, other.kase.id)).toContain(
      `${caseworker.name} (caseworker) changed your membership number`,
    );
  });

  it('refuses a branch outside the region chosen, next to the field', async () => {
    const { kase, member } = await makeCase();
    const a = await makeBranch();
    const b = await makeBranch();
    actAs(member);
    expect(
      await updatePersonAction(await formFor(kase.id, { regionId: a.region.id, branchId: b.branch.id })),
    ).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { branchId: expect.any(String) } });
  });
});

describe('getDetailsForEdit', () => {
  it('lists only the other cases the reader can open, never sends the member the consent note, and is not found otherwise', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const mine = await makeCase({ caseworker });
    const other = await makeCase({ member: mine.member });
    await db.case.update({
      where: { id: mine.kase.id },
      data: { consentMethod: 'BY_PHONE', consentNote: 'Staff only note' },
    });
    const staffView = await getDetailsForEdit(caseworker, mine.kase.reference, ctx);
    expect(staffView).toMatchObject({ otherCases: [], canEditCase: true, consentNote: 'Staff only note' });
    const memberView = await getDetailsForEdit(mine.member!, mine.kase.reference, ctx);
    expect(memberView).toMatchObject({ otherCases: [other.kase.reference], canEditCase: false });
    expect(memberView).not.toHaveProperty('consentNote');
    await expect(getDetailsForEdit(caseworker, other.kase.reference, ctx)).rejects.toThrow('Not found');
    await expect(getDetailsForEdit(await makeUser('MEMBER'), mine.kase.reference, ctx)).rejects.toThrow('Not found');
    expect(
      await db.auditLog.count({ where: { action: 'case.view', caseId: mine.kase.id, fields: { has: 'edit' } } }),
    ).toBe(2);
  });
});

describe('updateCaseDetailsAction', () => {
  const details = async (caseId: string, over: Record<string, unknown> = {}) => {
    const c = await db.case.findUniqueOrThrow({ where: { id: caseId } });
    return { caseId, version: c.version, wants: c.wants as never[], summary: c.summary ?? undefined, ...over };
  };

  it('lets staff change what is wanted and the summary; the member reads it, and cannot do it', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase, member } = await makeCase({ caseworker });
    actAs(member);
    expect(await updateCaseDetailsAction(await details(kase.id, { summary: 'Mine' }))).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    actAs(caseworker);
    expect(
      await updateCaseDetailsAction(
        await details(kase.id, { wants: ['APPEAL', 'REINSTATEMENT'], summary: 'Phoned in.' }),
      ),
    ).toEqual({ ok: true, data: { version: 2 } });
    expect(await db.case.findUniqueOrThrow({ where: { id: kase.id } })).toMatchObject({
      wants: ['APPEAL', 'REINSTATEMENT'],
      summary: 'Phoned in.',
      version: 2,
    });
    const row = await db.auditLog.findFirstOrThrow({ where: { action: 'case.details', caseId: kase.id } });
    expect(row).toMatchObject({ fields: ['wants', 'summary'], memberVisible: true });
    expect(JSON.stringify(row)).not.toContain('Phoned in');
    expect(await sentences(member!, kase.id)).toContain(
      `${caseworker.name} (caseworker) changed what is wanted and summary on your case`,
    );
  });

  it('answers a stale form with a conflict', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { kase } = await makeCase();
    const stale = await details(kase.id);
    actAs(coordinator);
    expect(await updateCaseDetailsAction({ ...stale, summary: 'First' })).toMatchObject({ ok: true });
    expect(await updateCaseDetailsAction({ ...stale, summary: 'Second' })).toMatchObject({
      ok: false,
      code: 'conflict',
      error: expect.stringContaining('since you opened them'),
    });
    expect((await db.case.findUniqueOrThrow({ where: { id: kase.id } })).summary).toBe('First');
  });

  it('changes the record of consent only on a case staff opened, audited for staff only', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const online = await makeCase();
    actAs(coordinator);
    const consent = {
      consentMethod: 'IN_WRITING',
      consentGivenOn: '2026-01-05',
      consentNote: 'Form filed as E1',
    } as const;
    expect(await updateCaseDetailsAction(await details(online.kase.id, { consent }))).toMatchObject({
      ok: false,
      code: 'invalid',
    });

    const offline = await makeCase({ member: null });
    await db.case.update({
      where: { id: offline.kase.id },
      data: { consentMethod: 'BY_PHONE', consentTakenById: coordinator.id },
    });
    expect(await updateCaseDetailsAction(await details(offline.kase.id, { consent }))).toMatchObject({ ok: true });
    expect(await db.case.findUniqueOrThrow({ where: { id: offline.kase.id } })).toMatchObject({
      consentMethod: 'IN_WRITING',
      consentNote: 'Form filed as E1',
      consentGivenAt: new Date('2026-01-05T12:00:00Z'),
      consentTakenById: coordinator.id,
    });
    const row = await db.auditLog.findFirstOrThrow({
      where: { action: 'case.consent_details', caseId: offline.kase.id },
    });
    expect(row).toMatchObject({
      memberVisible: false,
      fields: expect.arrayContaining(['consentMethod', 'consentNote', 'consentGivenAt']),
    });
    expect(
      await updateCaseDetailsAction(
        await details(offline.kase.id, { consent: { ...consent, consentGivenOn: '2999-01-01' } }),
      ),
    ).toMatchObject({ ok: false, fieldErrors: { 'consent.consentGivenOn': expect.stringContaining('future') } });
    expect(
      await updateCaseDetailsAction(
        await details(offline.kase.id, { consent: { ...consent, consentGivenOn: '2026-02-31' } }),
      ),
    ).toMatchObject({
      ok: false,
      fieldErrors: { 'consent.consentGivenOn': expect.stringContaining('Enter the date') },
    });
  });
});
