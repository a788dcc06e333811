import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { db } from '@/lib/db/client';
import { createPGlite } from '@/lib/db/pglite';
import { getEnv } from '@/lib/env';
import { readDecrypted } from '@/lib/evidence/crypto';
import { createLocalBlobStore, getBlobStore, type BlobStore } from '@/lib/evidence/storage';
import { createBackup } from '@/lib/backup/create-backup';
import { BackupArchiveError } from '@/lib/backup/format';
import { liveBackupSource } from '@/lib/backup/live-source';
import {
  countRestored,
  restoreBackup,
  RestoreRefusedError,
  verifyArchive,
  type RestoreTarget,
} from '@/lib/backup/restore-backup';
import { countRows } from '@/lib/backup/row-counts';
import { makeCase, makeEvidence, makeUser } from '../../helpers/factories';

// Backup → wipe → restore on the engine this run uses (PGlite by default, PostgreSQL with DATABASE_URL):
// a real database, a real store, real archives. With PostgreSQL the database is shared with other test files
// that may be writing: counts are compared with the archive's snapshot, and this file's own rows are looked for.

jest.setTimeout(180_000);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-backup-test-'));
const key = crypto.randomBytes(32);
const createdDbs: string[] = [];

async function sha256OfBlob(store: BlobStore, k: string): Promise<string> {
  const h = crypto.createHash('sha256');
  for await (const chunk of await store.get(k)) h.update(chunk as Buffer);
  return h.digest('hex');
}

async function blobHashes(store: BlobStore): Promise<Map<string, string>> {
  const out = new Map<string, string>();
  for await (const { key: k } of store.list()) out.set(k, await sha256OfBlob(store, k));
  return out;
}

