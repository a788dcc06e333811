import crypto from 'node:crypto';
import os from 'node:os';
import { db, type Tx } from '../db/client';
import { getEnv } from '../env';
import { Prisma } from '../db/generated/client';
import type { JobKind } from '../db/generated/enums';

// Jobs (docs/decisions/0021): work done after the request that asked for it, by whichever app server
// claims it first. A claim is one UPDATE over a row picked with FOR UPDATE SKIP LOCKED, so two servers
// never take the same job; the claim is a lease that the running server renews while it works, so a
// job whose server died (kill -9, a power cut) is taken again once the lease has run out, and a server
// that starts never touches another server's running jobs. One code path on PGlite and PostgreSQL.
// Each process runs one job at a time: a bundle can be hundreds of pages.

/**
 * `signal` aborts when another server has taken the job over (this one's lease ran out), or when the job has run
 * longer than `jobLimits.timeMs`: stop working on it.
 */
export type JobHandler = (
  subjectId: string,
  job: { attempt: number; isRetake: boolean; signal: AbortSignal },
) => Promise<void>;
/** What to do when a job has been taken `maxAttempts` times without finishing (its servers kept dying). */
export type GiveUp = (subjectId: string) => Promise<void>;

// One worker per process, even where Next loads this module more than once (instrumentation and routes are
// separate module graphs): its state lives on globalThis.
type WorkerState = {
  handlers: Map<JobKind, { run: JobHandler; giveUp: GiveUp }>;
  chain: Promise<unknown>;
  draining: boolean;
  again: boolean;
  poller?: NodeJS.Timeout;
  /** Jobs queued by this process, for jobsIdle (another server may be the one that runs them). */
  queued: Set<string>;
  /** Tests that play several servers by hand stop this process's own worker from taking jobs. */
  paused: boolean;
  /**
   * Take only jobs this process queued. For test files sharing one PostgreSQL database, each with a blob
   * store of its own: a file taking another's build would store the PDF where its owner cannot read it.
   * Real servers share one store and take any job.
   */
  ownOnly: boolean;
};
const state: WorkerState = ((globalThis as { __reinstateJobs?: WorkerState }).__reinstateJobs ??= {
  handlers: new Map(),
  chain: Promise.resolve(),
  draining: false,
  again: false,
  queued: new Set(),
  paused: false,
  ownOnly: false,
});
const handlers = state.handlers;

export function registerJobHandler(kind: JobKind, run: JobHandler, giveUp: GiveUp): void {
  handlers.set(kind, { run, giveUp });
}

/**
 * The longest a job may run (30 minutes; an 800-page bundle builds in about 5 s). Each process runs one job at
 * a time, so a job that never ends (a PDF that sends the parser round in circles) would otherwise hold every
 * later job on that server, and on the embedded database there is only one. Past it, the job's signal aborts (a
 * bundle's PDF worker is stopped, and the bundle marked FAILED); a handler that throws then fails without another
 * attempt: it would only run as long again.
 */
export const jobLimits = { timeMs: 30 * 60_000 };
export class JobTimeLimitError extends Error {}

/** How long a claim holds unless renewed (JOB_LEASE_SECONDS, default 60 s). */
export const LEASE_MS = (): number => getEnv().JOB_LEASE_SECONDS * 1000;
const POLL_MS = 5_000;

/** This process, as named on the jobs it holds. */
export const WORKER_ID = `${os.hostname()}:${process.pid}:${crypto.randomBytes(4).toString('hex')}`;

/** Queues a job (once per kind and subject), in the caller's transaction when one is given. */
export async function enqueueJob(kind: JobKind, subjectId: string, tx: Tx = db): Promise<void> {
  await tx.job.upsert({ where: { kind_subjectId: { kind, subjectId } }, create: { kind, subjectId }, update: {} });
  state.queued.add(`${kind} ${subjectId}`);
}

type Claimed = { id: string; kind: JobKind; subjectId: string; attempts: number; maxAttempts: number; status: string };

/**
 * Takes the oldest job that is queued and due, or running under a lease that has run out (its server
 * died). Returns null when there is none. Jobs already taken `maxAttempts` times are given up here.
 */
export type WorkerOptions = {
  workerId?: string;
  leaseMs?: number;
  now?: Date;
  /** Only subjects starting with this (tests sharing one database with other test files). */
  subjectPrefix?: string;
  /** Only these kinds (a command-line run of one kind of job, e.g. `npm run retention`). */
  kinds?: JobKind[];
};

