import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import sharp from 'sharp';
import { db } from '@/lib/db/client';
import { POST } from '@/app/api/cases/[reference]/evidence/route';
import { GET as download } from '@/app/api/evidence/[id]/download/route';
import { GET as preview } from '@/app/api/evidence/[id]/preview/route';
import { verifyEvidenceAction } from '@/lib/evidence/actions';
import { getEnv } from '@/lib/env';
import { actAs, makeCase, makeUser, type TestUser } from '../../helpers/factories';

// The upload and download route handlers, called as Next calls them, on a real database and a
// real (local) encrypted store. Who is calling is set with actAs().
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

function upload(reference: string, name: string, body: Buffer, type = 'application/octet-stream') {
  const req = new Request(`http://test/api/cases/${reference}/evidence`, {
    method: 'POST',
    body: new Uint8Array(body),
    headers: { 'x-file-name': encodeURIComponent(name), 'content-type': type, 'content-length': String(body.length) },
  });
  return POST(req, { params: Promise.resolve({ reference }) }).then(async (res) => {
    // Let work deferred with after() (the thumbnail) finish, as Next does after answering.
    await Promise.all((globalThis as { __pendingAfter?: Promise<unknown>[] }).__pendingAfter ?? []);
    return res;
  });
}
/** A PNG of one colour (previews are made from it). */
const solidPng = (width: number, height: number, background: string) =>
  sharp({ create: { width, height, channels: 3, background } })
    .png()
    .toBuffer();
const get = (handler: typeof download, id: string) =>
  handler(new Request(`http://test/api/evidence/${id}`), { params: Promise.resolve({ id }) });
const json = async (res: Response) =>
  (await res.json()) as { ok: boolean; data?: { id: string; exhibitNumber: number; sha256: string }; error?: string };

let member: TestUser;
let reference: string;
let caseId: string;

beforeAll(async () => {
  const c = await makeCase();
  member = c.member!;
  reference = c.kase.reference;
  caseId = c.kase.id;
});

test('a member files a PNG: numbered, fingerprinted, encrypted at rest, with a metadata-free preview', async () => {
  actAs(member);
  const png = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#c33' } })
    .png()
    .withExif({ IFD0: { Make: 'SpyCam' } })
    .toBuffer();
  const res = await upload(reference, 'screenshot.png', png, 'image/png');
  expect(res.status).toBe(201);
  const { data } = await json(res);
  expect(data!.sha256).toBe(crypto.createHash('sha256').update(png).digest('hex'));
  const row = await db.evidence.findUniqueOrThrow({ where: { id: data!.id } });
  expect(row.exhibitNumber).toBeGreaterThanOrEqual(1);
  // The bytes on disk are not the file: they are encrypted.
  const onDisk = fs.readFileSync(path.join(getEnv().evidenceDir, row.storageKey));
  expect(onDisk.includes(png.subarray(0, 64))).toBe(false);
  // Download gives the original back, as an attachment, never rendered.
  const dl = await get(download, row.id);
  expect(dl.status).toBe(200);
  expect(dl.headers.get('content-disposition')).toMatch(/^attachment; filename="screenshot.png"/);
  expect(dl.headers.get('x-content-type-options')).toBe('nosniff');
  expect(dl.headers.get('content-security-policy')).toContain('sandbox');
  expect(Buffer.from(await dl.arrayBuffer()).equals(png)).toBe(true);
  // The preview has no EXIF and fits 800 px.
  const pv = await get(preview, row.id);
  expect(pv.status).toBe(200);
  const meta = await sharp(Buffer.from(await pv.arrayBuffer())).metadata();
  expect(meta.exif).toBeUndefined();
  expect(Math.max(meta.width!, meta.height!)).toBeLessThanOrEqual(800);
  expect(
    await db.auditLog.count({ where: { entityId: row.id, action: { in: ['evidence.create', 'evidence.download'] } } }),
  ).toBe(2);
});

