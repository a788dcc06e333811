import crypto from 'node:crypto';
import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { GET as statusRoute } from '@/app/api/member-export/[id]/route';
import { GET as downloadRoute } from '@/app/api/member-export/[id]/download/route';
import { db } from '@/lib/db/client';
import { startBundleAction, publishReviewAction, saveFairnessAction } from '@/lib/bundle/actions';
import { preflight } from '@/lib/bundle/plan';
import { getCaseForViewer } from '@/lib/cases/get-case';
import { captureEvidenceAction, updateEvidenceAction } from '@/lib/evidence/actions';
import { fileEvidence } from '@/lib/evidence/file-evidence';
import { getBlobStore } from '@/lib/evidence/storage';
import { jobsIdle } from '@/lib/jobs/queue';
import { saveLetterAction } from '@/lib/letters/actions';
import { requestMemberExportAction } from '@/lib/member-export/actions';
import { expireMemberExport } from '@/lib/member-export/expire-export';
import { getMemberExportStatus } from '@/lib/member-export/get-export-status';
import { ExportExpiredError, openMemberExport } from '@/lib/member-export/open-export';
import { requestMemberExport } from '@/lib/member-export/request-export';
import { addEventAction } from '@/lib/timeline/actions';
import { actAs, ctx, makeCase, makeUser, type TestUser } from '../../helpers/factories';

// "Download my data" (issue 13, point 1): for a member with every kind of item, the zip holds everything the
// member can see (shared markers: 100% present) and nothing else (caseworker-only, privileged-to-staff notes,
// other people's provenance notes, review drafts, staff-only bundles, another member's case: 0 markers), read
// over every file's text, decrypted evidence and PDFs (pdftotext) included; every checksum in the manifest
// matches the file, and evidence files' SHA-256 equal what was filed.

const tag = crypto.randomBytes(4).toString('hex');
const mark = (name: string) => `ZQ${tag}X${name}Z`;
const shared: Record<string, string> = {};
const hidden: Record<string, string> = {};
const share = (n: string) => (shared[n] = mark(`S${n}`));
const hide = (n: string) => (hidden[n] = mark(`H${n}`));
/** Ids of records hidden from the member: not even an id may reach the zip. */
const hiddenIds: string[] = [];

const ok = <T>(res: { ok: true; data: T } | { ok: false; error: string }): T => {
  if (!res.ok) throw new Error(res.error);
  return res.data;
};
const partial = (day: number) => ({ precision: 'DAY' as const, year: 2026, month: 1, day });
const noPrivacy = { caseworkersOnly: false, privileged: false, withoutPrejudice: false };

let member: TestUser;
let caseworker: TestUser;
let coordinator: TestUser;
let otherMember: TestUser;
let reference: string;
const originals = new Map<string, string>(); // evidence id → SHA-256 of the bytes uploaded

async function upload(by: TestUser, ref: string, name: string, text: string, caseworkersOnly = false) {
  const bytes = Buffer.from(`${text}\n`);
  const { item: file } = await fileEvidence(
    by,
    { reference: ref, name, declaredMime: 'text/plain', body: Readable.from([bytes]), caseworkersOnly },
    ctx,
  );
  originals.set(file.id, crypto.createHash('sha256').update(bytes).digest('hex'));
  return file;
}