export async function claimJob(opts: WorkerOptions = {}): Promise<Claimed | null> {
  const { workerId = WORKER_ID, leaseMs = LEASE_MS(), now = new Date() } = opts;
  const prefix = opts.subjectPrefix === undefined ? null : `${opts.subjectPrefix.replace(/[\\%_]/g, '\\$&')}%`;
  const own = state.ownOnly && opts.subjectPrefix === undefined ? [...state.queued].map((k) => k.split(' ')[1]!) : null;
  if (own && own.length === 0) return null;
  const onlyOwn = own ? Prisma.sql`AND "subjectId" IN (${Prisma.join(own)})` : Prisma.empty;
  // Only kinds this process can run: a process that has not loaded a kind's module leaves its jobs to others.
  const kinds = [...handlers.keys()].filter((k) => !opts.kinds || opts.kinds.includes(k));
  if (kinds.length === 0) return null;
  for (;;) {
    // The pick is a MATERIALIZED CTE: computed once, whatever plan the UPDATE gets. As a subquery joined in FROM,
    // a plan could scan it again for each row of the join, and a scan after this statement's own update passes over
    // the row just claimed and picks the next: two jobs taken, one run, the other left RUNNING under this server's
    // name, unrenewed, until its lease runs out. That fits what CI saw on 4 Dec 2026 (the day's sweep "taken over"
    // by the server whose lease on it had run out, while that server ran a bundle it took at the same moment); not
    // reproduced by hand, so a claim that returns more than one row is said in the log.
    const rows = await db.$queryRaw<
      (Claimed & { wasRunning: boolean; heldBy: string | null; heldUntil: Date | null })[]
    >`
      WITH picked AS MATERIALIZED (
        SELECT "id", "status" = 'RUNNING' AS "wasRunning", "lockedBy" AS "heldBy", "leaseUntil" AS "heldUntil" FROM "Job"
        WHERE (("status" = 'QUEUED' AND "runAfter" <= ${now}) OR ("status" = 'RUNNING' AND "leaseUntil" < ${now}))
          AND (${prefix}::text IS NULL OR "subjectId" LIKE ${prefix}) ${onlyOwn}
          AND "kind"::text IN (${Prisma.join(kinds)})
        ORDER BY "runAfter", "createdAt"
        LIMIT 1
        FOR UPDATE SKIP LOCKED
      )
      UPDATE "Job" AS j SET
        "status" = 'RUNNING', "attempts" = j."attempts" + 1, "lockedBy" = ${workerId},
        "leaseUntil" = ${new Date(now.getTime() + leaseMs)}, "startedAt" = ${now}
      FROM picked
      WHERE j."id" = picked."id"
      RETURNING j."id", j."kind"::text AS "kind", j."subjectId", j."attempts", j."maxAttempts", j."status"::text AS "status", picked."wasRunning",
        picked."heldBy", picked."heldUntil"`;
    if (rows.length > 1)
      console.error(
        `[jobs] one claim by ${workerId} took ${rows.length} jobs (${rows.map((r) => `${r.kind} ${r.subjectId}`).join(', ')}): running the first; the others wait for their lease to run out`,
      );
    const job = rows[0];
    if (!job) return null;
    // Said, so that a job run twice can be traced: which server had it, and when its lease ran out.
    if (job.wasRunning)
      console.warn(
        `[jobs] ${job.kind} ${job.subjectId}: taken over by ${workerId} (attempt ${job.attempts}); the lease of ${job.heldBy} ran out at ${job.heldUntil?.toISOString()}`,
      );
    if (job.attempts <= job.maxAttempts) return job;
    // Taken too often: every server that took it died. Stop, and tell the person through the subject.
    const gaveUp = await db.job.updateMany({
      where: { id: job.id, lockedBy: workerId },
      data: {
        status: 'FAILED',
        lockedBy: null,
        leaseUntil: null,
        finishedAt: now,
        error: `Stopped after ${job.maxAttempts} attempts that did not finish.`,
      },
    });
    if (gaveUp.count === 1)
      await handlers
        .get(job.kind)
        ?.giveUp(job.subjectId)
        .catch((err: unknown) => console.error(`[jobs] ${job.kind} ${job.subjectId}:`, err));
  }
}

