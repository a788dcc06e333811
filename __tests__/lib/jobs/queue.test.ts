import crypto from 'node:crypto';
import { Readable } from 'node:stream';
import { db } from '@/lib/db/client';
import { getBlobStore } from '@/lib/evidence/storage';
import {
  claimJob,
  drainJobs,
  enqueueJob,
  jobLimits,
  jobsIdle,
  pauseLocalWorker,
  registerJobHandler,
  runClaimed,
  type GiveUp,
  type JobHandler,
} from '@/lib/jobs/queue';
import { startBundleAction } from '@/lib/bundle/actions';
import { getBundleStatus } from '@/lib/bundle/bundle-services';
import { storeBuild } from '@/lib/bundle/store-build';
import { reviewData } from '@/lib/bundle/review-data';
import { actAs, makeCase, makeUser } from '../../helpers/factories';

// The jobs table on a real database (PGlite here, PostgreSQL in CI): claims with FOR UPDATE SKIP LOCKED
// under a lease. Several "servers" are played by several worker ids in one process; on PostgreSQL their
// claims run on separate connections at the same time.

const fresh = () => `test-${crypto.randomBytes(6).toString('hex')}`;
const runs = new Map<string, number>();
let behaviour: (subjectId: string, signal: AbortSignal) => Promise<void> = async () => undefined;
const gaveUp: string[] = [];

// The bundle handler is registered when lib/bundle/queue is loaded; these tests use subjects of their own
// ("test-…") and hand every other subject to the real handler.
let realRun: JobHandler | undefined;
let realGiveUp: GiveUp | undefined;
beforeAll(async () => {
  await import('@/lib/bundle/queue');
  const state = (
    globalThis as unknown as { __reinstateJobs: { handlers: Map<string, { run: JobHandler; giveUp: GiveUp }> } }
  ).__reinstateJobs;
  ({ run: realRun, giveUp: realGiveUp } = state.handlers.get('BUNDLE_BUILD')!);
  registerJobHandler(
    'BUNDLE_BUILD',
    async (id, job) => {
      if (!id.startsWith('test-')) return realRun!(id, job);
      runs.set(id, (runs.get(id) ?? 0) + 1);
      await behaviour(id, job.signal);
    },
    async (id) => {
      if (!id.startsWith('test-')) return realGiveUp!(id);
      gaveUp.push(id);
    },
  );
});

// The servers here are played by hand: this process's own worker must not take their jobs when nudged.
beforeAll(() => pauseLocalWorker(true));
afterAll(async () => {
  pauseLocalWorker(false);
  await jobsIdle();
});

beforeEach(async () => {
  behaviour = async () => undefined;
  // Each test starts with no job another test left due.
  await db.job.updateMany({
    where: { subjectId: { startsWith: 'test-' }, status: { in: ['QUEUED', 'RUNNING'] } },
    data: { status: 'DONE', lockedBy: null },
  });
});

test('two servers drain one queue at once: every job is done exactly once', async () => {
  const ids = Array.from({ length: 24 }, fresh);
  for (const id of ids) await enqueueJob('BUNDLE_BUILD', id);
  await enqueueJob('BUNDLE_BUILD', ids[0]!); // queueing the same subject again adds nothing
  behaviour = () => new Promise((r) => setTimeout(r, 5));
  const [a, b] = await Promise.all([
    drainJobs({ workerId: 'server-a', leaseMs: 10_000, subjectPrefix: 'test-' }),
    drainJobs({ workerId: 'server-b', leaseMs: 10_000, subjectPrefix: 'test-' }),
  ]);
  expect(a + b).toBe(24);
  for (const id of ids) expect(runs.get(id)).toBe(1);
  const rows = await db.job.findMany({ where: { subjectId: { in: ids } } });
  expect(rows).toHaveLength(24);
  expect(rows.every((r) => r.status === 'DONE' && r.attempts === 1 && r.lockedBy === null && r.finishedAt)).toBe(true);
});

