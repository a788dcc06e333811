import { db } from '@/lib/db/client';
import { POST } from '@/app/api/cases/[reference]/evidence/route';
import { actAs, makeCase, type TestUser } from '../../helpers/factories';

// The evidence upload refuses a request sent by a page of another origin, exactly as the letter
// draft route does: a page of the same site on another port (a dev server, another app on the
// host) gets the member's cookie sent along, and must not be able to file a document into a case.
const PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

function upload(reference: string, headers: Record<string, string>) {
  const req = new Request(`http://test/api/cases/${reference}/evidence`, {
    method: 'POST',
    body: new Uint8Array(PDF),
    headers: {
      'x-file-name': 'letter.pdf',
      'content-type': 'application/pdf',
      'content-length': String(PDF.length),
      ...headers,
    },
  });
  return POST(req, { params: Promise.resolve({ reference }) }).then(async (res) => {
    // Let work deferred with after() (the thumbnail) finish, as Next does after answering.
    await Promise.all((globalThis as { __pendingAfter?: Promise<unknown>[] }).__pendingAfter ?? []);
    return res;
  });
}

let member: TestUser;
let reference: string;
let caseId: string;

beforeAll(async () => {
  const c = await makeCase();
  member = c.member!;
  reference = c.kase.reference;
  caseId = c.kase.id;
});

test('a foreign Origin (same host, another port) is refused and nothing is filed', async () => {
  actAs(member);
  for (const origin of ['http://test:8080', 'https://test', 'http://evil.example', 'null']) {
    const res = await upload(reference, { origin });
    expect({ origin, status: res.status }).toEqual({ origin, status: 422 });
    expect(((await res.json()) as { error: string }).error).toMatch(/another site/);
  }
  expect(await db.evidence.count({ where: { caseId } })).toBe(0);
  expect(await db.auditLog.count({ where: { caseId, action: 'evidence.create' } })).toBe(0);
});

test('the same upload from the app’s own origin, or with no Origin (not a page), is filed', async () => {
  actAs(member);
  expect((await upload(reference, { origin: 'http://test' })).status).toBe(201);
  expect((await upload(reference, {})).status).toBe(201);
  expect(await db.evidence.count({ where: { caseId } })).toBe(2);
});

test('a file-name header that does not decode is a 4xx naming the field, not a 500', async () => {
  actAs(member);
  for (const name of ['%E0%A4%A', '%ZZ.pdf', 'a%00b.pdf']) {
    const res = await upload(reference, { 'x-file-name': name });
    expect({ name, status: res.status }).toEqual({ name, status: 422 });
    expect(((await res.json()) as { fieldErrors: Record<string, string> }).fieldErrors).toHaveProperty('file');
  }
  expect(await db.evidence.count({ where: { caseId } })).toBe(2);
});
