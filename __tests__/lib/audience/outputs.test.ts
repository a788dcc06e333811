import { db } from '@/lib/db/client';
import { startBundleAction } from '@/lib/bundle/actions';
import { getBundleStatus, listBundles, openBundle } from '@/lib/bundle/bundle-services';
import { preflight } from '@/lib/bundle/plan';
import { bundleQueueIdle } from '@/lib/bundle/queue';
import { addEventAction, updateEventAction } from '@/lib/timeline/actions';
import { purgeEvidenceAction, updateEvidenceAction } from '@/lib/evidence/actions';
import { findActionableDeadlines } from '@/lib/deadlines/find-deadlines';
import { buildCalendarFeed } from '@/lib/calendar/feed';
import { getCaseActivity } from '@/lib/cases/get-case-activity';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { listEvidence } from '@/lib/evidence/evidence-services';
import { actAs, ctx, makeCase, makeUser, type TestUser } from '../../helpers/factories';
import { fileEvidence, makePdf, pageTexts } from '../bundle/bundle-fixtures';

// Examples of the one rule: every output is made from what its audience may see, and stays so when an
// item changes afterwards. The generated version of the same rule is in invariant.test.ts.

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

async function build(
  who: TestUser,
  caseId: string,
  audience: 'OUTSIDE' | 'MEMBER' | 'STAFF' = 'OUTSIDE',
  choices: { includeProvenance?: string[] } = {},
) {
  actAs(who);
  const res = await startBundleAction({
    caseId,
    purpose: 'APPEAL',
    audience,
    choices: { sectionOrder: [], itemOrder: {}, includeOnPurpose: [], ...choices },
  });
  if (!res.ok) throw new Error(res.error);
  await bundleQueueIdle();
  const status = await getBundleStatus(who, res.data.id);
  if (status.status !== 'READY') throw new Error(`${status.status}: ${status.error}`);
  const bytes = await readAll((await openBundle(who, res.data.id, ctx)).stream);
  return { id: res.data.id, text: pageTexts(bytes, status.pageCount!).join('\n') };
}

const shareAs = (caseworkersOnly: boolean, privileged = false, withoutPrejudice = false) => ({
  caseworkersOnly,
  privileged,
  withoutPrejudice,
});

let caseworker: TestUser;
let member: TestUser;
let caseId: string;
let reference: string;

beforeAll(async () => {
  caseworker = await makeUser('CASEWORKER');
  const c = await makeCase({ caseworker });
  member = c.member!;
  caseId = c.kase.id;
  reference = c.kase.reference;
});

test('a default bundle for the party lists only what the party may know exists; the member may have it', async () => {
  const shared = await fileEvidence(caseId, member.id, await makePdf('SHARED-EXHIBIT', 1), {
    title: 'Shared letter',
    mimeType: 'application/pdf',
    name: 'a.pdf',
  });
  await fileEvidence(caseId, caseworker.id, await makePdf('HIDDEN-EXHIBIT', 1), {
    title: 'Leaked internal briefing',
    mimeType: 'application/pdf',
    name: 'b.pdf',
    visibility: 'CASEWORKERS',
  });
  const privileged = await fileEvidence(caseId, member.id, await makePdf('ADVICE-EXHIBIT', 1), {
    title: 'Counsel opinion',
    mimeType: 'application/pdf',
    name: 'c.pdf',
    privileged: true,
  });
  const b = await build(caseworker, caseId);
  expect(b.text).toContain('SHARED-EXHIBIT');
  for (const secret of ['HIDDEN-EXHIBIT', 'Leaked internal briefing', 'ADVICE-EXHIBIT', 'Counsel opinion'])
    expect(b.text).not.toContain(secret);
  expect(b.text.replace(/\s+/g, '')).not.toContain(privileged.sha256);
  expect((await listBundles(member, caseId)).map((x) => x.id)).toContain(b.id);
  expect((await db.bundleItem.findMany({ where: { bundleId: b.id } })).map((i) => i.evidenceId)).toContain(shared.id);
});