test('refuses spoofed, empty and oversize files by name, storing nothing', async () => {
  actAs(member);
  const before = await db.evidence.count({ where: { caseId } });
  const html = await upload(
    reference,
    'letter.pdf',
    Buffer.from('<!doctype html><html><script>alert(1)</script></html>'),
    'application/pdf',
  );
  expect(html.status).toBe(422);
  expect((await json(html)).error).toMatch(/^letter\.pdf: /);
  const svg = await upload(
    reference,
    'letter.pdf',
    Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'),
    'application/pdf',
  );
  expect(svg.status).toBe(422);
  const empty = await upload(reference, 'nothing.txt', Buffer.alloc(0));
  expect(empty.status).toBe(422);
  expect((await json(empty)).error).toMatch(/nothing\.txt: .*empty/i);
  const big = await upload(reference, 'huge.pdf', Buffer.concat([PDF, Buffer.alloc(getEnv().evidenceMaxBytes)]));
  expect(big.status).toBe(422);
  expect((await json(big)).error).toMatch(/huge\.pdf: .*MB limit/);
  expect(await db.evidence.count({ where: { caseId } })).toBe(before);
});

test('path tricks in the name never reach storage; the stored name is made safe', async () => {
  actAs(member);
  const res = await upload(reference, '../../etc/passwd\u202Efdp.pdf', PDF, 'application/pdf');
  expect(res.status).toBe(201);
  const row = await db.evidence.findUniqueOrThrow({ where: { id: (await json(res)).data!.id } });
  expect(row.storageKey).toMatch(/^cases\/[a-z0-9]+\/[0-9a-f-]{36}$/);
  expect(row.originalName).not.toMatch(/[\\/]|\.\.|\u202E/);
  expect(row.originalName.endsWith('.pdf')).toBe(true);
});

test('concurrent uploads to one case get unique, gapless exhibit numbers in filing order', async () => {
  const { kase, member: owner } = await makeCase();
  actAs(owner!);
  const results = await Promise.all(
    Array.from({ length: 8 }, (_, i) =>
      upload(kase.reference, `doc-${i}.pdf`, Buffer.concat([PDF, Buffer.from(`%${i}\n`)])),
    ),
  );
  expect(results.every((r) => r.status === 201)).toBe(true);
  const numbers = (
    await db.evidence.findMany({
      where: { caseId: kase.id },
      orderBy: { createdAt: 'asc' },
      select: { exhibitNumber: true },
    })
  ).map((r) => r.exhibitNumber);
  expect([...numbers].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
});

test('tampered bytes in storage: verify reports a mismatch and download fails closed', async () => {
  actAs(member);
  const res = await upload(
    reference,
    'statement.txt',
    Buffer.from('I allowed the motion to be debated.\n'.repeat(100)),
    'text/plain',
  );
  const id = (await json(res)).data!.id;
  expect(await verifyEvidenceAction({ evidenceId: id })).toMatchObject({ ok: true, data: { match: true } });
  const row = await db.evidence.findUniqueOrThrow({ where: { id } });
  const file = path.join(getEnv().evidenceDir, row.storageKey);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 40] = bytes[bytes.length - 40]! ^ 0xff;
  fs.writeFileSync(file, bytes);
  const verified = await verifyEvidenceAction({ evidenceId: id });
  expect(verified).toMatchObject({
    ok: true,
    data: { match: false, problem: expect.stringMatching(/could not be decrypted/) },
  });
  const dl = await get(download, id);
  // The file fails its check on its first bytes: a clear 409, never a 500 or a broken 200.
  expect(dl.status).toBe(409);
  expect(((await dl.json()) as { error: string }).error).toMatch(/changed or damaged/);
});

