import { db } from '@/lib/db/client';
import { addEventAction, deleteEventAction, updateEventAction } from '@/lib/timeline/actions';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { actAs, ctx, makeCase, makeEvent, makeUser } from '../../helpers/factories';

const day = { precision: 'DAY' as const, year: 2021, month: 6, day: 14 };

describe('timeline actions', () => {
  it('lets a caseworker add a caseworkers-only note that the member never receives', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase, member } = await makeCase({ caseworker });
    actAs(caseworker);
    const res = await addEventAction({
      caseId: kase.id,
      type: 'NOTE',
      date: day,
      title: 'Strategy thoughts',
      caseworkersOnly: true,
    });
    expect(res.ok).toBe(true);
    const staffView = await getCaseForViewer(caseworker, kase.reference, ctx);
    expect(staffView.events.map((e) => e.title)).toContain('Strategy thoughts');
    const memberView = await getCaseForViewer(member!, kase.reference, ctx);
    expect(memberView.events.map((e) => e.title)).not.toContain('Strategy thoughts');
    const audit = await db.auditLog.findMany({ where: { caseId: kase.id, action: 'event.create' } });
    expect(audit).toHaveLength(1);
    expect(audit[0]!.fields).toEqual(expect.arrayContaining(['title', 'visibility']));
  });

  it('refuses a member who posts caseworkersOnly, and writes nothing', async () => {
    const { kase, member } = await makeCase();
    actAs(member);
    const before = await db.timelineEvent.count({ where: { caseId: kase.id } });
    const res = await addEventAction({
      caseId: kase.id,
      type: 'NOTE',
      date: day,
      title: 'Hidden?',
      caseworkersOnly: true,
    });
    expect(res).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { caseworkersOnly: expect.any(String) } });
    expect(await db.timelineEvent.count({ where: { caseId: kase.id } })).toBe(before);
  });

  it('gives the second of two conflicting saves a conflict and keeps the first', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase, member } = await makeCase({ caseworker });
    const event = await makeEvent(kase.id, member!.id);
    actAs(caseworker);
    const first = await updateEventAction({
      eventId: event.id,
      version: 1,
      type: 'NOTE',
      date: day,
      title: 'First edit',
      caseworkersOnly: false,
      privileged: false,
      withoutPrejudice: false,
    });
    expect(first.ok).toBe(true);
    actAs(member);
    const second = await updateEventAction({
      eventId: event.id,
      version: 1,
      type: 'NOTE',
      date: day,
      title: 'Second edit',
      caseworkersOnly: false,
      privileged: false,
      withoutPrejudice: false,
    });
    expect(second).toMatchObject({ ok: false, code: 'conflict' });
    expect((await db.timelineEvent.findUniqueOrThrow({ where: { id: event.id } })).title).toBe('First edit');
  });

  it('rejects impossible and future dates with a message on the field', async () => {
    const { kase, member } = await makeCase();
    actAs(member);
    const impossible = await addEventAction({
      caseId: kase.id,
      type: 'NOTE',
      date: { precision: 'DAY', year: 2021, month: 2, day: 30 },
      title: 'x',
    });
    expect(impossible).toMatchObject({
      ok: false,
      fieldErrors: { 'date.day': expect.stringContaining('does not exist') },
    });
    const future = await addEventAction({
      caseId: kase.id,
      type: 'NOTE',
      date: { precision: 'YEAR', year: new Date().getFullYear() + 2 },
      title: 'x',
    });
    expect(future).toMatchObject({ ok: false, fieldErrors: { 'date.year': expect.stringContaining('future') } });
  });

  it('refuses extra fields rather than ignoring them', async () => {
    const { kase, member } = await makeCase();
    actAs(member);
    const res = await addEventAction({
      caseId: kase.id,
      type: 'NOTE',
      date: day,
      title: 'x',
      createdById: 'someone',
      visibility: 'CASEWORKERS',
    } as never);
    expect(res).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { _form: expect.stringContaining('createdById') },
    });
  });

  it('lets only staff delete, and answers not found to others', async () => {
    const caseworker = await makeUser('CASEWORKER');
    const { kase, member } = await makeCase({ caseworker });
    const event = await makeEvent(kase.id, member!.id);
    actAs(member);
    expect(await deleteEventAction({ eventId: event.id, version: 1 })).toMatchObject({ ok: false, code: 'not_found' });
    actAs(caseworker);
    expect(await deleteEventAction({ eventId: event.id, version: 1 })).toMatchObject({ ok: true });
    expect((await db.timelineEvent.findUniqueOrThrow({ where: { id: event.id } })).deletedAt).not.toBeNull();
  });
});
