import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';

// The embedded default keeps its evidence master key in a file in the key directory (KEY_DIR), never
// in DATA_DIR: a copy of the data directory alone must not open the evidence
// (docs/decisions/0010-key-storage-and-rotation.md). Installations from before this kept the key at
// DATA_DIR/evidence-master-key; the first start after the upgrade moves it.
// No process.env here: lib/env.ts passes the paths in.

export const MASTER_KEY_FILE = 'evidence-master-key';
const KEY_BYTES = 32;

export type KeyPlace = { keyDir: string; dataDir: string };
export type MasterKeyFile = {
  key: Buffer;
  file: string;
  /** created: made now; moved: taken out of DATA_DIR now (movedFrom); existing: already in place. */
  status: 'existing' | 'created' | 'moved';
  movedFrom?: string;
};

export const masterKeyPath = (keyDir: string) => path.join(keyDir, MASTER_KEY_FILE);
/** The next master key while a rotation is under way (scripts/rotate-key.ts). */
export const pendingKeyPath = (keyDir: string) => path.join(keyDir, `${MASTER_KEY_FILE}.next`);
export const legacyKeyPath = (dataDir: string) => path.join(dataDir, MASTER_KEY_FILE);

export function hasPendingRotation(keyDir: string): boolean {
  return fs.existsSync(pendingKeyPath(keyDir));
}

/** A key file holds 32 random bytes in base64 (what `openssl rand -base64 32` prints). */
export function readKeyFile(file: string): Buffer {
  const key = Buffer.from(fs.readFileSync(file, 'utf8').trim(), 'base64');
  if (key.length !== KEY_BYTES) throw new Error(`${file} is not an evidence master key (expected 32 bytes in base64).`);
  return key;
}

/**
 * Writes `key` to `file` only if no file is there yet, and never half-written: a synced temp file is
 * hard-linked into place, which fails if `file` exists. Throws with code EEXIST in that case.
 */
export function writeKeyFileExclusive(file: string, key: Buffer): void {
  const dir = path.dirname(file);
  makeKeyDir(dir);
  const tmp = path.join(dir, `.${path.basename(file)}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.tmp`);
  const fd = fs.openSync(tmp, 'wx', 0o600);
  try {
    fs.writeSync(fd, `${key.toString('base64')}\n`);
    fs.fsyncSync(fd);
  } finally {
    fs.closeSync(fd);
  }
  try {
    linkOrCopy(tmp, file);
  } finally {
    fs.rmSync(tmp, { force: true });
  }
  syncDir(dir);
}

/**
 * The master key from the key directory: read, or moved there from DATA_DIR (older installations),
 * or, with `create`, generated. Returns null when there is none and `create` is false.
 */
export function ensureMasterKeyFile(
  place: KeyPlace,
  options: { create: boolean } = { create: true },
): MasterKeyFile | null {
  const file = masterKeyPath(place.keyDir);
  const legacy = legacyKeyPath(place.dataDir);
  const sameFile = path.resolve(file) === path.resolve(legacy);
  for (let attempt = 0; attempt < 3; attempt++) {
    if (fs.existsSync(file)) {
      const key = readKeyFile(file);
      if (!sameFile && fs.existsSync(legacy))
        return { key, file, status: 'moved', movedFrom: dropLegacyCopy(legacy, file, key) };
      return { key, file, status: 'existing' };
    }
    try {
      if (!sameFile && fs.existsSync(legacy)) {
        const key = readKeyFile(legacy);
        moveKeyFile(legacy, file);
        return { key, file, status: 'moved', movedFrom: legacy };
      }
      if (!options.create) return null;
      const key = crypto.randomBytes(KEY_BYTES);
      writeKeyFileExclusive(file, key);
      return { key, file, status: 'created' };
    } catch (err) {
      // Another process (the server, a second command) made or moved it first: read theirs.
      if ((err as NodeJS.ErrnoException).code !== 'EEXIST') throw err;
    }
  }
  throw new Error(`Could not settle the evidence master key at ${file}: it keeps changing.`);
}

