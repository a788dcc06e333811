import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import path from 'node:path';
import { getEnv } from '@/lib/env';
import { runBackup, type RunBackupResult } from './run-backup';

// `npm run backup` while the embedded app runs: only the server process may open the PGlite directory, so
// the command asks the server to write the archive. The request goes over a Unix socket in DATA_DIR made
// readable and writable by this machine account alone (0600), and must carry the token the server wrote at
// start to DATA_DIR/backup-token (0600): only someone who can already read the data directory can ask, and
// nothing is reachable over HTTP. The server writes the archive to the path asked for, as its own user.

export const SOCKET_NAME = 'backup.sock';
export const TOKEN_NAME = 'backup-token';

type Request = { token: string; out: string };
type Reply = { ok: true; result: RunBackupResult } | { ok: false; error: string };

let server: net.Server | undefined;

export const socketPath = (dataDir: string) => path.join(dataDir, SOCKET_NAME);
const tokenPath = (dataDir: string) => path.join(dataDir, TOKEN_NAME);

/** Started by the embedded app's server (instrumentation.ts). Returns the socket's path. */
export async function startBackupSocket(dataDir = getEnv().dataDir): Promise<string> {
  const sock = socketPath(dataDir);
  if (server) return sock;
  fs.mkdirSync(dataDir, { recursive: true });
  const token = crypto.randomBytes(32).toString('base64url');
  fs.rmSync(tokenPath(dataDir), { force: true });
  fs.writeFileSync(tokenPath(dataDir), token, { mode: 0o600, flag: 'wx' });
  fs.rmSync(sock, { force: true }); // left by a server that was killed; this process owns the database now
  const srv = net.createServer((conn) => handle(conn, token));
  const oldMask = process.umask(0o177); // the socket is created 0600, with no moment at a wider mode
  try {
    await new Promise<void>((resolve, reject) => {
      srv.once('error', reject);
      srv.listen(sock, () => resolve());
    });
  } finally {
    process.umask(oldMask);
  }
  fs.chmodSync(sock, 0o600);
  srv.unref();
  server = srv;
  return sock;
}

export async function stopBackupSocket(dataDir = getEnv().dataDir): Promise<void> {
  const srv = server;
  server = undefined;
  if (srv) await new Promise<void>((resolve) => srv.close(() => resolve()));
  fs.rmSync(socketPath(dataDir), { force: true });
  fs.rmSync(tokenPath(dataDir), { force: true });
}

function handle(conn: net.Socket, token: string): void {
  let buf = '';
  conn.setEncoding('utf8');
  conn.on('error', () => undefined);
  conn.on('data', (chunk: string) => {
    buf += chunk;
    if (buf.length > 8192) return conn.destroy();
    const nl = buf.indexOf('\n');
    if (nl < 0) return;
    conn.removeAllListeners('data');
    void answer(buf.slice(0, nl), token).then((reply) => conn.end(`${JSON.stringify(reply)}\n`));
  });
}

async function answer(line: string, token: string): Promise<Reply> {
  let req: Request;
  try {
    req = JSON.parse(line) as Request;
  } catch {
    return { ok: false, error: 'Unreadable request.' };
  }
  const given = Buffer.from(String(req.token ?? ''));
  const expected = Buffer.from(token);
  if (given.length !== expected.length || !crypto.timingSafeEqual(given, expected))
    return { ok: false, error: 'The backup token does not match this server.' };
  if (typeof req.out !== 'string' || !path.isAbsolute(req.out))
    return { ok: false, error: 'Name the archive by absolute path.' };
  try {
    const result = await runBackup(req.out);
    console.log(`[backup] wrote ${result.file} (${result.bytes} bytes) on request`);
    return { ok: true, result };
  } catch (err) {
    return { ok: false, error: err instanceof Error ? err.message : String(err) };
  }
}

/** Whether a server is answering on this data directory's backup socket. */
export async function serverSocketAlive(dataDir: string): Promise<boolean> {
  const sock = socketPath(dataDir);
  if (!fs.existsSync(sock)) return false;
  return new Promise((resolve) => {
    const c = net.connect(sock);
    c.once('connect', () => {
      c.destroy();
      resolve(true);
    });
    c.once('error', () => resolve(false));
  });
}

/** Asks the running server for a backup to `out` (absolute, a file or a directory). */
export async function requestServerBackup(dataDir: string, out: string): Promise<RunBackupResult> {
  const token = fs.readFileSync(tokenPath(dataDir), 'utf8').trim();
  const reply = await new Promise<Reply>((resolve, reject) => {
    const c = net.connect(socketPath(dataDir));
    let buf = '';
    c.setEncoding('utf8');
    c.on('data', (d: string) => (buf += d));
    c.on('error', reject);
    c.on('end', () => {
      try {
        resolve(JSON.parse(buf) as Reply);
      } catch {
        reject(new Error('The server did not answer the backup request.'));
      }
    });
    c.write(`${JSON.stringify({ token, out } satisfies Request)}\n`);
  });
  if (!reply.ok) throw new Error(reply.error);
  return reply.result;
}
