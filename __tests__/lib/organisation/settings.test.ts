/**
 * @database own
 *
 * It changes the organisation's default windows, which every other file's deadlines follow: on a PostgreSQL server it
 * runs on a copy of its own (__tests__/helpers/environment.js).
 */
import { closeDb, db } from '@/lib/db/client';
import {
  createBranchAction,
  createRegionAction,
  renameRegionAction,
  saveBodyAction,
  updateBranchAction,
  updateOrganisationAction,
} from '@/lib/organisation/actions';
import { getOrganisationSettings } from '@/lib/organisation/get-settings';
import { addEventAction } from '@/lib/timeline/actions';
import { startDraft } from '@/lib/letters/letter-services';
import { NotFoundError } from '@/lib/errors';
import { actAs, ctx, ensureOrganisation, makeBranch, makeCase, makeUser, type TestUser } from '../../helpers/factories';

// Issue 10, point 9: the organisation's settings, for coordinators only; every change audited by
// field name, checked against what the person loaded, with plain messages for bad input.

let coordinator: TestUser;
let original: { name: string; jurisdiction: string; defaultResponseDays: number; defaultAppealDays: number };
const current = async () =>
  db.organisation.findFirstOrThrow({
    orderBy: { createdAt: 'asc' },
    select: { id: true, name: true, jurisdiction: true, defaultResponseDays: true, defaultAppealDays: true },
  });

beforeAll(async () => {
  await ensureOrganisation([
    {
      kind: 'GOVERNANCE_LEGAL_UNIT',
      name: 'Governance and Legal Unit',
      postalAddress: '1 Party Street\nLondon\nSW1A 1AA',
    },
  ]);
  coordinator = await makeUser('COORDINATOR');
  const o = await current();
  original = {
    name: o.name,
    jurisdiction: o.jurisdiction,
    defaultResponseDays: o.defaultResponseDays,
    defaultAppealDays: o.defaultAppealDays,
  };
});

// Runs after the set-up's own afterAll has closed the database (__tests__/helpers/setup-after-env.ts): the restore
// opens it again, so it closes it again.
afterAll(async () => {
  await db.organisation.updateMany({ data: { ...original, jurisdiction: original.jurisdiction as 'ENGLAND_WALES' } });
  await closeDb();
});

test('the page’s data shows the seeded values; members and caseworkers get not found', async () => {
  const settings = await getOrganisationSettings(coordinator);
  expect(settings.organisation?.name).toBe(original.name);
  expect(settings.organisation?.bodies.map((b) => b.kind)).toContain('GOVERNANCE_LEGAL_UNIT');
  await expect(getOrganisationSettings(await makeUser('CASEWORKER'))).rejects.toBeInstanceOf(NotFoundError);
  await expect(getOrganisationSettings(await makeUser('MEMBER'))).rejects.toBeInstanceOf(NotFoundError);
});

test('the organisation: name, nation and windows, with bounds, audit by field name, and a clear conflict', async () => {
  const was = original;
  actAs(coordinator);
  expect(
    await updateOrganisationAction({ ...was, defaultAppealDays: 3, defaultResponseDays: 400, name: ' ', was }),
  ).toMatchObject({
    ok: false,
    code: 'invalid',
    fieldErrors: {
      defaultAppealDays: expect.stringMatching(/at least 7/),
      defaultResponseDays: expect.stringMatching(/90 days or fewer/),
      name: expect.stringMatching(/Enter/),
    },
  });
  const res = await updateOrganisationAction({ ...was, name: 'The Party (renamed)', defaultResponseDays: 28, was });
  expect(res).toMatchObject({ ok: true, data: { fields: ['name', 'defaultResponseDays'] } });
  const org = await current();
  expect(org).toMatchObject({ name: 'The Party (renamed)', defaultResponseDays: 28 });
  const audit = await db.auditLog.findFirstOrThrow({
    where: { entityId: org.id, action: 'organisation.update' },
    orderBy: { createdAt: 'desc' },
  });
  expect(audit).toMatchObject({
    fields: ['name', 'defaultResponseDays'],
    actorId: coordinator.id,
    caseId: null,
    memberVisible: false,
  });

  // A second coordinator, still looking at the old values, is told and changes nothing.
  actAs(await makeUser('COORDINATOR'));
  expect(await updateOrganisationAction({ ...was, defaultAppealDays: 28, was })).toMatchObject({
    ok: false,
    code: 'conflict',
    error: expect.stringMatching(/Someone else changed this/),
  });
  expect((await current()).defaultAppealDays).toBe(was.defaultAppealDays);
  // Caseworkers and members: not found.
  for (const role of ['CASEWORKER', 'MEMBER'] as const) {
    actAs(await makeUser(role));
    expect(await updateOrganisationAction({ ...was, was })).toMatchObject({ ok: false, code: 'not_found' });
  }
});

