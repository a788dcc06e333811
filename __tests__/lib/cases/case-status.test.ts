import { db } from '@/lib/db/client';
import { updateCaseStatusAction } from '@/lib/cases/actions';
import { actAs, makeCase, makeUser } from '../../helpers/factories';

const caseRow = (id: string) => db.case.findUniqueOrThrow({ where: { id }, select: { status: true, appealStatus: true, version: true } });
const auditCount = (caseId: string) => db.auditLog.count({ where: { caseId } });

describe('updateCaseStatusAction', () => {
  it('lets the assigned caseworker change the status, bumps the version and audits the changed fields', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    actAs(caseworker);
    const res = await updateCaseStatusAction({ caseId: kase.id, version: 1, status: 'AWAITING_HEARING', appealStatus: 'NOT_STARTED' });
    expect(res).toEqual({ ok: true, data: { version: 2 } });
    expect(await caseRow(kase.id)).toEqual({ status: 'AWAITING_HEARING', appealStatus: 'NOT_STARTED', version: 2 });
    const audit = await db.auditLog.findMany({ where: { caseId: kase.id, action: 'case.update' } });
    // Only the status changed: the appeal status is not listed.
    expect(audit).toEqual([expect.objectContaining({ actorId: caseworker.id, entityType: 'Case', entityId: kase.id, fields: ['status'], ip: '203.0.113.7', userAgent: 'jest' })]);
    expect(JSON.stringify(audit)).not.toContain('AWAITING_HEARING');
  });

  it('lets a coordinator change any case, both fields at once', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { kase } = await makeCase();
    actAs(coordinator);
    expect(await updateCaseStatusAction({ caseId: kase.id, version: 1, status: 'APPEAL', appealStatus: 'LODGED' })).toMatchObject({ ok: true });
    const audit = await db.auditLog.findFirstOrThrow({ where: { caseId: kase.id, action: 'case.update' } });
    expect(audit.fields.sort()).toEqual(['appealStatus', 'status']);
  });

  it('gives the second of two saves from the same version a conflict and keeps the first', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const coordinator = await makeUser('COORDINATOR');
    const { kase } = await makeCase({ caseworker });
    actAs(caseworker);
    expect(await updateCaseStatusAction({ caseId: kase.id, version: 1, status: 'DECIDED_UPHELD', appealStatus: 'CONSIDERING' })).toMatchObject({ ok: true });
    actAs(coordinator);
    const stale = await updateCaseStatusAction({ caseId: kase.id, version: 1, status: 'CLOSED_WITHDRAWN', appealStatus: 'NOT_AVAILABLE' });
    expect(stale).toEqual({ ok: false, code: 'conflict', error: expect.stringContaining('Someone else changed this') });
    expect(await caseRow(kase.id)).toEqual({ status: 'DECIDED_UPHELD', appealStatus: 'CONSIDERING', version: 2 });
    expect(await db.auditLog.count({ where: { caseId: kase.id, action: 'case.update' } })).toBe(1);
    // With the current version the coordinator's save goes through.
    expect(await updateCaseStatusAction({ caseId: kase.id, version: 2, status: 'CLOSED_WITHDRAWN', appealStatus: 'NOT_AVAILABLE' })).toEqual({ ok: true, data: { version: 3 } });
  });

  it('lets exactly one of two simultaneous saves win', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { kase } = await makeCase();
    actAs(coordinator);
    const results = await Promise.all([
      updateCaseStatusAction({ caseId: kase.id, version: 1, status: 'APPEAL', appealStatus: 'LODGED' }),
      updateCaseStatusAction({ caseId: kase.id, version: 1, status: 'LEGAL_ACTION', appealStatus: 'DISMISSED' }),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.code)).sort()).toEqual(['conflict', 'ok']);
    expect((await caseRow(kase.id)).version).toBe(2);
    expect(await db.auditLog.count({ where: { caseId: kase.id, action: 'case.update' } })).toBe(1);
  });

  it('answers not found to the member, an unassigned caseworker, and for an unknown case', async () => {
    const stranger = await makeUser('CASEWORKER');
    const { kase, member } = await makeCase({ caseworker: await makeUser('CASEWORKER') });
    const before = await auditCount(kase.id);
    for (const actor of [member!, stranger]) {
      actAs(actor);
      expect(await updateCaseStatusAction({ caseId: kase.id, version: 1, status: 'CLOSED_REINSTATED', appealStatus: 'ALLOWED' })).toMatchObject({ ok: false, code: 'not_found' });
    }
    actAs(await makeUser('COORDINATOR'));
    expect(await updateCaseStatusAction({ caseId: 'no-such-case', version: 1, status: 'APPEAL', appealStatus: 'LODGED' })).toMatchObject({ ok: false, code: 'not_found' });
    expect(await caseRow(kase.id)).toEqual({ status: 'UNDER_INVESTIGATION', appealStatus: 'NOT_STARTED', version: 1 });
    expect(await auditCount(kase.id)).toBe(before);
  });

  it('refuses bad input with a specific message and writes nothing', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { kase } = await makeCase();
    actAs(coordinator);
    const good = { caseId: kase.id, version: 1, status: 'APPEAL', appealStatus: 'LODGED' };
    const cases: Array<[Record<string, unknown>, string, string | RegExp]> = [
      [{ status: 'REINSTATED_BY_ME' }, 'status', 'Choose a status from the list'],
      [{ appealStatus: 'WON' }, 'appealStatus', 'Choose an appeal status from the list'],
      [{ version: '1' }, 'version', /expected number/i],
      [{ version: 0 }, 'version', /too small|>=1/i],
      [{ version: 1.5 }, 'version', /expected int/i],
      [{ caseId: 'x'.repeat(41) }, 'caseId', /too big|<=40/i],
      [{ caseId: 42 }, 'caseId', /expected string/i],
      [{ assignee: 'someone' }, '_form', 'These fields are not allowed here: assignee'],
      [{ createdById: 'someone' }, '_form', 'These fields are not allowed here: createdById'],
      [{ consentWithdrawnAt: null }, '_form', 'These fields are not allowed here: consentWithdrawnAt'],
    ];
    for (const [override, field, message] of cases) {
      const res = await updateCaseStatusAction({ ...good, ...override } as never);
      expect(res).toMatchObject({ ok: false, code: 'invalid', error: 'Please check the highlighted fields.' });
      if (!res.ok) expect({ override, message: res.fieldErrors?.[field] }).toEqual({ override, message: typeof message === 'string' ? message : expect.stringMatching(message) });
    }
    expect(await caseRow(kase.id)).toEqual({ status: 'UNDER_INVESTIGATION', appealStatus: 'NOT_STARTED', version: 1 });
    expect(await auditCount(kase.id)).toBe(0);
  });
});
