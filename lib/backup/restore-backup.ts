import { spawn } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import pg from 'pg';
import type { BlobStore } from '@/lib/evidence/storage/blob-store';
import { createPGlite } from '@/lib/db/pglite';
import { BLOB_PART_PREFIX, PG_DUMP_PART, PGLITE_PART_PREFIX, postgresTool, toolConnection } from './create-backup';
import {
  BackupArchiveError,
  FrameReader,
  OUTER_HEADER_BYTES,
  openArchive,
  type ArchiveHeader,
  type Manifest,
  type PartEntry,
} from './format';
import { countRows, diffCounts, type Query } from './row-counts';

export type RestoreTarget = { kind: 'pglite'; dir: string } | { kind: 'postgres'; url: string };

/** The installation is not empty, or does not match the archive: nothing was written. */
export class RestoreRefusedError extends Error {
  constructor(message: string) {
    super(message);
    this.name = 'RestoreRefusedError';
  }
}

/**
 * Reads the archive once from start to end, decrypting and checking every chunk, and hands each part's
 * bytes to `onPart` as a stream (which must read it; what it leaves is drained). Every part's SHA-256 and
 * size are checked against its end frame and against the manifest; a part whose bytes were already handed on
 * when a check fails has been written, which is why a restore reads the archive once with a no-op `onPart`
 * (verifyArchive) before it writes anything.
 */
export async function readArchive(
  file: string,
  key: Buffer,
  onPart: (name: string, data: Readable) => Promise<void>,
): Promise<{ header: ArchiveHeader; manifest: Manifest }> {
  const fd = await fs.promises.open(file, 'r');
  const outer = Buffer.alloc(OUTER_HEADER_BYTES);
  const { bytesRead } = await fd.read(outer, 0, OUTER_HEADER_BYTES, 0);
  await fd.close();
  const decrypt = openArchive(key, outer.subarray(0, bytesRead));
  const source = fs.createReadStream(file, { start: OUTER_HEADER_BYTES });
  source.pipe(decrypt);
  source.on('error', (err) => decrypt.destroy(err));
  const reader = new FrameReader(decrypt);
  const bad = (msg: string) => new BackupArchiveError('tampered', msg);
  try {
    const first = await reader.next();
    if (first?.type !== 'H') throw bad('The backup archive does not start with its header.');
    const header = JSON.parse(first.body.toString('utf8')) as ArchiveHeader;
    const seen: PartEntry[] = [];
    for (;;) {
      const f = await reader.next();
      if (!f) throw bad('The backup archive ends before its manifest.');
      if (f.type === 'M') {
        const manifest = JSON.parse(f.body.toString('utf8')) as Manifest;
        checkManifest(manifest, seen);
        const z = await reader.next();
        if (z?.type !== 'Z' || (await reader.next())) throw bad('The backup archive does not end after its manifest.');
        return { header, manifest };
      }
      if (f.type !== 'P') throw bad('The backup archive holds a frame out of place.');
      const { name } = JSON.parse(f.body.toString('utf8')) as { name: string };
      const state: { entry?: PartEntry } = {};
      const data = partData(reader, name, state);
      await onPart(name, Readable.from(data, { objectMode: false }));
      for await (const _ of data) void _; // drain what onPart left
      if (!state.entry) throw bad(`The part ${name} was not read to its end.`);
      seen.push(state.entry);
    }
  } finally {
    source.destroy();
    decrypt.destroy();
  }
}

async function* partData(reader: FrameReader, name: string, state: { entry?: PartEntry }): AsyncGenerator<Buffer> {
  const hash = crypto.createHash('sha256');
  let size = 0;
  for (;;) {
    const f = await reader.next();
    if (!f) throw new BackupArchiveError('tampered', `The backup archive ends inside the part ${name}.`);
    if (f.type === 'D') {
      hash.update(f.body);
      size += f.body.length;
      yield f.body;
      continue;
    }
    if (f.type !== 'E') throw new BackupArchiveError('tampered', `The part ${name} is not closed properly.`);
    const end = JSON.parse(f.body.toString('utf8')) as { sha256: string; size: number };
    const sha256 = hash.digest('hex');
    if (end.sha256 !== sha256 || end.size !== size)
      throw new BackupArchiveError('manifest', `The part ${name} does not match its SHA-256.`);
    state.entry = { name, sha256, size };
    return;
  }
}

function checkManifest(manifest: Manifest, seen: PartEntry[]): void {
  const same =
    manifest.parts.length === seen.length &&
    manifest.parts.every(
      (p, i) => p.name === seen[i]!.name && p.sha256 === seen[i]!.sha256 && p.size === seen[i]!.size,
    );
  if (!same) throw new BackupArchiveError('manifest', 'The backup archive does not match its manifest.');
}

/** Reads and checks the whole archive without writing anything. */
export async function verifyArchive(file: string, key: Buffer) {
  return readArchive(file, key, async () => undefined);
}

/** Why the target is not an empty installation, or null. */
export async function whyNotEmpty(target: RestoreTarget, store: BlobStore): Promise<string | null> {
  if (target.kind === 'pglite') {
    if (fs.existsSync(target.dir) && fs.readdirSync(target.dir).length)
      return `The embedded database ${target.dir} already holds data. Restore into a new, empty DATA_DIR (or move this one aside).`;
  } else {
    const client = new pg.Client({ connectionString: target.url });
    await client.connect();
    try {
      const { rows } = await client.query(
        "SELECT count(*)::int AS n FROM information_schema.tables WHERE table_schema NOT IN ('pg_catalog', 'information_schema')",
      );
      if (rows[0].n > 0)
        return `The database in DATABASE_URL already has ${rows[0].n} table(s). Restore into a new, empty database (createdb), before the app has started on it.`;
    } finally {
      await client.end();
    }
  }
  for await (const _ of store.list()) {
    void _;
    return 'The file store already holds files. Restore into an empty store (a new DATA_DIR, or an empty bucket).';
  }
  return null;
}

