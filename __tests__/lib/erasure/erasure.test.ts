import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { Readable } from 'node:stream';
import { db } from '@/lib/db/client';
import { actAs, makeCase, makeEvidence, makeUser, type TestUser } from '../../helpers/factories';
import { encryptToStore, readDecrypted } from '@/lib/evidence/crypto';
import { getBlobStore } from '@/lib/evidence/storage';
import { newStorageKey } from '@/lib/evidence/file-evidence';
import { createCalendarFeed } from '@/lib/calendar/tokens';
import { sendMail } from '@/lib/mail/send-mail';
import { getEnv } from '@/lib/env';
import { newToken } from '@/lib/users/tokens';
import {
  approveErasureAction,
  finishErasureAction,
  refuseErasureAction,
  requestErasureAction,
} from '@/lib/erasure/actions';
import { replayErasures } from '@/lib/erasure/replay-erasures';
import { readErasureLog } from '@/lib/erasure/erasure-log';

// Erasure (issue 13, point 3): a member with every kind of item is erased; afterwards a dump of every table and a read
// of every blob hold none of their marker strings, while another member's markers are all still there and their files
// still decrypt.

const tag = () => crypto.randomBytes(4).toString('hex');

type Seeded = {
  member: TestUser;
  caseId: string;
  reference: string;
  markers: string[];
  files: { key: string; wrappedKey: string; text: string }[];
};

async function storeText(caseId: string, text: string) {
  const key = newStorageKey(caseId);
  const stored = await encryptToStore(getBlobStore(), key, Readable.from([Buffer.from(text)]));
  return { key, wrappedKey: stored.wrappedKey, sha256: stored.sha256, size: stored.size, text };
}

