import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { PutObjectCommand } from '@aws-sdk/client-s3';
// @ts-expect-error -- s3rver ships no type declarations; the few members used are typed below.
import S3rverModule from 's3rver';
import { DecryptionError, decryptFromStore, encryptToStore } from '@/lib/evidence/crypto';
import {
  BlobNotFoundError,
  createBlobStore,
  createLocalBlobStore,
  InvalidBlobKeyError,
  type BlobStore,
} from '@/lib/evidence/storage';
import { createS3BlobStore } from '@/lib/evidence/storage/s3-store';

// With DATABASE_URL set, getEnv() would refuse to generate a master key: give these tests their own.
process.env.EVIDENCE_MASTER_KEY ??= crypto.randomBytes(32).toString('base64');

type S3rverInstance = { run(): Promise<AddressInfo>; close(): Promise<void> };
const S3rver = S3rverModule as new (options: Record<string, unknown>) => S3rverInstance;

const BUCKET = 'reinstate-test';
const tmp = (name: string) => fs.mkdtempSync(path.join(os.tmpdir(), `reinstate-${name}-`));
const uid = () => crypto.randomBytes(6).toString('hex');

/** `total` random bytes produced lazily in 64 KiB pieces, with their SHA-256; optionally failing after `failAfter` bytes. */
function randomStream(total: number, failAfter = Infinity): { stream: Readable; sha256: Promise<string> } {
  const hash = crypto.createHash('sha256');
  let resolve!: (hex: string) => void;
  const sha256 = new Promise<string>((r) => (resolve = r));
  let sent = 0;
  const stream = new Readable({
    read() {
      if (sent >= failAfter) {
        this.destroy(new Error('client went away'));
        return;
      }
      if (sent >= total) {
        resolve(hash.digest('hex'));
        this.push(null);
        return;
      }
      const piece = crypto.randomBytes(Math.min(64 * 1024, total - sent));
      sent += piece.length;
      hash.update(piece);
      this.push(piece);
    },
  });
  return { stream, sha256 };
}

async function hashOf(stream: Readable): Promise<{ sha256: string; size: number }> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const part of stream) {
    hash.update(part as Buffer);
    size += (part as Buffer).length;
  }
  return { sha256: hash.digest('hex'), size };
}

async function readAll(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function listKeys(store: BlobStore): Promise<string[]> {
  const keys: string[] = [];
  for await (const blob of store.list()) keys.push(blob.key);
  return keys;
}

let s3rver: S3rverInstance;
let s3Endpoint = '';
const localRoot = tmp('blobs');
const s3Dir = tmp('s3rver');

beforeAll(async () => {
  s3rver = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: s3Dir,
    configureBuckets: [{ name: BUCKET }],
  });
  const { port } = await s3rver.run();
  s3Endpoint = `http://127.0.0.1:${port}`;
});

afterAll(async () => {
  await s3rver?.close();
  fs.rmSync(localRoot, { recursive: true, force: true });
  fs.rmSync(s3Dir, { recursive: true, force: true });
});

const s3Config = () => ({
  driver: 's3' as const,
  bucket: BUCKET,
  endpoint: s3Endpoint,
  region: 'us-east-1',
  forcePathStyle: true,
  accessKeyId: 'S3RVER',
  secretAccessKey: 'S3RVER',
});

const drivers: { name: string; make: () => BlobStore; tamper: (store: BlobStore, key: string) => Promise<void> }[] = [
  {
    name: 'local',
    make: () => createBlobStore({ driver: 'local', dir: localRoot }),
    tamper: async (_store, key) => {
      const file = path.join(localRoot, key);
      const bytes = fs.readFileSync(file);
      bytes[Math.floor(bytes.length / 2)]! ^= 0x40;
      fs.writeFileSync(file, bytes);
    },
  },
  {
    name: 's3 (s3rver)',
    make: () => createBlobStore(s3Config()),
    tamper: async (store, key) => {
      const bytes = await readAll(await store.get(key));
      bytes[Math.floor(bytes.length / 2)]! ^= 0x40;
      await createS3BlobStore(s3Config()).client.send(new PutObjectCommand({ Bucket: BUCKET, Key: key, Body: bytes }));
    },
  },
];