/** A new empty target of the run's engine, and a new empty store. */
async function emptyTarget(name: string): Promise<{ target: RestoreTarget; store: BlobStore }> {
  const store = createLocalBlobStore(path.join(tmp, `${name}-store`));
  if (getEnv().embedded) return { target: { kind: 'pglite', dir: path.join(tmp, `${name}-data`, 'pglite') }, store };
  const url = new URL(getEnv().DATABASE_URL!);
  const dbName = `${url.pathname.slice(1)}_rs_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: getEnv().DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  createdDbs.push(dbName);
  url.pathname = `/${dbName}`;
  return { target: { kind: 'postgres', url: url.toString() }, store };
}

async function queryTarget(
  target: RestoreTarget,
  sql: string,
  params: unknown[] = [],
): Promise<Record<string, unknown>[]> {
  if (target.kind === 'pglite') {
    const p = createPGlite(target.dir);
    try {
      return (await p.query<Record<string, unknown>>(sql, params)).rows;
    } finally {
      await p.close();
    }
  }
  const c = new pg.Client({ connectionString: target.url });
  await c.connect();
  try {
    return (await c.query(sql, params)).rows as Record<string, unknown>[];
  } finally {
    await c.end();
  }
}

const liveCounts = () => countRows(async (sql) => (await db.$queryRawUnsafe(sql)) as Record<string, unknown>[]);

afterAll(async () => {
  if (createdDbs.length) {
    const admin = new pg.Client({ connectionString: getEnv().DATABASE_URL });
    await admin.connect();
    for (const n of createdDbs) await admin.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
    await admin.end();
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

describe('backup and restore', () => {
  let archive: string;
  let evidence: { id: string; storageKey: string; wrappedKey: string; sha256: string };
  let sourceHashes: Map<string, string>;
  let before: Record<string, number>;
  let caseId: string;

  beforeAll(async () => {
    const cw = await makeUser('CASEWORKER');
    const { kase } = await makeCase({ caseworker: cw });
    caseId = kase.id;
    const ev = await makeEvidence(kase.id, cw.id, { text: `Backup marker ${crypto.randomUUID()}\n` });
    evidence = ev;
    await makeEvidence(kase.id, cw.id);
    sourceHashes = await blobHashes(getBlobStore());
    before = await liveCounts();
    archive = path.join(tmp, 'one.backup');
    const result = await createBackup({ source: liveBackupSource(), store: getBlobStore(), key, out: archive });
    expect(fs.statSync(archive).mode & 0o777).toBe(0o600);
    expect(result.manifest.blobCount).toBe(sourceHashes.size);
    console.log(
      `[backup test] ${result.manifest.engine}: archive ${(result.bytes / 1e6).toFixed(1)} MB in ${result.ms} ms, ${result.manifest.parts.length} parts`,
    );
  });

  test('backup → wipe → restore: every table count and every file SHA-256 equal; evidence decrypts with the same master key', async () => {
    const { target, store } = await emptyTarget('roundtrip');
    const started = Date.now();
    const restored = await restoreBackup({ file: archive, key, target, store });
    console.log(`[backup test] ${target.kind}: restore in ${Date.now() - started} ms`);
    // Row counts of every table: as in the snapshot, and (embedded: nobody else writes) as live before the backup.
    expect(restored.rowCounts).toEqual(restored.manifest.rowCounts);
    expect(await countRestored(target)).toEqual(restored.manifest.rowCounts);
    if (target.kind === 'pglite') expect(restored.rowCounts).toEqual(before);
    expect(Object.keys(restored.rowCounts).length).toBeGreaterThan(30);
    // Every stored file: the same bytes (still encrypted as they were).
    expect(await blobHashes(store)).toEqual(sourceHashes);
    // A restored installation opens an evidence file with the same master key.
    const [row] = await queryTarget(
      target,
      'SELECT "storageKey", "wrappedKey", sha256, "caseId" FROM "Evidence" WHERE id = $1',
      [evidence.id],
    );
    expect(row).toBeDefined();
    expect(row!.caseId).toBe(caseId);
    const plain = await readDecrypted(
      store,
      String(row!.storageKey),
      String(row!.wrappedKey),
      getEnv().evidenceMasterKey,
    );
    expect(crypto.createHash('sha256').update(plain).digest('hex')).toBe(evidence.sha256);
    expect(plain.toString()).toMatch(/^Backup marker /);
  });

  test('a wrong key is refused before anything is written', async () => {
    const { target, store } = await emptyTarget('wrongkey');
    await expect(restoreBackup({ file: archive, key: crypto.randomBytes(32), target, store })).rejects.toMatchObject({
      name: 'BackupArchiveError',
      reason: 'wrong-key',
    });
    await expectUntouched(target, store);
  });

  test('a tampered or truncated archive is refused before anything is written', async () => {
    const size = fs.statSync(archive).size;
    const cases: [string, (b: Buffer) => Buffer][] = [
      ['a byte flipped near the end', (b) => ((b[size - 40]! ^= 1), b)],
      ['a byte flipped in the middle', (b) => ((b[Math.floor(size / 2)]! ^= 0x80), b)],
      ['the last chunk cut off', (b) => b.subarray(0, size - 100)],
      ['the header salt changed', (b) => ((b[20]! ^= 1), b)],
    ];
    for (const [what, damage] of cases) {
      const bad = path.join(tmp, `bad-${what.replaceAll(' ', '-')}.backup`);
      fs.writeFileSync(bad, damage(fs.readFileSync(archive)));
      const { target, store } = await emptyTarget(`tampered-${crypto.randomBytes(3).toString('hex')}`);
      const err = await restoreBackup({ file: bad, key, target, store }).catch((e: unknown) => e);
      expect(err).toBeInstanceOf(BackupArchiveError);
      expect((err as Error).message).toMatch(/integrity check|ends/);
      await expectUntouched(target, store);
    }
  });

  test('a non-empty installation is refused with a clear message, and left as it was', async () => {
    // The live installation itself: its database has tables and rows, its store has files.
    const env = getEnv();
    const live: RestoreTarget = env.embedded
      ? { kind: 'pglite', dir: env.pgliteDir }
      : { kind: 'postgres', url: env.DATABASE_URL! };
    const countsBefore = await liveCounts();
    const err = await restoreBackup({ file: archive, key, target: live, store: getBlobStore() }).catch(
      (e: unknown) => e,
    );
    expect(err).toBeInstanceOf(RestoreRefusedError);
    expect((err as Error).message).toMatch(env.embedded ? /already holds data/ : /already has \d+ table/);
    if (env.embedded) expect(await liveCounts()).toEqual(countsBefore);
    // An empty database but a store with files in it: refused too.
    const { target } = await emptyTarget('fullstore');
    const err2 = await restoreBackup({ file: archive, key, target, store: getBlobStore() }).catch((e: unknown) => e);
    expect((err2 as Error).message).toMatch(/file store already holds files/);
  });

  test('verifyArchive reads the manifest: every part with its SHA-256, row counts per table', async () => {
    const { header, manifest } = await verifyArchive(archive, key);
    expect(header).toMatchObject({ format: 'reinstate-backup', version: 1 });
    expect(manifest.parts.every((p) => /^[0-9a-f]{64}$/.test(p.sha256))).toBe(true);
    expect(manifest.rowCounts.Evidence).toBeGreaterThanOrEqual(2);
  });
});

async function expectUntouched(target: RestoreTarget, store: BlobStore) {
  if (target.kind === 'pglite') {
    expect(fs.existsSync(target.dir)).toBe(false);
    const parent = path.dirname(target.dir);
    expect(fs.existsSync(parent) ? fs.readdirSync(parent) : []).toEqual([]);
  } else {
    const rows = await queryTarget(
      target,
      "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema = 'public'",
    );
    expect(rows[0]!.n).toBe(0);
  }
  const keys: string[] = [];
  for await (const { key: k } of store.list()) keys.push(k);
  expect(keys).toEqual([]);
}
