import { db } from '../db/client';
import { buildBundle } from './build-bundle';
import { buildReview } from './build-review';

// One build at a time per server process: a bundle can be hundreds of pages, and building two at
// once would double the memory and halve everyone else's share of the CPU. Builds run after the
// request that asked for them has been answered; the page polls for progress.

let chain: Promise<void> = Promise.resolve();
const pending = new Set<string>();

export function enqueueBundle(id: string): void {
  if (pending.has(id)) return;
  pending.add(id);
  chain = chain.then(() => buildById(id)).catch((err: unknown) => console.error(`[bundle ${id}]`, err)).finally(() => pending.delete(id));
}

async function buildById(id: string): Promise<void> {
  const b = await db.bundle.findUnique({ where: { id }, select: { kind: true, status: true } });
  if (!b || b.status !== 'QUEUED') return;
  if (b.kind === 'CASE_BUNDLE') await buildBundle(id);
  else await buildReview(id);
}

/** Waits for every queued build (tests and the benchmark). */
export function bundleQueueIdle(): Promise<void> {
  return chain;
}

/**
 * At server start: a build that was running when the process stopped cannot be resumed, so it is
 * marked failed with a plain message; queued ones are picked up again.
 */
export async function resumeBundleQueue(): Promise<void> {
  await db.bundle.updateMany({
    where: { status: 'BUILDING' },
    data: { status: 'FAILED', storageKey: null, error: 'The app restarted while this was being built. Please build it again.', finishedAt: new Date() },
  });
  const queued = await db.bundle.findMany({ where: { status: 'QUEUED' }, orderBy: { createdAt: 'asc' }, select: { id: true } });
  for (const b of queued) enqueueBundle(b.id);
}
