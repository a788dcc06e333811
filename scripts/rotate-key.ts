// Replaces the evidence master key: every stored file key is re-wrapped under a new master key, in
// batches; the files themselves are not touched. With the key directory (the embedded default) the
// new key is then installed and the old one kept beside it as a dated backup. Safe to run again
// after an interruption: it carries on with the same new key. docs/decisions/0010.
// Usage: npm run keys:rotate [-- --batch-size 500] [--leave-unreadable] [--new-key-file <path>]
import { closeDb, db } from '../lib/db/client';
import { masterKeyId } from '../lib/evidence/crypto';
import { ensureMasterKeyFile, readKeyFile } from '../lib/evidence/master-key-file';
import { discardStagedKey, installNextKey, stageNextKey } from '../lib/evidence/rotate-key-file';
import { rewrapAll, scanWrappedKeys, type RotationKeys } from '../lib/evidence/rotate-master-key';
import { getEnv } from '../lib/env';

const USAGE = 'Usage: npm run keys:rotate [-- --batch-size 500] [--leave-unreadable] [--new-key-file <path>]';

function parseArgs(argv: string[]) {
  const value = (name: string) => {
    const i = argv.indexOf(name);
    return i >= 0 ? argv[i + 1] : undefined;
  };
  const batchSize = Number(value('--batch-size') ?? 500);
  if (!Number.isInteger(batchSize) || batchSize < 1)
    throw new Error(`--batch-size must be a whole number above 0.\n${USAGE}`);
  return { batchSize, leaveUnreadable: argv.includes('--leave-unreadable'), newKeyFile: value('--new-key-file') };
}

async function appIsRunning(port: number): Promise<boolean> {
  return fetch(`http://127.0.0.1:${port}/api/health`, { signal: AbortSignal.timeout(2000) }).then(
    (r) => r.ok,
    () => false,
  );
}

/** The old and new master keys, and where the new one will live. */
function chooseKeys(
  env: ReturnType<typeof getEnv>,
  newKeyFile: string | undefined,
): (RotationKeys & { stagedNow: boolean }) | string {
  if (!env.evidenceMasterKeyFile) {
    if (!newKeyFile) {
      return (
        'The master key comes from EVIDENCE_MASTER_KEY, so this command cannot replace it for you. Make a new key\n' +
        '(`openssl rand -base64 32 > new-master-key && chmod 600 new-master-key`) and run\n' +
        '`npm run keys:rotate -- --new-key-file new-master-key`; then set EVIDENCE_MASTER_KEY to it everywhere.'
      );
    }
    return { oldKey: env.evidenceMasterKey, newKey: readKeyFile(newKeyFile), stagedNow: false };
  }
  if (newKeyFile)
    return `--new-key-file is for setups with EVIDENCE_MASTER_KEY. Here the new key is made in ${env.keyDir}.`;
  const current = ensureMasterKeyFile({ keyDir: env.keyDir, dataDir: env.dataDir }, { create: false });
  if (!current)
    return `There is no evidence master key at ${env.evidenceMasterKeyFile} yet (the first start makes one): nothing to rotate.`;
  if (current.status === 'moved')
    console.log(`Moved the evidence master key out of the data directory: ${current.movedFrom} → ${current.file}`);
  const next = stageNextKey(env.keyDir);
  console.log(
    next.resumed
      ? `Carrying on with the rotation started earlier, to the new key ${masterKeyId(next.key)} (${next.file}).`
      : `New master key ${masterKeyId(next.key)} written to ${next.file}.`,
  );
  return { oldKey: current.key, newKey: next.key, stagedNow: !next.resumed };
}

async function main(): Promise<number> {
  const env = getEnv();
  const args = parseArgs(process.argv.slice(2));
  // Only one process may open the embedded database, and a running app (on either engine) would
  // keep wrapping new files under the old key. Refuse rather than find out.
  if (await appIsRunning(env.PORT)) {
    console.error(
      `Reinstate is running on port ${env.PORT}. Stop it first (Ctrl+C where it runs), then run this again:`,
    );
    console.error(
      env.embedded
        ? `the embedded database (${env.pgliteDir}) may be opened by one process only.`
        : 'while it runs it cannot open files whose keys are re-wrapped, and it keeps wrapping new files under the old key.',
    );
    return 2;
  }
  if (!env.embedded)
    console.log(
      "PostgreSQL: every app server must be stopped for the rotation (only this machine's port was checked).",
    );

  const keys = chooseKeys(env, args.newKeyFile);
  if (typeof keys === 'string') {
    console.error(keys);
    return 1;
  }
  if (keys.oldKey.equals(keys.newKey)) {
    console.error('The new master key is the same as the current one: nothing to do.');
    return 1;
  }
  console.log(`Old master key ${masterKeyId(keys.oldKey)} → new master key ${masterKeyId(keys.newKey)}.`);

  const before = await scanWrappedKeys(db, keys);
  for (const s of before)
    console.log(
      `  ${s.label}: ${s.pending} to re-wrap, ${s.done} already done${s.unreadable.length ? `, ${s.unreadable.length} unreadable` : ''}`,
    );
  const unreadable = before.flatMap((s) => s.unreadable);
  if (unreadable.length && !args.leaveUnreadable) {
    console.error(
      `\n${unreadable.length} stored file key(s) cannot be opened with the current master key, so those files cannot be read today either:`,
    );
    for (const u of unreadable.slice(0, 20)) console.error(`  ${u.table} ${u.id} (${u.column})`);
    if (unreadable.length > 20) console.error(`  … and ${unreadable.length - 20} more`);
    console.error(
      'Nothing was changed. If you have another key that opens them, sort that out first. To rotate anyway and',
    );
    console.error('leave those keys exactly as they are, run again with --leave-unreadable.');
    if (keys.stagedNow) discardStagedKey(env.keyDir); // no row is under it yet
    return 1;
  }

  const pending = before.reduce((n, s) => n + s.pending, 0);
  const started = Date.now();
  const result = await rewrapAll(db, keys, {
    batchSize: args.batchSize,
    onBatch: (b) => console.log(`  re-wrapped ${b.totalRewrapped} of ${pending} (${b.label})`),
  });
  const after = await scanWrappedKeys(db, keys);
  const left = after.reduce((n, s) => n + s.pending, 0);
  await closeDb();
  if (left) {
    console.error(
      `${left} key(s) are still under the old master key (added while this ran?). Make sure the app is stopped and run this again.`,
    );
    return 1;
  }
  console.log(
    `Re-wrapped ${result.rewrapped} file key(s) in ${((Date.now() - started) / 1000).toFixed(1)} s; no file was rewritten.`,
  );

  if (env.evidenceMasterKeyFile) {
    const installed = installNextKey(env.keyDir);
    console.log(`\n  The new master key is in ${installed.file}.`);
    console.log('  Back it up now, separately from the data directory: without it no evidence file can be read.');
    console.log(`  The old key is kept as ${installed.retired}.`);
    console.log('  It opens only database backups made before this rotation: delete it (and its copies) once you');
    console.log('  no longer need those.\n');
  } else {
    console.log(
      `\n  Now set EVIDENCE_MASTER_KEY to the contents of ${args.newKeyFile} wherever the app runs, and start it.`,
    );
    console.log(
      '  Until then the app cannot open any evidence file. Keep the old key only for backups made before today.\n',
    );
  }
  return 0;
}

main().then(
  (code) => process.exit(code),
  (err: unknown) => {
    console.error(err instanceof Error ? err.message : err);
    process.exit(1);
  },
);
