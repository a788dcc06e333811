import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { db } from '@/lib/db/client';
import { createPGlite } from '@/lib/db/pglite';
import { getEnv } from '@/lib/env';
import { writeAudit } from '@/lib/audit/write-audit';
import { createLocalBlobStore } from '@/lib/evidence/storage';
import { createBackup } from '@/lib/backup/create-backup';
import { liveBackupSource } from '@/lib/backup/live-source';
import { restoreBackup, verifyArchive, type RestoreTarget } from '@/lib/backup/restore-backup';
import { requestServerBackup, socketPath, startBackupSocket, stopBackupSocket } from '@/lib/backup/server-socket';
import { resolveBackupKey } from '@/lib/backup/key';
import { makeCase, makeUser } from '../../helpers/factories';

// A backup taken while 20 writers add timeline entries, and a backup asked of the running server over its socket.

jest.setTimeout(240_000);

const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-backup-live-'));
const createdDbs: string[] = [];
const WRITERS = 20;
const WRITES_EACH = 20;

async function emptyTarget(name: string): Promise<RestoreTarget> {
  if (getEnv().embedded) return { kind: 'pglite', dir: path.join(tmp, `${name}-data`, 'pglite') };
  const url = new URL(getEnv().DATABASE_URL!);
  const dbName = `${url.pathname.slice(1)}_rl_${crypto.randomBytes(4).toString('hex')}`;
  const admin = new pg.Client({ connectionString: getEnv().DATABASE_URL });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${dbName}"`);
  await admin.end();
  createdDbs.push(dbName);
  url.pathname = `/${dbName}`;
  return { kind: 'postgres', url: url.toString() };
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

/** Fails after `ms` instead of hanging (an earlier prototype of this test hung). */
function bounded<T>(p: Promise<T>, ms: number, what: string): Promise<T> {
  let t: NodeJS.Timeout;
  return Promise.race([
    p.finally(() => clearTimeout(t)),
    new Promise<T>((_, reject) => (t = setTimeout(() => reject(new Error(`${what} took longer than ${ms} ms`)), ms))),
  ]);
}

afterAll(async () => {
  await stopBackupSocket().catch(() => undefined);
  if (createdDbs.length) {
    const admin = new pg.Client({ connectionString: getEnv().DATABASE_URL });
    await admin.connect();
    for (const n of createdDbs) await admin.query(`DROP DATABASE IF EXISTS "${n}" WITH (FORCE)`);
    await admin.end();
  }
  fs.rmSync(tmp, { recursive: true, force: true });
});

test('a backup taken while 20 writers add timeline entries restores to a consistent state', async () => {
  const cw = await makeUser('CASEWORKER');
  const cases = await Promise.all(Array.from({ length: 4 }, () => makeCase({ caseworker: cw })));
  const caseIds = cases.map((c) => c.kase.id);
  const runTag = `live-${crypto.randomBytes(4).toString('hex')}`;
  let written = 0;
  let backupStartedAt = -1;
  // One entry = a new case for every fifth write (so an entry can depend on a case made during the backup),
  // the entry and its audit row, in one transaction: restored, each is all there or not there at all.
  const writer = async (w: number) => {
    for (let i = 0; i < WRITES_EACH; i++) {
      await db.$transaction(async (tx) => {
        let caseId = caseIds[(w + i) % caseIds.length]!;
        if (i % 5 === 4) {
          const person = await tx.person.create({ data: { fullName: `${runTag} person ${w}-${i}` } });
          const kase = await tx.case.create({
            data: {
              reference: `${runTag}-${w}-${i}`,
              personId: person.id,
              createdById: cw.id,
              stage: 'INVESTIGATION',
              wants: ['APPEAL'],
            },
          });
          caseId = kase.id;
        }
        const ev = await tx.timelineEvent.create({
          data: {
            caseId,
            createdById: cw.id,
            type: 'NOTE',
            occurredOn: new Date('2021-04-01'),
            datePrecision: 'DAY',
            title: `${runTag} writer ${w} entry ${i}`,
          },
        });
        await writeAudit(tx, {
          actorId: cw.id,
          action: 'event.create',
          entityType: 'TimelineEvent',
          entityId: ev.id,
          caseId,
          fields: ['title'],
        });
      });
      written++;
      await new Promise((r) => setImmediate(r));
    }
  };
  const writers = Promise.all(Array.from({ length: WRITERS }, (_, w) => writer(w)));
  // Start the backup once some entries are in, while the rest are still being written.
  await bounded(
    (async () => {
      while (written < 40) await new Promise((r) => setTimeout(r, 20));
    })(),
    60_000,
    'the first 40 writes',
  );
  backupStartedAt = written;
  const archive = path.join(tmp, 'live.backup');
  const key = crypto.randomBytes(32);
  const [result] = await bounded(
    Promise.all([
      createBackup({
        source: liveBackupSource(),
        store: createLocalBlobStore(path.join(tmp, 'no-files')),
        key,
        out: archive,
      }),
      writers,
    ]),
    180_000,
    'the backup with 20 writers',
  );
  const writtenDuring = written - backupStartedAt;
  expect(written).toBe(WRITERS * WRITES_EACH);

  const target = await emptyTarget('live');
  await bounded(
    restoreBackup({ file: archive, key, target, store: createLocalBlobStore(path.join(tmp, 'live-store')) }),
    120_000,
    'the restore',
  );

  const [events] = await queryTarget(
    target,
    `SELECT count(*)::int AS n,
            count(*) FILTER (WHERE c.id IS NULL)::int AS orphans,
            count(*) FILTER (WHERE a.id IS NULL)::int AS without_audit
       FROM "TimelineEvent" e LEFT JOIN "Case" c ON c.id = e."caseId"
       LEFT JOIN "AuditLog" a ON a."entityId" = e.id AND a.action = 'event.create'
      WHERE e.title LIKE $1`,
    [`${runTag} %`],
  );
  const [audits] = await queryTarget(
    target,
    `SELECT count(*)::int AS n FROM "AuditLog" a JOIN "TimelineEvent" e ON e.id = a."entityId" WHERE e.title LIKE $1`,
    [`${runTag} %`],
  );
  const [madeCases] = await queryTarget(target, `SELECT count(*)::int AS n FROM "Case" WHERE reference LIKE $1`, [
    `${runTag}-%`,
  ]);
  const n = Number(events!.n);
  console.log(
    `[backup test] ${target.kind}: ${WRITERS}×${WRITES_EACH} writes, ${backupStartedAt} before the backup began, ${writtenDuring} while it ran or after; restored ${n} entries`,
  );
  // Some point in time: at least what was written before the backup began, at most everything.
  expect(n).toBeGreaterThanOrEqual(backupStartedAt);
  expect(n).toBeLessThanOrEqual(WRITERS * WRITES_EACH);
  // No half-written items: every entry has its case and its audit row, and no audit row lacks its entry.
  expect(Number(events!.orphans)).toBe(0);
  expect(Number(events!.without_audit)).toBe(0);
  expect(Number(audits!.n)).toBe(n);
  // The cases made alongside entries are there exactly when their entries are.
  const [withCase] = await queryTarget(
    target,
    `SELECT count(*)::int AS n FROM "TimelineEvent" e JOIN "Case" c ON c.id = e."caseId" WHERE c.reference LIKE $1`,
    [`${runTag}-%`],
  );
  expect(Number(withCase!.n)).toBe(Number(madeCases!.n));
  // The counts of the whole database match the manifest (the snapshot), table by table.
  expect(result.manifest.rowCounts.TimelineEvent).toBeGreaterThanOrEqual(n);
});

test('the running server makes the backup when asked over its socket (0600, token), and refuses a wrong token', async () => {
  const env = getEnv();
  const sock = await startBackupSocket(env.dataDir);
  expect(sock).toBe(socketPath(env.dataDir));
  expect(fs.statSync(sock).mode & 0o777).toBe(0o600);
  expect(fs.statSync(path.join(env.dataDir, 'backup-token')).mode & 0o777).toBe(0o600);
  const cw = await makeUser('CASEWORKER');
  await makeCase({ caseworker: cw });

  const out = path.join(tmp, 'by-server.backup');
  const result = await bounded(requestServerBackup(env.dataDir, out), 120_000, 'the backup through the server');
  expect(result.file).toBe(out);
  expect(result.keyDescription).toMatch(/backup key [0-9a-f]{16}/);
  const key = resolveBackupKey({ envKey: env.BACKUP_KEY, keyDir: env.keyDir, dataDir: env.dataDir }, false);
  const { manifest } = await verifyArchive(out, key.key);
  expect(manifest.rowCounts.User).toBeGreaterThanOrEqual(1);

  // A wrong token: refused, nothing written.
  const tokenFile = path.join(env.dataDir, 'backup-token');
  const real = fs.readFileSync(tokenFile, 'utf8');
  fs.writeFileSync(tokenFile, crypto.randomBytes(32).toString('base64url'));
  const refusedOut = path.join(tmp, 'refused.backup');
  await expect(requestServerBackup(env.dataDir, refusedOut)).rejects.toThrow(/token does not match/);
  expect(fs.existsSync(refusedOut)).toBe(false);
  fs.writeFileSync(tokenFile, real);
  await stopBackupSocket(env.dataDir);
  expect(fs.existsSync(sock)).toBe(false);
});
