import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import {
  MASTER_KEY_FILE,
  masterKeyPath,
  pendingKeyPath,
  readKeyFile,
  syncDir,
  writeKeyFileExclusive,
} from './master-key-file';

// The key files of a rotation, in an order that a crash at any point can resume from:
//   1. the new key is written to evidence-master-key.next (synced) before any row is re-wrapped;
//   2. rows are re-wrapped (rotate-master-key.ts);
//   3. the old key is copied to evidence-master-key.retired-<date>;
//   4. .next is renamed over evidence-master-key (atomic).
// At every moment evidence-master-key holds a key that opens the rows not yet re-wrapped, and
// .next the key that opens the rest. While .next exists the launcher refuses to start the app.

/** The next master key: the one a previous, interrupted run chose, or a new one. */
export function stageNextKey(keyDir: string): { key: Buffer; file: string; resumed: boolean } {
  const file = pendingKeyPath(keyDir);
  if (fs.existsSync(file)) return { key: readKeyFile(file), file, resumed: true };
  const key = crypto.randomBytes(32);
  writeKeyFileExclusive(file, key);
  return { key, file, resumed: false };
}

/** Removes a staged key that no row was ever re-wrapped under (a rotation refused before starting). */
export function discardStagedKey(keyDir: string): void {
  fs.rmSync(pendingKeyPath(keyDir), { force: true });
  syncDir(keyDir);
}

/**
 * Makes the staged key the master key, keeping the old one as evidence-master-key.retired-<date>
 * (with -2, -3… for a second rotation the same day). Call only once every row is under the new key.
 */
export function installNextKey(keyDir: string, now = new Date()): { file: string; retired: string } {
  const file = masterKeyPath(keyDir);
  const next = pendingKeyPath(keyDir);
  const oldKey = readKeyFile(file);
  readKeyFile(next); // a damaged staged key must not replace a good one
  const retired = retiredKeyPath(keyDir, oldKey, now);
  if (!fs.existsSync(retired)) writeKeyFileExclusive(retired, oldKey);
  fs.renameSync(next, file);
  syncDir(keyDir);
  return { file, retired };
}

/** The backup's name: the first free one for the day, or the one a crashed run already wrote. */
function retiredKeyPath(keyDir: string, oldKey: Buffer, now: Date): string {
  const day = now.toISOString().slice(0, 10);
  for (let n = 1; ; n++) {
    const candidate = path.join(keyDir, `${MASTER_KEY_FILE}.retired-${day}${n === 1 ? '' : `-${n}`}`);
    if (!fs.existsSync(candidate) || readKeyFile(candidate).equals(oldKey)) return candidate;
  }
}

/** Retired keys still in the key directory (the launcher reminds the person they are there). */
export function findRetiredKeys(keyDir: string): string[] {
  if (!fs.existsSync(keyDir)) return [];
  return fs
    .readdirSync(keyDir)
    .filter((f) => f.startsWith(`${MASTER_KEY_FILE}.retired-`))
    .sort()
    .map((f) => path.join(keyDir, f));
}
