import fs from 'node:fs';
import { onServer } from './pg-admin';

// Drops the template database global-setup.ts copied for files marked `@database own` (PostgreSQL only), or
// removes the migrated embedded database each file copied (PGlite), the compiled worker and the run's temp folder
// (global-setup.ts).
export default async function globalTeardown(): Promise<void> {
  const workerDir = process.env.REINSTATE_TEST_WORKER_DIR;
  if (workerDir) fs.rmSync(workerDir, { recursive: true, force: true });
  const templateDir = process.env.REINSTATE_TEST_TEMPLATE;
  if (!process.env.DATABASE_URL && templateDir) fs.rmSync(templateDir, { recursive: true, force: true });
  // The run's temp folder (global-setup.ts), whatever the files left in it.
  const runTmp = process.env.REINSTATE_TEST_TMP;
  if (runTmp) fs.rmSync(runTmp, { recursive: true, force: true, maxRetries: 3 });
  const template = process.env.REINSTATE_PG_TEMPLATE;
  if (process.env.DATABASE_URL && template) {
    await onServer(process.env.DATABASE_URL, [`DROP DATABASE IF EXISTS "${template}" WITH (FORCE)`]);
  }
}