test('a job whose server died is taken again only after its lease has run out; the dead server cannot record it', async () => {
  const id = fresh();
  await enqueueJob('BUNDLE_BUILD', id);
  const dead = await claimJob({ workerId: 'server-dead', leaseMs: 1_000, subjectPrefix: 'test-' });
  expect(dead).toMatchObject({ subjectId: id, attempts: 1 });
  // Another server starting now leaves it alone: the lease still holds.
  expect(await drainJobs({ workerId: 'server-new', leaseMs: 10_000, subjectPrefix: 'test-' })).toBe(0);
  expect(await db.job.findFirstOrThrow({ where: { subjectId: id } })).toMatchObject({
    status: 'RUNNING',
    lockedBy: 'server-dead',
  });
  // Once the lease has run out, it is taken again.
  const later = new Date(Date.now() + 2_000);
  // Each server says so: the one taking it over names the one whose lease ran out; the one that lost it, that it did.
  const warn = jest.spyOn(console, 'warn').mockImplementation(() => undefined);
  const retaken = await claimJob({ workerId: 'server-new', leaseMs: 10_000, now: later, subjectPrefix: 'test-' });
  expect(retaken).toMatchObject({ subjectId: id, attempts: 2 });
  expect(warn).toHaveBeenCalledWith(
    expect.stringMatching(
      new RegExp(
        `^\\[jobs\\] BUNDLE_BUILD ${id}: taken over by server-new \\(attempt 2\\); the lease of server-dead ran out at \\d{4}-`,
      ),
    ),
  );
  expect(await runClaimed(retaken!, { workerId: 'server-new', leaseMs: 10_000 })).toBe('done');
  // The first server coming back to life cannot overwrite what the second recorded.
  expect(await runClaimed(dead!, { workerId: 'server-dead', leaseMs: 1_000 })).toBe('lost');
  expect(warn).toHaveBeenLastCalledWith(
    `[jobs] BUNDLE_BUILD ${id}: attempt 1 by server-dead ended (done) after another server took it over`,
  );
  warn.mockRestore();
  expect(await db.job.findFirstOrThrow({ where: { subjectId: id } })).toMatchObject({ status: 'DONE', attempts: 2 });
  expect(runs.get(id)).toBe(2);
});

test('a running job renews its lease, so no other server takes it while it works', async () => {
  const id = fresh();
  await enqueueJob('BUNDLE_BUILD', id);
  let leaseSeen: Date | null = null;
  let stolen: unknown = 'not tried';
  behaviour = async () => {
    const first = (await db.job.findFirstOrThrow({ where: { subjectId: id } })).leaseUntil!;
    await new Promise((r) => setTimeout(r, 700)); // several renewals at a 300 ms lease
    leaseSeen = (await db.job.findFirstOrThrow({ where: { subjectId: id } })).leaseUntil!;
    expect(leaseSeen.getTime()).toBeGreaterThan(first.getTime());
    stolen = await claimJob({ workerId: 'server-other', leaseMs: 300, subjectPrefix: 'test-' });
  };
  const job = await claimJob({ workerId: 'server-a', leaseMs: 300, subjectPrefix: 'test-' });
  expect(await runClaimed(job!, { workerId: 'server-a', leaseMs: 300 })).toBe('done');
  expect(leaseSeen).not.toBeNull();
  expect(stolen).toBeNull();
  expect(runs.get(id)).toBe(1);
});