test('upload, download and preview answer 404 to people who may not see the case, 401 to visitors', async () => {
  const stranger = await makeUser('MEMBER');
  const caseworker = await makeUser('CASEWORKER'); // not assigned
  actAs(member);
  const id = (await json(await upload(reference, 'mine.pdf', PDF))).data!.id;
  for (const who of [stranger, caseworker]) {
    actAs(who);
    expect((await upload(reference, 'x.pdf', PDF)).status).toBe(404);
    expect((await get(download, id)).status).toBe(404);
    expect((await get(preview, id)).status).toBe(404);
  }
  actAs(null);
  expect((await upload(reference, 'x.pdf', PDF)).status).toBe(401);
  expect((await get(download, id)).status).toBe(401);
  actAs(await makeUser('COORDINATOR'));
  expect((await get(download, id)).status).toBe(200);
});

/** A request whose body arrives as a stream, in pieces of uneven sizes (as from a network), optionally failing part-way. */
function streamedUpload(
  reference: string,
  name: string,
  bytes: Buffer,
  opts: { failAfter?: number; headers?: Record<string, string> } = {},
) {
  let at = 0;
  let n = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (opts.failAfter !== undefined && at >= opts.failAfter) return controller.error(new Error('client went away'));
      if (at >= bytes.length) return controller.close();
      const size = [1, 7, 65_535, 65_536, 65_537, 200_000, 3][n++ % 7]!;
      controller.enqueue(new Uint8Array(bytes.subarray(at, at + size)));
      at += size;
    },
  });
  const req = new Request(`http://test/api/cases/${reference}/evidence`, {
    method: 'POST',
    body,
    duplex: 'half',
    headers: {
      'x-file-name': encodeURIComponent(name),
      'content-type': 'application/pdf',
      'content-length': String(bytes.length),
      ...opts.headers,
    },
  } as RequestInit);
  return POST(req, { params: Promise.resolve({ reference }) }).then(async (res) => {
    await Promise.all((globalThis as { __pendingAfter?: Promise<unknown>[] }).__pendingAfter ?? []);
    return res;
  });
}

test('a 3 MB file arriving in uneven pieces is filed intact, its audit row written with it (member visibility by the rule for items)', async () => {
  const caseworker = await makeUser('CASEWORKER');
  const { kase, member: owner } = await makeCase({ caseworker });
  const bytes = Buffer.concat([PDF, crypto.randomBytes(3 * 1024 * 1024 + 12_345), Buffer.from('\n%%EOF\n')]);
  actAs(owner!);
  const shared = await streamedUpload(kase.reference, 'scan.pdf', bytes);
  expect(shared.status).toBe(201);
  const { data } = await json(shared);
  expect(data!.sha256).toBe(crypto.createHash('sha256').update(bytes).digest('hex'));
  expect(Buffer.from(await (await get(download, data!.id)).arrayBuffer()).equals(bytes)).toBe(true);
  const row = await db.evidence.findUniqueOrThrow({ where: { id: data!.id } });
  expect(row).toMatchObject({
    exhibitNumber: 1,
    sizeBytes: bytes.length,
    mimeType: 'application/pdf',
    visibility: 'SHARED',
    kind: 'DOCUMENT',
    createdById: owner!.id,
    title: 'scan',
  });
  expect(row.updatedAt.getTime()).toBeGreaterThan(Date.now() - 60_000);
  expect(await db.case.findUniqueOrThrow({ where: { id: kase.id }, select: { exhibitCounter: true } })).toEqual({
    exhibitCounter: 1,
  });
  const audit = await db.auditLog.findFirstOrThrow({ where: { entityId: row.id, action: 'evidence.create' } });
  expect(audit).toMatchObject({
    actorId: owner!.id,
    entityType: 'Evidence',
    caseId: kase.id,
    memberVisible: true,
    ip: '203.0.113.7',
    userAgent: 'jest',
  });
  expect(audit.fields).toEqual(['file', 'originalName', 'mimeType', 'sizeBytes', 'sha256', 'exhibitNumber']);

  // Filed as caseworkers only: the member's Activity tab does not show its row.
  actAs(caseworker);
  const hidden = await streamedUpload(kase.reference, 'notes.pdf', bytes.subarray(0, 100_000), {
    headers: { 'x-caseworkers-only': '1' },
  });
  expect(hidden.status).toBe(201);
  const hiddenId = (await json(hidden)).data!.id;
  expect(
    await db.evidence.findUniqueOrThrow({ where: { id: hiddenId }, select: { visibility: true, exhibitNumber: true } }),
  ).toEqual({ visibility: 'CASEWORKERS', exhibitNumber: 2 });
  expect(
    await db.auditLog.findFirstOrThrow({
      where: { entityId: hiddenId },
      select: { memberVisible: true, actorId: true },
    }),
  ).toEqual({ memberVisible: false, actorId: caseworker.id });
});

