import { db } from '@/lib/db/client';
import { addEventAction, moveEventAction } from '@/lib/timeline/actions';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { startBundleAction } from '@/lib/bundle/actions';
import { getBundleStatus, openBundle } from '@/lib/bundle/bundle-services';
import { bundleQueueIdle } from '@/lib/bundle/queue';
import { actAs, ctx, makeCase, makeUser, type TestUser } from '../../helpers/factories';
import { pageTexts } from '../bundle/bundle-fixtures';

// Issue 10, point 8: entries on the same (earliest) day are put in order by hand, and that order is
// the one the timeline, the deadlines and the bundle's chronology use.

type When = { precision: 'DAY' | 'MONTH'; year: number; month: number; day?: number };
const march = (day?: number): When =>
  day ? { precision: 'DAY', year: 2021, month: 3, day } : { precision: 'MONTH', year: 2021, month: 3 };

async function addAll(who: TestUser, caseId: string, entries: { title: string; date: When }[]) {
  actAs(who);
  for (const e of entries) {
    const res = await addEventAction({ caseId, type: 'NOTE', date: e.date, title: e.title });
    if (!res.ok) throw new Error(res.error);
  }
}

const titles = async (who: TestUser, reference: string) =>
  (await getCaseForViewer(who, reference, ctx)).events.map((e) => e.title);
const row = (title: string) =>
  db.timelineEvent.findFirstOrThrow({ where: { title }, select: { id: true, version: true, position: true } });

async function move(who: TestUser, title: string, direction: 'up' | 'down', neighbourTitle: string) {
  const [e, n] = await Promise.all([row(title), row(neighbourTitle)]);
  actAs(who);
  return moveEventAction({
    eventId: e.id,
    version: e.version,
    direction,
    neighbourId: n.id,
    neighbourVersion: n.version,
  });
}

let caseworker: TestUser;
beforeAll(async () => {
  caseworker = await makeUser('CASEWORKER');
});

test('a caseworker moves an entry up among entries on the same day; the order is saved, versioned and audited', async () => {
  const { kase } = await makeCase({ caseworker });
  const t = (s: string) => `${s} ${kase.id}`;
  await addAll(caseworker, kase.id, [
    { title: t('Earlier'), date: { precision: 'DAY', year: 2021, month: 2, day: 10 } },
    { title: t('Meeting'), date: march(1) },
    { title: t('Letter'), date: march(1) },
    { title: t('Sometime in March'), date: march() },
    { title: t('Later'), date: march(5) },
  ]);
  expect(await titles(caseworker, kase.reference)).toEqual([
    t('Earlier'),
    t('Meeting'),
    t('Letter'),
    t('Sometime in March'),
    t('Later'),
  ]);

  // "Sometime in March" shares its earliest day with 1 March: it can go before the letter.
  const res = await move(caseworker, t('Sometime in March'), 'up', t('Letter'));
  expect(res).toMatchObject({ ok: true });
  expect(await titles(caseworker, kase.reference)).toEqual([
    t('Earlier'),
    t('Meeting'),
    t('Sometime in March'),
    t('Letter'),
    t('Later'),
  ]);
  // 5 March is another day: the letter is already the last on its day.
  expect(await move(caseworker, t('Letter'), 'down', t('Later'))).toMatchObject({
    ok: false,
    code: 'invalid',
    error: expect.stringMatching(/already the last/),
  });
  expect(await move(caseworker, t('Meeting'), 'down', t('Sometime in March'))).toMatchObject({ ok: true });
  expect(await titles(caseworker, kase.reference)).toEqual([
    t('Earlier'),
    t('Sometime in March'),
    t('Meeting'),
    t('Letter'),
    t('Later'),
  ]);

  // The positions on that day are 0, 1, 2 in the order shown; other days are untouched.
  expect(
    (await Promise.all([t('Sometime in March'), t('Meeting'), t('Letter'), t('Later')].map(row))).map(
      (r) => r.position,
    ),
  ).toEqual([0, 1, 2, 0]);
  // The first on its day cannot go further up.
  expect(await move(caseworker, t('Sometime in March'), 'up', t('Meeting'))).toMatchObject({
    ok: false,
    code: 'invalid',
    error: expect.stringMatching(/already the first/),
  });

  const audit = await db.auditLog.findMany({ where: { caseId: kase.id, action: 'event.reorder' } });
  expect(audit).toHaveLength(4);
  expect(audit.every((a) => a.fields.join() === 'position' && a.actorId === caseworker.id)).toBe(true);
});

