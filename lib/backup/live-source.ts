import type { PGlite } from '@electric-sql/pglite';
import { getDb } from '@/lib/db/client';
import { getEnv } from '@/lib/env';
import type { BackupSource } from './create-backup';

/**
 * The database of this process to back up: PostgreSQL from DATABASE_URL, or the embedded database this
 * process has open (opened here if it is not yet). Embedded, only one process may open the data directory:
 * the running app's server (lib/backup/server-socket.ts) or, when the app is stopped, `npm run backup`.
 */
export function liveBackupSource(): BackupSource {
  const env = getEnv();
  if (!env.embedded) return { kind: 'postgres', url: env.DATABASE_URL! };
  getDb();
  // lib/db/client.ts keeps the open engine on globalThis; the Prisma adapter holds the PGlite it was given.
  const holder = (globalThis as unknown as { __reinstateDb?: { engine?: { factory?: unknown } } }).__reinstateDb;
  const pglite = (holder?.engine?.factory as { client?: PGlite } | undefined)?.client;
  if (!pglite || typeof pglite.transaction !== 'function')
    throw new Error('The embedded database is not open in this process.');
  return { kind: 'pglite', pglite, dir: env.pgliteDir };
}
