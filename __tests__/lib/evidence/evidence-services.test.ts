import { Readable } from 'node:stream';
import { db } from '@/lib/db/client';
import {
  captureEvidenceAction,
  linkEvidenceAction,
  purgeEvidenceAction,
  removeEvidenceAction,
  updateEvidenceAction,
} from '@/lib/evidence/actions';
import { listEvidence } from '@/lib/evidence/evidence-services';
import { getBlobStore } from '@/lib/evidence/storage';
import { encryptToStore } from '@/lib/evidence/crypto';
import { newStorageKey } from '@/lib/evidence/file-evidence';
import { sweepOrphanBlobs } from '@/lib/evidence/sweep-storage';
import { actAs, makeCase, makeEvent, makeEvidence, makeUser } from '../../helpers/factories';

test('a captured post is stored, numbered and fingerprinted like a file', async () => {
  const { kase, member } = await makeCase();
  actAs(member!);
  const res = await captureEvidenceAction({
    caseId: kase.id,
    url: 'https://social.example/p/123',
    text: 'Good luck to her, she deserved better.',
    seenOn: { precision: 'MONTH', year: 2021, month: 7 },
    title: 'The post they cited',
    kind: 'SOCIAL_POST',
  });
  expect(res).toMatchObject({ ok: true, data: { exhibitNumber: 1, sha256: expect.stringMatching(/^[0-9a-f]{64}$/) } });
  const bad = await captureEvidenceAction({
    caseId: kase.id,
    url: 'javascript:alert(1)',
    text: '',
    seenOn: { precision: 'YEAR', year: 2021 },
    title: 'x',
    kind: 'SOCIAL_POST',
  });
  expect(bad).toMatchObject({
    ok: false,
    code: 'invalid',
    fieldErrors: { url: expect.any(String), text: expect.any(String) },
  });
});

test('describing: members cannot hide items from themselves; caseworker-only items never reach the member', async () => {
  const caseworker = await makeUser('CASEWORKER');
  const { kase, member } = await makeCase({ caseworker });
  const mine = await makeEvidence(kase.id, member!.id);
  actAs(member!);
  expect(
    await updateEvidenceAction({
      evidenceId: mine.id,
      version: 1,
      title: 'Suspension letter',
      kind: 'LETTER',
      caseworkersOnly: true,
      privileged: false,
      withoutPrejudice: false,
    }),
  ).toMatchObject({ ok: false, fieldErrors: { caseworkersOnly: expect.any(String) } });
  expect(
    await updateEvidenceAction({
      evidenceId: mine.id,
      version: 1,
      title: 'Suspension letter',
      kind: 'LETTER',
      caseworkersOnly: false,
      privileged: true,
      withoutPrejudice: false,
      date: { precision: 'DAY', year: 2021, month: 3, day: 2 },
      extra: 1,
    } as never),
  ).toMatchObject({ ok: false, code: 'invalid' });
  expect(
    await updateEvidenceAction({
      evidenceId: mine.id,
      version: 1,
      title: 'Suspension letter',
      kind: 'LETTER',
      caseworkersOnly: false,
      privileged: true,
      withoutPrejudice: false,
      date: { precision: 'DAY', year: 2021, month: 3, day: 2 },
    }),
  ).toMatchObject({ ok: true });
  const hidden = await makeEvidence(kase.id, caseworker.id, { visibility: 'CASEWORKERS' });
  expect((await listEvidence(member!, kase.id)).map((e) => e.id)).not.toContain(hidden.id);
  expect((await listEvidence(caseworker, kase.id)).map((e) => e.id)).toContain(hidden.id);
  // A stale version is a conflict, not an overwrite.
  actAs(caseworker);
  expect(
    await updateEvidenceAction({
      evidenceId: mine.id,
      version: 1,
      title: 'Old view',
      kind: 'LETTER',
      caseworkersOnly: false,
      privileged: false,
      withoutPrejudice: false,
    }),
  ).toMatchObject({ ok: false, code: 'conflict' });
});

