import { db } from '@/lib/db/client';
import {
  assignCaseworkerAction,
  setConsentAction,
  unassignCaseworkerAction,
  updateCaseStageAction,
} from '@/lib/cases/actions';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { findCases } from '@/lib/cases/find-cases';
import { NotFoundError } from '@/lib/errors';
import { actAs, ctx, makeCase, makeUser, type TestUser } from '../../helpers/factories';

const canOpen = async (actor: TestUser, reference: string) =>
  getCaseForViewer(actor, reference, ctx).then(
    () => true,
    (err) => (err instanceof NotFoundError ? false : Promise.reject(err)),
  );

describe('setConsentAction', () => {
  it('withdrawal ends the caseworker’s access at once; giving consent again restores it', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase, member } = await makeCase({ caseworker });
    expect(await canOpen(caseworker, kase.reference)).toBe(true);

    actAs(member);
    expect(await setConsentAction({ caseId: kase.id, give: false })).toEqual({
      ok: true,
      data: { consent: false, at: expect.any(Date) },
    });
    expect(await db.case.findUniqueOrThrow({ where: { id: kase.id } })).toMatchObject({
      consentWithdrawnAt: expect.any(Date),
      version: 2,
    });
    expect(await canOpen(caseworker, kase.reference)).toBe(false);
    expect((await findCases(caseworker, { page: 1 })).rows.map((r) => r.id)).not.toContain(kase.id);
    actAs(caseworker);
    expect(
      await updateCaseStageAction({
        caseId: kase.id,
        version: 2,
        stage: 'APPEAL',
        outcome: null,
        appealStatus: 'LODGED',
      }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    // The member and the coordinators still see it.
    expect(await canOpen(member!, kase.reference)).toBe(true);
    expect(await canOpen(await makeUser('COORDINATOR'), kase.reference)).toBe(true);

    actAs(member);
    expect(await setConsentAction({ caseId: kase.id, give: true })).toMatchObject({
      ok: true,
      data: { consent: true },
    });
    expect(await db.case.findUniqueOrThrow({ where: { id: kase.id } })).toMatchObject({
      consentWithdrawnAt: null,
      version: 3,
    });
    expect(await canOpen(caseworker, kase.reference)).toBe(true);
  });

  it('audits each change with field names, in the case’s trail', async () => {
    const { kase, member } = await makeCase();
    actAs(member);
    await setConsentAction({ caseId: kase.id, give: false });
    await setConsentAction({ caseId: kase.id, give: true });
    const rows = await db.auditLog.findMany({
      where: { caseId: kase.id, action: { startsWith: 'case.consent' } },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((r) => [r.action, r.actorId, r.entityId, r.fields])).toEqual([
      ['case.consent_withdrawn', member!.id, kase.id, ['consentWithdrawnAt']],
      ['case.consent_given', member!.id, kase.id, ['consentGivenAt', 'consentWithdrawnAt']],
    ]);
  });

  it('is only for the member whose case it is: others get not found, nothing changes', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    for (const actor of [caseworker, await makeUser('COORDINATOR'), await makeUser('MEMBER')]) {
      actAs(actor);
      expect(await setConsentAction({ caseId: kase.id, give: false })).toMatchObject({ ok: false, code: 'not_found' });
    }
    expect(await db.case.findUniqueOrThrow({ where: { id: kase.id } })).toMatchObject({
      consentWithdrawnAt: null,
      version: 1,
    });
    expect(await db.auditLog.count({ where: { caseId: kase.id } })).toBe(0);
  });

  it('refuses wrong types and extra fields', async () => {
    const { kase, member } = await makeCase();
    actAs(member);
    expect(await setConsentAction({ caseId: kase.id, give: 'false' } as never)).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { give: expect.stringMatching(/expected boolean/i) },
    });
    expect(await setConsentAction({ caseId: kase.id, give: 0 } as never)).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { give: expect.stringMatching(/expected boolean/i) },
    });
    expect(await setConsentAction({ caseId: kase.id, give: false, consentGivenAt: null } as never)).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { _form: 'These fields are not allowed here: consentGivenAt' },
    });
    expect(await db.case.findUniqueOrThrow({ where: { id: kase.id } })).toMatchObject({
      consentWithdrawnAt: null,
      version: 1,
    });
    expect(await db.auditLog.count({ where: { caseId: kase.id } })).toBe(0);
  });
});

