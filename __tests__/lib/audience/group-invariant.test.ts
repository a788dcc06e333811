import fc from 'fast-check';
import { db } from '@/lib/db/client';
import type { EventType } from '@/lib/db/generated/enums';
import { activityFor } from '@/lib/auth/audience';
import { startBundleAction } from '@/lib/bundle/actions';
import { listBundles, openBundle } from '@/lib/bundle/bundle-services';
import { preflight } from '@/lib/bundle/plan';
import { bundleQueueIdle } from '@/lib/bundle/queue';
import { buildCalendarFeed } from '@/lib/calendar/feed';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { getCaseActivity } from '@/lib/cases/get-case-activity';
import { findActionableDeadlines } from '@/lib/deadlines/find-deadlines';
import { listCaseLinks } from '@/lib/case-links/case-link-services';
import {
  addGroupEventAction,
  createGroupActionAction,
  deleteGroupEventAction,
  linkGroupCaseAction,
  unlinkGroupCaseAction,
  updateGroupEventAction,
} from '@/lib/group-actions/actions';
import { groupSourcesForCase, listCaseGroupActions } from '@/lib/group-actions/group-action-services';
import { actAs, ctx, makeBranch, makeCase, makeUser, type TestUser } from '../../helpers/factories';
import { pdfText } from '../../helpers/tools';

// The audience invariant (invariant.test.ts) applied to group actions: a group action over random cases,
// random events added to it (shared or caseworker-only, some starting deadlines), bundles the members make
// while it stands, then random changes — an event edited (and maybe hidden), deleted, a case linked later
// or unlinked. Every output each linked member can obtain (the case page's data, the group facts and
// timeline sources, activity, deadlines, calendar feed, pre-flights, their bundles as PDF text) must hold
// no marker of a caseworker-only group event, and nothing about another member: their name, their case's
// reference, or how many cases the group action holds.
//
// GROUP_INVARIANT_CASES sets the number of generated group actions (40 by default).

const RUNS = Number(process.env.GROUP_INVARIANT_CASES ?? 40);

type EventSpec = { type: EventType; day: number; caseworkersOnly: boolean };
type Change =
  | { op: 'edit'; event: number; caseworkersOnly: boolean; day: number }
  | { op: 'delete'; event: number }
  | { op: 'link-later' }
  | { op: 'unlink'; member: number };
type Spec = { members: number; events: EventSpec[]; bundles: ('MEMBER' | 'OUTSIDE')[]; changes: Change[] };

const EVENT_TYPES: EventType[] = [
  'LETTER_RECEIVED',
  'NOTICE_OF_INVESTIGATION',
  'HEARING_HELD',
  'DECISION',
  'NOTE',
  'MEETING_OR_CONTACT',
];
const eventArb = fc.record({
  type: fc.constantFrom(...EVENT_TYPES),
  day: fc.integer({ min: 0, max: 200 }),
  caseworkersOnly: fc.boolean(),
});
const changeArb: fc.Arbitrary<Change> = fc.oneof(
  fc.record({
    op: fc.constant('edit' as const),
    event: fc.nat(),
    caseworkersOnly: fc.boolean(),
    day: fc.integer({ min: 0, max: 200 }),
  }),
  fc.record({ op: fc.constant('delete' as const), event: fc.nat() }),
  fc.record({ op: fc.constant('link-later' as const) }),
  fc.record({ op: fc.constant('unlink' as const), member: fc.nat() }),
);
const specArb: fc.Arbitrary<Spec> = fc.record({
  members: fc.integer({ min: 2, max: 3 }),
  events: fc.array(eventArb, { minLength: 1, maxLength: 4 }),
  bundles: fc.array(fc.constantFrom('MEMBER' as const, 'OUTSIDE' as const), { maxLength: 1 }),
  changes: fc.array(changeArb, { maxLength: 3 }),
});

const stats = { groups: 0, members: 0, outputs: 0, pdfs: 0, copies: 0, leaks: 0 };
let run = 0;
const partial = (day: number) => {
  const d = new Date(Date.UTC(2025, 0, 1) + day * 86_400_000);
  return { precision: 'DAY' as const, year: d.getUTCFullYear(), month: d.getUTCMonth() + 1, day: d.getUTCDate() };
};
const ok = <T>(res: { ok: true; data: T } | { ok: false; error: string }): T => {
  if (!res.ok) throw new Error(res.error);
  return res.data;
};
async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

