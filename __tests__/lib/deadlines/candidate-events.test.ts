import { db } from '@/lib/db/client';
import { addEventAction } from '@/lib/timeline/actions';
import { triggerOf, TRIGGERS } from '@/lib/deadlines/sync-deadlines';
import { actAs, ensureOrganisation, makeCase, makeUser } from '../../helpers/factories';

// The candidate and resignation event types (issue 10, point 5) start no deadline and meet none.
const NEW_TYPES = ['CANDIDATE_SELECTED', 'ENDORSEMENT_WITHHELD', 'SELECTION_RERUN', 'ENDORSED', 'RESIGNED'] as const;
const day = (year: number, month: number, d: number) => ({ precision: 'DAY' as const, year, month, day: d });

beforeAll(async () => {
  await ensureOrganisation();
});

test('no rule names them, as a trigger or as an answer', () => {
  for (const type of NEW_TYPES) {
    expect(
      triggerOf({
        type,
        occurredOn: new Date('2025-01-01'),
        receivedOn: null,
        windowDays: 14,
        decisionOutcome: 'ADVERSE',
      }),
    ).toBeUndefined();
    for (const t of Object.values(TRIGGERS)) expect(t!.metBy).not.toContain(type);
  }
});

test('added to a case with open deadlines, they start none and leave the open ones open', async () => {
  const caseworker = await makeUser('CASEWORKER');
  const { kase } = await makeCase({ caseworker });
  actAs(caseworker);
  for (const [type, title] of [
    ['SAR_SENT', 'SAR'],
    ['DECISION', 'Expelled'],
    ['LETTER_SENT', 'Please reply within 14 days'],
  ] as const) {
    const res = await addEventAction({
      caseId: kase.id,
      type,
      date: day(2025, 1, 6),
      title,
      ...(type === 'DECISION' ? { decisionOutcome: 'ADVERSE' } : {}),
      ...(type === 'LETTER_SENT' ? { windowDays: '14' } : {}),
    });
    expect(res).toMatchObject({ ok: true });
  }
  const before = await db.deadline.findMany({ where: { caseId: kase.id }, orderBy: { id: 'asc' } });
  expect(before.map((d) => d.kind).sort()).toEqual(['APPEAL_WINDOW', 'LETTER_REPLY', 'SAR_REPLY']);
  for (const type of NEW_TYPES) {
    expect(await addEventAction({ caseId: kase.id, type, date: day(2025, 1, 10), title: type })).toMatchObject({
      ok: true,
    });
  }
  const after = await db.deadline.findMany({ where: { caseId: kase.id }, orderBy: { id: 'asc' } });
  const shape = (d: (typeof after)[number]) => [d.id, d.kind, d.dueOn, d.metOn, d.metByEventId, d.closedReason];
  expect(after.map(shape)).toEqual(before.map(shape));
  expect(after.filter((d) => d.kind !== 'LETTER_REPLY').map((d) => d.metOn)).toEqual([null, null]);
});
