import crypto from 'node:crypto';
import { PassThrough, pipeline as pipelineCb, Readable, Transform, type TransformCallback } from 'node:stream';
import { getEnv } from '@/lib/env';
import type { BlobStore } from '@/lib/evidence/storage/blob-store';

// Evidence is encrypted before it reaches storage (docs/decisions/0004-evidence-encryption.md).
// Each file gets its own random 256-bit data key; the data key is stored only wrapped by the
// master key from configuration. The file itself is a sequence of AES-256-GCM chunks so that it
// can be streamed both ways in bounded memory, and so that decryption fails closed: a chunk's
// plaintext is released only after its tag has verified.

/** Decryption refused: bad header, wrong key, tampered, reordered, truncated or extended. */
export class DecryptionError extends Error {
  constructor(
    readonly reason: 'header' | 'auth' | 'truncated' | 'key',
    message = 'The stored file failed its integrity check',
  ) {
    super(message);
    this.name = 'DecryptionError';
  }
}

/** The plaintext passed the configured size limit; nothing was stored. */
export class TooLargeError extends Error {
  constructor(readonly maxBytes: number) {
    super(`The file is larger than the limit of ${maxBytes} bytes`);
    this.name = 'TooLargeError';
  }
}

const ALGORITHM = 'aes-256-gcm';
const KEY_BYTES = 32;
const TAG_BYTES = 16;

// ---- Data keys, wrapped by the master key ------------------------------------------------------
// A wrapped key is base64url(version ‖ [key id(8)] ‖ iv(12) ‖ tag(16) ‖ ciphertext(32)).
// Version 1 (before key rotation existed) has no key id. Version 2 names the master key it is
// under, so a rotation that stops half-way can tell done rows from pending ones without a schema
// change, and a wrong key is reported as such. Version byte and key id are 9 bytes, exactly 12
// base64url characters: every key wrapped under one master key starts with the same 12
// characters (wrappedKeyPrefix), which SQL can filter on.

const WRAP_V1 = 1;
const WRAP_V2 = 2;
const WRAP_IV_BYTES = 12;
const KEY_ID_BYTES = 8;
const V1_BYTES = 1 + WRAP_IV_BYTES + TAG_BYTES + KEY_BYTES;
const V2_BYTES = 1 + KEY_ID_BYTES + WRAP_IV_BYTES + TAG_BYTES + KEY_BYTES;
// Domain separation: a wrapped key cannot be confused with any other GCM output under the master key.
const WRAP_AAD_V1 = Buffer.from('reinstate/evidence-data-key/v1');
const WRAP_AAD_V2 = Buffer.from('reinstate/evidence-data-key/v2');
const KEY_ID_LABEL = Buffer.from('reinstate/evidence-master-key-id');

export function createDataKey(): Buffer {
  return crypto.randomBytes(KEY_BYTES);
}

function keyIdBytes(masterKey: Buffer): Buffer {
  assertKey(masterKey, 'master key');
  return crypto.createHash('sha256').update(KEY_ID_LABEL).update(masterKey).digest().subarray(0, KEY_ID_BYTES);
}

/** A master key's public name (16 hex digits): safe to print and log; it does not reveal the key. */
export function masterKeyId(masterKey: Buffer): string {
  return keyIdBytes(masterKey).toString('hex');
}

/** The first 12 characters of every key wrapped under `masterKey` (and of no other). */
export function wrappedKeyPrefix(masterKey: Buffer): string {
  return Buffer.concat([Buffer.from([WRAP_V2]), keyIdBytes(masterKey)]).toString('base64url');
}

/** The id of the master key a wrapped key is under; null for version 1 keys, which do not say. */
export function wrappedKeyId(wrapped: string): string | null {
  const raw = Buffer.from(wrapped, 'base64url');
  return raw.length === V2_BYTES && raw[0] === WRAP_V2 ? raw.subarray(1, 1 + KEY_ID_BYTES).toString('hex') : null;
}

