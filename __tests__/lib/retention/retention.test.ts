import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { execFile } from 'node:child_process';
import { addDays, addMonths } from 'date-fns';
import { db, closeDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import { getBlobStore } from '@/lib/evidence/storage';
import { readErasureLog } from '@/lib/erasure/erasure-log';
import { todayInUk } from '@/lib/dates/uk-today';
import { NotFoundError } from '@/lib/errors';
import { getRetentionReview, keepCase, runRetentionSweep, setRetentionMonths } from '@/lib/retention/retention';
import { ctx, ensureOrganisation, makeCase, makeEvidence, makeUser } from '../../helpers/factories';

// Retention of closed cases (issue 13, point 4): past the organisation's period a closed case appears for review;
// unless kept with a reason, its member is told and it is deleted 30 days later (at once with no one to tell); the
// deletion is the erasure's own (rows, files, erasure log for replay after a restore).

const utc = (s: string) => new Date(`${s}T00:00:00.000Z`);
const iso = (d: Date) => d.toISOString().slice(0, 10);

/** A case closed `monthsAgo` months ago (its last stage change to Closed, and its last update, then). */
async function closedCase(monthsAgo: number, options: Parameters<typeof makeCase>[0] = {}) {
  const c = await makeCase(options);
  const closedAt = addMonths(new Date(), -monthsAgo);
  await db.case.update({ where: { id: c.kase.id }, data: { stage: 'CLOSED' } });
  await db.caseStageChange.create({
    data: { caseId: c.kase.id, fromStage: 'INVESTIGATION', toStage: 'CLOSED', createdAt: closedAt },
  });
  await db.$executeRaw`UPDATE "Case" SET "updatedAt" = ${closedAt} WHERE id = ${c.kase.id}`;
  return c;
}

async function outbox(): Promise<string> {
  const dir = getEnv().outboxDir;
  if (!fs.existsSync(dir)) return '';
  return fs
    .readdirSync(dir)
    .map((f) => fs.readFileSync(path.join(dir, f), 'utf8'))
    .join('\n');
}

test('past the period: the member is told once, then the case is deleted 30 days later; kept and recent cases stay', async () => {
  await ensureOrganisation();
  const coordinator = await makeUser('COORDINATOR');
  const org = await db.organisation.findFirstOrThrow({ orderBy: { createdAt: 'asc' } });
  expect(org.retentionMonths).toBe(72);
  const told = await closedCase(80);
  const file = await makeEvidence(told.kase.id, told.member!.id);
  const offline = await closedCase(80, { member: null });
  const kept = await closedCase(80);
  const recent = await closedCase(10);
  await keepCase(coordinator, { caseId: kept.kase.id, months: 12, reason: 'A claim is still running' }, ctx);

  const review = await getRetentionReview(coordinator, ctx);
  const mine = (refs: string[]) =>
    refs.filter((r) => [told, offline, kept, recent].some((c) => c.kase.reference === r));
  const shown = review.cases.filter((c) => mine([c.reference]).length);
  expect(shown.map((c) => c.reference).sort()).toEqual([told, offline, kept].map((c) => c.kase.reference).sort());
  expect(shown.find((c) => c.reference === kept.kase.reference)).toMatchObject({
    keptReason: 'A claim is still running',
    eraseOn: null,
  });

  const today = todayInUk();
  const first = await runRetentionSweep(today);
  expect(mine(first.told)).toEqual([told.kase.reference]);
  expect(mine(first.erased)).toEqual([offline.kase.reference]);
  expect(await outbox()).toMatch(new RegExp(`Your closed case ${told.kase.reference} will be deleted on`));
  expect(await db.case.findUnique({ where: { id: offline.kase.id } })).toBeNull();
  expect(await db.person.findUnique({ where: { id: offline.person.id } })).toBeNull(); // no other case, no account

  // Told once: the same day again tells no one and deletes nothing of these.
  const again = await runRetentionSweep(today);
  expect([mine(again.told), mine(again.erased)]).toEqual([[], []]);

  // 30 days after the notice: deleted, with its file and a line in the erasure log (replayed after a restore).
  const later = await runRetentionSweep(iso(addDays(utc(today), 30)));
  expect(mine(later.erased)).toEqual([told.kase.reference]);
  expect(await db.case.findUnique({ where: { id: told.kase.id } })).toBeNull();
  expect(await db.evidence.findUnique({ where: { id: file.id } })).toBeNull();
  expect(await getBlobStore().exists(file.storageKey)).toBe(false);
  // The member keeps their account (and their person record, which holds it).
  expect(await db.user.findUnique({ where: { id: told.member!.id } })).not.toBeNull();
  const log = await readErasureLog();
  expect(log.filter((e) => e.requestId === `retention-${told.kase.id}`)).toEqual([
    expect.objectContaining({ caseIds: [told.kase.id], personId: null, userId: null }),
  ]);
  // The fact is recorded without content.
  const audit = await db.auditLog.findMany({ where: { action: 'retention.erase', entityId: told.kase.id } });
  expect(audit).toHaveLength(1);
  expect(audit[0]!.fields.join(' ')).toMatch(/^cases:1 files:\d+$/);

  // Kept and recent cases are untouched.
  expect(await db.case.count({ where: { id: { in: [kept.kase.id, recent.kase.id] } } })).toBe(2);
});

test('the period is a coordinator’s setting; everyone else is answered “not found”', async () => {
  await ensureOrganisation();
  const coordinator = await makeUser('COORDINATOR');
  const { kase } = await closedCase(1);
  for (const role of ['MEMBER', 'CASEWORKER'] as const) {
    const u = await makeUser(role);
    await expect(getRetentionReview(u, ctx)).rejects.toThrow(NotFoundError);
    await expect(setRetentionMonths(u, { months: 12 }, ctx)).rejects.toThrow(NotFoundError);
    await expect(keepCase(u, { caseId: kase.id, months: 12, reason: 'Because' }, ctx)).rejects.toThrow(NotFoundError);
  }
  await setRetentionMonths(coordinator, { months: 84 }, ctx);
  expect((await getRetentionReview(coordinator, ctx)).months).toBe(84);
  await setRetentionMonths(coordinator, { months: 72 }, ctx);
  // Only a closed case can be kept.
  const open = await makeCase();
  await expect(keepCase(coordinator, { caseId: open.kase.id, months: 12, reason: 'Because' }, ctx)).rejects.toThrow(
    NotFoundError,
  );
  const { retentionSettingsSchema, keepCaseSchema } = await import('@/lib/retention/schemas');
  expect(retentionSettingsSchema.safeParse({ months: '0' }).error?.issues[0]?.message).toMatch(/at least 1 month/);
  expect(retentionSettingsSchema.safeParse({ months: 'six' }).error?.issues[0]?.message).toMatch(/whole number/);
  expect(keepCaseSchema.safeParse({ caseId: 'x', months: 12, reason: '' }).error?.issues[0]?.message).toMatch(
    /Say why/,
  );
});

// The command cron runs with RETENTION_SCHEDULE=off on the servers: the same once-a-day job as the servers'.
const root = path.resolve(__dirname, '../../..');
const tsx = path.join(root, 'node_modules/tsx/dist/cli.mjs');
type Run = { code: number; stdout: string; stderr: string };
function run(args: string[], env: Record<string, string> = {}): Promise<Run> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [tsx, ...args],
      { cwd: root, env: { ...process.env, NODE_OPTIONS: '', ...env }, timeout: 180_000 },
      (err, stdout, stderr) =>
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : -1) : 0, stdout, stderr }),
    );
  });
}
const freePort = () =>
  new Promise<number>((resolve) => {
    const srv = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as net.AddressInfo;
      srv.close(() => resolve(port));
    });
  });

