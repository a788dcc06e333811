import crypto from 'node:crypto';
import fs from 'node:fs/promises';
import { createWriteStream, type Dirent } from 'node:fs';
import path from 'node:path';
import type { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { assertValidBlobKey, BlobNotFoundError, isValidBlobKey, withBodyGuard, type BlobStore } from './blob-store';

// Valid keys cannot contain '.', so this directory can never collide with a blob.
const TEMP_DIR = '.tmp';

export type LocalBlobStore = BlobStore & { sweepTemp(olderThanMs: number): Promise<number> };

/** Blobs as files under `root`, one file per key. */
export function createLocalBlobStore(root: string): LocalBlobStore {
  const base = path.resolve(root);
  const tempDir = path.join(base, TEMP_DIR);

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
      // Write beside the store, flush to disk, then rename into place: rename within one file system
      // is atomic, so a crash or a failed body never leaves a partial file at the real key.
      await withBodyGuard(body, async () => {
        try {
          await fs.mkdir(tempDir, { recursive: true, mode: 0o700 });
          await pipeline(body, createWriteStream(temp, { flags: 'wx', mode: 0o600 }));
          const handle = await fs.open(temp, 'r+');
          try {
            await handle.sync();
          } finally {
            await handle.close();
          }
          await fs.mkdir(path.dirname(target), { recursive: true, mode: 0o700 });
          await fs.rename(temp, target);
        } catch (err) {
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
      return handle.createReadStream() as Readable;
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