test('a reorder made from an out-of-date page is refused with a clear message and changes nothing', async () => {
  const { kase } = await makeCase({ caseworker });
  const t = (s: string) => `${s} ${kase.id}`;
  await addAll(caseworker, kase.id, [
    { title: t('A'), date: march(1) },
    { title: t('B'), date: march(1) },
    { title: t('C'), date: march(1) },
  ]);
  const [a, b] = await Promise.all([row(t('A')), row(t('B'))]);
  const coordinator = await makeUser('COORDINATOR');
  // A coordinator moves C up first…
  expect(await move(coordinator, t('C'), 'up', t('B'))).toMatchObject({ ok: true });
  // …then the caseworker, still looking at A, B, C, moves B up (B's version has changed).
  actAs(caseworker);
  const stale = await moveEventAction({
    eventId: b.id,
    version: b.version,
    direction: 'up',
    neighbourId: a.id,
    neighbourVersion: a.version,
  });
  expect(stale).toMatchObject({ ok: false, code: 'conflict', error: expect.stringMatching(/changed the order/) });
  expect(await titles(caseworker, kase.reference)).toEqual([t('A'), t('C'), t('B')]);
});

test('members, caseworkers of other cases and unknown ids cannot reorder (not found)', async () => {
  const { kase, member } = await makeCase({ caseworker });
  const t = (s: string) => `${s} ${kase.id}`;
  await addAll(caseworker, kase.id, [
    { title: t('A'), date: march(1) },
    { title: t('B'), date: march(1) },
  ]);
  expect(await move(member!, t('B'), 'up', t('A'))).toMatchObject({ ok: false, code: 'not_found' });
  expect(await move(await makeUser('CASEWORKER'), t('B'), 'up', t('A'))).toMatchObject({
    ok: false,
    code: 'not_found',
  });
  actAs(caseworker);
  expect(
    await moveEventAction({ eventId: 'nope', version: 1, direction: 'up', neighbourId: 'nope2', neighbourVersion: 1 }),
  ).toMatchObject({ ok: false, code: 'not_found' });
  expect(await titles(caseworker, kase.reference)).toEqual([t('A'), t('B')]);
});

test('the hand order reaches the bundle: the chronology in the PDF lists same-day entries as ordered', async () => {
  const { kase } = await makeCase({ caseworker });
  const t = (s: string) => `${s} ${kase.id.slice(-6)}`;
  await addAll(caseworker, kase.id, [
    { title: t('Alpha hearing'), date: march(1) },
    { title: t('Bravo letter'), date: march(1) },
    { title: t('Charlie call'), date: march(1) },
  ]);
  expect(await move(caseworker, t('Charlie call'), 'up', t('Bravo letter'))).toMatchObject({ ok: true });
  expect(await move(caseworker, t('Charlie call'), 'up', t('Alpha hearing'))).toMatchObject({ ok: true });

  actAs(caseworker);
  const res = await startBundleAction({
    caseId: kase.id,
    purpose: 'APPEAL',
    audience: 'OUTSIDE',
    choices: { sectionOrder: [], itemOrder: {}, includeOnPurpose: [], waiverAcknowledged: false },
  });
  if (!res.ok) throw new Error(res.error);
  await bundleQueueIdle();
  const status = await getBundleStatus(caseworker, res.data.id);
  expect(status.status).toBe('READY');
  const chunks: Buffer[] = [];
  for await (const c of (await openBundle(caseworker, res.data.id, ctx)).stream) chunks.push(c as Buffer);
  const text = pageTexts(Buffer.concat(chunks), status.pageCount!).join('\n');
  const at = (s: string) => text.indexOf(t(s));
  expect(at('Charlie call')).toBeGreaterThan(-1);
  expect(at('Charlie call')).toBeLessThan(at('Alpha hearing'));
  expect(at('Alpha hearing')).toBeLessThan(at('Bravo letter'));
});

test('the hand order reaches the fairness review’s chronology too', async () => {
  const { reviewData } = await import('@/lib/bundle/review-data');
  const { kase } = await makeCase({ caseworker });
  const t = (s: string) => `${s} ${kase.id.slice(-6)}`;
  await addAll(caseworker, kase.id, [
    { title: t('First added'), date: march(1) },
    { title: t('Second added'), date: march(1) },
  ]);
  expect(await move(caseworker, t('Second added'), 'up', t('First added'))).toMatchObject({ ok: true });
  await db.reviewPublication.create({
    data: { caseId: kase.id, version: 1, findings: [], publishedById: caseworker.id },
  });
  const data = await db.$transaction((tx) => reviewData(tx, kase.id));
  expect(data.input.chronology.map((r) => r.title)).toEqual([t('Second added'), t('First added')]);
});