test('npm run retention sweeps once a day: a case past the period with no one to tell is deleted; a second run does nothing', async () => {
  await ensureOrganisation();
  const due = await closedCase(80, { member: null });
  const today = todayInUk();
  // This file's database may already hold today's sweep (an earlier run on the same PostgreSQL database).
  await db.job.deleteMany({ where: { kind: 'RETENTION_SWEEP', subjectId: today } });
  await closeDb(); // PGlite: one process per data directory
  // PORT: where nothing listens (the script refuses to open the embedded database while an app answers there).
  const port = String(await freePort());

  const first = await run(['scripts/retention.ts'], { PORT: port });
  expect(first.stderr).toBe('');
  expect(first.stdout).toMatch(
    new RegExp(
      `^\\[retention\\] ${today}: told \\d+ member\\(s\\), deleted [1-9]\\d* closed case\\(s\\), \\d+ kept`,
      'm',
    ),
  );
  expect(first.code).toBe(0);
  // The same daily job vacuums and analyses the embedded database (lib/db/maintenance.ts); a PostgreSQL server's own.
  const upkeep = new RegExp(`^\\[database\\] ${today}: vacuumed and analysed the embedded database in \\d+ ms$`, 'm');
  if (process.env.DATABASE_URL) expect(first.stdout).not.toMatch(/\[database\]/);
  else expect(first.stdout).toMatch(upkeep);
  const second = await run(['scripts/retention.ts'], { PORT: port });
  expect(second.stdout).toContain(`The retention sweep for ${today} has already run`);
  expect(second.code).toBe(0);

  expect(await db.case.findUnique({ where: { id: due.kase.id } })).toBeNull();
  expect(
    await db.job.findUnique({ where: { kind_subjectId: { kind: 'RETENTION_SWEEP', subjectId: today } } }),
  ).toMatchObject({ status: 'DONE', attempts: 1 });
});

test('RETENTION_SCHEDULE=off: a server does not schedule the sweep itself', async () => {
  const probe = `import('./lib/retention/schedule.ts').then((m) => console.log((m.default ?? m).startRetentionSchedule()))`;
  const off = await run(['-e', probe], { RETENTION_SCHEDULE: 'off' });
  const auto = await run(['-e', probe], { RETENTION_SCHEDULE: 'auto' });
  expect([off.stdout.trim(), auto.stdout.trim()]).toEqual(['false', 'true']);
  const wrong = await run(['-e', probe], { RETENTION_SCHEDULE: 'never' });
  expect(wrong.code).not.toBe(0);
  expect(wrong.stderr).toMatch(/RETENTION_SCHEDULE/);
});
