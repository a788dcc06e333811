import { db } from '@/lib/db/client';
import { addEventAction, deleteEventAction, updateEventAction } from '@/lib/timeline/actions';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { deadlineStatus } from '@/lib/deadlines/sync-deadlines';
import { actAs, ctx, makeCase, makeUser } from '../../helpers/factories';

const day = (year: number, month: number, d: number) => ({ precision: 'DAY' as const, year, month, day: d });

// Deadlines are computed from the timeline, live: added, moved and removed with their event.
test('a SAR sent starts its reply deadline; moving the event moves it; a response meets it; deleting removes it', async () => {
  const caseworker = await makeUser('CASEWORKER');
  const { kase, member } = await makeCase({ caseworker });
  actAs(caseworker);
  const sent = await addEventAction({
    caseId: kase.id,
    type: 'SAR_SENT',
    date: day(2025, 3, 31),
    title: 'SAR to the party',
  });
  expect(sent.ok).toBe(true);
  const eventId = sent.ok ? sent.data.id : '';
  let d = await db.deadline.findFirstOrThrow({ where: { eventId } });
  expect(d.kind).toBe('SAR_REPLY');
  expect(d.dueOn.toISOString().slice(0, 10)).toBe('2025-04-30'); // 31 Mar → 30 Apr (no 31 Apr)
  expect(d.rule).toMatch(/30 Apr 2025/);

  expect(
    await updateEventAction({
      eventId,
      version: 1,
      type: 'SAR_SENT',
      date: day(2025, 9, 3),
      title: 'SAR to the party',
      caseworkersOnly: false,
      privileged: false,
      withoutPrejudice: false,
    }),
  ).toMatchObject({ ok: true });
  d = await db.deadline.findFirstOrThrow({ where: { eventId } });
  expect(d.dueOn.toISOString().slice(0, 10)).toBe('2025-10-03');

  await addEventAction({ caseId: kase.id, type: 'SAR_RESPONSE_RECEIVED', date: day(2025, 9, 30), title: 'Reply' });
  const view = await getCaseForViewer(member!, kase.reference, ctx);
  expect(view.deadlines).toHaveLength(1);
  expect(deadlineStatus(view.deadlines[0]!)).toBe('met');

  expect(await deleteEventAction({ eventId, version: 2 })).toMatchObject({ ok: true });
  expect(await db.deadline.count({ where: { caseId: kase.id } })).toBe(0);
});

test('an unanswered SAR whose day has passed is missed; month-only dates start no deadline; caseworker-only triggers stay hidden', async () => {
  const caseworker = await makeUser('CASEWORKER');
  const { kase, member } = await makeCase({ caseworker });
  actAs(caseworker);
  await addEventAction({ caseId: kase.id, type: 'SAR_SENT', date: day(2024, 1, 10), title: 'Old SAR' });
  await addEventAction({
    caseId: kase.id,
    type: 'SAR_SENT',
    date: { precision: 'MONTH', year: 2024, month: 2 },
    title: 'Roughly dated SAR',
  });
  await addEventAction({
    caseId: kase.id,
    type: 'DECISION',
    date: day(2024, 5, 1),
    title: 'Private note of decision',
    caseworkersOnly: true,
  });
  const staffView = await getCaseForViewer(caseworker, kase.reference, ctx);
  expect(staffView.deadlines.map((d) => d.kind).sort()).toEqual(['APPEAL_WINDOW', 'SAR_REPLY']);
  const sar = staffView.deadlines.find((d) => d.kind === 'SAR_REPLY')!;
  expect(deadlineStatus(sar)).toBe('missed');
  const memberView = await getCaseForViewer(member!, kase.reference, ctx);
  expect(memberView.deadlines.map((d) => d.kind)).toEqual(['SAR_REPLY']);
});