/** Encrypts a data key under the master key (always the current version, naming the master key). */
export function wrapKey(dataKey: Buffer, masterKey: Buffer = getEnv().evidenceMasterKey): string {
  assertKey(dataKey, 'data key');
  const kid = keyIdBytes(masterKey);
  const iv = crypto.randomBytes(WRAP_IV_BYTES);
  const cipher = crypto.createCipheriv(ALGORITHM, masterKey, iv).setAAD(Buffer.concat([WRAP_AAD_V2, kid]));
  const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
  return Buffer.concat([Buffer.from([WRAP_V2]), kid, iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
}

/** Recovers a data key; throws DecryptionError('key') if the wrapped key was altered or the master key differs. */
export function unwrapKey(wrapped: string, masterKey: Buffer = getEnv().evidenceMasterKey): Buffer {
  const kid = keyIdBytes(masterKey);
  const raw = Buffer.from(wrapped, 'base64url');
  let aad: Buffer;
  let body: Buffer;
  if (raw.length === V1_BYTES && raw[0] === WRAP_V1) {
    aad = WRAP_AAD_V1;
    body = raw.subarray(1);
  } else if (raw.length === V2_BYTES && raw[0] === WRAP_V2) {
    const named = raw.subarray(1, 1 + KEY_ID_BYTES);
    if (!named.equals(kid)) {
      throw new DecryptionError(
        'key',
        `The stored file key is under master key ${named.toString('hex')}, not the configured ${kid.toString('hex')}`,
      );
    }
    aad = Buffer.concat([WRAP_AAD_V2, kid]);
    body = raw.subarray(1 + KEY_ID_BYTES);
  } else {
    throw new DecryptionError('key', 'The stored file key is malformed');
  }
  const iv = body.subarray(0, WRAP_IV_BYTES);
  const tag = body.subarray(WRAP_IV_BYTES, WRAP_IV_BYTES + TAG_BYTES);
  const decipher = crypto.createDecipheriv(ALGORITHM, masterKey, iv).setAAD(aad).setAuthTag(tag);
  try {
    return Buffer.concat([decipher.update(body.subarray(WRAP_IV_BYTES + TAG_BYTES)), decipher.final()]);
  } catch {
    throw new DecryptionError('key', 'The stored file key could not be unwrapped (wrong master key or altered)');
  }
}

function assertKey(key: Buffer, what: string): void {
  if (!Buffer.isBuffer(key) || key.length !== KEY_BYTES)
    throw new Error(`The evidence ${what} must be ${KEY_BYTES} bytes`);
}

// ---- Chunked stream format ----------------------------------------------------------------------
// header = "RSE1" ‖ version(1) ‖ chunkSize(4, BE) ‖ noncePrefix(8)
// then per chunk: ciphertext(≤ chunkSize) ‖ tag(16), with
//   nonce = noncePrefix ‖ counter(4, BE)
//   AAD   = header ‖ counter(4, BE) ‖ final(1)
// Binding the counter stops reordering and duplication; binding the final flag stops truncation at
// a chunk boundary and appending after the end; binding the header stops header edits.
// Every chunk but the last holds exactly chunkSize bytes, so the reader knows a chunk is the last
// one only when the input ends; that is why it decrypts one chunk behind the input.

const MAGIC = Buffer.from('RSE1', 'ascii');
const STREAM_VERSION = 1;
const HEADER_BYTES = MAGIC.length + 1 + 4 + 8;
export const CHUNK_SIZE = 64 * 1024;
// A header names its chunk size; cap what a reader accepts so a forged header cannot make it buffer a lot.
const MAX_CHUNK_SIZE = 1024 * 1024;
const MAX_CHUNKS = 0xffffffff;

function chunkParams(header: Buffer, counter: number, final: boolean) {
  const counterBytes = Buffer.alloc(4);
  counterBytes.writeUInt32BE(counter);
  const nonce = Buffer.concat([header.subarray(HEADER_BYTES - 8), counterBytes]);
  const aad = Buffer.concat([header, counterBytes, Buffer.from([final ? 1 : 0])]);
  return { nonce, aad };
}

/** Runs one transform step; a throw becomes the stream's error (and ends it). */
function step(callback: TransformCallback, work: () => void): void {
  try {
    work();
  } catch (err) {
    return callback(err as Error);
  }
  callback();
}

/** Collects written bytes and hands them back in pieces without copying more than needed. */
class ByteQueue {
  private parts: Buffer[] = [];
  length = 0;
  push(b: Buffer): void {
    if (!b.length) return;
    this.parts.push(b);
    this.length += b.length;
  }
  take(n: number): Buffer {
    const all = this.parts.length === 1 ? this.parts[0]! : Buffer.concat(this.parts, this.length);
    this.parts = all.length > n ? [all.subarray(n)] : [];
    this.length = all.length - n;
    return all.subarray(0, n);
  }
}

/** The sealing side of the format: the header, then one record (ciphertext ‖ tag) per chunk, in order. */
function createSealer(
  dataKey: Buffer,
  chunkSize = CHUNK_SIZE,
): { header: Buffer; seal(plain: Uint8Array, final: boolean): Buffer[] } {
  assertKey(dataKey, 'data key');
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt8(STREAM_VERSION, 4);
  header.writeUInt32BE(chunkSize, 5);
  crypto.randomBytes(8).copy(header, 9);
  let counter = 0;
  return {
    header,
    seal(plain, final) {
      if (counter > MAX_CHUNKS) throw new Error('File too large for the evidence stream format');
      const { nonce, aad } = chunkParams(header, counter++, final);
      const cipher = crypto.createCipheriv(ALGORITHM, dataKey, nonce).setAAD(aad);
      const body = cipher.update(plain);
      const last = cipher.final();
      return last.length ? [body, last, cipher.getAuthTag()] : [body, cipher.getAuthTag()];
    },
  };
}

export function createEncryptStream(dataKey: Buffer): Transform {
  const sealer = createSealer(dataKey);
  const queue = new ByteQueue();
  const seal = (plain: Buffer, final: boolean): Buffer => Buffer.concat(sealer.seal(plain, final));

  return new Transform({
    construct(callback) {
      this.push(sealer.header);
      callback();
    },
    transform(chunk: Buffer, _encoding, callback) {
      queue.push(chunk);
      // Strictly more than a chunk buffered: this chunk is certainly not the last one.
      step(callback, () => {
        while (queue.length > CHUNK_SIZE) this.push(seal(queue.take(CHUNK_SIZE), false));
      });
    },
    flush(callback) {
      // Always one final chunk, even for an empty file, so truncation is detectable.
      step(callback, () => this.push(seal(queue.take(queue.length), true)));
    },
  });
}

/**
 * The chunk size of what encryptToStore writes: the largest a reader accepts. A 25 MB upload is sealed by 25 GCM
 * instances instead of 400, and each sealed chunk goes to the store as it is, with no copy to gather pieces into
 * large writes (the local store writes them together, lib/evidence/storage/local-store.ts). Files written with 64 KB
 * chunks, before 7 Dec 2026, read as before: a file's header names its chunk size.
 */
export const SEAL_CHUNK_SIZE = MAX_CHUNK_SIZE;

const asBuffer = (chunk: Uint8Array | string): Buffer =>
  typeof chunk === 'string'
    ? Buffer.from(chunk, 'utf8')
    : Buffer.isBuffer(chunk)
      ? chunk
      : Buffer.from(chunk.buffer, chunk.byteOffset, chunk.byteLength);

/**
 * One pass over the plaintext: size limit, SHA-256 and encryption (the same format as
 * createEncryptStream, in SEAL_CHUNK_SIZE chunks) in a single loop, with no stream stage per step. Yields the
 * header, then each chunk's ciphertext and tag as sealed; `done` is filled in once the input has ended.
 */
async function* sealAll(
  source: AsyncIterable<Uint8Array | string>,
  dataKey: Buffer,
  maxBytes: number | undefined,
  done: { sha256?: string; size?: number },
): AsyncGenerator<Buffer> {
  const sealer = createSealer(dataKey, SEAL_CHUNK_SIZE);
  const hash = crypto.createHash('sha256');
  const pending = Buffer.allocUnsafe(SEAL_CHUNK_SIZE);
  let filled = 0;
  let size = 0;
  yield sealer.header;
  for await (const raw of source) {
    const chunk = asBuffer(raw);
    size += chunk.length;
    if (maxBytes !== undefined && size > maxBytes) throw new TooLargeError(maxBytes);
    hash.update(chunk);
    for (let at = 0; at < chunk.length; ) {
      // A full chunk with more bytes behind it is certainly not the last one.
      if (filled === SEAL_CHUNK_SIZE) {
        yield* sealer.seal(pending, false);
        filled = 0;
      }
      const n = chunk.copy(pending, filled, at, Math.min(chunk.length, at + SEAL_CHUNK_SIZE - filled));
      filled += n;
      at += n;
    }
  }
  // Always one final chunk, even for an empty file, so truncation is detectable.
  const last = sealer.seal(pending.subarray(0, filled), true);
  done.sha256 = hash.digest('hex');
  done.size = size;
  yield* last;
}

export function createDecryptStream(dataKey: Buffer): Transform {
  assertKey(dataKey, 'data key');
  const queue = new ByteQueue();
  let header: Buffer | undefined;
  let recordSize = 0;
  let counter = 0;

  // SECURITY: GCM's update() returns plaintext before final() has checked the tag. Keep it local
  // and return it only after final() succeeds, so a bad chunk's bytes never leave this function.
  const open = (record: Buffer, final: boolean): Buffer => {
    if (record.length < TAG_BYTES) throw new DecryptionError('truncated');
    if (counter > MAX_CHUNKS) throw new DecryptionError('auth');
    const { nonce, aad } = chunkParams(header!, counter++, final);
    const decipher = crypto.createDecipheriv(ALGORITHM, dataKey, nonce).setAAD(aad);
    decipher.setAuthTag(record.subarray(record.length - TAG_BYTES));
    const plain = decipher.update(record.subarray(0, record.length - TAG_BYTES));
    try {
      decipher.final();
    } catch {
      throw new DecryptionError('auth');
    }
    return plain;
  };

  const readHeader = (): void => {
    const h = queue.take(HEADER_BYTES);
    const chunkSize = h.readUInt32BE(5);
    if (!h.subarray(0, 4).equals(MAGIC) || h[4] !== STREAM_VERSION || chunkSize < 1 || chunkSize > MAX_CHUNK_SIZE) {
      throw new DecryptionError('header', 'The stored file is not in a format this server can read');
    }
    header = Buffer.from(h);
    recordSize = chunkSize + TAG_BYTES;
  };

  return new Transform({
    transform(chunk: Buffer, _encoding, callback) {
      queue.push(chunk);
      step(callback, () => {
        if (!header && queue.length >= HEADER_BYTES) readHeader();
        // More than one record buffered: the first is a full, non-final chunk (or the file is bad).
        while (header && queue.length > recordSize) this.push(open(queue.take(recordSize), false));
      });
    },
    flush(callback) {
      // Whatever remains must be exactly the final chunk. A missing final chunk, or bytes after
      // it, fail here (or above) because the final flag and counter are authenticated.
      step(callback, () => {
        if (!header) throw new DecryptionError('header', 'The stored file is truncated');
        this.push(open(queue.take(queue.length), true));
      });
    },
  });
}

// ---- Helpers for storing and reading ------------------------------------------------------------

export type Sha256Stream = PassThrough & { digest(): { sha256: string; size: number } };

/** A pass-through that fingerprints what flows through it; call digest() after it has ended. */
export function sha256Stream(): Sha256Stream {
  const hash = crypto.createHash('sha256');
  let size = 0;
  let result: { sha256: string; size: number } | undefined;
  const stream = new PassThrough({
    transform(chunk: Buffer, _encoding, callback) {
      hash.update(chunk);
      size += chunk.length;
      callback(null, chunk);
    },
    flush(callback) {
      result = { sha256: hash.digest('hex'), size };
      callback();
    },
  }) as Sha256Stream;
  stream.digest = () => {
    if (!result) throw new Error('sha256Stream: digest() called before the stream ended');
    return result;
  };
  return stream;
}

/**
 * Encrypts `plaintext` (a stream, or any async iterable of bytes such as a request body) under a fresh
 * data key into `store` at `key`. Resolves with the plaintext's fingerprint and size and the wrapped
 * data key (to be kept with the database row). On any failure — TooLargeError included — whatever
 * was written at `key` is deleted before rethrowing. Memory: one chunk (1 MiB) of plaintext and a
 * chunk or two of ciphertext in flight, whatever the file's size.
 */
export async function encryptToStore(
  store: BlobStore,
  key: string,
  plaintext: Readable | AsyncIterable<Uint8Array | string>,
  opts: { maxBytes?: number } = {},
): Promise<{ sha256: string; size: number; wrappedKey: string }> {
  const dataKey = createDataKey();
  const wrappedKey = wrapKey(dataKey);
  const done: { sha256?: string; size?: number } = {};
  let cause: unknown;
  // A stream source that fails before the store starts reading it (the store awaits first) must not
  // emit an unhandled 'error': listen from now on. Reading it later still throws that error.
  const remember = (err: unknown) => (cause ??= err);
  if (plaintext instanceof Readable) plaintext.on('error', remember);
  const sealing = sealAll(plaintext, dataKey, opts.maxBytes, done);
  // Remember our own failure (too large, the client went away): a store reports it in its own words.
  const body = Readable.from(
    (async function* () {
      try {
        yield* sealing;
      } catch (err) {
        cause = err;
        throw err;
      }
    })(),
    { highWaterMark: 1 },
  );
  try {
    await store.put(key, body);
    if (done.sha256 === undefined || done.size === undefined)
      throw new Error('The store finished before the file was read to its end');
  } catch (err) {
    body.destroy();
    // A store that failed before reading anything leaves a stream source unread: end it, as pipeline() did.
    if (plaintext instanceof Readable) plaintext.destroy();
    await store.delete(key).catch(() => undefined);
    throw cause ?? err;
  } finally {
    if (plaintext instanceof Readable) plaintext.off('error', remember);
  }
  return { sha256: done.sha256, size: done.size, wrappedKey };
}

/**
 * The plaintext of a stored file. The stream errors with DecryptionError if the bytes were altered.
 * `masterKey` defaults to the configured one (key rotation and its tests name another).
 */
export async function decryptFromStore(
  store: BlobStore,
  key: string,
  wrappedKey: string,
  masterKey?: Buffer,
): Promise<Readable> {
  const dataKey = unwrapKey(wrappedKey, masterKey);
  const source = await store.get(key);
  // Callback pipeline: a storage read error or a DecryptionError reaches the consumer as the returned stream's error.
  return pipelineCb(source, createDecryptStream(dataKey), () => undefined);
}

/** A stored file's whole plaintext, for work that needs it in memory (one exhibit at a time in a bundle). */
export async function readDecrypted(
  store: BlobStore,
  key: string,
  wrappedKey: string,
  masterKey?: Buffer,
): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const chunk of await decryptFromStore(store, key, wrappedKey, masterKey)) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks);
}
