import { db } from '@/lib/db/client';
import { addEventAction, updateEventAction } from '@/lib/timeline/actions';
import {
  setSarExtensionAction,
  unwaiveDeadlineAction,
  updateDeadlineSettingsAction,
  waiveDeadlineAction,
} from '@/lib/deadlines/actions';
import { findActionableDeadlines } from '@/lib/deadlines/find-deadlines';
import { listDueDeadlines } from '@/lib/deadlines/deadline-list';
import { deadlineStatus } from '@/lib/deadlines/sync-deadlines';
import { actAs, ctx, ensureOrganisation, makeCase, makeUser } from '../../helpers/factories';

const day = (year: number, month: number, d: number) => ({ precision: 'DAY' as const, year, month, day: d });
const iso = (d: Date) => d.toISOString().slice(0, 10);

async function addEvent(input: Parameters<typeof addEventAction>[0]) {
  const res = await addEventAction(input);
  if (!res.ok) throw new Error(`${res.error} ${JSON.stringify(res.fieldErrors)}`);
  return res.data;
}
const deadlineOf = (eventId: string) => db.deadline.findFirstOrThrow({ where: { eventId } });

beforeAll(async () => {
  await ensureOrganisation();
});

describe('stated windows and dates of receipt', () => {
  test('a notice of investigation uses the window stated in the letter, else the organisation default, and says which', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    actAs(caseworker);
    // Mon 2 Mar 2026 + 7 days = Mon 9 Mar 2026.
    const stated = await addEvent({
      caseId: kase.id,
      type: 'NOTICE_OF_INVESTIGATION',
      date: day(2026, 3, 2),
      title: 'Notice',
      windowDays: 7,
    });
    let d = await deadlineOf(stated.id);
    expect(iso(d.dueOn)).toBe('2026-03-09');
    expect(d.rule).toMatch(/7 days is the window stated in the letter/);
    const usual = await addEvent({
      caseId: kase.id,
      type: 'NOTICE_OF_INVESTIGATION',
      date: day(2026, 3, 2),
      title: 'Second notice',
    });
    d = await deadlineOf(usual.id);
    expect(iso(d.dueOn)).toBe('2026-03-16');
    expect(d.rule).toMatch(/organisation’s usual window|organisation's usual window/);
  });

  test('deadlines count from the date of receipt when it differs from the letter date', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    actAs(caseworker);
    // Letter dated 3 Sep 2025, received 8 Sep 2025 → SAR reply due 8 Oct 2025 (a Wednesday).
    const sar = await addEvent({
      caseId: kase.id,
      type: 'SAR_SENT',
      date: day(2025, 9, 3),
      title: 'SAR',
      receivedOn: '2025-09-08',
    });
    const d = await deadlineOf(sar.id);
    expect(iso(d.dueOn)).toBe('2025-10-08');
    expect(d.rule).toMatch(/Counted from the day it was received, 8 Sept? 2025/);
  });

  test('values that do not apply are refused with a message, not ignored; nothing is written', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    actAs(caseworker);
    const before = await db.timelineEvent.count({ where: { caseId: kase.id } });
    const wrongType = await addEventAction({
      caseId: kase.id,
      type: 'NOTE',
      date: day(2025, 9, 3),
      title: 'Note',
      windowDays: 14,
    });
    expect(wrongType).toMatchObject({
      ok: false,
      fieldErrors: { windowDays: 'A reply window applies only to a notice of investigation or a letter sent' },
    });
    const early = await addEventAction({
      caseId: kase.id,
      type: 'DECISION',
      date: day(2025, 9, 3),
      title: 'Decision',
      receivedOn: '2025-09-01',
    });
    expect(early).toMatchObject({
      ok: false,
      fieldErrors: { receivedOn: 'It cannot have been received before the date above' },
    });
    const notDay = await addEventAction({
      caseId: kase.id,
      type: 'DECISION',
      date: { precision: 'MONTH', year: 2025, month: 9 },
      title: 'Decision',
      receivedOn: '2025-09-10',
    });
    expect(notDay).toMatchObject({ ok: false, fieldErrors: { receivedOn: expect.stringMatching(/exact date/) } });
    const badWindow = await addEventAction({
      caseId: kase.id,
      type: 'NOTICE_OF_INVESTIGATION',
      date: day(2025, 9, 3),
      title: 'N',
      windowDays: 0,
    });
    expect(badWindow).toMatchObject({ ok: false, fieldErrors: { windowDays: 'The window must be at least 1 day' } });
    expect(await db.timelineEvent.count({ where: { caseId: kase.id } })).toBe(before);
  });
});