describe.each(drivers)('BlobStore contract: $name', ({ make, tamper }) => {
  let store: BlobStore;
  beforeAll(() => {
    store = make();
  });

  it('streams a 3 MB blob in and out unchanged, then exists, lists and deletes it', async () => {
    const key = `cases/${uid()}/${uid()}`;
    const { stream, sha256 } = randomStream(3 * 1024 * 1024);
    await store.put(key, stream);
    expect(await hashOf(await store.get(key))).toEqual({ sha256: await sha256, size: 3 * 1024 * 1024 });
    expect(await store.exists(key)).toBe(true);
    const listed = [];
    for await (const blob of store.list()) if (blob.key === key) listed.push(blob);
    expect(listed).toHaveLength(1);
    expect(listed[0]!.lastModified).toBeInstanceOf(Date);
    expect(listed[0]!.lastModified.getTime()).not.toBeNaN();
    expect(Math.abs(listed[0]!.lastModified.getTime() - Date.now())).toBeLessThan(5 * 60_000);

    await store.delete(key);
    expect(await store.exists(key)).toBe(false);
    expect(await listKeys(store)).not.toContain(key);
    await expect(store.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
    // Deleting again is not an error.
    await expect(store.delete(key)).resolves.toBeUndefined();
  });

  it('replaces a blob put twice at the same key', async () => {
    const key = `cases/${uid()}/twice`;
    await store.put(key, Readable.from([Buffer.from('first')]));
    await store.put(key, Readable.from([Buffer.from('second')]));
    expect((await readAll(await store.get(key))).toString()).toBe('second');
  });

  it('stores an empty blob', async () => {
    const key = `cases/${uid()}/empty`;
    await store.put(key, Readable.from([]));
    expect((await readAll(await store.get(key))).length).toBe(0);
  });

  it('reports a missing blob as BlobNotFoundError and absent', async () => {
    await expect(store.get(`cases/${uid()}/never`)).rejects.toBeInstanceOf(BlobNotFoundError);
    expect(await store.exists(`cases/${uid()}/never`)).toBe(false);
  });

  it.each(['../x', '/abs', 'A B', 'a/../b', 'a/./b', 'x.pdf', '', 'a//b', 'a/', '-a', 'a\\b', 'a\0b', 'a'.repeat(202)])(
    'rejects the key %j everywhere',
    async (key) => {
      await expect(store.put(key, Readable.from([Buffer.from('x')]))).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.get(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.exists(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
      await expect(store.delete(key)).rejects.toBeInstanceOf(InvalidBlobKeyError);
    },
  );

  it('encryptToStore → decryptFromStore round-trips a 6 MB file; a tampered object fails with DecryptionError', async () => {
    const key = `cases/${uid()}/${uid()}`;
    const { stream, sha256 } = randomStream(6 * 1024 * 1024);
    const stored = await encryptToStore(store, key, stream, { maxBytes: 25 * 1024 * 1024 });
    expect(stored).toMatchObject({ sha256: await sha256, size: 6 * 1024 * 1024 });
    expect(await hashOf(await decryptFromStore(store, key, stored.wrappedKey))).toEqual({
      sha256: stored.sha256,
      size: stored.size,
    });

    await tamper(store, key);
    await expect(hashOf(await decryptFromStore(store, key, stored.wrappedKey))).rejects.toBeInstanceOf(DecryptionError);
  });

  it('encryptToStore over the limit leaves nothing at the key', async () => {
    const key = `cases/${uid()}/too-big`;
    await expect(
      encryptToStore(store, key, randomStream(6 * 1024 * 1024).stream, { maxBytes: 5 * 1024 * 1024 }),
    ).rejects.toThrow('larger than the limit');
    expect(await store.exists(key)).toBe(false);
    expect(await listKeys(store)).not.toContain(key);
  });

  it('a body that fails half-way leaves nothing at the key', async () => {
    const key = `cases/${uid()}/${uid()}`;
    const failing = randomStream(3 * 1024 * 1024, 1.5 * 1024 * 1024).stream;
    await expect(store.put(key, failing)).rejects.toThrow('client went away');
    expect(await store.exists(key)).toBe(false);
    expect(await listKeys(store)).not.toContain(key);
    await expect(store.get(key)).rejects.toBeInstanceOf(BlobNotFoundError);
  });
});

describe('local driver specifics', () => {
  const root = tmp('local');
  const store = createLocalBlobStore(root);
  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('writes through a temp file: a failed put leaves no file, no temp file and nothing listed', async () => {
    const key = `cases/${uid()}/partial`;
    const failing = new Readable({ read() {} });
    failing.push(crypto.randomBytes(1024 * 1024));
    setTimeout(() => failing.destroy(new Error('disconnected')), 20);
    await expect(store.put(key, failing)).rejects.toThrow('disconnected');
    expect(fs.existsSync(path.join(root, key))).toBe(false);
    expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([]);
    expect(await listKeys(store)).toEqual([]);
  });

  it('a body that errors before the store starts reading is reported, not thrown as an unhandled error', async () => {
    const key = `cases/${uid()}/early`;
    const body = new Readable({ read() {} });
    const putting = store.put(key, body);
    body.destroy(new Error('gone at once'));
    await expect(putting).rejects.toThrow();
    expect(await store.exists(key)).toBe(false);
  });

  it('while a put is in flight, the key is absent and only a temp file exists', async () => {
    const key = `cases/${uid()}/slow`;
    const body = new Readable({ read() {} });
    const putting = store.put(key, body);
    body.push(Buffer.alloc(100_000, 1));
    await new Promise((r) => setTimeout(r, 50));
    expect(await store.exists(key)).toBe(false);
    expect(await listKeys(store)).not.toContain(key);
    expect(fs.readdirSync(path.join(root, '.tmp'))).toHaveLength(1);
    body.push(null);
    await putting;
    expect(await store.exists(key)).toBe(true);
    expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([]);
  });

  it('makes its directories again when they were removed after it first used them', async () => {
    const dir = `cases/${uid()}`;
    await store.put(`${dir}/one`, Readable.from([Buffer.from('one')]));
    fs.rmSync(path.join(root, dir), { recursive: true });
    fs.rmSync(path.join(root, '.tmp'), { recursive: true });
    await store.put(`${dir}/two`, Readable.from([Buffer.from('two')]));
    expect((await readAll(await store.get(`${dir}/two`))).toString()).toBe('two');
    expect(await store.exists(`${dir}/one`)).toBe(false);
  });

  it('gathers small pieces into large writes and keeps their order', async () => {
    const key = `cases/${uid()}/pieces`;
    const pieces = Array.from({ length: 5000 }, (_, i) => Buffer.from(`${i},`.repeat(1 + (i % 97))));
    const writes: number[] = [];
    const realOpen = fs.promises.open;
    const spy = jest.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof realOpen>) => {
      const handle = await realOpen(...args);
      // Gathered, not copied together: one writev per batch.
      const writev = handle.writev.bind(handle);
      handle.writev = (async (bufs: readonly NodeJS.ArrayBufferView[], position?: number) => {
        writes.push(bufs.reduce((n, b) => n + b.byteLength, 0));
        return writev(bufs, position);
      }) as typeof handle.writev;
      handle.write = () => Promise.reject(new Error('one write per piece'));
      return handle;
    });
    try {
      await store.put(key, Readable.from(pieces));
    } finally {
      spy.mockRestore();
    }
    const all = Buffer.concat(pieces);
    expect((await readAll(await store.get(key))).equals(all)).toBe(true);
    // About 1 MiB a write: a handful of writes, not one per piece.
    expect(writes.length).toBeLessThanOrEqual(Math.ceil(all.length / (1024 * 1024)) + 1);
    expect(writes.reduce((a, b) => a + b, 0)).toBe(all.length);
  });

  it('flushes a large file to disk as it arrives, and one failing half-way leaves nothing', async () => {
    const syncs: number[] = [];
    const realOpen = fs.promises.open;
    const spy = jest.spyOn(fs.promises, 'open').mockImplementation(async (...args: Parameters<typeof realOpen>) => {
      const handle = await realOpen(...args);
      const datasync = handle.datasync.bind(handle);
      handle.datasync = async () => {
        syncs.push((await handle.stat()).size);
        return datasync();
      };
      return handle;
    });
    try {
      const key = `cases/${uid()}/large`;
      const { stream, sha256 } = randomStream(20 * 1024 * 1024);
      await store.put(key, stream);
      expect(await hashOf(await store.get(key))).toEqual({ sha256: await sha256, size: 20 * 1024 * 1024 });
      // Flushed at about 8 and 16 MiB on the way, then once at the end.
      expect(syncs.length).toBe(3);
      expect(syncs[0]).toBeLessThan(syncs[2]!);
      expect(syncs[2]).toBe(20 * 1024 * 1024);

      const broken = `cases/${uid()}/broken`;
      await expect(store.put(broken, randomStream(20 * 1024 * 1024, 12 * 1024 * 1024).stream)).rejects.toThrow(
        'client went away',
      );
      expect(await store.exists(broken)).toBe(false);
      expect(fs.readdirSync(path.join(root, '.tmp'))).toEqual([]);
    } finally {
      spy.mockRestore();
    }
  });

  it('list skips the temp area and stray files; sweepTemp removes only old leftovers', async () => {
    fs.mkdirSync(path.join(root, '.tmp'), { recursive: true });
    const old = path.join(root, '.tmp', 'crashed-upload');
    const fresh = path.join(root, '.tmp', 'in-flight-upload');
    fs.writeFileSync(old, 'partial');
    fs.writeFileSync(fresh, 'partial');
    const anHourAgo = new Date(Date.now() - 60 * 60_000);
    fs.utimesSync(old, anHourAgo, anHourAgo);
    fs.writeFileSync(path.join(root, 'README.txt'), 'not a blob');

    const keys = await listKeys(store);
    expect(keys.some((k) => k.includes('tmp') || k.includes('upload') || k.includes('README'))).toBe(false);
    expect(await store.sweepTemp(10 * 60_000)).toBe(1);
    expect(fs.existsSync(old)).toBe(false);
    expect(fs.existsSync(fresh)).toBe(true);
  });

  it('keeps blobs inside the root even for keys that look like paths', async () => {
    await store.put('a/b/c', Readable.from([Buffer.from('nested')]));
    expect(fs.readFileSync(path.join(root, 'a', 'b', 'c'), 'utf8')).toBe('nested');
    expect(await listKeys(store)).toContain('a/b/c');
  });
});
