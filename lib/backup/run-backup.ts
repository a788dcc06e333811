import fs from 'node:fs';
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { getBlobStore } from '@/lib/evidence/storage';
import { createBackup, type BackupResult } from './create-backup';
import { describeKey, resolveBackupKey } from './key';
import { liveBackupSource } from './live-source';

export type RunBackupResult = BackupResult & { keyDescription: string };

let running: Promise<unknown> = Promise.resolve();

/** reinstate-2026-11-30T18-05-12Z.backup: sorts by time. */
export function archiveName(now = new Date()): string {
  return `reinstate-${now.toISOString().slice(0, 19).replaceAll(':', '-')}Z.backup`;
}

/**
 * One backup of this installation, in this process (the embedded database must be open here, or openable).
 * `out` is a file, or a directory to put a new archive in (default BACKUP_DIR, else ./backups). Backups in
 * one process run one at a time.
 */
export async function runBackup(out?: string): Promise<RunBackupResult> {
  const task = running.then(async () => {
    const env = getEnv();
    const target = path.resolve(/*turbopackIgnore: true*/ out ?? env.BACKUP_DIR ?? 'backups');
    // A directory: no `out` (BACKUP_DIR or ./backups), one that exists, or a name ending in '/'.
    const isDir =
      !out ||
      out.endsWith('/') ||
      (fs.existsSync(/*turbopackIgnore: true*/ target) && fs.statSync(/*turbopackIgnore: true*/ target).isDirectory());
    const file = isDir ? path.join(target, archiveName()) : target;
    if (fs.existsSync(/*turbopackIgnore: true*/ file)) throw new Error(`${file} already exists: name another file.`);
    const key = resolveBackupKey({ envKey: env.BACKUP_KEY, keyDir: env.keyDir, dataDir: env.dataDir }, true);
    const result = await createBackup({ source: liveBackupSource(), store: getBlobStore(), key: key.key, out: file });
    return { ...result, keyDescription: describeKey(key) };
  });
  running = task.catch(() => undefined);
  return task;
}
