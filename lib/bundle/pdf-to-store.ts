import { PassThrough } from 'node:stream';
import { encryptToStore } from '../evidence/crypto';
import { getBlobStore } from '../evidence/storage';

export type StoredPdf = { pageCount: number; wrappedKey: string; sha256: string; size: number };
/** How far a build has gone (0–99) and what it is on; sent at most twice a second. */
export type BuildProgress = (progress: number, note: string) => void;

/**
 * Runs `write`, which streams a PDF into the sink it is given, and encrypts the bytes into the blob store
 * at `key` as they come. On any failure what was stored is deleted before the error is passed on.
 * No database here: this runs in the PDF worker process (scripts/pdf-worker.ts).
 */
export async function pdfToStore(
  key: string,
  write: (sink: PassThrough) => Promise<{ pageCount: number }>,
): Promise<StoredPdf> {
  const store = getBlobStore();
  const sink = new PassThrough();
  const storing = encryptToStore(store, key, sink);
  storing.catch(() => undefined); // awaited below; a failure is reported there
  try {
    const { pageCount } = await write(sink);
    sink.end();
    return { pageCount, ...(await storing) };
  } catch (err) {
    sink.destroy(err as Error);
    await storing.catch(() => undefined);
    await store.delete(key).catch(() => undefined);
    throw err;
  }
}

/** A progress reporter for `total` steps that reports at most twice a second, the first after half a second. */
export function throttledProgress(total: number, report: BuildProgress): (step: number, note: string) => void {
  let done = 0;
  let lastWrite = Date.now();
  return (step, note) => {
    done += step;
    const now = Date.now();
    if (now - lastWrite < 500 || done >= total) return;
    lastWrite = now;
    report(Math.min(99, Math.round((done / total) * 100)), note);
  };
}