test('a job that runs past its time limit is told to stop; if it then throws, it fails without another attempt and its subject is told', async () => {
  const id = fresh();
  await enqueueJob('BUNDLE_BUILD', id);
  let stoppedAfter: number | null = null;
  const started = Date.now();
  // It stops when its signal aborts, with an error (as a handler whose work was cut short would).
  behaviour = (_id, signal) =>
    new Promise((_resolve, reject) =>
      signal.addEventListener(
        'abort',
        () => {
          stoppedAfter = Date.now() - started;
          reject(new Error('cut short'));
        },
        { once: true },
      ),
    );
  jobLimits.timeMs = 400;
  try {
    const job = await claimJob({ workerId: 'server-a', leaseMs: 10_000, subjectPrefix: 'test-' });
    expect(job!.attempts).toBeLessThan(job!.maxAttempts);
    expect(await runClaimed(job!, { workerId: 'server-a', leaseMs: 10_000 })).toBe('failed');
  } finally {
    jobLimits.timeMs = 30 * 60_000;
  }
  expect(stoppedAfter).toBeGreaterThanOrEqual(350);
  const row = await db.job.findFirstOrThrow({ where: { subjectId: id } });
  expect(row).toMatchObject({ status: 'FAILED', error: expect.stringMatching(/longer than/), lockedBy: null });
  expect(gaveUp).toContain(id);
  expect(runs.get(id)).toBe(1);
});

test('a job that fails is tried again later, then given up with the subject told', async () => {
  const id = fresh();
  await enqueueJob('BUNDLE_BUILD', id);
  behaviour = async () => {
    throw new Error('disk full');
  };
  const first = await claimJob({ workerId: 'server-a', subjectPrefix: 'test-' });
  expect(await runClaimed(first!, { workerId: 'server-a' })).toBe('retry');
  const row = await db.job.findFirstOrThrow({ where: { subjectId: id } });
  expect(row).toMatchObject({ status: 'QUEUED', error: 'disk full', lockedBy: null });
  expect(row.runAfter.getTime()).toBeGreaterThan(Date.now());
  expect(await claimJob({ workerId: 'server-a', subjectPrefix: 'test-' })).toBeNull(); // not due yet
  const second = await claimJob({ workerId: 'server-a', now: new Date(Date.now() + 60_000), subjectPrefix: 'test-' });
  expect(await runClaimed(second!, { workerId: 'server-a' })).toBe('retry');
  const third = await claimJob({ workerId: 'server-a', now: new Date(Date.now() + 600_000), subjectPrefix: 'test-' });
  expect(await runClaimed(third!, { workerId: 'server-a' })).toBe('failed');
  expect(await db.job.findFirstOrThrow({ where: { subjectId: id } })).toMatchObject({ status: 'FAILED', attempts: 3 });
  expect(gaveUp).toContain(id);
});

test('a job whose servers kept dying is given up after its last attempt', async () => {
  const id = fresh();
  await enqueueJob('BUNDLE_BUILD', id);
  let t = Date.now();
  for (let i = 1; i <= 3; i++) {
    const taken = await claimJob({ workerId: `server-${i}`, leaseMs: 1_000, now: new Date(t), subjectPrefix: 'test-' });
    expect(taken).toMatchObject({ subjectId: id, attempts: i });
    t += 2_000; // each one dies: its lease runs out
  }
  expect(await claimJob({ workerId: 'server-4', leaseMs: 1_000, now: new Date(t), subjectPrefix: 'test-' })).toBeNull();
  expect(await db.job.findFirstOrThrow({ where: { subjectId: id } })).toMatchObject({ status: 'FAILED', attempts: 4 });
  expect(gaveUp).toContain(id);
  expect(runs.get(id)).toBeUndefined();
});

/** A caseworker's real bundle, queued through the action (its job row written with it). */
async function queueRealBundle() {
  const caseworker = await makeUser('CASEWORKER');
  const caseId = (await makeCase({ caseworker })).kase.id;
  actAs(caseworker);
  const res = await startBundleAction({
    caseId,
    purpose: 'APPEAL',
    audience: 'STAFF',
    choices: { sectionOrder: [], itemOrder: {}, includeOnPurpose: [], waiverAcknowledged: false },
  });
  if (!res.ok) throw new Error(res.error);
  return { caseworker, res };
}

