import { Readable } from 'node:stream';
import { db } from '../db/client';
import { runPreviewWorker } from '../jobs/worker-process';
import { getBlobStore } from './storage';
import { encryptToStore, unwrapKey } from './crypto';
import { pdfRenderer } from './preview';
import { previewable } from './previewable';

/** What a preview is made from: an Evidence row's stored file and type. */
export type PreviewSource = { id: string; storageKey: string; wrappedKey: string; mimeType: string; sizeBytes: number };

/**
 * Makes the thumbnail (first page of a PDF, or the image) with location and device metadata
 * stripped, encrypted like the original. The original is never touched. No preview is not an error:
 * the item's previewState says READY or FAILED afterwards, so the page can say which.
 *
 * The work (decrypting the file, pdftoppm or the image decoder) is done by the preview worker process
 * (./preview-task.ts), not on the web server's event loop: a 12-megapixel HEIC photo held it 4.5 s. The
 * server reads the row, unwraps the file's data key, streams the stored (encrypted) bytes to the worker,
 * and stores the small WebP it gets back (encrypted under a key of its own). The worker has none of the
 * server's secrets and runs in a sandbox where it can (lib/jobs/sandbox.ts).
 */
export async function attachPreview(evidenceId: string, filed?: PreviewSource): Promise<boolean> {
  // Just filed (./preview-queue.ts): what the upload wrote is known, and not read back. Purged or erased since,
  // the file is gone (the preview fails) or the row is (nothing is saved, and the preview is deleted).
  const item =
    filed ??
    (await db.evidence.findUnique({
      where: { id: evidenceId },
      select: { storageKey: true, wrappedKey: true, mimeType: true, sizeBytes: true, purgedAt: true },
    }));
  if (!item || ('purgedAt' in item && item.purgedAt) || !previewable(item.mimeType, item.sizeBytes)) return false;
  // Only a live item without a preview changes state: one purged meanwhile keeps its tombstone.
  const failed = () =>
    db.evidence.updateMany({
      where: { id: evidenceId, purgedAt: null, previewKey: null },
      data: { previewState: 'FAILED' },
    });
  try {
    const store = getBlobStore();
    const preview = await runPreviewWorker(
      { kind: 'preview', dataKey: unwrapKey(item.wrappedKey), mimeType: item.mimeType, renderer: pdfRenderer.command },
      () => store.get(item.storageKey),
    );
    if (!preview) {
      await failed();
      return false;
    }
    const key = `${item.storageKey}-preview`;
    const stored = await encryptToStore(store, key, Readable.from([preview]), {});
    const saved = await db.evidence.updateMany({
      where: { id: evidenceId, purgedAt: null },
      data: { previewKey: key, previewWrappedKey: stored.wrappedKey, previewState: 'READY' },
    });
    if (saved.count === 0) await store.delete(key); // purged while the preview was being made
    return saved.count === 1;
  } catch (err) {
    await failed().catch(() => undefined);
    throw err;
  }
}

/**
 * Previews left PENDING by a server that stopped between an upload's answer and its preview (a
 * crash, a restart): made now, at start-up (scripts/prepare.ts), at most `limit` of them, oldest
 * first. Only items filed more than `olderThanMs` ago, so another running server's fresh uploads are
 * left to it. Returns how many were looked at; each ends READY or FAILED.
 */
export async function retakePendingPreviews(
  opts: { olderThanMs?: number; limit?: number; now?: Date } = {},
): Promise<number> {
  const { olderThanMs = 5 * 60_000, limit = 50, now = new Date() } = opts;
  const stale = await db.evidence.findMany({
    where: { previewState: 'PENDING', purgedAt: null, createdAt: { lt: new Date(now.getTime() - olderThanMs) } },
    orderBy: { createdAt: 'asc' },
    take: limit,
    select: { id: true },
  });
  for (const { id } of stale) await attachPreview(id).catch(() => false);
  return stale.length;
}