test('a client that goes away part-way leaves no row, no number used, no stored bytes and no temporary file', async () => {
  const { kase, member: owner } = await makeCase();
  actAs(owner!);
  const dir = path.join(getEnv().evidenceDir, 'cases', kase.id.toLowerCase());
  const temp = path.join(getEnv().evidenceDir, '.tmp');
  const tempBefore = new Set(fs.existsSync(temp) ? fs.readdirSync(temp) : []);
  const bytes = Buffer.concat([PDF, crypto.randomBytes(2 * 1024 * 1024)]);
  const res = await streamedUpload(kase.reference, 'half.pdf', bytes, { failAfter: 1024 * 1024 });
  expect(res.status).toBeGreaterThanOrEqual(400);
  expect(await db.evidence.count({ where: { caseId: kase.id } })).toBe(0);
  expect(await db.case.findUniqueOrThrow({ where: { id: kase.id }, select: { exhibitCounter: true } })).toEqual({
    exhibitCounter: 0,
  });
  expect(fs.existsSync(dir) ? fs.readdirSync(dir) : []).toEqual([]);
  // Other test files may share the store and have uploads in flight (theirs come and go); a leftover of this one would stay.
  const newTemp = () => (fs.existsSync(temp) ? fs.readdirSync(temp) : []).filter((f) => !tempBefore.has(f));
  for (let i = 0; i < 50 && newTemp().length; i++) await new Promise((r) => setTimeout(r, 100));
  expect(newTemp()).toEqual([]);
  // The next upload to the case is number 1.
  const next = await streamedUpload(kase.reference, 'whole.pdf', bytes);
  expect((await json(next)).data!.exhibitNumber).toBe(1);
});

test('the answer says the preview is being made; it appears once made after the answer, and a preview that cannot be made leaves the file usable and says so', async () => {
  const { kase, member: owner } = await makeCase();
  actAs(owner!);
  const settle = () => Promise.all((globalThis as { __pendingAfter?: Promise<unknown>[] }).__pendingAfter ?? []);
  type Filed = { ok: boolean; data: { id: string; previewState: string | null } };

  // A picture: PENDING in the answer (the preview is made after it), READY with a preview afterwards.
  const png = await solidPng(300, 200, '#36c');
  const req = new Request(`http://test/api/cases/${kase.reference}/evidence`, {
    method: 'POST',
    body: new Uint8Array(png),
    headers: { 'x-file-name': 'board.png', 'content-type': 'image/png', 'content-length': String(png.length) },
  });
  const answer = (await (await POST(req, { params: Promise.resolve({ reference: kase.reference }) })).json()) as Filed;
  expect(answer.data.previewState).toBe('PENDING');
  await settle();
  const ready = await db.evidence.findUniqueOrThrow({
    where: { id: answer.data.id },
    select: { previewState: true, previewKey: true },
  });
  expect(ready.previewState).toBe('READY');
  expect(ready.previewKey).toBeTruthy();
  expect((await get(preview, answer.data.id)).status).toBe(200);

  // A "PDF" no renderer can draw (random bytes, as in the benchmark): FAILED, no preview, the file intact.
  const junk = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(50_000), Buffer.from('\n%%EOF\n')]);
  const res = await upload(kase.reference, 'scan.pdf', junk, 'application/pdf');
  const failed = (await res.json()) as Filed;
  expect(failed.data.previewState).toBe('PENDING');
  const row = await db.evidence.findUniqueOrThrow({
    where: { id: failed.data.id },
    select: { previewState: true, previewKey: true },
  });
  expect(row).toEqual({ previewState: 'FAILED', previewKey: null });
  expect((await get(preview, failed.data.id)).status).toBe(404);
  const dl = await get(download, failed.data.id);
  expect(dl.status).toBe(200);
  expect(Buffer.from(await dl.arrayBuffer()).equals(junk)).toBe(true);
  const { listEvidence } = await import('@/lib/evidence/evidence-services');
  expect((await listEvidence(owner!, kase.id)).map((i) => i.previewState)).toEqual(['READY', 'FAILED']);

  // Kinds with no preview at all say nothing about one.
  const text = (await (
    await upload(kase.reference, 'note.txt', Buffer.from('A note.\n'), 'text/plain')
  ).json()) as Filed;
  expect(text.data.previewState).toBeNull();
  expect((await db.evidence.findUniqueOrThrow({ where: { id: text.data.id } })).previewState).toBeNull();
});

