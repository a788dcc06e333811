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
const PDF = Buffer.from('%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n');

function upload(reference: string, name: string, body: Buffer, type = 'application/octet-stream') {
  const req = new Request(`http://test/api/cases/${reference}/evidence`, {
    method: 'POST', body: new Uint8Array(body), headers: { 'x-file-name': encodeURIComponent(name), 'content-type': type, 'content-length': String(body.length) },
  });
  return POST(req, { params: Promise.resolve({ reference }) }).then(async (res) => {
    // Let work deferred with after() (the thumbnail) finish, as Next does after answering.
    await Promise.all((globalThis as { __pendingAfter?: Promise<unknown>[] }).__pendingAfter ?? []);
    return res;
  });
}
const get = (handler: typeof download, id: string) => handler(new Request(`http://test/api/evidence/${id}`), { params: Promise.resolve({ id }) });
const json = async (res: Response) => (await res.json()) as { ok: boolean; data?: { id: string; exhibitNumber: number; sha256: string }; error?: string };

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
  const png = await sharp({ create: { width: 1200, height: 900, channels: 3, background: '#c33' } }).png().withExif({ IFD0: { Make: 'SpyCam' } }).toBuffer();
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
  expect(await db.auditLog.count({ where: { entityId: row.id, action: { in: ['evidence.create', 'evidence.download'] } } })).toBe(2);
});

test('refuses spoofed, empty and oversize files by name, storing nothing', async () => {
  actAs(member);
  const before = await db.evidence.count({ where: { caseId } });
  const html = await upload(reference, 'letter.pdf', Buffer.from('<!doctype html><html><script>alert(1)</script></html>'), 'application/pdf');
  expect(html.status).toBe(422);
  expect((await json(html)).error).toMatch(/^letter\.pdf: /);
  const svg = await upload(reference, 'letter.pdf', Buffer.from('<svg xmlns="http://www.w3.org/2000/svg" onload="alert(1)"/>'), 'application/pdf');
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
  const results = await Promise.all(Array.from({ length: 8 }, (_, i) => upload(kase.reference, `doc-${i}.pdf`, Buffer.concat([PDF, Buffer.from(`%${i}\n`)]))));
  expect(results.every((r) => r.status === 201)).toBe(true);
  const numbers = (await db.evidence.findMany({ where: { caseId: kase.id }, orderBy: { createdAt: 'asc' }, select: { exhibitNumber: true } })).map((r) => r.exhibitNumber);
  expect([...numbers].sort((a, b) => a - b)).toEqual([1, 2, 3, 4, 5, 6, 7, 8]);
});

test('tampered bytes in storage: verify reports a mismatch and download fails closed', async () => {
  actAs(member);
  const res = await upload(reference, 'statement.txt', Buffer.from('I allowed the motion to be debated.\n'.repeat(100)), 'text/plain');
  const id = (await json(res)).data!.id;
  expect(await verifyEvidenceAction({ evidenceId: id })).toMatchObject({ ok: true, data: { match: true } });
  const row = await db.evidence.findUniqueOrThrow({ where: { id } });
  const file = path.join(getEnv().evidenceDir, row.storageKey);
  const bytes = fs.readFileSync(file);
  bytes[bytes.length - 40] = bytes[bytes.length - 40]! ^ 0xff;
  fs.writeFileSync(file, bytes);
  const verified = await verifyEvidenceAction({ evidenceId: id });
  expect(verified).toMatchObject({ ok: true, data: { match: false, problem: expect.stringMatching(/could not be decrypted/) } });
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