/** Renews the lease while `work` runs; stops renewing, and aborts `work`'s signal, if another server has taken the job. */
async function withLease(
  jobId: string,
  workerId: string,
  leaseMs: number,
  work: (signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const lost = new AbortController();
  const renew = setInterval(
    () => {
      void db.job
        .updateMany({
          where: { id: jobId, lockedBy: workerId, status: 'RUNNING' },
          data: { leaseUntil: new Date(Date.now() + leaseMs) },
        })
        .then(
          (r) => {
            if (r.count === 0) {
              clearInterval(renew);
              lost.abort();
            }
          },
          (err: unknown) => console.error('[jobs] lease renewal failed:', err instanceof Error ? err.message : err),
        );
    },
    Math.max(50, Math.floor(leaseMs / 3)),
  );
  renew.unref();
  let timedOut = false;
  const limit = setTimeout(() => {
    timedOut = true;
    lost.abort();
  }, jobLimits.timeMs);
  limit.unref();
  const overTime = () =>
    new JobTimeLimitError(`Stopped after running for longer than ${Math.round(jobLimits.timeMs / 60_000)} minutes.`);
  try {
    await work(lost.signal);
  } catch (err) {
    throw timedOut ? overTime() : err;
  } finally {
    clearInterval(renew);
    clearTimeout(limit);
  }
  // A handler that stopped and recorded it (a bundle marks itself FAILED), or that finished all the same, is done.
}

/** Runs one claimed job to the end and records how it ended (only while this server still holds it). */
export async function runClaimed(
  job: Claimed,
  opts: WorkerOptions = {},
): Promise<'done' | 'failed' | 'retry' | 'lost'> {
  const { workerId = WORKER_ID, leaseMs = LEASE_MS() } = opts;
  const handler = handlers.get(job.kind);
  let outcome: 'done' | 'failed' | 'retry';
  let error: string | null = null;
  try {
    if (!handler) throw new Error(`No handler for ${job.kind} jobs in this process.`);
    await withLease(job.id, workerId, leaseMs, (signal) =>
      handler.run(job.subjectId, { attempt: job.attempts, isRetake: job.attempts > 1, signal }),
    );
    outcome = 'done';
  } catch (err) {
    error = err instanceof Error ? err.message : String(err);
    console.error(`[jobs] ${job.kind} ${job.subjectId} attempt ${job.attempts}:`, error);
    outcome = job.attempts < job.maxAttempts && !(err instanceof JobTimeLimitError) ? 'retry' : 'failed';
  }
  const now = new Date();
  const data =
    outcome === 'done'
      ? { status: 'DONE' as const, finishedAt: now, error: null }
      : outcome === 'retry'
        ? { status: 'QUEUED' as const, runAfter: new Date(now.getTime() + 2 ** job.attempts * 5_000), error }
        : { status: 'FAILED' as const, finishedAt: now, error };
  const recorded = await db.job.updateMany({
    where: { id: job.id, lockedBy: workerId, status: 'RUNNING' },
    data: { ...data, lockedBy: null, leaseUntil: null },
  });
  if (recorded.count === 0) {
    // Another server took it over after this one's lease ran out.
    console.warn(
      `[jobs] ${job.kind} ${job.subjectId}: attempt ${job.attempts} by ${workerId} ended (${outcome}) after another server took it over`,
    );
    return 'lost';
  }
  if (outcome === 'failed' && handler)
    await handler
      .giveUp(job.subjectId)
      .catch((err: unknown) => console.error(`[jobs] ${job.kind} ${job.subjectId}:`, err));
  return outcome;
}

/** Claims and runs jobs until none is due. */
export async function drainJobs(opts: Omit<WorkerOptions, 'now'> = {}): Promise<number> {
  let ran = 0;
  for (let job = await claimJob(opts); job; job = await claimJob(opts)) {
    await runClaimed(job, opts);
    ran++;
  }
  return ran;
}

// This process's worker: one drain at a time, started by a nudge (a job was just queued here) or the poll.

/** Asks this process to look for jobs now (after queueing one). */
export function nudgeJobs(): void {
  if (state.paused) return;
  if (state.draining) {
    state.again = true;
    return;
  }
  state.draining = true;
  state.chain = (async () => {
    try {
      do {
        state.again = false;
        await drainJobs();
      } while (state.again);
    } catch (err) {
      console.error('[jobs] worker:', err instanceof Error ? err.message : err);
    } finally {
      state.draining = false;
    }
  })();
}

/**
 * Resolves when every job this process queued has ended, whichever server ran it (tests and the
 * benchmark; several test files can share one PostgreSQL database and take each other's jobs).
 */
export async function jobsIdle(): Promise<void> {
  for (;;) {
    do await state.chain;
    while (state.draining);
    await drainJobs();
    const mine = [...state.queued].map((k) => {
      const [kind, subjectId] = k.split(' ') as [JobKind, string];
      return { kind, subjectId };
    });
    if (mine.length === 0) return;
    const open = await db.job.findMany({
      where: { OR: mine, status: { in: ['QUEUED', 'RUNNING'] } },
      select: { kind: true, subjectId: true },
    });
    const still = new Set(open.map((j) => `${j.kind} ${j.subjectId}`));
    for (const k of state.queued) if (!still.has(k)) state.queued.delete(k);
    if (still.size === 0) return;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Started by the server (instrumentation.ts): polls for jobs other servers queued or left behind. */
export function startJobWorker(pollMs = POLL_MS): void {
  if (state.poller) return;
  state.poller = setInterval(nudgeJobs, pollMs);
  state.poller.unref();
  nudgeJobs();
}

/** Stops (or lets again) this process's own worker taking jobs when nudged (tests that play several servers). */
export function pauseLocalWorker(paused: boolean): void {
  state.paused = paused;
}

/** Makes this process take only the jobs it queued (test files that share a database but not a blob store). */
export function claimOwnJobsOnly(on: boolean): void {
  state.ownOnly = on;
}

/** Stops polling (tests). */
export function stopJobWorker(): void {
  clearInterval(state.poller);
  state.poller = undefined;
}
