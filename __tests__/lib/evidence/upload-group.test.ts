import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { db } from '@/lib/db/client';
import { POST } from '@/app/api/cases/[reference]/evidence/route';
import { GET as download } from '@/app/api/evidence/[id]/download/route';
import { getEnv } from '@/lib/env';
import { GROUP_MAX_FILES } from '@/lib/evidence/upload-groups';
import { actAs, makeCase, makeUser, type TestUser } from '../../helpers/factories';

// Small files sent together in one multipart request (the uploader's groups, lib/evidence/upload-groups.ts),
// through the route handler as Next calls it, on a real database and the real local encrypted store.
const pdf = (text: string) =>
  Buffer.from(
    `%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\n% ${text}\ntrailer<</Root 1 0 R>>\n%%EOF\n`,
  );
const EXE = Buffer.concat([Buffer.from('MZ\x90\x00\x03\x00\x00\x00', 'binary'), crypto.randomBytes(2000)]);

type Answer = {
  ok: boolean;
  error?: string;
  data?: {
    files: (
      | { name: string; filed: { id: string; exhibitNumber: number; sha256: string } }
      | { name: string; error: string }
    )[];
  };
};

const after = async (res: Response) => {
  // Let work deferred with after() (the thumbnails) finish, as Next does after answering.
  await Promise.all((globalThis as { __pendingAfter?: Promise<unknown>[] }).__pendingAfter ?? []);
  return { status: res.status, body: (await res.json()) as Answer };
};

function sendGroup(
  reference: string,
  files: { name: string; bytes: Buffer; type?: string }[],
  opts: { count?: number; headers?: Record<string, string>; extra?: (form: FormData) => void } = {},
) {
  const form = new FormData();
  for (const f of files)
    form.append('file', new Blob([new Uint8Array(f.bytes)], { type: f.type ?? 'application/pdf' }), f.name);
  opts.extra?.(form);
  const req = new Request(`http://test/api/cases/${reference}/evidence`, {
    method: 'POST',
    body: form,
    headers: { 'x-file-count': String(opts.count ?? files.length), ...opts.headers },
  });
  return POST(req, { params: Promise.resolve({ reference }) }).then(after);
}

/** A multipart body sent in pieces, failing after `failAfter` bytes as a client that goes away does. */
async function sendCut(reference: string, files: { name: string; bytes: Buffer }[], failAfter: number) {
  const form = new FormData();
  for (const f of files) form.append('file', new Blob([new Uint8Array(f.bytes)], { type: 'application/pdf' }), f.name);
  const whole = new Request('http://test/', { method: 'POST', body: form });
  const bytes = Buffer.from(await whole.arrayBuffer());
  let at = 0;
  const body = new ReadableStream<Uint8Array>({
    pull(controller) {
      if (at >= failAfter) return controller.error(new Error('client went away'));
      controller.enqueue(new Uint8Array(bytes.subarray(at, at + 1000)));
      at += 1000;
    },
  });
  const req = new Request(`http://test/api/cases/${reference}/evidence`, {
    method: 'POST',
    body,
    duplex: 'half',
    headers: { 'content-type': whole.headers.get('content-type')!, 'x-file-count': String(files.length) },
  } as RequestInit);
  return POST(req, { params: Promise.resolve({ reference }) }).then((res) => res.status);
}

const stored = (caseId: string) => {
  const dir = path.join(getEnv().evidenceDir, 'cases', caseId.toLowerCase());
  // The files themselves (a preview is stored beside its file as <key>-preview).
  return fs.existsSync(dir)
    ? fs
        .readdirSync(dir)
        .filter((f) => !f.endsWith('-preview'))
        .sort()
    : [];
};
const filedOn = (caseId: string) =>
  db.evidence.findMany({
    where: { caseId },
    orderBy: { exhibitNumber: 'asc' },
    select: { originalName: true, exhibitNumber: true, storageKey: true },
  });

let member: TestUser;
let caseworker: TestUser;
let reference: string;
let caseId: string;