/** A member with a case holding one of everything, each carrying a marker string of its own. */
async function seedMember(label: string, coordinator: TestUser): Promise<Seeded> {
  const m = (what: string) => `zq${label}${what}${tag()}`;
  const markers: string[] = [];
  const mk = (what: string) => {
    const s = m(what);
    markers.push(s);
    return s;
  };
  const member = await makeUser('MEMBER', { email: `${mk('mail')}@example.test` });
  await db.user.update({ where: { id: member.id }, data: { name: `Ann ${mk('name')}` } });
  member.name = (await db.user.findUniqueOrThrow({ where: { id: member.id } })).name;
  const { kase, person } = await makeCase({ member });
  await db.person.update({
    where: { id: person.id },
    data: {
      fullName: member.name,
      membershipNumber: mk('memno'),
      phone: mk('phone'),
      postalAddress: `1 ${mk('street')} Road`,
    },
  });
  await db.case.update({ where: { id: kase.id }, data: { summary: `Summary ${mk('summary')}` } });
  await db.sanction.updateMany({ where: { caseId: kase.id }, data: { reasonText: `Reason ${mk('sanction')}` } });
  const event = await db.timelineEvent.create({
    data: {
      caseId: kase.id,
      createdById: member.id,
      type: 'SAR_SENT',
      occurredOn: new Date('2025-09-03'),
      datePrecision: 'DAY',
      title: `Entry ${mk('event')}`,
      details: `Details ${mk('details')}`,
    },
  });
  const { syncDeadlines } = await import('@/lib/deadlines/sync-deadlines');
  await db.$transaction((tx) => syncDeadlines(tx, kase.id));

  const evidenceText = `Evidence ${mk('evidencefile')}\n`;
  const evidence = await makeEvidence(kase.id, member.id, { text: evidenceText });
  await db.evidence.update({
    where: { id: evidence.id },
    data: { title: `Exhibit ${mk('evidencetitle')}`, capturedText: `Post ${mk('captured')}` },
  });
  await db.evidenceLink.create({ data: { evidenceId: evidence.id, eventId: event.id } });

  const letterPdf = await storeText(kase.id, `%PDF-1.4 ${mk('letterpdf')}`);
  const letterEvent = await db.timelineEvent.create({
    data: {
      caseId: kase.id,
      createdById: coordinator.id,
      type: 'LETTER_SENT',
      occurredOn: new Date('2025-09-10'),
      datePrecision: 'DAY',
      title: 'Letter sent',
    },
  });
  const letterBody = `Dear panel, ${mk('letterbody')}`;
  const letter = await db.letter.create({
    data: {
      caseId: kase.id,
      eventId: letterEvent.id,
      templateKey: 'general-letter',
      title: 'Letter',
      recipient: 'Panel',
      body: letterBody,
      document: { body: letterBody },
      sentOn: new Date('2025-09-10'),
      textSha256: crypto.createHash('sha256').update(letterBody).digest('hex'),
      pdfStorageKey: letterPdf.key,
      pdfWrappedKey: letterPdf.wrappedKey,
      pdfSha256: letterPdf.sha256,
      pdfSizeBytes: letterPdf.size,
      createdById: coordinator.id,
    },
  });
  await db.letterDraft.create({
    data: { caseId: kase.id, templateKey: 'general-letter', data: { body: mk('draft') }, createdById: member.id },
  });

  const bundlePdf = await storeText(kase.id, `%PDF-1.4 bundle ${mk('bundlepdf')}`);
  const bundle = await db.bundle.create({
    data: {
      kind: 'CASE_BUNDLE',
      caseId: kase.id,
      version: 1,
      status: 'READY',
      plan: { note: mk('bundleplan') },
      audience: 'MEMBER',
      storageKey: bundlePdf.key,
      wrappedKey: bundlePdf.wrappedKey,
      sha256: bundlePdf.sha256,
      sizeBytes: bundlePdf.size,
      createdById: coordinator.id,
      items: { create: [{ evidenceId: evidence.id }, { eventId: event.id }] },
    },
  });
  await db.job.create({ data: { kind: 'BUNDLE_BUILD', subjectId: bundle.id, status: 'DONE', error: mk('joberror') } });

  await db.fairnessFinding.create({
    data: { caseId: kase.id, question: 'TOLD_ALLEGATIONS', note: mk('finding'), updatedById: coordinator.id },
  });
  await db.reviewPublication.create({
    data: { caseId: kase.id, version: 1, findings: [{ note: mk('review') }], publishedById: coordinator.id },
  });
  await db.caseStageChange.create({
    data: { caseId: kase.id, toStage: 'APPEAL', reason: mk('stagereason'), changedById: coordinator.id },
  });
  await db.caseClaim.create({
    data: {
      caseId: kase.id,
      email: `${mk('claim')}@example.test`,
      tokenHash: newToken().tokenHash,
      expiresAt: new Date(Date.now() + 86_400_000),
      sentById: coordinator.id,
    },
  });
  await db.intakeDraft.create({ data: { userId: member.id, data: { fullName: mk('intake') } } });
  await db.loginAttempt.create({ data: { email: member.email, ip: '192.0.2.1', succeeded: false } });
  await db.session.create({
    data: {
      userId: member.id,
      tokenHash: newToken().tokenHash,
      expiresAt: new Date(Date.now() + 3_600_000),
      userAgent: mk('session'),
    },
  });
  await db.reminderDigest.create({ data: { userId: member.id, day: new Date('2026-01-05'), itemCount: 1 } });
  await createCalendarFeed(member, { ip: '192.0.2.1', userAgent: mk('calendarua') });
  // The outbox keeps a copy of each email sent without an SMTP server.
  await sendMail({ to: member.email, subject: 'Your case', text: `Hello ${member.name}, about ${kase.reference}` });

  const files = [
    { key: evidence.storageKey, wrappedKey: evidence.wrappedKey, text: evidenceText },
    letterPdf,
    bundlePdf,
  ];
  void letter;
  return { member, caseId: kase.id, reference: kase.reference, markers, files };
}

