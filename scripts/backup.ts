// Writes one encrypted, checksummed archive of the database and every stored file.
// Usage: npm run backup [-- <file or directory>]   (default: BACKUP_DIR, else ./backups)
// With the embedded database and the app running, the running app writes it (lib/backup/server-socket.ts).
import fs from 'node:fs';
import path from 'node:path';
import { getEnv } from '../lib/env';
import { serverSocketAlive, requestServerBackup } from '../lib/backup/server-socket';
import type { RunBackupResult } from '../lib/backup/run-backup';

async function main(): Promise<number> {
  const env = getEnv();
  const arg = process.argv[2];
  let result: RunBackupResult;
  if (env.embedded && (await serverSocketAlive(env.dataDir))) {
    // No name given: the default directory, made here so the server takes it as one.
    const out = path.resolve(arg ?? env.BACKUP_DIR ?? 'backups') + (arg?.endsWith('/') ? '/' : '');
    if (!arg) fs.mkdirSync(out, { recursive: true });
    console.log(`Reinstate is running with the embedded database: asking it to write the backup (${env.dataDir}).`);
    result = await requestServerBackup(env.dataDir, out);
  } else {
    if (env.embedded) {
      // Only one process may open the embedded database; a running app without the backup socket is an older one.
      const running = await fetch(`http://127.0.0.1:${env.PORT}/api/health`, {
        signal: AbortSignal.timeout(2000),
      }).then(
        (r) => r.ok,
        () => false,
      );
      if (running) {
        console.error(`Reinstate is running on port ${env.PORT} but did not answer on ${env.dataDir}/backup.sock.`);
        console.error(
          'Restart it with this version (it then takes backup requests), or stop it and run the backup again.',
        );
        return 2;
      }
    }
    const { runBackup } = await import('../lib/backup/run-backup');
    result = await runBackup(arg);
    const { closeDb } = await import('../lib/db/client');
    await closeDb();
  }
  const tables = Object.keys(result.manifest.rowCounts).length;
  const rows = Object.values(result.manifest.rowCounts).reduce((a, b) => a + b, 0);
  console.log(`Wrote ${result.file}`);
  console.log(
    `  ${(result.bytes / 1024 / 1024).toFixed(1)} MB in ${(result.ms / 1000).toFixed(1)} s; SHA-256 of the archive: ${result.sha256}`,
  );
  console.log(
    `  ${result.manifest.engine === 'pglite' ? 'embedded database' : 'PostgreSQL'}: ${tables} tables, ${rows} rows; ${result.manifest.blobCount} stored files`,
  );
  console.log(`  Encrypted with the ${result.keyDescription}.`);
  console.log('Keep the archive, the backup key and the evidence master key in three different places.');
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
