import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { createServerDatabase, dropServerDatabase } from './server-database';

export type PrivateServer = {
  baseUrl: string;
  dataDir: string;
  log: () => string;
  stop: () => Promise<void>;
  /** The server's process (start.sh replaces itself with it), and its exit code once it has exited. */
  pid: number;
  exited: Promise<number | null>;
  /** The PostgreSQL database it uses, when E2E_POSTGRES gives it one (else the embedded one in dataDir). */
  databaseUrl?: string;
};

/**
 * A second copy of the app (the same production build, `scripts/start.sh --demo`) on its own fresh
 * embedded database and port, for a suite that changes data at random (the fuzz suite): the demo
 * data the other browser suites rely on is never touched.
 */
export async function startPrivateServer(): Promise<PrivateServer> {
  const root = path.resolve(__dirname, '../../..');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-fuzz-'));
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const logFile = path.join(dataDir, 'server.log');
  const out = fs.openSync(logFile, 'a');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: port,
    APP_URL: baseUrl,
    REMINDER_SCHEDULE: 'off',
  };
  delete env.DATABASE_URL;
  const database = await createServerDatabase(); // a fresh PostgreSQL database with E2E_POSTGRES
  Object.assign(env, database.env);
  delete env.SMTP_URL;
  delete env.NODE_OPTIONS;
  const child = spawn('sh', ['scripts/start.sh', '--demo'], {
    cwd: root,
    env,
    stdio: ['ignore', out, out],
    detached: true,
  });
  child.unref();
  const exited = new Promise<number | null>((resolve) => child.once('exit', (code) => resolve(code)));
  const log = () => fs.readFileSync(logFile, 'utf8');
  const stop = () => {
    try {
      process.kill(-child.pid!, 'SIGTERM'); // the whole group: tsx, the start script and next
    } catch {
      /* already stopped */
    }
    return dropServerDatabase(database.name).catch(() => undefined);
  };
  const deadline = Date.now() + 8 * 60_000;
  while (Date.now() < deadline && child.exitCode === null) {
    if (
      await fetch(`${baseUrl}/api/health`).then(
        (r) => r.ok,
        () => false,
      )
    )
      return { baseUrl, dataDir, log, stop, pid: child.pid!, exited, databaseUrl: database.env.DATABASE_URL };
    await new Promise((r) => setTimeout(r, 500));
  }
  await stop();
  throw new Error(`The private server did not start. Log:\n${log().slice(-4000)}`);
}