test('the case page says "Preview being made" until the preview exists, and says so when none could be made', async () => {
  const { renderToStaticMarkup } = await import('react-dom/server');
  // The tab's interactive parts need the app router; what is checked here is the list the server renders.
  jest.doMock('@/lib/evidence/components/evidence-tab-parts', () => ({
    CaptureForm: () => null,
    EvidenceItemActions: () => null,
    EvidenceUploader: () => null,
    PreviewWatcher: () => null,
  }));
  const { EvidenceTab } = await import('@/lib/evidence/components/evidence-tab');
  const { listEvidence } = await import('@/lib/evidence/evidence-services');
  const { kase, member: owner } = await makeCase();
  actAs(owner!);
  const junk = Buffer.concat([Buffer.from('%PDF-1.4\n'), crypto.randomBytes(20_000), Buffer.from('\n%%EOF\n')]);
  const { data } = (await (await upload(kase.reference, 'scan.pdf', junk, 'application/pdf')).json()) as {
    data: { id: string };
  };
  const html = async () =>
    renderToStaticMarkup(
      EvidenceTab({
        actor: owner!,
        reference: kase.reference,
        caseId: kase.id,
        items: await listEvidence(owner!, kase.id),
        events: [],
        maxMb: 25,
      }),
    );
  await db.evidence.update({ where: { id: data.id }, data: { previewState: 'PENDING' } });
  expect(await html()).toContain('Preview being made');
  await db.evidence.update({ where: { id: data.id }, data: { previewState: 'FAILED' } });
  const failedHtml = await html();
  expect(failedHtml).toContain('A preview could not be made from this file');
  expect(failedHtml).not.toContain('Preview being made');
  expect(failedHtml).toContain(`/api/evidence/${data.id}/download`);
});

test('a preview left "being made" by a server that stopped is made at the next start; a fresh one is left to the server making it', async () => {
  const { retakePendingPreviews } = await import('@/lib/evidence/attach-preview');
  const { kase, member: owner } = await makeCase();
  actAs(owner!);
  const png = await solidPng(200, 100, '#c33');
  const ids: string[] = [];
  for (const name of ['old.png', 'fresh.png'])
    ids.push((await json(await upload(kase.reference, name, png, 'image/png'))).data!.id);
  // As if the server had stopped before either preview was made: one filed an hour ago, one just now.
  await db.evidence.updateMany({
    where: { id: { in: ids } },
    data: { previewState: 'PENDING', previewKey: null, previewWrappedKey: null },
  });
  await db.evidence.update({ where: { id: ids[0] }, data: { createdAt: new Date(Date.now() - 60 * 60_000) } });
  expect(await retakePendingPreviews({ limit: 1000 })).toBeGreaterThanOrEqual(1);
  const rows = await db.evidence.findMany({
    where: { id: { in: ids } },
    select: { originalName: true, previewState: true, previewKey: true },
  });
  expect(rows.find((r) => r.originalName === 'old.png')).toMatchObject({
    previewState: 'READY',
    previewKey: expect.any(String),
  });
  expect(rows.find((r) => r.originalName === 'fresh.png')).toMatchObject({ previewState: 'PENDING', previewKey: null });
});

