import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import { Readable, Transform } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import type { PGlite, Transaction } from '@electric-sql/pglite';
import pg from 'pg';
import { BlobNotFoundError, type BlobStore } from '@/lib/evidence/storage/blob-store';
import {
  ARCHIVE_VERSION,
  DATA_FRAME,
  frame,
  sealArchive,
  type ArchiveHeader,
  type Manifest,
  type PartEntry,
} from './format';
import { countRows, lastMigration, type Query } from './row-counts';

/** The database to back up: the embedded one already open in this process, or a PostgreSQL server. */
export type BackupSource = { kind: 'pglite'; pglite: PGlite; dir: string } | { kind: 'postgres'; url: string };

export type BackupResult = {
  file: string;
  bytes: number;
  /** SHA-256 of the archive file itself (to check a copy of it). */
  sha256: string;
  manifest: Manifest;
  ms: number;
};

export const PGLITE_PART_PREFIX = 'database/pglite/';
export const PG_DUMP_PART = 'database/pg_dump.custom';
export const BLOB_PART_PREFIX = 'blobs/';

/**
 * Writes one encrypted archive of the database and every stored file to `out` (written beside it under
 * a temporary name and renamed into place when complete, mode 0600). Streamed: memory stays bounded
 * whatever the size of the database and the files.
 *
 * Consistency: the database part is one snapshot. Embedded: the data directory is copied inside one PGlite
 * transaction, which holds PGlite's only connection (the app's queries wait for it, and nothing is written
 * while the files are read); the copy is what a crash at that instant would have left, which PostgreSQL
 * recovers from its WAL on opening. PostgreSQL: the row counts and pg_dump read the same exported snapshot.
 * Files are listed after the snapshot, so every file a row of the snapshot names is there unless deleted
 * after it (an erasure); a file stored after it is an orphan the evidence sweep removes.
 */
export async function createBackup(opts: {
  source: BackupSource;
  store: BlobStore;
  key: Buffer;
  out: string;
}): Promise<BackupResult> {
  const started = Date.now();
  const out = path.resolve(opts.out);
  fs.mkdirSync(path.dirname(out), { recursive: true });
  const tmp = `${out}.${process.pid}.${crypto.randomBytes(4).toString('hex')}.partial`;
  const parts: PartEntry[] = [];
  const manifestHolder: { manifest?: Manifest } = {};
  const { header, encrypt } = sealArchive(opts.key);
  const hash = crypto.createHash('sha256');
  let bytes = 0;
  const counted = new Transform({
    construct(cb) {
      this.push(header);
      hash.update(header);
      bytes += header.length;
      cb();
    },
    transform(chunk: Buffer, _e, cb) {
      hash.update(chunk);
      bytes += chunk.length;
      cb(null, chunk);
    },
  });
  try {
    await pipeline(
      Readable.from(archiveFrames(opts.source, opts.store, parts, manifestHolder)),
      encrypt,
      counted,
      fs.createWriteStream(tmp, { mode: 0o600 }),
    );
    const fd = fs.openSync(tmp, 'r');
    fs.fsyncSync(fd);
    fs.closeSync(fd);
    fs.renameSync(tmp, out);
  } catch (err) {
    fs.rmSync(tmp, { force: true });
    throw err;
  }
  return { file: out, bytes, sha256: hash.digest('hex'), manifest: manifestHolder.manifest!, ms: Date.now() - started };
}

async function* archiveFrames(
  source: BackupSource,
  store: BlobStore,
  parts: PartEntry[],
  holder: { manifest?: Manifest },
): AsyncGenerator<Buffer> {
  const createdAt = new Date().toISOString();
  const snapshot: { rowCounts?: Record<string, number>; lastMigration?: string | null } = {};
  const database =
    source.kind === 'pglite' ? pgliteParts(source, parts, snapshot) : postgresParts(source.url, parts, snapshot);
  // The header names the last migration, known once the snapshot is open: the database part's first
  // frame is produced only after that, so pull it before the header goes out.
  const first = await database.next();
  const header: ArchiveHeader = {
    format: 'reinstate-backup',
    version: ARCHIVE_VERSION,
    engine: source.kind,
    createdAt,
    lastMigration: snapshot.lastMigration ?? null,
  };
  yield frame('H', header);
  if (!first.done) yield first.value;
  yield* database;
  let blobCount = 0;
  for await (const { key } of store.list()) {
    let body: Readable;
    try {
      body = await store.get(key);
    } catch (err) {
      if (err instanceof BlobNotFoundError) continue; // deleted since it was listed
      throw err;
    }
    yield* part(`${BLOB_PART_PREFIX}${key}`, body, parts);
    blobCount++;
  }
  holder.manifest = { engine: source.kind, createdAt, parts, rowCounts: snapshot.rowCounts!, blobCount };
  yield frame('M', holder.manifest);
  yield frame('Z');
}

/** One part's frames: its start, its bytes in data frames, its end with SHA-256 and size. */
async function* part(
  name: string,
  body: AsyncIterable<Buffer | Uint8Array> | Iterable<Buffer>,
  parts: PartEntry[],
): AsyncGenerator<Buffer> {
  yield frame('P', { name });
  const hash = crypto.createHash('sha256');
  let size = 0;
  for await (const raw of body) {
    const chunk = Buffer.isBuffer(raw) ? raw : Buffer.from(raw);
    hash.update(chunk);
    size += chunk.length;
    for (let at = 0; at < chunk.length; at += DATA_FRAME) yield frame('D', chunk.subarray(at, at + DATA_FRAME));
  }
  const entry = { name, sha256: hash.digest('hex'), size };
  parts.push(entry);
  yield frame('E', { sha256: entry.sha256, size });
}

