import { db } from '@/lib/db/client';
import { addSanctionAction, updateSanctionAction } from '@/lib/sanctions/actions';
import { listSanctions } from '@/lib/sanctions/sanction-services';
import { actAs, makeCase, makeUser } from '../../helpers/factories';

const month = (year: number, m: number) => ({ precision: 'MONTH' as const, year, month: m });

describe('several sanctions per case', () => {
  it('keeps a second sanction ("suspended again") beside the first, each with its own dates, body, reason and outcome', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase, member } = await makeCase({ caseworker });
    const [first] = await db.sanction.findMany({ where: { caseId: kase.id } });
    actAs(caseworker);
    const ended = await updateSanctionAction({
      sanctionId: first!.id,
      version: 1,
      type: 'SUSPENSION',
      imposedOn: month(2021, 3),
      imposedBy: 'GENERAL_SECRETARY',
      reasonCategory: 'MOTION',
      outcome: 'QUASHED_BY_COURT',
      endedOn: { precision: 'DAY', year: 2021, month: 11, day: 2 },
    });
    expect(ended).toMatchObject({ ok: true });
    const again = await addSanctionAction({
      caseId: kase.id,
      type: 'SUSPENSION',
      imposedOn: { precision: 'DAY', year: 2021, month: 11, day: 20 },
      imposedBy: 'GOVERNANCE_LEGAL_UNIT',
      reasonCategory: 'SOCIAL_MEDIA',
      reasonText: 'New evidence has come to light',
      addToTimeline: true,
    });
    expect(again).toMatchObject({ ok: true });

    // The member sees both, oldest first.
    const seen = await listSanctions(member!, kase.id);
    expect(seen.map((s) => [s.outcome, s.imposedBy])).toEqual([
      ['QUASHED_BY_COURT', 'GENERAL_SECRETARY'],
      ['PENDING', 'GOVERNANCE_LEGAL_UNIT'],
    ]);
    expect(seen[0]!.endedOn?.toISOString().slice(0, 10)).toBe('2021-11-02');
    expect(seen[0]!.endedPrecision).toBe('DAY');
    // The timeline says "suspended again", not a second notice.
    const events = await db.timelineEvent.findMany({ where: { caseId: kase.id }, select: { type: true } });
    expect(events.map((e) => e.type)).toEqual(['RE_SUSPENDED']);
    const audit = await db.auditLog.findMany({
      where: { caseId: kase.id, action: { in: ['sanction.create', 'sanction.update'] } },
      orderBy: { createdAt: 'asc' },
    });
    expect(audit.map((a) => a.action)).toEqual(['sanction.update', 'sanction.create']);
    expect(audit[0]!.fields).toEqual(expect.arrayContaining(['outcome', 'endedOn']));
    expect(audit[0]!.fields).not.toContain('type');
    expect(audit.every((a) => a.memberVisible)).toBe(true);
  });

  it('gives the second of two edits from the same version a conflict and keeps the first', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { kase } = await makeCase();
    const [s] = await db.sanction.findMany({ where: { caseId: kase.id } });
    actAs(coordinator);
    const base = { sanctionId: s!.id, version: 1, type: 'SUSPENSION' as const, imposedOn: month(2021, 3) };
    expect(await updateSanctionAction({ ...base, outcome: 'LIFTED' })).toMatchObject({ ok: true });
    expect(await updateSanctionAction({ ...base, outcome: 'UPHELD' })).toMatchObject({ ok: false, code: 'conflict' });
    expect(await db.sanction.findUniqueOrThrow({ where: { id: s!.id } })).toMatchObject({
      outcome: 'LIFTED',
      version: 2,
    });
  });

  it('lets the member add one on their own case but not correct one, and nobody reach a case they cannot open', async () => {
    const { kase, member } = await makeCase();
    const stranger = await makeUser('MEMBER');
    const [s] = await db.sanction.findMany({ where: { caseId: kase.id } });
    actAs(member);
    expect(
      await addSanctionAction({ caseId: kase.id, type: 'EXPULSION', imposedOn: { precision: 'YEAR', year: 2022 } }),
    ).toMatchObject({ ok: true });
    expect(
      await updateSanctionAction({ sanctionId: s!.id, version: 1, type: 'EXPULSION', imposedOn: month(2021, 3) }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    actAs(stranger);
    expect(
      await addSanctionAction({ caseId: kase.id, type: 'EXPULSION', imposedOn: { precision: 'YEAR', year: 2022 } }),
    ).toMatchObject({ ok: false, code: 'not_found' });
    expect(await db.sanction.count({ where: { caseId: kase.id } })).toBe(2);
  });

  it('records an expulsion added with its timeline entry as a decision against the member, which opens the appeal window', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { kase } = await makeCase();
    actAs(coordinator);
    const res = await addSanctionAction({
      caseId: kase.id,
      type: 'EXPULSION',
      imposedOn: { precision: 'DAY', year: 2022, month: 5, day: 3 },
      imposedBy: 'NCC',
      addToTimeline: true,
    });
    expect(res).toMatchObject({ ok: true });
    const [event] = await db.timelineEvent.findMany({ where: { caseId: kase.id } });
    expect(event).toMatchObject({ type: 'DECISION', decisionOutcome: 'ADVERSE', title: 'Expulsion' });
    const deadlines = await db.deadline.findMany({ where: { caseId: kase.id } });
    expect(deadlines.map((d) => d.kind)).toEqual(['APPEAL_WINDOW']);
  });

  it('refuses an end before the start, next to the field, and writes nothing', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { kase } = await makeCase();
    actAs(coordinator);
    const res = await addSanctionAction({
      caseId: kase.id,
      type: 'SUSPENSION',
      imposedOn: month(2022, 5),
      endedOn: month(2022, 4),
      outcome: 'LIFTED',
    });
    expect(res).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { 'endedOn.year': expect.any(String) } });
    expect(await db.sanction.count({ where: { caseId: kase.id } })).toBe(1);
  });
});