beforeEach(async () => {
  caseworker = await makeUser('CASEWORKER');
  const c = await makeCase({ caseworker });
  member = c.member!;
  reference = c.kase.reference;
  caseId = c.kase.id;
});

test('a group is filed in one go: numbered in the order sent, each audited, each byte intact and encrypted at rest', async () => {
  actAs(member);
  const files = ['Suspension letter.pdf', 'Appeal — Łódź.pdf', 'notes "draft".pdf'].map((name, i) => ({
    name,
    bytes: pdf(`file ${i} ${crypto.randomBytes(8).toString('hex')}`),
  }));
  const { status, body } = await sendGroup(reference, files);
  expect(status).toBe(200);
  const results = body.data!.files;
  expect(results.map((r) => r.name)).toEqual(files.map((f) => f.name));
  const filed = results.map((r) => ('filed' in r ? r.filed : null));
  expect(filed.map((f) => f?.exhibitNumber)).toEqual([1, 2, 3]);
  for (const [i, f] of files.entries()) {
    expect(filed[i]!.sha256).toBe(crypto.createHash('sha256').update(f.bytes).digest('hex'));
    const dl = await download(new Request(`http://test/api/evidence/${filed[i]!.id}/download`), {
      params: Promise.resolve({ id: filed[i]!.id }),
    });
    expect(Buffer.from(await dl.arrayBuffer()).equals(f.bytes)).toBe(true);
  }
  const rows = await filedOn(caseId);
  expect(rows.map((r) => r.originalName)).toEqual(['Suspension letter.pdf', 'Appeal — Łódź.pdf', 'notes _draft_.pdf']);
  expect(stored(caseId)).toHaveLength(3);
  // Each got its preview after the answer.
  expect(await db.evidence.findMany({ where: { caseId }, select: { previewState: true } })).toEqual(
    files.map(() => ({ previewState: 'READY' })),
  );
  const onDisk = fs.readFileSync(path.join(getEnv().evidenceDir, rows[0]!.storageKey));
  expect(onDisk.includes(files[0]!.bytes.subarray(0, 40))).toBe(false);
  const audits = await db.auditLog.findMany({ where: { caseId, action: 'evidence.create' } });
  expect(audits.map((a) => a.entityId).sort()).toEqual(filed.map((f) => f!.id).sort());
  expect(audits.every((a) => a.actorId === member.id && a.memberVisible)).toBe(true);
  expect(await db.case.findUniqueOrThrow({ where: { id: caseId }, select: { exhibitCounter: true } })).toEqual({
    exhibitCounter: 3,
  });
});

test('a file refused for itself is named with its reason and not stored; the others are filed', async () => {
  actAs(member);
  const { status, body } = await sendGroup(reference, [
    { name: 'one.pdf', bytes: pdf('one') },
    { name: 'setup.exe', bytes: EXE, type: 'application/octet-stream' },
    { name: 'empty.pdf', bytes: Buffer.alloc(0) },
    { name: 'two.pdf', bytes: pdf('two') },
  ]);
  expect(status).toBe(200);
  const results = body.data!.files;
  expect(results.map((r) => ('filed' in r ? `filed E${r.filed.exhibitNumber}` : r.error))).toEqual([
    'filed E1',
    expect.stringMatching(/^setup\.exe: .+/),
    'empty.pdf: The file is empty.',
    'filed E2',
  ]);
  expect((await filedOn(caseId)).map((r) => r.originalName)).toEqual(['one.pdf', 'two.pdf']);
  expect(stored(caseId)).toHaveLength(2);
});