/** Every table's rows as text, like a dump: `SELECT t::text FROM "<table>" t` for every table in the schema. */
async function dumpDatabase(): Promise<string> {
  const tables = await db.$queryRawUnsafe<{ table_name: string }[]>(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  const parts: string[] = [];
  for (const { table_name } of tables) {
    const rows = await db.$queryRawUnsafe<{ t: string }[]>(`SELECT t::text AS t FROM "${table_name}" t`);
    parts.push(...rows.map((r) => `${table_name} ${r.t}`));
  }
  return parts.join('\n').toLowerCase();
}

/** Every blob listed, read raw (ciphertext) and its key: the store holds nothing naming the person. */
async function readBlobStore(): Promise<{ keys: string[]; text: string }> {
  const store = getBlobStore();
  const keys: string[] = [];
  const chunks: string[] = [];
  for await (const blob of store.list()) {
    keys.push(blob.key);
    for await (const c of await store.get(blob.key)) chunks.push((c as Buffer).toString('latin1'));
  }
  return { keys, text: `${keys.join('\n')}\n${chunks.join('')}`.toLowerCase() };
}

async function outboxText(): Promise<string> {
  const dir = getEnv().outboxDir;
  const names = await fs.readdir(dir).catch(() => [] as string[]);
  const texts = await Promise.all(names.map((n) => fs.readFile(`${dir}/${n}`, 'utf8')));
  return texts.join('\n').toLowerCase();
}

let coordinator: TestUser;
beforeAll(async () => {
  coordinator = await makeUser('COORDINATOR');
});

async function askAndApprove(member: TestUser, ip = '192.0.2.9') {
  actAs(member, ip);
  const asked = await requestErasureAction({ confirm: true });
  expect(asked).toMatchObject({ ok: true, data: { status: 'REQUESTED' } });
  if (!asked.ok) throw new Error('request failed');
  actAs(coordinator);
  return { requestId: asked.data.id, result: await approveErasureAction({ requestId: asked.data.id }) };
}

test('after erasure, a dump of every table, the blob store and the outbox hold none of the member’s markers; another member is untouched', async () => {
  const gone = await seedMember('gone', coordinator);
  const kept = await seedMember('kept', coordinator);
  // A link between the two cases, a group action over both, and a review pack holding the erased case.
  await db.caseLink.create({
    data: { fromCaseId: kept.caseId, toCaseId: gone.caseId, relation: 'PARTNER', createdById: coordinator.id },
  });
  const ga = await db.groupAction.create({
    data: {
      reference: `GA-1999-${tag()}`,
      title: 'Group',
      sanctionType: 'BRANCH_SUSPENDED',
      createdById: coordinator.id,
      cases: { create: [{ caseId: gone.caseId }, { caseId: kept.caseId }] },
    },
  });
  const packPdf = await storeText(kept.caseId, '%PDF-1.4 pack');
  const pack = await db.bundle.create({
    data: {
      kind: 'REVIEW_PACK',
      caseIds: [kept.caseId, gone.caseId],
      version: 1,
      status: 'READY',
      plan: {},
      storageKey: packPdf.key,
      wrappedKey: packPdf.wrappedKey,
      createdById: coordinator.id,
    },
  });

  // Their markers are there before, everywhere we look (so the check below can fail).
  const before = await dumpDatabase();
  for (const marker of gone.markers.filter((m) => !/(evidencefile|letterpdf|bundlepdf)/.test(m)))
    expect({ marker, found: before.includes(marker.toLowerCase()) }).toEqual({ marker, found: true });
  expect(await outboxText()).toContain(gone.member.email.toLowerCase());

  const { requestId, result } = await askAndApprove(gone.member);
  expect(result).toMatchObject({ ok: true, data: { alreadyDone: false, caseCount: 1 } });
  if (!result.ok) return;
  expect(result.data.fileCount).toBe(4); // evidence, letter PDF, bundle PDF, and the review pack that held the case
  expect(result.data.told).toBe(true);

  const dump = await dumpDatabase();
  const blobs = await readBlobStore();
  const outbox = await outboxText();
  const left = gone.markers.filter(
    (m) => dump.includes(m.toLowerCase()) || blobs.text.includes(m.toLowerCase()) || outbox.includes(m.toLowerCase()),
  );
  expect(left).toEqual([]);
  for (const id of [gone.caseId.toLowerCase(), gone.reference.toLowerCase()]) {
    expect(blobs.keys.filter((k) => k.includes(id))).toEqual([]);
    expect(outbox.includes(id)).toBe(false);
  }
  expect(dump.includes(gone.reference.toLowerCase())).toBe(false);
  for (const f of gone.files) expect(await getBlobStore().exists(f.key)).toBe(false);
  expect(await getBlobStore().exists(packPdf.key)).toBe(false);
  // The wrapped file keys went with the rows: a copy of these blobs (an older backup's) has nothing to open it with.
  expect(gone.files.filter((f) => dump.includes(f.wrappedKey.toLowerCase()))).toEqual([]);
  expect(kept.files.filter((f) => !dump.includes(f.wrappedKey.toLowerCase()))).toEqual([]);
  expect(await db.bundle.findUnique({ where: { id: pack.id } })).toBeNull();

  // The other member: every marker still in the database, their files still there and still decrypt.
  const keptLeft = kept.markers.filter((m) => !/(evidencefile|letterpdf|bundlepdf)/.test(m));
  expect(keptLeft.filter((m) => !dump.includes(m.toLowerCase()))).toEqual([]);
  for (const f of kept.files)
    expect((await readDecrypted(getBlobStore(), f.key, f.wrappedKey)).toString()).toBe(f.text);
  expect(await db.groupActionCase.count({ where: { groupActionId: ga.id } })).toBe(1);
  expect(outbox).toContain(kept.member.email.toLowerCase());

  // What stays: the request (ids, status, counts), the anonymised and disabled account, audit rows without addresses.
  const request = await db.erasureRequest.findUniqueOrThrow({ where: { id: requestId } });
  expect(request).toMatchObject({ status: 'DONE', caseCount: 1, fileCount: 4, decidedById: coordinator.id });
  const account = await db.user.findUniqueOrThrow({ where: { id: gone.member.id } });
  expect(account).toMatchObject({ name: 'Erased member', passwordHash: null });
  expect(account.disabledAt).not.toBeNull();
  const done = await db.auditLog.findFirstOrThrow({ where: { action: 'erasure.done', entityId: requestId } });
  expect(done).toMatchObject({ actorId: coordinator.id, fields: ['cases:1', 'files:4'] });
  expect(await db.auditLog.count({ where: { caseId: gone.caseId, NOT: { ip: null } } })).toBe(0);
  expect(await db.auditLog.count({ where: { actorId: gone.member.id, NOT: { userAgent: null } } })).toBe(0);

  // The erasure log outside the database names ids only.
  const log = await readErasureLog();
  const line = log.find((e) => e.requestId === requestId)!;
  expect(line).toMatchObject({ personId: request.personId, userId: gone.member.id, caseIds: [gone.caseId] });
  const raw = (await fs.readFile(`${getEnv().keyDir}/erasures.log`, 'utf8')).toLowerCase();
  expect(gone.markers.filter((m) => raw.includes(m.toLowerCase()))).toEqual([]);

  // Idempotent: running it again changes nothing and says so; approving again is a clear conflict.
  const again = await finishErasureAction({ requestId });
  expect(again).toMatchObject({ ok: true, data: { alreadyDone: true } });
  const twice = await approveErasureAction({ requestId });
  expect(twice).toMatchObject({ ok: false, code: 'conflict' });
  if (!twice.ok) expect(twice.error).toMatch(/already been approved/);
}, 120_000);

test('a refusal keeps everything, records the reason and tells the member; deciding it again is a clear error', async () => {
  const member = await makeUser('MEMBER');
  const { kase } = await makeCase({ member });
  actAs(member);
  const asked = await requestErasureAction({ confirm: true });
  if (!asked.ok) throw new Error(asked.error);
  // Asking twice gives the same open request.
  const second = await requestErasureAction({ confirm: true });
  expect(second).toMatchObject({ ok: true, data: { id: asked.data.id } });

  actAs(coordinator);
  const tooShort = await refuseErasureAction({ requestId: asked.data.id, reason: 'no' });
  expect(tooShort).toMatchObject({ ok: false, code: 'invalid', fieldErrors: { reason: expect.any(String) } });
  const reason = `Your appeal is still running ${tag()}`;
  const refused = await refuseErasureAction({ requestId: asked.data.id, reason });
  expect(refused).toMatchObject({ ok: true, data: { told: true } });
  expect(await db.case.findUnique({ where: { id: kase.id } })).not.toBeNull();
  expect(await db.erasureRequest.findUniqueOrThrow({ where: { id: asked.data.id } })).toMatchObject({
    status: 'REFUSED',
    reason,
  });
  expect(await outboxText()).toContain(reason.toLowerCase());
  const { getOwnErasureRequest } = await import('@/lib/erasure/find-erasure-requests');
  expect(await getOwnErasureRequest(member)).toMatchObject({ status: 'REFUSED', reason });

  const approveRefused = await approveErasureAction({ requestId: asked.data.id });
  expect(approveRefused).toMatchObject({ ok: false, code: 'conflict' });
  if (!approveRefused.ok) expect(approveRefused.error).toMatch(/already been refused/);
  const refuseAgain = await refuseErasureAction({ requestId: asked.data.id, reason });
  expect(refuseAgain).toMatchObject({ ok: false, code: 'conflict' });
  // Finishing a request that was never approved is refused too, and erases nothing.
  expect(await finishErasureAction({ requestId: asked.data.id })).toMatchObject({ ok: false, code: 'conflict' });
  expect(await db.case.findUnique({ where: { id: kase.id } })).not.toBeNull();

  // The member may ask again: a new request.
  actAs(member);
  const anew = await requestErasureAction({ confirm: true });
  expect(anew).toMatchObject({ ok: true, data: { status: 'REQUESTED' } });
  if (anew.ok) expect(anew.data.id).not.toBe(asked.data.id);
});

test('only members ask, for themselves; only coordinators decide; others get not found', async () => {
  const caseworker = await makeUser('CASEWORKER');
  const member = await makeUser('MEMBER');
  await makeCase({ member });
  actAs(caseworker);
  expect(await requestErasureAction({ confirm: true })).toMatchObject({ ok: false, code: 'not_found' });
  actAs(coordinator);
  expect(await requestErasureAction({ confirm: true })).toMatchObject({ ok: false, code: 'not_found' });
  // Naming someone else is refused by the schema: the request is always the caller's.
  actAs(member);
  const other = await makeUser('MEMBER');
  expect(await requestErasureAction({ confirm: true, userId: other.id } as never)).toMatchObject({
    ok: false,
    code: 'invalid',
  });
  expect(await requestErasureAction({} as never)).toMatchObject({ ok: false, code: 'invalid' });
  const asked = await requestErasureAction({ confirm: true });
  if (!asked.ok) throw new Error(asked.error);
  for (const who of [member, caseworker]) {
    actAs(who);
    expect(await approveErasureAction({ requestId: asked.data.id })).toMatchObject({ ok: false, code: 'not_found' });
    expect(
      await refuseErasureAction({ requestId: asked.data.id, reason: 'Not now, an appeal is running' }),
    ).toMatchObject({ ok: false, code: 'not_found' });
  }
  actAs(coordinator);
  expect(await approveErasureAction({ requestId: 'nope' })).toMatchObject({ ok: false, code: 'not_found' });
  expect(await db.erasureRequest.findUniqueOrThrow({ where: { id: asked.data.id } })).toMatchObject({
    status: 'REQUESTED',
  });
});

test('replay after a restore: a logged erasure is applied again to a database that still holds the person', async () => {
  // As if a backup taken before the erasure were restored: the data is back, the log (outside the backup) names it.
  const seeded = await seedMember('replay', coordinator);
  const person = await db.person.findUniqueOrThrow({ where: { userId: seeded.member.id } });
  const entry = {
    requestId: `replay${tag()}`,
    personId: person.id,
    userId: seeded.member.id,
    caseIds: [seeded.caseId],
    on: new Date().toISOString(),
  };
  // A copy of one file's bytes, as an older backup holds it.
  const copied = await readBlobStore();
  expect(copied.keys).toContain(seeded.files[0]!.key);
  const first = await replayErasures([entry]);
  expect(first).toMatchObject({ entries: 1, replayed: 1, caseCount: 1 });
  const dump = await dumpDatabase();
  expect(seeded.markers.filter((m) => dump.includes(m.toLowerCase()))).toEqual([]);
  for (const f of seeded.files) expect(await getBlobStore().exists(f.key)).toBe(false);
  // Once replayed, no wrapped key of theirs is left in the database: the backup's copies of their files stay sealed.
  expect(seeded.files.filter((f) => dump.includes(f.wrappedKey.toLowerCase()))).toEqual([]);
  // The backup is older than the request: no request row is made up; the replay is on record in the audit log.
  expect(await db.erasureRequest.findUnique({ where: { id: entry.requestId } })).toBeNull();
  expect(
    await db.auditLog.findFirstOrThrow({ where: { action: 'erasure.done', entityId: entry.requestId } }),
  ).toMatchObject({ actorId: null, fields: ['replayed', 'cases:1', 'files:3'] });
  // Replaying again finds nothing to do.
  expect(await replayErasures([entry])).toMatchObject({ entries: 1, replayed: 0, caseCount: 0 });
}, 120_000);

test('a member who asked before their case existed: the approval erases the case they have now', async () => {
  const member = await makeUser('MEMBER');
  actAs(member);
  const asked = await requestErasureAction({ confirm: true });
  if (!asked.ok) throw new Error(asked.error);
  expect(await db.erasureRequest.findUniqueOrThrow({ where: { id: asked.data.id } })).toMatchObject({
    personId: null,
  });
  const { kase, person } = await makeCase({ member });
  actAs(coordinator);
  expect(await approveErasureAction({ requestId: asked.data.id })).toMatchObject({
    ok: true,
    data: { caseCount: 1 },
  });
  expect(await db.case.findUnique({ where: { id: kase.id } })).toBeNull();
  expect(await db.person.findUnique({ where: { id: person.id } })).toBeNull();
  expect(await db.erasureRequest.findUniqueOrThrow({ where: { id: asked.data.id } })).toMatchObject({
    status: 'DONE',
    personId: person.id,
  });
});

test('replay: a restored request still waiting (the backup was taken before the approval) ends DONE', async () => {
  const { member, person, kase } = await makeCase();
  const request = await db.erasureRequest.create({
    data: { personId: person.id, userId: member!.id, requestedById: member!.id },
  });
  const entry = {
    requestId: request.id,
    personId: person.id,
    userId: member!.id,
    caseIds: [kase.id],
    on: '2026-11-30T12:00:00.000Z',
  };
  expect(await replayErasures([entry])).toMatchObject({ replayed: 1, caseCount: 1 });
  expect(await db.erasureRequest.findUniqueOrThrow({ where: { id: request.id } })).toMatchObject({
    status: 'DONE',
    caseCount: 1,
    completedAt: new Date(entry.on),
  });
  expect(await db.case.findUnique({ where: { id: kase.id } })).toBeNull();
});

test('a coordinator logs a request made by phone, by case reference, email or membership number', async () => {
  const { kase, person, member } = await makeCase();
  await db.person.update({ where: { id: person.id }, data: { membershipNumber: `MN${tag()}` } });
  const { logErasureRequestAction } = await import('@/lib/erasure/actions');
  actAs(coordinator);
  const byRef = await logErasureRequestAction({ who: kase.reference.toLowerCase() });
  expect(byRef).toMatchObject({ ok: true, data: { status: 'REQUESTED' } });
  if (!byRef.ok) return;
  expect(await db.erasureRequest.findUniqueOrThrow({ where: { id: byRef.data.id } })).toMatchObject({
    personId: person.id,
    userId: member!.id,
    requestedById: coordinator.id,
    onBehalf: true,
  });
  // The same person by email: the open request, not a second one.
  expect(await logErasureRequestAction({ who: member!.email.toUpperCase() })).toMatchObject({
    ok: true,
    data: { id: byRef.data.id },
  });
  const unknown = await logErasureRequestAction({ who: 'RS-1999-99999' });
  expect(unknown).toMatchObject({
    ok: false,
    code: 'invalid',
    fieldErrors: { who: expect.stringMatching(/could not find/) },
  });
  // Someone with no account (a phone referral), by membership number.
  const offline = await makeCase({ member: null });
  const number = `OFF${tag()}`;
  await db.person.update({ where: { id: offline.person.id }, data: { membershipNumber: number } });
  const byNumber = await logErasureRequestAction({ who: number });
  expect(byNumber).toMatchObject({ ok: true });
  if (byNumber.ok)
    expect(await db.erasureRequest.findUniqueOrThrow({ where: { id: byNumber.data.id } })).toMatchObject({
      personId: offline.person.id,
      userId: null,
    });
});

test('the outbox pass deletes only mail naming the person: whole words, nothing shorter than 6 characters', async () => {
  const { deleteOutboxMail } = await import('@/lib/erasure/delete-files');
  const dir = await fs.mkdtemp(`${getEnv().dataDir}/outbox-test-`);
  const write = (name: string, text: string) => fs.writeFile(`${dir}/${name}.eml`, text);
  await write('theirs', 'To: jo.bloggs@example.test\n\nHello Jo Bloggs, about RS-2026-0042');
  await write('encoded', 'To: x@example.test\nContent-Transfer-Encoding: quoted-printable\n\nAbout Jo Blo=\nggs');
  await write('longer-name', 'To: y@example.test\n\nHello Jo Bloggsworth');
  await write('short', 'To: z@example.test\n\nJo wrote 1234');
  expect(await deleteOutboxMail(['Jo Bloggs', 'jo.bloggs@example.test', 'Jo', '1234'], dir)).toBe(2);
  expect((await fs.readdir(dir)).sort()).toEqual(['longer-name.eml', 'short.eml']);
});

test('an approved erasure that stopped part-way is finished by the daily sweep, as its approver; a fresh one is left to run', async () => {
  const { finishStalledErasures, STALLED_AFTER_MS } = await import('@/lib/erasure/finish-stalled');
  const now = new Date();
  const stalled = await makeCase();
  const running = await makeCase();
  const approve = (c: typeof stalled, decidedAt: Date) =>
    db.erasureRequest.create({
      data: {
        personId: c.person.id,
        userId: c.member!.id,
        requestedById: c.member!.id,
        status: 'APPROVED',
        decidedById: coordinator.id,
        decidedAt,
      },
    });
  const old = await approve(stalled, new Date(now.getTime() - STALLED_AFTER_MS - 60_000));
  const fresh = await approve(running, new Date(now.getTime() - 60_000));
  const r = await finishStalledErasures(now);
  expect(r.finished).toContain(old.id);
  expect(r.finished).not.toContain(fresh.id);
  expect(r.failed).not.toContain(old.id);
  expect(await db.erasureRequest.findUniqueOrThrow({ where: { id: old.id } })).toMatchObject({
    status: 'DONE',
    caseCount: 1,
  });
  expect(await db.case.findUnique({ where: { id: stalled.kase.id } })).toBeNull();
  const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: old.id, action: 'erasure.done' } });
  expect(audit.actorId).toBe(coordinator.id);
  // The one approved a minute ago is still the approval's to finish: untouched.
  expect(await db.erasureRequest.findUniqueOrThrow({ where: { id: fresh.id } })).toMatchObject({ status: 'APPROVED' });
  expect(await db.case.findUnique({ where: { id: running.kase.id } })).not.toBeNull();
  // Run again: nothing left to do for the first (DONE), and it is not counted twice.
  expect((await finishStalledErasures(now)).finished).not.toContain(old.id);
});