/** The key is in the key directory and a copy is still in DATA_DIR: remove the copy if it is the same key. */
function dropLegacyCopy(legacy: string, file: string, key: Buffer): string {
  const old = readKeyFile(legacy);
  if (!old.equals(key)) {
    throw new Error(
      `There are two different evidence master keys: ${file} and ${legacy}. Only one of them opens the evidence files.\n` +
        `Reinstate stopped rather than guess. Move the one that does not belong to this installation somewhere else (keep it until you are sure), then start again.`,
    );
  }
  fs.rmSync(legacy, { force: true });
  syncDir(path.dirname(legacy));
  return legacy;
}

function moveKeyFile(from: string, to: string): void {
  makeKeyDir(path.dirname(to));
  try {
    fs.linkSync(from, to); // EEXIST if another process got there first
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'EEXIST') throw err;
    writeKeyFileExclusive(to, readKeyFile(from)); // another file system (EXDEV) or no hard links
  }
  fs.chmodSync(to, 0o600);
  syncDir(path.dirname(to));
  fs.rmSync(from, { force: true });
  syncDir(path.dirname(from));
}

function linkOrCopy(from: string, to: string): void {
  try {
    fs.linkSync(from, to);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === 'EEXIST' || code === 'ENOENT') throw err;
    fs.copyFileSync(from, to, fs.constants.COPYFILE_EXCL); // file systems without hard links
  }
}

/** The key directory, readable by its owner only. */
export function makeKeyDir(dir: string): void {
  if (fs.mkdirSync(dir, { recursive: true, mode: 0o700 })) fs.chmodSync(dir, 0o700);
}

export function syncDir(dir: string): void {
  try {
    const fd = fs.openSync(dir, 'r');
    try {
      fs.fsyncSync(fd);
    } finally {
      fs.closeSync(fd);
    }
  } catch {
    /* not supported on this platform: the rename or link is still in place */
  }
}

/** A path with symbolic links resolved, also when its last parts do not exist yet. */
function realPath(p: string): string {
  const abs = path.resolve(p);
  const parent = path.dirname(abs);
  try {
    return fs.realpathSync(abs);
  } catch {
    return parent === abs ? abs : path.join(/*turbopackIgnore: true*/ realPath(parent), path.basename(abs));
  }
}

/** Whether `child` is `parent` or inside it, after following symbolic links. */
export function isInside(child: string, parent: string): boolean {
  const rel = path.relative(realPath(parent), realPath(child));
  return rel === '' || (rel.split(path.sep)[0] !== '..' && !path.isAbsolute(rel));
}

/** Plain warnings when the key file or its directory can be read by other accounts (POSIX modes). */
export function keyPermissionWarnings(file: string): string[] {
  if (process.platform === 'win32' || !fs.existsSync(file)) return [];
  const warnings: string[] = [];
  const dir = path.dirname(file);
  if (fs.statSync(dir).mode & 0o077)
    warnings.push(`The key directory ${dir} can be read by other accounts on this machine: run \`chmod 700 ${dir}\`.`);
  if (fs.statSync(file).mode & 0o077)
    warnings.push(`The key file ${file} can be read by other accounts on this machine: run \`chmod 600 ${file}\`.`);
  return warnings;
}

/** Why a production start must refuse this key file, or null: a copy of the data directory would include it. */
export function keyPlacementProblem(file: string, dataDir: string): string | null {
  if (!isInside(file, dataDir)) return null;
  return (
    `The evidence master key ${file} is inside the data directory ${dataDir}, so one copy of the data\n` +
    'directory would open every evidence file. Set KEY_DIR to a directory outside it (or unset KEY_DIR to use\n' +
    `the default beside it), move the key file there, and start again. Nothing was started.`
  );
}
