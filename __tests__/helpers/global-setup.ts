import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { compileScript } from '../../scripts/compile-script';
import { runTemp } from '../../scripts/run-temp';
import { onServer } from './pg-admin';

// Migrates a template database once per run. With PGlite each test file then opens its own
// copy of the template (see setup-env.ts); with DATABASE_URL all files share the server database,
// and factories make unique data so no reset is needed, except a file marked `@database own`, which gets a copy of
// the migrated database (environment.js): the copy is made here, while nothing is connected to the database.
export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
  // Everything the run writes to the temp directory (each file's database, the servers and scripts the tests start,
  // fixtures, the tools' scratch files) goes into one folder of its own, which global-teardown.ts removes: the test
  // files' processes and what they start inherit TMPDIR. Passes used to leave theirs behind (about 1.4 GB after
  // three or four, 5 Dec 2026).
  // Made by the helper the browser runner and the Lighthouse gate use (scripts/run-temp.ts), which sets TMPDIR; removed
  // by global-teardown.ts whatever the result, since jest's own output says what failed.
  if (!process.env.REINSTATE_TEST_TMP) process.env.REINSTATE_TEST_TMP = runTemp('reinstate-run').dir;
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (!process.env.DATABASE_URL) {
    const templateDir = fs.mkdtempSync(path.join(os.tmpdir(), 'reinstate-template-'));
    env.DATA_DIR = templateDir;
    process.env.REINSTATE_TEST_TEMPLATE = templateDir;
  } else {
    env.AUTH_SECRET ??= 'test-secret-test-secret-test-secret-test-secret';
  }
  execFileSync(
    process.execPath,
    [path.join(root, 'node_modules/tsx/dist/cli.mjs'), path.join(root, 'scripts/db.ts'), 'migrate'],
    { env, stdio: 'inherit', cwd: root },
  );
  // The PDF and preview worker as `npm start` runs it: one file compiled once (scripts/compile-script.ts), run by
  // plain node, instead of tsx in each of the run's 24-36 worker processes (1.0-1.1 s of CPU a worker against 1.3 s
  // under tsx, on the bundle and preview files). The test files' processes inherit the setting. Under node_modules/,
  // so that the packages it leaves out resolve from there, as they do from .next/ for `npm start`.
  if (!process.env.REINSTATE_PDF_WORKER) {
    fs.mkdirSync(path.join(root, 'node_modules/.cache'), { recursive: true });
    const workerDir = fs.mkdtempSync(path.join(root, 'node_modules/.cache/reinstate-test-worker-'));
    process.env.REINSTATE_TEST_WORKER_DIR = workerDir;
    process.env.REINSTATE_PDF_WORKER = await compileScript(
      'scripts/pdf-worker.ts',
      'reinstate-pdf-worker.cjs',
      workerDir,
    );
  }
  if (process.env.DATABASE_URL) {
    const template = `${new URL(process.env.DATABASE_URL).pathname.slice(1)}_tpl`;
    await onServer(process.env.DATABASE_URL, [
      `DROP DATABASE IF EXISTS "${template}"`,
      `CREATE DATABASE "${template}" TEMPLATE "${template.slice(0, -4)}"`,
    ]);
    process.env.REINSTATE_PG_TEMPLATE = template;
  }
}
