import { db } from '@/lib/db/client';
import {
  addGroupEventAction,
  createGroupActionAction,
  deleteGroupEventAction,
  linkGroupCaseAction,
  unlinkGroupCaseAction,
  updateGroupActionAction,
  updateGroupEventAction,
} from '@/lib/group-actions/actions';
import {
  getGroupAction,
  groupSourcesForCase,
  listCaseGroupActions,
  listGroupActions,
} from '@/lib/group-actions/group-action-services';
import { deleteEventAction, updateEventAction } from '@/lib/timeline/actions';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { actAs, ctx, makeBranch, makeCase, makeUser, type TestUser } from '../../helpers/factories';
import { startBundleAction } from '@/lib/bundle/actions';
import { listBundles } from '@/lib/bundle/bundle-services';
import { bundleQueueIdle } from '@/lib/bundle/queue';
import { getCaseActivity } from '@/lib/cases/get-case-activity';

const day = (y: number, m: number, d: number) => ({ precision: 'DAY' as const, year: y, month: m, day: d });

async function groupAction(coordinator: TestUser, branchIds: string[], title = 'Two branches suspended') {
  actAs(coordinator);
  const res = await createGroupActionAction({
    title,
    sanctionType: 'BRANCH_SUSPENDED',
    measures: ['BRANCH_SUSPENDED', 'MEETINGS_CANCELLED'],
    imposedOn: day(2021, 7, 6),
    imposedBy: 'NEC_DISPUTES_PANEL',
    reasonCategory: 'MOTION',
    summary: 'Both branches suspended after the motion of no confidence.',
    branchIds,
  });
  if (!res.ok) throw new Error(res.error);
  return res.data;
}

const copiesOn = (caseId: string) =>
  db.timelineEvent.findMany({
    where: { caseId, groupEventId: { not: null }, deletedAt: null },
    select: { id: true, title: true, occurredOn: true, visibility: true },
  });

