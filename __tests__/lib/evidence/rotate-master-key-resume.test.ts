import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { closeDb, db } from '@/lib/db/client';
import { createDataKey, readDecrypted, unwrapKey, wrapKey, wrappedKeyPrefix } from '@/lib/evidence/crypto';
import { hasPendingRotation, masterKeyPath, readKeyFile } from '@/lib/evidence/master-key-file';
import { stageNextKey } from '@/lib/evidence/rotate-key-file';
import { rewrapAll } from '@/lib/evidence/rotate-master-key';
import { getBlobStore } from '@/lib/evidence/storage';
import { makeCase, makeEvidence } from '../../helpers/factories';
import { sha256 } from '../bundle/bundle-fixtures';
import { dropOwnDatabase, freePort, makeKeyDir, runRotate, useOwnDatabase } from './rotation-support';

// A rotation that stops part-way (here: after its first batch) finishes when run again, with the
// same new key; and file keys that the current master key cannot open stop the command before it
// changes anything.

const fileMode = !process.env.DATABASE_URL;
const oldKey = Buffer.from(process.env.EVIDENCE_MASTER_KEY!, 'base64');
let caseId: string;
let firstNewKey: Buffer; // the key the first test rotated to
let lastNewKey: Buffer; // the key nextKey() last handed over (PostgreSQL: the one to check against)

const keysOf = async () =>
  (await db.evidence.findMany({ where: { caseId }, orderBy: { id: 'asc' } })).map((e) => ({
    id: e.id,
    wrapped: e.wrappedKey,
    storageKey: e.storageKey,
    sha256: e.sha256,
  }));

/** In file mode the next key is staged in the key directory; otherwise it is handed over in a file. */
function nextKey(keyDir: string): { key: Buffer; args: string[] } {
  if (fileMode) return { key: stageNextKey(keyDir).key, args: [] };
  const key = (lastNewKey = crypto.randomBytes(32));
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-newkey-')), 'new-master-key');
  fs.writeFileSync(file, key.toString('base64'), { mode: 0o600 });
  return { key, args: ['--new-key-file', file] };
}

beforeAll(async () => {
  await useOwnDatabase();
  const c = await makeCase();
  caseId = c.kase.id;
  for (let i = 0; i < 7; i++) await makeEvidence(caseId, c.member!.id, { text: `Exhibit ${i}\n` });
}, 120_000);

afterAll(async () => {
  await closeDb();
  await dropOwnDatabase();
});

test('a rotation stopped after its first batch completes on the second run, with the same new key', async () => {
  const keyDir = makeKeyDir(oldKey);
  const next = nextKey(keyDir);
  firstNewKey = next.key;
  const crash = new Error('the machine went down');
  await expect(
    rewrapAll(
      db,
      { oldKey, newKey: next.key },
      {
        batchSize: 3,
        onBatch: () => {
          throw crash;
        },
      },
    ),
  ).rejects.toBe(crash);

  const half = await keysOf();
  const underNew = half.filter((k) => k.wrapped.startsWith(wrappedKeyPrefix(next.key)));
  expect(underNew).toHaveLength(3); // the first batch committed, the rest did not start
  if (fileMode) {
    expect(hasPendingRotation(keyDir)).toBe(true); // the launcher refuses to start the app now
    expect(readKeyFile(masterKeyPath(keyDir)).equals(oldKey)).toBe(true);
  }

  await closeDb();
  const run = await runRotate(['--batch-size', '3', ...next.args], { keyDir, port: await freePort() });
  expect(run.stderr).toBe('');
  expect(run.code).toBe(0);
  expect(run.stdout).toMatch(/evidence files: 4 to re-wrap, 3 already done/);
  expect(run.stdout).toMatch(/Re-wrapped 4 file key\(s\)/);
  if (fileMode) {
    expect(run.stdout).toMatch(/Carrying on with the rotation started earlier/);
    expect(readKeyFile(masterKeyPath(keyDir)).equals(next.key)).toBe(true);
    expect(hasPendingRotation(keyDir)).toBe(false);
  }

  const done = await keysOf();
  expect(done.filter((k) => k.wrapped.startsWith(wrappedKeyPrefix(next.key)))).toHaveLength(7);
  // The three re-wrapped by the first run were left as they were by the second.
  for (const k of underNew) expect(done.find((d) => d.id === k.id)!.wrapped).toBe(k.wrapped);
  for (const k of done)
    expect(sha256(await readDecrypted(getBlobStore(), k.storageKey, k.wrapped, next.key))).toBe(k.sha256);
}, 120_000);

test('file keys the current master key cannot open stop the rotation before it changes anything', async () => {
  // Back to the starting key (as if the first test had not run), then spoil one row: a key nobody has.
  for (const k of await keysOf())
    await db.evidence.update({
      where: { id: k.id },
      data: { wrappedKey: wrapKey(unwrapKey(k.wrapped, firstNewKey), oldKey) },
    });
  const [spoiled] = await keysOf();
  await db.evidence.update({
    where: { id: spoiled!.id },
    data: { wrappedKey: wrapKey(createDataKey(), crypto.randomBytes(32)) },
  });
  const before = await keysOf();
  const keyDir = makeKeyDir(oldKey);
  const port = await freePort();

  await closeDb();
  const refused = await runRotate(fileMode ? [] : nextKey(keyDir).args, { keyDir, port });
  expect(refused.code).toBe(1);
  expect(refused.stdout).toMatch(/evidence files: 6 to re-wrap, 0 already done, 1 unreadable/);
  expect(refused.stderr).toContain('1 stored file key(s) cannot be opened with the current master key');
  expect(refused.stderr).toContain(`Evidence ${spoiled!.id} (wrappedKey)`);
  expect(refused.stderr).toContain('Nothing was changed');
  expect(await keysOf()).toEqual(before);
  if (fileMode) expect(fs.readdirSync(keyDir)).toEqual(['evidence-master-key']); // the key it staged is gone again

  await closeDb();
  const forced = await runRotate(['--leave-unreadable', ...(fileMode ? [] : nextKey(keyDir).args)], { keyDir, port });
  expect(forced.stderr).toBe('');
  expect(forced.code).toBe(0);
  const after = await keysOf();
  const changed = after.filter((k) => k.wrapped !== before.find((b) => b.id === k.id)!.wrapped);
  expect(changed.map((k) => k.id).sort()).toEqual(
    before
      .filter((k) => k.id !== spoiled!.id)
      .map((k) => k.id)
      .sort(),
  );
  const newKey = fileMode ? readKeyFile(masterKeyPath(keyDir)) : lastNewKey;
  for (const k of changed)
    expect(sha256(await readDecrypted(getBlobStore(), k.storageKey, k.wrapped, newKey))).toBe(k.sha256);
}, 120_000);
