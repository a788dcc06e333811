import { db } from '../db/client';
import type { BlobStore } from './storage';

/**
 * Deletes stored bytes that no evidence, letter, bundle, access-request or member-export row points at (an upload interrupted between storing and
 * committing, a refused file whose delete failed). A grace period protects uploads in flight.
 */
export async function sweepOrphanBlobs(
  store: BlobStore,
  options: { graceMs?: number; now?: Date } = {},
): Promise<{ checked: number; deleted: string[] }> {
  const graceMs = options.graceMs ?? 60 * 60_000;
  const cutoff = (options.now ?? new Date()).getTime() - graceMs;
  await store.sweepTemp?.(graceMs); // partial writes of the local driver
  const candidates: string[] = [];
  let checked = 0;
  for await (const blob of store.list()) {
    checked++;
    if (blob.lastModified.getTime() < cutoff) candidates.push(blob.key);
  }
  const deleted: string[] = [];
  for (let i = 0; i < candidates.length; i += 500) {
    const batch = candidates.slice(i, i + 500);
    const [rows, letters] = await Promise.all([
      db.evidence.findMany({
        where: { OR: [{ storageKey: { in: batch } }, { previewKey: { in: batch } }] },
        select: { storageKey: true, previewKey: true },
      }),
      db.letter.findMany({ where: { pdfStorageKey: { in: batch } }, select: { pdfStorageKey: true } }),
    ]);
    const bundles = await db.bundle.findMany({ where: { storageKey: { in: batch } }, select: { storageKey: true } });
    const responses = await db.accessRequest.findMany({
      where: { storageKey: { in: batch } },
      select: { storageKey: true },
    });
    const exports = await db.memberExport.findMany({
      where: { storageKey: { in: batch } },
      select: { storageKey: true },
    });
    const referenced = new Set(
      [
        ...rows.flatMap((r) => [r.storageKey, r.previewKey]),
        ...exports.map((e) => e.storageKey),
        ...letters.map((l) => l.pdfStorageKey),
        ...bundles.map((b) => b.storageKey),
        ...responses.map((r) => r.storageKey),
      ].filter(Boolean),
    );
    for (const key of batch) {
      if (referenced.has(key)) continue;
      await store.delete(key);
      deleted.push(key);
    }
  }
  return { checked, deleted };
}