test('a bundle whose server died mid-build is built again from the start by another server', async () => {
  const { caseworker, res } = await queueRealBundle();
  // Server A takes it, starts writing, and dies: the row says BUILDING with a half-stored file.
  const job = await db.job.findFirstOrThrow({ where: { subjectId: res.data.id } });
  const claimed = await claimJob({ workerId: 'server-a', leaseMs: 1_000, subjectPrefix: res.data.id });
  expect(claimed?.id).toBe(job.id);
  const halfKey = `bundles/half-${fresh()}`;
  await getBlobStore().put(halfKey, Readable.from([Buffer.from('half a PDF')]));
  await db.bundle.update({
    where: { id: res.data.id },
    data: { status: 'BUILDING', storageKey: halfKey, progress: 40 },
  });
  // Server B takes it over once the lease has run out and builds it.
  const retaken = await claimJob({
    workerId: 'server-b',
    leaseMs: 60_000,
    now: new Date(Date.now() + 5_000),
    subjectPrefix: res.data.id,
  });
  expect(retaken?.id).toBe(job.id);
  expect(await runClaimed(retaken!, { workerId: 'server-b', leaseMs: 60_000 })).toBe('done');
  const status = await getBundleStatus(caseworker, res.data.id);
  expect(status.status).toBe('READY');
  const row = await db.bundle.findUniqueOrThrow({ where: { id: res.data.id } });
  expect(row.storageKey).not.toBe(halfKey);
  expect(await getBlobStore().exists(halfKey)).toBe(false);
  expect(await db.auditLog.count({ where: { entityId: res.data.id, action: 'bundle.built' } })).toBe(1);
}, 120_000);

test('a real bundle build past its time limit: the PDF worker is stopped, the bundle says it failed and nothing is stored', async () => {
  const { caseworker, res } = await queueRealBundle();
  const claimed = await claimJob({ workerId: 'server-a', leaseMs: 60_000, subjectPrefix: res.data.id });
  // Over before the worker has drawn anything: the build is stopped mid-way, as a runaway one would be. The
  // handler records the failure on the bundle and returns: the job itself is done.
  jobLimits.timeMs = 1;
  try {
    expect(await runClaimed(claimed!, { workerId: 'server-a', leaseMs: 60_000 })).toBe('done');
  } finally {
    jobLimits.timeMs = 30 * 60_000;
  }
  const row = await db.bundle.findUniqueOrThrow({ where: { id: res.data.id } });
  expect(row).toMatchObject({ status: 'FAILED', storageKey: null });
  expect((await getBundleStatus(caseworker, res.data.id)).status).toBe('FAILED');
  expect(await db.auditLog.count({ where: { entityId: res.data.id, action: 'bundle.built' } })).toBe(0);
}, 120_000);

test("a build whose row another server has taken over meanwhile is not marked ready: that server's row is left as it is, and this build's file is deleted", async () => {
  const { res } = await queueRealBundle();
  const id = res.data.id;
  const { caseId } = await db.bundle.findUniqueOrThrow({ where: { id }, select: { caseId: true } });
  const ours = `reviews/${fresh()}/ours`;
  const theirs = `reviews/${fresh()}/theirs`;
  const built = await storeBuild(
    { id, caseId, key: ours, auditAction: 'review.built', failure: 'The review could not be built.' },
    async () => {
      // While this server reads, its lease runs out and server B starts the build again under a key of its own.
      await db.bundle.update({ where: { id }, data: { status: 'BUILDING', storageKey: theirs, progress: 5 } });
      const { input, summary } = await db.$transaction((tx) => reviewData(tx, caseId!));
      return {
        kind: 'review' as const,
        input: {
          pack: false,
          createdBy: { name: 'A caseworker' },
          cases: [{ input, summary }],
          generatedOn: '2026-12-06',
        },
      };
    },
  );
  expect(built.workerMaxRssMb).toBeNull();
  expect(await db.bundle.findUniqueOrThrow({ where: { id } })).toMatchObject({
    status: 'BUILDING',
    storageKey: theirs,
    progress: 5,
  });
  expect(await getBlobStore().exists(ours)).toBe(false);
  expect(await db.auditLog.count({ where: { entityId: id, action: 'review.built' } })).toBe(0);
}, 120_000);