describe('per-case settings', () => {
  test('a case-level appeal window and jurisdiction recompute its deadlines; blank falls back to the organisation', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    actAs(caseworker);
    // Decision Thu 4 Dec 2025: 21 days → Thu 25 Dec (Christmas) → Fri 26 Dec (Boxing Day) → Mon 29 Dec in E&W.
    const decision = await addEvent({ caseId: kase.id, type: 'DECISION', date: day(2025, 12, 4), title: 'Expelled' });
    expect(iso((await deadlineOf(decision.id)).dueOn)).toBe('2025-12-29');
    expect(
      await updateDeadlineSettingsAction({ caseId: kase.id, appealWindowDays: 28, jurisdiction: 'SCOTLAND' }),
    ).toMatchObject({ ok: true });
    // 28 days → Thu 1 Jan 2026 (New Year) → Fri 2 Jan (2 January, a Scottish bank holiday) → Mon 5 Jan.
    let d = await deadlineOf(decision.id);
    expect(iso(d.dueOn)).toBe('2026-01-05');
    expect(d.rule).toMatch(/Scotland/);
    expect(
      await updateDeadlineSettingsAction({ caseId: kase.id, appealWindowDays: '' as never, jurisdiction: '' }),
    ).toMatchObject({ ok: true });
    d = await deadlineOf(decision.id);
    expect(iso(d.dueOn)).toBe('2025-12-29');
    const audit = await db.auditLog.findMany({ where: { caseId: kase.id, action: 'case.deadline-settings' } });
    expect(audit).toHaveLength(2);
  });

  test('bad settings are refused with field messages', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    actAs(caseworker);
    expect(await updateDeadlineSettingsAction({ caseId: kase.id, appealWindowDays: 'soon' as never })).toMatchObject({
      ok: false,
      fieldErrors: { appealWindowDays: expect.any(String) },
    });
    expect(await updateDeadlineSettingsAction({ caseId: kase.id, jurisdiction: 'WALES' as never })).toMatchObject({
      ok: false,
      fieldErrors: { jurisdiction: expect.any(String) },
    });
    expect(await db.case.findUniqueOrThrow({ where: { id: kase.id } })).toMatchObject({
      jurisdiction: null,
      appealWindowDays: null,
    });
  });
});

describe('waivers, extensions and meeting', () => {
  test('waive with a reason, undo it; the reason is required', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    actAs(caseworker);
    const ev = await addEvent({ caseId: kase.id, type: 'DECISION', date: day(2025, 1, 6), title: 'Decision' });
    const d = await deadlineOf(ev.id);
    expect(deadlineStatus(d)).toBe('missed');
    expect(await waiveDeadlineAction({ deadlineId: d.id, reason: '  ' })).toMatchObject({
      ok: false,
      fieldErrors: { reason: 'Say why this deadline no longer applies' },
    });
    expect(
      await waiveDeadlineAction({ deadlineId: d.id, reason: 'No appeal: the member chose a court claim instead' }),
    ).toMatchObject({ ok: true });
    const waived = await deadlineOf(ev.id);
    expect(deadlineStatus(waived)).toBe('waived');
    expect(waived.waivedReason).toBe('No appeal: the member chose a court claim instead');
    // A timeline edit recomputes dates but keeps the waiver.
    expect(
      await updateEventAction({
        eventId: ev.id,
        version: 1,
        type: 'DECISION',
        date: day(2025, 1, 7),
        title: 'Decision',
        caseworkersOnly: false,
        privileged: false,
        withoutPrejudice: false,
      }),
    ).toMatchObject({ ok: true });
    expect((await deadlineOf(ev.id)).waivedAt).not.toBeNull();
    expect(await unwaiveDeadlineAction({ deadlineId: d.id })).toMatchObject({ ok: true });
    expect(deadlineStatus(await deadlineOf(ev.id))).toBe('missed');
    expect(
      await db.auditLog.count({ where: { entityId: d.id, action: { in: ['deadline.waive', 'deadline.unwaive'] } } }),
    ).toBe(2);
  });

  test('a SAR extension moves the reply to three months from receipt; only SAR replies can be extended', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    actAs(caseworker);
    const sar = await addEvent({ caseId: kase.id, type: 'SAR_SENT', date: day(2025, 1, 31), title: 'SAR' });
    const d = await deadlineOf(sar.id);
    expect(iso(d.dueOn)).toBe('2025-02-28');
    expect(await setSarExtensionAction({ deadlineId: d.id, extended: true })).toMatchObject({ ok: true });
    expect(iso((await deadlineOf(sar.id)).dueOn)).toBe('2025-04-30');
    expect((await deadlineOf(sar.id)).rule).toMatch(/extension/);
    expect(await setSarExtensionAction({ deadlineId: d.id, extended: false })).toMatchObject({ ok: true });
    expect(iso((await deadlineOf(sar.id)).dueOn)).toBe('2025-02-28');
    const decision = await addEvent({ caseId: kase.id, type: 'DECISION', date: day(2025, 1, 6), title: 'Decision' });
    const appeal = await deadlineOf(decision.id);
    expect(await setSarExtensionAction({ deadlineId: appeal.id, extended: true })).toMatchObject({
      ok: false,
      code: 'invalid',
    });
  });

  test('a later matching event meets the deadline; an earlier one does not; deleting the answer reopens it', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker });
    actAs(caseworker);
    await addEvent({
      caseId: kase.id,
      type: 'SAR_RESPONSE_RECEIVED',
      date: day(2025, 1, 2),
      title: 'Reply to an older SAR',
    });
    const sar = await addEvent({ caseId: kase.id, type: 'SAR_SENT', date: day(2025, 3, 3), title: 'SAR' });
    expect((await deadlineOf(sar.id)).metOn).toBeNull();
    const reply = await addEvent({
      caseId: kase.id,
      type: 'SAR_RESPONSE_RECEIVED',
      date: day(2025, 3, 20),
      title: 'Reply',
    });
    const met = await deadlineOf(sar.id);
    expect(iso(met.metOn!)).toBe('2025-03-20');
    expect(met.metByEventId).toBe(reply.id);
    const { deleteEventAction } = await import('@/lib/timeline/actions');
    expect(await deleteEventAction({ eventId: reply.id, version: 1 })).toMatchObject({ ok: true });
    expect((await deadlineOf(sar.id)).metOn).toBeNull();
  });
});

