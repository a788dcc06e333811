import { db } from '@/lib/db/client';
import { caseScope } from '@/lib/auth/policy';
import { saveIntakeDraftAction, submitIntakeAction } from '@/lib/intake/actions';
import { actAs, makeBranch, makeCase, makeUser } from '../../helpers/factories';
import { validIntake } from './intake-input';
import { intakeFootprint } from './footprint';

const REFERENCE = /^RS-\d{4}-\d{4}$/;

async function submitAs(user: Awaited<ReturnType<typeof makeUser>>, input = validIntake()) {
  actAs(user);
  const res = await submitIntakeAction(input);
  if (!res.ok) throw new Error(`submit failed: ${JSON.stringify(res)}`);
  return db.case.findUniqueOrThrow({
    where: { reference: res.data.reference },
    include: { person: true, sanctions: true, events: true, assignments: true },
  });
}

describe('submitIntakeAction', () => {
  it('creates the person linked to the member, the case, its sanction and first entry, and deletes the draft', async () => {
    const member = await makeUser('MEMBER');
    const { branch, region } = await makeBranch();
    actAs(member);
    expect(await saveIntakeDraftAction({ step: 3, data: { fullName: 'Half typed' } })).toMatchObject({ ok: true });
    const input = validIntake({ branchId: branch.id, rolesHeld: ['Chair', 'Councillor'], sanctionType: 'SUSPENSION' });
    const before = Date.now();
    const res = await submitIntakeAction(input);
    expect(res).toEqual({ ok: true, data: { reference: expect.stringMatching(REFERENCE) } });
    const kase = await db.case.findUniqueOrThrow({
      where: { reference: res.ok ? res.data.reference : '' },
      include: { person: true, sanctions: true, events: true, assignments: true, stageChanges: true },
    });

    expect(kase.reference.slice(3, 7)).toBe(String(new Date().getUTCFullYear()));
    expect(kase.person).toMatchObject({
      userId: member.id,
      email: member.email,
      fullName: input.fullName,
      membershipNumber: input.membershipNumber,
      phone: input.phone,
      branchId: branch.id,
      regionId: region.id,
      rolesHeld: ['Chair', 'Councillor'],
    });
    expect(kase).toMatchObject({
      stage: 'INTAKE',
      outcome: null,
      appealStatus: 'NOT_STARTED',
      wants: ['APPEAL'],
      summary: input.summary,
      createdById: member.id,
      consentWithdrawnAt: null,
      version: 1,
    });
    expect(kase.consentGivenAt!.getTime()).toBeGreaterThanOrEqual(before - 1000);
    // The stage history starts where the case starts.
    expect(kase.stageChanges).toEqual([
      expect.objectContaining({
        fromStage: null,
        toStage: 'INTAKE',
        fromOutcome: null,
        toOutcome: null,
        reason: 'Case opened',
        changedById: member.id,
      }),
    ]);
    expect(kase.assignments).toEqual([]);
    expect(kase.sanctions).toEqual([
      expect.objectContaining({
        type: 'SUSPENSION',
        imposedOn: new Date('2021-11-21T00:00:00Z'),
        imposedPrecision: 'DAY',
        imposedBy: 'GOVERNANCE_LEGAL_UNIT',
        reasonCategory: 'MOTION',
        reasonText: input.reasonText,
        outcome: 'PENDING',
      }),
    ]);
    expect(kase.events).toEqual([
      expect.objectContaining({
        type: 'NOTICE_OF_SUSPENSION',
        occurredOn: new Date('2021-11-21T00:00:00Z'),
        datePrecision: 'DAY',
        title: 'Suspension – Governance and legal unit',
        details: input.reasonText,
        visibility: 'SHARED',
        createdById: member.id,
      }),
    ]);
    expect(await db.intakeDraft.findUnique({ where: { userId: member.id } })).toBeNull();
  });

  it('writes one audit row per record, with field names and never the values', async () => {
    const member = await makeUser('MEMBER');
    const input = validIntake();
    const kase = await submitAs(member, input);
    const rows = await db.auditLog.findMany({ where: { actorId: member.id }, orderBy: { createdAt: 'asc' } });
    expect(rows.map((r) => r.action).sort()).toEqual(['case.create', 'event.create', 'person.save', 'sanction.create']);
    const byAction = Object.fromEntries(rows.map((r) => [r.action, r]));
    expect(byAction['person.save']).toMatchObject({ entityType: 'Person', entityId: kase.personId, caseId: null });
    expect(byAction['person.save']!.fields).toEqual(
      expect.arrayContaining(['fullName', 'membershipNumber', 'phone', 'branchId', 'regionId', 'rolesHeld']),
    );
    expect(byAction['case.create']).toMatchObject({
      entityType: 'Case',
      entityId: kase.id,
      caseId: kase.id,
      fields: ['wants', 'summary', 'consentGivenAt'],
    });
    expect(byAction['sanction.create']).toMatchObject({
      entityType: 'Sanction',
      entityId: kase.sanctions[0]!.id,
      caseId: kase.id,
      fields: expect.arrayContaining(['reasonText']),
    });
    expect(byAction['event.create']).toMatchObject({
      entityType: 'TimelineEvent',
      entityId: kase.events[0]!.id,
      caseId: kase.id,
    });
    for (const row of rows) expect(row).toMatchObject({ ip: '203.0.113.7', userAgent: 'jest' });
    const everything = JSON.stringify(rows);
    for (const secret of [input.reasonText!, input.summary!, input.fullName, input.membershipNumber!, input.phone!])
      expect(everything).not.toContain(secret);
  });

  it('records a decision (not a notice) as the first entry for an expulsion, at the precision given', async () => {
    const member = await makeUser('MEMBER');
    const kase = await submitAs(
      member,
      validIntake({
        sanctionType: 'EXPULSION',
        imposedBy: 'NCC',
        imposedOn: { precision: 'MONTH', year: 2020, month: 12 },
        reasonText: undefined,
        summary: '   ',
      }),
    );
    expect(kase.events[0]).toMatchObject({
      type: 'DECISION',
      datePrecision: 'MONTH',
      occurredOn: new Date('2020-12-01T00:00:00Z'),
      details: null,
      title: 'Expulsion – National constitutional committee (NCC)',
    });
    expect(kase.sanctions[0]).toMatchObject({ imposedPrecision: 'MONTH', reasonText: null });
    // Blank optional text is stored as nothing, not as spaces.
    expect(kase.summary).toBeNull();
  });

  it('reuses the member’s person for a second case, updating what is given and keeping what is left blank (issue 10, point 2)', async () => {
    const member = await makeUser('MEMBER');
    const first = await submitAs(member);
    const second = await submitAs(member, validIntake({ fullName: 'New Name', phone: undefined }));
    expect(second.personId).toBe(first.personId);
    expect(second.reference).not.toBe(first.reference);
    expect(second.person).toMatchObject({ fullName: 'New Name', phone: first.person.phone });
  });

  it('fills the region from the branch, and accepts a region alone', async () => {
    const { branch, region } = await makeBranch();
    const member = await makeUser('MEMBER');
    const withRegion = await submitAs(member, validIntake({ regionId: region.id, branchId: branch.id }));
    expect(withRegion.person).toMatchObject({ branchId: branch.id, regionId: region.id });
    const other = await makeUser('MEMBER');
    const regionOnly = await submitAs(other, validIntake({ regionId: region.id }));
    expect(regionOnly.person).toMatchObject({ branchId: null, regionId: region.id });
  });

  it('refuses a branch from another region, or one that does not exist, and writes nothing', async () => {
    const a = await makeBranch();
    const b = await makeBranch();
    const member = await makeUser('MEMBER');
    actAs(member);
    const before = await intakeFootprint(member.id);
    const mismatch = await submitIntakeAction(validIntake({ regionId: a.region.id, branchId: b.branch.id }));
    expect(mismatch).toEqual({
      ok: false,
      code: 'invalid',
      error: 'Please check the highlighted fields.',
      fieldErrors: { branchId: 'That branch is not in the region you chose' },
    });
    expect(await submitIntakeAction(validIntake({ branchId: 'no-such-branch' }))).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { branchId: 'Choose a branch from the list' },
    });
    expect(await submitIntakeAction(validIntake({ regionId: 'no-such-region' }))).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { regionId: 'Choose a region from the list' },
    });
    expect(await intakeFootprint(member.id)).toEqual(before);
  });

  it('answers not found to a caseworker or coordinator, and unauthenticated to a visitor', async () => {
    for (const role of ['CASEWORKER', 'COORDINATOR'] as const) {
      const staff = await makeUser(role);
      actAs(staff);
      expect(await submitIntakeAction(validIntake())).toMatchObject({ ok: false, code: 'not_found' });
      expect(await intakeFootprint(staff.id)).toEqual({
        people: 0,
        cases: 0,
        sanctions: 0,
        events: 0,
        audit: 0,
        drafts: 0,
      });
    }
    actAs(null);
    const input = validIntake();
    expect(await submitIntakeAction(input)).toMatchObject({ ok: false, code: 'unauthenticated' });
    expect(await db.person.count({ where: { fullName: input.fullName } })).toBe(0);
  });

  it('gives distinct references to concurrent submits by different members', async () => {
    const members = await Promise.all(Array.from({ length: 5 }, () => makeUser('MEMBER')));
    const results = await Promise.all(
      members.map(async (m) => {
        // Each call reads the caller from the shared test context at its start, so set it per call.
        actAs(m);
        return submitIntakeAction(validIntake());
      }),
    );
    const refs = results.map((r) => (r.ok ? r.data.reference : JSON.stringify(r)));
    for (const ref of refs) expect(ref).toMatch(REFERENCE);
    expect(new Set(refs).size).toBe(5);
    const owners = await db.case.findMany({
      where: { reference: { in: refs } },
      select: { person: { select: { userId: true } } },
    });
    expect(owners.map((o) => o.person.userId).sort()).toEqual(members.map((m) => m.id).sort());
  });

  it('makes a new case visible to its member only, until a coordinator assigns it', async () => {
    const member = await makeUser('MEMBER');
    const kase = await submitAs(member);
    const caseworker = await makeUser('CASEWORKER');
    await makeCase({ caseworker }); // the caseworker has other work, not this case
    expect(await db.case.count({ where: { AND: [{ id: kase.id }, caseScope(member)] } })).toBe(1);
    expect(await db.case.count({ where: { AND: [{ id: kase.id }, caseScope(caseworker)] } })).toBe(0);
  });
});
