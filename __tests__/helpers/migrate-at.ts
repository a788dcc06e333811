import { execFileSync } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const root = path.resolve(__dirname, '../..');

/** A new embedded database directory of its own (whatever engine the test run uses), not yet created. */
export function newPgliteDir(prefix: string): { dataDir: string; pgliteDir: string } {
  const dataDir = fs.mkdtempSync(path.join(os.tmpdir(), `reinstate-${prefix}-`));
  return { dataDir, pgliteDir: path.join(dataDir, 'pglite') };
}

/**
 * Applies the committed migrations up to and including `upTo` (all when not given) to the embedded database in
 * `dataDir`, or to the PostgreSQL database `databaseUrl` names, with the command `npm run db:migrate` runs. In a
 * child process: the schema engine is an ES module jest does not load. Returns what it printed.
 */
export function migrateTo(target: { dataDir: string } | { databaseUrl: string }, upTo?: string): string {
  const env =
    'databaseUrl' in target ? { DATABASE_URL: target.databaseUrl } : { DATA_DIR: target.dataDir, DATABASE_URL: '' };
  return execFileSync(
    process.execPath,
    [
      path.join(root, 'node_modules/tsx/dist/cli.mjs'),
      path.join(root, 'scripts/db.ts'),
      'migrate',
      ...(upTo ? [upTo] : []),
    ],
    {
      env: { ...process.env, ...env },
      cwd: root,
      encoding: 'utf8',
    },
  );
}

/** migrateTo for an embedded database. */
export const migrateEmbedded = (dataDir: string, upTo?: string) => migrateTo({ dataDir }, upTo);