describe('assignCaseworkerAction and unassignCaseworkerAction', () => {
  it('a coordinator assigns: access starts; unassigns: access ends', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase();
    expect(await canOpen(caseworker, kase.reference)).toBe(false);

    actAs(coordinator);
    const assigned = await assignCaseworkerAction({ caseId: kase.id, caseworkerId: caseworker.id });
    expect(assigned).toEqual({ ok: true, data: { assignmentId: expect.any(String) } });
    const assignmentId = assigned.ok ? assigned.data.assignmentId : '';
    expect(await db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).toMatchObject({
      caseId: kase.id,
      caseworkerId: caseworker.id,
      assignedById: coordinator.id,
      endedAt: null,
    });
    expect(await canOpen(caseworker, kase.reference)).toBe(true);

    expect(await unassignCaseworkerAction({ assignmentId })).toEqual({ ok: true, data: { ended: true } });
    expect((await db.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).endedAt).toEqual(expect.any(Date));
    expect(await canOpen(caseworker, kase.reference)).toBe(false);
    actAs(caseworker);
    expect(
      await updateCaseStageAction({
        caseId: kase.id,
        version: 1,
        stage: 'APPEAL',
        outcome: null,
        appealStatus: 'LODGED',
      }),
    ).toMatchObject({ ok: false, code: 'not_found' });

    const rows = await db.auditLog.findMany({
      where: { caseId: kase.id, action: { startsWith: 'assignment.' } },
      orderBy: { createdAt: 'asc' },
    });
    expect(rows.map((r) => [r.action, r.actorId, r.entityType, r.entityId, r.fields])).toEqual([
      ['assignment.create', coordinator.id, 'Assignment', assignmentId, ['caseworkerId']],
      ['assignment.end', coordinator.id, 'Assignment', assignmentId, ['endedAt']],
    ]);
    // Ending twice is not found: the assignment is over.
    actAs(coordinator);
    expect(await unassignCaseworkerAction({ assignmentId })).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('refuses a member, a disabled user, an unknown user and a double assignment, on the caseworkerId field', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const caseworker = await makeUser('CASEWORKER');
    const disabled = await makeUser('CASEWORKER');
    await db.user.update({ where: { id: disabled.id }, data: { disabledAt: new Date() } });
    const { kase } = await makeCase({ caseworker });
    actAs(coordinator);
    for (const caseworkerId of [(await makeUser('MEMBER')).id, disabled.id, 'no-such-user']) {
      expect(await assignCaseworkerAction({ caseId: kase.id, caseworkerId })).toEqual({
        ok: false,
        code: 'invalid',
        error: 'Please check the highlighted fields.',
        fieldErrors: { caseworkerId: 'Choose an active caseworker from the list' },
      });
    }
    expect(await assignCaseworkerAction({ caseId: kase.id, caseworkerId: caseworker.id })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { caseworkerId: 'That caseworker is already assigned to this case' },
    });
    expect(await assignCaseworkerAction({ caseId: kase.id, caseworkerId: '' })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { caseworkerId: 'Choose a caseworker' },
    });
    expect(await assignCaseworkerAction({ caseId: 'no-such-case', caseworkerId: caseworker.id })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
    expect(
      await assignCaseworkerAction({ caseId: kase.id, caseworkerId: caseworker.id, endedAt: null } as never),
    ).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { _form: 'These fields are not allowed here: endedAt' },
    });
    expect(await db.assignment.count({ where: { caseId: kase.id } })).toBe(1);
    expect(await db.auditLog.count({ where: { caseId: kase.id } })).toBe(0);
  });

  it('lets a caseworker assign again after an earlier assignment ended', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    await db.assignment.updateMany({ where: { caseId: kase.id }, data: { endedAt: new Date() } });
    actAs(coordinator);
    expect(await assignCaseworkerAction({ caseId: kase.id, caseworkerId: caseworker.id })).toMatchObject({ ok: true });
    expect(await canOpen(caseworker, kase.reference)).toBe(true);
  });

  it('is for coordinators only: caseworkers and members get not found and nothing changes', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const other = await makeUser('CASEWORKER');
    const { kase, member } = await makeCase({ caseworker });
    const assignment = await db.assignment.findFirstOrThrow({ where: { caseId: kase.id } });
    for (const actor of [caseworker, member!]) {
      actAs(actor);
      expect(await assignCaseworkerAction({ caseId: kase.id, caseworkerId: other.id })).toMatchObject({
        ok: false,
        code: 'not_found',
      });
      expect(await unassignCaseworkerAction({ assignmentId: assignment.id })).toMatchObject({
        ok: false,
        code: 'not_found',
      });
    }
    expect(await db.assignment.findMany({ where: { caseId: kase.id } })).toEqual([assignment]);
    expect(await db.auditLog.count({ where: { caseId: kase.id } })).toBe(0);
  });
});
