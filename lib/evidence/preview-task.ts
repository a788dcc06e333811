import { pipeline, type Readable } from 'node:stream';
import { createDecryptStream } from './crypto';
import { makePreview, pdfRenderer } from './preview';
import { PREVIEW_SOURCE_LIMIT } from './previewable';

/**
 * A preview to make, in the preview worker process (lib/jobs/worker-process.ts): the file's own data key
 * (unwrapped by the server, which keeps the master key) and its type. The file's encrypted bytes follow the
 * task as they are read from the blob store: the worker has no storage configuration, no master key and no
 * database, and runs in a sandbox where it can (lib/jobs/sandbox.ts). `renderer` is the PDF renderer to run
 * (tests name one of their own).
 */
export type PreviewTask = {
  kind: 'preview';
  dataKey: Uint8Array;
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

/** The preview's WebP bytes, or null when none can be made. Throws only when the file cannot be read. */
export async function runPreviewTask(task: PreviewTask, encrypted: Readable): Promise<Buffer | null> {
  pdfRenderer.command = task.renderer;
  // Callback pipeline: a read error or a DecryptionError reaches the reader below as the stream's error.
  const decrypted = pipeline(encrypted, createDecryptStream(Buffer.from(task.dataKey)), () => undefined);
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
