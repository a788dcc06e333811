import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { Client } from 'pg';
import { signIn as signInHttp } from '../../scripts/bench/http';
import { createPGlite } from '@/lib/db/pglite';
import { DEMO } from './support/browser';
import { freePort } from './support/free-port';
import { startPrivateServer, type PrivateServer } from './support/private-server';
import { createServerDatabase, dropServerDatabase } from './support/server-database';

// Stopping the server (a deploy, Ctrl+C): a request being served when the signal comes still finishes and
// is answered; nothing new is let in; the database is closed; the process exits 0 (scripts/serve.ts).
// Run on a private copy of the app, since it stops it.
let server: PrivateServer;

beforeAll(async () => {
  server = await startPrivateServer();
}, 10 * 60_000);

afterAll(async () => {
  await server?.stop();
});

const MB = 2 ** 20;

/**
 * A PDF of `size` bytes, sent in 1 MB pieces a quarter of a second apart: an upload on a slow line.
 * `onSending` runs when the third piece is asked for: two have gone out, and the server is reading the request.
 * (A connection whose request has not begun when the signal comes is closed unanswered: it was never served.)
 */
function slowPdf(size: number, onSending: () => void): ReadableStream<Uint8Array> {
  let sent = 0;
  return new ReadableStream({
    async pull(controller) {
      if (sent >= size) return controller.close();
      if (sent === 2 * MB) onSending();
      if (sent > 0) await new Promise((r) => setTimeout(r, 250));
      const n = Math.min(MB, size - sent);
      const piece = Buffer.alloc(n, 0x20);
      if (sent === 0) Buffer.from('%PDF-1.4\n').copy(piece);
      if (sent + n === size) Buffer.from('\n%%EOF').copy(piece, n - 6);
      sent += n;
      controller.enqueue(piece);
    },
  });
}

test('an upload under way when the server is told to stop is filed and answered; then the server stops cleanly', async () => {
  const cookie = await signInHttp(server.baseUrl, DEMO.member.email, DEMO.member.password);
  const list = await (await fetch(`${server.baseUrl}/cases`, { headers: { cookie } })).text();
  const reference = /\/cases\/(RS-\d{4}-\d{4})/.exec(list)?.[1];
  expect(reference).toBeDefined();

  const size = 6 * MB;
  let signalled = 0;
  const upload = fetch(`${server.baseUrl}/api/cases/${reference}/evidence`, {
    method: 'POST',
    duplex: 'half',
    headers: {
      cookie,
      origin: server.baseUrl,
      'content-type': 'application/pdf',
      'content-length': String(size),
      'x-file-name': 'sent-while-stopping.pdf',
    },
    body: slowPdf(size, () => {
      // Two megabytes have gone: the server is told to stop.
      signalled = Date.now();
      process.kill(server.pid, 'SIGTERM');
    }),
  } as RequestInit & { duplex: 'half' });

  const res = await upload;
  const answer = (await res.json()) as { ok: boolean; data?: { sizeBytes: number; exhibitNumber: number } };
  expect([res.status, answer.ok, answer.data?.sizeBytes]).toEqual([201, true, size]);
  expect(Date.now() - signalled).toBeGreaterThan(1000); // the rest of the file came after the signal

  // Nothing new is let in, and the process is gone within the grace period, having closed the database.
  let timer: NodeJS.Timeout | undefined;
  const code = await Promise.race([
    server.exited,
    new Promise((r) => (timer = setTimeout(() => r('still running'), 12_000))),
  ]);
  clearTimeout(timer);
  expect(code).toBe(0);
  expect(server.log()).toMatch(/Stopped once the requests being served had finished; the database closed\./);
  await expect(fetch(`${server.baseUrl}/api/health`)).rejects.toThrow();

  // The file's row is there, in a database that opens.
  const sql = `SELECT "originalName", "sizeBytes" FROM "Evidence" WHERE "originalName" = 'sent-while-stopping.pdf'`;
  if (server.databaseUrl) {
    const client = new Client({ connectionString: server.databaseUrl });
    await client.connect();
    expect((await client.query(sql)).rows).toEqual([{ originalName: 'sent-while-stopping.pdf', sizeBytes: size }]);
    await client.end();
  } else {
    const pg = createPGlite(path.join(server.dataDir, 'pglite'));
    expect((await pg.query(sql)).rows).toEqual([{ originalName: 'sent-while-stopping.pdf', sizeBytes: size }]);
    await pg.close();
  }
}, 120_000);

test('a server started on a database its migrations never reached stops at once and says what to run', async () => {
  // What `next start` (or the compiled server) run without `npm start` met: an embedded database directory that
  // does not exist yet, or a PostgreSQL database without tables. It used to serve, and signing in then failed.
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-unmigrated-'));
  const database = await createServerDatabase(); // with E2E_POSTGRES, a fresh database without tables
  try {
    const env: NodeJS.ProcessEnv = {
      ...process.env,
      NODE_ENV: 'production',
      DATA_DIR: dataDir,
      PORT: await freePort(),
      REMINDER_SCHEDULE: 'off',
      ...database.env,
    };
    if (!database.name) delete env.DATABASE_URL;
    delete env.NODE_OPTIONS;
    const child = spawn(process.execPath, ['--import', 'tsx', 'scripts/serve.ts'], {
      cwd: path.resolve(__dirname, '../..'),
      env,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let output = '';
    child.stdout.on('data', (d: Buffer) => (output += d.toString()));
    child.stderr.on('data', (d: Buffer) => (output += d.toString()));
    let timer: NodeJS.Timeout | undefined;
    const code = await Promise.race([
      new Promise<number | null>((r) => child.once('exit', (c) => r(c))),
      new Promise<string>((r) => (timer = setTimeout(() => r('still running'), 60_000))),
    ]);
    clearTimeout(timer);
    if (code === 'still running') child.kill('SIGKILL');
    expect(code).toBe(1);
    expect(output).toContain('Reinstate cannot start: ');
    expect(output).toMatch(
      database.name
        ? /PostgreSQL database "[^"]+" on [^ ]+ \(DATABASE_URL\) has no tables: its migrations were never applied\./
        : /embedded database in .* does not exist\./,
    );
    expect(output).toContain('`npm start`');
    expect(output).not.toMatch(/\n\s+at /); // a message, not a stack trace
    expect(output).not.toMatch(/Listening on port/); // it never served
    // Nothing was made where no database was: no empty embedded database for a second start to take as real.
    expect(fs.existsSync(path.join(dataDir, 'pglite'))).toBe(false);
  } finally {
    fs.rmSync(dataDir, { recursive: true, force: true });
    await dropServerDatabase(database.name);
  }
}, 90_000);
