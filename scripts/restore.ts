// Brings a backup archive back into an EMPTY installation (a new DATA_DIR, or an empty DATABASE_URL database
// and an empty store). Checks the whole archive first (key, integrity, every SHA-256): a wrong key or a
// damaged archive is refused with nothing written. Then restores, checks the row counts and prints them.
// Usage: npm run restore -- <archive>     (the app must not be running on this installation)
import { getEnv } from '../lib/env';
import { resolveBackupKey } from '../lib/backup/key';
import { restoreBackup } from '../lib/backup/restore-backup';
import { serverSocketAlive } from '../lib/backup/server-socket';
import { getBlobStore } from '../lib/evidence/storage';
import { replayErasuresAfterRestore } from '../lib/backup/after-restore';

async function main(): Promise<number> {
  const file = process.argv[2];
  if (!file) {
    console.error('Usage: npm run restore -- <archive>');
    return 2;
  }
  const env = getEnv();
  if (env.embedded && (await serverSocketAlive(env.dataDir))) {
    console.error(`Reinstate is running on ${env.dataDir}. Stop it: a restore goes into an empty installation.`);
    return 2;
  }
  const key = resolveBackupKey({ envKey: env.BACKUP_KEY, keyDir: env.keyDir, dataDir: env.dataDir }, false);
  const result = await restoreBackup({
    file,
    key: key.key,
    target: env.embedded ? { kind: 'pglite', dir: env.pgliteDir } : { kind: 'postgres', url: env.DATABASE_URL! },
    store: getBlobStore(),
    log: (line) => console.log(line),
  });

  // ---- ERASURE REPLAY: erasures made after this backup was taken are applied again here. ----
  await replayErasuresAfterRestore();
  // -------------------------------------------------------------------------------------------------

  console.log(
    `Restored the backup made ${result.header.createdAt} in ${(result.ms / 1000).toFixed(1)} s. Rows per table:`,
  );
  for (const [table, n] of Object.entries(result.rowCounts)) console.log(`  ${table}: ${n}`);
  console.log(`Stored files: ${result.blobs}. Every count matches the archive's manifest.`);
  console.log('Evidence files open only with the same evidence master key as before (EVIDENCE_MASTER_KEY or KEY_DIR).');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