test('an item made caseworker-only after a bundle was built withdraws the bundle from the member; staff keep it, marked', async () => {
  const item = await fileEvidence(caseId, member.id, await makePdf('LATER-HIDDEN', 1), {
    title: 'Later hidden',
    mimeType: 'application/pdf',
    name: 'd.pdf',
  });
  const outside = await build(caseworker, caseId, 'OUTSIDE');
  const own = await build(member, caseId, 'MEMBER');
  expect(outside.text).toContain('LATER-HIDDEN');
  actAs(caseworker);
  expect(
    await updateEvidenceAction({
      evidenceId: item.id,
      version: 1,
      title: item.title,
      kind: 'DOCUMENT',
      date: { precision: 'DAY', year: 2024, month: 3, day: 1 },
      ...shareAs(true),
    }),
  ).toMatchObject({ ok: true });
  for (const id of [outside.id, own.id]) {
    expect((await listBundles(member, caseId)).map((x) => x.id)).not.toContain(id);
    await expect(openBundle(member, id, ctx)).rejects.toThrow('Not found');
    await expect(getBundleStatus(member, id)).rejects.toThrow('Not found');
    const row = (await listBundles(caseworker, caseId)).find((x) => x.id === id)!;
    expect(row.supersededAt).not.toBeNull();
    expect(row.supersededReason).toMatch(/caseworkers only/);
  }
  expect(
    await db.auditLog.count({
      where: { entityId: { in: [outside.id, own.id] }, action: 'bundle.superseded', memberVisible: false },
    }),
  ).toBe(2);
  // Its earlier activity rows leave the member's Activity tab with it.
  const activity = await getCaseActivity(member, caseId);
  expect(activity.rows.map((r) => r.what)).not.toContain('Changed who can see evidence, or its marks');
  expect(await db.auditLog.count({ where: { entityId: item.id, memberVisible: true } })).toBe(0);
});

test('marking an item privileged withdraws bundles for the party but not the member’s own copy', async () => {
  const item = await fileEvidence(caseId, member.id, await makePdf('LATER-PRIVILEGED', 1), {
    title: 'Later privileged',
    mimeType: 'application/pdf',
    name: 'e.pdf',
  });
  const outside = await build(caseworker, caseId, 'OUTSIDE');
  const own = await build(member, caseId, 'MEMBER');
  actAs(caseworker);
  expect(
    await updateEvidenceAction({
      evidenceId: item.id,
      version: 1,
      title: item.title,
      kind: 'DOCUMENT',
      date: { precision: 'DAY', year: 2024, month: 3, day: 1 },
      ...shareAs(false, false, true),
    }),
  ).toMatchObject({ ok: true });
  const rows = new Map((await listBundles(caseworker, caseId)).map((x) => [x.id, x]));
  expect(rows.get(outside.id)!.supersededAt).not.toBeNull();
  expect(rows.get(own.id)!.supersededAt).toBeNull();
  expect((await listBundles(member, caseId)).map((x) => x.id)).toEqual(expect.arrayContaining([own.id]));
});

test('provenance notes are for staff and their writer, and reach a bundle only when chosen', async () => {
  const item = await fileEvidence(caseId, caseworker.id, await makePdf('PROVENANCE-ITEM', 1), {
    title: 'Briefing',
    mimeType: 'application/pdf',
    name: 'f.pdf',
    source: 'SOURCE-NOTE: from a regional officer, do not disclose',
  });
  expect((await listEvidence(member, caseId)).find((e) => e.id === item.id)!.source).toBeNull();
  expect((await listEvidence(caseworker, caseId)).find((e) => e.id === item.id)!.source).toMatch(/SOURCE-NOTE/);
  const memberPlan = await preflight(member, caseId, 'APPEAL', 'MEMBER');
  expect(JSON.stringify(memberPlan)).not.toContain('SOURCE-NOTE');
  expect((await build(caseworker, caseId)).text).not.toContain('SOURCE-NOTE');
  expect((await build(caseworker, caseId, 'OUTSIDE', { includeProvenance: [`evidence:${item.id}`] })).text).toContain(
    'SOURCE-NOTE',
  );
  // A member editing their own description cannot wipe a note they were never shown (they may only edit their own items).
  actAs(member);
  expect(
    await updateEvidenceAction({ evidenceId: item.id, version: 1, title: 'x', kind: 'DOCUMENT', ...shareAs(false) }),
  ).toMatchObject({ ok: false, code: 'not_found' });
});