export type RestoreResult = {
  header: ArchiveHeader;
  manifest: Manifest;
  rowCounts: Record<string, number>;
  blobs: number;
  ms: number;
};

/**
 * Brings an archive back into an empty installation: refuses a non-empty one, then reads the whole archive
 * once to check it (wrong key, tampering, a damaged copy: refused with nothing written), then restores the
 * database and every file, then checks the restored row counts against the manifest.
 */
export async function restoreBackup(opts: {
  file: string;
  key: Buffer;
  target: RestoreTarget;
  store: BlobStore;
  log?: (line: string) => void;
}): Promise<RestoreResult> {
  const started = Date.now();
  const log = opts.log ?? (() => undefined);
  const early = await whyNotEmpty(opts.target, opts.store);
  if (early) throw new RestoreRefusedError(early);
  const { header, manifest } = await verifyArchive(opts.file, opts.key);
  log(`Checked the archive: ${manifest.parts.length} parts, every SHA-256 matches (made ${header.createdAt}).`);
  if (header.engine !== opts.target.kind)
    throw new RestoreRefusedError(
      `This archive holds ${header.engine === 'pglite' ? 'an embedded' : 'a PostgreSQL'} database; this installation uses ${
        opts.target.kind === 'pglite' ? 'the embedded database' : 'PostgreSQL'
      }. Restore it into the same kind of installation.`,
    );
  const refusal = await whyNotEmpty(opts.target, opts.store);
  if (refusal) throw new RestoreRefusedError(refusal);

  const target = opts.target;
  const staging = target.kind === 'pglite' ? `${target.dir}.restoring-${crypto.randomBytes(4).toString('hex')}` : '';
  let blobs = 0;
  try {
    await readArchive(opts.file, opts.key, async (name, data) => {
      if (name.startsWith(PGLITE_PART_PREFIX) && target.kind === 'pglite') {
        const rel = name.slice(PGLITE_PART_PREFIX.length);
        const dest = path.resolve(staging, rel);
        if (!dest.startsWith(staging + path.sep))
          throw new BackupArchiveError('tampered', `Unsafe path in archive: ${rel}`);
        if (rel.endsWith('/')) {
          fs.mkdirSync(dest, { recursive: true, mode: 0o700 });
          return;
        }
        fs.mkdirSync(path.dirname(dest), { recursive: true, mode: 0o700 });
        await pipeline(data, fs.createWriteStream(dest, { mode: 0o600 }));
      } else if (name === PG_DUMP_PART && target.kind === 'postgres') {
        await pgRestore(target.url, data);
      } else if (name.startsWith(BLOB_PART_PREFIX)) {
        await opts.store.put(name.slice(BLOB_PART_PREFIX.length), data);
        blobs++;
      } else {
        throw new BackupArchiveError('manifest', `The archive holds a part this installation cannot restore: ${name}`);
      }
    });
    if (target.kind === 'pglite') {
      if (fs.existsSync(target.dir)) fs.rmdirSync(target.dir); // empty (checked above)
      fs.mkdirSync(path.dirname(target.dir), { recursive: true });
      fs.renameSync(staging, target.dir);
    }
  } finally {
    if (staging) fs.rmSync(staging, { recursive: true, force: true });
  }
  log(`Restored the database and ${blobs} stored file(s).`);

  const rowCounts = await countRestored(target);
  const diff = diffCounts(manifest.rowCounts, rowCounts);
  if (diff.length) throw new Error(`The restored row counts differ from the archive's:\n${diff.join('\n')}`);
  return { header, manifest, rowCounts, blobs, ms: Date.now() - started };
}

async function pgRestore(url: string, data: Readable): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  const major = Math.floor(Number((await client.query('SHOW server_version_num')).rows[0].server_version_num) / 10000);
  await client.end();
  const child = spawn(
    postgresTool('pg_restore', major),
    ['--no-owner', '--no-acl', '--exit-on-error', '--single-transaction', '--dbname', toolConnection(url).dbname],
    { stdio: ['pipe', 'inherit', 'pipe'], env: toolConnection(url).env },
  );
  let stderr = '';
  child.stderr!.on('data', (d: Buffer) => (stderr += d.toString()));
  const exited = new Promise<number>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', (code) => resolve(code ?? 1));
  });
  await pipeline(data, child.stdin!);
  const code = await exited;
  if (code !== 0) throw new Error(`pg_restore failed (exit ${code}): ${stderr.trim()}`);
}

/** Row counts of every table of the restored database. */
export async function countRestored(target: RestoreTarget): Promise<Record<string, number>> {
  if (target.kind === 'pglite') {
    const pglite = createPGlite(target.dir);
    try {
      const query: Query = async (sql) => (await pglite.query<Record<string, unknown>>(sql)).rows;
      return await countRows(query);
    } finally {
      await pglite.close();
    }
  }
  const client = new pg.Client({ connectionString: target.url });
  await client.connect();
  try {
    return await countRows(async (sql) => (await client.query(sql)).rows as Record<string, unknown>[]);
  } finally {
    await client.end();
  }
}
