import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { db } from '@/lib/db/client';
import { NotFoundError } from '@/lib/errors';
import { getStatistics } from '@/lib/statistics/get-statistics';
import { forgetCaseFacts } from '@/lib/statistics/case-facts';
import { forgetFilterOptions } from '@/lib/cases/find-filter-options';
import { statisticsCsv } from '@/lib/statistics/statistics-csv';
import { renderStatisticsReport } from '@/lib/statistics/report/render-report';
import { ctx, makeBranch, makeCase, makeUser, type TestUser } from '../../helpers/factories';

// A branch of its own (the database is shared with other test files): 23 cases, 5 of them no longer
// suspended; 10 members who chair a branch, 3 councillors; 6 cases assigned to one caseworker.
let coordinator: TestUser;
let caseworker: TestUser;
let member: TestUser;
let branchId: string;

beforeAll(async () => {
  coordinator = await makeUser('COORDINATOR');
  caseworker = await makeUser('CASEWORKER');
  const { branch, region } = await makeBranch();
  branchId = branch.id;
  for (let i = 0; i < 23; i++) {
    const { kase, person, member: m } = await makeCase({ caseworker: i < 6 ? caseworker : undefined, branchId });
    if (i === 0) member = m!;
    await db.person.update({
      where: { id: person.id },
      data: { regionId: region.id, rolesHeld: i < 10 ? ['Chair'] : i >= 20 ? ['Councillor'] : [] },
    });
    if (i >= 15 && i < 20)
      await db.sanction.updateMany({ where: { caseId: kase.id }, data: { endedOn: new Date('2022-01-01') } });
  }
  forgetFilterOptions();
});

beforeEach(() => forgetCaseFacts());

test('a coordinator sees the network, rounded and suppressed, and the view is audited', async () => {
  const view = await getStatistics(coordinator, { branchId }, ctx, 'page');
  const s = view.statistics;
  expect(s.total).toEqual({ kind: 'count', value: 25 }); // 23, rounded to 5
  expect(s.stillSuspended).toEqual({ kind: 'count', value: 20 }); // 18
  expect(view.scope).toBe('Every case in the network');
  expect(view.filterLines).toEqual([expect.stringMatching(/^Branch: Branch /)]);
  const role = s.tables.find((t) => t.id === 'role')!.table;
  const officers = role.rows.indexOf('Branch officer (chair, secretary, treasurer or other)');
  expect(role.rowTotals![officers]).toEqual({ kind: 'count', value: 10 });
  // 3 councillors: fewer than 5, and another count in their row and column hidden with them.
  const councillors = role.rows.indexOf('Councillor');
  expect(role.cells[councillors]![0]).toEqual({ kind: 'small' });
  expect(role.cells.filter((row) => row[0]!.kind === 'small' || row[0]!.kind === 'hidden').length).toBeGreaterThan(1);
  // Never a number below 5 anywhere; the totals every table shares read the same in each.
  for (const t of s.tables) {
    if (t.table.columns[0] === 'Still suspended') {
      expect([t.id, t.table.grandTotal, t.table.columnTotals]).toEqual([
        t.id,
        s.total,
        s.tables[0]!.table.columnTotals,
      ]);
    }
    for (const row of [...t.table.cells, t.table.rowTotals ?? [], t.table.columnTotals ?? []])
      for (const e of row) if (e.kind === 'count') expect(e.value).toBeGreaterThanOrEqual(5);
  }
  const audit = await db.auditLog.findFirst({ where: { actorId: coordinator.id, action: 'statistics.view' } });
  expect(audit).toMatchObject({ entityType: 'Statistics', entityId: 'network', fields: ['branchId'] });
});

test('the officers-and-debate view counts officers suspended for a motion', async () => {
  const view = await getStatistics(coordinator, { branchId, role: 'BRANCH_OFFICER', reason: 'MOTION' }, ctx, 'page');
  expect(view.statistics.total).toEqual({ kind: 'count', value: 10 });
  expect(view.statistics.stillSuspended).toEqual({ kind: 'count', value: 10 });
  expect(view.filterLines).toEqual([
    expect.stringMatching(/^Stated reason: Allowed, moved or debated a motion/),
    'Holds or held the role: Branch officer (chair, secretary, treasurer or other)',
    expect.stringMatching(/^Branch: /),
  ]);
});

