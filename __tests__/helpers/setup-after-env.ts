import { closeDb } from '@/lib/db/client';
import path from 'node:path';
import noDatabase from './no-database.js';

// Server actions read the caller from the request (cookies, headers). Tests set the caller with
// actAs() from ./factories; the database behind every action stays real.
// getEnrolmentContext (two-step sign-in set-up) gets the same caller; the gate itself is tested in __tests__/lib/auth/.
jest.mock('@/lib/auth/context', () => {
  const testContext = async () =>
    (globalThis as { __testContext?: unknown }).__testContext ?? { user: null, ip: 'test', userAgent: 'jest' };
  return { getRequestContext: testContext, getEnrolmentContext: testContext };
});
jest.mock('next/cache', () => ({ revalidatePath: () => undefined, revalidateTag: () => undefined }));
// after() needs Next's request scope; tests await the deferred work before the handler returns.
const pendingAfter: Promise<unknown>[] = [];
(globalThis as { __pendingAfter?: Promise<unknown>[] }).__pendingAfter = pendingAfter;
jest.mock('next/server', () => ({
  ...jest.requireActual('next/server'),
  after: (task: (() => unknown) | Promise<unknown>) => {
    pendingAfter.push(Promise.resolve(typeof task === 'function' ? task() : task));
  },
}));

// With DATABASE_URL every test file shares one database but keeps files in a store of its own: a file
// must build only the bundles it queued (lib/jobs/queue.ts), or another file would store them where
// their owner cannot read them.
beforeAll(async () => {
  const { claimOwnJobsOnly } = await import('@/lib/jobs/queue');
  claimOwnJobsOnly(true);
});

// A file on the no-database list runs only on the embedded database (jest.config.js): it must not open one.
afterAll(() => {
  const file = path.relative(path.resolve(__dirname, '../..'), expect.getState().testPath ?? '');
  const holder = globalThis as unknown as { __reinstateDb?: { client?: unknown } };
  if (noDatabase.includes(file) && holder.__reinstateDb?.client)
    throw new Error(`${file} opened the database: take it off the list in __tests__/helpers/no-database.js`);
});

// Jest runs a file's afterAll hooks in the order they were declared, so this one runs before the test file's own:
// whatever the file started in the background (jobs it queued, work deferred with after()) must end here, before
// the database closes. A job's query waiting for a connection when the PostgreSQL pool is ended is never answered
// (pg-pool leaves it queued), and the file's later wait for its jobs then never returns.
afterAll(async () => {
  await Promise.all(pendingAfter);
  const { jobsIdle } = await import('@/lib/jobs/queue');
  await jobsIdle();
  await closeDb();
}, 180_000); // the access matrix leaves dozens of bundles building: over 30 s on a busy two-core machine
