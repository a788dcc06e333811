import { db, type Tx } from '../db/client';
import { getBlobStore } from '../evidence/storage';
import { enqueueJob, jobsIdle, nudgeJobs, registerJobHandler } from '../jobs/queue';
import { buildBundle } from './build-bundle';
import { buildReview } from './build-review';

// Bundle builds are jobs (lib/jobs/queue.ts): queued with the Bundle row, built by whichever app server
// claims the job, one at a time per process, after the request has been answered; the page polls for
// progress. A build whose server died is built again from the start by the next server to take it.

const GAVE_UP =
  'This could not be built: the app stopped each time it tried. Please build it again, and tell a coordinator if it keeps happening.';

registerJobHandler(
  'BUNDLE_BUILD',
  async (id, { signal }) => {
    const b = await db.bundle.findUnique({ where: { id }, select: { kind: true, status: true, storageKey: true } });
    if (!b || b.status === 'READY' || b.status === 'FAILED') return; // done already, or removed
    if (b.status === 'BUILDING') {
      // Taken over from a server that died mid-build: what it stored is incomplete.
      if (b.storageKey)
        await getBlobStore()
          .delete(b.storageKey)
          .catch(() => undefined);
      await db.bundle.update({
        where: { id },
        data: { status: 'QUEUED', storageKey: null, progress: 0, progressNote: 'Starting again' },
      });
    }
    // Drawn in a PDF worker process (lib/jobs/worker-process.ts), stopped if another server takes the job over.
    if (b.kind === 'CASE_BUNDLE') await buildBundle(id, { signal });
    else await buildReview(id, { signal });
  },
  async (id) => {
    const b = await db.bundle.findUnique({ where: { id }, select: { status: true, storageKey: true } });
    if (!b || b.status === 'READY' || b.status === 'FAILED') return;
    if (b.storageKey)
      await getBlobStore()
        .delete(b.storageKey)
        .catch(() => undefined);
    await db.bundle.update({
      where: { id },
      data: { status: 'FAILED', storageKey: null, error: GAVE_UP, finishedAt: new Date() },
    });
  },
);

/** Queues the build of a Bundle row (in the transaction that created it, when one is given). */
export async function queueBundleBuild(id: string, tx?: Tx): Promise<void> {
  await enqueueJob('BUNDLE_BUILD', id, tx);
}

/** After the transaction that queued a build has committed: start it on this server if it is free. */
export function startQueuedBuilds(): void {
  nudgeJobs();
}

/** Waits for every queued build this process can take (tests and the benchmark). */
export function bundleQueueIdle(): Promise<void> {
  return jobsIdle();
}