describe('group actions', () => {
  it('records one action with the branches it hit, and edits it with a version check', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const [a, b, c] = await Promise.all([makeBranch(), makeBranch(), makeBranch()]);
    const ga = await groupAction(coordinator, [a.branch.id, b.branch.id]);
    expect(ga.reference).toMatch(/^GA-\d{4}-\d{4}$/);
    const base = {
      groupActionId: ga.id,
      title: 'Two branches suspended',
      sanctionType: 'BRANCH_SUSPENDED' as const,
      measures: ['OFFICERS_REPLACED' as const],
      imposedOn: day(2021, 7, 6),
    };
    expect(await updateGroupActionAction({ ...base, version: 1, branchIds: [a.branch.id, c.branch.id] })).toMatchObject(
      { ok: true },
    );
    expect(await updateGroupActionAction({ ...base, version: 1, branchIds: [b.branch.id] })).toMatchObject({
      ok: false,
      code: 'conflict',
    });
    const saved = await db.groupAction.findUniqueOrThrow({ where: { id: ga.id }, include: { branches: true } });
    expect(saved.branches.map((x) => x.branchId).sort()).toEqual([a.branch.id, c.branch.id].sort());
    expect(saved.measures).toEqual(['OFFICERS_REPLACED']);
    // A branch that does not exist, or none, is refused next to the field.
    expect(await createGroupActionAction({ ...base, groupActionId: undefined, branchIds: [] } as never)).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    expect(await updateGroupActionAction({ ...base, version: 2, branchIds: ['nope'] })).toMatchObject({
      ok: false,
      code: 'invalid',
      fieldErrors: { branchIds: expect.any(String) },
    });
    const audit = await db.auditLog.findMany({ where: { entityId: ga.id }, orderBy: { createdAt: 'asc' } });
    expect(audit.map((r) => r.action)).toEqual(['group-action.create', 'group-action.update']);
    expect(audit[1]!.fields).toEqual(expect.arrayContaining(['measures', 'branches']));
  });

  it('puts a group event on every linked case once, with its source; edits and deletion follow; deadlines sync on each', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { branch } = await makeBranch();
    const ga = await groupAction(coordinator, [branch.id]);
    const cases = await Promise.all([makeCase(), makeCase(), makeCase()]);
    for (const c of cases)
      expect(await linkGroupCaseAction({ groupActionId: ga.id, caseReference: c.kase.reference })).toMatchObject({
        ok: true,
      });
    const added = await addGroupEventAction({
      groupActionId: ga.id,
      type: 'NOTICE_OF_INVESTIGATION',
      date: day(2021, 8, 2),
      title: 'Letter to all members of both branches',
    });
    expect(added).toMatchObject({ ok: true, data: { cases: 3 } });
    const eventId = (added as { data: { id: string } }).data.id;
    for (const c of cases) {
      const copies = await copiesOn(c.kase.id);
      expect(copies.map((x) => x.title)).toEqual(['Letter to all members of both branches']);
      const sources = await groupSourcesForCase(c.member!, c.kase.id);
      expect([...sources.values()]).toEqual([{ reference: ga.reference, title: 'Two branches suspended' }]);
      const deadlines = await db.deadline.findMany({ where: { caseId: c.kase.id, event: { groupEventId: eventId } } });
      expect(deadlines.map((d) => [d.kind, d.dueOn.toISOString().slice(0, 10)])).toEqual([
        ['INVESTIGATION_REPLY', '2021-08-16'],
      ]);
    }
    // Linking the same case twice is refused: still one copy.
    expect(await linkGroupCaseAction({ groupActionId: ga.id, caseReference: cases[0]!.kase.reference })).toMatchObject({
      ok: false,
      code: 'invalid',
    });
    expect(await copiesOn(cases[0]!.kase.id)).toHaveLength(1);

    // The copy is changed on the group action only.
    const copy = (await copiesOn(cases[0]!.kase.id))[0]!;
    expect(
      await updateEventAction({
        eventId: copy.id,
        version: 1,
        type: 'NOTE',
        date: day(2021, 8, 2),
        title: 'Edited here',
        caseworkersOnly: false,
        privileged: false,
        withoutPrejudice: false,
      }),
    ).toMatchObject({ ok: false, code: 'invalid' });
    expect(await deleteEventAction({ eventId: copy.id, version: 1 })).toMatchObject({ ok: false, code: 'invalid' });

    // An edit moves every copy and its deadline.
    expect(
      await updateGroupEventAction({
        groupEventId: eventId,
        version: 1,
        type: 'NOTICE_OF_INVESTIGATION',
        date: day(2021, 8, 9),
        title: 'Letter (corrected date)',
        caseworkersOnly: false,
      }),
    ).toMatchObject({ ok: true });
    expect(
      await updateGroupEventAction({
        groupEventId: eventId,
        version: 1,
        type: 'NOTE',
        date: day(2021, 8, 9),
        title: 'Stale',
        caseworkersOnly: false,
      }),
    ).toMatchObject({ ok: false, code: 'conflict' });
    for (const c of cases) {
      expect((await copiesOn(c.kase.id)).map((x) => [x.title, x.occurredOn.toISOString().slice(0, 10)])).toEqual([
        ['Letter (corrected date)', '2021-08-09'],
      ]);
      const d = await db.deadline.findFirstOrThrow({ where: { caseId: c.kase.id, event: { groupEventId: eventId } } });
      expect(d.dueOn.toISOString().slice(0, 10)).toBe('2021-08-23');
    }
    // Deleting it removes every copy, and with it the deadlines it started.
    expect(await deleteGroupEventAction({ groupEventId: eventId, version: 2 })).toMatchObject({ ok: true });
    for (const c of cases) {
      expect(await copiesOn(c.kase.id)).toEqual([]);
      expect((await getCaseForViewer(c.member!, c.kase.reference, ctx)).deadlines).toEqual([]);
      expect(
        await db.auditLog.count({
          where: { caseId: c.kase.id, action: { in: ['event.create', 'event.update', 'event.delete'] } },
        }),
      ).toBe(3);
    }
  });

  it('gives a case linked later the earlier events; unlinking removes its copies; linking again brings them back once', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { branch } = await makeBranch();
    const ga = await groupAction(coordinator, [branch.id]);
    await addGroupEventAction({
      groupActionId: ga.id,
      type: 'LETTER_RECEIVED',
      date: day(2021, 7, 10),
      title: 'Letter one',
    });
    await addGroupEventAction({ groupActionId: ga.id, type: 'HEARING_HELD', date: day(2021, 9, 1), title: 'Hearing' });
    const late = await makeCase();
    expect(await linkGroupCaseAction({ groupActionId: ga.id, caseReference: late.kase.reference })).toMatchObject({
      ok: true,
    });
    expect((await copiesOn(late.kase.id)).map((x) => x.title).sort()).toEqual(['Hearing', 'Letter one']);
    expect(await unlinkGroupCaseAction({ groupActionId: ga.id, caseId: late.kase.id })).toMatchObject({ ok: true });
    expect(await copiesOn(late.kase.id)).toEqual([]);
    expect((await getCaseForViewer(late.member!, late.kase.reference, ctx)).events).toEqual([]);
    expect(await listCaseGroupActions(late.member!, late.kase.id)).toEqual([]);
    expect(await linkGroupCaseAction({ groupActionId: ga.id, caseReference: late.kase.reference })).toMatchObject({
      ok: true,
    });
    expect(await copiesOn(late.kase.id)).toHaveLength(2);
    expect(await db.timelineEvent.count({ where: { caseId: late.kase.id } })).toBe(2);
  });

  it('shows a member the shared facts only, and never another member’s case through it', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const { branch } = await makeBranch();
    const ga = await groupAction(coordinator, [branch.id]);
    const [mine, theirs] = await Promise.all([makeCase(), makeCase()]);
    for (const c of [mine, theirs])
      await linkGroupCaseAction({ groupActionId: ga.id, caseReference: c.kase.reference });
    await addGroupEventAction({
      groupActionId: ga.id,
      type: 'LETTER_RECEIVED',
      date: day(2021, 7, 10),
      title: 'Shared letter',
    });
    await addGroupEventAction({
      groupActionId: ga.id,
      type: 'NOTE',
      date: day(2021, 7, 11),
      title: 'Strategy for the branch',
      details: 'hidden',
      caseworkersOnly: true,
    });
    const member = mine.member!;
    const facts = await listCaseGroupActions(member, mine.kase.id);
    expect(facts).toHaveLength(1);
    expect(facts[0]).toMatchObject({
      reference: ga.reference,
      title: 'Two branches suspended',
      measures: ['BRANCH_SUSPENDED', 'MEETINGS_CANCELLED'],
      branches: [branch.name],
    });
    const out = JSON.stringify(facts);
    expect(out).not.toContain(theirs.kase.reference);
    expect(out).not.toContain(theirs.person.fullName);
    expect(out).not.toMatch(/count/i);
    // Their timeline holds the shared letter, never the caseworker-only note.
    const view = await getCaseForViewer(member, mine.kase.reference, ctx);
    expect(view.events.map((e) => e.title)).toEqual(['Shared letter']);
    // The group action itself, and the other member's case, are not found.
    await expect(getGroupAction(member, ga.reference, ctx)).rejects.toThrow('Not found');
    await expect(listGroupActions(member)).rejects.toThrow('Not found');
    await expect(getCaseForViewer(member, theirs.kase.reference, ctx)).rejects.toThrow('Not found');
    expect(await listCaseGroupActions(member, theirs.kase.id)).toEqual([]);
    actAs(member);
    expect(await unlinkGroupCaseAction({ groupActionId: ga.id, caseId: mine.kase.id })).toMatchObject({
      ok: false,
      code: 'not_found',
    });
  });

  it('shows a caseworker the group actions touching their cases, and only their cases in them', async () => {
    const coordinator = await makeUser('COORDINATOR');
    const caseworker = await makeUser('CASEWORKER');
    const { branch } = await makeBranch();
    const ga = await groupAction(coordinator, [branch.id], 'Caseworker view');
    const other = await groupAction(coordinator, [branch.id], 'Not touching their cases');
    const [mine, notMine] = await Promise.all([makeCase({ caseworker }), makeCase()]);
    for (const c of [mine, notMine])
      await linkGroupCaseAction({ groupActionId: ga.id, caseReference: c.kase.reference });
    await linkGroupCaseAction({ groupActionId: other.id, caseReference: notMine.kase.reference });
    const list = await listGroupActions(caseworker);
    expect(list.map((g) => g.reference)).toEqual([ga.reference]);
    expect(list[0]!._count.cases).toBe(1);
    const view = await getGroupAction(caseworker, ga.reference, ctx);
    expect(view.cases.map((c) => c.case.reference)).toEqual([mine.kase.reference]);
    await expect(getGroupAction(caseworker, other.reference, ctx)).rejects.toThrow('Not found');
    // Caseworkers read; coordinators manage.
    actAs(caseworker);
    expect(
      await addGroupEventAction({ groupActionId: ga.id, type: 'NOTE', date: day(2021, 7, 11), title: 'x' }),
    ).toMatchObject({ ok: false, code: 'not_found' });
  });

  it('a member bundle made while a group event was shared is withdrawn when the event becomes caseworkers only, even after the case was unlinked', async () => {
    // The audience invariant's counterexample on PostgreSQL in CI (seed -148611774): unlink, then hide the event.
    const coordinator = await makeUser('COORDINATOR');
    const { branch } = await makeBranch();
    const ga = await groupAction(coordinator, [branch.id]);
    const { kase, member } = await makeCase();
    expect(await linkGroupCaseAction({ groupActionId: ga.id, caseReference: kase.reference })).toMatchObject({
      ok: true,
    });
    const added = await addGroupEventAction({
      groupActionId: ga.id,
      type: 'NOTE',
      date: day(2021, 8, 2),
      title: 'Shared with every member for now',
    });
    const eventId = (added as { data: { id: string } }).data.id;
    actAs(member!);
    const built = await startBundleAction({
      caseId: kase.id,
      purpose: 'APPEAL',
      audience: 'MEMBER',
      choices: {
        sectionOrder: [],
        itemOrder: {},
        waiverAcknowledged: false,
        includeOnPurpose: [],
        includeProvenance: [],
      },
    });
    expect(built).toMatchObject({ ok: true });
    await bundleQueueIdle();
    expect((await listBundles(member!, kase.id)).map((b) => b.status)).toEqual(['READY']);
    actAs(coordinator);
    expect(await unlinkGroupCaseAction({ groupActionId: ga.id, caseId: kase.id })).toMatchObject({ ok: true });
    const current = await db.groupEvent.findUniqueOrThrow({ where: { id: eventId } });
    expect(
      await updateGroupEventAction({
        groupEventId: eventId,
        version: current.version,
        type: 'NOTE',
        date: day(2021, 8, 2),
        title: current.title,
        caseworkersOnly: true,
      }),
    ).toMatchObject({ ok: true });
    // Withdrawn: the member no longer lists it; staff still see it, marked.
    expect(await listBundles(member!, kase.id)).toEqual([]);
    const row = await db.bundle.findFirstOrThrow({ where: { caseId: kase.id } });
    expect(row.supersededAt).not.toBeNull();
    expect(row.supersededReason).toMatch(/caseworkers only/);
  });

  it('an event removed from an unlinked case while caseworkers only stays out of that member’s activity when it is shared later', async () => {
    // The group audience invariant's counterexample in CI (seed 1137330296): hidden event, unlink, then share it.
    const coordinator = await makeUser('COORDINATOR');
    const { branch } = await makeBranch();
    const ga = await groupAction(coordinator, [branch.id]);
    const { kase, member } = await makeCase();
    expect(await linkGroupCaseAction({ groupActionId: ga.id, caseReference: kase.reference })).toMatchObject({
      ok: true,
    });
    const added = await addGroupEventAction({
      groupActionId: ga.id,
      type: 'NOTE',
      date: day(2021, 8, 2),
      title: 'Panel briefing notes',
      caseworkersOnly: true,
    });
    const eventId = (added as { data: { id: string } }).data.id;
    const copy = await db.timelineEvent.findFirstOrThrow({ where: { caseId: kase.id, groupEventId: eventId } });
    expect(await unlinkGroupCaseAction({ groupActionId: ga.id, caseId: kase.id })).toMatchObject({ ok: true });
    const current = await db.groupEvent.findUniqueOrThrow({ where: { id: eventId } });
    expect(
      await updateGroupEventAction({
        groupEventId: eventId,
        version: current.version,
        type: 'NOTE',
        date: day(2021, 8, 2),
        title: current.title,
        caseworkersOnly: false,
      }),
    ).toMatchObject({ ok: true });
    const activity = await getCaseActivity(member!, kase.id);
    expect(JSON.stringify(activity)).not.toContain(copy.id);
    expect(await db.auditLog.count({ where: { entityId: copy.id, memberVisible: true } })).toBe(0);
  });
});
