import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { onServer } from './pg-admin';

// Migrates a template database once per run. With PGlite each test file then opens its own
// copy of the template (see setup-env.ts); with DATABASE_URL all files share the server database,
// and factories make unique data so no reset is needed, except a file marked `@database own`, which gets a copy of
// the migrated database (environment.js): the copy is made here, while nothing is connected to the database.
export default async function globalSetup(): Promise<void> {
  const root = path.resolve(__dirname, '../..');
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
  if (process.env.DATABASE_URL) {
    const template = `${new URL(process.env.DATABASE_URL).pathname.slice(1)}_tpl`;
    await onServer(process.env.DATABASE_URL, [
      `DROP DATABASE IF EXISTS "${template}"`,
      `CREATE DATABASE "${template}" TEMPLATE "${template.slice(0, -4)}"`,
    ]);
    process.env.REINSTATE_PG_TEMPLATE = template;
  }
}