test('changing a default window recalculates the open deadlines that follow it, not those of a case with its own', async () => {
  const caseworker = await makeUser('CASEWORKER');
  const plain = await makeCase({ caseworker });
  const own = await makeCase({ caseworker });
  await db.case.update({ where: { id: own.kase.id }, data: { appealWindowDays: 28 } });
  actAs(caseworker);
  for (const c of [plain, own]) {
    const res = await addEventAction({
      caseId: c.kase.id,
      type: 'DECISION',
      date: { precision: 'DAY', year: 2026, month: 11, day: 2 },
      title: 'Decision',
      decisionOutcome: 'ADVERSE',
    });
    if (!res.ok) throw new Error(res.error);
  }
  const due = async (caseId: string) =>
    (await db.deadline.findFirstOrThrow({ where: { caseId, kind: 'APPEAL_WINDOW' } })).dueOn.toISOString().slice(0, 10);
  const [plainBefore, ownBefore] = [await due(plain.kase.id), await due(own.kase.id)];
  const was = await current();
  actAs(coordinator);
  const res = await updateOrganisationAction({
    name: was.name,
    jurisdiction: was.jurisdiction,
    defaultResponseDays: was.defaultResponseDays,
    defaultAppealDays: was.defaultAppealDays + 7,
    was: {
      name: was.name,
      jurisdiction: was.jurisdiction,
      defaultResponseDays: was.defaultResponseDays,
      defaultAppealDays: was.defaultAppealDays,
    },
  });
  expect(res).toMatchObject({ ok: true, data: { fields: ['defaultAppealDays'] } });
  expect(res.ok && res.data.recalculatedCases).toBeGreaterThanOrEqual(1);
  expect(await due(plain.kase.id)).not.toBe(plainBefore);
  expect(Date.parse(await due(plain.kase.id))).toBeGreaterThan(Date.parse(plainBefore));
  expect(await due(own.kase.id)).toBe(ownBefore);
});

test('bodies: a changed postal address is what the next letter is addressed to; bad email refused; audited', async () => {
  const org = await current();
  const glu = await db.body.findUniqueOrThrow({
    where: { organisationId_kind: { organisationId: org.id, kind: 'GOVERNANCE_LEGAL_UNIT' } },
  });
  const was = { name: glu.name, postalAddress: glu.postalAddress, email: glu.email };
  actAs(coordinator);
  expect(
    await saveBodyAction({
      kind: 'GOVERNANCE_LEGAL_UNIT',
      name: glu.name,
      postalAddress: '9 New Road\nLeeds\nLS1 1AA',
      email: 'not an email',
      was,
    }),
  ).toMatchObject({ ok: false, fieldErrors: { email: expect.any(String) } });
  expect(
    await saveBodyAction({
      kind: 'GOVERNANCE_LEGAL_UNIT',
      name: glu.name,
      postalAddress: '9 New Road\nLeeds\nLS1 1AA',
      email: 'glu@party.example',
      was,
    }),
  ).toMatchObject({ ok: true, data: { fields: ['postalAddress', 'email'] } });
  // The same form sent again from the old page: a conflict.
  expect(await saveBodyAction({ kind: 'GOVERNANCE_LEGAL_UNIT', name: 'Other', was })).toMatchObject({
    ok: false,
    code: 'conflict',
  });
  // A kind already recorded cannot be added twice.
  expect(await saveBodyAction({ kind: 'GOVERNANCE_LEGAL_UNIT', name: 'Twice', was: null })).toMatchObject({
    ok: false,
    code: 'invalid',
  });

  const caseworker = await makeUser('CASEWORKER');
  const { kase } = await makeCase({ caseworker });
  const letter = await startDraft(caseworker, kase.reference, { templateKey: 'request-for-particulars' }, ctx);
  expect(letter.values.recipient_address).toBe('9 New Road\nLeeds\nLS1 1AA');
  expect(await db.auditLog.count({ where: { entityId: glu.id, action: 'body.update' } })).toBe(1);
  await db.body.update({ where: { id: glu.id }, data: was }); // leave it as other tests expect
});

