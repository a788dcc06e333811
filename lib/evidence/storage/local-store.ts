import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import type { Dirent } from 'node:fs';
import type { FileHandle } from 'node:fs/promises';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { assertValidBlobKey, BlobNotFoundError, isValidBlobKey, withBodyGuard, type BlobStore } from './blob-store';

// Valid keys cannot contain '.', so this directory can never collide with a blob.
const TEMP_DIR = '.tmp';

const WRITE_BATCH = 1024 * 1024;
/** What a blob is read in. */
const READ_BATCH = 1024 * 1024;
/** A file being written is flushed to disk every this many bytes, while the rest of it arrives. */
const FLUSH_EVERY = 8 * 1024 * 1024;

/** Writes the buffers in order, in one call where the system takes them all (none copied together first). */
async function writeAll(handle: FileHandle, parts: Buffer[], total: number): Promise<void> {
  let left = total;
  while (left > 0) {
    const { bytesWritten } = await handle.writev(parts);
    left -= bytesWritten;
    if (left > 0) parts = rest(parts, bytesWritten);
  }
}

/** What remains of `parts` after the first `n` bytes. */
function rest(parts: Buffer[], n: number): Buffer[] {
  let i = 0;
  while (n >= parts[i]!.length) n -= parts[i++]!.length;
  return [parts[i]!.subarray(n), ...parts.slice(i + 1)];
}

export type LocalBlobStore = BlobStore & { sweepTemp(olderThanMs: number): Promise<number> };

/** Blobs as files under `root`, one file per key. */
export function createLocalBlobStore(root: string): LocalBlobStore {
  const base = path.resolve(root);
  const tempDir = path.join(base, TEMP_DIR);
  // Directories known to exist: each put would otherwise ask twice. One that has since been removed
  // is made again when the open or rename that needs it fails with ENOENT.
  const made = new Set<string>();
  async function retryingMkdir<T>(dir: string, act: () => Promise<T>): Promise<T> {
    if (!made.has(dir)) {
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      made.add(dir);
      return act();
    }
    try {
      return await act();
    } catch (err) {
      if ((err as NodeJS.ErrnoException).code !== 'ENOENT') throw err;
      await fs.mkdir(dir, { recursive: true, mode: 0o700 });
      return act();
    }
  }

  const pathFor = (key: string): string => {
    assertValidBlobKey(key);
    const p = path.join(base, ...key.split('/'));
    // Defence in depth: the key check already rules this out.
    if (!p.startsWith(base + path.sep)) throw new Error('Storage key escapes the evidence directory');
    return p;
  };

  return {
    async put(key, body) {
      const target = pathFor(key);
      const temp = path.join(tempDir, crypto.randomBytes(16).toString('hex'));
      // Write beside the store, flush to disk once, then rename into place: rename within one file
      // system is atomic, so a crash or a failed body never leaves a partial file at the real key.
      await withBodyGuard(body, async () => {
        let handle: FileHandle | undefined;
        // The write under way (at most one, so the bytes land in order) and the early flush under way: each
        // goes on while the next bytes arrive and are encrypted, instead of the upload waiting for it.
        let writing: Promise<void> = Promise.resolve();
        let flushing: Promise<void> = Promise.resolve();
        try {
          const file = (handle = await retryingMkdir(tempDir, () => fs.open(temp, 'wx', 0o600)));
          // Few, large writes: what arrives is gathered up to WRITE_BATCH bytes per write.
          let batch: Buffer[] = [];
          let batched = 0;
          let unflushed = 0;
          for await (const chunk of body) {
            const b = typeof chunk === 'string' ? Buffer.from(chunk) : (chunk as Buffer);
            batch.push(b);
            batched += b.length;
            if (batched >= WRITE_BATCH) {
              await writing;
              const [parts, n] = [batch, batched];
              writing = writeAll(file, parts, n);
              writing.catch(() => undefined); // awaited before the next write, at the end or on failure
              batch = [];
              batched = 0;
              unflushed += n;
              // A large file is flushed as it goes, so the flush at the end has little left to write.
              if (unflushed >= FLUSH_EVERY) {
                await flushing;
                flushing = writing.then(() => file.datasync());
                flushing.catch(() => undefined);
                unflushed = 0;
              }
            }
          }
          await writing;
          if (batched) await writeAll(file, batch, batched);
          await flushing;
          // Then one flush of whatever is left (and of the size needed to read it back).
          await file.datasync();
          await file.close();
          handle = undefined;
          await retryingMkdir(path.dirname(target), () => fs.rename(temp, target));
        } catch (err) {
          // Nothing may still be writing to the file when it is closed and removed.
          await Promise.allSettled([writing, flushing]);
          await handle?.close().catch(() => undefined);
          await fs.rm(temp, { force: true });
          throw err;
        }
      });
    },

    async get(key) {
      const file = pathFor(key);
      // Open now, so a missing blob is reported here rather than as a later stream error.
      const handle = await fs.open(file, 'r').catch((err: NodeJS.ErrnoException) => {
        throw err.code === 'ENOENT' || err.code === 'ENOTDIR' ? new BlobNotFoundError(key) : err;
      });
      // Read in large pieces: a 25 MB file is 25 reads, not 400.
      return handle.createReadStream({ highWaterMark: READ_BATCH }) as Readable;
    },

    async delete(key) {
      await fs.rm(pathFor(key), { force: true });
    },

    async exists(key) {
      const stat = await fs.stat(pathFor(key)).catch(() => null);
      return stat?.isFile() ?? false;
    },

    async *list() {
      yield* walk(base, '');
    },

    async sweepTemp(olderThanMs) {
      const cutoff = Date.now() - olderThanMs;
      const names = await fs.readdir(tempDir).catch(() => [] as string[]);
      let removed = 0;
      for (const name of names) {
        const file = path.join(tempDir, name);
        const stat = await fs.stat(file).catch(() => null);
        if (stat && stat.mtimeMs < cutoff) {
          await fs.rm(file, { force: true });
          removed++;
        }
      }
      return removed;
    },
  };
}

async function* walk(dir: string, prefix: string): AsyncGenerator<{ key: string; lastModified: Date }> {
  let entries: Dirent[];
  try {
    entries = await fs.readdir(dir, { withFileTypes: true });
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return;
    throw err;
  }
  for (const entry of entries) {
    const key = prefix + entry.name;
    if (entry.isDirectory()) {
      if (!(prefix === '' && entry.name === TEMP_DIR)) yield* walk(path.join(dir, entry.name), `${key}/`);
    } else if (entry.isFile() && isValidBlobKey(key)) {
      const stat = await fs.stat(path.join(dir, entry.name)).catch(() => null);
      if (stat) yield { key, lastModified: new Date(stat.mtimeMs) };
    }
  }
}
