import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  CHUNK_SIZE,
  createDataKey,
  createDecryptStream,
  createEncryptStream,
  DecryptionError,
  decryptFromStore,
  encryptToStore,
  masterKeyId,
  SEAL_CHUNK_SIZE,
  sha256Stream,
  TooLargeError,
  unwrapKey,
  wrapKey,
  wrappedKeyId,
  wrappedKeyPrefix,
} from '@/lib/evidence/crypto';
import { createLocalBlobStore } from '@/lib/evidence/storage';

// With DATABASE_URL set, getEnv() would refuse to generate a master key: give these tests their own.
process.env.EVIDENCE_MASTER_KEY ??= crypto.randomBytes(32).toString('base64');

const HEADER = 17;
const RECORD = CHUNK_SIZE + 16;

/** Feeds `bytes` in irregular pieces, so chunk boundaries never line up with reads. */
function source(bytes: Buffer, pieces = [1, 7, 4096, 65_535, 100_003]): Readable {
  const parts: Buffer[] = [];
  for (let at = 0, i = 0; at < bytes.length; i++) {
    const n = pieces[i % pieces.length]!;
    parts.push(bytes.subarray(at, at + n));
    at += n;
  }
  return Readable.from(parts);
}

async function collect(stream: Readable): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const part of stream) parts.push(part as Buffer);
  return Buffer.concat(parts);
}

async function encrypt(plain: Buffer, key: Buffer): Promise<Buffer> {
  return collect(source(plain).pipe(createEncryptStream(key)));
}

/** Everything the decrypt stream emitted, and the error it ended with (if any). */
async function decrypt(cipher: Buffer, key: Buffer): Promise<{ out: Buffer; error?: unknown }> {
  const parts: Buffer[] = [];
  const decryptor = createDecryptStream(key);
  decryptor.on('data', (part: Buffer) => parts.push(part));
  try {
    await pipeline(source(cipher), decryptor);
    return { out: Buffer.concat(parts) };
  } catch (error) {
    return { out: Buffer.concat(parts), error };
  }
}

