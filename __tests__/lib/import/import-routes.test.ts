import crypto from 'node:crypto';
import { db } from '@/lib/db/client';
import { POST as sheetRoute } from '@/app/api/import/sheet/route';
import { POST as checkRoute } from '@/app/api/import/check/route';
import { POST as runRoute } from '@/app/api/import/run/route';
import { actAs, makeBranch, makeUser, type TestUser } from '../../helpers/factories';

// The import's three route handlers as Next calls them: who may call them, what a CSV from Excel looks like
// to them, and the streamed import. Who is calling is set with actAs().
let coordinator: TestUser;
let branchName: string;
beforeAll(async () => {
  coordinator = await makeUser('COORDINATOR');
  branchName = (await makeBranch()).branch.name;
});

const sheet = (body: Uint8Array | string, name = 'officers.csv', type = 'text/csv') =>
  sheetRoute(
    new Request('http://test/api/import/sheet', {
      method: 'POST',
      body: typeof body === 'string' ? body : new Uint8Array(body),
      headers: { 'content-type': type, 'x-file-name': encodeURIComponent(name) },
    }),
  );
const json = (route: typeof checkRoute, body: unknown) =>
  route(
    new Request('http://test/api/import', {
      method: 'POST',
      body: JSON.stringify(body),
      headers: { 'content-type': 'application/json' },
    }),
  );

test('an Excel CSV: byte-order mark, semicolons, a quoted cell with line breaks and a semicolon', async () => {
  actAs(coordinator);
  const csv = '\uFEFFName;Branch;Summary\r\n"Smith; Jo";North;"Line one\r\nline two"\r\nAl Brown;South;\r\n';
  const res = await sheet(csv);
  expect(res.status).toBe(200);
  const { data } = (await res.json()) as { data: { headings: string[]; rows: { line: number; cells: string[] }[] } };
  expect(data.headings).toEqual(['Name', 'Branch', 'Summary']);
  expect(data.rows).toEqual([
    { line: 2, cells: ['Smith; Jo', 'North', 'Line one\r\nline two'] },
    { line: 3, cells: ['Al Brown', 'South', ''] },
  ]);
  // Windows-1252 (Excel's older "CSV") reads too: "Siân" with â as one byte.
  const latin = await sheet(new Uint8Array([...Buffer.from('Name\r\nSi'), 0xe2, ...Buffer.from('n\r\n')]));
  expect(((await latin.json()) as { data: { rows: { cells: string[] }[] } }).data.rows[0]!.cells).toEqual(['Siân']);
});

test('files that are not a CSV, or too large, are refused with a message for the file field', async () => {
  actAs(coordinator);
  const xlsx = await sheet(Buffer.from('PK\u0003\u0004binary\u0000stuff'), 'officers.xlsx', 'application/octet-stream');
  expect(xlsx.status).toBe(422);
  expect(((await xlsx.json()) as { fieldErrors: { file: string } }).fieldErrors.file).toMatch(/Save As/);
  const binary = await sheet(new Uint8Array([0x4e, 0x00, 0x41]), 'x.csv');
  expect(binary.status).toBe(422);
  const big = await sheetRoute(
    new Request('http://test/api/import/sheet', {
      method: 'POST',
      body: 'a',
      headers: { 'content-type': 'text/csv', 'x-file-name': 'big.csv', 'content-length': String(6 * 1024 * 1024) },
    }),
  );
  expect(big.status).toBe(422);
  expect(((await big.json()) as { error: string }).error).toMatch(/too large/);
  const empty = await sheet('');
  expect(empty.status).toBe(422);
});

const HEAD = ['Name', 'Branch', 'Sanction', 'Date', 'Consent', 'Consent date'];
const MAP = ['fullName', 'branch', 'sanctionType', 'imposedOn', 'consentMethod', 'consentGivenOn'];
const rowFor = (name: string, date = 'Dec 2020') => [name, branchName, 'Suspension', date, 'By phone', '2/1/2025'];

test('check and run: the preview names problems; the import streams progress, then the result and rejected CSV', async () => {
  actAs(coordinator);
  const t = crypto.randomBytes(4).toString('hex');
  const rows = [
    { line: 2, cells: rowFor(`Route ${t} A`) },
    { line: 3, cells: rowFor(`Route ${t} B`, 'Decembre') },
  ];
  const check = await json(checkRoute, { mapping: MAP, rows });
  expect(check.status).toBe(200);
  const preview = ((await check.json()) as { data: { line: number; problems: { field: string }[] }[] }).data;
  expect(preview.map((r) => r.problems.map((p) => p.field))).toEqual([[], ['imposedOn']]);

  const run = await json(runRoute, { headings: HEAD, mapping: MAP, rows, duplicates: 'skip' });
  expect(run.headers.get('content-type')).toMatch(/ndjson/);
  const lines = (await run.text())
    .trim()
    .split('\n')
    .map((l) => JSON.parse(l) as Record<string, unknown>);
  expect(lines[0]).toEqual({ progress: [0, 1] });
  const last = lines.at(-1) as { ok: boolean; data: { imported: { reference: string }[]; rejectedCsv: string } };
  expect(last.ok).toBe(true);
  expect(last.data.imported).toHaveLength(1);
  expect(last.data.rejectedCsv).toMatch(/^\uFEFFName,Branch,Sanction,Date,Consent,Consent date,reason\r\n/);
  expect(last.data.rejectedCsv).toMatch(/Decembre/);
  expect(await db.person.count({ where: { fullName: { startsWith: `Route ${t}` } } })).toBe(1);
});

test('members and caseworkers are told the import does not exist; visitors are asked to sign in', async () => {
  const t = crypto.randomBytes(4).toString('hex');
  const body = { headings: HEAD, mapping: MAP, rows: [{ line: 2, cells: rowFor(`Denied ${t}`) }], duplicates: 'skip' };
  for (const [who, status] of [
    [await makeUser('MEMBER'), 404],
    [await makeUser('CASEWORKER'), 404],
    [null, 401],
  ] as const) {
    actAs(who);
    expect((await sheet('Name\r\nA\r\n')).status).toBe(status);
    expect((await json(checkRoute, { mapping: MAP, rows: body.rows })).status).toBe(status);
    expect((await json(runRoute, body)).status).toBe(status);
  }
  expect(await db.person.count({ where: { fullName: `Denied ${t}` } })).toBe(0);
});

test('a bad request is a field message, never a 500', async () => {
  actAs(coordinator);
  const res = await json(runRoute, { headings: HEAD, mapping: ['nonsense'], rows: [], duplicates: 'maybe', role: 'x' });
  expect(res.status).toBe(422);
  const notJson = await runRoute(new Request('http://test/api/import/run', { method: 'POST', body: '{' }));
  expect(notJson.status).toBe(422);
});
