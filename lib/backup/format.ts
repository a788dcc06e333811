import crypto from 'node:crypto';
import { createDecryptStream, createEncryptStream, DecryptionError } from '@/lib/evidence/crypto';
import type { Readable, Transform } from 'node:stream';

// The backup archive (docs/decisions/0025-backup-archive.md).
//
// file    = outer header ‖ the evidence stream format (lib/evidence/crypto.ts: AES-256-GCM in 64 KiB
//           chunks, each tagged, counter and last-chunk flag authenticated) under a key derived for this
//           archive alone: HKDF-SHA256(backup key, salt, "reinstate/backup/v1" ‖ outer header).
// outer   = "RSBK" ‖ version(1) ‖ backup key id(8) ‖ salt(16). The key id names the backup key (a wrong
//           key is reported as such before anything is read); the salt is bound into the key, so an
//           edited header fails like any other tampering.
// inside  = frames: type(1) ‖ length(4, BE) ‖ payload. 'H' format header (JSON) first; per part
//           'P' start (JSON: name), 'D' data (≤ 1 MiB each, any number), 'E' end (JSON: sha256, size);
//           then 'M' the manifest (JSON: every part's SHA-256 and size, row counts per table), then 'Z'.
// Parts are streamed: nothing holds a whole part in memory, and a part's length need not be known first.

export const ARCHIVE_VERSION = 1;
const MAGIC = Buffer.from('RSBK', 'ascii');
const SALT_BYTES = 16;
const KEY_ID_BYTES = 8;
export const OUTER_HEADER_BYTES = MAGIC.length + 1 + KEY_ID_BYTES + SALT_BYTES;
const MAX_FRAME = 4 * 1024 * 1024;
export const DATA_FRAME = 1024 * 1024;

export class BackupArchiveError extends Error {
  constructor(
    readonly reason: 'not-archive' | 'wrong-key' | 'tampered' | 'manifest',
    message: string,
  ) {
    super(message);
    this.name = 'BackupArchiveError';
  }
}

/** A backup key's public name (16 hex digits), safe to print. */
export function backupKeyId(key: Buffer): string {
  return keyIdBytes(key).toString('hex');
}

function keyIdBytes(key: Buffer): Buffer {
  return crypto.createHash('sha256').update('reinstate/backup-key-id').update(key).digest().subarray(0, KEY_ID_BYTES);
}

function archiveKey(key: Buffer, header: Buffer): Buffer {
  const salt = header.subarray(OUTER_HEADER_BYTES - SALT_BYTES);
  const info = Buffer.concat([Buffer.from('reinstate/backup/v1'), header]);
  return Buffer.from(crypto.hkdfSync('sha256', key, salt, info, 32));
}

/** The outer header and the encrypting transform for a new archive. */
export function sealArchive(key: Buffer): { header: Buffer; encrypt: Transform } {
  if (key.length !== 32) throw new Error('The backup key must be 32 bytes');
  const header = Buffer.concat([
    MAGIC,
    Buffer.from([ARCHIVE_VERSION]),
    keyIdBytes(key),
    crypto.randomBytes(SALT_BYTES),
  ]);
  return { header, encrypt: createEncryptStream(archiveKey(key, header)) };
}

/** Checks the outer header against the key and returns the decrypting transform for what follows it. */
export function openArchive(key: Buffer, header: Buffer): Transform {
  if (header.length < OUTER_HEADER_BYTES || !header.subarray(0, 4).equals(MAGIC))
    throw new BackupArchiveError('not-archive', 'This file is not a Reinstate backup archive.');
  if (header[4] !== ARCHIVE_VERSION)
    throw new BackupArchiveError(
      'not-archive',
      `This backup archive is format version ${header[4]}; this version of Reinstate reads version ${ARCHIVE_VERSION}.`,
    );
  const named = header.subarray(5, 5 + KEY_ID_BYTES);
  if (!named.equals(keyIdBytes(key)))
    throw new BackupArchiveError(
      'wrong-key',
      `This archive was made with backup key ${named.toString('hex')}, not the one given (${backupKeyId(key)}). Set BACKUP_KEY to the key it was made with.`,
    );
  return createDecryptStream(archiveKey(key, header.subarray(0, OUTER_HEADER_BYTES)));
}

// ---- Frames --------------------------------------------------------------------------------------

export type FrameType = 'H' | 'P' | 'D' | 'E' | 'M' | 'Z';

export function frame(type: FrameType, payload: Buffer | object = Buffer.alloc(0)): Buffer {
  const body = Buffer.isBuffer(payload) ? payload : Buffer.from(JSON.stringify(payload), 'utf8');
  const head = Buffer.alloc(5);
  head.write(type, 0, 'ascii');
  head.writeUInt32BE(body.length, 1);
  return Buffer.concat([head, body]);
}

/** Reads frames from the decrypted stream, a frame at a time (a data frame is at most 1 MiB). */
export class FrameReader {
  private parts: Buffer[] = [];
  private length = 0;
  private ended = false;
  private readonly it: AsyncIterator<Buffer>;

  constructor(source: Readable) {
    this.it = source[Symbol.asyncIterator]() as AsyncIterator<Buffer>;
  }

  private async fill(n: number): Promise<boolean> {
    while (this.length < n && !this.ended) {
      let r: IteratorResult<Buffer>;
      try {
        r = await this.it.next();
      } catch (err) {
        if (err instanceof DecryptionError)
          throw new BackupArchiveError(
            'tampered',
            'The backup archive failed its integrity check (altered, truncated or damaged). Nothing was restored from it.',
          );
        throw err;
      }
      if (r.done) this.ended = true;
      else {
        this.parts.push(r.value);
        this.length += r.value.length;
      }
    }
    return this.length >= n;
  }

  private take(n: number): Buffer {
    const all = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.length);
    this.parts = all.length > n ? [all.subarray(n)] : [];
    this.length = all.length - n;
    return all.subarray(0, n);
  }

  /** The next frame, or null at the end of the stream. */
  async next(): Promise<{ type: FrameType; body: Buffer } | null> {
    if (!(await this.fill(5))) {
      if (this.length) throw new BackupArchiveError('tampered', 'The backup archive ends in the middle of a frame.');
      return null;
    }
    const head = this.take(5);
    const type = head.toString('ascii', 0, 1) as FrameType;
    const len = head.readUInt32BE(1);
    if (!'HPDEMZ'.includes(type) || len > MAX_FRAME)
      throw new BackupArchiveError('tampered', 'The backup archive holds a frame this version cannot read.');
    if (!(await this.fill(len)))
      throw new BackupArchiveError('tampered', 'The backup archive ends in the middle of a frame.');
    return { type, body: Buffer.from(this.take(len)) };
  }
}

export type ArchiveHeader = {
  format: 'reinstate-backup';
  version: number;
  engine: 'pglite' | 'postgres';
  createdAt: string;
  /** The newest migration applied to the database backed up. */
  lastMigration: string | null;
};

export type PartEntry = { name: string; sha256: string; size: number };

export type Manifest = {
  engine: 'pglite' | 'postgres';
  createdAt: string;
  parts: PartEntry[];
  rowCounts: Record<string, number>;
  blobCount: number;
};