test('regions: add and rename; a duplicate name is refused plainly; nothing is deleted', async () => {
  actAs(coordinator);
  const name = `Region ${Date.now()}`;
  const made = await createRegionAction({ name });
  expect(made).toMatchObject({ ok: true });
  expect(await createRegionAction({ name: name.toUpperCase() })).toMatchObject({
    ok: false,
    code: 'invalid',
    fieldErrors: { name: expect.stringMatching(/already a region called/) },
  });
  const id = made.ok ? made.data.id : '';
  expect(await renameRegionAction({ regionId: id, name: `${name} renamed`, was: { name } })).toMatchObject({
    ok: true,
  });
  expect(await renameRegionAction({ regionId: id, name: `${name} again`, was: { name } })).toMatchObject({
    ok: false,
    code: 'conflict',
  });
  expect(await db.auditLog.count({ where: { entityId: id, action: { in: ['region.create', 'region.update'] } } })).toBe(
    2,
  );
  actAs(await makeUser('CASEWORKER'));
  expect(await createRegionAction({ name: `${name} by caseworker` })).toMatchObject({ ok: false, code: 'not_found' });
});

test('branches: add, rename, move region, constituency and member count; duplicates and bad counts refused; audited', async () => {
  const { region, branch } = await makeBranch();
  const other = await db.region.create({ data: { name: `Other region ${Date.now()}` } });
  actAs(coordinator);
  expect(await createBranchAction({ name: branch.name, regionId: region.id, memberCount: 10 })).toMatchObject({
    ok: false,
    fieldErrors: { name: expect.stringMatching(/already a branch called/) },
  });
  expect(await createBranchAction({ name: `New ${branch.name}`, regionId: region.id, memberCount: -1 })).toMatchObject({
    ok: false,
    fieldErrors: { memberCount: expect.any(String) },
  });
  const made = await createBranchAction({
    name: `New ${branch.name}`,
    regionId: region.id,
    constituency: 'Hove and Portslade',
    memberCount: 240,
  });
  expect(made).toMatchObject({ ok: true });

  const was = {
    name: branch.name,
    regionId: branch.regionId,
    constituency: branch.constituency,
    memberCount: branch.memberCount,
  };
  const res = await updateBranchAction({
    branchId: branch.id,
    name: `${branch.name} East`,
    regionId: other.id,
    constituency: 'Brighton Kemptown',
    memberCount: 95,
    was,
  });
  expect(res).toMatchObject({ ok: true, data: { fields: ['name', 'regionId', 'constituency', 'memberCount'] } });
  expect(await db.branch.findUniqueOrThrow({ where: { id: branch.id } })).toMatchObject({
    name: `${branch.name} East`,
    regionId: other.id,
    constituency: 'Brighton Kemptown',
    memberCount: 95,
  });
  expect(
    await updateBranchAction({ branchId: branch.id, name: 'Stale', regionId: region.id, memberCount: 1, was }),
  ).toMatchObject({ ok: false, code: 'conflict' });
  const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: branch.id, action: 'branch.update' } });
  expect(audit.fields).toEqual(['name', 'regionId', 'constituency', 'memberCount']);
  actAs(await makeUser('MEMBER'));
  expect(
    await updateBranchAction({ branchId: branch.id, name: 'x', regionId: region.id, memberCount: 1, was }),
  ).toMatchObject({ ok: false, code: 'not_found' });
});