test('previews wait while another upload is arriving, start once none is, and a preview of an item erased meanwhile saves nothing', async () => {
  const { uploadBegins } = await import('@/lib/evidence/preview-queue');
  const { kase, member: owner } = await makeCase();
  actAs(owner!);
  const png = await solidPng(240, 160, '#3a3');
  const state = (id: string) =>
    db.evidence.findUniqueOrThrow({ where: { id }, select: { previewState: true, previewKey: true } });
  // Another file is still arriving (as if in a second request) while this one is filed and answered.
  const arriving = uploadBegins();
  const req = new Request(`http://test/api/cases/${kase.reference}/evidence`, {
    method: 'POST',
    body: new Uint8Array(png),
    headers: { 'x-file-name': 'wait.png', 'content-type': 'image/png', 'content-length': String(png.length) },
  });
  const answer = (await (await POST(req, { params: Promise.resolve({ reference: kase.reference }) })).json()) as {
    data: { id: string };
  };
  const made = Promise.all((globalThis as { __pendingAfter?: Promise<unknown>[] }).__pendingAfter ?? []);
  await new Promise((r) => setTimeout(r, 700)); // well past the quiet period: only the arriving upload holds it back
  expect(await state(answer.data.id)).toEqual({ previewState: 'PENDING', previewKey: null });
  arriving();
  await made;
  expect(await state(answer.data.id)).toMatchObject({ previewState: 'READY', previewKey: expect.any(String) });

  // Erased before its turn came: the queued preview writes no row and leaves no stored preview.
  const second = await json(await upload(kase.reference, 'gone.png', png, 'image/png'));
  const row = await db.evidence.findUniqueOrThrow({ where: { id: second.data!.id } });
  expect(row.previewKey).toBeTruthy();
  const { getBlobStore } = await import('@/lib/evidence/storage');
  expect(await getBlobStore().exists(`${row.storageKey}-preview`)).toBe(true);
  // Its preview queued again, as if it had just been filed, and the row erased before the queue gets to it.
  const { queuePreview } = await import('@/lib/evidence/preview-queue');
  const holding = uploadBegins();
  const again = queuePreview({
    id: row.id,
    storageKey: row.storageKey,
    wrappedKey: row.wrappedKey,
    mimeType: row.mimeType,
    sizeBytes: row.sizeBytes,
  });
  await db.evidence.delete({ where: { id: row.id } });
  holding();
  expect(await again).toBe(false);
  expect(await db.evidence.count({ where: { id: row.id } })).toBe(0);
  expect(await getBlobStore().exists(`${row.storageKey}-preview`)).toBe(false);
});

test('a running server makes the previews a stopped one left "being made", without waiting for its next start', async () => {
  const { retakeTiming, startPreviewRetake } = await import('@/lib/evidence/preview-queue');
  const { kase, member: owner } = await makeCase();
  actAs(owner!);
  const png = await solidPng(120, 90, '#963');
  const { data } = await json(await upload(kase.reference, 'left.png', png, 'image/png'));
  // As if a server had filed it ten minutes ago and stopped before its preview was made.
  await db.evidence.update({
    where: { id: data!.id },
    data: {
      previewState: 'PENDING',
      previewKey: null,
      previewWrappedKey: null,
      createdAt: new Date(Date.now() - 10 * 60_000),
    },
  });
  Object.assign(retakeTiming, { firstMs: 50, everyMs: 60 * 60_000 });
  startPreviewRetake();
  let row = await db.evidence.findUniqueOrThrow({ where: { id: data!.id } });
  for (let i = 0; i < 100 && row.previewState === 'PENDING'; i++) {
    await new Promise((r) => setTimeout(r, 100));
    row = await db.evidence.findUniqueOrThrow({ where: { id: data!.id } });
  }
  expect(row).toMatchObject({ previewState: 'READY', previewKey: expect.any(String) });
});
