import { Readable } from 'node:stream';
import { getBlobStore } from './storage';
import { decryptFromStore } from './crypto';
import { makePreview, pdfRenderer } from './preview';
import { PREVIEW_SOURCE_LIMIT } from './previewable';

/**
 * A preview to make, in the preview worker process (lib/jobs/worker-process.ts): the stored file to read and
 * its type. The worker reads it from the blob store and decrypts it with the server's own configuration, as
 * the PDF worker does for a bundle's exhibits; no database here. `renderer` is the PDF renderer to run (tests
 * name one that does not exist).
 */
export type PreviewTask = {
  kind: 'preview';
  storageKey: string;
  wrappedKey: string;
  mimeType: string;
  renderer: string;
};

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

/** The preview's WebP bytes, or null when none can be made. Throws only when the stored file cannot be read. */
export async function runPreviewTask(task: PreviewTask): Promise<Buffer | null> {
  pdfRenderer.command = task.renderer;
  const decrypted = await decryptFromStore(getBlobStore(), task.storageKey, task.wrappedKey);
  // A PDF streams into pdftoppm, so memory does not grow with the file; an image is decoded here and needs
  // its bytes.
  const original = task.mimeType === 'application/pdf' ? decrypted : await readAll(decrypted, PREVIEW_SOURCE_LIMIT);
  if (!original) {
    decrypted.destroy();
    return null;
  }
  const preview = await makePreview(original, task.mimeType);
  return preview?.data ?? null;
}
