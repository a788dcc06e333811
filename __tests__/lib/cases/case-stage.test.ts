import { db } from '@/lib/db/client';
import { updateCaseStageAction } from '@/lib/cases/actions';
import { listStageChanges } from '@/lib/cases/list-stage-changes';
import { actAs, makeCase, makeUser } from '../../helpers/factories';

const caseRow = (id: string) =>
  db.case.findUniqueOrThrow({
    where: { id },
    select: { stage: true, outcome: true, appealStatus: true, version: true },
  });
const auditCount = (caseId: string) => db.auditLog.count({ where: { caseId } });
const historyOf = (caseId: string) =>
  db.caseStageChange.findMany({
    where: { caseId },
    orderBy: { createdAt: 'asc' },
    select: { fromStage: true, toStage: true, fromOutcome: true, toOutcome: true, reason: true, changedById: true },
  });

describe('updateCaseStageAction', () => {
  it('lets the assigned caseworker change the stage, keeps the change with its reason, bumps the version and audits the field names', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    actAs(caseworker);
    const res = await updateCaseStageAction({
      caseId: kase.id,
      version: 1,
      stage: 'AWAITING_DECISION',
      outcome: '',
      appealStatus: 'NOT_STARTED',
      reason: '  Hearing date set by the NCC  ',
    });
    expect(res).toEqual({ ok: true, data: { version: 2 } });
    expect(await caseRow(kase.id)).toEqual({
      stage: 'AWAITING_DECISION',
      outcome: null,
      appealStatus: 'NOT_STARTED',
      version: 2,
    });
    expect(await historyOf(kase.id)).toEqual([
      {
        fromStage: 'INVESTIGATION',
        toStage: 'AWAITING_DECISION',
        fromOutcome: null,
        toOutcome: null,
        reason: 'Hearing date set by the NCC',
        changedById: caseworker.id,
      },
    ]);
    const audit = await db.auditLog.findMany({ where: { caseId: kase.id, action: 'case.update' } });
    // Only the stage changed (and a reason was given): the outcome and appeal status are not listed, and no value is.
    expect(audit).toEqual([
      expect.objectContaining({
        actorId: caseworker.id,
        entityType: 'Case',
        entityId: kase.id,
        fields: ['stage', 'reason'],
        ip: '203.0.113.7',
        userAgent: 'jest',
      }),
    ]);
    expect(JSON.stringify(audit)).not.toMatch(/AWAITING_DECISION|Hearing date/);
  });

  it('says "Closed" and "Chose not to appeal" together; the outcome alone can change later, and "Not known yet" clears it', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { kase } = await makeCase();
    actAs(coordinator);
    expect(
      await updateCaseStageAction({
        caseId: kase.id,
        version: 1,
        stage: 'CLOSED',
        outcome: 'CHOSE_NOT_TO_APPEAL',
        appealStatus: 'NOT_STARTED',
        reason: 'An election is coming: she will not appeal.',
      }),
    ).toMatchObject({ ok: true });
    expect(await caseRow(kase.id)).toMatchObject({ stage: 'CLOSED', outcome: 'CHOSE_NOT_TO_APPEAL' });
    expect(
      (await db.auditLog.findFirstOrThrow({ where: { caseId: kase.id, action: 'case.update' } })).fields.sort(),
    ).toEqual(['outcome', 'reason', 'stage']);
    // Outcome only, no reason: kept in the history all the same.
    expect(
      await updateCaseStageAction({
        caseId: kase.id,
        version: 2,
        stage: 'CLOSED',
        outcome: 'RESIGNED',
        appealStatus: 'NOT_STARTED',
      }),
    ).toMatchObject({ ok: true });
    expect(
      await updateCaseStageAction({
        caseId: kase.id,
        version: 3,
        stage: 'REVIEW',
        outcome: null,
        appealStatus: 'NOT_STARTED',
        reason: 'Reinstatement review requested',
      }),
    ).toMatchObject({ ok: true });
    expect(
      (await historyOf(kase.id)).map((h) => [h.fromStage, h.toStage, h.fromOutcome, h.toOutcome, h.reason]),
    ).toEqual([
      ['INVESTIGATION', 'CLOSED', null, 'CHOSE_NOT_TO_APPEAL', 'An election is coming: she will not appeal.'],
      ['CLOSED', 'CLOSED', 'CHOSE_NOT_TO_APPEAL', 'RESIGNED', null],
      ['CLOSED', 'REVIEW', 'RESIGNED', null, 'Reinstatement review requested'],
    ]);
  });

  it('writes no history row when only the appeal status changes', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { kase } = await makeCase();
    actAs(coordinator);
    expect(
      await updateCaseStageAction({
        caseId: kase.id,
        version: 1,
        stage: 'INVESTIGATION',
        outcome: '',
        appealStatus: 'NOT_AVAILABLE',
        reason: 'ignored',
      }),
    ).toMatchObject({ ok: true });
    expect(await historyOf(kase.id)).toEqual([]);
    expect((await db.auditLog.findFirstOrThrow({ where: { caseId: kase.id, action: 'case.update' } })).fields).toEqual([
      'appealStatus',
    ]);
  });

  it('gives the second of two saves from the same version a conflict and keeps the first', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const coordinator = await makeUser('COORDINATOR');
    const { kase } = await makeCase({ caseworker });
    actAs(caseworker);
    expect(
      await updateCaseStageAction({
        caseId: kase.id,
        version: 1,
        stage: 'DECIDED',
        outcome: 'SANCTION_CONFIRMED',
        appealStatus: 'CONSIDERING',
      }),
    ).toMatchObject({ ok: true });
    actAs(coordinator);
    const stale = await updateCaseStageAction({
      caseId: kase.id,
      version: 1,
      stage: 'CLOSED',
      outcome: 'WITHDRAWN',
      appealStatus: 'NOT_AVAILABLE',
    });
    expect(stale).toEqual({ ok: false, code: 'conflict', error: expect.stringContaining('Someone else changed this') });
    expect(await caseRow(kase.id)).toEqual({
      stage: 'DECIDED',
      outcome: 'SANCTION_CONFIRMED',
      appealStatus: 'CONSIDERING',
      version: 2,
    });
    expect(await db.auditLog.count({ where: { caseId: kase.id, action: 'case.update' } })).toBe(1);
    expect(await historyOf(kase.id)).toHaveLength(1);
    // With the current version the coordinator's save goes through.
    expect(
      await updateCaseStageAction({
        caseId: kase.id,
        version: 2,
        stage: 'CLOSED',
        outcome: 'WITHDRAWN',
        appealStatus: 'NOT_AVAILABLE',
      }),
    ).toEqual({ ok: true, data: { version: 3 } });
  });

  it('lets exactly one of two simultaneous saves win', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { kase } = await makeCase();
    actAs(coordinator);
    const results = await Promise.all([
      updateCaseStageAction({ caseId: kase.id, version: 1, stage: 'APPEAL', outcome: null, appealStatus: 'LODGED' }),
      updateCaseStageAction({
        caseId: kase.id,
        version: 1,
        stage: 'LEGAL_ACTION',
        outcome: null,
        appealStatus: 'DISMISSED',
      }),
    ]);
    expect(results.map((r) => (r.ok ? 'ok' : r.code)).sort()).toEqual(['conflict', 'ok']);
    expect((await caseRow(kase.id)).version).toBe(2);
    expect(await db.auditLog.count({ where: { caseId: kase.id, action: 'case.update' } })).toBe(1);
    expect(await historyOf(kase.id)).toHaveLength(1);
  });

  it('answers not found to the member, an unassigned caseworker, and for an unknown case', async () => {
    const stranger = await makeUser('CASEWORKER');
    const { kase, member } = await makeCase({ caseworker: await makeUser('CASEWORKER') });
    const before = await auditCount(kase.id);
    for (const actor of [member!, stranger]) {
      actAs(actor);
      expect(
        await updateCaseStageAction({
          caseId: kase.id,
          version: 1,
          stage: 'CLOSED',
          outcome: 'REINSTATED',
          appealStatus: 'ALLOWED',
        }),
      ).toMatchObject({ ok: false, code: 'not_found' });
    }
    actAs(await makeUser('COORDINATOR'));
    expect(
      await updateCaseStageAction({
        caseId: 'no-such-case',
        version: 1,
        stage: 'APPEAL',
        outcome: null,
        appealStatus: 'LODGED',
      }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    expect(await caseRow(kase.id)).toEqual({
      stage: 'INVESTIGATION',
      outcome: null,
      appealStatus: 'NOT_STARTED',
      version: 1,
    });
    expect(await auditCount(kase.id)).toBe(before);
    expect(await historyOf(kase.id)).toEqual([]);
  });

  it('refuses bad input with a specific message and writes nothing', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { kase } = await makeCase();
    actAs(coordinator);
    const good = { caseId: kase.id, version: 1, stage: 'APPEAL', outcome: null, appealStatus: 'LODGED' };
    const cases: Array<[Record<string, unknown>, string, string | RegExp]> = [
      [{ stage: 'CLOSED_REINSTATED' }, 'stage', 'Choose a stage from the list'],
      [{ outcome: 'WON' }, 'outcome', 'Choose an outcome from the list, or "Not known yet"'],
      [{ appealStatus: 'WON' }, 'appealStatus', 'Choose an appeal status from the list'],
      [{ reason: 'x'.repeat(2001) }, 'reason', 'Keep the reason under 2,000 characters'],
      [{ reason: 42 }, 'reason', 'Write the reason as text'],
      [{ version: '1' }, 'version', /expected number/i],
      [{ version: 0 }, 'version', /too small|>=1/i],
      [{ caseId: 'x'.repeat(41) }, 'caseId', /too big|<=40/i],
      [{ status: 'CLOSED_REINSTATED' }, '_form', 'These fields are not allowed here: status'],
      [{ createdById: 'someone' }, '_form', 'These fields are not allowed here: createdById'],
    ];
    for (const [override, field, message] of cases) {
      const res = await updateCaseStageAction({ ...good, ...override } as never);
      expect(res).toMatchObject({ ok: false, code: 'invalid', error: 'Please check the highlighted fields.' });
      if (!res.ok)
        expect({ override, message: res.fieldErrors?.[field] }).toEqual({
          override,
          message: typeof message === 'string' ? message : expect.stringMatching(message),
        });
    }
    expect(await caseRow(kase.id)).toEqual({
      stage: 'INVESTIGATION',
      outcome: null,
      appealStatus: 'NOT_STARTED',
      version: 1,
    });
    expect(await auditCount(kase.id)).toBe(0);
  });
});

describe('listStageChanges', () => {
  it('gives staff who may open the case its history, newest first, and nobody else anything', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase, member } = await makeCase({ caseworker });
    actAs(caseworker);
    await updateCaseStageAction({
      caseId: kase.id,
      version: 1,
      stage: 'DECIDED',
      outcome: 'SANCTION_CONFIRMED',
      appealStatus: 'CONSIDERING',
      reason: 'NCC decision',
    });
    await updateCaseStageAction({
      caseId: kase.id,
      version: 2,
      stage: 'APPEAL',
      outcome: null,
      appealStatus: 'LODGED',
      reason: 'Appeal lodged',
    });
    const rows = await listStageChanges(caseworker, kase.id);
    expect(rows.map((r) => [r.toStage, r.reason, r.changedBy?.name])).toEqual([
      ['APPEAL', 'Appeal lodged', caseworker.name],
      ['DECIDED', 'NCC decision', caseworker.name],
    ]);
    expect(await listStageChanges(await makeUser('COORDINATOR'), kase.id)).toHaveLength(2);
    await expect(listStageChanges(member!, kase.id)).rejects.toThrow('Not found');
    await expect(listStageChanges(await makeUser('CASEWORKER'), kase.id)).rejects.toThrow('Not found');
  });
});