test('a letter whose timeline entry is caseworker-only never goes in a bundle for others', async () => {
  actAs(caseworker);
  const ev = await addEventAction({
    caseId,
    type: 'LETTER_SENT',
    date: { precision: 'DAY', year: 2024, month: 4, day: 1 },
    title: 'Letter entry',
    caseworkersOnly: true,
  });
  if (!ev.ok) throw new Error(ev.error);
  const letter = await db.letter.create({
    data: {
      caseId,
      eventId: ev.data.id,
      templateKey: 'chaser',
      title: 'Private chaser',
      recipient: 'GLU',
      body: 'x',
      document: {},
      sentOn: new Date('2024-04-01'),
      textSha256: 'a'.repeat(64),
      pdfStorageKey: `k-${ev.data.id}`,
      pdfWrappedKey: 'w',
      pdfSha256: 'b'.repeat(64),
      pdfSizeBytes: 1,
      createdById: caseworker.id,
    },
  });
  const plan = await preflight(caseworker, caseId, 'APPEAL', 'OUTSIDE');
  const item = plan.sections.flatMap((s) => s.items).find((i) => i.id === letter.id)!;
  expect(item.exclusions).toEqual(['caseworkers-only']);
  expect(item.canIncludeOnPurpose).toBe(false);
  expect(
    (await preflight(member, caseId, 'APPEAL', 'MEMBER')).sections.flatMap((s) => s.items).map((i) => i.id),
  ).not.toContain(letter.id);
});

test('a caseworker-only entry never meets the member’s deadline, on the page, the list or the calendar', async () => {
  const c = await makeCase({ caseworker });
  actAs(caseworker);
  await addEventAction({
    caseId: c.kase.id,
    type: 'SAR_SENT',
    date: { precision: 'DAY', year: 2026, month: 10, day: 1 },
    title: 'SAR sent',
  });
  await addEventAction({
    caseId: c.kase.id,
    type: 'SAR_RESPONSE_RECEIVED',
    date: { precision: 'DAY', year: 2026, month: 10, day: 20 },
    title: 'Reply (internal)',
    caseworkersOnly: true,
  });
  expect(await findActionableDeadlines(caseworker, { caseworkerId: caseworker.id })).not.toEqual(
    expect.arrayContaining([expect.objectContaining({ reference: c.kase.reference })]),
  );
  const mine = await findActionableDeadlines(c.member!);
  expect(mine).toHaveLength(1);
  expect(await buildCalendarFeed(c.member!)).toContain(`${c.kase.reference}: Reply to the subject access request due`);
  const page = await getCaseForViewer(c.member!, c.kase.reference, ctx);
  expect(page.deadlines[0]!.metOn).toBeNull();
  expect(JSON.stringify(page)).not.toContain('2026-10-20');
  expect((await getCaseForViewer(caseworker, c.kase.reference, ctx)).deadlines[0]!.metOn).not.toBeNull();
});

test('updates must say who may see the item: leaving the privacy fields out is refused and changes nothing', async () => {
  const c = await makeCase({ caseworker });
  actAs(caseworker);
  const ev = await addEventAction({
    caseId: c.kase.id,
    type: 'NOTE',
    date: { precision: 'DAY', year: 2024, month: 1, day: 1 },
    title: 'Hidden note',
    caseworkersOnly: true,
  });
  if (!ev.ok) throw new Error(ev.error);
  const res = await updateEventAction({
    eventId: ev.data.id,
    version: 1,
    type: 'NOTE',
    date: { precision: 'DAY', year: 2024, month: 1, day: 1 },
    title: 'Edited',
  } as never);
  expect(res).toMatchObject({
    ok: false,
    code: 'invalid',
    fieldErrors: { caseworkersOnly: expect.any(String), privileged: expect.any(String) },
  });
  expect(await db.timelineEvent.findUniqueOrThrow({ where: { id: ev.data.id } })).toMatchObject({
    visibility: 'CASEWORKERS',
    title: 'Hidden note',
    version: 1,
  });
  const item = await fileEvidence(c.kase.id, caseworker.id, Buffer.from('x'), {
    title: 'Hidden item',
    mimeType: 'text/plain',
    name: 'x.txt',
    visibility: 'CASEWORKERS',
  });
  expect(
    await updateEvidenceAction({ evidenceId: item.id, version: 1, title: 'Edited', kind: 'DOCUMENT' } as never),
  ).toMatchObject({ ok: false, code: 'invalid' });
  expect(await db.evidence.findUniqueOrThrow({ where: { id: item.id } })).toMatchObject({
    visibility: 'CASEWORKERS',
    title: 'Hidden item',
  });
});