async function buildFixture() {
  [member, caseworker, coordinator] = await Promise.all([
    makeUser('MEMBER'),
    makeUser('CASEWORKER'),
    makeUser('COORDINATOR'),
  ]);
  const c = await makeCase({ member, caseworker });
  reference = c.kase.reference;
  await db.person.update({ where: { id: c.person.id }, data: { phone: share('phone') } });
  await db.sanction.updateMany({ where: { caseId: c.kase.id }, data: { reasonText: share('sanction') } });
  await db.case.update({
    where: { id: c.kase.id },
    data: { summary: share('summary'), consentNote: hide('consentNote'), reviewRecommendation: hide('draftRec') },
  });

  // Timeline: shared, privileged (the member's own legal advice: theirs to see), caseworker-only.
  actAs(member);
  ok(
    await addEventAction({
      caseId: c.kase.id,
      type: 'NOTE',
      date: partial(3),
      title: `Entry ${share('event')}`,
      details: share('eventDetails'),
      ...noPrivacy,
    }),
  );
  actAs(caseworker);
  ok(
    await addEventAction({
      caseId: c.kase.id,
      type: 'MEETING_OR_CONTACT',
      date: partial(4),
      title: `Advice ${share('privileged')}`,
      ...noPrivacy,
      privileged: true,
    }),
  );
  const internal = ok(
    await addEventAction({
      caseId: c.kase.id,
      type: 'NOTE',
      date: partial(5),
      title: `Internal ${hide('event')}`,
      details: hide('eventDetails'),
      ...noPrivacy,
      caseworkersOnly: true,
    }),
  );
  hiddenIds.push(internal.id);

  // Evidence: the member's own file with their own provenance note; a shared file whose note a caseworker
  // wrote (the note is theirs: hidden); a caseworker-only file.
  const own = await upload(member, reference, 'my-letter.txt', `Exhibit ${share('evidence')}`);
  actAs(member);
  ok(
    await updateEvidenceAction({
      evidenceId: own.id,
      version: 1,
      title: `Mine ${share('evidenceTitle')}`,
      kind: 'DOCUMENT',
      source: `I kept it ${share('ownSource')}`,
      ...noPrivacy,
    }),
  );
  const theirs = await upload(caseworker, reference, 'found.txt', `Found ${share('evidence2')}`);
  actAs(caseworker);
  ok(
    await updateEvidenceAction({
      evidenceId: theirs.id,
      version: 1,
      title: 'Found by a caseworker',
      kind: 'DOCUMENT',
      source: `Leaked by ${hide('provenance')}`,
      ...noPrivacy,
    }),
  );
  hiddenIds.push((await upload(caseworker, reference, 'research.txt', `Research ${hide('evidence')}`, true)).id);
  actAs(member);
  ok(
    await captureEvidenceAction({
      caseId: c.kase.id,
      url: `https://example.org/${share('captureUrl')}`,
      text: `Post text ${share('capture')}`,
      seenOn: partial(6),
      title: `Post ${share('captureTitle')}`,
      kind: 'SOCIAL_POST',
      ...noPrivacy,
    }),
  );
  actAs(caseworker);
  ok(
    await captureEvidenceAction({
      caseId: c.kase.id,
      url: `https://example.org/${hide('captureUrl')}`,
      text: `Post text ${hide('capture')}`,
      seenOn: partial(7),
      title: 'Hidden post',
      kind: 'SOCIAL_POST',
      ...noPrivacy,
      caseworkersOnly: true,
    }),
  );

  // A letter (a SAR: it starts a deadline the member sees).
  actAs(member);
  ok(
    await saveLetterAction({
      caseId: c.kase.id,
      templateKey: 'subject-access-request',
      sentOn: '2026-01-08',
      document: {
        senderName: 'A Member',
        senderAddress: '1 Road\nTown',
        recipientName: 'The Party',
        recipientAddress: '1 Party Street',
        subject: 'Subject access request',
        body: `Please send my data. ${share('letter')}`,
        signatureName: 'A Member',
      },
    }),
  );

  // The review: published findings are the member's; internal notes and a later draft are not.
  actAs(caseworker);
  const fairness = (note: string, internal?: string) => ({
    caseId: c.kase.id,
    recommendation: `Recommend ${note}`,
    findings: [
      {
        question: 'TOLD_ALLEGATIONS' as const,
        answer: 'NO' as const,
        note: `Finding ${note}`,
        internalNote: internal ? `Internal ${internal}` : undefined,
        evidenceIds: [],
        version: 0,
      },
    ],
  });
  ok(await saveFairnessAction(fairness(share('review'), hide('reviewInternal'))));
  ok(await publishReviewAction({ caseId: c.kase.id }));
  ok(
    await saveFairnessAction({
      caseId: c.kase.id,
      recommendation: `Changed ${hide('reviewDraft')}`,
      findings: [
        {
          question: 'APPEAL_OFFERED',
          answer: 'NO',
          note: `Draft ${hide('reviewDraftNote')}`,
          evidenceIds: [],
          version: 0,
        },
      ],
    }),
  );
  await db.case.update({ where: { id: c.kase.id }, data: { reviewRecommendation: hidden.draftRec } });

  // Bundles: one for the member (in the export), one for staff only (never).
  for (const [who, audience] of [
    [member, 'MEMBER'],
    [caseworker, 'STAFF'],
  ] as const) {
    await preflight(who, c.kase.id, 'APPEAL', audience);
    actAs(who);
    ok(
      await startBundleAction({
        caseId: c.kase.id,
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
  await jobsIdle();
  const staffOnly = await db.bundle.findMany({ where: { caseId: c.kase.id, audience: 'STAFF' }, select: { id: true } });
  expect(staffOnly).toHaveLength(1);
  hiddenIds.push(...staffOnly.map((b) => b.id));

  // The caseworker opens the case: the member may know who looked.
  await getCaseForViewer(caseworker, reference, ctx);

  // Another member's case, with items that are shared on their case.
  const other = await makeCase();
  otherMember = other.member!;
  actAs(otherMember);
  ok(
    await addEventAction({
      caseId: other.kase.id,
      type: 'NOTE',
      date: partial(3),
      title: `Other ${hide('otherEvent')}`,
      ...noPrivacy,
    }),
  );
  await upload(otherMember, other.kase.reference, 'other.txt', `Other ${hide('otherEvidence')}`);
  hiddenIds.push(other.kase.id, other.kase.reference, otherMember.id, otherMember.email);
}

type Entry = { name: string; bytes: Buffer; text: string };

function unzipAll(zip: Buffer): Entry[] {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-'));
  const file = path.join(dir, 'export.zip');
  fs.writeFileSync(file, zip);
  try {
    // unzip -t: the zip opens, and every file's CRC checks.
    expect(execFileSync('unzip', ['-tq', file], { encoding: 'utf8' })).toMatch(/No errors detected/);
    const names = execFileSync('unzip', ['-Z1', file], { encoding: 'utf8' }).split('\n').filter(Boolean);
    return names.map((name) => {
      const bytes = execFileSync('unzip', ['-p', file, name.replace(/([[\]*?])/g, '[$1]')], {
        maxBuffer: 1 << 28,
      });
      const text = name.endsWith('.pdf')
        ? execFileSync('pdftotext', ['-layout', '-', '-'], { input: bytes, encoding: 'utf8' })
        : bytes.toString('utf8');
      return { name, bytes, text };
    });
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}

async function readAll(stream: NodeJS.ReadableStream): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}

let exportId: string;
let entries: Entry[];

beforeAll(async () => {
  await buildFixture();
  actAs(member);
  const started = Date.now();
  exportId = ok(await requestMemberExportAction({})).id;
  await jobsIdle();
  const file = await openMemberExport(member, exportId, ctx);
  const zip = await readAll(file.stream);
  expect(crypto.createHash('sha256').update(zip).digest('hex')).toBe(file.sha256);
  entries = unzipAll(zip);
  process.stdout.write(
    `\nMember export: ${entries.length} files, ${zip.length} bytes, built and read in ${Date.now() - started} ms\n`,
  );
}, 240_000);

test('the zip holds every marker of what the member can see', () => {
  const all = entries.map((e) => e.text.replace(/\s+/g, '')).join('\n');
  const missing = Object.entries(shared).filter(([, m]) => !all.includes(m));
  expect(missing).toEqual([]);
  expect(Object.keys(shared).length).toBeGreaterThanOrEqual(15);
});

test('and no marker of anything hidden from them, nor of anyone else', () => {
  const leaks = entries.flatMap((e) => {
    const flat = e.text.replace(/\s+/g, '');
    return Object.values(hidden)
      .filter((m) => flat.includes(m))
      .map((m) => `${m} in ${e.name}`);
  });
  expect(leaks).toEqual([]);
  expect(Object.keys(hidden).length).toBeGreaterThanOrEqual(12);
  const ids = entries.flatMap((e) => hiddenIds.filter((id) => e.text.includes(id)).map((id) => `${id} in ${e.name}`));
  expect(ids).toEqual([]);
  expect(hiddenIds.length).toBeGreaterThanOrEqual(7);
});

test('it has the README, the manifest and a file for every kind of item', () => {
  const names = entries.map((e) => e.name);
  for (const n of [
    'README.txt',
    'MANIFEST.txt',
    'manifest.json',
    'account/account.json',
    'account/your-details.json',
    `cases/${reference}/case.json`,
    `cases/${reference}/timeline.csv`,
    `cases/${reference}/evidence.csv`,
    `cases/${reference}/captured-posts.csv`,
    `cases/${reference}/letters.csv`,
    `cases/${reference}/bundles.csv`,
    `cases/${reference}/deadlines.csv`,
    `cases/${reference}/review.json`,
    `cases/${reference}/consent.csv`,
    `cases/${reference}/activity.csv`,
  ])
    expect(names).toContain(n);
  expect(names.filter((n) => n.startsWith(`cases/${reference}/bundles/`))).toHaveLength(1);
  expect(names.filter((n) => n.startsWith(`cases/${reference}/letters/`)).sort()).toEqual([
    expect.stringMatching(/\.pdf$/),
    expect.stringMatching(/\.txt$/),
  ]);
  // Member-visible exhibits: two uploads and one captured post; the caseworker-only two are not there.
  expect(names.filter((n) => n.startsWith(`cases/${reference}/evidence/`))).toHaveLength(3);
  // No secret of the account reaches the zip.
  const account = entries.find((e) => e.name === 'account/account.json')!.text;
  expect(account).not.toMatch(/passwordHash|tokenHash|secretEnc|wrappedKey|storageKey/);
  // Who opened the case, by name and role.
  const activity = entries.find((e) => e.name === `cases/${reference}/activity.csv`)!.text;
  expect(activity).toContain(caseworker.name);
  expect(activity).toContain('caseworker');
});

test('every checksum in the manifest matches its file, and evidence matches what was filed', () => {
  const manifest = JSON.parse(entries.find((e) => e.name === 'manifest.json')!.text) as {
    files: { path: string; sha256: string; size: number; filedSha256?: string | null }[];
  };
  const byName = new Map(entries.map((e) => [e.name, e]));
  expect(manifest.files.map((f) => f.path).sort()).toEqual(
    entries
      .map((e) => e.name)
      .filter((n) => n !== 'MANIFEST.txt' && n !== 'manifest.json')
      .sort(),
  );
  for (const f of manifest.files) {
    const e = byName.get(f.path)!;
    expect([f.path, crypto.createHash('sha256').update(e.bytes).digest('hex')]).toEqual([f.path, f.sha256]);
    expect(e.bytes.length).toBe(f.size);
    if (f.filedSha256) expect([f.path, f.sha256]).toEqual([f.path, f.filedSha256]);
  }
  const text = entries.find((e) => e.name === 'MANIFEST.txt')!.text;
  for (const f of manifest.files) expect(text).toContain(`${f.sha256}  ${f.path}`);
  // The evidence files are byte for byte what was uploaded.
  const evidenceSums = manifest.files.filter((f) => f.path.includes('/evidence/')).map((f) => f.sha256);
  const uploadedShared = [...originals.values()].filter((sum) => evidenceSums.includes(sum));
  expect(uploadedShared).toHaveLength(2);
});

test('only the member may follow or download it; others are told it does not exist', async () => {
  for (const who of [caseworker, coordinator, otherMember]) {
    await expect(getMemberExportStatus(who, exportId)).rejects.toThrow('Not found');
    await expect(openMemberExport(who, exportId, ctx)).rejects.toThrow('Not found');
  }
  for (const who of [caseworker, coordinator]) {
    actAs(who);
    expect(await requestMemberExportAction({})).toMatchObject({ ok: false, code: 'not_found' });
  }
  actAs(null);
  expect(await requestMemberExportAction({})).toMatchObject({ ok: false, code: 'unauthenticated' });
  expect((await getMemberExportStatus(member, exportId)).status).toBe('READY');
});

test('the request, the build, the download and each case read are audited', async () => {
  const rows = await db.auditLog.findMany({
    where: { entityId: exportId },
    select: { action: true, actorId: true },
  });
  expect(rows.map((r) => r.action).sort()).toEqual([
    'member_export.built',
    'member_export.download',
    'member_export.request',
  ]);
  expect(rows.every((r) => r.actorId === member.id)).toBe(true);
  const kase = await db.case.findUniqueOrThrow({ where: { reference }, select: { id: true } });
  expect(
    await db.auditLog.count({ where: { caseId: kase.id, action: 'case.member-export', memberVisible: true } }),
  ).toBe(1);
});

test('asking twice while it is being made makes one export', async () => {
  const m = await makeUser('MEMBER');
  await makeCase({ member: m });
  const [a, b] = await Promise.all([requestMemberExport(m, ctx), requestMemberExport(m, ctx)]);
  expect(a.id).toBe(b.id);
  await jobsIdle();
  expect(await db.memberExport.count({ where: { userId: m.id } })).toBe(1);
});

test('once the link has run out the download is refused and the file deleted', async () => {
  const m = await makeUser('MEMBER');
  await makeCase({ member: m });
  const { id } = await requestMemberExport(m, ctx);
  await jobsIdle();
  const row = await db.memberExport.findUniqueOrThrow({ where: { id } });
  expect(row.status).toBe('READY');
  expect(row.expiresAt!.getTime() - row.finishedAt!.getTime()).toBe(7 * 86_400_000);
  const job = await db.job.findUniqueOrThrow({
    where: { kind_subjectId: { kind: 'MEMBER_EXPORT_EXPIRY', subjectId: id } },
  });
  expect(job.runAfter.getTime()).toBe(row.expiresAt!.getTime());

  await db.memberExport.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  await expect(openMemberExport(m, id, ctx)).rejects.toBeInstanceOf(ExportExpiredError);
  expect(await expireMemberExport(id)).toBe(true);
  await expect(getBlobStore().get(row.storageKey!)).rejects.toThrow();
  const after = await db.memberExport.findUniqueOrThrow({ where: { id } });
  expect([after.storageKey, after.wrappedKey, after.deletedAt === null]).toEqual([null, null, false]);
  expect((await getMemberExportStatus(m, id)).expired).toBe(true);
  // Someone else still gets 404, never 410: an expired export is no clue that it exists.
  await expect(openMemberExport(coordinator, id, ctx)).rejects.toThrow('Not found');
});

test('the routes, as Next calls them: 200 with download headers for the member, 404 for others, 410 once run out', async () => {
  const m = await makeUser('MEMBER');
  await makeCase({ member: m });
  const { id } = await requestMemberExport(m, ctx);
  await jobsIdle();
  const call = (handler: typeof downloadRoute, path: string) =>
    handler(new Request(`http://test/api/member-export/${path}`), { params: Promise.resolve({ id }) });

  actAs(m);
  const progress = await call(statusRoute, id);
  expect(progress.status).toBe(200);
  expect(((await progress.json()) as { data: { status: string } }).data.status).toBe('READY');
  const res = await call(downloadRoute, `${id}/download`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('application/zip');
  expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  expect(res.headers.get('content-disposition')).toMatch(/^attachment; filename="My data from Reinstate/);
  expect(res.headers.get('content-security-policy')).toBe("default-src 'none'; sandbox");
  expect(
    Buffer.from(await res.arrayBuffer())
      .subarray(0, 2)
      .toString(),
  ).toBe('PK');

  for (const who of [caseworker, coordinator, otherMember]) {
    actAs(who);
    expect([who.role, (await call(downloadRoute, `${id}/download`)).status]).toEqual([who.role, 404]);
    expect([who.role, (await call(statusRoute, id)).status]).toEqual([who.role, 404]);
  }
  actAs(null);
  expect((await call(downloadRoute, `${id}/download`)).status).toBe(401);

  await db.memberExport.update({ where: { id }, data: { expiresAt: new Date(Date.now() - 1000) } });
  actAs(m);
  const gone = await call(downloadRoute, `${id}/download`);
  expect(gone.status).toBe(410);
  expect(gone.headers.get('content-type')).toMatch(/^text\/html/);
  const page = await gone.text();
  expect(page).toContain('This download has run out');
  expect(page).toContain('/account#download-my-data');
  actAs(coordinator);
  expect((await call(downloadRoute, `${id}/download`)).status).toBe(404);
});

test('3 exhibits of 24 MB go through the zip and come out byte for byte', async () => {
  const { encryptToStore } = await import('@/lib/evidence/crypto');
  const { newStorageKey, nextExhibitNumber } = await import('@/lib/evidence/file-evidence');
  const m = await makeUser('MEMBER');
  const c = await makeCase({ member: m });
  const MB = 1 << 20;
  const sums: string[] = [];
  for (let n = 0; n < 3; n++) {
    const hash = crypto.createHash('sha256');
    const body = Readable.from(
      (function* () {
        for (let i = 0; i < 24; i++) {
          const chunk = crypto.randomBytes(MB);
          hash.update(chunk);
          yield chunk;
        }
      })(),
    );
    const key = newStorageKey(c.kase.id);
    const stored = await encryptToStore(getBlobStore(), key, body, {});
    sums.push(hash.digest('hex'));
    await db.$transaction(async (tx) =>
      tx.evidence.create({
        data: {
          caseId: c.kase.id,
          exhibitNumber: await nextExhibitNumber(tx, c.kase.id),
          title: `Recording ${n}`,
          originalName: `recording-${n}.bin`,
          mimeType: 'application/octet-stream',
          sizeBytes: stored.size,
          sha256: stored.sha256,
          storageKey: key,
          wrappedKey: stored.wrappedKey,
          createdById: m.id,
        },
      }),
    );
  }
  const { id } = await requestMemberExport(m, ctx);
  await jobsIdle();
  const row = await db.memberExport.findUniqueOrThrow({ where: { id } });
  expect(row.status).toBe('READY');
  expect(row.sizeBytes!).toBeGreaterThan(72 * MB);
  // How much memory the build takes is measured by the benchmark (BENCH_ONLY=export npm run bench), not here.
  // And the three come out byte for byte (read back as a stream, hashed, not kept).
  const file = await openMemberExport(m, id, ctx);
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'export-big-'));
  try {
    const zipPath = path.join(dir, 'e.zip');
    await new Promise<void>((resolve, reject) =>
      file.stream.pipe(fs.createWriteStream(zipPath)).on('finish', resolve).on('error', reject),
    );
    const listing = execFileSync('unzip', ['-Z1', zipPath], { encoding: 'utf8' });
    const out = listing.split('\n').filter((n) => n.includes('/evidence/'));
    expect(out).toHaveLength(3);
    const got = out.map((n) =>
      crypto
        .createHash('sha256')
        .update(execFileSync('unzip', ['-p', zipPath, n], { maxBuffer: 1 << 26 }))
        .digest('hex'),
    );
    expect(got.sort()).toEqual([...sums].sort());
  } finally {
    fs.rmSync(dir, { recursive: true, force: true });
  }
}, 180_000);

test('the upload sweep keeps an export’s file (a row points at it)', async () => {
  const { sweepOrphanBlobs } = await import('@/lib/evidence/sweep-storage');
  const m = await makeUser('MEMBER');
  await makeCase({ member: m });
  const { id } = await requestMemberExport(m, ctx);
  await jobsIdle();
  const { storageKey } = await db.memberExport.findUniqueOrThrow({ where: { id } });
  const { deleted } = await sweepOrphanBlobs(getBlobStore(), { graceMs: 0, now: new Date(Date.now() + 60_000) });
  expect(deleted).not.toContain(storageKey);
  actAs(m);
  expect((await openMemberExport(m, id, ctx)).size).toBeGreaterThan(0);
});

test('a stored file that fails its check fails the build, and nothing half-written is kept', async () => {
  const { makeEvidence } = await import('../../helpers/factories');
  const { buildMemberExport } = await import('@/lib/member-export/build-export');
  const m = await makeUser('MEMBER');
  const c = await makeCase({ member: m });
  const ev = await makeEvidence(c.kase.id, m.id, { text: 'x'.repeat(100_000) });
  const store = getBlobStore();
  const sealed = await readAll(await store.get(ev.storageKey));
  const mid = sealed.length >> 1;
  sealed[mid] = sealed[mid]! ^ 0xff; // one byte flipped in the middle
  await store.put(ev.storageKey, Readable.from([sealed]));
  const row = await db.memberExport.create({ data: { userId: m.id } });
  await expect(buildMemberExport(row.id)).rejects.toThrow();
  const after = await db.memberExport.findUniqueOrThrow({ where: { id: row.id } });
  expect(after.status).not.toBe('READY');
  await expect(store.get(after.storageKey!)).rejects.toThrow();
  actAs(m);
  await expect(openMemberExport(m, row.id, ctx)).rejects.toThrow('Not found');
});
