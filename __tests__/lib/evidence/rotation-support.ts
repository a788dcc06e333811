import crypto from 'node:crypto';
import { execFile, execFileSync } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import pg from 'pg';
import { getEnv } from '@/lib/env';
import { writeKeyFileExclusive, masterKeyPath } from '@/lib/evidence/master-key-file';

// Rotation re-wraps every key in the database, so its tests need a database of their own. With
// PGlite each test file already has its copy; with DATABASE_URL this makes a fresh database on the
// same server and points this test file at it, before anything has opened the shared one.

const root = path.resolve(__dirname, '../../..');
let ownDatabase: { adminUrl: string; name: string } | undefined;

export async function useOwnDatabase(): Promise<void> {
  const url = process.env.DATABASE_URL;
  if (!url) return;
  const name = `reinstate_rotation_${crypto.randomBytes(5).toString('hex')}`;
  const admin = new pg.Client({ connectionString: url });
  await admin.connect();
  await admin.query(`CREATE DATABASE ${name}`);
  await admin.end();
  const own = new URL(url);
  own.pathname = `/${name}`;
  execFileSync(process.execPath, [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/db.ts', 'migrate'], {
    cwd: root,
    env: { ...process.env, DATABASE_URL: own.toString(), NODE_OPTIONS: '' },
    stdio: 'pipe',
  });
  process.env.DATABASE_URL = own.toString();
  ownDatabase = { adminUrl: url, name };
  if (getEnv().DATABASE_URL !== own.toString())
    throw new Error('The environment was read before this test file could switch to its own database');
}

export async function dropOwnDatabase(): Promise<void> {
  if (!ownDatabase) return;
  const admin = new pg.Client({ connectionString: ownDatabase.adminUrl });
  await admin.connect();
  await admin.query(`DROP DATABASE IF EXISTS ${ownDatabase.name} WITH (FORCE)`);
  await admin.end();
}

/** A key directory holding `key` as the master key file, as the app would have made it. */
export function makeKeyDir(key: Buffer): string {
  const dir = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-rotation-')), 'keys');
  writeKeyFileExclusive(masterKeyPath(dir), key);
  return dir;
}

/** A port nothing listens on (so the command's "is the app running?" check finds nothing). */
export async function freePort(): Promise<number> {
  const srv = net.createServer();
  await new Promise<void>((resolve) => srv.listen(0, '127.0.0.1', resolve));
  const { port } = srv.address() as net.AddressInfo;
  await new Promise((resolve) => srv.close(resolve));
  return port;
}

/** Runs `npm run keys:rotate` (the script itself) as its own process, the key taken from `keyDir`. */
export function runRotate(
  args: string[],
  env: { keyDir: string; port: number },
): Promise<{ code: number; stdout: string; stderr: string }> {
  const childEnv: NodeJS.ProcessEnv = { ...process.env, KEY_DIR: env.keyDir, PORT: String(env.port), NODE_OPTIONS: '' };
  // With DATABASE_URL the master key must come from the environment; with PGlite, from the key file.
  if (!childEnv.DATABASE_URL) delete childEnv.EVIDENCE_MASTER_KEY;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [path.join(root, 'node_modules/tsx/dist/cli.mjs'), 'scripts/rotate-key.ts', ...args],
      { cwd: root, env: childEnv, timeout: 120_000 },
      (err, stdout, stderr) => {
        resolve({ code: err ? (typeof err.code === 'number' ? err.code : 1) : 0, stdout, stderr });
      },
    );
  });
}

/** Every stored file under DATA_DIR/evidence with the SHA-256 of its (encrypted) bytes. */
export function storedFileHashes(): Record<string, string> {
  const dir = getEnv().evidenceDir;
  const out: Record<string, string> = {};
  const walk = (d: string) => {
    for (const e of fs.readdirSync(d, { withFileTypes: true })) {
      const p = path.join(d, e.name);
      if (e.isDirectory()) walk(p);
      else out[path.relative(dir, p)] = crypto.createHash('sha256').update(fs.readFileSync(p)).digest('hex');
    }
  };
  if (fs.existsSync(dir)) walk(dir);
  return out;
}
