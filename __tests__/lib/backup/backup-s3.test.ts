import crypto from 'node:crypto';
import fs from 'node:fs';
import type { AddressInfo } from 'node:net';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import pg from 'pg';
// @ts-expect-error -- s3rver ships no type declarations; the few members used are typed below.
import S3rverModule from 's3rver';
import { getEnv } from '@/lib/env';
import { encryptToStore, readDecrypted } from '@/lib/evidence/crypto';
import type { BlobStore } from '@/lib/evidence/storage';
import { createS3BlobStore } from '@/lib/evidence/storage/s3-store';
import { createBackup } from '@/lib/backup/create-backup';
import { liveBackupSource } from '@/lib/backup/live-source';
import { restoreBackup, type RestoreTarget } from '@/lib/backup/restore-backup';

// Files in S3 (s3rver, a local S3-compatible server): listed, read and written back through the BlobStore.

type S3rverInstance = { run(): Promise<AddressInfo>; close(): Promise<void> };
const S3rver = S3rverModule as new (options: Record<string, unknown>) => S3rverInstance;

jest.setTimeout(120_000);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-backup-s3-'));
let s3rver: S3rverInstance;
let endpoint = '';
let createdDb: string | undefined;

const store = (bucket: string): BlobStore =>
  createS3BlobStore({
    bucket,
    endpoint,
    region: 'us-east-1',
    forcePathStyle: true,
    accessKeyId: 'S3RVER',
    secretAccessKey: 'S3RVER',
  });

beforeAll(async () => {
  s3rver = new S3rver({
    port: 0,
    address: '127.0.0.1',
    silent: true,
    directory: path.join(tmp, 's3'),
    configureBuckets: [{ name: 'source' }, { name: 'restored' }],
  });
  endpoint = `http://127.0.0.1:${(await s3rver.run()).port}`;
});

afterAll(async () => {
  await s3rver?.close();
  if (createdDb) {
    const admin = new pg.Client({ connectionString: getEnv().DATABASE_URL });
    await admin.connect();
    await admin.query(`DROP DATABASE IF EXISTS "${createdDb}" WITH (FORCE)`);
    await admin.end();
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

async function hashes(s: BlobStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const { key } of s.list()) {
    const h = crypto.createHash('sha256');
    for await (const c of await s.get(key)) h.update(c as Buffer);
    out.set(key, h.digest('hex'));
  }
  return out;
}

test('files in S3 go into the archive and back into an empty bucket, byte for byte, and still decrypt', async () => {
  const source = store('source');
  const wrapped = new Map<string, string>();
  for (let i = 0; i < 3; i++) {
    const key = `cases/s3test/${crypto.randomBytes(6).toString('hex')}`;
    const stored = await encryptToStore(source, key, Readable.from([crypto.randomBytes(200_000 + i)]));
    wrapped.set(key, stored.wrappedKey);
  }
  const before = await hashes(source);
  const archive = path.join(tmp, 's3.backup');
  const key = crypto.randomBytes(32);
  const made = await createBackup({ source: liveBackupSource(), store: source, key, out: archive });
  expect(made.manifest.blobCount).toBe(3);

  let target: RestoreTarget;
  if (getEnv().embedded) target = { kind: 'pglite', dir: path.join(tmp, 'restored', 'pglite') };
  else {
    const url = new URL(getEnv().DATABASE_URL!);
    createdDb = `${url.pathname.slice(1)}_rs3_${crypto.randomBytes(4).toString('hex')}`;
    const admin = new pg.Client({ connectionString: getEnv().DATABASE_URL });
    await admin.connect();
    await admin.query(`CREATE DATABASE "${createdDb}"`);
    await admin.end();
    url.pathname = `/${createdDb}`;
    target = { kind: 'postgres', url: url.toString() };
  }
  const restoredStore = store('restored');
  const result = await restoreBackup({ file: archive, key, target, store: restoredStore });
  expect(result.blobs).toBe(3);
  expect(await hashes(restoredStore)).toEqual(before);
  for (const [k, w] of wrapped)
    expect((await readDecrypted(restoredStore, k, w)).length).toBeGreaterThanOrEqual(200_000);
});
