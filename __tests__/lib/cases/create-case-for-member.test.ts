import { db } from '@/lib/db/client';
import { caseScope } from '@/lib/auth/policy';
import { createCaseForMemberAction } from '@/lib/cases/details-actions';
import { findPeopleForStaff, getPersonForStaff } from '@/lib/cases/create-case-for-member';
import { todayInUk } from '@/lib/dates/uk-today';
import type { CreateCaseForMemberInput } from '@/lib/cases/details-schemas';
import { actAs, ctx, makeBranch, makeCase, makeUser } from '../../helpers/factories';
import { getCaseForViewer } from '@/lib/cases/get-case';

// Issue 10, point 1: a caseworker or coordinator opens a case for a member who is not online.

const referral = (over: Partial<CreateCaseForMemberInput> = {}): CreateCaseForMemberInput => ({
  fullName: `Phone Referral ${Math.random().toString(36).slice(2, 8)}`,
  membershipNumber: 'A100200',
  phone: '0161 496 0000',
  postalAddress: '4 Mill Lane\nOldham OL1 1AA',
  rolesHeld: ['Councillor'],
  sanctionType: 'ADMINISTRATIVE_SUSPENSION',
  imposedOn: { precision: 'MONTH', year: 2022, month: 3 },
  imposedBy: 'GOVERNANCE_LEGAL_UNIT',
  reasonCategory: 'SOCIAL_MEDIA',
  reasonText: 'Liked a post',
  wants: ['APPEAL'],
  summary: 'Rang the helpline.',
  consentMethod: 'BY_PHONE',
  consentGivenOn: todayInUk(),
  consentNote: 'Agreed on the call, 10:15',
  ...over,
});

const load = (reference: string) =>
  db.case.findUniqueOrThrow({
    where: { reference },
    include: { person: true, sanctions: true, events: true, assignments: true },
  });

describe('createCaseForMemberAction', () => {
  it('a caseworker opens a case for someone with no email, records how consent was given, and is assigned to it', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { branch, region } = await makeBranch();
    actAs(caseworker);
    const input = referral({ branchId: branch.id });
    const res = await createCaseForMemberAction(input);
    expect(res).toEqual({ ok: true, data: { reference: expect.stringMatching(/^RS-\d{4}-\d{4}$/) } });
    const kase = await load(res.ok ? res.data.reference : '');
    expect(kase.person).toMatchObject({
      fullName: input.fullName,
      membershipNumber: 'A100200',
      email: null,
      phone: '0161 496 0000',
      postalAddress: '4 Mill Lane\nOldham OL1 1AA',
      branchId: branch.id,
      regionId: region.id,
      rolesHeld: ['Councillor'],
      userId: null,
    });
    expect(kase).toMatchObject({
      consentMethod: 'BY_PHONE',
      consentTakenById: caseworker.id,
      consentNote: 'Agreed on the call, 10:15',
      createdById: caseworker.id,
      stage: 'INTAKE',
      wants: ['APPEAL'],
      summary: 'Rang the helpline.',
    });
    expect(Date.now() - kase.consentGivenAt!.getTime()).toBeLessThan(60_000);
    expect(kase.assignments).toEqual([
      expect.objectContaining({ caseworkerId: caseworker.id, assignedById: caseworker.id, endedAt: null }),
    ]);
    expect(kase.sanctions).toEqual([
      expect.objectContaining({
        type: 'ADMINISTRATIVE_SUSPENSION',
        imposedPrecision: 'MONTH',
        reasonCategory: 'SOCIAL_MEDIA',
      }),
    ]);
    expect(kase.events).toEqual([
      expect.objectContaining({ type: 'NOTICE_OF_SUSPENSION', createdById: caseworker.id }),
    ]);
    // The caseworker keeps seeing it.
    expect(await db.case.count({ where: { AND: [{ id: kase.id }, caseScope(caseworker)] } })).toBe(1);

    const rows = await db.auditLog.findMany({ where: { actorId: caseworker.id } });
    expect(rows.map((r) => r.action).sort()).toEqual([
      'assignment.create',
      'case.create',
      'event.create',
      'person.save',
      'sanction.create',
    ]);
    expect(rows.find((r) => r.action === 'case.create')!.fields).toEqual(
      expect.arrayContaining(['consentMethod', 'consentTakenById', 'consentNote']),
    );
    // Every value but the generated ids (random characters, which can hold a run like "0161" by chance).
    const ids = new Set(['id', 'actorId', 'entityId', 'caseId']);
    const everything = JSON.stringify(rows, (key, value: unknown) => (ids.has(key) ? undefined : value));
    for (const secret of [
      'A100200',
      '0161 496',
      'Mill Lane',
      'Liked a post',
      'Rang the helpline',
      'Agreed on the call',
      input.fullName!,
    ])
      expect(everything).not.toContain(secret);
  });

  it('a coordinator opens one without being assigned; a consent date in the past is kept as that day', async () => {
    const coordinator = await makeUser('COORDINATOR');
    actAs(coordinator);
    const res = await createCaseForMemberAction(
      referral({
        consentMethod: 'IN_WRITING',
        consentGivenOn: '2026-02-10',
        email: 'Paper.Member@Example.test',
        phone: undefined,
      }),
    );
    const kase = await load(res.ok ? res.data.reference : '');
    expect(kase.assignments).toEqual([]);
    expect(kase).toMatchObject({ consentMethod: 'IN_WRITING', consentGivenAt: new Date('2026-02-10T12:00:00Z') });
    expect(kase.person).toMatchObject({ email: 'paper.member@example.test', phone: null });
  });

  it('adds a second case to an existing person the caseworker can see, filling blanks and never blanking', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const first = await makeCase({ member: null, caseworker });
    await db.person.update({ where: { id: first.person.id }, data: { membershipNumber: 'KEEP1', phone: '0200' } });
    actAs(caseworker);
    const res = await createCaseForMemberAction(
      referral({
        personId: first.person.id,
        fullName: undefined,
        membershipNumber: undefined,
        phone: '0300',
        postalAddress: 'New address',
        rolesHeld: [],
      }),
    );
    expect(res.ok).toBe(true);
    const kase = await load(res.ok ? res.data.reference : '');
    expect(kase.personId).toBe(first.person.id);
    expect(kase.person).toMatchObject({
      fullName: first.person.fullName,
      membershipNumber: 'KEEP1',
      phone: '0300',
      postalAddress: 'New address',
      version: 2,
    });
    const rows = await db.auditLog.findMany({ where: { action: 'person.update', entityId: first.person.id } });
    expect(rows.map((r) => r.caseId).sort()).toEqual([first.kase.id, kase.id].sort());
    expect(rows[0]!.fields.sort()).toEqual(['phone', 'postalAddress']);
  });

  it('refuses a person the caseworker cannot see, a missing name, and members', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const hidden = await makeCase({ member: null });
    actAs(caseworker);
    expect(await createCaseForMemberAction(referral({ personId: hidden.person.id }))).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { personId: expect.any(String) },
    });
    expect(await createCaseForMemberAction(referral({ fullName: '  ' }))).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { fullName: 'Enter the member’s full name' },
    });
    expect(await createCaseForMemberAction({ ...referral(), consentMethod: 'ONLINE' as never })).toMatchObject({
      ok: false,
      fieldErrors: { consentMethod: expect.any(String) },
    });
    expect(await createCaseForMemberAction({ ...referral(), status: 'CLOSED' } as never)).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    actAs(await makeUser('MEMBER'));
    expect(await createCaseForMemberAction(referral())).toMatchObject({ ok: false, code: 'not_found' });
    expect(await db.case.count({ where: { personId: hidden.person.id } })).toBe(1);
  });
});