function assertNoMarkers(name: string, text: string, hidden: Iterable<string>) {
  stats.outputs += 1;
  const flat = text.replace(/\s+/g, '');
  for (const m of hidden) {
    if (flat.includes(m.replace(/\s+/g, ''))) {
      stats.leaks += 1;
      throw new Error(`LEAK: ${m} appears in ${name}`);
    }
  }
}

type Member = { user: TestUser; caseId: string; reference: string; name: string; linked: boolean };

async function buildGroup(spec: Spec) {
  const tag = `${(run++).toString(36)}${Math.random().toString(36).slice(2, 6)}`;
  const mark = (n: number | string) => `GQ${tag}X${n}Z`;
  const coordinator = await makeUser('COORDINATOR');
  const { branch } = await makeBranch();
  const members: Member[] = [];
  for (let i = 0; i <= spec.members; i++) {
    const c = await makeCase({ caseworker: await makeUser('CASEWORKER'), branchId: branch.id });
    // The last member's case is linked later, if a change says so.
    members.push({
      user: c.member!,
      caseId: c.kase.id,
      reference: c.kase.reference,
      name: c.person.fullName,
      linked: false,
    });
  }
  actAs(coordinator);
  const ga = ok(
    await createGroupActionAction({
      title: `Group ${mark('T')}`,
      sanctionType: 'BRANCH_SUSPENDED',
      measures: ['MEETINGS_CANCELLED'],
      imposedOn: partial(0),
      summary: `Summary ${mark('S')}`,
      branchIds: [branch.id],
    }),
  );
  for (const m of members.slice(0, spec.members)) {
    ok(await linkGroupCaseAction({ groupActionId: ga.id, caseReference: m.reference }));
    m.linked = true;
  }
  const events: { id: string; marker: string; version: number; deleted: boolean }[] = [];
  for (const [n, e] of spec.events.entries()) {
    const marker = mark(n);
    const res = ok(
      await addGroupEventAction({
        groupActionId: ga.id,
        type: e.type,
        date: partial(e.day),
        title: `Group entry ${marker}`,
        details: `Group details ${marker}`,
        caseworkersOnly: e.caseworkersOnly,
      }),
    );
    events.push({ id: res.id, marker, version: 1, deleted: false });
  }
  // Members make bundles while the group's events stand.
  for (const audience of spec.bundles) {
    const m = members[0]!;
    actAs(m.user);
    await preflight(m.user, m.caseId, 'APPEAL', audience);
    ok(
      await startBundleAction({
        caseId: m.caseId,
        purpose: 'APPEAL',
        audience,
        choices: {
          sectionOrder: [],
          itemOrder: {},
          waiverAcknowledged: true,
          includeOnPurpose: [],
          includeProvenance: [],
        },
      }),
    );
  }
  await bundleQueueIdle();
  actAs(coordinator);
  for (const ch of spec.changes) {
    if (ch.op === 'edit' || ch.op === 'delete') {
      const target = events[ch.event % events.length]!;
      if (target.deleted) continue;
      if (ch.op === 'delete') {
        ok(await deleteGroupEventAction({ groupEventId: target.id, version: target.version }));
        target.deleted = true;
      } else {
        const current = await db.groupEvent.findUniqueOrThrow({ where: { id: target.id } });
        ok(
          await updateGroupEventAction({
            groupEventId: target.id,
            version: current.version,
            type: current.type,
            date: partial(ch.day),
            title: current.title,
            details: current.details ?? undefined,
            caseworkersOnly: ch.caseworkersOnly,
          }),
        );
        target.version = current.version + 1;
      }
    } else if (ch.op === 'link-later') {
      const late = members[members.length - 1]!;
      if (!late.linked) {
        ok(await linkGroupCaseAction({ groupActionId: ga.id, caseReference: late.reference }));
        late.linked = true;
      }
    } else {
      const m = members[ch.member % members.length]!;
      if (m.linked) {
        ok(await unlinkGroupCaseAction({ groupActionId: ga.id, caseId: m.caseId }));
        m.linked = false;
      }
    }
  }
  return { ga, members, events, mark };
}