test('linking to a timeline entry, removing, and purging the bytes for good', async () => {
  const coordinator = await makeUser('COORDINATOR');
  const { kase, member } = await makeCase();
  const item = await makeEvidence(kase.id, member!.id);
  const event = await makeEvent(kase.id, member!.id);
  actAs(member!);
  expect(await linkEvidenceAction({ evidenceId: item.id, eventId: event.id, linked: true })).toMatchObject({
    ok: true,
  });
  expect(await db.evidenceLink.count({ where: { evidenceId: item.id, eventId: event.id } })).toBe(1);
  const other = await makeCase();
  const foreignEvent = await makeEvent(other.kase.id, other.member!.id);
  expect(await linkEvidenceAction({ evidenceId: item.id, eventId: foreignEvent.id, linked: true })).toMatchObject({
    ok: false,
    code: 'not_found',
  });

  const second = await makeEvidence(kase.id, member!.id);
  expect(second.exhibitNumber).toBe(item.exhibitNumber + 1);
  expect(await removeEvidenceAction({ evidenceId: item.id, version: 1 })).toMatchObject({ ok: true });
  expect((await listEvidence(member!, kase.id)).map((e) => e.id)).toEqual([second.id]);
  const third = await makeEvidence(kase.id, member!.id);
  expect(third.exhibitNumber).toBe(second.exhibitNumber + 1); // numbers are never reused

  expect(await purgeEvidenceAction({ evidenceId: item.id })).toMatchObject({ ok: false, code: 'not_found' });
  actAs(coordinator);
  expect(await purgeEvidenceAction({ evidenceId: item.id })).toMatchObject({ ok: true });
  expect(await getBlobStore().exists(item.storageKey)).toBe(false);
  expect(
    await db.auditLog.count({ where: { entityId: item.id, action: { in: ['evidence.remove', 'evidence.purge'] } } }),
  ).toBe(2);
});

test('bytes stored without a record (a crash between upload and commit) are removed by the sweep', async () => {
  const { kase, member } = await makeCase();
  const kept = await makeEvidence(kase.id, member!.id);
  const orphan = newStorageKey(kase.id);
  await encryptToStore(getBlobStore(), orphan, Readable.from([Buffer.from('half way')]), {});
  const result = await sweepOrphanBlobs(getBlobStore(), { graceMs: 0, now: new Date(Date.now() + 1000) });
  expect(result.deleted).toContain(orphan);
  expect(await getBlobStore().exists(orphan)).toBe(false);
  expect(await getBlobStore().exists(kept.storageKey)).toBe(true);
});

test('linked items show on their timeline entry, except caseworker-only ones for the member', async () => {
  const { getCaseForViewer } = await import('@/lib/cases/get-case');
  const caseworker = await makeUser('CASEWORKER');
  const { kase, member } = await makeCase({ caseworker });
  const event = await makeEvent(kase.id, member!.id);
  const shared = await makeEvidence(kase.id, member!.id);
  const hidden = await makeEvidence(kase.id, caseworker.id, { visibility: 'CASEWORKERS' });
  actAs(caseworker);
  for (const item of [shared, hidden])
    expect(await linkEvidenceAction({ evidenceId: item.id, eventId: event.id, linked: true })).toMatchObject({
      ok: true,
    });
  const ctx = { ip: 'x', userAgent: null };
  const forStaff = (await getCaseForViewer(caseworker, kase.reference, ctx)).events.find((e) => e.id === event.id)!;
  expect(forStaff.evidence.map((l) => l.evidence.id).sort()).toEqual([shared.id, hidden.id].sort());
  const forMember = (await getCaseForViewer(member!, kase.reference, ctx)).events.find((e) => e.id === event.id)!;
  expect(forMember.evidence.map((l) => l.evidence.id)).toEqual([shared.id]);
});