describe('the case page', () => {
  it('shows staff how the member agreed, with the staff note; the member never receives the note', async () => {
    const caseworker = await makeUser('CASEWORKER');
    actAs(caseworker);
    const res = await createCaseForMemberAction(referral());
    const reference = res.ok ? res.data.reference : '';
    const staffView = await getCaseForViewer(caseworker, reference, ctx);
    expect(staffView).toMatchObject({
      consentMethod: 'BY_PHONE',
      consentNote: 'Agreed on the call, 10:15',
      consentTakenBy: { name: caseworker.name },
      person: { postalAddress: '4 Mill Lane\nOldham OL1 1AA' },
    });
    const member = await makeUser('MEMBER');
    await db.person.update({ where: { id: staffView.person.id }, data: { userId: member.id } });
    const memberView = await getCaseForViewer(member, reference, ctx);
    expect(memberView).toMatchObject({ consentMethod: 'BY_PHONE' });
    expect(memberView).not.toHaveProperty('consentNote');
    expect(JSON.stringify(memberView)).not.toContain('Agreed on the call');
  });
});

describe('findPeopleForStaff', () => {
  it('finds people only on cases the caseworker can open, and lists only those cases', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const tag = `Zed${Math.random().toString(36).slice(2, 8)}`;
    const mine = await makeCase({ member: null, caseworker });
    await db.person.update({
      where: { id: mine.person.id },
      data: { fullName: `Ann ${tag}`, membershipNumber: `${tag}-1` },
    });
    const otherCase = await makeCase({ member: null });
    await db.case.update({ where: { id: otherCase.kase.id }, data: { personId: mine.person.id } }); // a second case, not assigned to them
    const stranger = await makeCase({ member: null });
    await db.person.update({ where: { id: stranger.person.id }, data: { fullName: `Bob ${tag}` } });

    const found = await findPeopleForStaff(caseworker, tag.toLowerCase());
    expect(found).toEqual([
      expect.objectContaining({ id: mine.person.id, cases: [{ reference: mine.kase.reference }] }),
    ]);
    expect(await findPeopleForStaff(caseworker, `${tag}-1`)).toHaveLength(1);
    expect(await getPersonForStaff(caseworker, stranger.person.id)).toBeNull();
    const coordinator = await makeUser('COORDINATOR');
    expect((await findPeopleForStaff(coordinator, tag)).map((p) => p.fullName)).toEqual([`Ann ${tag}`, `Bob ${tag}`]);
    expect(await findPeopleForStaff(coordinator, 'x')).toEqual([]);
    await expect(findPeopleForStaff(await makeUser('MEMBER'), tag)).rejects.toThrow('Not found');
  });
});
