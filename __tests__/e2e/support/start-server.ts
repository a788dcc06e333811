import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { freePort } from './free-port';
import { createServerDatabase } from './server-database';
import { checkJsBudget } from '../../../scripts/js-budget';
import stopServer from './stop-server';

// Starts the app exactly as the README's demo does (migrate, demo seed, build when stale, serve)
// on a fresh embedded database (or, with E2E_POSTGRES, a fresh PostgreSQL database) and a private
// port, and waits for it to answer.
export default async function startServer(): Promise<void> {
  if (process.env.E2E_SHARED_SERVER === 'off') return; // suites with servers of their own (scripts/test-e2e.ts)
  const root = path.resolve(__dirname, '../../..');
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-e2e-'));
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const log = fs.openSync(path.join(dataDir, 'server.log'), 'a');
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    DATA_DIR: dataDir,
    PORT: port,
    APP_URL: baseUrl,
    LOGIN_MAX_FAILURES: '5',
    REMINDER_SCHEDULE: 'off',
  };
  delete env.DATABASE_URL; // never the developer's own database: the embedded one, or a fresh one (E2E_POSTGRES)
  const database = await createServerDatabase();
  Object.assign(env, database.env);
  delete env.SMTP_URL; // invitations land in the outbox folder, where the test reads the link
  delete env.NODE_OPTIONS;
  const child = spawn('sh', ['scripts/start.sh', '--demo'], {
    cwd: root,
    env,
    stdio: ['ignore', log, log],
    detached: true,
  });
  child.unref();
  fs.writeFileSync(
    path.join(os.tmpdir(), 'reinstate-e2e.json'),
    JSON.stringify({ pid: child.pid, baseUrl, dataDir, database: database.name }),
  );
  const deadline = Date.now() + 8 * 60_000; // includes a production build when the sources changed
  while (Date.now() < deadline) {
    if (child.exitCode !== null) break;
    const ok = await fetch(`${baseUrl}/api/health`).then(
      (r) => r.ok,
      () => false,
    );
    if (ok) {
      // The production build now exists (start.ts built it when stale): what a phone downloads is held
      // here, before any journey, so the test command fails on a page over budget without a second build.
      const budget = checkJsBudget(path.join(root, '.next'));
      if (budget.over.length) {
        await stopServer();
        throw new Error(`Pages over the JavaScript budget (npm run budget):\n${budget.table}`);
      }
      process.env.E2E_BASE_URL = baseUrl;
      process.env.E2E_DATA_DIR = dataDir;
      return;
    }
    await new Promise((r) => setTimeout(r, 1000));
  }
  throw new Error(
    `The app did not start. Server log:\n${fs.readFileSync(path.join(dataDir, 'server.log'), 'utf8').slice(-4000)}`,
  );
}
