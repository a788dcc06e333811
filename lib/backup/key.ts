import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { isInside, readKeyFile, writeKeyFileExclusive } from '@/lib/evidence/master-key-file';
import { backupKeyId } from './format';

export const BACKUP_KEY_FILE = 'backup-key';

export type BackupKey = {
  key: Buffer;
  id: string;
  /** Where it came from, for the command's output. */
  source: 'env' | 'file' | 'created';
  file?: string;
};

/**
 * The key archives are encrypted with: BACKUP_KEY (32 bytes, base64) when set, otherwise
 * KEY_DIR/backup-key, made on the first backup when `create` (never inside DATA_DIR: a copy of the data
 * directory, or an archive, must not carry the key that opens it).
 */
export function resolveBackupKey(
  opts: { envKey?: string; keyDir: string; dataDir: string },
  create: boolean,
): BackupKey {
  if (opts.envKey) {
    const key = Buffer.from(opts.envKey, 'base64');
    if (key.length !== 32) throw new Error('BACKUP_KEY must be 32 bytes, base64-encoded (openssl rand -base64 32).');
    return { key, id: backupKeyId(key), source: 'env' };
  }
  const file = path.join(opts.keyDir, BACKUP_KEY_FILE);
  if (isInside(file, opts.dataDir))
    throw new Error(`The backup key must not live inside DATA_DIR (${opts.dataDir}): set KEY_DIR elsewhere.`);
  if (fs.existsSync(file)) {
    const key = readKeyFile(file);
    return { key, id: backupKeyId(key), source: 'file', file };
  }
  if (!create) throw new Error(`No backup key: set BACKUP_KEY, or put the key the archive was made with in ${file}.`);
  const key = crypto.randomBytes(32);
  try {
    writeKeyFileExclusive(file, key);
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    const theirs = readKeyFile(file); // another backup made it first
    return { key: theirs, id: backupKeyId(theirs), source: 'file', file };
  }
  return { key, id: backupKeyId(key), source: 'created', file };
}

export function describeKey(k: BackupKey): string {
  if (k.source === 'env') return `backup key ${k.id} from BACKUP_KEY`;
  if (k.source === 'created')
    return `backup key ${k.id}, created now in ${k.file}: keep a copy of it apart from the archives, or they cannot be restored`;
  return `backup key ${k.id} from ${k.file}`;
}
