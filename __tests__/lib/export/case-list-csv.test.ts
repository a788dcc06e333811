import { parse } from 'csv-parse/sync';
import { db } from '@/lib/db/client';
import { exportCaseList } from '@/lib/export/case-list-csv';
import { parseCaseFilters } from '@/lib/cases/find-cases';
import { GET } from '@/app/api/cases/export/route';
import { actAs, ctx, makeBranch, makeCase, makeUser, type TestUser } from '../../helpers/factories';

// The case list as CSV (issue 12, point 5): the list's filters and the reader's scope, formula cells escaped,
// audited. Every export here is filtered to a branch the test made, so other files' cases never count.
let coordinator: TestUser;
let caseworker: TestUser;
let branchId: string;
let cases: { id: string; reference: string }[];
const EVIL = ["=cmd|' /C calc'!A0", '+SUM(1,2)', '-2+3', '@SUM(A1)', '\tTabbed'];

beforeAll(async () => {
  coordinator = await makeUser('COORDINATOR');
  caseworker = await makeUser('CASEWORKER');
  const { branch } = await makeBranch();
  branchId = branch.id;
  cases = [];
  for (const [i, name] of EVIL.entries()) {
    const c = await makeCase({ member: null, branchId, caseworker: i < 2 ? caseworker : undefined });
    await db.person.update({ where: { id: c.person.id }, data: { fullName: name } });
    cases.push(c.kase);
  }
  await makeCase({ member: null }); // elsewhere: never in these exports
});

const rowsOf = (csv: string) => parse(csv.replace(/^\uFEFF/, '')) as string[][];
const filters = (extra: Record<string, string> = {}) => parseCaseFilters({ branchId, ...extra });

test('a coordinator exports exactly the filtered list, formula cells escaped', async () => {
  const { csv, count } = await exportCaseList(coordinator, filters(), ctx);
  expect(count).toBe(5);
  const [head, ...rows] = rowsOf(csv);
  expect(head).toEqual(expect.arrayContaining(['Reference', 'Member', 'Sanction', 'Stage', 'Caseworkers']));
  expect(new Set(rows.map((r) => r[0]))).toEqual(new Set(cases.map((c) => c.reference)));
  // Each name that a spreadsheet would run starts with ' in the file.
  expect(rows.map((r) => r[1]).sort()).toEqual(EVIL.map((n) => `'${n}`).sort());
  // A further filter narrows it as the list does.
  expect((await exportCaseList(coordinator, filters({ caseworkerId: caseworker.id }), ctx)).count).toBe(2);
});

test('a caseworker exports only the cases assigned to them; a member cannot export', async () => {
  const { csv } = await exportCaseList(caseworker, filters(), ctx);
  expect(
    rowsOf(csv)
      .slice(1)
      .map((r) => r[0])
      .sort(),
  ).toEqual(
    cases
      .slice(0, 2)
      .map((c) => c.reference)
      .sort(),
  );
  const member = await makeUser('MEMBER');
  await expect(exportCaseList(member, filters(), ctx)).rejects.toThrow('Not found');
});

test('an export is audited once, and on every case in it', async () => {
  const other = await makeUser('COORDINATOR');
  await exportCaseList(other, filters(), ctx);
  const list = await db.auditLog.findMany({ where: { actorId: other.id, action: 'cases.export' } });
  expect(list).toHaveLength(1);
  expect(list[0]!.fields).toEqual(['branchId']);
  const perCase = await db.auditLog.findMany({ where: { actorId: other.id, action: 'case.export' } });
  expect(perCase.map((a) => a.caseId).sort()).toEqual(cases.map((c) => c.id).sort());
  expect(perCase.every((a) => a.memberVisible)).toBe(true);
});

test('the route answers a CSV download to staff and not found to a member', async () => {
  const url = `http://test/api/cases/export?branchId=${branchId}&page=3`;
  actAs(caseworker);
  const res = await GET(new Request(url));
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
  expect(res.headers.get('content-disposition')).toMatch(/attachment; filename="cases-\d{4}-\d{2}-\d{2}\.csv"/);
  expect(rowsOf(await res.text())).toHaveLength(3); // the page number is ignored: the whole list
  actAs(await makeUser('MEMBER'));
  expect((await GET(new Request(url))).status).toBe(404);
  actAs(null);
  expect((await GET(new Request(url))).status).toBe(401);
});