function flip(buf: Buffer, at: number): Buffer {
  const copy = Buffer.from(buf);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

describe('chunked AES-256-GCM stream', () => {
  const key = createDataKey();

  it.each([0, 1, CHUNK_SIZE, CHUNK_SIZE + 1, 5_000_000])('round-trips %i bytes', async (size) => {
    const plain = crypto.randomBytes(size);
    const cipher = await encrypt(plain, key);
    const chunks = Math.max(1, Math.ceil(size / CHUNK_SIZE));
    expect(cipher.length).toBe(HEADER + size + 16 * chunks);
    expect(cipher.subarray(0, 4).toString('ascii')).toBe('RSE1');
    // The ciphertext does not contain the plaintext.
    if (size >= 32) expect(cipher.includes(plain.subarray(0, 32))).toBe(false);
    const { out, error } = await decrypt(cipher, key);
    expect(error).toBeUndefined();
    expect(out.equals(plain)).toBe(true);
  });

  it('encrypts the same plaintext differently each time (random nonce prefix)', async () => {
    const plain = Buffer.from('the same letter');
    expect((await encrypt(plain, key)).equals(await encrypt(plain, key))).toBe(false);
  });

  it('refuses the wrong data key and emits nothing', async () => {
    const cipher = await encrypt(crypto.randomBytes(200_000), key);
    const { out, error } = await decrypt(cipher, createDataKey());
    expect(error).toBeInstanceOf(DecryptionError);
    expect(out.length).toBe(0);
  });

  describe('fails closed on tampering', () => {
    // Three full chunks and a short final one.
    const plain = crypto.randomBytes(3 * CHUNK_SIZE + 1000);
    let cipher: Buffer;
    beforeAll(async () => {
      cipher = await encrypt(plain, key);
    });

    it.each([0, 1, 2, 3])('a flipped byte in chunk %i releases only the chunks before it', async (chunk) => {
      const start = HEADER + chunk * RECORD;
      const recordLength = Math.min(RECORD, cipher.length - start);
      // First ciphertext byte, a middle one, and the tag's last byte.
      for (const at of [start, start + Math.floor(recordLength / 2), start + recordLength - 1]) {
        const { out, error } = await decrypt(flip(cipher, at), key);
        expect(error).toBeInstanceOf(DecryptionError);
        expect(out.equals(plain.subarray(0, chunk * CHUNK_SIZE))).toBe(true);
      }
    });

    it('a changed header fails before any plaintext', async () => {
      for (const at of [0, 4, 5, 8, 9, 16]) {
        const { out, error } = await decrypt(flip(cipher, at), key);
        expect(error).toBeInstanceOf(DecryptionError);
        expect(out.length).toBe(0);
      }
    });

    it('a missing final chunk (truncation at a chunk boundary) fails', async () => {
      const truncated = cipher.subarray(0, HEADER + 3 * RECORD);
      const { out, error } = await decrypt(truncated, key);
      expect(error).toBeInstanceOf(DecryptionError);
      expect(out.equals(plain.subarray(0, 2 * CHUNK_SIZE))).toBe(true);
    });

    it('truncation inside a chunk, to the header, or inside the header fails', async () => {
      for (const length of [cipher.length - 1, HEADER + RECORD + 100, HEADER + 10, HEADER, 10, 0]) {
        const { error } = await decrypt(cipher.subarray(0, length), key);
        expect(error).toBeInstanceOf(DecryptionError);
      }
    });

    it('an empty file truncated to its header fails', async () => {
      const empty = await encrypt(Buffer.alloc(0), key);
      const { error } = await decrypt(empty.subarray(0, HEADER), key);
      expect(error).toBeInstanceOf(DecryptionError);
    });

    it('swapped chunks fail and release nothing from the swap onwards', async () => {
      const r = (i: number) => cipher.subarray(HEADER + i * RECORD, HEADER + (i + 1) * RECORD);
      const swapped = Buffer.concat([
        cipher.subarray(0, HEADER),
        r(0),
        r(2),
        r(1),
        cipher.subarray(HEADER + 3 * RECORD),
      ]);
      const { out, error } = await decrypt(swapped, key);
      expect(error).toBeInstanceOf(DecryptionError);
      expect(out.equals(plain.subarray(0, CHUNK_SIZE))).toBe(true);
    });

    it('a duplicated chunk fails', async () => {
      const r0 = cipher.subarray(HEADER, HEADER + RECORD);
      const duplicated = Buffer.concat([cipher.subarray(0, HEADER + RECORD), r0, cipher.subarray(HEADER + RECORD)]);
      const { out, error } = await decrypt(duplicated, key);
      expect(error).toBeInstanceOf(DecryptionError);
      expect(out.equals(plain.subarray(0, CHUNK_SIZE))).toBe(true);
    });

    it('bytes appended after the final chunk fail', async () => {
      for (const extra of [Buffer.from([0]), crypto.randomBytes(5000), cipher.subarray(HEADER, HEADER + RECORD)]) {
        const { error } = await decrypt(Buffer.concat([cipher, extra]), key);
        expect(error).toBeInstanceOf(DecryptionError);
      }
      // A file whose final chunk is full-sized, then more bytes: the full chunk is no longer last.
      const full = await encrypt(crypto.randomBytes(CHUNK_SIZE), key);
      const { out, error } = await decrypt(Buffer.concat([full, Buffer.from('x')]), key);
      expect(error).toBeInstanceOf(DecryptionError);
      expect(out.length).toBe(0);
    });

    it('a chunk from another file under the same key fails', async () => {
      const other = await encrypt(crypto.randomBytes(3 * CHUNK_SIZE + 1000), key);
      const spliced = Buffer.concat([
        cipher.subarray(0, HEADER + RECORD),
        other.subarray(HEADER + RECORD, HEADER + 2 * RECORD),
        cipher.subarray(HEADER + 2 * RECORD),
      ]);
      const { error } = await decrypt(spliced, key);
      expect(error).toBeInstanceOf(DecryptionError);
    });
  });
});

describe('wrapKey / unwrapKey', () => {
  it('round-trips a data key under the configured master key', () => {
    const dataKey = createDataKey();
    const wrapped = wrapKey(dataKey);
    expect(wrapped).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(unwrapKey(wrapped).equals(dataKey)).toBe(true);
    // Fresh IV each time.
    expect(wrapKey(dataKey)).not.toBe(wrapped);
  });

  it('refuses any altered byte (version, IV, tag or ciphertext)', () => {
    const raw = Buffer.from(wrapKey(createDataKey()), 'base64url');
    for (let at = 0; at < raw.length; at++) {
      expect(() => unwrapKey(flip(raw, at).toString('base64url'))).toThrow(DecryptionError);
    }
    expect(() => unwrapKey(raw.subarray(0, raw.length - 1).toString('base64url'))).toThrow(DecryptionError);
    expect(() => unwrapKey('')).toThrow(DecryptionError);
  });

  it('refuses a different master key', () => {
    const master = crypto.randomBytes(32);
    const dataKey = createDataKey();
    const wrapped = wrapKey(dataKey, master);
    expect(unwrapKey(wrapped, master).equals(dataKey)).toBe(true);
    expect(() => unwrapKey(wrapped)).toThrow(DecryptionError);
    expect(() => unwrapKey(wrapped, crypto.randomBytes(32))).toThrow(DecryptionError);
  });

  it('names its master key: every key wrapped under one master key starts with the same 12 characters', () => {
    const [a, b] = [crypto.randomBytes(32), crypto.randomBytes(32)];
    const wrapped = [wrapKey(createDataKey(), a), wrapKey(createDataKey(), a)];
    expect(wrappedKeyPrefix(a)).toHaveLength(12);
    expect(wrappedKeyPrefix(a)).not.toBe(wrappedKeyPrefix(b));
    for (const w of wrapped) {
      expect(w.startsWith(wrappedKeyPrefix(a))).toBe(true);
      expect(w.startsWith(wrappedKeyPrefix(b))).toBe(false);
      expect(wrappedKeyId(w)).toBe(masterKeyId(a));
    }
    expect(masterKeyId(a)).toMatch(/^[0-9a-f]{16}$/);
    // The id is reported when the configured key is not the one a file key is under.
    expect(() => unwrapKey(wrapped[0]!, b)).toThrow(
      `under master key ${masterKeyId(a)}, not the configured ${masterKeyId(b)}`,
    );
  });

  it('still opens keys wrapped before key ids existed (version 1), and only with their master key', () => {
    const master = crypto.randomBytes(32);
    const dataKey = createDataKey();
    const iv = crypto.randomBytes(12);
    const cipher = crypto
      .createCipheriv('aes-256-gcm', master, iv)
      .setAAD(Buffer.from('reinstate/evidence-data-key/v1'));
    const ciphertext = Buffer.concat([cipher.update(dataKey), cipher.final()]);
    const v1 = Buffer.concat([Buffer.from([1]), iv, cipher.getAuthTag(), ciphertext]).toString('base64url');
    expect(unwrapKey(v1, master).equals(dataKey)).toBe(true);
    expect(wrappedKeyId(v1)).toBeNull();
    expect(() => unwrapKey(v1, crypto.randomBytes(32))).toThrow(DecryptionError);
    const raw = Buffer.from(v1, 'base64url');
    for (let at = 0; at < raw.length; at++)
      expect(() => unwrapKey(flip(raw, at).toString('base64url'), master)).toThrow(DecryptionError);
  });

  it('rejects keys of the wrong length', () => {
    expect(() => wrapKey(Buffer.alloc(16))).toThrow();
    expect(() => createEncryptStream(Buffer.alloc(31))).toThrow();
  });
});

describe('sha256Stream', () => {
  it('fingerprints and counts what passes through, unchanged', async () => {
    const plain = crypto.randomBytes(300_001);
    const hasher = sha256Stream();
    const out = await collect(source(plain).pipe(hasher));
    expect(out.equals(plain)).toBe(true);
    expect(hasher.digest()).toEqual({
      sha256: crypto.createHash('sha256').update(plain).digest('hex'),
      size: plain.length,
    });
  });

  it('refuses to report before the end', () => {
    expect(() => sha256Stream().digest()).toThrow();
  });
});

describe('encryptToStore / decryptFromStore (local store)', () => {
  const root = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-crypto-'));
  const store = createLocalBlobStore(root);
  const keys = async () => {
    const found: string[] = [];
    for await (const blob of store.list()) found.push(blob.key);
    return found;
  };
  const tempFiles = () => (fs.existsSync(path.join(root, '.tmp')) ? fs.readdirSync(path.join(root, '.tmp')) : []);

  afterAll(() => fs.rmSync(root, { recursive: true, force: true }));

  it('stores ciphertext, returns the plaintext fingerprint, and reads back the plaintext', async () => {
    const plain = crypto.randomBytes(1_000_000);
    const result = await encryptToStore(store, 'cases/c1/round-trip', source(plain), { maxBytes: plain.length });
    expect(result.size).toBe(plain.length);
    expect(result.sha256).toBe(crypto.createHash('sha256').update(plain).digest('hex'));
    const onDisk = fs.readFileSync(path.join(root, 'cases/c1/round-trip'));
    expect(onDisk.includes(plain.subarray(0, 64))).toBe(false);
    expect((await collect(await decryptFromStore(store, 'cases/c1/round-trip', result.wrappedKey))).equals(plain)).toBe(
      true,
    );
  });

  it('seals in 1 MiB chunks, and still reads files sealed in 64 KB chunks before', async () => {
    const plain = crypto.randomBytes(3 * SEAL_CHUNK_SIZE + 5_000);
    const sealed = await encryptToStore(store, 'cases/c1/large-chunks', source(plain));
    const onDisk = fs.readFileSync(path.join(root, 'cases/c1/large-chunks'));
    // The header names the chunk size; four records of ciphertext and a 16-byte tag each.
    expect(onDisk.readUInt32BE(5)).toBe(SEAL_CHUNK_SIZE);
    expect(onDisk.length).toBe(HEADER + plain.length + 4 * 16);
    expect(
      (await collect(await decryptFromStore(store, 'cases/c1/large-chunks', sealed.wrappedKey))).equals(plain),
    ).toBe(true);
    // A file written by the 64 KB stream (as evidence was until 7 Dec 2026) under a wrapped data key.
    const dataKey = createDataKey();
    const old = await encrypt(plain, dataKey);
    expect(old.readUInt32BE(5)).toBe(CHUNK_SIZE);
    await store.put('cases/c1/small-chunks', Readable.from([old]));
    const opened = await collect(await decryptFromStore(store, 'cases/c1/small-chunks', wrapKey(dataKey)));
    expect(opened.equals(plain)).toBe(true);
  });

  it('refuses a file over maxBytes with TooLargeError and leaves nothing stored', async () => {
    const before = await keys();
    await expect(
      encryptToStore(store, 'cases/c1/too-large', source(crypto.randomBytes(500_000)), { maxBytes: 499_999 }),
    ).rejects.toBeInstanceOf(TooLargeError);
    expect(await store.exists('cases/c1/too-large')).toBe(false);
    expect(await keys()).toEqual(before);
    expect(tempFiles()).toEqual([]);
  });

  it('refuses a file over maxBytes even when the limit is passed late in a large stream', async () => {
    const big = Readable.from(
      (function* () {
        for (let i = 0; i < 200; i++) yield crypto.randomBytes(64 * 1024);
      })(),
    );
    await expect(encryptToStore(store, 'cases/c1/late', big, { maxBytes: 10 * 1024 * 1024 })).rejects.toBeInstanceOf(
      TooLargeError,
    );
    expect(await store.exists('cases/c1/late')).toBe(false);
    expect(tempFiles()).toEqual([]);
  });

  it('rethrows a failing upload stream and leaves nothing stored', async () => {
    const failing = new Readable({ read() {} });
    failing.push(crypto.randomBytes(200_000));
    setTimeout(() => failing.destroy(new Error('connection reset')), 20);
    await expect(encryptToStore(store, 'cases/c1/broken', failing)).rejects.toThrow('connection reset');
    expect(await store.exists('cases/c1/broken')).toBe(false);
    expect(tempFiles()).toEqual([]);
  });

  it('refuses a wrapped key from another file before reading', async () => {
    const a = await encryptToStore(store, 'cases/c1/a', source(Buffer.from('letter A')));
    await encryptToStore(store, 'cases/c1/b', source(Buffer.from('letter B')));
    const wrong = await decryptFromStore(store, 'cases/c1/b', a.wrappedKey);
    await expect(collect(wrong)).rejects.toBeInstanceOf(DecryptionError);
    await expect(decryptFromStore(store, 'cases/c1/a', 'not-a-key')).rejects.toBeInstanceOf(DecryptionError);
  });
});