test('a group that loses a file on the way, has a field, too many files or no boundary is refused whole: nothing filed, nothing stored', async () => {
  actAs(member);
  const two = [
    { name: 'a.pdf', bytes: pdf('a') },
    { name: 'b.pdf', bytes: pdf('b') },
  ];
  const refused = [
    await sendGroup(reference, two, { count: 3 }),
    await sendGroup(reference, two, { extra: (form) => form.append('title', 'not a file') }),
    await sendGroup(
      reference,
      Array.from({ length: GROUP_MAX_FILES + 1 }, (_, i) => ({ name: `p${i}.pdf`, bytes: pdf(String(i)) })),
      { count: GROUP_MAX_FILES },
    ),
    await sendGroup(reference, two, { count: 0 }),
    await sendGroup(reference, two, { headers: { 'content-type': 'multipart/form-data' } }),
  ];
  expect(refused.map((r) => r.status)).toEqual([422, 422, 422, 422, 422]);
  expect(refused.map((r) => r.body.error)).toEqual([
    'The upload said 3 files but 2 arrived. Nothing was filed: please try again.',
    'The upload has a field "title" that is not a file.',
    `At most ${GROUP_MAX_FILES} files can be sent in one request.`,
    `X-File-Count must say how many files are sent: 1 to ${GROUP_MAX_FILES}.`,
    'The upload could not be read: its Content-Type has no multipart boundary.',
  ]);
  expect(await filedOn(caseId)).toEqual([]);
  expect(stored(caseId)).toEqual([]);
  expect(await db.case.findUniqueOrThrow({ where: { id: caseId }, select: { exhibitCounter: true } })).toEqual({
    exhibitCounter: 0,
  });
});

test('a client that goes away in the middle of a group (Cancel) leaves nothing filed and nothing stored', async () => {
  actAs(member);
  const files = Array.from({ length: 5 }, (_, i) => ({
    name: `page-${i}.pdf`,
    bytes: pdf(crypto.randomBytes(30_000).toString('hex')),
  }));
  // Part-way through the fourth file: three were received whole.
  const status = await sendCut(reference, files, 3.5 * 60_000);
  expect(status).toBeGreaterThanOrEqual(400);
  expect(await filedOn(caseId)).toEqual([]);
  expect(stored(caseId)).toEqual([]);
  expect(await db.auditLog.count({ where: { caseId, action: 'evidence.create' } })).toBe(0);
});

test('a group for a case the sender may not see answers 404 and stores nothing; only staff file a group as caseworkers only; a coordinator may file', async () => {
  const files = [{ name: 'x.pdf', bytes: pdf('x') }];
  for (const who of [await makeUser('MEMBER'), await makeUser('CASEWORKER')]) {
    actAs(who);
    expect((await sendGroup(reference, files)).status).toBe(404);
  }
  actAs(null);
  expect((await sendGroup(reference, files)).status).toBe(401);
  actAs(member);
  const hiddenByMember = await sendGroup(reference, files, { headers: { 'x-caseworkers-only': '1' } });
  expect(hiddenByMember.status).toBe(422);
  expect(await filedOn(caseId)).toEqual([]);
  expect(stored(caseId)).toEqual([]);
  actAs(caseworker);
  const hidden = await sendGroup(
    reference,
    [
      { name: 'internal-1.pdf', bytes: pdf('i1') },
      { name: 'internal-2.pdf', bytes: pdf('i2') },
    ],
    { headers: { 'x-caseworkers-only': '1' } },
  );
  expect(hidden.status).toBe(200);
  expect(await db.evidence.findMany({ where: { caseId }, select: { visibility: true } })).toEqual([
    { visibility: 'CASEWORKERS' },
    { visibility: 'CASEWORKERS' },
  ]);
  const audits = await db.auditLog.findMany({ where: { caseId, action: 'evidence.create' } });
  expect(audits.map((a) => a.memberVisible)).toEqual([false, false]);
  // A coordinator sees every case, and may file into any.
  const coordinator = await makeUser('COORDINATOR');
  actAs(coordinator);
  const byCoordinator = await sendGroup(reference, [{ name: 'from-the-region.pdf', bytes: pdf('r') }]);
  expect(byCoordinator.status).toBe(200);
  expect(await db.auditLog.count({ where: { caseId, action: 'evidence.create', actorId: coordinator.id } })).toBe(1);
});

test('a foreign Origin is refused before any file is read', async () => {
  actAs(member);
  const res = await sendGroup(reference, [{ name: 'a.pdf', bytes: pdf('a') }], {
    headers: { origin: 'http://evil.example' },
  });
  expect(res.status).toBe(422);
  expect(await filedOn(caseId)).toEqual([]);
});