test('a caseworker counts only the cases assigned to them, also suppressed', async () => {
  const view = await getStatistics(caseworker, { branchId }, ctx, 'page');
  expect(view.scope).toBe('Only the cases assigned to you');
  expect(view.statistics.total).toEqual({ kind: 'count', value: 5 }); // 6
  const other = await makeUser('CASEWORKER');
  const none = await getStatistics(other, { branchId }, ctx, 'page');
  expect(none.statistics.total).toEqual({ kind: 'small' });
  expect(none.statistics.scopeEmpty).toBe(true);
  expect(view.statistics.scopeEmpty).toBe(false);
});

test('a filter that matches nobody reads exactly like one that matches fewer than 5', async () => {
  const three = await getStatistics(coordinator, { branchId, role: 'COUNCILLOR' }, ctx, 'page');
  const nobody = await getStatistics(coordinator, { branchId, role: 'MP' }, ctx, 'page');
  const published = (v: typeof three) => ({
    ...v.statistics,
    tables: v.statistics.tables.map((t) => ({ ...t.table, hiddenAt: [] })),
  });
  expect(published(three).total).toEqual({ kind: 'small' });
  expect(published(nobody)).toEqual(published(three));
  expect(three.statistics.tables.every((t) => t.table.withheld)).toBe(true);
});

test('branches and regions with fewer than 5 cases are counted together, not left out', async () => {
  const view = await getStatistics(coordinator, { branchId }, ctx, 'page');
  for (const id of ['branch', 'region']) {
    const t = view.statistics.tables.find((x) => x.id === id)!.table;
    // This branch (and its region) with its 23 cases, then every other place with none under this filter:
    // before, those were left out, which published their zeros.
    expect(t.rows).toHaveLength(2);
    expect(t.rows[1]).toMatch(/^Other (branches|regions) \(fewer than 5 cases each\)$/);
    expect(t.rowTotals![0]).toEqual({ kind: 'count', value: 25 });
    expect(t.rowTotals![1]).toEqual({ kind: 'small' });
  }
});

test('a member is told the statistics do not exist', async () => {
  await expect(getStatistics(member, {}, ctx, 'page')).rejects.toBeInstanceOf(NotFoundError);
});

test('the CSV carries the same suppressed text, escapes formulas, and is audited', async () => {
  const view = await getStatistics(coordinator, { branchId }, ctx, 'csv');
  const csv = statisticsCsv(view);
  expect(csv).toContain('fewer than 5');
  expect(csv).toContain('Cases by role held');
  expect(csv).not.toMatch(/(^|,)"?=/m);
  const branchName = view.filterLines[0]!.replace('Branch: ', '');
  await db.branch.update({ where: { id: branchId }, data: { name: `=HYPERLINK("x")${branchName}` } });
  forgetFilterOptions();
  try {
    const risky = statisticsCsv(await getStatistics(coordinator, { branchId }, ctx, 'csv'));
    expect(risky).toContain(`'=HYPERLINK`);
  } finally {
    await db.branch.update({ where: { id: branchId }, data: { name: branchName } });
    forgetFilterOptions();
  }
  expect(await db.auditLog.count({ where: { actorId: coordinator.id, action: 'statistics.csv' } })).toBe(2);
});

test('the report is a valid PDF with the date, scope and filters on every page and a linked index', async () => {
  const view = await getStatistics(coordinator, { branchId }, ctx, 'report');
  const pdf = await renderStatisticsReport(view, { preparedBy: coordinator.name });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'stats-report-'));
  const file = path.join(dir, 'report.pdf');
  fs.writeFileSync(file, pdf);
  execFileSync('qpdf', ['--check', file]);
  const pages = execFileSync('pdftotext', ['-layout', file, '-'])
    .toString()
    .split('\f')
    .filter((p) => p.trim());
  expect(pages.length).toBeGreaterThanOrEqual(4);
  pages.forEach((text, i) => {
    expect(text).toContain('Reinstate network report · figures as at');
    expect(text).toContain('Every case in the network');
    expect(text).toContain('Filters: Branch: Branch ');
    expect(text).toContain(`Page ${i + 1} of ${pages.length}`);
  });
  expect(pages[1]).toMatch(/Index[\s\S]*Cases by sanction type\s+page \d+/);
  expect(pdf.toString('latin1')).toMatch(/\/Dests|\/Names/); // the index's links go to named places
  expect(pages.join('\n')).toContain('fewer than 5');
  fs.rmSync(dir, { recursive: true });
});
