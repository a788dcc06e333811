import { attachPreview, retakePendingPreviews, type PreviewSource } from './attach-preview';

// Previews give way to uploads. Making one costs the web process a few milliseconds (reading the stored file
// back and passing it to the preview worker, then saving the result) and the machine far more (pdftoppm or an
// image decoder, in the worker). While someone's files are still arriving on this process, their thumbnails
// wait: a preview starts once no upload has been in progress for QUIET_MS, or once it has waited
// LONGEST_WAIT_MS, so uploads that never stop cannot starve it. One at a time, oldest first (the preview
// worker takes one task at a time anyway). The page says "Preview being made" meanwhile. A server that stops
// with previews still queued leaves them PENDING: the next start makes those filed more than 5 minutes before
// (scripts/prepare.ts), and every running server looks again an hour (the first time 6 minutes after it
// started, for those filed just before a restart).

const QUIET_MS = 250;
const LONGEST_WAIT_MS = 10_000;

type Entry = { item: PreviewSource; queuedAt: number; settle: (made: boolean) => void };
type State = { queue: Entry[]; uploads: number; lastUploadEnd: number; timer: NodeJS.Timeout | null; busy: boolean };

// One per process even where Next loads this module in more than one module graph.
const state = ((globalThis as unknown as { __reinstatePreviewQueue?: State }).__reinstatePreviewQueue ??= {
  queue: [],
  uploads: 0,
  lastUploadEnd: 0,
  timer: null,
  busy: false,
});

/** Says an upload is arriving; call what it returns once it has ended, however it ended (once is enough). */
export function uploadBegins(): () => void {
  state.uploads++;
  let ended = false;
  return () => {
    if (ended) return;
    ended = true;
    state.uploads--;
    state.lastUploadEnd = Date.now();
    schedule();
  };
}

/**
 * Queues the preview of a newly filed item. Settles once it has been made (true) or could not be (false);
 * never rejects: a preview that fails is logged and its item says FAILED.
 */
export function queuePreview(item: PreviewSource): Promise<boolean> {
  return new Promise((settle) => {
    state.queue.push({ item, queuedAt: Date.now(), settle });
    schedule();
  });
}

/** How long until the next preview may start (0: now). */
function waitMs(now: number): number {
  const oldest = state.queue[0];
  if (!oldest) return Infinity;
  const overdue = oldest.queuedAt + LONGEST_WAIT_MS - now;
  const quiet = state.uploads > 0 ? QUIET_MS : state.lastUploadEnd + QUIET_MS - now;
  return Math.max(0, Math.min(overdue, quiet));
}

function schedule(): void {
  if (state.busy || state.timer || !state.queue.length) return;
  state.timer = setTimeout(() => {
    state.timer = null;
    void next();
  }, waitMs(Date.now()));
  state.timer.unref(); // a queued preview does not keep a test run alive; a server stays up for its own reasons
}

async function next(): Promise<void> {
  if (state.busy || !state.queue.length) return;
  if (waitMs(Date.now()) > 0) return schedule();
  const entry = state.queue.shift()!;
  state.busy = true;
  try {
    entry.settle(
      await attachPreview(entry.item.id, entry.item).catch((err: unknown) => {
        console.error('[evidence] preview failed', entry.item.id, err instanceof Error ? err.message : err);
        return false;
      }),
    );
  } finally {
    state.busy = false;
    schedule();
  }
}

/** When a running server looks for previews a stopped one left (tests shorten these). */
export const retakeTiming = { firstMs: 6 * 60_000, everyMs: 60 * 60_000 };

/** Started by the server (instrumentation.ts): previews left PENDING by a server that stopped are made here. */
export function startPreviewRetake(): void {
  const flag = globalThis as unknown as { __reinstatePreviewRetake?: boolean };
  if (flag.__reinstatePreviewRetake) return;
  flag.__reinstatePreviewRetake = true;
  const retake = () =>
    void retakePendingPreviews()
      .then((n) => n && console.log(`[evidence] made the previews of ${n} item(s) a stopped server had left`))
      .catch((err: unknown) =>
        console.error('[evidence] unfinished previews not retaken:', err instanceof Error ? err.message : err),
      );
  setTimeout(retake, retakeTiming.firstMs).unref();
  setInterval(retake, retakeTiming.everyMs).unref();
}