test('the member’s Activity tab: no rows about caseworker-only items, words instead of action names', async () => {
  const c = await makeCase({ caseworker });
  actAs(caseworker);
  await addEventAction({
    caseId: c.kase.id,
    type: 'NOTE',
    date: { precision: 'DAY', year: 2024, month: 1, day: 1 },
    title: 'Hidden',
    caseworkersOnly: true,
  });
  await addEventAction({
    caseId: c.kase.id,
    type: 'NOTE',
    date: { precision: 'DAY', year: 2024, month: 1, day: 2 },
    title: 'Shared',
  });
  await build(caseworker, c.kase.id, 'STAFF');
  await getCaseForViewer(caseworker, reference === c.kase.reference ? reference : c.kase.reference, ctx);
  const rows = (await getCaseActivity(c.member!, c.kase.id)).rows.map((r) => r.what);
  expect(rows.filter((w) => w === 'Added a timeline entry')).toHaveLength(1);
  expect(rows.join(' ')).not.toMatch(/bundle/i);
  expect(rows).toContain('Opened the case');
  for (const w of rows) expect(w).not.toMatch(/^[a-z_-]+\.[a-z_-]+$/);
  const staff = (await getCaseActivity(caseworker, c.kase.id)).rows.map((r) => r.what);
  expect(staff.filter((w) => w === 'Added a timeline entry')).toHaveLength(2);
  expect(staff).toContain('Started a bundle');
});

test('erasing an exhibit withdraws every bundle holding it, staff-only ones too', async () => {
  const coordinator = await makeUser('COORDINATOR');
  const c = await makeCase({ caseworker });
  const item = await fileEvidence(c.kase.id, c.member!.id, await makePdf('TO-ERASE', 1), {
    title: 'To erase',
    mimeType: 'application/pdf',
    name: 'g.pdf',
  });
  const staff = await build(caseworker, c.kase.id, 'STAFF');
  actAs(coordinator);
  expect(await purgeEvidenceAction({ evidenceId: item.id })).toMatchObject({ ok: true });
  expect((await db.bundle.findUniqueOrThrow({ where: { id: staff.id } })).supersededAt).not.toBeNull();
});

test('staff can file an upload as caseworkers only from the start; a member cannot; a bad flag is refused', async () => {
  const { POST } = await import('@/app/api/cases/[reference]/evidence/route');
  const c = await makeCase({ caseworker });
  const upload = (flag: string | null) =>
    POST(
      new Request(`http://test/api/cases/${c.kase.reference}/evidence`, {
        method: 'POST',
        body: new Uint8Array(Buffer.from('Leaked briefing HIDDEN-UPLOAD\n')),
        headers: {
          'x-file-name': 'briefing.txt',
          'content-type': 'text/plain',
          'content-length': '30',
          ...(flag === null ? {} : { 'x-caseworkers-only': flag }),
        },
      }),
      { params: Promise.resolve({ reference: c.kase.reference }) },
    );
  actAs(caseworker);
  const res = await upload('1');
  expect(res.status).toBe(201);
  const { data } = (await res.json()) as { data: { id: string } };
  expect(await db.evidence.findUniqueOrThrow({ where: { id: data.id } })).toMatchObject({ visibility: 'CASEWORKERS' });
  // Never the member's to see, not even its "added" row in their Activity tab.
  expect(await db.auditLog.findFirstOrThrow({ where: { entityId: data.id, action: 'evidence.create' } })).toMatchObject(
    { memberVisible: false },
  );
  expect((await listEvidence(c.member!, c.kase.id)).map((e) => e.id)).not.toContain(data.id);
  expect((await upload('yes')).status).toBe(422);
  const before = await db.evidence.count({ where: { caseId: c.kase.id } });
  actAs(c.member!);
  expect((await upload('1')).status).toBe(422);
  expect(await db.evidence.count({ where: { caseId: c.kase.id } })).toBe(before);
});