describe('due and overdue lists', () => {
  test('each caseworker sees their assigned cases, the coordinator the network, the member their own (no caseworker-only ones)', async () => {
    const cw1 = await makeUser('CASEWORKER');
    const cw2 = await makeUser('CASEWORKER');
    const coordinator = await makeUser('COORDINATOR');
    const a = await makeCase({ caseworker: cw1 });
    const b = await makeCase({ caseworker: cw2 });
    actAs(cw1);
    await addEvent({ caseId: a.kase.id, type: 'SAR_SENT', date: day(2025, 6, 2), title: 'SAR A' });
    await addEvent({
      caseId: a.kase.id,
      type: 'DECISION',
      date: day(2025, 6, 2),
      title: 'Private decision',
      caseworkersOnly: true,
    });
    actAs(cw2);
    await addEvent({ caseId: b.kase.id, type: 'SAR_SENT', date: day(2025, 6, 2), title: 'SAR B' });

    const refs = (items: { reference: string }[]) => [...new Set(items.map((i) => i.reference))].sort();
    expect(refs(await findActionableDeadlines(cw1))).toEqual([a.kase.reference]);
    expect(refs(await findActionableDeadlines(cw2))).toEqual([b.kase.reference]);
    const network = await findActionableDeadlines(coordinator);
    expect(refs(network)).toEqual(expect.arrayContaining([a.kase.reference, b.kase.reference].sort()));
    const onlyCw2 = await findActionableDeadlines(coordinator, { caseworkerId: cw2.id });
    expect(refs(onlyCw2)).toEqual([b.kase.reference]);
    const mine = await findActionableDeadlines(a.member!);
    expect(mine.map((i) => i.kind)).toEqual(['SAR_REPLY']);
    expect(mine[0]!.memberName).toBeNull();
    expect((await findActionableDeadlines(cw1)).map((i) => i.kind).sort()).toEqual(['APPEAL_WINDOW', 'SAR_REPLY']);

    const list = await listDueDeadlines(cw1, { within: '7' }, ctx);
    expect(list.groups.find((g) => g.id === 'overdue')!.items).toHaveLength(2);
    expect(await db.auditLog.count({ where: { actorId: cw1.id, action: 'deadlines.view' } })).toBe(1);
  });
});

describe('access', () => {
  test('someone else’s deadline, a member, and an unassigned caseworker all get not-found and change nothing', async () => {
    const owner = await makeUser('CASEWORKER');
    const stranger = await makeUser('CASEWORKER');
    const { kase, member } = await makeCase({ caseworker: owner });
    actAs(owner);
    const ev = await addEvent({ caseId: kase.id, type: 'SAR_SENT', date: day(2025, 6, 2), title: 'SAR' });
    const d = await deadlineOf(ev.id);
    for (const who of [stranger, member!]) {
      actAs(who);
      expect(await waiveDeadlineAction({ deadlineId: d.id, reason: 'x' })).toMatchObject({
        ok: false,
        code: 'not_found',
      });
      expect(await setSarExtensionAction({ deadlineId: d.id, extended: true })).toMatchObject({
        ok: false,
        code: 'not_found',
      });
      expect(await updateDeadlineSettingsAction({ caseId: kase.id, appealWindowDays: 5 })).toMatchObject({
        ok: false,
        code: 'not_found',
      });
    }
    actAs(null);
    expect(await waiveDeadlineAction({ deadlineId: d.id, reason: 'x' })).toMatchObject({
      ok: false,
      code: 'unauthenticated',
    });
    expect(await deadlineOf(ev.id)).toMatchObject({ waivedAt: null, extendedAt: null });
  });
});
