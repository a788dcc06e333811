import { db } from '@/lib/db/client';
import { addCaseBranchAction, removeCaseBranchAction } from '@/lib/case-branches/actions';
import { listCaseBranches } from '@/lib/case-branches/case-branch-services';
import { findCases, parseCaseFilters } from '@/lib/cases/find-cases';
import { actAs, makeBranch, makeCase, makeUser } from '../../helpers/factories';

const refs = async (actor: Parameters<typeof findCases>[0], branchId: string) =>
  (await findCases(actor, parseCaseFilters({ branchId }))).rows.map((r) => r.reference).sort();

describe('a case in several branches over time', () => {
  it('keeps the branches a case belonged to, with dates, and refuses a second row for the same branch or an end before the start', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const [{ branch: before }, { branch: now }] = await Promise.all([makeBranch(), makeBranch()]);
    const { kase, member } = await makeCase({ caseworker, branchId: now.id });
    actAs(caseworker);
    expect(await addCaseBranchAction({ caseId: kase.id, branchId: before.id, untilOn: '2023-12-31' })).toMatchObject({
      ok: true,
    });
    expect(await addCaseBranchAction({ caseId: kase.id, branchId: now.id, fromOn: '2024-01-01' })).toMatchObject({
      ok: true,
    });
    expect(await addCaseBranchAction({ caseId: kase.id, branchId: before.id })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { branchId: expect.any(String) },
    });
    expect(
      await addCaseBranchAction({
        caseId: kase.id,
        branchId: (await makeBranch()).branch.id,
        fromOn: '2024-05-01',
        untilOn: '2024-04-01',
      }),
    ).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { untilOn: expect.any(String) } });
    const rows = await listCaseBranches(caseworker, kase.id);
    expect(rows.map((r) => [r.branch, r.fromOn, r.untilOn])).toEqual([
      [before.name, null, '2023-12-31'],
      [now.name, '2024-01-01', null],
    ]);
    // Staff only: the member neither sees nor edits the history.
    expect(await listCaseBranches(member!, kase.id)).toEqual([]);
    actAs(member);
    expect(await removeCaseBranchAction({ caseBranchId: rows[0]!.id })).toMatchObject({ ok: false, code: 'not_found' });
    actAs(caseworker);
    expect(await removeCaseBranchAction({ caseBranchId: rows[0]!.id })).toMatchObject({ ok: true });
    expect(
      await db.auditLog.count({
        where: { caseId: kase.id, action: { in: ['case-branch.create', 'case-branch.delete'] }, memberVisible: false },
      }),
    ).toBe(3);
  });

  it('finds a case under a branch its member is in now, was in before, or that a linked group action hit', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const [{ branch: a }, { branch: b }, { branch: c }] = await Promise.all([makeBranch(), makeBranch(), makeBranch()]);
    const current = await makeCase({ branchId: a.id });
    const moved = await makeCase({ branchId: c.id });
    const viaGroup = await makeCase({ branchId: c.id });
    const elsewhere = await makeCase({ branchId: c.id });
    await db.caseBranch.create({ data: { caseId: moved.kase.id, branchId: b.id } });
    await db.groupAction.create({
      data: {
        reference: `GA-1998-${Math.floor(Math.random() * 1e6)}`,
        title: 'Two branches',
        sanctionType: 'BRANCH_SUSPENDED',
        createdById: coordinator.id,
        branches: { create: [{ branchId: a.id }, { branchId: b.id }] },
        cases: { create: { caseId: viaGroup.kase.id } },
      },
    });
    expect(await refs(coordinator, a.id)).toEqual([current.kase.reference, viaGroup.kase.reference].sort());
    expect(await refs(coordinator, b.id)).toEqual([moved.kase.reference, viaGroup.kase.reference].sort());
    expect(await refs(coordinator, c.id)).toEqual(
      [moved.kase.reference, viaGroup.kase.reference, elsewhere.kase.reference].sort(),
    );
    // Still inside the reader's scope: a caseworker finds none of these (none is theirs).
    expect(await refs(await makeUser('CASEWORKER'), b.id)).toEqual([]);
  });
});