// ---- Embedded: the data directory, copied inside one transaction ---------------------------------

async function* pgliteParts(
  source: { pglite: PGlite; dir: string },
  parts: PartEntry[],
  snapshot: { rowCounts?: Record<string, number>; lastMigration?: string | null },
): AsyncGenerator<Buffer> {
  // Flush what the buffers hold, so recovery on opening the copy has little WAL to replay.
  await source.pglite.exec('CHECKPOINT');
  let release!: () => void;
  const released = new Promise<void>((r) => (release = r));
  let enter!: (tx: Transaction) => void;
  const entered = new Promise<Transaction>((r) => (enter = r));
  const txDone = source.pglite.transaction(async (tx) => {
    enter(tx);
    await released;
  });
  try {
    const tx = await Promise.race([entered, txDone.then(() => Promise.reject(new Error('The snapshot ended early')))]);
    const query: Query = async (sql) => (await tx.query<Record<string, unknown>>(sql)).rows;
    snapshot.rowCounts = await countRows(query);
    snapshot.lastMigration = await lastMigration(query);
    // Directories as parts of their own (name ending in '/', no bytes): PostgreSQL needs its empty ones too.
    for (const rel of walk(source.dir)) {
      if (rel.endsWith('/')) yield* part(`${PGLITE_PART_PREFIX}${rel}`, [], parts);
      else yield* part(`${PGLITE_PART_PREFIX}${rel}`, fs.createReadStream(path.join(source.dir, rel)), parts);
    }
  } finally {
    release();
    await txDone.catch(() => undefined);
  }
}

/** Every directory (ending in '/') and file under `dir`, relative, with '/' separators, in a stable order. */
function walk(dir: string, prefix = ''): string[] {
  const out: string[] = [];
  for (const entry of fs
    .readdirSync(path.join(dir, prefix), { withFileTypes: true })
    .sort((a, b) => (a.name < b.name ? -1 : 1))) {
    const rel = prefix ? `${prefix}/${entry.name}` : entry.name;
    if (entry.isDirectory()) out.push(`${rel}/`, ...walk(dir, rel));
    else if (entry.isFile() && entry.name !== 'postmaster.pid') out.push(rel);
  }
  return out;
}

// ---- PostgreSQL: pg_dump in the snapshot the row counts were read in -----------------------------

async function* postgresParts(
  url: string,
  parts: PartEntry[],
  snapshot: { rowCounts?: Record<string, number>; lastMigration?: string | null },
): AsyncGenerator<Buffer> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query('BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY');
    const snap = String((await client.query('SELECT pg_export_snapshot() AS s')).rows[0].s);
    const serverMajor = Math.floor(
      Number((await client.query('SHOW server_version_num')).rows[0].server_version_num) / 10000,
    );
    const query: Query = async (sql) => (await client.query(sql)).rows as Record<string, unknown>[];
    snapshot.rowCounts = await countRows(query);
    snapshot.lastMigration = await lastMigration(query);
    const conn = toolConnection(url);
    const child = spawn(
      postgresTool('pg_dump', serverMajor),
      ['--format=custom', '--no-owner', '--no-acl', `--snapshot=${snap}`, '--dbname', conn.dbname],
      { stdio: ['ignore', 'pipe', 'pipe'], env: conn.env },
    );
    let stderr = '';
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    const exited = new Promise<number>((resolve, reject) => {
      child.on('error', reject);
      child.on('close', (code) => resolve(code ?? 1));
    });
    try {
      yield* part(PG_DUMP_PART, child.stdout, parts);
    } finally {
      if (child.exitCode === null) child.stdout.destroy();
    }
    const code = await exited;
    if (code !== 0) throw new Error(`pg_dump failed (exit ${code}): ${stderr.trim()}`);
    await client.query('COMMIT');
  } finally {
    await client.end();
  }
}

/**
 * pg_dump / pg_restore / psql for a server of major version `major`: Debian keeps one per installed
 * version under /usr/lib/postgresql/<major>/bin; otherwise the one on PATH, if it is at least as new.
 */
export function postgresTool(name: 'pg_dump' | 'pg_restore', major: number): string {
  const debian = `/usr/lib/postgresql/${major}/bin/${name}`;
  if (fs.existsSync(debian)) return debian;
  const v = spawnSync(name, ['--version'], { encoding: 'utf8' });
  const found = Number(/(\d+)(\.\d+)?/.exec(v.stdout ?? '')?.[1]);
  if (v.status !== 0 || !found) throw new Error(`${name} was not found: install the PostgreSQL ${major} client tools.`);
  if (found < major)
    throw new Error(
      `${name} is version ${found}, older than the server (${major}): install the PostgreSQL ${major} client tools.`,
    );
  return name;
}

/** The URL for a PostgreSQL client tool without its password (which goes in PGPASSWORD: argv is visible to `ps`). */
export function toolConnection(url: string): { dbname: string; env: NodeJS.ProcessEnv } {
  const u = new URL(url);
  const password = decodeURIComponent(u.password);
  u.password = '';
  return { dbname: u.toString(), env: password ? { ...process.env, PGPASSWORD: password } : process.env }; // eslint-disable-line no-restricted-properties -- passed on to the child process, not read as configuration
}
