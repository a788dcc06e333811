import { Readable } from 'node:stream';
import { db } from '../db/client';
import { getBlobStore } from './storage';
import { decryptFromStore, encryptToStore } from './crypto';
import { makePreview } from './preview';

const PREVIEW_SOURCE_LIMIT = 30 * 1024 * 1024;

async function readAll(stream: Readable, limit: number): Promise<Buffer | null> {
  const parts: Buffer[] = [];
  let size = 0;
  for await (const chunk of stream) {
    size += (chunk as Buffer).length;
    if (size > limit) return null;
    parts.push(chunk as Buffer);
  }
  return Buffer.concat(parts);
}

/**
 * Makes the thumbnail (first page of a PDF, or the image) with location and device metadata
 * stripped, encrypted like the original. The original is never touched. Best effort: no preview
 * is not an error.
 */
export async function attachPreview(evidenceId: string): Promise<boolean> {
  const item = await db.evidence.findUnique({ where: { id: evidenceId }, select: { storageKey: true, wrappedKey: true, mimeType: true, caseId: true, sizeBytes: true } });
  if (!item || !(item.mimeType === 'application/pdf' || item.mimeType.startsWith('image/')) || item.sizeBytes > PREVIEW_SOURCE_LIMIT) return false;
  const store = getBlobStore();
  const original = await readAll(await decryptFromStore(store, item.storageKey, item.wrappedKey), PREVIEW_SOURCE_LIMIT);
  if (!original) return false;
  const preview = await makePreview(original, item.mimeType);
  if (!preview) return false;
  const key = `${item.storageKey}-preview`;
  const stored = await encryptToStore(store, key, Readable.from([preview.data]), {});
  await db.evidence.update({ where: { id: evidenceId }, data: { previewKey: key, previewWrappedKey: stored.wrappedKey } });
  return true;
}
