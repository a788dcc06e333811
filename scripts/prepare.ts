// The first half of starting Reinstate, in a process of its own that exits when done (scripts/start.ts runs
// it): checks the letter templates and the key placement, applies migrations, settles the evidence master
// key, (with --demo) adds demo data to an empty database, sweeps files left by interrupted uploads. It loads
// Prisma and the database engine; exiting afterwards gives that memory back before the server starts.
// What the launcher prints at the end (demo accounts, key notices) is written as JSON to the file named
// by --result.
import fs from 'node:fs';
import path from 'node:path';
import { applyMigrations } from '../lib/db/migrate';
import { getEnv, type Env } from '../lib/env';
import {
  ensureMasterKeyFile,
  hasPendingRotation,
  keyPermissionWarnings,
  keyPlacementProblem,
  legacyKeyPath,
  type MasterKeyFile,
} from '../lib/evidence/master-key-file';
import { findRetiredKeys } from '../lib/evidence/rotate-key-file';

const demo = process.argv.includes('--demo');
// `npm start` is production; the demo may keep its key anywhere (the e2e tests use temp folders).
const production = !demo;

/** Refusals that come before anything is opened: an unfinished key rotation, a key inside DATA_DIR. */
function checkKeyPlacement(env: Env): void {
  if (!env.evidenceMasterKeyFile) {
    if (fs.existsSync(legacyKeyPath(env.dataDir))) {
      console.warn(
        `Warning: ${legacyKeyPath(env.dataDir)} is not used (EVIDENCE_MASTER_KEY is set). If it is the same key, delete it:`,
      );
      console.warn('a copy of the data directory should not include the key that opens its files.');
    }
    return;
  }
  if (hasPendingRotation(env.keyDir)) {
    throw new Error(
      `A rotation of the evidence master key was interrupted (${env.keyDir} still holds the next key).\n` +
        'Run `npm run keys:rotate` to finish it, then start again. Nothing was started.',
    );
  }
  const problem = production ? keyPlacementProblem(env.evidenceMasterKeyFile, env.dataDir) : null;
  if (problem) throw new Error(problem);
}

/**
 * Reads, moves (out of DATA_DIR) or makes the master key, then checks that it opens the newest stored
 * file keys: restoring the data directory without its key directory must stop here, not wrap new
 * files under a key that opens none of the old ones. Returns what to tell the person.
 */
async function settleMasterKey(env: Env): Promise<{ notice: string[]; reminder: string[] }> {
  const { probeMasterKey } = await import('../lib/evidence/rotate-master-key');
  const { db, closeDb } = await import('../lib/db/client');
  const found = env.evidenceMasterKeyFile ? ensureMasterKeyFile({ keyDir: env.keyDir, dataDir: env.dataDir }) : null;
  const probe = await probeMasterKey(db, found?.key ?? env.evidenceMasterKey);
  if (probe.failed.length) {
    if (found?.status === 'created') fs.rmSync(found.file, { force: true });
    await closeDb();
    const where = found
      ? `The key ${found.status === 'created' ? 'just made at' : 'in'} ${found.file}`
      : 'EVIDENCE_MASTER_KEY';
    throw new Error(
      `${where} does not open the evidence files already stored in this database (checked the newest of\n` +
        `each kind; ${probe.failed.length} of ${probe.checked} failed). If you restored or moved the data directory, restore the key\n` +
        `directory from the same backup${found ? ` to ${env.keyDir} (or point KEY_DIR at it)` : ''}. Nothing was started or changed.`,
    );
  }
  for (const w of found ? keyPermissionWarnings(found.file) : []) console.warn(`Warning: ${w}`);
  const notice = found ? keyNotice(found, env) : [];
  for (const line of notice) console.log(line);
  // A retired key opens only database backups from before its rotation: a reminder that it is still here.
  const retired = found ? findRetiredKeys(env.keyDir).map((f) => path.basename(f)) : [];
  const reminder = retired.length
    ? [
        `  Old (retired) evidence keys are still kept in ${env.keyDir}: ${retired.join(', ')}.`,
        '  Delete them once you no longer need database backups from before they were replaced.',
      ]
    : [];
  return { notice, reminder };
}