/** Everything a member can obtain about their own case. */
async function memberOutputs(m: Member) {
  const out: { name: string; text: string }[] = [];
  out.push({ name: 'case page data', text: JSON.stringify(await getCaseForViewer(m.user, m.reference, ctx)) });
  out.push({ name: 'group facts', text: JSON.stringify(await listCaseGroupActions(m.user, m.caseId)) });
  out.push({
    name: 'timeline sources',
    text: JSON.stringify([...(await groupSourcesForCase(m.user, m.caseId)).entries()]),
  });
  out.push({ name: 'related cases', text: JSON.stringify(await listCaseLinks(m.user, m.caseId)) });
  out.push({ name: 'activity', text: JSON.stringify(await getCaseActivity(m.user, m.caseId)) });
  out.push({ name: 'deadlines', text: JSON.stringify(await findActionableDeadlines(m.user)) });
  out.push({ name: 'calendar feed', text: await buildCalendarFeed(m.user) });
  for (const audience of ['OUTSIDE', 'MEMBER'] as const)
    out.push({
      name: `pre-flight ${audience}`,
      text: JSON.stringify(await preflight(m.user, m.caseId, 'APPEAL', audience)),
    });
  for (const row of await listBundles(m.user, m.caseId, 'CASE_BUNDLE')) {
    if (row.status !== 'READY') continue;
    const file = await openBundle(m.user, row.id, ctx);
    out.push({ name: `bundle ${row.id} (${row.audience})`, text: await pdfText(await readAll(file.stream)) });
    stats.pdfs += 1;
  }
  return out;
}

async function checkGroup(spec: Spec) {
  const g = await buildGroup(spec);
  stats.groups += 1;
  // Hidden from every member: caseworker-only group events as they stand now.
  const hiddenEvents: string[] = [];
  for (const e of g.events) {
    const row = await db.groupEvent.findUniqueOrThrow({ where: { id: e.id }, select: { visibility: true } });
    if (row.visibility !== 'SHARED') hiddenEvents.push(e.marker);
  }
  for (const m of g.members) {
    stats.members += 1;
    // Nobody else's name or case reference, and no caseworker-only group event.
    const others = g.members.filter((o) => o !== m).flatMap((o) => [o.reference, o.name]);
    const outputs = await memberOutputs(m);
    for (const o of outputs) assertNoMarkers(`${m.reference}'s ${o.name}`, o.text, [...hiddenEvents, ...others]);
    // Each live, linked copy is on the timeline once, with its source; an unlinked case holds none.
    const copies = await db.timelineEvent.findMany({
      where: { caseId: m.caseId, groupEventId: { not: null }, deletedAt: null },
      select: { groupEventId: true },
    });
    const live = m.linked
      ? g.events
          .filter((e) => !e.deleted)
          .map((e) => e.id)
          .sort()
      : [];
    expect(copies.map((c) => c.groupEventId).sort()).toEqual(live);
    stats.copies += copies.length;
    // The member's Activity tab holds no row about a copy hidden from them.
    const hiddenCopies = await db.timelineEvent.findMany({
      where: { caseId: m.caseId, groupEventId: { not: null }, visibility: { not: 'SHARED' } },
      select: { id: true },
    });
    const rows = await db.auditLog.findMany({
      where: activityFor(m.user, m.caseId),
      select: { entityId: true, action: true },
    });
    const leaked = rows.find((r) => hiddenCopies.some((c) => c.id === r.entityId));
    if (leaked) {
      stats.leaks += 1;
      throw new Error(`LEAK: activity row ${leaked.action} about a caseworker-only group event`);
    }
  }
}

afterAll(() => {
  process.stdout.write(
    `\nGroup audience invariant: ${stats.groups} generated group actions, ${stats.members} members' outputs (${stats.outputs} outputs, ${stats.pdfs} PDFs), ${stats.copies} copies checked, ${stats.leaks} leaks.\n`,
  );
});

test(
  `no member output shows a caseworker-only group event or another member (${RUNS} generated group actions)`,
  async () => {
    await fc.assert(fc.asyncProperty(specArb, checkGroup), { numRuns: RUNS, endOnFailure: true, verbose: 1 });
    expect(stats.leaks).toBe(0);
    expect(stats.groups).toBe(RUNS);
  },
  60 * 60_000,
);

test('the check finds a leak when a caseworker-only group event is planted on a member’s case', async () => {
  const g = await buildGroup({
    members: 2,
    events: [{ type: 'NOTE', day: 3, caseworkersOnly: true }],
    bundles: [],
    changes: [],
  });
  const m = g.members[0]!;
  await db.timelineEvent.updateMany({
    where: { caseId: m.caseId, groupEventId: g.events[0]!.id },
    data: { visibility: 'SHARED' },
  }); // as a bug would
  const outputs = await memberOutputs(m);
  const before = stats.leaks;
  expect(() => outputs.forEach((o) => assertNoMarkers(o.name, o.text, [g.events[0]!.marker]))).toThrow(/LEAK/);
  stats.leaks = before;
});
