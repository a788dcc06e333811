import { execFile } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { promisify } from 'node:util';
import pg from 'pg';
import { db } from '@/lib/db/client';
import { createPGlite } from '@/lib/db/pglite';
import { getEnv } from '@/lib/env';
import { readDecrypted } from '@/lib/evidence/crypto';
import { createLocalBlobStore, getBlobStore } from '@/lib/evidence/storage';
import { createBackup } from '@/lib/backup/create-backup';
import { liveBackupSource } from '@/lib/backup/live-source';
import { approveErasureAction, requestErasureAction } from '@/lib/erasure/actions';
import { actAs, makeCase, makeEvidence, makeUser } from '../../helpers/factories';

// Issue 13's figure: a backup taken BEFORE an erasure, restored into an empty installation with `npm run restore`
// (which replays KEY_DIR/erasures.log): the erased member's rows, wrapped keys and files are gone again, so the
// backup's copies of their files cannot be decrypted; another member's file still decrypts.

jest.setTimeout(240_000);
const run = promisify(execFile);
const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-erasure-restore-'));
const createdDbs: string[] = [];
const closers: (() => Promise<void>)[] = [];

afterAll(async () => {
  for (const close of closers) await close();
  if (createdDbs.length) {
    const admin = new pg.Client({ connectionString: getEnv().DATABASE_URL });
    await admin.connect();
    for (const n of createdDbs) await admin.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
    await admin.end();
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

/**
 * An empty installation of the run's engine: a new DATA_DIR, and on PostgreSQL a new empty database. `query` opens
 * it once restored, for every query (opening a PGlite for each of them was two thirds of the test's time); the file's
 * afterAll closes it.
 */
async function emptyInstallation(): Promise<{
  env: Record<string, string>;
  query: (sql: string, p?: unknown[]) => Promise<Record<string, unknown>[]>;
}> {
  const dataDir = path.join(tmp, 'restored-data');
  if (getEnv().embedded) {
    let g: ReturnType<typeof createPGlite> | undefined;
    closers.push(async () => {
      await g?.close();
    });
    return {
      env: { DATA_DIR: dataDir },
      query: async (sql, p = []) => {
        g ??= createPGlite(path.join(dataDir, 'pglite'));
        return (await g.query<Record<string, unknown>>(sql, p)).rows;
      },
    };
  }
  const url = new URL(getEnv().DATABASE_URL!);
  const name = `${url.pathname.slice(1)}_er_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: getEnv().DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  createdDbs.push(name);
  url.pathname = `/${name}`;
  let c: pg.Client | undefined;
  closers.push(async () => {
    await c?.end();
  });
  return {
    env: { DATA_DIR: dataDir, DATABASE_URL: url.toString() },
    query: async (sql, p = []) => {
      if (!c) {
        c = new pg.Client({ connectionString: url.toString() });
        await c.connect();
      }
      return (await c.query(sql, p)).rows as Record<string, unknown>[];
    },
  };
}

test('a backup from before an erasure, restored with npm run restore, cannot bring the member or their files back', async () => {
  const coordinator = await makeUser('COORDINATOR');
  const marker = `zqrestore${crypto.randomBytes(4).toString('hex')}`;
  const gone = await makeCase();
  const kept = await makeCase();
  const goneFile = await makeEvidence(gone.kase.id, gone.member!.id, { text: `Gone ${marker}\n` });
  const keptFile = await makeEvidence(kept.kase.id, kept.member!.id, { text: 'Kept file\n' });
  await db.person.update({ where: { id: gone.person.id }, data: { fullName: `Name ${marker}` } });

  // The backup, taken before the erasure.
  const backupKey = crypto.randomBytes(32);
  const archive = path.join(tmp, 'before-erasure.backup');
  await createBackup({ source: liveBackupSource(), store: getBlobStore(), key: backupKey, out: archive });

  actAs(gone.member!);
  const asked = await requestErasureAction({ confirm: true });
  if (!asked.ok) throw new Error(asked.error);
  actAs(coordinator);
  expect(await approveErasureAction({ requestId: asked.data.id })).toMatchObject({ ok: true });

  // Restore into an empty installation that shares KEY_DIR (the master key and erasures.log live there).
  const target = await emptyInstallation();
  const env = getEnv();
  const { stdout } = await run('npx', ['tsx', 'scripts/restore.ts', archive], {
    cwd: path.resolve(__dirname, '../../..'),
    env: {
      ...process.env,
      NODE_OPTIONS: '',
      DATABASE_URL: '',
      ...target.env,
      KEY_DIR: env.keyDir,
      BACKUP_KEY: backupKey.toString('base64'),
    },
    maxBuffer: 10 * 1024 * 1024,
  });
  expect(stdout).toMatch(
    /Erasures replayed from .*erasures\.log: \d+ in the log, 1 applied again \(1 case, 1 stored file/,
  );

  // The restored installation: no row of theirs, no marker in any table, their file gone, the other member's there.
  const tables = await target.query(
    `SELECT table_name FROM information_schema.tables WHERE table_schema = current_schema() AND table_type = 'BASE TABLE'`,
  );
  let dump = '';
  for (const t of tables)
    dump += (await target.query(`SELECT t::text AS t FROM "${String(t.table_name)}" t`)).map((r) => r.t).join('\n');
  expect(dump.includes(marker)).toBe(false);
  expect(dump.includes(goneFile.wrappedKey)).toBe(false);
  expect(dump.includes(keptFile.wrappedKey)).toBe(true);
  expect(await target.query('SELECT id FROM "Case" WHERE id = $1', [gone.kase.id])).toEqual([]);
  expect(await target.query('SELECT status FROM "ErasureRequest" WHERE id = $1', [asked.data.id])).toEqual([]);
  const store = createLocalBlobStore(path.join(tmp, 'restored-data', 'evidence'));
  expect(await store.exists(goneFile.storageKey)).toBe(false);
  expect((await readDecrypted(store, keptFile.storageKey, keptFile.wrappedKey)).toString()).toBe('Kept file\n');
});