function keyNotice(found: MasterKeyFile, env: Env): string[] {
  if (found.status === 'created') {
    return [
      '',
      `  A new evidence master key was made: ${found.file}`,
      '  Every evidence file, letter and bundle is encrypted with it. Without this key they cannot be',
      '  read, not even from a full backup of the data directory. Back up the key now, and keep that',
      `  backup apart from backups of ${env.dataDir}: anyone with copies of both can read everything.`,
      '',
    ];
  }
  if (found.status === 'moved') {
    return [
      '',
      `  The evidence master key was moved out of the data directory, to ${found.file}`,
      `  (from ${found.movedFrom}). A copy of ${env.dataDir} alone no longer opens the evidence files.`,
      '  Back up the key directory now, apart from the data. Copies of the data directory made before',
      '  today still hold the key: keep them as safe as the key itself, or delete them.',
      '',
    ];
  }
  return [];
}

async function main(): Promise<void> {
  const resultFile = process.argv[process.argv.indexOf('--result') + 1];
  if (!process.argv.includes('--result') || !resultFile)
    throw new Error('scripts/prepare.ts: --result <file> is required.');
  const env = getEnv();
  void env.authSecret; // made here on a first embedded start; missing on PostgreSQL, the start stops here and says so
  // A letter template that does not parse, or names a field it does not declare, stops the start
  // here with the file and the problem named, not later in front of a member.
  const { assertTemplatesValid, getTemplates } = await import('../lib/letters/templates');
  assertTemplatesValid();
  console.log(`Letter templates: ${getTemplates().length} checked.`);
  checkKeyPlacement(env);
  const applied = await applyMigrations();
  if (applied.length) console.log(`Database: applied ${applied.length} migration(s).`);
  const keyMessages = await settleMasterKey(env);
  let accounts: { role: string; email: string; password: string }[] = [];
  if (demo) {
    const { seedDemo, DEMO_USERS } = await import('../lib/seed/demo-seed');
    const { closeDb } = await import('../lib/db/client');
    const result = await seedDemo();
    if (result.created) {
      const demo = await import('../lib/seed/demo-evidence');
      await demo.seedDemoEvidence();
      await demo.seedDemoDeadlines();
    }
    await closeDb(); // PGlite: one process per data directory, and the server is about to open it
    accounts = result.created
      ? result.accounts
      : Object.values(DEMO_USERS).map((u) => ({ role: u.role, email: u.email, password: u.password }));
    console.log(
      result.created
        ? 'Demo data added to the empty database.'
        : 'The database already has data; demo data was not added again.',
    );
  }
  {
    const { getBlobStore } = await import('../lib/evidence/storage');
    const { sweepOrphanBlobs } = await import('../lib/evidence/sweep-storage');
    const { closeDb } = await import('../lib/db/client');
    const swept = await sweepOrphanBlobs(getBlobStore()).catch((err: unknown) => {
      console.error('Evidence sweep skipped:', err instanceof Error ? err.message : err);
      return null;
    });
    if (swept?.deleted.length)
      console.log(`Evidence: removed ${swept.deleted.length} stored file(s) left by interrupted uploads.`);
    const { retakePendingPreviews } = await import('../lib/evidence/attach-preview');
    const retaken = await retakePendingPreviews().catch((err: unknown) => {
      console.error('Unfinished previews skipped:', err instanceof Error ? err.message : err);
      return 0;
    });
    if (retaken)
      console.log(`Evidence: made the previews of ${retaken} item(s) the server had not finished when it stopped.`);
    // The preview worker those were made in is not kept for the server: it starts its own when it needs one.
    (await import('../lib/jobs/worker-process')).stopPdfWorker();
    await closeDb(); // PGlite: the server opens the data directory next
  }
  const result: PrepareResult = { accounts, notice: keyMessages.notice, reminder: keyMessages.reminder };
  fs.writeFileSync(resultFile, JSON.stringify(result), { mode: 0o600 });
}

export type PrepareResult = {
  accounts: { role: string; email: string; password: string }[];
  notice: string[];
  reminder: string[];
};

main().then(
  () => process.exit(0), // the schema engine and PGlite leave timers running
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
